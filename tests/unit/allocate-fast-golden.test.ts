/**
 * Golden replays of allocate-fast stages 3–10 (stages 1–2 are pinned in golden.test.ts). Each replay re-simulates
 * to its pinned final hash, phase and key metrics; re-record with `npx node scripts/record-golden.ts ladder` (3–9)
 * or `… kernel` (10) only when a rule change is intended.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseReplay, simulate, verifyReplay, type Replay } from "../../shared/engine/replay.ts";
import { LEVELS } from "../../shared/levels/index.ts";

const FIXTURES = join(import.meta.dirname, "../../shared/levels/allocate-fast/fixtures");

const PINNED: Record<string, { hash: string; phase: string; misconception?: string; metrics: Record<string, number> }> = {
  "stage-3.replay.json": { hash: "359bd4425430925f", phase: "won", metrics: { costPerAllocPs: 1800, mallocCostPerAllocPs: 57556, resets: 5 } },
  "stage-3-reset-early.replay.json": { hash: "2ad3dc15245e8b6e", phase: "lost", misconception: "use after reset", metrics: { resets: 1 } },
  "stage-4.replay.json": { hash: "423780f7dc82c28d", phase: "won", metrics: { peakFootprint: 288, internalFrag: 333, costPerAllocPs: 2200 } },
  "stage-4-wrong-node.replay.json": { hash: "85d13e9b9ffed0ec", phase: "lost", misconception: "double free", metrics: { peakFootprint: 384 } },
  "stage-5.replay.json": { hash: "06f023338b2b42ba", phase: "won", metrics: { peakUtil: 878, costPerAllocPs: 30290, attempts: 2 } },
  "stage-6.replay.json": { hash: "77bebb196d27c92e", phase: "won", metrics: { peakUtil: 784, costPerAllocPs: 94404, mallocCostPerAllocPs: 58702, attempts: 2 } },
  "stage-7.replay.json": { hash: "366145e729023f85", phase: "won", metrics: { incrementPs: 1000, linesUsed: 8 } },
  "stage-7-shared.replay.json": { hash: "dac30f2e7ef5474e", phase: "lost", misconception: "false sharing", metrics: { incrementPs: 37000 } },
  "stage-8.replay.json": { hash: "6adb5d50041a6b67", phase: "won", metrics: { makespanNs: 2219, casRetries: 158, nulls: 23 } },
  "stage-8-no-bounds.replay.json": { hash: "cb2b26537c146d53", phase: "lost", misconception: "missing bounds check", metrics: { nulls: 0 } },
  "stage-9.replay.json": { hash: "dfdcd68d578cec8d", phase: "won", metrics: { costPerAllocPs: 26051, peakUtil: 668, mallocCostPerAllocPs: 52660, attempts: 3 } },
  "stage-10.replay.json": { hash: "a17696b39993a05e", phase: "won", metrics: { padding: 8, peakFootprint: 1792, liveBytes: 1784, neverReturned: 0, ticks: 721 } },
  "stage-10-lines-on-heap.replay.json": { hash: "bc25ce33f6366a5b", phase: "lost", misconception: "memory never returns", metrics: { peakFootprint: 4062, liveBytes: 1473, neverReturned: 2564 } },
};

function load(name: string): Replay {
  const parsed = parseReplay(JSON.parse(readFileSync(join(FIXTURES, name), "utf8")));
  if (!parsed.ok) throw new Error(parsed.error.message);
  return parsed.value;
}

describe("allocate-fast golden replays, stages 3–10", () => {
  for (const [name, pinned] of Object.entries(PINNED)) {
    it(`${name} re-simulates to its pinned final hash`, () => {
      const replay = load(name);
      const v = verifyReplay(LEVELS, replay);
      expect(v).toMatchObject({ valid: true, hashMatches: true, phase: pinned.phase });
      expect(v.actualHash).toBe(pinned.hash);
      expect(v.metrics).toMatchObject(pinned.metrics);
      if (pinned.misconception) {
        const run = simulate(LEVELS.get("allocate-fast")!, replay);
        expect(run.ok && run.value.level.status(run.value.state).misconception).toBe(pinned.misconception);
      }
    });
  }

  it("a design replay with a different allocator no longer verifies", () => {
    const replay = load("stage-5.replay.json");
    const actions = replay.actions.map((a, i) => (i === 1 ? { ...a, action: { type: "design", allocator: { kind: "buddy", min: 32, max: 16384 } } } : a));
    expect(verifyReplay(LEVELS, { ...replay, actions }).valid).toBe(false);
  });

  it("a stage 10 replay that puts a boot value on the stack buffer is rejected on re-simulation (E0597)", () => {
    const replay = load("stage-10.replay.json");
    const i = replay.actions.findIndex((a) => (a.action as { type: string }).type === "place");
    const actions = replay.actions.map((a, k) => (k === i ? { ...a, action: { type: "stack" } } : a));
    const v = verifyReplay(LEVELS, { ...replay, actions });
    expect(v.error?.code).toBe("E_REPLAY_REJECTED");
    expect(v.error?.message).toContain("does not live long enough");
  });

  it("a manual replay with a dealloc given the slot's layout is rejected on re-simulation", () => {
    const replay = load("stage-4.replay.json");
    const i = replay.actions.findIndex((a) => (a.action as { type: string }).type === "dealloc");
    const bad = { ...(replay.actions[i]!.action as object), size: 32 };
    const actions = replay.actions.map((a, k) => (k === i ? { ...a, action: bad } : a));
    const v = verifyReplay(LEVELS, { ...replay, actions });
    expect(v.error?.code).toBe("E_REPLAY_REJECTED");
    expect(v.error?.message).toContain("incorrect layout on deallocation");
  });
});
