/**
 * A run: one level instance plus the ordered log of accepted actions. The server drives a run from untrusted
 * input; the browser replica and the replay viewer drive the same run from the accepted log. Because both go
 * through `act` and `advance`, a replica cannot disagree with the server unless the machine is nondeterministic.
 */
import { fail, ok, type Result } from "./errors.ts";
import type { AnyLevel, LevelEvent, Status, TickedState } from "./level.ts";

export interface LoggedAction {
  /** The tick at which the action was applied (before that tick advanced). */
  readonly tick: number;
  readonly action: unknown;
}

export interface Run<S extends TickedState = TickedState> {
  readonly level: AnyLevel;
  readonly stage: number;
  readonly seed: number;
  state: S;
  readonly log: LoggedAction[];
}

export function startRun(level: AnyLevel, stage: number, seed: number): Run {
  return { level, stage, seed, state: level.init(stage, seed), log: [] };
}

export function runStatus(run: Run): Status {
  return run.level.status(run.state);
}

/** Parses and applies one action; on success it is appended to the log. Nothing changes on error. */
export function act(run: Run, untrusted: unknown): Result<{ entry: LoggedAction; events: LevelEvent[] }> {
  if (runStatus(run).phase !== "playing") return fail("E_FINISHED", "This run is over: no more actions are accepted.");
  const parsed = run.level.parse(untrusted);
  if (!parsed.ok) return parsed;
  const stepped = run.level.step(run.state, parsed.value);
  if (!stepped.ok) return stepped;
  const entry: LoggedAction = { tick: run.state.tick, action: parsed.value };
  run.log.push(entry);
  return ok({ entry, events: stepped.value });
}

/** Advances one tick if the run is still being played; returns the tick's events. */
export function advance(run: Run): LevelEvent[] {
  if (runStatus(run).phase !== "playing") return [];
  return run.level.tick(run.state);
}
