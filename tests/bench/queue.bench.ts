/**
 * race-free-queue checker figures (part of `npm run bench`), printed as one JSON line. Nothing here is pass/fail.
 *  - spscCertify: time to certify the correct SPSC ring (capacity 2, 3 messages, preemption bound 2): the first
 *    (cold, includes JIT warm-up) run and the median of 20 warm runs. Goal: under 0.25 s.
 *  - throughput: executions per second on one core, over larger searches (the same ring with no preemption bound,
 *    and capacity 2 with 4 messages at bound 3), each repeated for 1.5 s after a warm-up run. Goal: over 200,000/s.
 *    An execution is a leaf of the search (complete, cut by a bound, or violating); sleep-set-blocked paths are
 *    reported as `pruned` and not counted.
 *  - litmus: time to run the whole litmus table.
 */
import { compileSource, type Compiled } from "../../shared/levels/race-free-queue/compile.ts";
import { check } from "../../shared/levels/race-free-queue/checker.ts";
import { LITMUS, runLitmus } from "../../shared/levels/race-free-queue/litmus.ts";
import { spscRing } from "../../shared/levels/race-free-queue/programs.ts";

function compiled(src: string): Compiled {
  const r = compileSource(src);
  if (!r.ok) throw new Error(r.error.message);
  return r.program;
}
const round = (x: number, d = 2) => Number(x.toFixed(d));
const results: Record<string, unknown> = {};

const ring = compiled(spscRing({ capacity: 2, messages: 3 }));
let t0 = performance.now();
const first = check(ring, { preemptions: 2 });
const coldMs = performance.now() - t0;
if (first.verdict !== "verified") throw new Error(`the correct ring did not verify: ${first.summary}`);
const warm: number[] = [];
for (let i = 0; i < 20; i++) {
  t0 = performance.now();
  check(ring, { preemptions: 2 });
  warm.push(performance.now() - t0);
}
warm.sort((a, b) => a - b);
results.spscCertify = {
  program: "SPSC ring, capacity 2, 3 messages, preemption bound 2", verdict: first.summary, executions: first.executions,
  coldSeconds: round(coldMs / 1000, 4), warmMedianSeconds: round(warm[10]! / 1000, 4), goalSeconds: 0.25,
};

const workloads: [string, Compiled, number][] = [
  ["ring 2/3, all interleavings", ring, Infinity],
  ["ring 2/4, bound 3", compiled(spscRing({ capacity: 2, messages: 4 })), 3],
];
const throughput: Record<string, unknown>[] = [];
let totalExec = 0;
let totalMs = 0;
for (const [name, prog, bound] of workloads) {
  const first = check(prog, { preemptions: bound }); // warm-up (JIT), and the verdict
  let execs = 0;
  let runs = 0;
  t0 = performance.now();
  while (performance.now() - t0 < 1500) { execs += check(prog, { preemptions: bound }).executions; runs++; }
  const ms = performance.now() - t0;
  totalExec += execs;
  totalMs += ms;
  throughput.push({ workload: name, verdict: first.verdict, executions: first.executions, pruned: first.pruned, runs, secondsEach: round(ms / runs / 1000, 4), perSecond: Math.round(execs / (ms / 1000)) });
}
results.throughput = { workloads: throughput, executionsPerSecond: Math.round(totalExec / (totalMs / 1000)), goalPerSecond: 200_000 };

t0 = performance.now();
let agree = 0;
for (const test of LITMUS) if (runLitmus(test, compiled(test.program)).agrees) agree++;
results.litmus = { tests: LITMUS.length, agreeWithRc11: agree, seconds: round((performance.now() - t0) / 1000, 3) };

console.log(JSON.stringify(results));
