/**
 * Heavy level steps off the room's thread. A level marks actions whose `step` may take long (`Level.heavy`); the
 * room sends the state and the action to a worker, which runs the same deterministic `step` and returns the new
 * state, so the result is what an inline step would have produced. A small pool of workers serves every room.
 * The same file is the worker's entry point.
 */
import { isMainThread, parentPort, Worker } from "node:worker_threads";
import type { Result } from "../shared/engine/errors.ts";
import { levelAtVersion, type LevelEvent, type TickedState } from "../shared/engine/level.ts";
import { RULES } from "../shared/levels/index.ts";

interface Job { id: number; level: string; version: number; state: TickedState; action: unknown }
export interface StepOutcome { state: TickedState; result: Result<LevelEvent[]> }
type Reply = { id: number } & ({ ok: true; outcome: StepOutcome } | { ok: false; message: string });

function runJob(job: Job): StepOutcome {
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
  close(): Promise<void>;
}

/** Workers start on first use; jobs go to the least busy one. */
export function createStepPool(size = 2): StepPool {
  const workers: { worker: Worker; busy: number }[] = [];
  const waiting = new Map<number, { resolve: (o: StepOutcome) => void; reject: (e: Error) => void }>();
  let nextId = 1;
  const spawn = () => {
    const worker = new Worker(new URL(import.meta.url));
    const entry = { worker, busy: 0 };
    worker.on("message", (reply: Reply) => {
      entry.busy--;
      const w = waiting.get(reply.id);
      waiting.delete(reply.id);
      if (reply.ok) w?.resolve(reply.outcome);
      else w?.reject(new Error(reply.message));
    });
    worker.unref();
    workers.push(entry);
    return entry;
  };
  return {
    step(level, version, state, action) {
      const entry = workers.length < size ? spawn() : workers.reduce((a, b) => (b.busy < a.busy ? b : a));
      const id = nextId++;
      entry.busy++;
      return new Promise((resolve, reject) => {
        waiting.set(id, { resolve, reject });
        entry.worker.postMessage({ id, level, version, state, action } satisfies Job);
      });
    },
    async close() {
      await Promise.all(workers.map((w) => w.worker.terminate()));
      workers.length = 0;
    },
  };
}
