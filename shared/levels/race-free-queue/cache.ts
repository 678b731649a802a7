/**
 * Simulated throughput with cache-line transfer costs: the program runs once under a fixed round-robin schedule
 * (each thread one step in turn, every load reading the newest message), and every access pays for the 64-byte
 * line it touches under a MESI-like rule: a write needs the line exclusively (a transfer if another core holds it),
 * a read needs a copy (a transfer if another core wrote it last). Padding head and tail onto their own lines removes
 * the transfers false sharing causes (reference digest §A3 "Cache Line Bouncing"; Rust Atomics and Locks ch. 7).
 *
 * The cycle costs are game constants chosen to show the effect, not measurements of a particular CPU.
 * Omits: cache capacity and eviction, prefetching, store buffers' latency hiding, the memory-model's weak choices.
 */
import type { Compiled } from "./compile.ts";
import { choices, footprint, initMachine, runnable, step, type Machine } from "./threads.ts";

export const CYCLES = {
  /** Every visible step. */
  step: 1,
  /** Moving a 64-byte line from another core's cache. */
  lineTransfer: 60,
  /** A SeqCst store or any RMW drains the store buffer (x86 `xchg`/`mfence`, ARM `dmb`). */
  fullBarrier: 20,
} as const;

const MAX_STEPS = 5000;

export interface CacheRun {
  readonly cycles: number;
  readonly lineTransfers: number;
  /** Messages consumed in the run (0 if the run hit a violation). */
  readonly messages: number;
  /** Transfers per cache line (the board's contention meter). */
  readonly perLine: number[];
  /** Messages per million cycles. */
  readonly throughput: number;
}

export function cacheRun(prog: Compiled): CacheRun {
  const T = prog.threads.length;
  const lines = Math.max(1, ...prog.locLine.map((l) => l + 1), ...prog.cellLine.map((l) => l + 1));
  /** Per line: bit mask of cores holding a copy, and the core that wrote it last (-1: clean). */
  const holders = new Array<number>(lines).fill(0);
  const dirty = new Array<number>(lines).fill(-1);
  const perLine = new Array<number>(lines).fill(0);
  let m: Machine = initMachine(prog);
  let cycles = 0;
  let transfers = 0;
  let next = 0;
  for (let n = 0; n < MAX_STEPS && !m.violation && !m.bounded; n++) {
    let tid = -1;
    for (let k = 0; k < T; k++) {
      const u = (next + k) % T;
      if (runnable(m, u)) { tid = u; break; }
    }
    if (tid < 0) break;
    next = (tid + 1) % T;
    const fp = footprint(prog, m, tid);
    const ins = prog.threads[tid]!.code[m.threads[tid]!.pc]!;
    cycles += CYCLES.step;
    if (fp.at !== -1) {
      const line = fp.at >= 0 ? prog.locLine[fp.at]! : prog.cellLine[-fp.at - 2]!;
      const me = 1 << tid;
      if (fp.writes) {
        if (holders[line]! & ~me) { transfers++; perLine[line]!++; cycles += CYCLES.lineTransfer; }
        holders[line] = me;
        dirty[line] = tid;
      } else if (!(holders[line]! & me)) {
        if (dirty[line]! >= 0 && dirty[line] !== tid) { transfers++; perLine[line]!++; cycles += CYCLES.lineTransfer; }
        holders[line] = holders[line]! | me;
      }
    }
    if ((ins.op === "store" && ins.ord === "SeqCst") || ins.op === "rmw" || ins.op === "cas") cycles += CYCLES.fullBarrier;
    m = step(prog, m, tid, choices(prog, m, tid)[0]!, undefined, false).machine;
  }
  const messages = m.violation ? 0 : m.threads.reduce((s, t) => s + t.consumed.length, 0);
  return { cycles, lineTransfers: transfers, messages, perLine, throughput: cycles ? Math.round((messages * 1_000_000) / cycles) : 0 };
}
