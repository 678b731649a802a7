/**
 * Heavy level steps off the room's thread. A level marks actions whose `step` may take long (`Level.heavy`); the
 * room sends the state and the action to a worker, which runs the same deterministic `step` and returns the new
 * state, so the result is what an inline step would have produced. A small pool of workers serves every room.
 * The pool also re-simulates finished replays of heavy levels (`verify`), and carries the board actors for heavy
 * ticks (server/board-actors.ts). The same file is the worker's entry point.
 */
import { isMainThread, parentPort, Worker } from "node:worker_threads";
import type { Result } from "../shared/engine/errors.ts";
import { levelAtVersion, type LevelEvent, type TickedState } from "../shared/engine/level.ts";
import { RULES } from "../shared/levels/index.ts";
import { verifyReplay, type Replay, type Verification } from "../shared/engine/replay.ts";
import { createBoardActors, type BoardActors } from "./board-actors.ts";

type Job = { id: number } & ({ level: string; version: number; state: TickedState; action: unknown } | { verify: Replay });
export interface StepOutcome { state: TickedState; result: Result<LevelEvent[]> }
type Reply = { id: number } & ({ ok: true; outcome: StepOutcome | Verification } | { ok: false; message: string });

function runJob(job: Job): StepOutcome | Verification {
  if ("verify" in job) return verifyReplay(RULES, job.verify);
  const current = RULES.get(job.level);
  const level = current && levelAtVersion(current, job.version);
  if (!level) throw new Error(`no level ${job.level} v${job.version}`);
  const result = level.step(job.state, job.action);
  return { state: job.state, result };
}

if (!isMainThread && parentPort) {
  const port = parentPort;
  port.on("message", (job: Job) => {
    let reply: Reply;
    try {
      reply = { id: job.id, ok: true, outcome: runJob(job) };
    } catch (e) {
      reply = { id: job.id, ok: false, message: (e as Error).message };
    }
    port.postMessage(reply);
  });
}

export interface StepPool {
  /** Runs `step` on a copy of `state`; resolves to the stepped copy and the step's result. */
  step(level: string, version: number, state: TickedState, action: unknown): Promise<StepOutcome>;
  /** Re-simulates a replay (verifyReplay) on a worker. */
  verify(replay: Replay): Promise<Verification>;
  /** Workers hosting boards whose ticks are heavy (their own threads, so a long check does not stall a game). */
  readonly boards: BoardActors;
  close(): Promise<void>;
}

/** Workers start on first use; jobs go to the least busy one. */
export function createStepPool(size = 2): StepPool {
  const workers: { worker: Worker; busy: number }[] = [];
  const waiting = new Map<number, { resolve: (o: never) => void; reject: (e: Error) => void }>();
  let nextId = 1;
  const spawn = () => {
    const worker = new Worker(new URL(import.meta.url));
    const entry = { worker, busy: 0 };
    worker.on("message", (reply: Reply) => {
      entry.busy--;
      const w = waiting.get(reply.id);
      waiting.delete(reply.id);
      if (reply.ok) w?.resolve(reply.outcome as never);
      else w?.reject(new Error(reply.message));
    });
    worker.unref();
    workers.push(entry);
    return entry;
  };
  const run = <T>(job: Job): Promise<T> => {
    const entry = workers.length < size ? spawn() : workers.reduce((a, b) => (b.busy < a.busy ? b : a));
    entry.busy++;
    return new Promise<T>((resolve, reject) => {
      waiting.set(job.id, { resolve, reject });
      entry.worker.postMessage(job);
    });
  };
  const boards = createBoardActors(size);
  return {
    step: (level, version, state, action) => run<StepOutcome>({ id: nextId++, level, version, state, action }),
    verify: (replay) => run<Verification>({ id: nextId++, verify: replay }),
    boards,
    async close() {
      // Runs recorded as their rooms shut down still come home and get verified (bounded: shutdown must end).
      await boards.settle(5000);
      for (const until = Date.now() + 10_000; waiting.size > 0 && Date.now() < until;) await new Promise((r) => setTimeout(r, 10));
      await boards.close();
      await Promise.all(workers.map((w) => w.worker.terminate()));
      workers.length = 0;
    },
  };
}
