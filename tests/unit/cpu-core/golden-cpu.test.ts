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

const FIXTURES = join(import.meta.dirname, "../../../shared/levels/cpu-core/fixtures");

const PINNED: Record<string, { hash: string; metrics: Record<string, number> }> = {
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
