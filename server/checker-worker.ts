/**
 * Runs the race-free-queue checker in a worker thread, so a room's event loop stays responsive while a search
 * runs. Budgets: an execution count (inside the search) and wall-clock milliseconds (polled by the search through
 * `shouldStop`, plus a hard `terminate()` a little after the deadline in case one step runs long).
 *
 * `checkInWorker(source, opts)` resolves to the checker's verdict, a compile error, or a budget verdict; it never
 * rejects. The same file is the worker's entry point (it runs `runJob` when loaded off the main thread).
 */
import { isMainThread, parentPort, Worker, workerData } from "node:worker_threads";
import { check, type CheckResult } from "../shared/levels/race-free-queue/checker.ts";
import { compileSource } from "../shared/levels/race-free-queue/compile.ts";
import type { ParseError } from "../shared/levels/race-free-queue/parser.ts";

export interface WorkerCheckOptions {
  readonly preemptions?: number;
  readonly loopBound?: number;
  /** Stop after this many executions (verdict "budget"). Default 2,000,000. */
  readonly maxExecutions?: number;
  /** Stop after this many milliseconds (verdict "budget"). Default 10,000. */
  readonly maxMs?: number;
}

export type WorkerVerdict =
  | { readonly ok: true; readonly result: CheckResult; readonly ms: number }
  | { readonly ok: false; readonly error: ParseError | { code: string; message: string } };

interface Job { source: string; opts: WorkerCheckOptions }

/** Grace after the deadline before the worker is terminated outright. */
const HARD_KILL_MS = 500;

function runJob(job: Job): WorkerVerdict {
  const compiled = compileSource(job.source);
  if (!compiled.ok) return { ok: false, error: compiled.error };
  const start = performance.now();
  const deadline = start + (job.opts.maxMs ?? 10_000);
  const result = check(compiled.program, {
    preemptions: job.opts.preemptions ?? 2,
    ...(job.opts.loopBound !== undefined ? { loopBound: job.opts.loopBound } : {}),
    maxExecutions: job.opts.maxExecutions ?? 2_000_000,
    shouldStop: () => performance.now() > deadline,
  });
  return { ok: true, result, ms: Math.round(performance.now() - start) };
}

export function checkInWorker(source: string, opts: WorkerCheckOptions = {}): Promise<WorkerVerdict> {
  return new Promise((resolve) => {
    const worker = new Worker(new URL(import.meta.url), { workerData: { source, opts } satisfies Job });
    let settled = false;
    const settle = (v: WorkerVerdict) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      void worker.terminate();
      resolve(v);
    };
    const timer = setTimeout(() => settle({
      ok: true, ms: (opts.maxMs ?? 10_000) + HARD_KILL_MS,
      result: { verdict: "budget", executions: 0, complete: 0, bounded: 0, pruned: 0, summary: "the check ran past its time budget and was stopped" },
    }), (opts.maxMs ?? 10_000) + HARD_KILL_MS);
    worker.once("message", (v: WorkerVerdict) => settle(v));
    worker.once("error", (e) => settle({ ok: false, error: { code: "E_CHECKER", message: `the checker failed: ${e.message}` } }));
    worker.once("exit", (code) => settle({ ok: false, error: { code: "E_CHECKER", message: `the checker exited early (code ${code})` } }));
  });
}

if (!isMainThread && parentPort && (workerData as Job | undefined)?.source !== undefined) {
  parentPort.postMessage(runJob(workerData as Job));
}
