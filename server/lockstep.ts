/**
 * The authoritative side of the lockstep stream for one board: accepted actions and ticks become the messages
 * every watcher applies in order, and a finished run becomes a replay that is verified by re-simulation before
 * it is stored.
 */
import type { AnyLevel, Status } from "../shared/engine/level.ts";
import { MAX_REPLAY_NOTES, recordReplay, simulate, verifyReplay, type Replay, type ReplayNote, type Verification } from "../shared/engine/replay.ts";
import { act, advance, runStatus, startRun, type Run } from "../shared/engine/run.ts";
import { fail, ok, type GameError, type Result } from "../shared/engine/errors.ts";
import { RULES } from "../shared/levels/index.ts";
import type { StepPool } from "./step-worker.ts";
import type { BoardActor } from "./board-actors.ts";
import type { Bucket, Limiter } from "./rate-limit.ts";
import { ALLOWED, HASH_EVERY_TICKS, parseClientMessage, type ClientMessage, type Role, type ServerMessages } from "../shared/protocol.ts";

export interface Board {
  readonly run: Run;
  /** Set once the run has ended and its replay has been stored. */
  finished: ServerMessages["finished"] | null;
  /** The recording in progress (set when the run ends, before the write is durable). */
  finishing?: Promise<ServerMessages["finished"]>;
  /** A heavy step is running on a worker: the board's clock waits for it. */
  busy?: boolean;
  /** The tail of this board's action queue (actions apply one at a time, in arrival order). */
  queue?: Promise<void>;
  /** Rejected attempts, kept for the replay viewer's error markers. */
  readonly notes: ReplayNote[];
  readonly forkOf?: { readonly replay: string; readonly tick: number };
  /** The worker pool this board's actions went to; heavy ticks and replay verification use it too. */
  steps?: StepPool;
  /**
   * Set while the board's ticks run on a worker (Level.heavyTicks): the live state is there, `run.state` is the
   * state at the hand-off, and `run.log` holds every action streamed so far. Read through boardTick/boardStatus.
   */
  hosted?: BoardActor;
}

export function openBoard(level: AnyLevel, stage: number, seed: number): Board {
  return { run: startRun(level, stage, seed), finished: null, notes: [] };
}

/**
 * "Fork from here": a new board whose state is the replay's at `tick` (its actions up to that tick, the same
 * seed), so the forked run's own replay re-simulates from scratch like any other.
 */
export function forkBoard(level: AnyLevel, replay: Replay, replayId: string, tick: number): Result<Board> {
  if (replay.level !== level.id || replay.levelVersion !== level.version) {
    return fail("E_LEVEL_VERSION", `Only replays of the current ${level.id} rules (v${level.version}) can be forked.`);
  }
  if (tick > replay.finalTick) return fail("E_FORK_TICK", `The replay ends at tick ${replay.finalTick}.`);
  const run = simulate(level, replay, tick);
  if (!run.ok) return run;
  if (runStatus(run.value).phase !== "playing") return fail("E_FORK_ENDED", `The run is already over at tick ${tick}: fork from an earlier tick.`);
  return ok({ run: run.value, finished: null, notes: [], forkOf: { replay: replayId, tick } });
}

/** Remembers a rejected attempt on the board (bounded), for the replay's error markers. */
export function noteRejection(board: Board, error: GameError): void {
  if (board.notes.length < MAX_REPLAY_NOTES) board.notes.push({ tick: board.run.state.tick, code: error.code, message: error.message.slice(0, 400) });
}

export function syncMessage(board: Board, role: Role, seat: string): ServerMessages["sync"] {
  const { run } = board;
  return {
    role, seat, level: run.level.id, stage: run.stage, levelVersion: run.level.version, seed: run.seed,
    tick: boardTick(board), log: run.log.slice(),
  };
}

/** The tick the board's watchers have reached (a hosted board's live state may be a few ticks further). */
export function boardTick(board: Board): number {
  return board.hosted ? board.hosted.view.tick : board.run.state.tick;
}

export function boardStatus(board: Board): Status {
  return board.hosted ? board.hosted.view.status : runStatus(board.run);
}

export function boardMetrics(board: Board): Record<string, number> {
  return board.hosted ? board.hosted.view.metrics : board.run.level.metrics(board.run.state);
}

export function actOnBoard(board: Board, action: unknown, seq: number): Result<ServerMessages["action"]> {
  const applied = act(board.run, action);
  if (!applied.ok) return applied;
  return { ok: true, value: { tick: applied.value.entry.tick, action: applied.value.entry.action, seq } };
}

/**
 * Like `actOnBoard`, but an action the level marks heavy is stepped on a worker (`steps`). While it runs the board
 * is busy: its clock waits (tickBoard skips it), so the action lands at the tick it was received, exactly as inline.
 * Callers apply a board's actions one at a time (see `serially`).
 */
export async function actOnBoardAsync(board: Board, untrusted: unknown, seq: number, steps: StepPool): Promise<Result<ServerMessages["action"]>> {
  const { run } = board;
  board.steps ??= steps;
  if (boardStatus(board).phase !== "playing") return fail("E_FINISHED", "This run is over: no more actions are accepted.");
  const parsed = run.level.parse(untrusted);
  if (!parsed.ok) return parsed;
  if (board.hosted) {
    const out = await board.hosted.act(parsed.value);
    if (out.error) return { ok: false, error: out.error };
    const entry = { tick: out.tick, action: parsed.value };
    run.log.push(entry);
    return ok({ tick: entry.tick, action: entry.action, seq });
  }
  if (!run.level.heavy?.(parsed.value)) return actOnBoard(board, parsed.value, seq);
  board.busy = true;
  try {
    const out = await steps.step(run.level.id, run.level.version, run.state, parsed.value);
    if (!out.result.ok) return out.result;
    const entry = { tick: run.state.tick, action: parsed.value };
    run.state = out.state;
    run.log.push(entry);
    return ok({ tick: entry.tick, action: entry.action, seq });
  } finally {
    board.busy = false;
  }
}

/** Runs `task`s for one board strictly in arrival order (each waits for the previous, heavy or not). */
export function serially(board: Board, task: () => Promise<void>): void {
  board.queue = (board.queue ?? Promise.resolve()).then(task, task);
}

/** Advances the clock of an inline board; returns the tick message, or null if the run is not being played. */
export function tickBoard(board: Board): ServerMessages["tick"] | null {
  return board.busy ? null : tickReport(board.run);
}

/**
 * Advances a run one tick and returns its tick message — carrying the state hash every HASH_EVERY_TICKS ticks and
 * when the run ends — or null if the run is over. Inline boards and board workers both tick through here.
 */
export function tickReport(run: Run): ServerMessages["tick"] | null {
  if (runStatus(run).phase !== "playing") return null;
  advance(run);
  const tick = run.state.tick;
  const ended = runStatus(run).phase !== "playing";
  return ended || tick % HASH_EVERY_TICKS === 0 ? { tick, hash: run.level.hash(run.state) } : { tick };
}

/**
 * One tick of the room's clock for any board: the tick messages to stream, in order. A board whose ticks are
 * heavy moves to a worker here (once its pool is known, i.e. after its first action) and from then on streams what
 * its actor has produced — usually one tick, several when it catches up, none when it is behind.
 */
export function clockBoard(board: Board): ServerMessages["tick"][] {
  const { run } = board;
  if (!board.hosted && !board.busy && board.steps && !board.finishing && run.level.heavyTicks?.(run.state) && !isOver(board)) {
    board.hosted = board.steps.boards.host(run.level, run.state);
  }
  if (board.hosted) return board.hosted.clock();
  const tick = tickBoard(board);
  return tick ? [tick] : [];
}

/** Brings a hosted board's live state back to this thread (its actor ends); a no-op for inline boards. */
export async function bringHome(board: Board): Promise<void> {
  const actor = board.hosted;
  if (!actor) return;
  try {
    board.run.state = await actor.release();
  } catch (e) {
    // Closed while releasing (the room went away): the replay then fails verification and is not stored.
    console.error(`[lockstep] a hosted board did not come back: ${(e as Error).message}`);
  }
  board.hosted = undefined;
}

/** Room disposed: a hosted board's actor is dropped (its pending actions are refused). */
export function closeBoard(board: Board): void {
  board.hosted?.stop();
  board.hosted = undefined;
}

export function isOver(board: Board): boolean {
  return boardStatus(board).phase !== "playing";
}

/**
 * Records the ended run and re-simulates it from the seed; only a replay that reproduces its own final hash
 * is handed to `store`. Resolves to the `finished` message for every watcher once the replay is durable.
 * Called twice for the same board (e.g. a tick and an action racing the write), it records once.
 */
export function finishBoard(board: Board, store: (replay: Replay) => Promise<string>): Promise<ServerMessages["finished"]> {
  board.finishing ??= (async () => {
    await bringHome(board);
    const replay: Replay = { ...recordReplay(board.run), notes: board.notes.slice(), ...(board.forkOf ? { forkOf: board.forkOf } : {}) };
    const check = await verify(board, replay);
    let replayId: string | null = null;
    if (check.valid) {
      try {
        replayId = await store(replay);
      } catch (e) {
        console.error(`[lockstep] storing a replay failed: ${(e as Error).message}`);
      }
    } else {
      console.error(`[lockstep] replay failed verification: ${check.error?.message}`);
    }
    const status = runStatus(board.run);
    board.finished = { phase: status.phase, text: status.text, metrics: replay.metrics, finalHash: replay.finalHash, replayId };
    return board.finished;
  })();
  return board.finishing;
}

/**
 * Re-simulation from the seed: on the worker pool for levels with heavy steps or ticks (a 5-minute Tetris game is
 * 18,000 frames, seconds of a blocked room inline), inline otherwise. The verdict is the same either way.
 */
async function verify(board: Board, replay: Replay): Promise<Verification> {
  const { level } = board.run;
  if (!board.steps || !(level.heavy || level.heavyTicks)) return verifyReplay(RULES, replay);
  try {
    return await board.steps.verify(replay);
  } catch (e) {
    // A worker lost mid-verification: the replay is not stored unverified.
    const message = `verification did not finish: ${(e as Error).message}`;
    return { valid: false, phase: "invalid", metrics: {}, expectedHash: replay.finalHash, actualHash: null, hashMatches: false, error: { code: "E_VERIFY_FAILED", message } };
  }
}

/** One client message through flood control, validation and the sender's role: the message, or the error to send back. */
export function admitMessage(limiter: Limiter, bucket: Bucket, role: Role, type: unknown, payload: unknown): Result<ClientMessage> {
  const limited = limiter.admit(bucket);
  if (limited) return { ok: false, error: limited };
  const parsed = parseClientMessage(type, payload);
  if (!parsed.ok) return parsed;
  if (!ALLOWED[role].includes(parsed.value.type)) return fail("E_FORBIDDEN", `A ${role} may not send "${parsed.value.type}".`);
  return parsed;
}
