/**
 * cpu-core as a level: the action parser refuses everything malformed with a typed error, an illegal action leaves
 * the state untouched, a check judges the stage with the reference microcode as the "player's" (it must pass) and
 * with a broken family (it must fail with the right misconception), and Tetris runs on the player's core one
 * frame per tick, with a restored machine behaving exactly like the live one.
 */
import { describe, expect, it } from "vitest";
import { cpuCore, STAGE_RULES, writableFamilies, type CpuCoreState } from "../../../shared/levels/cpu-core/index.ts";
import { REFERENCE_MICROCODE } from "../../../shared/levels/cpu-core/microcode/index.ts";
import { BUTTONS } from "../../../shared/levels/cpu-core/joypad.ts";

const clone = (s: CpuCoreState) => structuredClone(s);
const TETRIS = STAGE_RULES.length;

function withReference(stage: number, seed = 7): CpuCoreState {
  const state = cpuCore.init(stage, seed);
  for (const family of writableFamilies(STAGE_RULES[stage - 1]!)) {
    const r = cpuCore.step(state, { type: "edit", family, source: REFERENCE_MICROCODE[family] ?? "" });
    if (!r.ok) throw new Error(r.error.message);
  }
  return state;
}

describe("cpu-core actions", () => {
  it("parses every action shape and refuses malformed ones with E_BAD_ACTION, never throwing", () => {
    expect(cpuCore.parse({ type: "check" })).toEqual({ ok: true, value: { type: "check" } });
    expect(cpuCore.parse({ type: "edit", family: "add-a-r", source: "x" }).ok).toBe(true);
    expect(cpuCore.parse({ type: "patch", family: "add-a-r", at: 0, remove: 0, insert: "x" }).ok).toBe(true);
    expect(cpuCore.parse({ type: "buttons", mask: BUTTONS.start }).ok).toBe(true);
    const bad: unknown[] = [
      null, 3, "check", [], {}, { type: "nope" }, { type: "__proto__" }, { type: "toString" }, { type: "check", extra: 1 },
      { type: "edit", family: "add-a-r" }, { type: "edit", family: "ADD A", source: "" }, { type: "edit", family: 5, source: "" },
      { type: "edit", family: "add-a-r", source: "x".repeat(4097) }, { type: "patch", family: "add-a-r", at: -1, remove: 0, insert: "" },
      { type: "patch", family: "add-a-r", at: 0.5, remove: 0, insert: "" }, { type: "buttons", mask: 256 }, { type: "buttons", mask: "1" },
    ];
    for (const b of bad) {
      const r = cpuCore.parse(b);
      expect(r.ok, JSON.stringify(b)).toBe(false);
      if (!r.ok) expect(r.error.code).toBe("E_BAD_ACTION");
    }
  });

  it("refuses a family the stage does not ask for, a patch outside the text, and play before boot — state unchanged", () => {
    const state = cpuCore.init(1, 1);
    const before = cpuCore.hash(state);
    const tries: [unknown, string][] = [
      [{ type: "edit", family: "daa", source: "x" }, "E_NOT_WRITABLE"],
      [{ type: "patch", family: "add-a-r", at: 1, remove: 0, insert: "x" }, "E_BAD_PATCH"],
      [{ type: "play" }, "E_NOT_TETRIS"],
      [{ type: "buttons", mask: 1 }, "E_NOT_PLAYING"],
    ];
    for (const [action, code] of tries) {
      const parsed = cpuCore.parse(action);
      expect(parsed.ok).toBe(true);
      const r = parsed.ok && cpuCore.step(state, parsed.value);
      expect(r && !r.ok && r.error.code, JSON.stringify(action)).toBe(code);
      expect(cpuCore.hash(state)).toBe(before);
    }
    const tetris = cpuCore.init(TETRIS, 1);
    const r = cpuCore.step(tetris, { type: "play" });
    expect(!r.ok && r.error.code).toBe("E_NOT_BOOTED");
  });

  it("patches splice text into a family, within the 4096-character limit", () => {
    const state = cpuCore.init(1, 1);
    expect(cpuCore.step(state, { type: "patch", family: "add-a-r", at: 0, remove: 0, insert: "hello world" }).ok).toBe(true);
    expect(cpuCore.step(state, { type: "patch", family: "add-a-r", at: 6, remove: 5, insert: "there" }).ok).toBe(true);
    expect(state.sources["add-a-r"]).toBe("hello there");
    const long = cpuCore.step(state, { type: "patch", family: "add-a-r", at: 0, remove: 0, insert: "x".repeat(4090) });
    expect(!long.ok && long.error.code).toBe("E_TOO_LONG");
    expect(state.sources["add-a-r"]).toBe("hello there");
  });

  it("reports compile errors per family with line and column, and a check on them is a failed check, not a lost run", () => {
    const state = cpuCore.init(1, 1);
    cpuCore.step(state, { type: "edit", family: "add-a-r", source: "this is not microcode (" });
    expect(state.errors.length).toBeGreaterThan(0);
    expect(state.errors[0]).toMatchObject({ family: "add-a-r" });
    expect(state.errors[0]!.line).toBeGreaterThanOrEqual(1);
    const r = cpuCore.step(state, { type: "check" });
    expect(r.ok).toBe(true);
    expect(state.report?.passed).toBe(false);
    expect(state.report?.misconception).toBe("does not compile");
    expect(cpuCore.status(state).phase).toBe("playing");
    expect(cpuCore.metrics(state).checks).toBe(1);
  });

  it("shows hints one at a time, up to the stage's count", () => {
    const state = cpuCore.init(2, 1);
    const n = cpuCore.stages[1]!.hints.length;
    for (let i = 0; i < n; i++) expect(cpuCore.step(state, { type: "hint" }).ok).toBe(true);
    const r = cpuCore.step(state, { type: "hint" });
    expect(!r.ok && r.error.code).toBe("E_NO_HINT");
    expect(state.hintsShown).toBe(n);
  });

  it("marks only checks as heavy, and its state survives structuredClone with the same hash", () => {
    expect(cpuCore.heavy!({ type: "check" })).toBe(true);
    expect(cpuCore.heavy!({ type: "hint" })).toBe(false);
    const state = cpuCore.init(3, 9);
    expect(cpuCore.hash(clone(state))).toBe(cpuCore.hash(state));
  });
});

describe("cpu-core checks with the game's own microcode", { timeout: 300_000 }, () => {
  it("every topic stage is won by its reference microcode, with all its opcodes passing", () => {
    for (const rules of STAGE_RULES.filter((r) => r.topics.length === 1)) {
      const state = withReference(rules.stage);
      expect(state.errors, `stage ${rules.stage}`).toEqual([]);
      const r = cpuCore.step(state, { type: "check" });
      expect(r.ok).toBe(true);
      expect(state.report?.summary, `stage ${rules.stage}`).toMatch(/All \d+ opcodes pass/);
      expect(cpuCore.status(state).phase).toBe("won");
      expect(cpuCore.metrics(state).opcodesPassing).toBe(1000);
      expect(cpuCore.metrics(state).cycleError).toBe(0);
    }
  });

  it("an ADD that forgets the half-carry is caught as a wrong flag, and the grid marks ADD A,r failing", () => {
    const state = withReference(1);
    const broken = REFERENCE_MICROCODE["add-a-r"]!.replace(/^(\s*)HF = .*$/m, "$1HF = 0");
    expect(broken).not.toBe(REFERENCE_MICROCODE["add-a-r"]);
    cpuCore.step(state, { type: "edit", family: "add-a-r", source: broken });
    expect(state.errors).toEqual([]);
    cpuCore.step(state, { type: "check" });
    expect(state.report?.passed).toBe(false);
    expect(state.report?.misconception).toBe("wrong flag");
    expect(state.report?.opcodeStatus[0x80]).toBe("x");
    expect(state.report?.opcodeStatus[0x90]).toBe("+"); // SUB A,B is still right
    expect(cpuCore.status(state).phase).toBe("playing");
    expect(cpuCore.metrics(state).opcodesPassing).toBeLessThan(1000);
  });

  it("a taken JR cc without its internal M-cycle is a wrong cycle count; a PUSH writing low byte first is stack order", () => {
    const jr = withReference(4);
    cpuCore.step(jr, { type: "edit", family: "jr-cc", source: REFERENCE_MICROCODE["jr-cc"]!.replace(/^\s*internal\n/m, "") });
    expect(jr.errors).toEqual([]);
    cpuCore.step(jr, { type: "check" });
    expect(jr.report?.passed).toBe(false);
    const d = jr.report!.runs.find((r) => r.divergence)!.divergence!;
    expect(d.family).toBe("jr-cc");
    expect(d.fields).toEqual(["cycles"]);
    expect(d.player.cycles - d.reference.cycles).toBe(-4);
    expect(jr.report?.misconception).toBe("wrong cycle count");
    expect(cpuCore.metrics(jr).cycleError).toBeGreaterThan(0);

    const push = withReference(4);
    const swapped = REFERENCE_MICROCODE.push!.replace("write(SP, v >> 8)", "write(SP, v & 0xFF)").replace(/write\(SP, v & 0xFF\)\n$/, "write(SP, v >> 8)\n");
    expect(swapped).not.toBe(REFERENCE_MICROCODE.push);
    cpuCore.step(push, { type: "edit", family: "push", source: swapped });
    cpuCore.step(push, { type: "check" });
    expect(push.report?.misconception).toBe("stack order");
    expect(push.report?.summary).toMatch(/push/);
  });

  it("an unwritten family fails the stage as \"family not written\"", () => {
    const state = withReference(5);
    cpuCore.step(state, { type: "edit", family: "cb-swap", source: "" });
    cpuCore.step(state, { type: "check" });
    expect(state.report?.passed).toBe(false);
    expect(state.report?.misconception).toBe("family not written");
  });
});

describe("Tetris on the player's core", { timeout: 300_000 }, () => {
  it("boots Brickfall with the full reference microcode, then plays it one frame per tick with the player's keys", () => {
    const state = withReference(TETRIS);
    cpuCore.step(state, { type: "check" });
    expect(state.report?.summary).toMatch(/brickfall/);
    expect(state.booted).toBe(true);
    expect(cpuCore.status(state).phase).toBe("playing");
    expect(cpuCore.step(state, { type: "play" }).ok).toBe(true);
    for (let f = 0; f < 40; f++) cpuCore.tick(state);
    cpuCore.step(state, { type: "buttons", mask: BUTTONS.start });
    cpuCore.tick(state);
    cpuCore.step(state, { type: "buttons", mask: 0 });
    for (let f = 0; f < 60; f++) cpuCore.tick(state);
    expect(state.play?.frames).toBe(101);
    expect(state.play!.machine.wram[0x200]).toBe(1); // Brickfall's state variable: STATE_PLAY
    expect(state.play!.machine.ppu.framebuffer.some((s) => s !== 0)).toBe(true);
    const edit = cpuCore.step(state, { type: "edit", family: "nop", source: "" });
    expect(!edit.ok && edit.error.code).toBe("E_PLAYING");
  });

  it("a restored machine (structuredClone, as a worker or a replay gets it) runs the same frames as the live one", () => {
    const live = withReference(TETRIS);
    cpuCore.step(live, { type: "check" });
    cpuCore.step(live, { type: "play" });
    for (let f = 0; f < 35; f++) cpuCore.tick(live);
    const copy = clone(live);
    for (const s of [live, copy]) {
      cpuCore.step(s, { type: "buttons", mask: BUTTONS.start });
      for (let f = 0; f < 30; f++) cpuCore.tick(s);
      cpuCore.step(s, { type: "buttons", mask: BUTTONS.left });
      for (let f = 0; f < 30; f++) cpuCore.tick(s);
    }
    // Interleave the two so the cache has to restore each before every frame.
    for (let f = 0; f < 20; f++) { cpuCore.tick(live); cpuCore.tick(copy); }
    expect(cpuCore.hash(copy)).toBe(cpuCore.hash(live));
    expect(Buffer.compare(Buffer.from(copy.play!.machine.ppu.framebuffer), Buffer.from(live.play!.machine.ppu.framebuffer))).toBe(0);
    expect(copy.play!.frames).toBe(115);
  });

  it("ends at GAME OVER as a win carrying the ROM's score", () => {
    const state = withReference(TETRIS);
    cpuCore.step(state, { type: "check" });
    cpuCore.step(state, { type: "play" });
    for (let f = 0; f < 35; f++) cpuCore.tick(state);
    cpuCore.step(state, { type: "buttons", mask: BUTTONS.start });
    cpuCore.tick(state);
    cpuCore.step(state, { type: "buttons", mask: BUTTONS.down });
    // Holding Down soft-drops every piece in the middle: the stack reaches the top within a few thousand frames.
    for (let f = 0; f < 6000 && cpuCore.status(state).phase === "playing"; f++) cpuCore.tick(state);
    expect(state.play?.ended).toBe("over");
    expect(cpuCore.status(state).phase).toBe("won");
    expect(cpuCore.metrics(state).tetrisScore).toBeGreaterThan(0);
    expect(cpuCore.status(state).text).toMatch(new RegExp(`score ${state.play!.score}`));
  });
});
