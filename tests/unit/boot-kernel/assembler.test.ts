// What a player sees from the assembler: bytes for good lines, and errors with file:line:column they can act on.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { assemble } from "../../../shared/levels/boot-kernel/assembler/index.ts";
import type { SourceError } from "../../../shared/levels/boot-kernel/assembler/index.ts";

function bytes(src: string): string {
  const r = assemble(".intel_syntax noprefix\n" + src);
  if (!r.ok) throw new Error(r.error.message);
  return Buffer.from(r.value.sections.find((s) => s.name === ".text")!.data).toString("hex");
}

function error(src: string): SourceError {
  const r = assemble(".intel_syntax noprefix\n" + src, "kernel.s");
  if (r.ok) throw new Error("expected an error");
  return r.error as SourceError;
}

describe("assembler errors point at the line and say what to do", () => {
  it("unknown instruction names the mnemonic and its position", () => {
    const e = error("  nop\n  mvo eax, 1\n");
    expect(e.message).toContain("unknown instruction 'mvo'");
    expect([e.line, e.column]).toEqual([3, 3]);
    expect(e.message.startsWith("kernel.s:3:3:")).toBe(true);
  });
  it("operand size mismatch quotes the instruction", () => {
    expect(error("mov al, ebx").message).toContain("operand size mismatch: 'mov al, ebx'");
    expect(error("add ax, ecx").message).toContain("operand size mismatch");
  });
  it("memory without a size is ambiguous where several sizes exist", () => {
    expect(error("mov [eax], 5").message).toContain("ambiguous operand size");
    expect(error("inc [ebx]").message).toContain("byte ptr");
    expect(bytes("push [eax]")).toBe("ff30");
  });
  it("bad addresses", () => {
    expect(error("mov eax, [eax*3]").message).toContain("1, 2, 4 or 8");
    expect(error("mov eax, [esp*2]").message).toContain("esp cannot be an index");
    expect(error("mov eax, [ax]").message).toContain("32-bit register");
    expect(error("mov eax, [eax+ebx+ecx]").message).toContain("at most two registers");
  });
  it("immediates that do not fit, unknown directives, duplicate labels, strings", () => {
    expect(error("out 0x100, al").message).toContain("out");
    expect(error(".data\n.byte 256").message).toContain("does not fit in 1 byte");
    expect(error(".globel _start").message).toContain("unknown directive '.globel'");
    expect(error("a: nop\na: nop").message).toContain("symbol 'a' is already defined on line 2");
    expect(error(".ascii \"oops").message).toContain("closing quote");
    expect(error(".align 3").message).toContain("not a power of 2");
    expect(error(".bss\nnop").message).toContain("cannot go in .bss");
    expect(error(".code16").message).toContain("32-bit");
  });
  it("addresses only fit in .long", () => {
    expect(error(".data\nx: .word x").message).toContain("use .long");
  });
  it("a parse function never throws, whatever the input", () => {
    for (const junk of ["", "\u0000", "mov", "mov ,", "[", "]]]", "mov eax, [", "x = ", ".long (", "jmp", "lea eax, eax", "'", "\"", "mov eax, 1 +", ".section", "a:b:c:", "rep", "mov eax, 0x", "push word ptr 5"]) {
      expect(() => assemble(junk)).not.toThrow();
    }
  });
});

describe("seeded mutation fuzz: assemble never throws", () => {
  const lines = readFileSync(new URL("./fixtures/gnu-as-corpus.s", import.meta.url), "utf8").split("\n").filter((l) => l && !l.startsWith("#"));
  const alphabet = "[]+-*,:;#'\"().$ 0123456789abcdefxz_eaxbpsiptr\n\t@=~<>";
  it("3000 mutated programs (seed 20261202)", { timeout: 30000 }, () => {
    let seed = 20261202;
    const rand = (n: number) => { seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0; return seed % n; };
    for (let i = 0; i < 3000; i++) {
      let src = Array.from({ length: 1 + rand(6) }, () => lines[rand(lines.length)]).join("\n");
      for (let k = rand(4); k >= 0; k--) {
        const at = rand(src.length + 1);
        src = src.slice(0, at) + alphabet[rand(alphabet.length)] + src.slice(at + rand(3));
      }
      let r: ReturnType<typeof assemble> | undefined;
      expect(() => { r = assemble(src); }, `seed step ${i}: ${JSON.stringify(src)}`).not.toThrow();
      if (r && !r.ok) expect(r.error.message).toMatch(/^kernel\.s:\d+:\d+: /);
    }
  });
});

describe("Intel syntax rules a player must learn (as GNU as has them)", () => {
  it("a bare label is a memory operand; offset makes it an address", () => {
    const src = ".data\nmsg: .long 0\n.text\n";
    expect(bytes(src + "mov eax, msg")).toBe("a100000000");
    expect(bytes(src + "mov eax, offset msg")).toBe("b800000000");
  });
  it("a constant defined earlier is an immediate; defined later it is not", () => {
    expect(bytes(".equ VGA, 0xb8000\nmov edi, VGA")).toBe("bf00800b00");
    expect(bytes("mov edi, VGA\n.equ VGA, 0xb8000")).toBe("8b3d00800b00");
  });
  it("jumps are short when the target is near, near when it is far", () => {
    expect(bytes("top: jmp top")).toBe("ebfe");
    expect(bytes("jmp end\n.skip 200\nend: ret").slice(0, 10)).toBe("e9c8000000");
  });
  it("relocations: local labels against their section, globals and externals by name", () => {
    const r = assemble(".intel_syntax noprefix\n.global g\n.data\nx: .long 1\ng: .long 2\n.text\nmov eax, [x]\nmov eax, [g]\ncall kmain\n");
    if (!r.ok) throw new Error(r.error.message);
    const text = r.value.sections.find((s) => s.name === ".text")!;
    expect(text.relocations.map((x) => [x.offset, x.type, x.target.kind, x.target.name, x.addend])).toEqual([
      [1, 1, "section", ".data", 0], [6, 1, "symbol", "g", 0], [11, 2, "symbol", "kmain", -4],
    ]);
    expect(r.value.symbols.find((s) => s.name === "kmain")).toMatchObject({ section: "*UND*", global: true });
  });
});
