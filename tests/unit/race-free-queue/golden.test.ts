/**
 * race-free-queue golden replays: recorded runs whose final state hash is pinned here. A rule change that alters
 * any outcome fails this test; re-record with `npx node scripts/record-queue-golden.ts` only when the change is
 * intended, and bump the level's version.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseReplay, simulate, verifyReplay, type Replay } from "../../../shared/engine/replay.ts";
import { LEVELS } from "../../../shared/levels/index.ts";

const FIXTURES = join(import.meta.dirname, "../../../shared/levels/race-free-queue/fixtures");

const PINNED: Record<string, { hash: string; metrics: Record<string, number> }> = {
  "stage-1.replay.json": { hash: "f710897c202df6c5", metrics: { verified: 1, orderingCost: 4, checks: 2 } },
  "stage-2.replay.json": { hash: "3b40c84eccce4cde", metrics: { verified: 1, orderingCost: 10, throughput: 2868, checks: 2 } },
  "stage-3.replay.json": { hash: "147b531942f993f6", metrics: { steps: 11 } },
  "stage-4.replay.json": { hash: "aa42a17f1e0545f2", metrics: { verified: 1, throughput: 3464, lineTransfers: 14, orderingCost: 10 } },
  "stage-5.replay.json": { hash: "3cfe91730a526d73", metrics: { verified: 1, orderingCost: 7, checks: 2 } },
  "stage-6.replay.json": { hash: "898254311796d584", metrics: { steps: 23 } },
  "stage-7.replay.json": { hash: "8ae83f7592b2d18c", metrics: { verified: 1, checks: 3 } },
  "stage-8.replay.json": { hash: "c9950d32d5a994b7", metrics: { verified: 1, orderingCost: 9, checks: 2 } },
  "stage-9.replay.json": { hash: "74d606fb232838b9", metrics: { verified: 1, orderingCost: 5, checks: 2 } },
  "stage-10-breaker.replay.json": { hash: "d6ea29264374dd5d", metrics: { verified: 0, orderingCost: 9, steps: 14, ticks: 74 } },
};

function load(name: string): Replay {
  const parsed = parseReplay(JSON.parse(readFileSync(join(FIXTURES, name), "utf8")));
  if (!parsed.ok) throw new Error(parsed.error.message);
  return parsed.value;
}

describe("race-free-queue golden replays", () => {
  it("the level is in the catalogue as built", () => {
    expect(LEVELS.get("race-free-queue")?.built).toBe(true);
  });
  for (const [name, pinned] of Object.entries(PINNED)) {
    it(`${name} re-simulates to its pinned final hash and is won`, () => {
      const v = verifyReplay(LEVELS, load(name));
      expect(v).toMatchObject({ valid: true, hashMatches: true, phase: "won" });
      expect(v.actualHash).toBe(pinned.hash);
      expect(v.metrics).toEqual(pinned.metrics);
    });
  }
  it("a replay with one scheduler choice changed no longer verifies", () => {
    const replay = load("stage-3.replay.json");
    const i = replay.actions.findIndex((a) => (a.action as { thread: number }).thread === 1);
    const actions = replay.actions.map((a, k) => (k === i ? { ...a, action: { type: "step", thread: 0, choice: 0 } } : a));
    expect(verifyReplay(LEVELS, { ...replay, actions }).valid).toBe(false);
  });
  it("seeking part-way gives the state at that tick (the scrubber)", () => {
    const replay = load("stage-1.replay.json");
    const mid = simulate(LEVELS.get("race-free-queue")!, replay, 10);
    expect(mid.ok && mid.value.log.length).toBe(1);
  });
});
