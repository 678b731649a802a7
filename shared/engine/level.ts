/**
 * The level contract. Every level is a pure, deterministic state machine over plain data; the server,
 * the browser board and the replay viewer all run the same object.
 *
 * Determinism rules: integer state only, randomness only from the seeded PRNG kept in the state, no clocks,
 * no I/O. `step` must leave the state untouched when it returns an error.
 */
import type { GameError, Result } from "./errors.ts";

/** What a board plays for an event; the client maps a cue to a sound sprite. */
export type SoundCue = "place" | "reject" | "win" | "lose" | "tick" | "free";

/** Every event a level emits carries a kind, an optional sound cue and the sentence a player reads. */
export interface LevelEvent {
  readonly kind: string;
  readonly sound?: SoundCue;
  readonly text?: string;
}

export type Phase = "playing" | "won" | "lost";

export interface Status {
  readonly phase: Phase;
  /** Why the run ended (victory text or the reason for losing), empty while playing. */
  readonly text: string;
  /** For a loss: the misconception class the failure belongs to (e.g. "unaligned access"). */
  readonly misconception?: string;
}

/** How a metric reads: which way is better, and its unit for display. */
export interface MetricInfo {
  readonly key: string;
  readonly label: string;
  readonly unit: "bytes" | "ticks" | "count" | "permille";
  readonly better: "lower" | "higher";
}

export interface StageInfo {
  /** 1-based stage number. */
  readonly id: number;
  readonly title: string;
  /** One sentence: what the player must do. */
  readonly goal: string;
  /** The concept the stage teaches. */
  readonly concept: string;
  /** Up to three hints, from gentle to explicit. */
  readonly hints: readonly string[];
  /** Shown on victory: states the lesson. */
  readonly victory: string;
  /** Milliseconds of real time per simulation tick (the server's clock for this stage). */
  readonly tickMs: number;
  /** The metrics this stage reports, in display order. */
  readonly metrics: readonly MetricInfo[];
}

/** Catalogue entry shown on level select; levels not built yet have no machine. */
export interface LevelInfo {
  readonly id: string;
  readonly title: string;
  readonly blurb: string;
  readonly built: boolean;
}

/** Every level's state carries its tick counter (ticks elapsed since init). */
export interface TickedState {
  tick: number;
}

export interface Level<S extends TickedState = TickedState, A = unknown, E extends LevelEvent = LevelEvent> extends LevelInfo {
  readonly built: true;
  /** Bumped whenever a rule change would change a replay's outcome; replays name the version they were played on. */
  readonly version: number;
  /**
   * Earlier versions of the rules, kept addressable so a replay recorded on one still plays and verifies under
   * the rules it was played with. Each entry is a complete level object with its own `version`.
   */
  readonly previous?: readonly Level<any, any, LevelEvent>[];
  readonly stages: readonly StageInfo[];
  init(stage: number, seed: number): S;
  /** Untrusted input to a typed action, or a readable error. Never throws. */
  parse(untrusted: unknown): Result<A>;
  /** Applies a well-formed action; an illegal one returns an error and leaves the state unchanged. */
  step(state: S, action: A): Result<E[]>;
  /**
   * Actions whose `step` may take long (a model-checker run, a whole trace through an allocator). The server runs
   * them on a worker thread so rooms stay responsive; the result is the same as running them inline.
   */
  heavy?(action: A): boolean;
  /**
   * True when ticking this state is expensive (a whole emulated frame per tick). The server then moves the board to
   * a worker thread that keeps its live state and ticks it there (server/board-actors.ts); the stream, hashes and
   * replay are exactly as if it ticked inline. Must be cheap and pure. Once true for a run, the board stays on its
   * worker until the run ends.
   */
  heavyTicks?(state: S): boolean;
  /** Advances one fixed timestep (state.tick += 1). Called only while the status is "playing". */
  tick(state: S): E[];
  status(state: S): Status;
  metrics(state: S): Record<string, number>;
  hash(state: S): string;
}

// The registry holds levels of different state types side by side.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyLevel = Level<any, any, LevelEvent>;

/** The level object implementing `version` of a level's rules, or undefined if that version is not kept. */
export function levelAtVersion(level: AnyLevel, version: number): AnyLevel | undefined {
  return level.version === version ? level : level.previous?.find((l) => l.version === version);
}

export type { GameError, Result };
