/**
 * The cpu-core ladder and the level's generated data: every family is the player's to write in exactly one of the
 * topic stages, the stage texts follow the house shape, every ROM a stage runs is the committed build and finishes
 * within the frames the stage gives it, and the instruction-mix table is what Brickfall really executes.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { FAMILIES } from "../../../shared/levels/cpu-core/microcode/index.ts";
import { BRICKFALL, REPORT_FRAMES, romImage } from "../../../shared/levels/cpu-core/level-roms.ts";
import { BRICKFALL_MIX } from "../../../shared/levels/cpu-core/level-mix.ts";
import { weightedPassing } from "../../../shared/levels/cpu-core/level-check.ts";
import { providedFamilies, STAGE_RULES, STAGES, writableFamilies } from "../../../shared/levels/cpu-core/stages.ts";
import { BUTTONS } from "../../../shared/levels/cpu-core/joypad.ts";
import { GameBoy } from "../../../shared/levels/cpu-core/machine.ts";
import { brickfallMix, LEVEL_ROMS, levelDataSources } from "../../../scripts/cpu-level-data.ts";
import { assembleRom, builtRomPath, ROOT } from "../../../scripts/roms.ts";

describe("cpu-core ladder", () => {
  it("has at least seven stages, ending with Tetris on a 17 ms frame clock", () => {
    expect(STAGES.length).toBeGreaterThanOrEqual(7);
    expect(STAGES.map((s) => s.id)).toEqual(STAGES.map((_, i) => i + 1));
    const last = STAGE_RULES[STAGE_RULES.length - 1]!;
    expect(last.tetris).toBe(true);
    expect(STAGES[STAGES.length - 1]!.tickMs).toBe(17);
    expect(STAGE_RULES.filter((r) => r.tetris)).toHaveLength(1);
  });

  it("gives every stage a goal, a concept, one to three hints, a victory text and metrics", () => {
    for (const s of STAGES) {
      expect(s.goal.length, s.title).toBeGreaterThan(20);
      expect(s.concept.length).toBeGreaterThan(20);
      expect(s.hints.length).toBeGreaterThanOrEqual(1);
      expect(s.hints.length).toBeLessThanOrEqual(3);
      expect(s.victory.length).toBeGreaterThan(20);
      expect(s.metrics.map((m) => m.key)).toContain("opcodesPassing");
    }
    expect(STAGES[STAGES.length - 1]!.metrics.map((m) => m.key)).toContain("tetrisScore");
  });

  it("asks for every family in exactly one of the topic stages, and for all of them in the last two", () => {
    const owners = new Map<string, number[]>();
    for (const r of STAGE_RULES.filter((r) => r.topics.length === 1)) {
      for (const id of writableFamilies(r)) owners.set(id, [...(owners.get(id) ?? []), r.stage]);
    }
    for (const f of FAMILIES) expect(owners.get(f.id), f.id).toHaveLength(1);
    for (const r of STAGE_RULES.slice(-2)) {
      expect(writableFamilies(r)).toHaveLength(FAMILIES.length);
      expect(providedFamilies(r).size).toBe(0);
    }
  });

  it("provides exactly the families a stage does not ask for", () => {
    for (const r of STAGE_RULES) {
      const mine = new Set(writableFamilies(r));
      const given = providedFamilies(r);
      for (const f of FAMILIES) expect(mine.has(f.id) !== given.has(f.id), `${r.stage} ${f.id}`).toBe(true);
    }
  });

  it("teaches Pan Docs' numbers: H from bit 3 and 11, DAA after add and sub, branch and dispatch cycles, EI delay, HALT bug", () => {
    const text = (n: number) => STAGES[n - 1]!.hints.join(" ");
    expect(text(1)).toMatch(/bit 3/);
    expect(text(1)).toMatch(/INC and DEC leave C/);
    expect(text(2)).toMatch(/add \$60/);
    expect(text(2)).toMatch(/subtract \$60/);
    expect(text(3)).toMatch(/bit 11/);
    expect(text(4)).toMatch(/not taken is 8 T-cycles, taken 12/);
    expect(text(4)).toMatch(/CALL is 24/);
    expect(text(4)).toMatch(/RET cc 20 taken, 8 not taken/);
    expect(text(4)).toMatch(/PUSH rr is 16/);
    expect(text(6)).toMatch(/20 T-cycles/);
    expect(text(6)).toMatch(/\$40.*\$48.*\$50.*\$58.*\$60/);
    expect(text(6)).toMatch(/after the next instruction/);
    expect(text(6)).toMatch(/HALT bug/);
    // Never the digest's errata: the boot ROM is not part of this machine.
    expect(JSON.stringify(STAGES)).not.toMatch(/244 cycles|\$FF26/);
  });

  it("gives every test ROM more frames than the reference needs to report", () => {
    for (const r of STAGE_RULES) {
      for (const run of r.runs) {
        if (run.rom in REPORT_FRAMES) expect(run.frames, `${r.stage} ${run.rom}`).toBeGreaterThan(REPORT_FRAMES[run.rom as keyof typeof REPORT_FRAMES]);
        for (const i of run.inputs ?? []) {
          expect(i.frame).toBeLessThan(run.frames);
          expect(i.mask & ~0xff).toBe(0);
        }
      }
    }
  });
});

describe("cpu-core level data (generated into shared/)", { timeout: 120_000 }, () => {
  it("is what scripts/cpu-level-data.ts writes (ROM images, report frames, symbols, Brickfall's mix)", () => {
    for (const [file, text] of Object.entries(levelDataSources())) expect(readFileSync(join(ROOT, file), "utf8"), `${file}: run npx node scripts/cpu-level-data.ts`).toBe(text);
  });

  it("unpacks every ROM image to the committed build byte for byte", () => {
    for (const name of LEVEL_ROMS) {
      expect(Buffer.compare(Buffer.from(romImage(name)), readFileSync(builtRomPath(name))), name).toBe(0);
    }
  });

  it("names Brickfall's variables where the assembler put them", () => {
    const { symbols } = assembleRom("brickfall");
    for (const [name, address] of Object.entries(BRICKFALL)) expect(address, name).toBe(symbols.get(name));
  });

  it("counts the mix Brickfall really runs: HALT once a frame, DAA for the score, loads most", () => {
    const mix = new Map(BRICKFALL_MIX);
    expect(mix.get(0x76)).toBeGreaterThan(3000); // one HALT per frame waiting for VBlank
    expect(mix.get(0x27)).toBeGreaterThan(0);   // the BCD score
    expect(mix.get(0xd9)).toBe(mix.get(0x76)! - 1); // every VBlank handler returns with RETI
    const short = brickfallMix(600);
    expect(short[0x76]).toBeLessThan(mix.get(0x76)!);
    expect(short.reduce((a, b) => a + b, 0)).toBeGreaterThan(1000);
  });

  it("weights passing opcodes by the mix: the hot JR NZ outweighs a CB opcode Brickfall never runs", () => {
    const status = (ops: number[]) => Array.from({ length: 512 }, (_, i) => (ops.includes(i) ? "+" : "x")).join("");
    expect(weightedPassing(status([0x20]), [0x20, 0x1ff])).toBeGreaterThan(990);
    expect(weightedPassing(status([0x1ff]), [0x20, 0x1ff])).toBeLessThan(10);
    expect(weightedPassing(status([]), [0x20])).toBe(0);
  });

  it("the boot input starts a game: after 300 frames the reference is in play with the keys pressed", () => {
    const gb = new GameBoy(romImage("brickfall"));
    const inputs = STAGE_RULES[STAGE_RULES.length - 1]!.runs[0]!.inputs!;
    expect(inputs.some((i) => i.mask === BUTTONS.start)).toBe(true);
    let keys = 0;
    for (let f = 0; f < 300; f++) {
      for (const i of inputs) if (i.frame === f) keys = i.mask;
      gb.runFrame(keys);
    }
    expect(gb.bus.read(BRICKFALL.state)).toBe(1); // STATE_PLAY
  });
});
