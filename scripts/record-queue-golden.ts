/**
 * Records the race-free-queue golden replays (shared/levels/race-free-queue/fixtures/), one per stage: a player
 * who checks, fixes orderings and wins (programmer stages), steps the checker's counterexample (scheduler), and a
 * duel won by the breaker. Run it only when a rule change is intended (then bump the level version): the golden
 * test pins each replay's final hash. `npx node scripts/record-queue-golden.ts`
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { recordReplay } from "../shared/engine/replay.ts";
import { act, advance, startRun, type Run } from "../shared/engine/run.ts";
import { check, compiled, raceFreeQueue, STAGE_RULES, type QueueState } from "../shared/levels/race-free-queue/index.ts";

const dir = join(import.meta.dirname, "../shared/levels/race-free-queue/fixtures");

function play(run: Run, action: unknown, think = 8): void {
  for (let i = 0; i < think; i++) advance(run);
  const r = act(run, action);
  if (!r.ok) throw new Error(`${JSON.stringify(action)}: ${r.error.message}`);
}

function programmer(stage: number) {
  const run = startRun(raceFreeQueue, stage, 1);
  const rules = STAGE_RULES[stage - 1]!;
  play(run, { type: "check" });
  rules.solution.forEach((ordering, site) => {
    if ((run.state as QueueState).orderings[site] !== ordering) play(run, { type: "order", site, ordering });
  });
  if (rules.needsPadding || rules.needsTag) play(run, { type: "check" });
  if (rules.needsTag) play(run, { type: "tag", tagged: true });
  if (rules.needsPadding) play(run, { type: "pad", padded: true });
  play(run, { type: "check" });
  return recordReplay(run);
}

function breakIt(stage: number, setup: (run: Run) => void) {
  const run = startRun(raceFreeQueue, stage, 1);
  setup(run);
  const state = run.state as QueueState;
  const cx = check(compiled(state.source), { fifo: STAGE_RULES[stage - 1]!.fifo }).counterexample;
  if (!cx) throw new Error(`stage ${stage}: nothing to break`);
  for (const a of cx.actions) play(run, { type: "step", thread: a.thread, choice: a.choice }, 3);
  return recordReplay(run);
}

const replays: Record<string, unknown> = {
  "stage-1.replay.json": programmer(1),
  "stage-2.replay.json": programmer(2),
  "stage-3.replay.json": breakIt(3, () => {}),
  "stage-4.replay.json": programmer(4),
  "stage-5.replay.json": programmer(5),
  "stage-6.replay.json": breakIt(6, () => {}),
  "stage-7.replay.json": programmer(7),
  "stage-8.replay.json": programmer(8),
  "stage-9.replay.json": programmer(9),
  "stage-10-breaker.replay.json": breakIt(10, (run) => {
    const weak = ["Relaxed", "Acquire", "Relaxed", "Relaxed", "Acquire", "Release"];
    weak.forEach((ordering, site) => { if (ordering !== "Relaxed") play(run, { type: "order", site, ordering }); });
    play(run, { type: "submit" });
  }),
};
for (const [name, replay] of Object.entries(replays)) {
  writeFileSync(join(dir, name), JSON.stringify(replay, null, 1) + "\n");
  const r = replay as { phase: string; finalHash: string; metrics: unknown; actions: unknown[] };
  console.log(name, r.phase, r.finalHash, r.actions.length, JSON.stringify(r.metrics));
}
