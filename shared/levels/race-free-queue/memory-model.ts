/**
 * The memory model: the release/acquire/relaxed/SeqCst fragment of C11 as an operational machine.
 *
 * Sources:
 *  - Lahav, Vafeiadis, Kang, Hur, Dreyer, "Repairing Sequential Consistency in C/C++11" (PLDI 2017) — RC11: the
 *    axioms this machine must agree with (coherence, RMW atomicity, release sequences `rs = [W];sb|loc?;[W⊒rlx];(rf;rmw)*`,
 *    the partial SC order `psc` for SeqCst accesses and fences, and porf-acyclicity, which rules out load buffering).
 *  - Kang, Hur, Lahav, Vafeiadis, Dreyer, "A Promising Semantics for Relaxed-Memory Concurrency" (POPL 2017) — the
 *    operational shape: per-location message lists ordered by timestamp (= modification order), each message
 *    carrying a view; per-thread current/acquire/release views; a read may take any message at or after the thread's
 *    view; an RMW attaches its message immediately after the one it read (so no other write can come between);
 *    release fences snapshot the view; acquire fences join what relaxed reads saw; SC fences join a global SC view.
 *  - Batty, Owens, Sarkar, Sewell, Weber, "Mathematizing C++ Concurrency" (POPL 2011) — C11 itself (release
 *    sequences, happens-before, data races on non-atomics as undefined behaviour).
 *  - loom (tokio-rs) — the same modelling choices and the same known limit; its docs say SeqCst accesses are treated
 *    as AcqRel there, which this machine does not do (see SeqCst below).
 *
 * What it implements:
 *  - Modification order: each atomic location is a list of messages sorted by timestamp. A store may take ANY free
 *    place after the newest message its thread has seen (not only the end): without that, RC11-allowed outcomes of
 *    2+2W and S are unreachable. Places are integer timestamps: appends step by TS_STEP, insertions take the midpoint.
 *  - A load may read any message whose timestamp is at or after the thread's view of that location (coherence
 *    CoRR/CoWR/CoRW/CoWW follow from views only growing and stores being placed after the view).
 *  - RMWs (swap, fetch_*, successful CAS) read a message whose successor is not already an RMW that read it, and
 *    attach right after it: RMW atomicity (`rmw ∩ (fr;mo) = ∅`). A failed CAS is a plain load with the failure
 *    ordering; `compare_exchange_weak` may also fail spuriously.
 *  - Release: a release store's message carries the writer's whole view; later relaxed stores of the same thread to
 *    the same location carry it too (RC11's release sequence keeps `sb|loc`; C++20 dropped that part — P0982 — so
 *    this machine is RC11 here); RMWs carry forward the view of the message they read (the `(rf;rmw)*` part).
 *  - Acquire: an acquire read joins the message's view; relaxed reads collect message views into the acquire view
 *    that a later acquire fence joins; a release fence snapshots the view for later relaxed stores.
 *  - SeqCst: more than acquire/release. A global SC view `sc` holds, per location, the newest SC write and what SC
 *    fences published. An SC load may only read at or after `sc[x]`; an SC store is placed after `sc[x]` and then
 *    raises it; an SC fence joins `sc` into the thread's view and publishes the thread's view into `sc` (promising's
 *    SC fence). This is the psc condition for interleavings in which SC events run in the order S: an SC read cannot
 *    read a write that an SC write before it overwrote (rb), SC writes follow S in mo, and fences order through hb.
 *  - Happens-before for non-atomics: views carry a vector clock; a thread ticks its own clock after every release
 *    (store, RMW or fence), so a message's clock says exactly which of the writer's accesses it publishes.
 *
 * What it omits (documented limits):
 *  - Load buffering / out-of-thin-air: loads only read messages that already exist, so po∪rf is acyclic. RC11
 *    forbids LB too; C11 and ARM/POWER hardware allow it (loom has the same limit). Promises are not modelled.
 *  - SC accesses mixed with non-SC accesses to the same location are modelled through the per-location SC view
 *    only; a read by an SC load of a non-SC message is not made to order later SC writes (RC11 orders it only when
 *    the message is itself SC), so a few mixed-ordering corner cases may differ from RC11.
 *  - Consume ordering, non-temporal stores, mixed-size accesses.
 */
import type { Ordering } from "./ast.ts";
import { join, joinInto, leq, type View } from "./views.ts";

/** Gap between appended timestamps; midpoints leave room for ~30 nested insertions at one place. */
export const TS_STEP = 1 << 30;

export interface Message {
  /** Position in modification order (strictly increasing along the list). */
  readonly ts: number;
  readonly val: number;
  /** The view an acquire reader joins (null: nothing beyond this message itself). */
  readonly view: View | null;
  /** Writing thread, or -1 for the initial value. */
  readonly tid: number;
  /** Written by an RMW that read the message just before it in the list. */
  readonly rmw: boolean;
  readonly sc: boolean;
  /** Which ordering the write used (for the board and the happens-before arrows); "init" for initial values. */
  readonly ord: Ordering | "init";
  /** Index of the step (in the execution's action list) that wrote it, -1 for the initial value. */
  readonly step: number;
}

/** Shared atomic memory: messages per location, plus the global SC view. Arrays are replaced, never mutated. */
export interface AtomicMemory {
  locs: Message[][];
  /** Per location: the newest timestamp an SC write or an SC fence has put into the SC order. */
  sc: number[];
}

/** A thread's memory-model state (promising's thread view ⟨cur, acq, rel⟩ with a vector clock appended). */
export interface ThreadView {
  /** What the thread has seen; also its vector clock (entries L..L+T). */
  cur: View;
  /** What an acquire fence would add: the views of messages read relaxed since. */
  acq: View;
  /** Snapshot at the last release fence (carried by later relaxed stores), or null. */
  relFence: View | null;
  /** Per location: the view at the thread's last release store there (RC11 release sequence through sb|loc). */
  relLoc: (View | null)[];
}

export const isAcquire = (o: Ordering) => o === "Acquire" || o === "AcqRel" || o === "SeqCst";
export const isRelease = (o: Ordering) => o === "Release" || o === "AcqRel" || o === "SeqCst";

export function initialMemory(init: readonly number[]): AtomicMemory {
  return {
    locs: init.map((val) => [{ ts: 0, val, view: null, tid: -1, rmw: false, sc: false, ord: "init" as const, step: -1 }]),
    sc: init.map(() => 0),
  };
}

/** A fresh thread's view: it has seen every initial message; its own clock starts at 1 (spawn happens-after init). */
export function initialThreadView(nLocs: number, nThreads: number, tid: number): ThreadView {
  const cur = new Array<number>(nLocs + nThreads).fill(0);
  cur[nLocs + tid] = 1;
  return { cur, acq: cur.slice(), relFence: null, relLoc: new Array<View | null>(nLocs).fill(null) };
}

function floorOf(mem: AtomicMemory, tv: ThreadView, loc: number, sc: boolean): number {
  const own = tv.cur[loc]!;
  return sc && mem.sc[loc]! > own ? mem.sc[loc]! : own;
}

/**
 * Messages a load may read, newest first (indices into the location's list): every message at or after the
 * thread's view (and, for SeqCst, at or after the SC view). With `forRmw`, only messages no RMW has attached to.
 * `as` maps each index as it is found (the checker builds its choices directly, without an index array between).
 */
export function readable<T = number>(mem: AtomicMemory, tv: ThreadView, loc: number, sc: boolean, forRmw: boolean,
  as: (index: number) => T = asIndex as (index: number) => T): T[] {
  const msgs = mem.locs[loc]!;
  const floor = floorOf(mem, tv, loc, sc);
  const out: T[] = [];
  for (let i = msgs.length - 1; i >= 0 && msgs[i]!.ts >= floor; i--) {
    if (forRmw && i + 1 < msgs.length && msgs[i + 1]!.rmw) continue;
    out.push(as(i));
  }
  return out;
}

/**
 * Places a store may take, newest first: after message k (k = index) where k is at or after the thread's view
 * (SC: and the SC view), the next message (if any) is not an RMW attached to k, and there is a free timestamp.
 */
export function placeable<T = number>(mem: AtomicMemory, tv: ThreadView, loc: number, sc: boolean,
  as: (index: number) => T = asIndex as (index: number) => T): T[] {
  const msgs = mem.locs[loc]!;
  const floor = floorOf(mem, tv, loc, sc);
  const out: T[] = [];
  for (let k = msgs.length - 1; k >= 0 && msgs[k]!.ts >= floor; k--) {
    const next = msgs[k + 1];
    if (next && (next.rmw || next.ts - msgs[k]!.ts < 2)) continue;
    out.push(as(k));
  }
  return out;
}

const asIndex = (i: number): number => i;

/** The thread view after reading `msg` at `loc` (acquire joins the message view; relaxed saves it for an acquire fence). */
export function afterRead(tv: ThreadView, loc: number, msg: Message, acquire: boolean): ThreadView {
  // A read that teaches the thread nothing new returns the same view (views are values; most re-reads are such).
  const view = msg.view;
  const newer = msg.ts > tv.cur[loc]!;
  if (acquire) {
    if (!newer && (view === null || leq(view, tv.cur))) return tv;
    const cur = tv.cur.slice();
    joinInto(cur, view);
    if (msg.ts > cur[loc]!) cur[loc] = msg.ts;
    return { cur, acq: tv.acq, relFence: tv.relFence, relLoc: tv.relLoc };
  }
  const acqGrows = view !== null && !leq(view, tv.acq);
  if (!newer && !acqGrows) return tv;
  return { cur: newer ? withEntry(tv.cur, loc, msg.ts) : tv.cur, acq: acqGrows ? join(tv.acq, view)! : tv.acq, relFence: tv.relFence, relLoc: tv.relLoc };
}

function withEntry(v: View, i: number, x: number): View {
  const out = v.slice();
  out[i] = x;
  return out;
}

export interface WriteResult {
  readonly mem: AtomicMemory;
  readonly tv: ThreadView;
  readonly msg: Message;
  /** Index of the new message in the location's list. */
  readonly index: number;
}

/**
 * Writes `val` to `loc` right after message index `after`. For an RMW, `after` is the message it read (attached)
 * and `readMsg` carries its view forward (release sequences continue through RMWs).
 */
export function write(mem: AtomicMemory, tv: ThreadView, tid: number, nLocs: number, loc: number, after: number, val: number,
  ord: Ordering, rmw: Message | null, step: number): WriteResult {
  const msgs = mem.locs[loc]!;
  const prev = msgs[after]!;
  const next = msgs[after + 1];
  const ts = next ? prev.ts + Math.floor((next.ts - prev.ts) / 2) : prev.ts + TS_STEP;
  const release = isRelease(ord);
  const sc = ord === "SeqCst";
  const cur = tv.cur.slice();
  cur[loc] = ts;
  let base: View | null = release ? cur : join(tv.relFence, tv.relLoc[loc] ?? null);
  if (rmw) base = join(base, rmw.view);
  let view: View | null = null;
  if (base !== null) {
    view = base === cur ? cur.slice() : base.slice();
    view[loc] = ts;
  }
  const msg: Message = { ts, val, view, tid, rmw: rmw !== null, sc, ord, step };
  const list = msgs.slice(0, after + 1);
  list.push(msg);
  for (let i = after + 1; i < msgs.length; i++) list.push(msgs[i]!);
  const locs = mem.locs.slice();
  locs[loc] = list;
  let scView = mem.sc;
  if (sc && ts > scView[loc]!) { scView = scView.slice(); scView[loc] = ts; }
  let relLoc = tv.relLoc;
  if (release) {
    relLoc = relLoc.slice();
    relLoc[loc] = view;
    cur[nLocs + tid] = cur[nLocs + tid]! + 1; // tick after publishing: later accesses are not covered by this release
  }
  return { mem: { locs, sc: scView }, tv: { cur, acq: tv.acq, relFence: tv.relFence, relLoc }, msg, index: after + 1 };
}

/** `fence(ord)`: acquire joins the acquire view; release snapshots the view; SeqCst also meets the global SC view. */
export function fence(mem: AtomicMemory, tv: ThreadView, tid: number, nLocs: number, ord: Ordering): { mem: AtomicMemory; tv: ThreadView } {
  let cur = tv.cur.slice();
  if (isAcquire(ord)) for (let i = 0; i < cur.length; i++) if (tv.acq[i]! > cur[i]!) cur[i] = tv.acq[i]!;
  let scView = mem.sc;
  if (ord === "SeqCst") {
    // Promising's SC fence: the thread's view and the global SC view are joined both ways.
    scView = scView.slice();
    for (let i = 0; i < nLocs; i++) {
      if (scView[i]! > cur[i]!) cur[i] = scView[i]!;
      else scView[i] = cur[i]!;
    }
  }
  let relFence = tv.relFence;
  if (isRelease(ord)) {
    relFence = cur.slice();
    cur = cur.slice();
    cur[nLocs + tid] = cur[nLocs + tid]! + 1;
  }
  return { mem: { locs: mem.locs, sc: scView }, tv: { ...tv, cur, relFence } };
}

/** The value a location holds last in modification order (a final outcome). */
export function finalValue(mem: AtomicMemory, loc: number): number {
  const msgs = mem.locs[loc]!;
  return msgs[msgs.length - 1]!.val;
}
