/**
 * Records the allocate-fast golden replays (shared/levels/allocate-fast/fixtures/). Run it only when a rule
 * change is intended: the golden test pins each replay's final hash, so a changed hash must be a decision.
 *   npm run bma -- … is not needed: `node scripts/record-golden.ts` through npx (Node 24).
 *   `… record-golden.ts ladder` records only stages 3–9 (tests/unit/allocate-fast-golden.test.ts pins them) and leaves
 *   the pinned stage 1–2 fixtures untouched; `… record-golden.ts kernel` records only stage 10's.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { recordReplay } from "../shared/engine/replay.ts";
import { act, advance, runStatus, startRun } from "../shared/engine/run.ts";
import { allocateFast, currentRequest, type AllocState } from "../shared/levels/allocate-fast/index.ts";
import { firstFit } from "../shared/levels/allocate-fast/heap.ts";
import { alignUp } from "../shared/levels/allocate-fast/alignment.ts";
import { manualMove, PADDED_COUNTERS, WINNING_DESIGNS } from "../shared/levels/allocate-fast/autoplay.ts";
import { ladderState, manualHead, type ManualState } from "../shared/levels/allocate-fast/index.ts";

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

function must(r: { ok: boolean; error?: { message: string } }) {
  if (!r.ok) throw new Error(r.error!.message);
}

/** Manual stages (3, 4, 10), the reference player, thinking `delay` ticks before each action; `twist` may replace one move. */
function manual(stage: number, seed: number, twist?: (s: ManualState, n: number) => unknown) {
  const run = startRun(allocateFast, stage, seed);
  let n = 0;
  let waited = 0;
  while (runStatus(run).phase === "playing") {
    const state = ladderState(run.state) as ManualState;
    const move = manualMove(state);
    if (move && waited >= 2) {
      must(act(run, twist?.(state, n) ?? move));
      n++;
      waited = 0;
    } else {
      advance(run);
      waited++;
    }
  }
  return recordReplay(run);
}

/** Design stages: each design tried after 30 ticks of thought. */
function designs(stage: number, seed: number, allocators: readonly unknown[]) {
  const run = startRun(allocateFast, stage, seed);
  for (const allocator of allocators) {
    for (let i = 0; i < 30; i++) advance(run);
    must(act(run, { type: "design", allocator }));
  }
  return recordReplay(run);
}

function counters(addrs: readonly number[]) {
  const run = startRun(allocateFast, 7, 1);
  for (const addr of addrs) {
    for (let i = 0; i < 10; i++) advance(run);
    must(act(run, { type: "place", addr }));
  }
  return recordReplay(run);
}

/** Stage 3 with a reset while request 1 still reads its values (use after reset). */
const resetEarly = (s: ManualState, n: number) => (n === 2 && s.bump > 0 ? { type: "reset" } : undefined);
/** Stage 4 where the first drop frees a different live node of the same type (the program then reads or frees it). */
const wrongNode = (s: ManualState) => {
  const head = manualHead(s);
  if (head?.op !== "free") return undefined;
  const victim = s.blocks.find((b) => b.id !== head.id && b.label === head.label);
  return victim ? { type: "dealloc", addr: victim.addr, size: victim.size, align: victim.align } : undefined;
};

/** Stage 10 where every log line is allocated on the never-freeing heap instead of the stack buffer. */
const linesOnHeap = (s: ManualState) => {
  const head = manualHead(s);
  return head?.op === "alloc" && head.lives === "tick" ? { type: "place", addr: alignUp(s.bump, head.align) } : undefined;
};

function write(recorded: readonly (readonly [string, ReturnType<typeof recordReplay>])[]) {
  for (const [name, replay] of recorded) {
    writeFileSync(join(dir, name), JSON.stringify(replay, null, 1) + "\n");
    console.log(name, replay.phase, replay.finalTick, replay.finalHash, JSON.stringify(replay.metrics));
  }
}

if (process.argv[2] === "kernel") {
  write([
    ["stage-10.replay.json", manual(10, 20261122)],
    ["stage-10-lines-on-heap.replay.json", manual(10, 5, linesOnHeap)],
  ]);
  process.exit(0);
}

if (process.argv[2] === "ladder") {
  const ladder = [
    ["stage-3.replay.json", manual(3, 20261122)],
    ["stage-3-reset-early.replay.json", manual(3, 5, resetEarly)],
    ["stage-4.replay.json", manual(4, 20261122)],
    ["stage-4-wrong-node.replay.json", manual(4, 5, wrongNode)],
    ["stage-5.replay.json", designs(5, 20261122, [{ kind: "slab", slot: 64 }, WINNING_DESIGNS[5]])],
    ["stage-6.replay.json", designs(6, 20261122, [{ kind: "fit", fit: "first" }, WINNING_DESIGNS[6]])],
    ["stage-7.replay.json", counters(PADDED_COUNTERS)],
    ["stage-7-shared.replay.json", counters([0, 8, 16, 24, 64, 72, 128, 136])],
    ["stage-8.replay.json", designs(8, 20261122, [WINNING_DESIGNS[8]])],
    ["stage-8-no-bounds.replay.json", designs(8, 20261122, [{ kind: "bump", sync: "cas", boundsCheck: false }])],
    ["stage-9.replay.json", designs(9, 20261122, [{ kind: "fit", fit: "first", sync: "lock" }, { kind: "fit", fit: "best", sync: "lock" }, WINNING_DESIGNS[9]])],
  ] as const;
  write(ladder);
  process.exit(0);
}

write([
  ["stage-1.replay.json", stage1()],
  ["stage-2.replay.json", stage2(20261122)],
  ["stage-2-overflow.replay.json", stage2Idle(7)],
]);
