/**
 * The microcode language as a player meets it: errors point at line:column and say how to fix the line, bad text
 * never throws, headers must match the family, and compiled families behave as written.
 */
import { describe, expect, it } from "vitest";
import { compileMicrocode, REFERENCE_MICROCODE, runOpcodeTests } from "../../../shared/levels/cpu-core/microcode/index.ts";

const none = new Set<string>();
const errorsOf = (id: string, text: string) => compileMicrocode({ [id]: text }).errors.map((e) => `${e.line}:${e.column} ${e.message}`);

describe("type errors", () => {
  it("refuses a 16-bit value in an 8-bit register and says how to mask it", () => {
    const errors = errorsOf("add-a-r", "family add-a-r matches 10 000 zzz\n  v = r[z]\n  res = A + v\n  A = res\n");
    expect(errors).toEqual(["4:7 A is 8-bit but this expression is 16-bit; mask it with & 0xFF"]);
  });

  it("refuses a possibly negative value in a pair, a number as a flag, and an unset local", () => {
    const errors = errorsOf("dec-rp", "family dec-rp matches 00 pp1 011\n  rp[p] = rp[p] - 1\n  ZF = A\n  if ZF { t = 1 }\n  B = t\n");
    expect(errors).toEqual([
      "2:11 rp[...] is 16-bit but this expression is possibly negative; mask it with & 0xFFFF",
      "3:8 ZF is a flag (true/false) but this expression is a number; compare it, e.g. (...) != 0",
      "5:7 t may not be set yet here: set it before this line on every path (it is first set on line 4)",
    ]);
  });

  it("names unknown names, and points out the flag names and capitals", () => {
    expect(errorsOf("scf", "family scf matches 00 110 111\n  Z = 0\n  A = foo\n  B = a\n")).toEqual([
      "2:3 Z is not a name: the flags are ZF NF HF CF",
      "3:7 unknown name \"foo\"",
      "4:7 registers and flags are written in capitals: A",
    ]);
  });

  it("checks decode-field use: table indexes are fields, and each opcode's index must be in range", () => {
    expect(errorsOf("inc-rp", "family inc-rp matches 00 pp0 011\n  rp[A] = 0\n")[0]).toMatch(/^2:6 rp\[\.\.\.\] must be indexed by decode fields/);
    expect(errorsOf("jr-cc", "family jr-cc matches 00 1cc 000\n  e = simm8\n  if cc[y] { PC = (PC + e) & 0xFFFF }\n")).toEqual([
      "3:9 for opcode $20 (x=0 y=4 z=0 p=2 q=0) the index is 4, but cc has entries 0-3 (NZ Z NC C)",
    ]);
    expect(errorsOf("nop", "family nop matches 00 000 000\n  y = 1\n")).toEqual(["2:3 y is a decode field of the opcode and cannot be assigned"]);
  });
});

describe("syntax and headers", () => {
  it("reports the first syntax error with its position", () => {
    expect(errorsOf("nop", "family nop matches 00 000 000\n  A = (B + \n")).toEqual(["2:12 expected a value but found the end of line"]);
    expect(errorsOf("nop", "family nop matches 00 000 000\n  A += 1\n")[0]).toMatch(/^2:5 compound assignment is not part of the language/);
    expect(errorsOf("nop", "family nop matches 00 000 000\n  while A { }\n")[0]).toMatch(/^2:9 expected "="/);
  });

  it("keeps each family's header: its name and the opcodes it covers", () => {
    expect(errorsOf("add-a-r", "family add-a-n matches 10 000 zzz\n")[0]).toMatch(/must say `family add-a-r`/);
    expect(errorsOf("add-a-r", "family add-a-r matches 10 zzz zzz\n")[0]).toMatch(/covers `matches 10 000 zzz`/);
    expect(compileMicrocode({ "no-such": "family no-such\n" }).errors[0]!.code).toBe("microcode.unknown-family");
  });

  it("never throws on garbage, deep nesting or huge input, and compiles nothing when any family fails", () => {
    const inputs = ["", "\u0000\u0001", "family", "family nop matches 00 000 000\n" + "A = (".repeat(500), "x".repeat(20_000),
      "family nop matches 00 000 000\n" + "if true {\n".repeat(60) + "}\n".repeat(60), "family nop matches 00 000 000\n  A = 0xFFFFFFFFFF\n"];
    for (const text of inputs) {
      const out = compileMicrocode({ ...REFERENCE_MICROCODE, nop: text });
      expect(out.program).toBeUndefined();
      expect(out.errors.length).toBeGreaterThan(0);
      expect(out.errors.every((e) => e.family === "nop" && e.line >= 1 && e.column >= 1 && e.code.startsWith("microcode."))).toBe(true);
    }
  });
});

describe("compiled families", () => {
  it("spelled out longhand behave like the reference (ADD A,r with (HL) costing a bus read)", () => {
    const longhand = `family add-a-r matches 10 000 zzz
  res = A + r[z]                 # r[z] once: (HL) is read once
  v = res - A
  HF = (A & 0xF) + (v & 0xF) > 0xF
  CF = res > 0xFF
  A = res & 0xFF
  ZF = A == 0
  NF = false
`;
    const program = compileMicrocode({ ...REFERENCE_MICROCODE, "add-a-r": longhand }).program!;
    expect([...runOpcodeTests(program, none, [0x80, 0x86, 0x87])].filter((s) => s === 1)).toHaveLength(3);
  });

  it("reading r[z] twice reads (HL) twice: the extra M-cycle fails the (HL) opcode only", () => {
    const twice = REFERENCE_MICROCODE["and-a-r"]!.replace("A = A & v", "A = A & r[z]");
    const program = compileMicrocode({ ...REFERENCE_MICROCODE, "and-a-r": twice }).program!;
    const s = runOpcodeTests(program, none, [0xa0, 0xa6]);
    expect([s[0xa0], s[0xa6]]).toEqual([1, 2]);
  });
});
