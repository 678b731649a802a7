/**
 * The replay viewer's engine: exact reverse stepping, and replays of older rule versions.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ReplayCursor } from "../../shared/engine/cursor.ts";
import { ok, fail } from "../../shared/engine/errors.ts";
import type { Level, LevelEvent } from "../../shared/engine/level.ts";
import { hashState } from "../../shared/engine/hash.ts";
import { recordReplay, simulate, verifyReplay, type Replay } from "../../shared/engine/replay.ts";
import { act, advance, startRun } from "../../shared/engine/run.ts";
import { LEVELS } from "../../shared/levels/index.ts";

const FIXTURES = join(import.meta.dirname, "../../shared/levels/allocate-fast/fixtures");
const level = LEVELS.get("allocate-fast")!;

describe("replay cursor", () => {
  for (const name of ["stage-1.replay.json", "stage-2.replay.json"]) {
    it(`${name}: stepping back from the end equals forward simulation at every tick`, () => {
      const replay = JSON.parse(readFileSync(join(FIXTURES, name), "utf8")) as Replay;
      const loaded = ReplayCursor.load(level, replay, 50);
      expect(loaded.ok).toBe(true);
      if (!loaded.ok) return;
      const cursor = loaded.value;
      expect(cursor.finalHashActual).toBe(replay.finalHash);
      cursor.seek(cursor.finalTick);
      for (let t = cursor.finalTick; t >= 0; t--) {
        expect(cursor.tick).toBe(t);
        const reference = simulate(level, replay, t);
        expect(reference.ok).toBe(true);
        if (reference.ok) expect(level.hash(cursor.run.state)).toBe(level.hash(reference.value.state));
        if (t > 0) cursor.back();
      }
      // And forward again from the start reaches the recorded final state.
      while (!cursor.atEnd) cursor.forward();
      expect(level.hash(cursor.run.state)).toBe(replay.finalHash);
    });
  }
});

/** A toy level whose rule changed between versions: v1 adds n, v2 adds 2n. */
type Toy = { tick: number; total: number };
function toy(version: number, factor: number, previous?: Level<Toy, { n: number }, LevelEvent>[]): Level<Toy, { n: number }, LevelEvent> {
  return {
    id: "toy", title: "toy", blurb: "", built: true, version, ...(previous ? { previous } : {}),
    stages: [{ id: 1, title: "", goal: "", concept: "", hints: [], victory: "", tickMs: 100, metrics: [] }],
    init: () => ({ tick: 0, total: 0 }),
    parse: (u) => (typeof u === "object" && u !== null && Number.isInteger((u as { n: unknown }).n) ? ok({ n: (u as { n: number }).n }) : fail("E_BAD_ACTION", "n")),
    step: (s, a) => { s.total += factor * a.n; return ok([]); },
    tick: (s) => { s.tick++; return []; },
    status: (s) => (s.total >= 10 ? { phase: "won", text: "" } : { phase: "playing", text: "" }),
    metrics: (s) => ({ total: s.total }),
    hash: hashState,
  };
}

describe("level versions", () => {
  const v1 = toy(1, 1);
  const run = startRun(v1, 1, 0);
  advance(run);
  act(run, { n: 4 });
  advance(run);
  act(run, { n: 6 });
  const recorded = recordReplay(run);

  it("a replay recorded on v1 still verifies under v1's rules when the build runs v2", () => {
    const v2 = toy(2, 2, [v1]);
    const v = verifyReplay(new Map([["toy", v2]]), recorded);
    expect(v).toMatchObject({ valid: true, phase: "won", metrics: { total: 10 } });
  });
  it("the same actions under v2's rules give another outcome, so the version matters", () => {
    const v2 = toy(2, 2, [v1]);
    const v = verifyReplay(new Map([["toy", v2]]), { ...recorded, levelVersion: 2 });
    expect(v.valid).toBe(false);
  });
  it("a version the build does not keep is refused, not misjudged", () => {
    const v2only = toy(2, 2);
    expect(verifyReplay(new Map([["toy", v2only]]), recorded).error?.code).toBe("E_LEVEL_VERSION");
  });
});
