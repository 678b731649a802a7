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

/** Whole programs where layout matters: relaxation chains, alignment padding, data directives, symbol arithmetic. */
const PROGRAMS: Record<string, string> = {
  relaxation: `.intel_syntax noprefix
.global _start, far_global
_start:
  jmp near_fwd
  je near_fwd
  jne far_fwd
back: nop
  jmp far_global
near_fwd:
  .skip 100
  jmp back
  jz back
  loopy: jmp loopy
  jg chain2
chain1: .skip 120
  jl chain1
chain2: .skip 6
  jmp chain1
far_fwd:
  .skip 200
  jmp _start
  jmp .
  jmp . + 2
far_global: ret
  call _start
  call far_global
  call helper
  jmp other_section
  je undefined_thing
helper: ret
.Lcount: dec ecx
  jnz .Lcount
.section .text.other, "ax"
other_section: jmp _start
`,
  alignment: `.intel_syntax noprefix
.text
  nop
  .align 4
  hlt
  .align 16
  ret
  .balign 8, 0xcc
  nop
  .p2align 5
  inc eax
  .p2align 4,,3
  nop
  .align 64
  ret
  .align 256
  nop
  .align 256
  ret
.data
  .byte 1
  .align 4
  .long 2
  .p2align 3
  .byte 3
.section .rodata
  .ascii "x"
  .align 16
  .asciz "y"
`,
  data: `.intel_syntax noprefix
.set MAGIC, 0x1BADB002
.equ FLAGS, 1 << 0 | 1 << 1
.section .multiboot, "a"
.align 4
.long MAGIC
.long FLAGS
.long -(MAGIC + FLAGS)
.data
start_of_data:
.byte 1, 2, 0xff, -1, 'A', 'z
.word 0x1234, -2
.short 7
.int 0x7fffffff
.long start_of_data, end_of_data - start_of_data, table + 4
.ascii "Hello, \\"kernel\\"\\n", "\\x41\\101"
.asciz "RUST KERNEL v0.1.0"
.string "ok"
.fill 3, 2, 0x1234
.fill 2, 1, 0xab
.space 5
.skip 3, 0x90
.zero 2
table: .long 2 * 3 + 1, (1 << 12) - 1, 100 / 7, 100 % 7, 0xf0 & 0x3c, 0xf0 | 0x0f, 0xff ^ 0x0f, ~0, 2 & 1 + 1, 1 << 2 + 1
.long 010, 0b1010, 0x10
len = . - table
.long len
end_of_data:
.text
  mov ecx, end_of_data - start_of_data
  mov ecx, offset end_of_data - start_of_data
  mov eax, len
  push len
  add eax, FLAGS
  mov esi, offset table + 8
.bss
.lcomm_placeholder_not_used:
  .skip 16
`,
};

describe.skipIf(!HAVE_BINUTILS)("assembler agrees with GNU as on whole programs", () => {
  const w = workdir();
  afterAll(() => w.cleanup());
  for (const [name, source] of Object.entries(PROGRAMS)) {
    it(`${name}: every section's bytes and relocations`, { timeout: 30000 }, () => {
      const ref = gnuAs(w, name, source);
      expect(ref.ok, ref.ok ? "" : ref.stderr).toBe(true);
      if (!ref.ok) return;
      const mine = assemble(source, `${name}.s`);
      expect(mine.ok, mine.ok ? "" : mine.error.message).toBe(true);
      if (!mine.ok) return;
      for (const s of mine.value.sections) {
        if (s.size === 0 && theirs(ref.object, s.name) === undefined) continue;
        expect(ours(mine.value, s.name), s.name).toEqual(theirs(ref.object, s.name));
      }
      const img = parseElf(ref.object);
      if (!img.ok) throw new Error(img.error.message);
      // Symbol values and bindings (locals by section offset) agree with as's .symtab.
      for (const sym of mine.value.symbols) {
        if (sym.section === "*UND*") continue;
        const theirSym = img.value.symbols.find((x) => x.name === sym.name);
        expect(theirSym, sym.name).toBeDefined();
        expect({ value: sym.value, section: sym.section, global: sym.global }, sym.name).toEqual({ value: theirSym!.value, section: theirSym!.section, global: theirSym!.global });
      }
    });
  }
});
