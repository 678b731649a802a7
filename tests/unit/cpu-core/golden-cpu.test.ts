/**
 * cpu-core golden replays: one recorded run per stage whose final state hash and metrics are pinned here. A rule
 * change that alters any outcome (a check's verdict, a lockstep count, a frame of Brickfall on the player's core)
 * fails this test; re-record with `npx node scripts/record-cpu-golden.ts` only when the change is intended, and
 * bump the level's version.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseReplay, verifyReplay, type Replay } from "../../../shared/engine/replay.ts";
import { LEVELS } from "../../../shared/levels/index.ts";
import { scoreOf } from "../../../shared/levels/cpu-core/index.ts";
import { keysAt, parseInputScript } from "../../../shared/levels/cpu-core/input-script.ts";
import { BRICKFALL, romImage } from "../../../shared/levels/cpu-core/level-roms.ts";
import { GameBoy } from "../../../shared/levels/cpu-core/machine.ts";

const FIXTURES = join(import.meta.dirname, "../../../shared/levels/cpu-core/fixtures");

const PINNED: Record<string, { hash: string; metrics: Record<string, number> }> = {
  "stage-1.replay.json": { hash: "b4fb4eeced376bc9", metrics: { opcodesPassing: 1000, instructionsMatched: 85051, cycleError: 0, checks: 1 } },
  "stage-2.replay.json": { hash: "9399005bfb3c54bc", metrics: { opcodesPassing: 1000, instructionsMatched: 85051, cycleError: 0, checks: 2 } },
  "stage-3.replay.json": { hash: "9b20f0fd6dd16a6e", metrics: { opcodesPassing: 1000, instructionsMatched: 130728, cycleError: 0, checks: 1 } },
  "stage-4.replay.json": { hash: "bc7d681b9b8dbaad", metrics: { opcodesPassing: 1000, instructionsMatched: 83967, cycleError: 0, checks: 1 } },
  "stage-5.replay.json": { hash: "f2c582256dcb5fd8", metrics: { opcodesPassing: 1000, instructionsMatched: 130824, cycleError: 0, checks: 1 } },
  "stage-6.replay.json": { hash: "d3eb1a4203ece749", metrics: { opcodesPassing: 1000, instructionsMatched: 168268, cycleError: 0, checks: 1 } },
  "stage-7.replay.json": { hash: "b30ee87b3a6468ae", metrics: { opcodesPassing: 1000, instructionsMatched: 214791, cycleError: 0, checks: 1 } },
  "stage-8.replay.json": { hash: "1badd1d591bb3ae5", metrics: { opcodesPassing: 1000, instructionsMatched: 280359, cycleError: 0, checks: 1, tetrisScore: 5466, framesPlayed: 1532 } },
};

function load(name: string): Replay {
  const parsed = parseReplay(JSON.parse(readFileSync(join(FIXTURES, name), "utf8")));
  if (!parsed.ok) throw new Error(parsed.error.message);
  return parsed.value;
}

describe("cpu-core golden replays", { timeout: 300_000 }, () => {
  it("the level is in the catalogue as built, with a replay pinned for every stage", () => {
    const level = LEVELS.get("cpu-core");
    expect(level?.built).toBe(true);
    expect(Object.keys(PINNED).sort()).toEqual(level!.stages.map((s) => `stage-${s.id}.replay.json`).sort());
  });

  for (const [name, pinned] of Object.entries(PINNED)) {
    it(`${name} re-simulates to its pinned final hash and is won`, () => {
      const v = verifyReplay(LEVELS, load(name));
      expect(v).toMatchObject({ valid: true, hashMatches: true, phase: "won" });
      expect(v.actualHash).toBe(pinned.hash);
      expect(v.metrics).toEqual(pinned.metrics);
    });
  }

  it("the Tetris replay is the reference machine's game: GAME OVER on the same frame with the same score", () => {
    const input = parseInputScript(readFileSync(join(FIXTURES, "brickfall-golden.input"), "utf8"));
    const gb = new GameBoy(romImage("brickfall"));
    let frames = 0;
    while (gb.bus.read(BRICKFALL.state) !== 4 && frames < 20_000) gb.runFrame(keysAt(input, frames++));
    const tetris = PINNED[`stage-${LEVELS.get("cpu-core")!.stages.length}.replay.json`]!.metrics;
    expect({ frames, score: scoreOf(gb.snapshot()) }).toEqual({ frames: tetris.framesPlayed, score: tetris.tetrisScore });
  });

  it("a replay whose DAA edit is swapped for an empty family no longer wins", () => {
    const replay = load("stage-2.replay.json");
    const last = replay.actions.findLastIndex((a) => (a.action as { type: string; family?: string }).family === "daa");
    const actions = replay.actions.map((a, i) => (i === last ? { ...a, action: { type: "edit", family: "daa", source: "" } } : a));
    const v = verifyReplay(LEVELS, { ...replay, actions });
    expect(v.valid).toBe(false);
  });

  it("a Tetris replay with one key press moved gives a different game", () => {
    const replay = load(`stage-${LEVELS.get("cpu-core")!.stages.length}.replay.json`);
    const i = replay.actions.findIndex((a) => (a.action as { type: string }).type === "buttons");
    const actions = replay.actions.map((a, k) => (k === i ? { ...a, tick: a.tick + 1 } : k > i && a.tick === replay.actions[i]!.tick ? { ...a, tick: a.tick + 1 } : a));
    const v = verifyReplay(LEVELS, { ...replay, actions });
    expect(v.valid && v.hashMatches).toBe(false);
  });
});
