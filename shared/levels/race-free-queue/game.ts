/**
 * race-free-queue as a game: the per-board state and what each action does, in the three ways to play.
 *  - programmer: set an ordering site (`order`), toggle padding (`pad`), run the checker (`check`); won when the
 *    program verifies at or under the stage's ordering cost (and padded, where the stage asks for it). A failed
 *    check keeps its counterexample in the state so the board can scrub it.
 *  - scheduler: step a thread with one of the choices the model allows (`step`), or start over (`restart`); won
 *    when the execution violates a property — the player broke the queue.
 *  - duel: the builder sets orderings and `submit`s; the checker referees the submitted queue at once; the breaker
 *    then steps it as the scheduler until a violation (breaker wins) or until the clock runs out (builder wins).
 * The checker runs inside `step` with a fixed execution budget, so the verdict is a pure function of the program
 * and replays re-simulate it exactly; a server may run the same check in server/checker-worker.ts first.
 * Omits: free-text programs in play (client messages are small; `bma queue check` takes any program).
 */
import { fail, ok, type Result } from "../../engine/errors.ts";
import type { LevelEvent, Status } from "../../engine/level.ts";
import type { Ordering } from "./ast.ts";
import { cacheRun } from "./cache.ts";
import { check, type Action, type Counterexample } from "./checker.ts";
import { compileSource, VISIBLE, type Compiled } from "./compile.ts";
import { ORDERING_COST, sourceOf, STAGE_RULES, STAGES, type Mode, type StageRules } from "./stages.ts";
import { choices, DEFAULT_BOUNDS, initMachine, MISCONCEPTION, runnable, step as stepThread, stuck, progressViolation, type Machine, type StepEvent } from "./threads.ts";

export interface CheckRecord {
  readonly source: string;
  readonly verdict: "verified" | "counterexample" | "budget";
  readonly executions: number;
  readonly summary: string;
  readonly counterexample: Counterexample | null;
}

export interface Execution {
  readonly machine: Machine;
  readonly actions: Action[];
  readonly events: StepEvent[];
}

export interface QueueState {
  tick: number;
  stage: number;
  mode: Mode;
  orderings: Ordering[];
  padded: boolean;
  /** ABA stages: head carries a version tag next to the pointer. */
  tagged: boolean;
  /** The program being played (the stage template with the chosen orderings and padding). */
  source: string;
  checks: number;
  lastCheck: CheckRecord | null;
  /** Scheduler and duel: the execution being driven step by step. */
  exec: Execution | null;
  restarts: number;
  /** Duel: submitted by the builder, and the tick at which the breaker's time runs out. */
  submitted: boolean;
  duelEnds: number;
  phase: Status["phase"];
  endText: string;
  misconception: string;
}

export type QueueAction =
  | { readonly type: "order"; readonly site: number; readonly ordering: Ordering }
  | { readonly type: "pad"; readonly padded: boolean }
  | { readonly type: "tag"; readonly tagged: boolean }
  | { readonly type: "check" }
  | { readonly type: "submit" }
  | { readonly type: "step"; readonly thread: number; readonly choice: number }
  | { readonly type: "restart" };

export type QueueEvent = LevelEvent & (
  | { kind: "ordered"; site: number; ordering: Ordering }
  | { kind: "padded"; padded: boolean }
  | { kind: "tagged"; tagged: boolean }
  | { kind: "checked"; verdict: CheckRecord["verdict"]; executions: number }
  | { kind: "stepped"; thread: number; line: number }
  | { kind: "violation"; property: string }
  | { kind: "restarted" }
  | { kind: "submitted" }
  | { kind: "finished" }
  | { kind: "won" }
  | { kind: "lost" }
);

const compiledCache = new Map<string, Compiled>();

/** Compiles a stage program (memoised: the same text always compiles to the same code). */
export function compiled(source: string): Compiled {
  let c = compiledCache.get(source);
  if (!c) {
    const r = compileSource(source);
    if (!r.ok) throw new Error(`stage program does not compile: ${r.error.message} (line ${r.error.span.line})`);
    if (compiledCache.size > 64) compiledCache.clear();
    c = r.program;
    compiledCache.set(source, c);
  }
  return c;
}

export function rulesOf(state: { stage: number }): StageRules {
  return STAGE_RULES[state.stage - 1]!;
}

export function initQueue(stage: number): QueueState {
  const rules = STAGE_RULES[stage - 1] ?? STAGE_RULES[0]!;
  const orderings = rules.start.slice();
  const source = sourceOf(rules, orderings, rules.startPadded, false);
  return {
    tick: 0, stage: rules.stage, mode: rules.mode, orderings, padded: rules.startPadded, tagged: false, source, checks: 0, lastCheck: null,
    exec: rules.mode === "scheduler" ? freshExecution(source) : null, restarts: 0, submitted: false, duelEnds: 0,
    phase: "playing", endText: "", misconception: "",
  };
}

function freshExecution(source: string): Execution {
  return { machine: initMachine(compiled(source)), actions: [], events: [] };
}

function rerender(state: QueueState): void {
  state.source = sourceOf(rulesOf(state), state.orderings, state.padded, state.tagged);
  state.lastCheck = null;
}

function runCheck(state: QueueState): CheckRecord {
  const rules = rulesOf(state);
  const r = check(compiled(state.source), { preemptions: rules.preemptions, maxExecutions: rules.maxExecutions, fifo: rules.fifo });
  return { source: state.source, verdict: r.verdict, executions: r.executions, summary: r.summary, counterexample: r.counterexample ?? null };
}

export function orderingCost(state: QueueState): number {
  return state.orderings.reduce((s, o) => s + ORDERING_COST[o], 0);
}

export function stepQueue(state: QueueState, action: QueueAction): Result<QueueEvent[]> {
  const rules = rulesOf(state);
  const events: QueueEvent[] = [];
  const editing = state.mode === "programmer" || (state.mode === "duel" && !state.submitted);
  switch (action.type) {
    case "order": {
      if (!editing) return fail("E_LOCKED", state.mode === "duel" ? "The queue has been submitted: its orderings are locked." : "This stage's program is fixed: step its threads instead.");
      const site = rules.sites[action.site];
      if (!site) return fail("E_NO_SITE", `This program has ${rules.sites.length} ordering sites (0 to ${rules.sites.length - 1}).`);
      if (!site.allowed.includes(action.ordering)) {
        return fail("E_BAD_ORDERING", `${site.label} cannot use Ordering::${action.ordering}: Rust panics. Allowed: ${site.allowed.join(", ")}.`);
      }
      state.orderings[action.site] = action.ordering;
      rerender(state);
      events.push({ kind: "ordered", site: action.site, ordering: action.ordering, sound: "place", text: `${site.label}: Ordering::${action.ordering}` });
      return ok(events);
    }
    case "pad": {
      if (!editing) return fail("E_LOCKED", "The program cannot change now.");
      if (!rules.template.includes("{{pad}}")) return fail("E_NO_PADDING", "This program has no head/tail indices to pad.");
      state.padded = action.padded;
      rerender(state);
      events.push({ kind: "padded", padded: action.padded, sound: "place", text: action.padded ? "head and tail each get their own 64-byte cache line" : "head and tail share a cache line" });
      return ok(events);
    }
    case "tag": {
      if (!editing) return fail("E_LOCKED", "The program cannot change now.");
      if (!rules.taggedTemplate) return fail("E_NO_TAG", "This program has no tagged pointer to add.");
      state.tagged = action.tagged;
      rerender(state);
      events.push({ kind: "tagged", tagged: action.tagged, sound: "place", text: action.tagged ? "head now holds (tag << 16) | node; every CAS bumps the tag" : "head holds a bare node number again" });
      return ok(events);
    }
    case "check": {
      if (state.mode !== "programmer") return fail("E_WRONG_MODE", "Only programmer stages run the checker on demand.");
      state.checks++;
      const rec = runCheck(state);
      state.lastCheck = rec;
      events.push({ kind: "checked", verdict: rec.verdict, executions: rec.executions, sound: rec.verdict === "verified" ? "tick" : "reject", text: rec.summary });
      if (rec.verdict === "verified") {
        const cost = orderingCost(state);
        if (cost > rules.targetCost) {
          events.push({ kind: "checked", verdict: rec.verdict, executions: rec.executions, text: `Correct, but ordering cost ${cost} > ${rules.targetCost}: some site is stronger than it needs to be.` });
        } else if (rules.needsTag && !state.tagged) {
          events.push({ kind: "checked", verdict: rec.verdict, executions: rec.executions, text: "Verified within these bounds — but the untagged stack is the one the ABA boss broke: add the tag." });
        } else if (rules.needsPadding && !state.padded) {
          events.push({ kind: "checked", verdict: rec.verdict, executions: rec.executions, text: "Correct, but head and tail still share a cache line: the contention meter is hot." });
        } else {
          state.phase = "won";
          state.endText = STAGE_VICTORY(state);
          events.push({ kind: "won", sound: "win", text: state.endText });
        }
      } else if (rec.counterexample) {
        events.push({ kind: "violation", property: rec.counterexample.property, text: `${rec.counterexample.misconception}: ${rec.counterexample.message}` });
      }
      return ok(events);
    }
    case "submit": {
      if (state.mode !== "duel") return fail("E_WRONG_MODE", "Only duels have a builder who submits.");
      if (state.submitted) return fail("E_LOCKED", "The queue has already been submitted.");
      state.submitted = true;
      state.duelEnds = state.tick + rules.duelTicks;
      state.lastCheck = runCheck(state);
      state.exec = freshExecution(state.source);
      events.push({ kind: "submitted", sound: "place", text: `Submitted. The breaker has ${Math.round((rules.duelTicks * 200) / 1000)} s.` });
      return ok(events);
    }
    case "restart": {
      if (state.mode === "programmer" || !state.exec) return fail("E_WRONG_MODE", "There is no execution to restart.");
      state.exec = freshExecution(state.source);
      state.restarts++;
      events.push({ kind: "restarted", sound: "tick", text: "A fresh execution: every thread back at its first line." });
      return ok(events);
    }
    case "step": {
      if (!state.exec) return fail("E_WRONG_MODE", state.mode === "duel" ? "The builder has not submitted the queue yet." : "Programmer stages are checked, not stepped.");
      const prog = compiled(state.source);
      const m = state.exec.machine;
      if (m.violation) return fail("E_FINISHED", "This execution has ended: restart to try another schedule.");
      if (action.thread >= prog.threads.length) return fail("E_NO_THREAD", `There are ${prog.threads.length} threads (0 to ${prog.threads.length - 1}).`);
      if (!runnable(m, action.thread)) {
        const t = m.threads[action.thread]!;
        return fail("E_NOT_RUNNABLE", t.status === "done" ? `${prog.threads[action.thread]!.name} has finished.` : `${prog.threads[action.thread]!.name} is spinning: nothing it waits on has changed yet.`);
      }
      const cs = choices(prog, m, action.thread);
      const c = cs[action.choice];
      if (!c) return fail("E_BAD_CHOICE", `That step has ${cs.length} allowed choice${cs.length === 1 ? "" : "s"} (0 to ${cs.length - 1}).`);
      // The stage's own properties: a stack (stages 5-7) is judged without per-producer FIFO, as its checker is.
      const r = stepThread(prog, m, action.thread, c, { ...DEFAULT_BOUNDS, fifo: rulesOf(state).fifo });
      let machine = r.machine;
      if (!machine.violation && prog.threads.every((_, tid) => !runnable(machine, tid)) && stuck(machine) === "stuck") machine = progressViolation(prog, machine);
      state.exec = { machine, actions: [...state.exec.actions, { thread: action.thread, choice: action.choice }], events: [...state.exec.events, r.event] };
      events.push({ kind: "stepped", thread: action.thread, line: r.event.line, sound: "tick", text: r.event.text });
      if (machine.violation) {
        const v = machine.violation;
        events.push({ kind: "violation", property: v.property, sound: "lose", text: `${MISCONCEPTION[v.property]}: ${v.message}` });
        state.phase = "won";
        state.misconception = MISCONCEPTION[v.property];
        state.endText = state.mode === "duel" ? `The breaker wins: ${v.message}` : `${v.message}. ${STAGE_VICTORY(state)}`;
        events.push({ kind: "won", sound: "win", text: state.endText });
      } else if (machine.threads.every((t) => t.status === "done")) {
        events.push({ kind: "finished", text: "Every thread finished and every message arrived intact: restart and try another schedule." });
      } else if (machine.bounded) {
        events.push({ kind: "finished", text: `This execution hit the ${machine.bounded}: restart.` });
      }
      return ok(events);
    }
  }
}

function STAGE_VICTORY(state: QueueState): string {
  return STAGES[state.stage - 1]?.victory ?? "";
}

export function tickQueue(state: QueueState): QueueEvent[] {
  state.tick++;
  if (state.mode === "duel" && state.submitted && state.phase === "playing" && state.tick >= state.duelEnds) {
    state.phase = "lost";
    const referee = state.lastCheck;
    state.endText = referee?.verdict === "counterexample"
      ? `Time is up: the builder survives the breaker, but the checker found a bug the breaker missed — ${referee.counterexample!.message}`
      : `Time is up: the builder wins. The checker certifies the queue (${referee?.summary ?? "not checked"}).`;
    if (referee?.counterexample) state.misconception = referee.counterexample.misconception;
    return [{ kind: "lost", sound: "lose", text: state.endText }];
  }
  return [];
}

export function queueStatus(state: QueueState): Status {
  return { phase: state.phase, text: state.endText, ...(state.misconception ? { misconception: state.misconception } : {}) };
}

export function queueMetrics(state: QueueState): Record<string, number> {
  const rules = rulesOf(state);
  const prog = compiled(state.source);
  const out: Record<string, number> = {};
  for (const key of rules.metrics) {
    switch (key) {
      case "verified": out.verified = state.lastCheck?.verdict === "verified" && state.lastCheck.source === state.source ? 1 : 0; break;
      case "orderingCost": out.orderingCost = orderingCost(state); break;
      case "throughput": out.throughput = cacheRun(prog).throughput; break;
      case "lineTransfers": out.lineTransfers = cacheRun(prog).lineTransfers; break;
      case "operations": out.operations = prog.threads.reduce((s, t) => s + t.code.filter((i) => VISIBLE.has(i.op) && i.op !== "naRead" && i.op !== "naWrite" && i.op !== "spin").length, 0); break;
      case "checks": out.checks = state.checks; break;
      case "steps": out.steps = state.exec?.actions.length ?? 0; break;
      case "ticks": out.ticks = state.tick; break;
    }
  }
  return out;
}
