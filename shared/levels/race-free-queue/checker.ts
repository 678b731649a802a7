/**
 * The checker: bounded exhaustive exploration of a compiled program's executions on the weak-memory machine.
 *
 * Explores, depth first: which thread steps next (with a preemption bound, as CHESS's iterative context bounding —
 * Musuvathi & Qadeer, PLDI 2007), which message each load reads, where each store goes in modification order, and
 * whether each CAS succeeds — every choice threads.ts offers. Loops are bounded (spin loops block instead, see
 * threads.ts). Partial-order reduction with sleep sets (Godefroid, "Partial-Order Methods for the Verification of
 * Concurrent Systems", 1996): after a thread's step has been explored from a state, its siblings do not explore it
 * again unless something dependent (same location with a write, SC fence against SC accesses, spin waits against
 * writes) ran in between — commuting steps in the other order reach the same state.
 *
 * Returns "verified" (every execution within the bounds satisfies every property), the first counterexample as an
 * action list that `replayActions` (and the level's scheduler mode) replays step for step, or "budget" when the
 * execution budget or the caller's stop signal ends the search first.
 *
 * Known limits: a sleep set may hide an interleaving whose only unexplored equivalent needs more preemptions than
 * the bound allows (Coons, Musuvathi, McKinley, "Bounded partial-order reduction", OOPSLA 2013); with an unbounded
 * preemption count (litmus tests) the reduction is exact. Executions cut by a loop bound or step budget are
 * counted, never judged.
 */
import type { Compiled } from "./compile.ts";
import {
  choices, DEFAULT_BOUNDS, footprint, independent, MISCONCEPTION, progressViolation, runnable, step, stuck, initMachine,
  type Bounds, type Choice, type Footprint, type Machine, type Property, type StepEvent,
} from "./threads.ts";

export interface CheckOptions {
  /** Context switches away from a thread that could continue (default 2); Infinity for all interleavings. */
  readonly preemptions?: number;
  readonly loopBound?: number;
  readonly stepBudget?: number;
  /** Stop after this many executions with verdict "budget". */
  readonly maxExecutions?: number;
  /** Polled every few hundred executions; returning true stops the search with verdict "budget" (the worker's clock). */
  readonly shouldStop?: () => boolean;
  /** Sleep-set reduction (default on); off only to cross-check the reduction. */
  readonly por?: boolean;
  /** Check per-producer FIFO order (default on; off for stacks). */
  readonly fifo?: boolean;
}

/** One scheduler action: thread `thread` takes the step whose choice has index `choice` in `choices(…)`. */
export interface Action {
  readonly thread: number;
  readonly choice: number;
}

export interface Counterexample {
  readonly property: Property;
  readonly misconception: string;
  readonly message: string;
  readonly thread: string | null;
  readonly line: number;
  readonly actions: Action[];
  /** One sentence per step, in order: the story the board animates. */
  readonly trace: string[];
}

export interface CheckResult {
  readonly verdict: "verified" | "counterexample" | "budget";
  /** Executions explored to their end (complete, cut by a bound, or violating). */
  readonly executions: number;
  readonly complete: number;
  readonly bounded: number;
  /** Paths dropped as duplicates (sleep-set blocked, or a blocked thread that had read an old message). */
  readonly pruned: number;
  readonly summary: string;
  readonly counterexample?: Counterexample;
}

export interface Leaf {
  readonly machine: Machine;
  /** The path from the initial state (shared while exploring: copy it to keep it). */
  readonly actions: readonly Action[];
  readonly kind: "complete" | "violation" | "bounded";
}

// Actions are immutable: the search pushes one per step, so each (thread, choice) pair is made once.
const ACTIONS: Action[][] = [];
function action(thread: number, choice: number): Action {
  const row = ACTIONS[thread] ?? (ACTIONS[thread] = []);
  return row[choice] ?? (row[choice] = { thread, choice });
}

/**
 * Visits every leaf execution; `visit` returning true stops the search. Returns counts and whether it was stopped
 * by the visitor, the budget, or ran to the end.
 */
export function explore(prog: Compiled, opts: CheckOptions, visit: (leaf: Leaf) => boolean | void):
  { executions: number; complete: number; bounded: number; pruned: number; stopped: "visitor" | "budget" | null } {
  const bound = opts.preemptions ?? 2;
  const bounds: Bounds = { loopBound: opts.loopBound ?? DEFAULT_BOUNDS.loopBound, stepBudget: opts.stepBudget ?? DEFAULT_BOUNDS.stepBudget, fifo: opts.fifo ?? true };
  const maxExec = opts.maxExecutions ?? Infinity;
  const por = opts.por ?? true;
  const T = prog.threads.length;
  const stats = { executions: 0, complete: 0, bounded: 0, pruned: 0, stopped: null as "visitor" | "budget" | null };
  const path: Action[] = [];

  const leaf = (machine: Machine, kind: Leaf["kind"]): boolean => {
    stats.executions++;
    if (kind === "complete") stats.complete++;
    if (kind === "bounded") stats.bounded++;
    if (visit({ machine, actions: path, kind })) { stats.stopped = "visitor"; return true; }
    if (stats.executions >= maxExec || ((stats.executions & 255) === 0 && opts.shouldStop?.())) { stats.stopped = "budget"; return true; }
    return false;
  };

  // Sleep sets as a bit mask of threads plus each sleeping thread's footprint (threads <= 4).
  const dfs = (m: Machine, sleep: number, sleepFp: readonly (Footprint | null)[]): boolean => {
    if (m.violation) return leaf(m, "violation");
    if (m.bounded) return leaf(m, "bounded");
    const last = m.last;
    const lastRunnable = last >= 0 && runnable(m, last);
    let order = lastRunnable ? 1 << last : 0;
    if (!lastRunnable || m.preemptions < bound) {
      for (let tid = 0; tid < T; tid++) if (tid !== last && runnable(m, tid)) order |= 1 << tid;
    }
    if (order === 0) {
      const s = stuck(m);
      if (s === "stuck") return leaf(progressViolation(prog, m), "violation");
      if (s === "stale") { stats.pruned++; return false; }
      return leaf(m, "complete");
    }
    let localSleep = sleep;
    // Copied on the first footprint this node records (its children only read it, see below).
    let localFp = sleepFp;
    let explored = 0;
    for (let k = -1; k < T; k++) {
      // The running thread first (no preemption), then the others in order.
      const tid = k < 0 ? (lastRunnable ? last : -1) : k;
      if (tid < 0 || (k >= 0 && tid === last && lastRunnable) || !(order & (1 << tid))) continue;
      if (por && localSleep & (1 << tid)) continue;
      explored++;
      // Siblings still to explore after this thread (the loop's order: the running thread, then the others).
      const later = order & ~localSleep & (k < 0 ? ~(1 << tid) : ~((2 << k) - 1)) & (lastRunnable ? ~(1 << last) : ~0);
      // The footprint is only compared with sleeping threads' and kept for later siblings: without either, skip it.
      const fp = por && (localSleep !== 0 || later !== 0) ? footprint(prog, m, tid) : null;
      const cs = choices(prog, m, tid);
      // A child reads a sleeping thread's footprint only where its sleep bit is set, and those entries of `localFp`
      // do not change while the children run, so the children share this node's array instead of a copy.
      let childSleep = 0;
      if (fp !== null && localSleep !== 0) {
        for (let u = 0; u < T; u++) {
          if (localSleep & (1 << u) && independent(localFp[u]!, fp)) childSleep |= 1 << u;
        }
      }
      for (let ci = 0; ci < cs.length; ci++) {
        path.push(action(tid, ci));
        const child = step(prog, m, tid, cs[ci]!, bounds, false).machine;
        const stop = dfs(child, childSleep, localFp);
        path.pop();
        if (stop) return true;
      }
      if (fp !== null && later !== 0) {
        localSleep |= 1 << tid;
        if (localFp === sleepFp) localFp = sleepFp.slice();
        (localFp as (Footprint | null)[])[tid] = fp;
      }
    }
    if (explored === 0) stats.pruned++;
    return false;
  };

  dfs(initMachine(prog), 0, new Array<Footprint | null>(T).fill(null));
  return stats;
}

/** Replays an action list from the initial state; fails on an action that is not allowed at its point. */
export function replayActions(prog: Compiled, actions: readonly Action[], opts: CheckOptions = {}):
  { ok: true; machine: Machine; events: StepEvent[] } | { ok: false; index: number; message: string } {
  const bounds: Bounds = { loopBound: opts.loopBound ?? DEFAULT_BOUNDS.loopBound, stepBudget: opts.stepBudget ?? DEFAULT_BOUNDS.stepBudget, fifo: opts.fifo ?? true };
  let m = initMachine(prog);
  const events: StepEvent[] = [];
  for (let i = 0; i < actions.length; i++) {
    const a = actions[i]!;
    if (m.violation || m.bounded) return { ok: false, index: i, message: "the execution has already ended" };
    if (a.thread < 0 || a.thread >= prog.threads.length || !runnable(m, a.thread)) return { ok: false, index: i, message: `thread ${a.thread} cannot step now` };
    const cs: Choice[] = choices(prog, m, a.thread);
    const c = cs[a.choice];
    if (!c) return { ok: false, index: i, message: `choice ${a.choice} is not one of the ${cs.length} allowed` };
    const r = step(prog, m, a.thread, c, bounds);
    m = r.machine;
    events.push(r.event);
  }
  if (!m.violation && !m.bounded && prog.threads.every((_, tid) => !runnable(m, tid)) && stuck(m) === "stuck") m = progressViolation(prog, m);
  return { ok: true, machine: m, events };
}

/** Checks every property within the bounds: verified, or the first counterexample. */
export function check(prog: Compiled, opts: CheckOptions = {}): CheckResult {
  let found: Leaf | null = null;
  const stats = explore(prog, opts, (l) => {
    if (l.kind === "violation") { found = { ...l, actions: l.actions.map((a) => ({ thread: a.thread, choice: a.choice })) }; return true; }
    return false;
  });
  const base = { executions: stats.executions, complete: stats.complete, bounded: stats.bounded, pruned: stats.pruned };
  const leafFound = found as Leaf | null;
  if (leafFound) {
    const v = leafFound.machine.violation!;
    const replay = replayActions(prog, leafFound.actions, opts);
    const trace = replay.ok ? replay.events.map((e) => e.text) : [];
    const counterexample: Counterexample = {
      property: v.property, misconception: MISCONCEPTION[v.property], message: v.message,
      thread: v.tid >= 0 ? prog.threads[v.tid]!.name : null, line: v.line, actions: leafFound.actions as Action[], trace,
    };
    return { verdict: "counterexample", ...base, summary: `counterexample after ${stats.executions} executions: ${v.message}`, counterexample };
  }
  if (stats.stopped === "budget") return { verdict: "budget", ...base, summary: `budget exhausted after ${stats.executions} executions with no violation found` };
  const cut = stats.bounded > 0 ? `; ${stats.bounded} of them cut by the loop bound or step budget` : "";
  return { verdict: "verified", ...base, summary: `verified within bounds (${stats.executions} executions${cut})` };
}
