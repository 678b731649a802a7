/**
 * Records the allocate-fast golden replays (shared/levels/allocate-fast/fixtures/). Run it only when a rule
 * change is intended: the golden test pins each replay's final hash, so a changed hash must be a decision.
 *   npm run bma -- … is not needed: `node scripts/record-golden.ts` through npx (Node 24).
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { recordReplay } from "../shared/engine/replay.ts";
import { act, advance, runStatus, startRun } from "../shared/engine/run.ts";
import { allocateFast, currentRequest, type AllocState } from "../shared/levels/allocate-fast/index.ts";
import { firstFit } from "../shared/levels/allocate-fast/heap.ts";

const dir = join(import.meta.dirname, "../shared/levels/allocate-fast/fixtures");

/** Stage 1, the bump answer, one placement every 15 ticks (a player thinking). */
function stage1() {
  const run = startRun(allocateFast, 1, 1);
  for (const addr of [0, 4, 8, 16, 18, 24, 32]) {
    for (let i = 0; i < 15; i++) advance(run);
    const r = act(run, { type: "place", addr });
    if (!r.ok) throw new Error(r.error.message);
  }
  return recordReplay(run);
}

/** Stage 2, a first-fit player who answers each request 5 ticks after it reaches the head of the queue. */
function stage2(seed: number) {
  const run = startRun(allocateFast, 2, seed);
  let waited = 0;
  while (runStatus(run).phase === "playing") {
    const state = run.state as AllocState;
    const req = currentRequest(state);
    if (req && req.op === "alloc" && waited >= 5) {
      const r = act(run, { type: "place", addr: firstFit(state.blocks, state.heapSize, req) });
      if (!r.ok) throw new Error(r.error.message);
      waited = 0;
    } else {
      advance(run);
      waited = req && req.op === "alloc" ? waited + 1 : 0;
    }
  }
  return recordReplay(run);
}

/** Stage 2, a player who never answers: the queue overflows. */
function stage2Idle(seed: number) {
  const run = startRun(allocateFast, 2, seed);
  while (runStatus(run).phase === "playing") advance(run);
  return recordReplay(run);
}

const goldens = [
  ["stage-1.replay.json", stage1()],
  ["stage-2.replay.json", stage2(20261122)],
  ["stage-2-overflow.replay.json", stage2Idle(7)],
] as const;
for (const [name, replay] of goldens) {
  writeFileSync(join(dir, name), JSON.stringify(replay, null, 1) + "\n");
  console.log(name, replay.phase, replay.finalTick, replay.finalHash, JSON.stringify(replay.metrics));
}
