// Agreement with GNU as: every corpus line assembles to the same bytes and relocations as `as --32` (Intel syntax).
import { readFileSync } from "node:fs";
import { afterAll, describe, expect, it } from "vitest";
import { assemble } from "../../../shared/levels/boot-kernel/assembler/index.ts";
import type { ObjectFile } from "../../../shared/levels/boot-kernel/assembler/index.ts";
import { parseElf, sectionData } from "../../../shared/levels/boot-kernel/elf.ts";
import { HAVE_BINUTILS, gnuAs, workdir } from "./gnu-binutils.ts";

const corpus = readFileSync(new URL("./fixtures/gnu-as-corpus.s", import.meta.url), "utf8")
  .split("\n").map((l) => l.trim()).filter((l) => l !== "" && !l.startsWith("#"));

const PRELUDE = `.intel_syntax noprefix
.equ K, 3
.equ BIG, 0x12345
.global gvar
.data
var: .long 0, 0, 0
buf: .skip 16
msg: .ascii "hi"
gvar: .long 7
idt_ptr: .word 0
 .long 0
gdt_ptr: .word 0
 .long 0
.bss
 .skip 4096
stack_top:
`;

/** Each line in its own executable section, so its bytes and relocations can be compared one by one. */
function corpusSource(lines: readonly string[]): string {
  return PRELUDE + lines.map((l, i) => `.section .t${i},"ax"\n${l}\n`).join("");
}

interface Part { hex: string; relocs: string[] }

function ours(obj: ObjectFile, name: string): Part | undefined {
  const s = obj.sections.find((x) => x.name === name);
  if (!s) return undefined;
  return {
    hex: Buffer.from(s.data).toString("hex"),
    relocs: s.relocations.map((r) => `${r.offset}:${r.type}:${r.target.name}`).sort(),
  };
}

function theirs(bytes: Uint8Array, name: string): Part | undefined {
  const img = parseElf(bytes);
  if (!img.ok) throw new Error(img.error.message);
  const s = img.value.sections.find((x) => x.name === name);
  if (!s) return undefined;
  return {
    hex: Buffer.from(sectionData(bytes, s)).toString("hex"),
    relocs: img.value.relocations.filter((r) => r.section === name).map((r) => `${r.offset}:${r.type}:${r.symbol}`).sort(),
  };
}

describe.skipIf(!HAVE_BINUTILS)("assembler agrees with GNU as --32 byte for byte", () => {
  const w = workdir();
  afterAll(() => w.cleanup());

  it(`covers at least 150 instruction lines (${corpus.length})`, () => {
    expect(corpus.length).toBeGreaterThanOrEqual(150);
    const mnemonics = new Set(corpus.map((l) => l.split(/\s+/)[0]));
    for (const m of ["mov", "movzx", "movsx", "lea", "push", "pop", "pushad", "popad", "pushfd", "popfd", "add", "sub", "and", "or", "xor",
      "cmp", "test", "adc", "sbb", "inc", "dec", "neg", "not", "shl", "shr", "sar", "mul", "imul", "div", "call", "ret", "jmp", "je",
      "sete", "in", "out", "cli", "sti", "hlt", "nop", "cld", "std", "lidt", "lgdt", "iret", "iretd", "int", "int3", "rep", "xchg", "ud2", "cmove"]) {
      expect(mnemonics.has(m), m).toBe(true);
    }
  });

  it("every corpus line: same bytes, same relocations", { timeout: 60000 }, () => {
    const source = corpusSource(corpus);
    const ref = gnuAs(w, "corpus", source);
    expect(ref.ok, ref.ok ? "" : ref.stderr).toBe(true);
    if (!ref.ok) return;
    const mine = assemble(source, "corpus.s");
    expect(mine.ok, mine.ok ? "" : mine.error.message).toBe(true);
    if (!mine.ok) return;
    const mismatches: string[] = [];
    corpus.forEach((line, i) => {
      const a = ours(mine.value, `.t${i}`);
      const b = theirs(ref.object, `.t${i}`);
      if (JSON.stringify(a) !== JSON.stringify(b)) mismatches.push(`${line}\n   ours ${JSON.stringify(a)}\n   gas  ${JSON.stringify(b)}`);
    });
    expect(mismatches, mismatches.join("\n")).toEqual([]);
    expect(ours(mine.value, ".data")).toEqual(theirs(ref.object, ".data"));
  });
});
