/**
 * pin-the-struct as a state machine over plain data: the player submits a program (the body of main), the game
 * compiles it with rustc's verdict, then the player steps it (or runs it) on the memory machine. A compile error
 * is an accepted action that counts as an error made; undefined behaviour or a panic loses the run; reaching the
 * end of main with the stage's goal met wins it; reaching it without the goal leaves the stage open for the next
 * program.
 */
import { fail, ok, type Result } from "../../engine/errors.ts";
import type { LevelEvent, Status } from "../../engine/level.ts";
import { compile, stageEnv, type Compiled } from "./compile.ts";
import { lineCol, renderDiagnostic } from "./diagnostics.ts";
import { goalGap } from "./goals.ts";
import { newRun, stepRun, type RunState, type UbKind } from "./interpreter.ts";
import { STAGE_GOALS, STAGES } from "./stages.ts";

export interface ShownDiagnostic {
  readonly code: string;
  readonly message: string;
  readonly line: number;
  readonly col: number;
  readonly start: number;
  readonly end: number;
  readonly rendered: string;
}

export interface PinState {
  tick: number;
  stage: number;
  seed: number;
  /** The program being run ("" before the first program that compiles). */
  program: string;
  /** The last submission's diagnostics (empty when it compiled). */
  diagnostics: ShownDiagnostic[];
  run: RunState | null;
  compileErrors: number;
  unsafeBlocks: number;
  statements: number;
  submissions: number;
  phase: Status["phase"];
  endText: string;
  misconception: string;
  /** Why the last completed run did not win (empty otherwise). */
  goalGap: string;
}

export type PinAction =
  | { readonly type: "submit"; readonly program: string }
  | { readonly type: "step" }
  | { readonly type: "run" }
  | { readonly type: "reset" };

export type PinEvent = LevelEvent & { readonly stmt?: number; readonly addr?: number; readonly to?: number };

export const MISCONCEPTIONS: Record<UbKind, string> = {
  "dangling pointer dereference": "dangling self-pointer",
  "moved a pinned value": "moved a pinned value",
  "inconsistent projection": "inconsistent projection",
  "Drop moved a pinned field": "Drop moved a pinned field",
};

export function initPin(stage: number, seed: number): PinState {
  const s = STAGES.some((x) => x.id === stage) ? stage : 1;
  return {
    tick: 0, stage: s, seed, program: "", diagnostics: [], run: null, compileErrors: 0, unsafeBlocks: 0, statements: 0,
    submissions: 0, phase: "playing", endText: "", misconception: "", goalGap: "",
  };
}

const cache = new Map<string, Compiled>();
/** Compiling is a pure function of (stage, text); a small memo keeps stepping cheap. */
export function compiled(stage: number, program: string): Compiled {
  const key = `${stage}\u0000${program}`;
  let c = cache.get(key);
  if (!c) {
    c = compile(stage, program);
    if (cache.size > 64) cache.delete(cache.keys().next().value!);
    cache.set(key, c);
  }
  return c;
}

export function showDiagnostics(program: string, c: Compiled): ShownDiagnostic[] {
  if (c.ok) return [];
  return c.diagnostics.map((d) => ({ code: d.code, message: d.message, ...lineCol(program, d.span.start), start: d.span.start, end: d.span.end, rendered: renderDiagnostic(program, d) }));
}

export function stepPin(state: PinState, action: PinAction): Result<PinEvent[]> {
  const events: PinEvent[] = [];
  if (action.type === "submit") {
    const c = compiled(state.stage, action.program);
    state.submissions++;
    state.diagnostics = showDiagnostics(action.program, c);
    state.goalGap = "";
    if (!c.ok) {
      state.compileErrors += c.diagnostics.length;
      for (const d of state.diagnostics) events.push({ kind: "compile-error", sound: "reject", text: d.rendered });
      return ok(events);
    }
    state.program = action.program;
    state.unsafeBlocks = c.check.unsafeBlocks;
    state.statements = c.check.statements;
    state.run = newRun();
    events.push({ kind: "compiled", sound: "place", text: `Compiled: ${c.check.statements} statements, ${c.check.unsafeBlocks} unsafe blocks. Step through it.` });
    return ok(events);
  }
  if (!state.program || !state.run) return fail("E_NO_PROGRAM", "Submit a program that compiles first.");
  if (action.type === "reset") {
    state.run = newRun();
    state.goalGap = "";
    events.push({ kind: "reset", text: "The machine is reset to the start of main." });
    return ok(events);
  }
  if (state.run.finished) return fail("E_RUN_OVER", "The program has finished: reset to run it again, or submit another.");
  const c = compiled(state.stage, state.program) as Extract<Compiled, { ok: true }>;
  const env = stageEnv(state.stage);
  const run = state.run;
  const from = run.trace.length;
  do stepRun(env, run, c.block, c.check.calls, c.check.letTypes);
  while (action.type === "run" && !run.finished);
  for (const e of run.trace.slice(from)) {
    events.push({ kind: e.kind, text: e.text, stmt: e.stmt, ...(e.addr !== undefined ? { addr: e.addr } : {}), ...(e.to !== undefined ? { to: e.to } : {}), ...(e.kind === "ub" ? { sound: "lose" } : e.kind === "free" ? { sound: "free" } : {}) });
  }
  if (run.ub) {
    end(state, events, "lost", `${run.ub.text} — the run ends here, as it would under Miri.`, MISCONCEPTIONS[run.ub.kind]);
  } else if (run.panic) {
    end(state, events, "lost", `The program panicked: ${run.panic}.`, "panic");
  } else if (run.finished) {
    const gap = goalGap(STAGE_GOALS[state.stage - 1]!, run);
    if (!gap) end(state, events, "won", STAGES[state.stage - 1]!.victory, "");
    else {
      state.goalGap = gap;
      events.push({ kind: "finished", sound: "tick", text: `main returned without undefined behaviour, but the goal is not met: ${gap}.` });
    }
  }
  return ok(events);
}

function end(state: PinState, events: PinEvent[], phase: "won" | "lost", text: string, misconception: string): void {
  state.phase = phase;
  state.endText = text;
  state.misconception = misconception;
  events.push({ kind: phase, sound: phase === "won" ? "win" : "lose", text });
}

export function tickPin(state: PinState): PinEvent[] {
  state.tick++;
  return [];
}

export function pinStatus(state: PinState): Status {
  return state.phase === "lost"
    ? { phase: "lost", text: state.endText, misconception: state.misconception }
    : { phase: state.phase, text: state.endText };
}

export function pinMetrics(state: PinState): Record<string, number> {
  return {
    unsafeBlocks: state.unsafeBlocks,
    heapAllocations: state.run ? state.run.mem.heapAllocations : 0,
    statements: state.statements,
    compileErrors: state.compileErrors,
  };
}
