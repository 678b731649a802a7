/**
 * A worker thread that hosts boards whose ticks are heavy (Level.heavyTicks): each board's live state stays here,
 * and the main thread (server/board-actors.ts) sends it ops in order — tick, act, release — in batches, one batch
 * per flush. Every op gets exactly one reply, in order, so the main thread knows which tick each reply belongs to
 * without asking. The same deterministic level functions run here as inline, so the stream and the hashes are the
 * ones an inline board would produce.
 */
import { parentPort } from "node:worker_threads";
import { levelAtVersion, type Status, type TickedState } from "../shared/engine/level.ts";
import type { GameError } from "../shared/engine/errors.ts";
import { act, advance, runStatus, type Run } from "../shared/engine/run.ts";
import { RULES } from "../shared/levels/index.ts";
import type { ServerMessages } from "../shared/protocol.ts";
import { tickReport } from "./lockstep.ts";

/** A tick or an accepted action, as the recovery journal replays them onto a checkpoint. */
export type JournalOp = { t: "tick" } | { t: "act"; action: unknown };

export type BoardOp =
  /** Take the board over: `state` is a checkpoint, `journal` the ops applied since (replayed without replies). */
  | { t: "adopt"; board: number; level: string; version: number; state: TickedState; journal: JournalOp[] }
  | { t: "tick"; board: number }
  | { t: "act"; board: number; action: unknown }
  /** Hand the state back and forget the board. */
  | { t: "release"; board: number }
  | { t: "drop"; board: number };

export interface BoardView { status: Status; metrics: Record<string, number> }

export type BoardReply =
  | ({ t: "tick"; board: number; message: ServerMessages["tick"] | null; checkpoint?: TickedState; fault?: string } & BoardView)
  | ({ t: "act"; board: number; tick: number; error: GameError | null } & BoardView)
  | { t: "release"; board: number; state: TickedState | null };

/** A checkpoint every this many ticks bounds a crashed worker's recovery to replaying at most that many. */
export const CHECKPOINT_TICKS = 300;

const boards = new Map<number, Run>();

function view(run: Run): BoardView {
  return { status: runStatus(run), metrics: run.level.metrics(run.state) };
}

function adopt(op: Extract<BoardOp, { t: "adopt" }>): void {
  const current = RULES.get(op.level);
  const level = current && levelAtVersion(current, op.version);
  if (!level) throw new Error(`no level ${op.level} v${op.version}`);
  const run: Run = { level, stage: 0, seed: 0, state: op.state, log: [] };
  for (const j of op.journal) {
    if (j.t === "tick") advance(run);
    else act(run, j.action);
  }
  run.log.length = 0;
  boards.set(op.board, run);
}

function handle(op: BoardOp): BoardReply | null {
  if (op.t === "adopt") return adopt(op), null;
  const run = boards.get(op.board);
  if (op.t === "drop") return boards.delete(op.board), null;
  if (op.t === "release") {
    boards.delete(op.board);
    return { t: "release", board: op.board, state: run?.state ?? null };
  }
  if (!run) throw new Error(`board ${op.board} is not hosted here`);
  if (op.t === "act") {
    const applied = act(run, op.action);
    // The worker keeps no log of its own: the main thread's run.log is the board's record.
    run.log.length = 0;
    return { t: "act", board: op.board, tick: run.state.tick, error: applied.ok ? null : applied.error, ...view(run) };
  }
  let message: ServerMessages["tick"] | null = null;
  let fault: string | undefined;
  try {
    message = tickReport(run);
  } catch (e) {
    fault = (e as Error).message;
  }
  const checkpoint = message && message.tick % CHECKPOINT_TICKS === 0 ? structuredClone(run.state) : undefined;
  return { t: "tick", board: op.board, message, ...view(run), ...(checkpoint ? { checkpoint } : {}), ...(fault ? { fault } : {}) };
}

if (parentPort) {
  const port = parentPort;
  port.on("message", (ops: BoardOp[]) => {
    const replies: BoardReply[] = [];
    for (const op of ops) {
      const reply = handle(op);
      if (reply) replies.push(reply);
    }
    port.postMessage(replies);
  });
}
