/**
 * Golden replays: recorded runs whose final state hash is pinned here. A rule change that alters any outcome
 * fails this test; re-record with `node scripts/record-golden.ts` (via npx) only when the change is intended,
 * and bump the level's version.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseReplay, simulate, verifyReplay, type Replay } from "../../shared/engine/replay.ts";
import { LEVELS } from "../../shared/levels/index.ts";

const FIXTURES = join(import.meta.dirname, "../../shared/levels/allocate-fast/fixtures");

const PINNED: Record<string, { hash: string; phase: string; metrics: Record<string, number> }> = {
  "stage-1.replay.json": { hash: "4e4fb240bfa49459", phase: "won", metrics: { padding: 10, peakFootprint: 48, ticks: 105 } },
  "stage-2.replay.json": { hash: "151412de04b1509e", phase: "won", metrics: { padding: 60, peakFootprint: 1520, utilisation: 978, ticks: 772 } },
  "stage-2-overflow.replay.json": { hash: "45e83f765a3c432c", phase: "lost", metrics: { peakFootprint: 0, ticks: 152 } },
};

function load(name: string): Replay {
  const parsed = parseReplay(JSON.parse(readFileSync(join(FIXTURES, name), "utf8")));
  if (!parsed.ok) throw new Error(parsed.error.message);
  return parsed.value;
}

describe("allocate-fast golden replays", () => {
  for (const [name, pinned] of Object.entries(PINNED)) {
    it(`${name} re-simulates to its pinned final hash`, () => {
      const replay = load(name);
      const v = verifyReplay(LEVELS, replay);
      expect(v).toMatchObject({ valid: true, hashMatches: true, phase: pinned.phase });
      expect(v.actualHash).toBe(pinned.hash);
      expect(v.metrics).toMatchObject(pinned.metrics);
    });
  }

  it("a tampered replay (one address changed) no longer verifies", () => {
    const replay = load("stage-1.replay.json");
    const actions = replay.actions.map((a, i) => (i === 6 ? { ...a, action: { type: "place", addr: 48 } } : a));
    const v = verifyReplay(LEVELS, { ...replay, actions });
    expect(v.valid).toBe(false);
    expect(v.error?.code).toBe("E_HASH_MISMATCH");
  });

  it("a replay claiming an illegal action is rejected on re-simulation", () => {
    const replay = load("stage-1.replay.json");
    const actions = replay.actions.map((a, i) => (i === 2 ? { ...a, action: { type: "place", addr: 5 } } : a));
    expect(verifyReplay(LEVELS, { ...replay, actions }).error?.code).toBe("E_REPLAY_REJECTED");
  });

  it("a replay for another level version is refused rather than misjudged", () => {
    const replay = load("stage-1.replay.json");
    expect(verifyReplay(LEVELS, { ...replay, levelVersion: 999 }).error?.code).toBe("E_LEVEL_VERSION");
  });

  it("seeking part-way gives the state at that tick (the replay viewer's scrubber)", () => {
    const replay = load("stage-1.replay.json");
    const mid = simulate(LEVELS.get("allocate-fast")!, replay, 45);
    expect(mid.ok && mid.value.state.tick).toBe(45);
    expect(mid.ok && mid.value.log.length).toBe(3);
  });
});
