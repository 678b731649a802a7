/**
 * allocate-fast allocator figures (part of `npm run bench`), printed as one JSON line. Nothing here is pass/fail.
 *  - per design (the presets in allocators/design.ts, in a 4 MiB heap; a lock is added on the threaded workload to
 *    designs with neither a lock nor thread caches): traces per second through the runner (every workload at scale
 *    5, metrics sampled as the level does), and the simulated cost in ns per operation and per allocation on each
 *    workload (the cost model, COST-MODEL.md), with the peak utilisation.
 *  - calibration: arena and reference malloc on the reference workload (anchors 1.8 ns and 45.2 ns per alloc).
 */
import { parseDesign, PRESETS } from "../../shared/levels/allocate-fast/allocators/design.ts";
import { runTrace } from "../../shared/levels/allocate-fast/runner.ts";
import { workload, WORKLOADS, type WorkloadName } from "../../shared/levels/allocate-fast/workloads.ts";

const round = (x: number, d = 1) => Number(x.toFixed(d));
const names = Object.keys(WORKLOADS) as WorkloadName[];
const traces = names.map((n) => ({ name: n, ops: workload(n, 1, 5) }));
const designs: Record<string, unknown> = {};

/** The preset as given, with a lock added on the threaded workload when it has neither a lock nor thread caches. */
function designFor(preset: Record<string, unknown>, threaded: boolean) {
  const d = parseDesign({ ...preset, heap: 1 << 22, ...(threaded && !("sync" in preset) && preset.kind !== "thread-cache" ? { sync: "lock" } : {}) });
  if (!d.ok) throw new Error(d.error.message);
  return d.value;
}

for (const [name, preset] of Object.entries(PRESETS)) {
  const perWorkload: Record<string, unknown> = {};
  let runs = 0;
  let ops = 0;
  const t0 = performance.now();
  for (let round_ = 0; round_ < 3; round_++) {
    for (const t of traces) {
      const r = runTrace(designFor(preset, t.name === "threads"), t.ops);
      runs++;
      ops += t.ops.length;
      if (round_ === 0) {
        perWorkload[t.name] = r.ok
          ? { nsPerOp: round(r.metrics.costPerOpPs / 1000), nsPerAlloc: round(r.metrics.costPerAllocPs / 1000), peakUtilPct: round(r.metrics.peakUtil / 10) }
          : { failed: r.failure!.code };
      }
    }
  }
  const seconds = (performance.now() - t0) / 1000;
  designs[name] = { tracesPerSecond: round(runs / seconds), opsPerSecond: Math.round(ops / seconds), simulated: perWorkload };
}

const ref = workload("reference", 1, 5);
const cost = (json: unknown) => {
  const d = parseDesign(json);
  if (!d.ok) throw new Error(d.error.message);
  return round(runTrace(d.value, ref).metrics.costPerAllocPs / 1000, 2);
};
console.log(JSON.stringify({
  workloads: Object.fromEntries(traces.map((t) => [t.name, t.ops.length])),
  designs,
  calibration: { arenaNsPerAlloc: cost(PRESETS.arena), mallocNsPerAlloc: cost(PRESETS.malloc), anchors: { arena: 1.8, box: 45.2 } },
}));
