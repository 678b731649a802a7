/**
 * Lockstep and the first divergence: a player's family with a classic bug (ADD's H flag from bit 4 instead of
 * bit 3, DAA without its subtraction case, JR cc spending the taken branch's M-cycle when not taken) runs beside
 * the reference until the first instruction whose result differs, and the report names that instruction, its
 * opcode and family, the fields that differ and the matching instructions before it.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { assembleText } from "../../../shared/levels/cpu-core/assembler/assembler.ts";
import { BUTTONS } from "../../../shared/levels/cpu-core/joypad.ts";
import { compileMicrocode, REFERENCE_MICROCODE, runLockstep, runOpcodeTests } from "../../../shared/levels/cpu-core/microcode/index.ts";
import { builtRomPath } from "../../../scripts/roms.ts";

const none = new Set<string>();
const withFamily = (id: string, from: string, to: string) => {
  const text = REFERENCE_MICROCODE[id]!;
  expect(text).toContain(from);
  return compileMicrocode({ ...REFERENCE_MICROCODE, [id]: text.replace(from, to) }).program!;
};
const romWith = (code: string) => assembleText(`SECTION "code", ROM0[$0100]\n${code}\n`).rom;
const ops = (s: Uint8Array) => [...s].flatMap((v, op) => (v === 2 ? [op] : []));

describe("lockstep", { timeout: 60_000 }, () => {
  it("finds no divergence for the reference microcode on Brickfall with inputs, and marks the opcodes it ran", () => {
    const rom = new Uint8Array(readFileSync(builtRomPath("brickfall")));
    const program = compileMicrocode(REFERENCE_MICROCODE).program!;
    const inputs = [{ frame: 40, mask: BUTTONS.start }, { frame: 42, mask: 0 }, { frame: 90, mask: BUTTONS.left }, { frame: 100, mask: 0 }];
    const report = runLockstep(rom, program, none, { frames: 200, inputs });
    expect(report.divergence).toBeUndefined();
    expect(report.frames).toBe(200);
    expect(report.instructions).toBeGreaterThan(10_000);
    expect(report.opcodeStatus.filter((s) => s === 1).length).toBeGreaterThan(40);
    expect(report.cycleError).toBe(0);
  });

  it("ADD's half carry from bit 4: diverges on the first ADD that carries out of bit 3 only, in F", () => {
    const program = withFamily("add-a-r", "(A & 0xF) + (v & 0xF) > 0xF", "(A & 0x1F) + (v & 0x1F) > 0x1F");
    // $0F + $01: carry out of bit 3; the bit-4 rule sees none. The ADD before it ($01 + $01) agrees on both rules.
    const rom = romWith("ld a,$01\nld b,$01\nadd a,b\nld a,$0F\nld b,$01\nadd a,b\nnop\njr @");
    const report = runLockstep(rom, program, none, { instructions: 50 });
    const d = report.divergence!;
    expect(d.instruction).toBe(5);
    expect([d.opcode, d.family, d.fields]).toEqual([0x80, "add-a-r", ["F"]]);
    expect([d.reference.at, d.reference.a, d.reference.f, d.player.f]).toEqual([0x0109, 0x10, 0x20, 0x00]);
    expect(d.before.map((e) => e.opcode)).toEqual([0x3e, 0x06, 0x80, 0x3e, 0x06]);
    expect(report.opcodeStatus[0x80]).toBe(2);
    expect(report.opcodeStatus[0x3e]).toBe(1);
    expect(report.instructions).toBe(5);
    expect(ops(runOpcodeTests(program, none))).toEqual([0x80, 0x81, 0x82, 0x83, 0x84, 0x85, 0x86, 0x87]);
  });

  it("DAA without its N case: diverges on the DAA after a subtraction, in A", () => {
    const program = withFamily("daa", "if NF {", "if false {");
    const rom = romWith("ld a,$15\nadd a,$27\ndaa\nld a,$42\nsub a,$15\ndaa\nnop\njr @");
    const d = runLockstep(rom, program, none, { instructions: 50 }).divergence!;
    expect([d.instruction, d.opcode, d.family]).toEqual([5, 0x27, "daa"]);
    expect(d.fields).toContain("A");
    expect([d.reference.a, d.player.a]).toEqual([0x27, 0x33]); // $42 - $15 = $2D: subtract 6, not add it
    expect(d.before).toHaveLength(5);
  });

  it("JR cc counting 12 cycles when not taken: diverges on the first untaken JR cc, in cycles only", () => {
    // The internal M-cycle moved out of the branch: right when taken, 4 T-cycles too many when not.
    const moved = REFERENCE_MICROCODE["jr-cc"]!.replace("  e = simm8\n", "  e = simm8\n  internal\n").replace("    internal\n  }", "  }");
    expect(moved).not.toBe(REFERENCE_MICROCODE["jr-cc"]);
    const program = compileMicrocode({ ...REFERENCE_MICROCODE, "jr-cc": moved }).program!;
    // The first JR NZ is taken (A=1), the second is not (A=0).
    const rom = romWith("xor a\ninc a\njr nz,.t\nnop\n.t: xor a\njr nz,.u\n.u: nop\njr @");
    const report = runLockstep(rom, program, none, { instructions: 50 });
    const d = report.divergence!;
    expect([d.instruction, d.opcode, d.family, d.fields]).toEqual([4, 0x20, "jr-cc", ["cycles"]]);
    expect(d.player.cycles - d.reference.cycles).toBe(4);
    expect(report.cycleError).toBe(4);
    expect(report.opcodeStatus[0x20]).toBe(2);
  });

  it("reports memory writes that differ, with both lists", () => {
    const program = withFamily("push", "write(SP, v >> 8)", "write(SP, v & 0xFF)");
    const rom = romWith("ld bc,$1234\npush bc\nnop\njr @");
    const d = runLockstep(rom, program, none, { instructions: 20 }).divergence!;
    expect([d.opcode, d.family, d.fields]).toEqual([0xc5, "push", ["writes"]]);
    expect(d.reference.writes).toEqual([[0xfffd, 0x12], [0xfffc, 0x34]]);
    expect(d.player.writes).toEqual([[0xfffd, 0x34], [0xfffc, 0x34]]);
  });
});
