/**
 * allocate-fast, design stages (5, 6 and 9): the player submits an allocator design (allocators/design.ts) and the
 * whole stage trace runs through it at once (runner.ts). Each attempt is an action, so a replay re-runs every
 * design and re-derives the same metrics. A stage is won when a design serves the whole trace and meets the bar;
 * failing attempts stay on record and the player may try again.
 */
import { fail, ok, type Result } from "../../engine/errors.ts";
import type { LevelEvent, Status } from "../../engine/level.ts";
import { designJson, parseDesign, PRESETS } from "./allocators/design.ts";
import { runTrace, type DesignMetrics, type RunFailure } from "./runner.ts";
import type { TraceOp } from "./trace.ts";
import { workload } from "./workloads.ts";

export interface DesignBar {
  /** Minimum peak utilisation as thousandths of the reference malloc's on the same trace (0: no bar). */
  readonly utilOfMalloc: number;
  /** Cost per alloc must be below the reference malloc's on the same trace. */
  readonly beatMalloc: boolean;
}

export interface DesignRules {
  readonly stage: number;
  /** The address-space limit: fixed, or derived from the trace at init. */
  readonly heap: number | ((trace: readonly TraceOp[]) => number);
  readonly bar: DesignBar;
  readonly trace: (seed: number) => TraceOp[];
}

/**
 * A tight heap: the smallest multiple of `step` bytes (from 16 KiB) in which the stage's reference design serves
 * the trace. Everyone on the same seed gets the same heap, and the policy decides who fits in it.
 */
export function tightHeap(reference: Record<string, unknown>, step: number): (trace: readonly TraceOp[]) => number {
  return (trace) => {
    for (let heap = 16384; heap < 1 << 20; heap += step) {
      const d = parseDesign({ ...reference, heap });
      if (d.ok && runTrace(d.value, trace, { sample: false }).ok) return heap;
    }
    return 1 << 20;
  };
}

/** Concatenates traces, renumbering ids so they never collide. */
export function concat(...parts: TraceOp[][]): TraceOp[] {
  const out: TraceOp[] = [];
  let base = 0;
  for (const ops of parts) {
    let top = 0;
    for (const o of ops) {
      if (o.op === "x") out.push(o);
      else {
        out.push({ ...o, id: o.id + base });
        top = Math.max(top, o.id);
      }
    }
    base += top + 1;
  }
  return out;
}

export const DESIGN_RULES: Readonly<Record<number, DesignRules>> = {
  5: { stage: 5, heap: tightHeap({ kind: "buddy", min: 16, max: 16384 }, 16384), bar: { utilOfMalloc: 0, beatMalloc: false }, trace: (seed) => workload("pow2", seed, 2) },
  6: { stage: 6, heap: tightHeap({ kind: "fit", fit: "best", split: 32, coalesce: "immediate", tags: true }, 1024), bar: { utilOfMalloc: 0, beatMalloc: false }, trace: (seed) => workload("cache", seed, 3) },
  9: {
    stage: 9, heap: 262144, bar: { utilOfMalloc: 650, beatMalloc: true },
    trace: (seed) => concat(workload("compiler", seed, 2), workload("cache", seed + 1, 2), workload("packets", seed + 2, 1),
      workload("web", seed + 3, 1), workload("threads", seed + 4, 1)),
  },
};

export interface Attempt {
  readonly design: Record<string, unknown>;
  readonly metrics: DesignMetrics;
  readonly failure: RunFailure | null;
  /** Why the attempt fell short of the bar, empty when it met it. */
  readonly shortfall: string;
}

export interface DesignState {
  mode: "design";
  stage: number;
  tick: number;
  seed: number;
  /** The heap limit every design runs in on this stage and seed. */
  heap: number;
  /** The reference malloc's cost per alloc and peak utilisation on this trace (stage 9's bar, a yardstick elsewhere). */
  mallocPs: number;
  mallocUtil: number;
  attempts: Attempt[];
  phase: Status["phase"];
}

export type DesignAction = { readonly type: "design"; readonly allocator: unknown };

export type DesignEvent = LevelEvent & ({ kind: "ran"; attempt: number; ok: boolean } | { kind: "won" });

export function stageTrace(stage: number, seed: number): TraceOp[] {
  return DESIGN_RULES[stage]!.trace(seed);
}

export function initDesign(stage: number, seed: number): DesignState {
  const rules = DESIGN_RULES[stage]!;
  const trace = rules.trace(seed);
  const heap = typeof rules.heap === "number" ? rules.heap : rules.heap(trace);
  const malloc = parseDesign({ ...PRESETS.malloc, heap });
  const m = malloc.ok ? runTrace(malloc.value, trace, { sample: false }).metrics : null;
  return { mode: "design", stage, tick: 0, seed, heap, mallocPs: m?.costPerAllocPs ?? 0, mallocUtil: m?.peakUtil ?? 0, attempts: [], phase: "playing" };
}

export function stepDesign(state: DesignState, action: DesignAction): Result<DesignEvent[]> {
  const rules = DESIGN_RULES[state.stage]!;
  const raw = action.allocator;
  if (typeof raw === "object" && raw !== null && "heap" in raw && (raw as { heap: unknown }).heap !== state.heap) {
    return fail("E_BAD_DESIGN", `allocator.heap is fixed at ${state.heap} bytes on this stage (leave it out).`);
  }
  const parsed = parseDesign(typeof raw === "object" && raw !== null ? { ...raw, heap: state.heap } : raw);
  if (!parsed.ok) return parsed;
  const report = runTrace(parsed.value, rules.trace(state.seed));
  const m = report.metrics;
  const why: string[] = [];
  if (report.failure) why.push(report.failure.message);
  else {
    const floor = Math.ceil((state.mallocUtil * rules.bar.utilOfMalloc) / 1000);
    if (m.peakUtil < floor) {
      why.push(`peak utilisation ${(m.peakUtil / 10).toFixed(1)} % is under the bar of ${(floor / 10).toFixed(1)} % (${rules.bar.utilOfMalloc / 10} % of the reference malloc's)`);
    }
    if (rules.bar.beatMalloc && m.costPerAllocPs >= state.mallocPs) {
      why.push(`${(m.costPerAllocPs / 1000).toFixed(1)} ns per alloc is not faster than the reference malloc's ${(state.mallocPs / 1000).toFixed(1)} ns`);
    }
  }
  const shortfall = why.join("; ");
  state.attempts.push({ design: designJson(parsed.value), metrics: m, failure: report.failure ?? null, shortfall });
  const events: DesignEvent[] = [{
    kind: "ran", attempt: state.attempts.length, ok: !shortfall, sound: shortfall ? "reject" : "place",
    text: shortfall ? `Attempt ${state.attempts.length}: ${shortfall}.` :
      `Attempt ${state.attempts.length}: ${(m.costPerAllocPs / 1000).toFixed(1)} ns per alloc, peak utilisation ${(m.peakUtil / 10).toFixed(1)} %.`,
  }];
  if (!shortfall) {
    state.phase = "won";
    events.push({ kind: "won", sound: "win" });
  }
  return ok(events);
}

export function tickDesign(state: DesignState): DesignEvent[] {
  state.tick++;
  return [];
}

export function designStatus(state: DesignState, victory: string): Status {
  return { phase: state.phase, text: state.phase === "won" ? victory : "" };
}

export function designMetrics(state: DesignState): Record<string, number> {
  const won = state.attempts.find((a) => !a.shortfall);
  const last = won ?? state.attempts[state.attempts.length - 1];
  const m = last?.metrics;
  return {
    costPerAllocPs: m?.costPerAllocPs ?? 0, peakUtil: m?.peakUtil ?? 0, internalFrag: m?.internalFrag ?? 0,
    externalFrag: m?.externalFrag ?? 0, metadata: m?.metadata ?? 0, lines: m?.lines ?? 0,
    mallocCostPerAllocPs: state.mallocPs, attempts: state.attempts.length,
  };
}
