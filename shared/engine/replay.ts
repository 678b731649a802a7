/**
 * The replay format: everything needed to re-create a run bit for bit. A replay is the seed plus the
 * ordered accepted actions with their ticks; the final hash and metrics are claims that re-simulation checks.
 */
import { fail, gameError, ok, type Result } from "./errors.ts";
import { arrayOf, anything, int, oneOf, optional, recordOf, shape, str } from "./validate.ts";
import { levelAtVersion, type AnyLevel, type Phase } from "./level.ts";
import { act, advance, runStatus, startRun, type LoggedAction, type Run } from "./run.ts";

export const REPLAY_FORMAT = 1;

/** A rejected attempt during the run: advisory (shown as a timeline marker), never re-simulated. */
export interface ReplayNote {
  readonly tick: number;
  readonly code: string;
  readonly message: string;
}

export interface Replay {
  readonly format: typeof REPLAY_FORMAT;
  readonly level: string;
  readonly stage: number;
  readonly levelVersion: number;
  readonly seed: number;
  readonly actions: readonly LoggedAction[];
  /** The tick the run had reached when it was recorded. */
  readonly finalTick: number;
  readonly finalHash: string;
  readonly phase: Phase;
  readonly metrics: Readonly<Record<string, number>>;
  /** Rejected attempts, for the viewer's error markers. */
  readonly notes?: readonly ReplayNote[];
  /** Set when the run was forked from another replay at a tick; its first actions are that replay's. */
  readonly forkOf?: { readonly replay: string; readonly tick: number };
}

export function recordReplay(run: Run): Replay {
  return {
    format: REPLAY_FORMAT,
    level: run.level.id,
    stage: run.stage,
    levelVersion: run.level.version,
    seed: run.seed,
    actions: run.log.slice(),
    finalTick: run.state.tick,
    finalHash: run.level.hash(run.state),
    phase: runStatus(run).phase,
    metrics: run.level.metrics(run.state),
  };
}

/**
 * Re-simulates a replay up to `untilTick` (default: its final tick): at each tick, the actions stamped with
 * that tick are applied in order, then the clock advances. Actions at `untilTick` itself are applied.
 * Fails if an action is rejected or out of order, or if the run ends while actions remain.
 */
export function simulate(level: AnyLevel, replay: Pick<Replay, "stage" | "seed" | "actions" | "finalTick">,
  untilTick = replay.finalTick): Result<Run> {
  const run = startRun(level, replay.stage, replay.seed);
  let next = 0;
  const actions = replay.actions;
  for (;;) {
    while (next < actions.length && actions[next]!.tick === run.state.tick) {
      const applied = act(run, actions[next]!.action);
      if (!applied.ok) {
        return fail("E_REPLAY_REJECTED", `Action ${next} at tick ${actions[next]!.tick} was rejected on re-simulation: ${applied.error.message}`);
      }
      next++;
    }
    if (next < actions.length && actions[next]!.tick < run.state.tick) {
      return fail("E_REPLAY_ORDER", `Action ${next} is stamped with tick ${actions[next]!.tick}, earlier than the action before it.`);
    }
    if (run.state.tick >= untilTick) break;
    if (runStatus(run).phase !== "playing") {
      if (next < actions.length) return fail("E_REPLAY_TRAILING", `The run ended at tick ${run.state.tick} but ${actions.length - next} actions remain.`);
      break;
    }
    advance(run);
  }
  return ok(run);
}

export interface Verification {
  readonly valid: boolean;
  readonly phase: Phase | "invalid";
  readonly metrics: Record<string, number>;
  readonly expectedHash: string;
  readonly actualHash: string | null;
  readonly hashMatches: boolean;
  readonly error?: { code: string; message: string };
}

/** Re-simulates a replay from scratch and compares the final hash with the one it claims. */
export function verifyReplay(levels: ReadonlyMap<string, AnyLevel>, replay: Replay): Verification {
  const invalid = (code: string, message: string): Verification => ({
    valid: false, phase: "invalid", metrics: {}, expectedHash: String(replay.finalHash), actualHash: null,
    hashMatches: false, error: { code, message },
  });
  const current = levels.get(replay.level);
  if (!current) return invalid("E_UNKNOWN_LEVEL", `No built level is called "${replay.level}".`);
  const level = levelAtVersion(current, replay.levelVersion);
  if (!level) {
    return invalid("E_LEVEL_VERSION", `The replay was recorded on ${current.id} v${replay.levelVersion}, a version of the rules this build does not keep (it runs v${current.version}).`);
  }
  if (!level.stages.some((s) => s.id === replay.stage)) return invalid("E_UNKNOWN_STAGE", `${level.id} has no stage ${replay.stage}.`);
  const result = simulate(level, replay);
  if (!result.ok) return invalid(result.error.code, result.error.message);
  const run = result.value;
  const actualHash = level.hash(run.state);
  const hashMatches = actualHash === replay.finalHash;
  return {
    valid: hashMatches, phase: runStatus(run).phase, metrics: level.metrics(run.state),
    expectedHash: replay.finalHash, actualHash, hashMatches,
    ...(hashMatches ? {} : { error: { code: "E_HASH_MISMATCH", message: "Re-simulation does not reproduce the replay's final state." } }),
  };
}

const MAX_REPLAY_ACTIONS = 100_000;
export const MAX_REPLAY_NOTES = 1000;
const checkReplay = shape({
  format: int(REPLAY_FORMAT, REPLAY_FORMAT),
  level: str(1, 64, /^[a-z0-9-]+$/),
  stage: int(1, 99),
  levelVersion: int(0, 1_000_000),
  seed: int(0, 0xffffffff),
  actions: arrayOf(shape({ tick: int(0, 0x7fffffff), action: anything }), MAX_REPLAY_ACTIONS),
  finalTick: int(0, 0x7fffffff),
  finalHash: str(16, 16, /^[0-9a-f]{16}$/),
  phase: oneOf("playing", "won", "lost"),
  metrics: recordOf(int(-0x7fffffff, 0x7fffffff), 64),
  notes: optional(arrayOf(shape({ tick: int(0, 0x7fffffff), code: str(1, 40), message: str(0, 400) }), MAX_REPLAY_NOTES)),
  forkOf: optional(shape({ replay: str(1, 32, /^[A-Za-z0-9_-]+$/), tick: int(0, 0x7fffffff) })),
});

/** Validates the shape of an untrusted replay (a file, an upload); re-simulation checks the rest. */
export function parseReplay(untrusted: unknown): Result<Replay> {
  const why = checkReplay(untrusted, "replay");
  return why ? { ok: false, error: gameError("E_BAD_REPLAY", why) } : { ok: true, value: untrusted as Replay };
}
