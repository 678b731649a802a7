/**
 * boot-kernel golden replays: for every stage, the recorded solution (solutions.ts: a first boot that fails the way
 * the stage's trap fails, then the fix and a winning boot, one action every few ticks) re-simulates to its pinned
 * final hash and metrics. A rule change that alters any outcome fails here; re-pin only when the change is
 * intended, and bump the level's version.
 */
import { describe, expect, it } from "vitest";
import { recordReplay, verifyReplay, type Replay } from "../../../shared/engine/replay.ts";
import { act, advance, startRun } from "../../../shared/engine/run.ts";
import { LEVELS } from "../../../shared/levels/index.ts";
import type { KernelState } from "../../../shared/levels/boot-kernel/index.ts";
import { GOLDEN_ACTIONS } from "../../../shared/levels/boot-kernel/solutions.ts";

const level = LEVELS.get("boot-kernel")!;

/** The stage's golden run: boot as handed over (it fails), then the solution, 4 ticks between actions. */
function record(stage: number): { replay: Replay; firstMisconception: string | undefined } {
  const run = startRun(level, stage, 7);
  const first = act(run, { type: "boot" });
  if (!first.ok) throw new Error(first.error.message);
  const firstMisconception = (run.state as KernelState).lastBoot?.verdict?.misconception;
  for (const action of GOLDEN_ACTIONS[stage - 1]!) {
    for (let i = 0; i < 4; i++) advance(run);
    const r = act(run, action);
    if (!r.ok) throw new Error(r.error.message);
  }
  return { replay: recordReplay(run), firstMisconception };
}

const PINNED: Record<number, { hash: string; misconception?: string; metrics: Record<string, number> }> = {
  1: { hash: "8261398a4a0022e2", misconception: "no multiboot header", metrics: { builds: 2, faults: 0 } },
  2: { hash: "102c8f848fb62248", misconception: "linked below 1 MiB", metrics: { builds: 2, faults: 0 } },
  3: { hash: "785e2dc5e82d708c", misconception: "missing stack", metrics: { builds: 2, faults: 0 } },
  4: { hash: "0d3eb53d5d6e8e97", metrics: { builds: 2, faults: 0 } },
  5: { hash: "3cf6d405651645c7", misconception: "non-volatile MMIO", metrics: { builds: 2, faults: 0 } },
  6: { hash: "9a98ae02e9423c51", misconception: "serial without transmit-ready", metrics: { builds: 2, faults: 0 } },
  7: { hash: "08bff9bad1b3ae05", misconception: "triple fault", metrics: { builds: 2 } },
  8: { hash: "17b455cb398ce9c8", misconception: "unremapped PIC", metrics: { builds: 2, faults: 0 } },
};

describe("boot-kernel golden replays", () => {
  for (const [stage, pinned] of Object.entries(PINNED)) {
    it(`stage ${stage}: the trap shows on the first boot, the solution wins, and the replay verifies to its pinned hash`, { timeout: 20_000 }, () => {
      const { replay, firstMisconception } = record(Number(stage));
      expect(firstMisconception).toBe(pinned.misconception);
      expect(replay.phase).toBe("won");
      const v = verifyReplay(LEVELS, replay);
      expect(v).toMatchObject({ valid: true, hashMatches: true, phase: "won" });
      expect(v.actualHash).toBe(pinned.hash);
      expect(v.metrics).toMatchObject(pinned.metrics);
    });
  }

  it("a replay whose fix is edited away (stage 5, one block left non-volatile) no longer verifies", { timeout: 20_000 }, () => {
    const { replay } = record(5);
    const actions = replay.actions.filter((a, i) => i !== 2);
    const v = verifyReplay(LEVELS, { ...replay, actions });
    expect(v.valid).toBe(false);
  });
});
