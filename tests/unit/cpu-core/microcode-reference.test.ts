/**
 * The game's reference microcode is complete and faithful: a core built from REFERENCE_MICROCODE alone passes the
 * per-opcode randomized tests on every legal opcode and the interrupt dispatch, runs every test ROM with the same
 * serial output as the reference core, and plays Brickfall for 600 frames frame-identical to the reference
 * GameBoy (framebuffer hash and the whole CPU state after every frame).
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { keysAt, parseInputScript } from "../../../shared/levels/cpu-core/input-script.ts";
import { GameBoy } from "../../../shared/levels/cpu-core/machine.ts";
import { compileMicrocode, createPlayerGameBoy, FAMILIES, FAMILY_OF_OPCODE, opcodeName, REFERENCE_MICROCODE, runOpcodeTests } from "../../../shared/levels/cpu-core/microcode/index.ts";
import { runDispatchTests } from "../../../shared/levels/cpu-core/microcode/opcode-tests.ts";
import { OPCODES } from "../../../shared/levels/cpu-core/opcodes.ts";
import { builtRomPath, romSources, ROOT } from "../../../scripts/roms.ts";

const compiled = compileMicrocode(REFERENCE_MICROCODE);
const program = compiled.program!;
const none = new Set<string>();

describe("families", () => {
  it("put every legal opcode (245 unprefixed, 256 CB) in exactly one family and no illegal one in any", () => {
    const count = new Map<number, number>();
    for (const f of FAMILIES) for (const op of f.opcodes) count.set(op, (count.get(op) ?? 0) + 1);
    expect([...count.values()].every((n) => n === 1)).toBe(true);
    const legal = OPCODES.filter((o) => !o.illegal).map((o) => o.code);
    expect([...count.keys()].filter((op) => op < 0x100).sort((a, b) => a - b)).toEqual(legal);
    expect([...count.keys()].filter((op) => op >= 0x100)).toHaveLength(256);
    expect(FAMILY_OF_OPCODE[0xd3]).toBe("");
  });

  it("each have reference microcode that compiles without errors", () => {
    expect(compiled.errors).toEqual([]);
    expect(Object.keys(REFERENCE_MICROCODE).sort()).toEqual(FAMILIES.map((f) => f.id).sort());
    expect(program.families).toHaveLength(FAMILIES.length);
  });
});

describe("reference microcode against the reference core", { timeout: 60_000 }, () => {
  it("passes the randomized test of every legal opcode, and of the interrupt dispatch", () => {
    const status = runOpcodeTests(program, none);
    const failing = [...status].flatMap((s, op) => (s === 2 ? [opcodeName(op)] : []));
    expect(failing).toEqual([]);
    expect(status.filter((s) => s === 1).length).toBe(501);
    expect(runDispatchTests(program, none)).toBe(true);
  });

  for (const name of romSources()) {
    it(`runs ${name}.gb with the same serial output and the same final state`, () => {
      const rom = new Uint8Array(readFileSync(builtRomPath(name)));
      const ref = new GameBoy(rom), mine = createPlayerGameBoy(rom, program, none);
      for (let f = 0; f < 150; f++) { ref.runFrame(0); mine.runFrame(0); }
      expect(mine.serialText()).toBe(ref.serialText());
      expect(mine.cpu.snapshot()).toEqual(ref.cpu.snapshot());
      expect(mine.framebufferHash()).toBe(ref.framebufferHash());
      if (/^cpu-/.test(name)) expect(mine.serialText()).toMatch(/\nPassed\n$/);
    });
  }

  it("plays Brickfall for 600 frames with scripted inputs, identical to the reference every frame", () => {
    const rom = new Uint8Array(readFileSync(builtRomPath("brickfall")));
    const input = parseInputScript(readFileSync(join(ROOT, "shared/levels/cpu-core/fixtures/brickfall-golden.input"), "utf8"));
    const ref = new GameBoy(rom), mine = createPlayerGameBoy(rom, program, none);
    let firstDifference = -1;
    for (let f = 0; f < 600 && firstDifference < 0; f++) {
      ref.runFrame(keysAt(input, f));
      mine.runFrame(keysAt(input, f));
      const same = mine.framebufferHash() === ref.framebufferHash() && JSON.stringify(mine.cpu.snapshot()) === JSON.stringify(ref.cpu.snapshot());
      if (!same) firstDifference = f;
    }
    expect(firstDifference).toBe(-1);
    expect(mine.cpu.cycles).toBeGreaterThan(600 * 70_000);
  });
});

describe("provided families", () => {
  it("run the reference microcode while the player's program supplies the rest", () => {
    const withoutAlu = Object.fromEntries(Object.entries(REFERENCE_MICROCODE).filter(([id]) => !id.endsWith("-a-r")));
    const partial = compileMicrocode(withoutAlu).program!;
    const aluFamilies = new Set(FAMILIES.filter((f) => f.id.endsWith("-a-r")).map((f) => f.id));
    expect(runOpcodeTests(partial, aluFamilies).filter((s) => s === 1).length).toBe(501);
    // Without them, the ALU opcodes have no handler: the core locks up on them, and the tests say so.
    const status = runOpcodeTests(partial, none, [0x80, 0x3c]);
    expect([status[0x80], status[0x3c]]).toEqual([2, 1]);
  });
});
