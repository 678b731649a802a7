/**
 * pin-the-struct golden replays: one winning run per stage (stage 1 played statement by statement after a compile
 * error) and three trap runs, each with its final state hash pinned. A rule change that alters any outcome fails
 * here; re-record only when the change is intended, and bump the level's version.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseReplay, simulate, verifyReplay, type Replay } from "../../../shared/engine/replay.ts";
import { LEVELS } from "../../../shared/levels/index.ts";
import type { PinState } from "../../../shared/levels/pin-the-struct/machine.ts";

const FIXTURES = join(import.meta.dirname, "../../../shared/levels/pin-the-struct/fixtures");

const PINNED: Record<string, { hash: string; phase: string; metrics: Record<string, number>; misconception?: string }> = {
  "stage-1.replay.json": { hash: "b4b17f34ce323453", phase: "won", metrics: { unsafeBlocks: 0, heapAllocations: 1, statements: 4, compileErrors: 1 } },
  "stage-2.replay.json": { hash: "41277a456a6f5101", phase: "won", metrics: { unsafeBlocks: 0, heapAllocations: 2, statements: 5, compileErrors: 0 } },
  "stage-3.replay.json": { hash: "50fbdb19795b4a5a", phase: "won", metrics: { unsafeBlocks: 0, heapAllocations: 8, statements: 10, compileErrors: 0 } },
  "stage-4.replay.json": { hash: "e5a5dd0658326c59", phase: "won", metrics: { unsafeBlocks: 0, heapAllocations: 1, statements: 4, compileErrors: 0 } },
  "stage-5.replay.json": { hash: "37a621f00851c843", phase: "won", metrics: { unsafeBlocks: 0, heapAllocations: 2, statements: 4, compileErrors: 0 } },
  "stage-6.replay.json": { hash: "6e2d1f330b992657", phase: "won", metrics: { unsafeBlocks: 0, heapAllocations: 2, statements: 3, compileErrors: 0 } },
  "stage-7.replay.json": { hash: "4c6945683f8598bd", phase: "won", metrics: { unsafeBlocks: 2, heapAllocations: 3, statements: 7, compileErrors: 0 } },
  "stage-8.replay.json": { hash: "3d04b93a922ab197", phase: "won", metrics: { unsafeBlocks: 0, heapAllocations: 1, statements: 6, compileErrors: 0 } },
  "stage-2-stale-pointer.replay.json": { hash: "0f64e2354316aa2d", phase: "lost", metrics: { heapAllocations: 2 }, misconception: "dangling self-pointer" },
  "stage-3-realloc-trap.replay.json": { hash: "fe83e6167b0aa92e", phase: "lost", metrics: { heapAllocations: 4 }, misconception: "dangling self-pointer" },
  "stage-6-drop-trap.replay.json": { hash: "0d38729cd89131b9", phase: "lost", metrics: { heapAllocations: 2 }, misconception: "Drop moved a pinned field" },
};

function load(name: string): Replay {
  const parsed = parseReplay(JSON.parse(readFileSync(join(FIXTURES, name), "utf8")));
  if (!parsed.ok) throw new Error(parsed.error.message);
  return parsed.value;
}

describe("pin-the-struct golden replays", () => {
  for (const [name, pinned] of Object.entries(PINNED)) {
    it(`${name} re-simulates to its pinned final hash`, () => {
      const replay = load(name);
      const v = verifyReplay(LEVELS, replay);
      expect(v).toMatchObject({ valid: true, hashMatches: true, phase: pinned.phase });
      expect(v.actualHash).toBe(pinned.hash);
      expect(v.metrics).toMatchObject(pinned.metrics);
      if (pinned.misconception) {
        const run = simulate(LEVELS.get("pin-the-struct")!, replay);
        expect(run.ok && LEVELS.get("pin-the-struct")!.status(run.value.state).misconception).toBe(pinned.misconception);
      }
    });
  }

  it("there is a winning golden for every stage of the ladder", () => {
    const level = LEVELS.get("pin-the-struct")!;
    for (const s of level.stages) expect(PINNED[`stage-${s.id}.replay.json`]?.phase).toBe("won");
    expect(level.stages.length).toBeGreaterThanOrEqual(7);
  });

  it("a replay whose program is edited (the re-seat line removed) no longer verifies", () => {
    const replay = load("stage-2.replay.json");
    const actions = replay.actions.map((a, i) => (i === 0
      ? { ...a, action: { type: "submit", program: (a.action as { program: string }).program.replace("p.as_mut().init();\n", "") } } : a));
    const v = verifyReplay(LEVELS, { ...replay, actions });
    expect(v.valid).toBe(false);
    expect(v.error?.code).toBe("E_HASH_MISMATCH");
  });

  it("seeking part-way through the stepped stage-1 replay shows the program mid-run", () => {
    const replay = load("stage-1.replay.json");
    const partial = { ...replay, actions: replay.actions.slice(0, 4) };
    const run = simulate(LEVELS.get("pin-the-struct")!, partial);
    const state = (run.ok ? run.value.state : null) as PinState | null;
    expect(state?.run?.pc).toBe(2);
    expect(state?.run?.trace.some((e) => e.kind === "pin")).toBe(true);
    expect(state?.run?.trace.some((e) => e.kind === "read")).toBe(false);
  });
});
