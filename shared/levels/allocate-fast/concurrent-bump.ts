/**
 * allocate-fast stage 8: a thread-safe bump allocator under eight simulated threads. The player picks how the
 * shared cursor is updated and whether the bounds check is kept; a seeded scheduler interleaves the threads one
 * micro-step at a time, so races really happen and every run of the same seed interleaves the same way.
 *
 * - `none`: load the cursor, then store cursor + size (a `Cell<usize>` shared across threads). Two threads that
 *   load before either stores get the same memory; and such an allocator is not `Sync`, so Rust would refuse it.
 * - `spinlock`: swap a lock flag until it is ours (each failed swap is a spin), bump, release.
 * - `cas`: the curriculum's loop: `current.load(Relaxed)`, align, `new = aligned + size`, `if new > end { return
 *   null }`, `compare_exchange_weak(current, new)`, retry on failure.
 * - `tlab`: each thread bumps inside its own chunk without atomics and refills a `tlab`-byte chunk from the shared
 *   cursor with the same CAS loop ("thread-local caches: each thread has its own bump pointer; refill from shared pool").
 *
 * `boundsCheck: false` drops the `new > end` test, as the curriculum's own homework solution does (its CAS alloc
 * has no bounds check; digest §F.8): allocations then run past the end of the arena.
 *
 * Time: each thread has its own clock; an atomic on the cursor's line that another thread wrote last also pays a
 * line transfer (cost.ts). The run takes as long as the slowest thread.
 */
import { fail, ok, type Result } from "../../engine/errors.ts";
import { isRecord } from "../../engine/validate.ts";
import { createRng, nextInt } from "../../engine/rng.ts";
import type { LevelEvent, Status } from "../../engine/level.ts";
import { alignUp, hex } from "./alignment.ts";
import { COST_PS } from "./cost.ts";

export const ARENA = { size: 4096, threads: 8, allocsPerThread: 14 } as const;

export interface BumpSyncSpec {
  readonly kind: "bump";
  readonly sync: "none" | "spinlock" | "cas" | "tlab";
  readonly boundsCheck: boolean;
  /** Chunk bytes a thread takes at a time (tlab only). */
  readonly tlab: number;
}

export function parseBumpSync(untrusted: unknown): Result<BumpSyncSpec> {
  if (!isRecord(untrusted)) return fail("E_BAD_DESIGN", "allocator must be an object like {\"kind\": \"bump\", \"sync\": \"cas\", \"boundsCheck\": true}.");
  for (const k of Object.keys(untrusted)) {
    if (!["kind", "sync", "boundsCheck", "tlab"].includes(k)) return fail("E_BAD_DESIGN", `allocator.${k} is not a field of a threaded bump (fields: kind, sync, boundsCheck, tlab).`);
  }
  if (untrusted.kind !== "bump") return fail("E_BAD_DESIGN", "allocator.kind must be bump on this stage.");
  const sync = untrusted.sync;
  if (sync !== "none" && sync !== "spinlock" && sync !== "cas" && sync !== "tlab") return fail("E_BAD_DESIGN", "allocator.sync must be one of none, spinlock, cas, tlab.");
  const boundsCheck = untrusted.boundsCheck ?? true;
  if (typeof boundsCheck !== "boolean") return fail("E_BAD_DESIGN", "allocator.boundsCheck must be true or false.");
  const tlab = untrusted.tlab ?? 256;
  if (typeof tlab !== "number" || !Number.isInteger(tlab) || tlab < 64 || tlab > 2048 || tlab % 16 !== 0) {
    return fail("E_BAD_DESIGN", "allocator.tlab must be a multiple of 16 from 64 to 2048.");
  }
  return ok({ kind: "bump", sync, boundsCheck, tlab });
}

export interface ThreadedResult {
  /** Blocks handed out: [start, end, thread]. */
  readonly blocks: readonly (readonly [number, number, number])[];
  readonly nulls: number;
  readonly casRetries: number;
  readonly spins: number;
  readonly makespanPs: number;
  readonly allocs: number;
  /** A failure code, or "" when every block is in bounds and disjoint. */
  readonly code: string;
  readonly text: string;
}

/** Each thread's request sizes (align 8), from the seed. */
export function threadRequests(seed: number): number[][] {
  const rng = createRng(seed ^ 0x5eed);
  return Array.from({ length: ARENA.threads }, () => Array.from({ length: ARENA.allocsPerThread }, () => nextInt(rng, 3, 8) * 8));
}

interface Thread {
  next: number;
  pc: "start" | "loaded" | "locked" | "done";
  seen: number;
  clock: number;
  chunk: [number, number];
}

export function runThreaded(spec: BumpSyncSpec, seed: number): ThreadedResult {
  const reqs = threadRequests(seed);
  const rng = createRng(seed);
  const threads: Thread[] = reqs.map(() => ({ next: 0, pc: "start", seen: 0, clock: 0, chunk: [0, 0] }));
  const blocks: [number, number, number][] = [];
  let cursor = 0;
  let lastWriter = -1;
  let lockHolder = -1;
  let nulls = 0;
  let casRetries = 0;
  let spins = 0;
  const align = 8;
  const end = ARENA.size;
  const touch = (t: number) => {
    if (lastWriter !== -1 && lastWriter !== t) threads[t]!.clock += COST_PS.lineTransfer;
  };
  const finish = (t: number, start: number, size: number) => {
    if (start < 0) nulls++;
    else blocks.push([start, start + size, t]);
    const th = threads[t]!;
    th.next++;
    th.pc = th.next >= reqs[t]!.length ? "done" : "start";
  };
  for (;;) {
    const runnable = threads.map((th, i) => (th.pc === "done" ? -1 : i)).filter((i) => i >= 0);
    if (runnable.length === 0) break;
    const t = runnable[nextInt(rng, 0, runnable.length - 1)]!;
    const th = threads[t]!;
    const size = reqs[t]![th.next]!;
    if (spec.sync === "none") {
      if (th.pc === "start") {
        th.seen = cursor;
        th.clock += COST_PS.call;
        th.pc = "loaded";
      } else {
        const aligned = alignUp(th.seen, align);
        th.clock += COST_PS.bump;
        if (spec.boundsCheck && aligned + size > end) finish(t, -1, size);
        else {
          cursor = aligned + size;
          finish(t, aligned, size);
        }
      }
    } else if (spec.sync === "spinlock") {
      if (th.pc === "start") {
        touch(t);
        lastWriter = t;
        if (lockHolder === -1) {
          lockHolder = t;
          th.clock += COST_PS.call + COST_PS.lock;
          th.pc = "locked";
        } else {
          spins++;
          th.clock += COST_PS.casRetry;
        }
      } else {
        const aligned = alignUp(cursor, align);
        th.clock += COST_PS.bump;
        lockHolder = -1;
        if (spec.boundsCheck && aligned + size > end) finish(t, -1, size);
        else {
          cursor = aligned + size;
          finish(t, aligned, size);
        }
      }
    } else {
      // cas, or tlab (which uses the same loop to refill its chunk).
      const local = spec.sync === "tlab";
      if (local && th.pc === "start") {
        const aligned = alignUp(th.chunk[0], align);
        if (aligned + size <= th.chunk[1]) {
          th.clock += COST_PS.call + COST_PS.bump;
          th.chunk[0] = aligned + size;
          finish(t, aligned, size);
          continue;
        }
      }
      const want = local ? Math.max(spec.tlab, size) : size;
      if (th.pc === "start") {
        th.seen = cursor;
        th.clock += COST_PS.call;
        th.pc = "loaded";
      } else {
        const aligned = alignUp(th.seen, local ? 16 : align);
        const next = aligned + want;
        touch(t);
        th.clock += COST_PS.bump + COST_PS.lock / 2;
        if (spec.boundsCheck && next > end) {
          if (local && th.seen < end && aligned + size <= end) {
            // The last partial chunk: take what is left, if the request fits in it.
          } else {
            finish(t, -1, size);
            continue;
          }
        }
        if (cursor !== th.seen) {
          casRetries++;
          th.clock += COST_PS.casRetry;
          th.pc = "start";
          continue;
        }
        lastWriter = t;
        const taken = spec.boundsCheck ? Math.min(next, Math.max(end, aligned + size)) : next;
        cursor = taken;
        if (local) {
          th.chunk = [aligned + size, taken];
          finish(t, aligned, size);
        } else {
          finish(t, aligned, size);
        }
      }
    }
  }
  const allocs = blocks.length;
  const makespanPs = Math.max(...threads.map((th) => th.clock));
  const base = { blocks, nulls, casRetries, spins, makespanPs, allocs };
  const past = blocks.find(([, e]) => e > end);
  if (past) {
    return { ...base, code: "E_OUT_OF_BOUNDS", text: `Thread ${past[2]} was given ${hex(past[0], 4)}..${hex(past[1], 4)}, past the end of the ${end}-byte arena: the CAS loop has no bounds check, so it hands out memory it does not own.` };
  }
  const sorted = [...blocks].sort((a, b) => a[0] - b[0]);
  for (let i = 1; i < sorted.length; i++) {
    const [s, , t] = sorted[i]!;
    const [ps, pe, pt] = sorted[i - 1]!;
    if (s < pe) {
      return { ...base, code: "E_DATA_RACE", text: `Threads ${pt} and ${t} were both given memory at ${hex(Math.max(s, ps), 4)}: both loaded the bump pointer before either stored it back (a lost update).` };
    }
  }
  if (spec.sync === "none") {
    return { ...base, code: "E_DATA_RACE", text: "No two blocks overlapped this time, but the unsynchronised load and store are a data race: a Cell<usize> bump pointer is not Sync, so Rust refuses it as a global allocator." };
  }
  return { ...base, code: "", text: "" };
}

export interface ThreadsState {
  mode: "threads";
  stage: number;
  tick: number;
  seed: number;
  attempts: { design: BumpSyncSpec; makespanPs: number; casRetries: number; spins: number; nulls: number; allocs: number; code: string }[];
  phase: Status["phase"];
  endText: string;
  misconception: string;
}

export type ThreadsAction = { readonly type: "design"; readonly allocator: unknown };
export type ThreadsEvent = LevelEvent & ({ kind: "ran"; attempt: number; ok: boolean } | { kind: "won" } | { kind: "lost" });

export function initThreads(stage: number, seed: number): ThreadsState {
  return { mode: "threads", stage, tick: 0, seed, attempts: [], phase: "playing", endText: "", misconception: "" };
}

export function stepThreads(state: ThreadsState, action: ThreadsAction): Result<ThreadsEvent[]> {
  const parsed = parseBumpSync(action.allocator);
  if (!parsed.ok) return parsed;
  const r = runThreaded(parsed.value, state.seed);
  state.attempts.push({ design: parsed.value, makespanPs: r.makespanPs, casRetries: r.casRetries, spins: r.spins, nulls: r.nulls, allocs: r.allocs, code: r.code });
  if (r.code) {
    state.phase = "lost";
    state.endText = r.text;
    state.misconception = r.code === "E_OUT_OF_BOUNDS" ? "missing bounds check" : "data race";
    return ok([{ kind: "ran", attempt: state.attempts.length, ok: false }, { kind: "lost", sound: "lose", text: r.text }]);
  }
  state.phase = "won";
  return ok([{ kind: "ran", attempt: state.attempts.length, ok: true }, { kind: "won", sound: "win" }]);
}

export function tickThreads(state: ThreadsState): ThreadsEvent[] {
  state.tick++;
  return [];
}

export function threadsStatus(state: ThreadsState, victory: string): Status {
  if (state.phase === "lost") return { phase: "lost", text: state.endText, misconception: state.misconception };
  return { phase: state.phase, text: state.phase === "won" ? victory : "" };
}

export function threadsMetrics(state: ThreadsState): Record<string, number> {
  const a = state.attempts[state.attempts.length - 1];
  return {
    makespanNs: a ? Math.round(a.makespanPs / 1000) : 0,
    costPerAllocPs: a && a.allocs ? Math.round((a.makespanPs * ARENA.threads) / (a.allocs + a.nulls)) : 0,
    casRetries: a ? a.casRetries + a.spins : 0,
    nulls: a?.nulls ?? 0,
  };
}
