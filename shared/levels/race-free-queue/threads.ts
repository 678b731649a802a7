/**
 * The threads: an interpreter for compiled thread code (compile.ts) over the memory model (memory-model.ts) and
 * the non-atomic cells, one visible operation per step, with the choices the model allows at that operation.
 *
 * Implements:
 *  - Steps: a step runs one visible instruction (load, store, RMW, CAS, fence, non-atomic read/write, spin_loop)
 *    of one thread with one choice (which message a load reads, where a store goes in modification order, whether a
 *    CAS succeeds), then the thread's local instructions up to its next visible one.
 *  - Non-atomic cells with happens-before race detection (FastTrack-style epochs against the thread's vector
 *    clock): a write unordered with an earlier read or write of another thread, or a read unordered with the last
 *    write, is a data race — undefined behaviour in C11/Rust. `MaybeUninit` slots fill on write and empty on read.
 *  - Spin loops as blocking waits (as GenMC's spin-assume and loom's yield): `spin_loop()` blocks its thread until a
 *    location it read since its last spin or write gets a new message. When every unfinished thread is blocked and
 *    each of them last read the newest messages, nobody can ever progress: a progress violation. If some blocked
 *    thread read an older message, the execution is a duplicate of one where it read the newer one, and is dropped.
 *  - Bounds: a per-loop iteration bound (spin loops excepted) and a per-thread step budget; hitting one ends the
 *    execution as "bounded", never as a violation.
 *  - Ghost messages (`produced!(v)`, `consumed!(v)`): duplicates are caught when they happen; at the end every
 *    produced value must be consumed once, consumed values must have been produced, and each consumer sees each
 *    producer's values in the order they were produced.
 *  - A node pool (`#[nodes]` arrays, `alloc()`, `free(n)`): LIFO reuse, double free, and use after free of a
 *    node's non-atomic fields. The pool is type-stable (a free list that never returns memory): freed nodes' atomic
 *    fields stay readable, as tagged-pointer stacks assume.
 * Omits: thread spawning/joining (all threads start together), allocation sizes, memory returned to the OS.
 */
import type { Ordering, RmwMethod, Span } from "./ast.ts";
import { binop } from "./parser.ts";
import { VISIBLE, type CExpr, type Compiled, type CPlace, type Instr } from "./compile.ts";
import {
  afterRead, fence, initialMemory, initialThreadView, isAcquire, placeable, readable, write, type AtomicMemory, type Message, type ThreadView,
} from "./memory-model.ts";

/** A non-atomic memory cell with its race-detection metadata. Replaced, never mutated. */
export interface Cell {
  readonly val: number;
  /** Slots: 1 when written and not yet read. */
  readonly full: number;
  /** Last writer (-1: the initial value) and its clock at the write, and the source line of that write. */
  readonly wt: number;
  readonly wc: number;
  readonly wline: number;
  /** Per thread: its clock at its last read (0: never read). */
  readonly rc: readonly number[];
}

export type ThreadStatus = "ready" | "blocked" | "done";

export interface ThreadState {
  readonly pc: number;
  readonly locals: readonly number[];
  readonly view: ThreadView;
  readonly status: ThreadStatus;
  /** Iterations of each loop since it was last entered. */
  readonly loops: readonly number[];
  /** Visible steps taken. */
  readonly steps: number;
  /** (location, timestamp) pairs read since the last spin_loop or write. */
  readonly reads: readonly number[];
  /** While blocked: the reads it waits on, and the message count of those locations when it blocked. */
  readonly waitReads: readonly number[];
  readonly waitCount: number;
  readonly produced: readonly number[];
  readonly consumed: readonly number[];
}

export type Property =
  | "assertion" | "data-race" | "unwritten-slot" | "overwrite" | "lost" | "duplicate" | "phantom" | "fifo" | "progress" | "panic"
  | "use-after-free" | "double-free";

/** The misconception class each property's failure belongs to (DESIGN: "Failures are tagged"). */
export const MISCONCEPTION: Record<Property, string> = {
  "assertion": "wrong ordering", "data-race": "data race", "unwritten-slot": "torn read", "overwrite": "lost message",
  "lost": "lost message", "duplicate": "duplicated message", "phantom": "torn read", "fifo": "reordered messages",
  "progress": "no progress", "panic": "panic", "use-after-free": "ABA", "double-free": "double free",
};

export interface Violation {
  readonly property: Property;
  readonly message: string;
  /** The thread whose step revealed it (-1 when found at the end), and the source line. */
  readonly tid: number;
  readonly line: number;
}

export interface Machine {
  readonly threads: readonly ThreadState[];
  readonly mem: AtomicMemory;
  readonly cells: readonly Cell[];
  /** The thread that ran the last step (-1 before the first). */
  readonly last: number;
  readonly preemptions: number;
  readonly steps: number;
  readonly violation: Violation | null;
  /** Why exploration of this execution stopped early ("loop bound", "step budget"), or null. */
  readonly bounded: string | null;
  readonly heap: Heap;
}

/** The node pool: which nodes are allocated, and the free list (its end is handed out first: LIFO reuse). */
export interface Heap {
  readonly live: readonly number[];
  readonly free: readonly number[];
  /** Per node: the thread that last freed it and the line (for the use-after-free message). */
  readonly freedBy: readonly number[];
  readonly freedLine: readonly number[];
}

export interface Bounds {
  /** Back edges one loop may take (spin loops excepted) before the execution is cut. */
  readonly loopBound: number;
  /** Visible steps per thread before the execution is cut. */
  readonly stepBudget: number;
  /** Check per-producer FIFO order (off for stacks, which are LIFO by design). Default on. */
  readonly fifo?: boolean;
}

export const DEFAULT_BOUNDS: Bounds = { loopBound: 4, stepBudget: 200 };

/** What the thread's next step may choose (ordered: the first choice is the sequentially consistent default). */
export type Choice =
  | { readonly kind: "go" }
  /** Loads and RMWs: read message `msg` (index in the location's modification order). */
  | { readonly kind: "read"; readonly msg: number }
  /** Stores: go right after message `after`. */
  | { readonly kind: "place"; readonly after: number }
  /** CAS: read message `msg` and succeed or fail (weak CAS may fail on a matching value). */
  | { readonly kind: "cas"; readonly msg: number; readonly success: boolean };

/** What one step did: for the board, the counterexample text and happens-before arrows. */
export interface StepEvent {
  readonly tid: number;
  readonly line: number;
  readonly op: Instr["op"];
  readonly text: string;
  /** Atomic location or cell touched, as named in the source (`tail`, `buf[1]`). */
  readonly place?: string;
  readonly loc?: number;
  readonly value?: number;
  readonly ord?: Ordering;
  /** A load/RMW/CAS: the message read (index at the time) and who wrote it; `sync` when an acquire read a release. */
  readonly readIndex?: number;
  readonly readFrom?: number;
  readonly readFromStep?: number;
  readonly sync?: boolean;
  /** A store/RMW/CAS success: the index of the new message. */
  readonly wroteIndex?: number;
}

export function initMachine(prog: Compiled): Machine {
  const T = prog.threads.length;
  const mem = initialMemory(prog.locInit);
  const cells: Cell[] = prog.cellInit.map((val, i) => ({ val, full: 0, wt: -1, wc: 0, wline: 0, rc: new Array<number>(T).fill(0), ...(prog.cellSlot[i] ? {} : {}) }));
  let m: Machine = {
    threads: prog.threads.map((t, tid) => ({
      pc: 0, locals: new Array<number>(t.nLocals).fill(0), view: initialThreadView(prog.nLocs, T, tid), status: "ready" as ThreadStatus,
      loops: new Array<number>(t.nLoops).fill(0), steps: 0, reads: [], waitReads: [], waitCount: 0, produced: [], consumed: [],
    })),
    mem, cells, last: -1, preemptions: 0, steps: 0, violation: null, bounded: null, heap: initialHeap(prog),
  };
  for (let tid = 0; tid < T && !m.violation; tid++) m = runLocal(prog, m, tid, DEFAULT_BOUNDS);
  return m;
}

function initialHeap(prog: Compiled): Heap {
  const n = prog.heapSize;
  const live = new Array<number>(n).fill(0);
  for (let i = 1; i <= prog.liveNodes && i < n; i++) live[i] = 1;
  const free: number[] = [];
  for (let i = n - 1; i > prog.liveNodes; i--) free.push(i);
  return { live, free, freedBy: new Array<number>(n).fill(-1), freedLine: new Array<number>(n).fill(0) };
}

/** Evaluates a local expression; -1 means division by zero (values are otherwise unsigned 32-bit). */
export function evalExpr(e: CExpr, locals: readonly number[]): number {
  switch (e.k) {
    case "c": return e.v;
    case "l": return locals[e.i]!;
    case "u": {
      const a = evalExpr(e.a, locals);
      if (a < 0) return -1;
      return e.op === "!" ? (a === 0 ? 1 : 0) : (-a) >>> 0;
    }
    case "b": {
      const a = evalExpr(e.a, locals);
      if (a < 0) return -1;
      // && and || short-circuit (their right sides are local here; memory ones were lowered to jumps).
      if (e.op === "&&" && a === 0) return 0;
      if (e.op === "||" && a !== 0) return 1;
      const b = evalExpr(e.b, locals);
      if (b < 0) return -1;
      const r = binop(e.op, a, b);
      return r === null ? -1 : r;
    }
  }
}

function withViolation(m: Machine, property: Property, message: string, tid: number, line: number): Machine {
  return { ...m, violation: { property, message, tid, line } };
}

function setThread(m: Machine, tid: number, t: ThreadState): Machine {
  const threads = m.threads.slice();
  threads[tid] = t;
  return { ...m, threads };
}

/** Element index of a place, or a panic message for an out-of-bounds index. */
function element(place: CPlace, locals: readonly number[]): number | string {
  if (place.index === null) return place.base;
  const i = evalExpr(place.index, locals);
  if (i < 0) return "attempt to divide by zero";
  if (i >= place.length!) return `index out of bounds: the len is ${place.length} but the index is ${i} (${place.name}[${i}])`;
  return place.base + i;
}

/** Runs local instructions of `tid` until its next visible instruction, its end, a violation or a bound. */
type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/**
 * With `owned`, `m.threads` and `m.threads[tid]` were freshly made by the caller and are updated in place (on the
 * normal path only: a violation found here leaves the thread as the step left it, locals included).
 */
function runLocal(prog: Compiled, m: Machine, tid: number, bounds: Bounds, owned = false): Machine {
  const code = prog.threads[tid]!.code;
  let t = m.threads[tid]!;
  let pc = t.pc;
  let locals = t.locals as number[];
  let localsCopied = false;
  let loops = t.loops as number[];
  let loopsCopied = false;
  let produced = t.produced;
  let consumed = t.consumed;
  run: for (let guard = 0; ; guard++) {
    const ins = code[pc]!;
    // Visible instructions end the run in the switch's default (cheaper than a set lookup per instruction).
    if (guard > 10_000 && !VISIBLE.has(ins.op)) { m = { ...m, bounded: "step budget" }; break; }
    switch (ins.op) {
      case "set": {
        const v = evalExpr(ins.val, locals);
        if (v < 0) return withViolation(m, "panic", "attempt to divide by zero", tid, ins.line);
        if (!localsCopied) { locals = locals.slice(); localsCopied = true; }
        locals[ins.dst] = v;
        pc++;
        break;
      }
      case "jmp": pc = ins.to; break;
      case "jz": {
        const v = evalExpr(ins.cond, locals);
        if (v < 0) return withViolation(m, "panic", "attempt to divide by zero", tid, ins.line);
        pc = v === 0 ? ins.to : pc + 1;
        break;
      }
      case "enter":
        if (loops[ins.loop] === 0) { pc++; break; } // already restarted: no copy
        if (!loopsCopied) { loops = loops.slice(); loopsCopied = true; }
        loops[ins.loop] = 0;
        pc++;
        break;
      case "back":
        if (!loopsCopied) { loops = loops.slice(); loopsCopied = true; }
        loops[ins.loop] = loops[ins.loop]! + 1;
        if (!ins.spin && loops[ins.loop]! > bounds.loopBound) { m = { ...m, bounded: "loop bound" }; pc = ins.to; break; }
        pc = ins.to;
        break;
      case "assert": {
        const v = evalExpr(ins.cond, locals);
        if (v <= 0) {
          const msg = v < 0 ? "attempt to divide by zero" : `${ins.text} (line ${ins.line}: ${prog.source.slice(ins.span.start, ins.span.end)})`;
          return withViolation(m, v < 0 ? "panic" : "assertion", msg, tid, ins.line);
        }
        pc++;
        break;
      }
      case "ghost": {
        const v = evalExpr(ins.val, locals);
        if (v < 0) return withViolation(m, "panic", "attempt to divide by zero", tid, ins.line);
        if (ins.kind === "produced") produced = [...produced, v];
        else {
          for (const other of m.threads) {
            if ((other === t ? consumed : other.consumed).includes(v)) {
              return withViolation(m, "duplicate", `message ${v} was consumed twice (second time by ${prog.threads[tid]!.name}, line ${ins.line})`, tid, ins.line);
            }
          }
          consumed = [...consumed, v];
        }
        pc++;
        break;
      }
      case "end": {
        t = { ...t, pc, locals, loops, produced, consumed, status: "done" };
        m = setThread(m, tid, t);
        return m.threads.every((x) => x.status === "done") ? finalChecks(prog, m, bounds.fifo ?? true) : m;
      }
      default: break run;
    }
    if (m.bounded) break;
  }
  if (owned && !m.bounded) {
    const o = t as Mutable<ThreadState>;
    o.pc = pc; o.locals = locals; o.loops = loops; o.produced = produced; o.consumed = consumed;
    return m;
  }
  return setThread(m, tid, { ...t, pc, locals, loops, produced, consumed });
}

/** End-of-execution properties: no lost, phantom or reordered messages. */
function finalChecks(prog: Compiled, m: Machine, fifo: boolean): Machine {
  // Runs at every complete execution: producers are packed as tid + T * seq (no object per message).
  const T = m.threads.length;
  const producerOf = new Map<number, number>();
  for (let tid = 0; tid < T; tid++) {
    const produced = m.threads[tid]!.produced;
    for (let seq = 0; seq < produced.length; seq++) producerOf.set(produced[seq]!, tid + T * seq);
  }
  const consumed = new Set<number>();
  const lastSeq: number[] = [];
  for (let tid = 0; tid < T; tid++) {
    for (let u = 0; u < T; u++) lastSeq[u] = -1;
    for (const v of m.threads[tid]!.consumed) {
      consumed.add(v);
      const p = producerOf.get(v);
      if (p === undefined) return withViolation(m, "phantom", `${prog.threads[tid]!.name} consumed ${v}, which no thread produced (it read a slot nobody wrote)`, tid, 0);
      const ptid = p % T;
      const seq = (p - ptid) / T;
      if (fifo && lastSeq[ptid]! > seq) {
        return withViolation(m, "fifo", `${prog.threads[tid]!.name} received ${prog.threads[ptid]!.name}'s messages out of order (${v} after a later one)`, tid, 0);
      }
      lastSeq[ptid] = seq;
    }
  }
  for (const [v, p] of producerOf) {
    if (!consumed.has(v)) return withViolation(m, "lost", `message ${v} from ${prog.threads[p % T]!.name} was never consumed: it was lost`, -1, 0);
  }
  return m;
}

function msgCount(m: Machine, reads: readonly number[]): number {
  let n = 0;
  if (reads.length === 0) { for (const l of m.mem.locs) n += l.length; return n; }
  for (let i = 0; i < reads.length; i += 2) n += m.mem.locs[reads[i]!]!.length;
  return n;
}

/** Can `tid` take a step now? (Ready, or blocked in a spin loop and something it waits on has changed.) */
export function runnable(m: Machine, tid: number): boolean {
  const t = m.threads[tid]!;
  if (t.status === "ready") return true;
  if (t.status === "done") return false;
  return msgCount(m, t.waitReads) > t.waitCount;
}

/** Every unfinished thread is blocked: "stuck" if each waits on the newest messages (a real progress failure). */
export function stuck(m: Machine): "no" | "stuck" | "stale" {
  let any = false;
  for (let tid = 0; tid < m.threads.length; tid++) {
    const t = m.threads[tid]!;
    if (t.status === "done") continue;
    if (runnable(m, tid)) return "no";
    any = true;
  }
  if (!any) return "no";
  for (const t of m.threads) {
    if (t.status !== "blocked") continue;
    for (let i = 0; i < t.waitReads.length; i += 2) {
      const msgs = m.mem.locs[t.waitReads[i]!]!;
      if (msgs[msgs.length - 1]!.ts !== t.waitReads[i + 1]) return "stale";
    }
  }
  return "stuck";
}

export function progressViolation(prog: Compiled, m: Machine): Machine {
  const blocked = m.threads.map((t, i) => (t.status === "blocked" ? prog.threads[i]!.name : "")).filter(Boolean);
  const first = m.threads.findIndex((t) => t.status === "blocked");
  return withViolation(m, "progress", `no progress: ${blocked.join(" and ")} spin${blocked.length > 1 ? "" : "s"} forever — nothing it waits on will ever change`, first, prog.threads[first]!.code[m.threads[first]!.pc]!.line);
}

const isSC = (o: Ordering) => o === "SeqCst";

/** The choices of `tid`'s next step (empty if the thread cannot step). The first is the newest-message/end-of-order default. */
export function choices(prog: Compiled, m: Machine, tid: number): Choice[] {
  const t = m.threads[tid]!;
  if (t.status === "done") return [];
  const ins = prog.threads[tid]!.code[t.pc]!;
  switch (ins.op) {
    case "load": case "rmw": {
      const loc = element(ins.place, t.locals);
      if (typeof loc === "string") return [{ kind: "go" }];
      return readable(m.mem, t.view, loc, isSC(ins.ord), ins.op === "rmw", readChoice);
    }
    case "store": {
      const loc = element(ins.place, t.locals);
      if (typeof loc === "string") return [{ kind: "go" }];
      return placeable(m.mem, t.view, loc, isSC(ins.ord), placeChoice);
    }
    case "cas": {
      const loc = element(ins.place, t.locals);
      if (typeof loc === "string") return [{ kind: "go" }];
      const expected = evalExpr(ins.expected, t.locals);
      const out: Choice[] = [];
      const msgs = m.mem.locs[loc]!;
      const succ = new Set(readable(m.mem, t.view, loc, isSC(ins.success), true));
      for (const i of readable(m.mem, t.view, loc, isSC(ins.failure), false)) {
        if (msgs[i]!.val !== expected) out.push({ kind: "cas", msg: i, success: false });
        else if (succ.has(i)) out.push({ kind: "cas", msg: i, success: true });
      }
      for (const i of succ) if (msgs[i]!.val === expected && !out.some((c) => c.kind === "cas" && c.msg === i)) out.push({ kind: "cas", msg: i, success: true });
      if (ins.weak) {
        for (const i of readable(m.mem, t.view, loc, isSC(ins.failure), false)) {
          if (msgs[i]!.val === expected) out.push({ kind: "cas", msg: i, success: false });
        }
      }
      return out;
    }
    default: return [GO];
  }
}

// Choices are immutable values: the checker asks for them at every node, so the common ones are made once.
const GO: Choice = { kind: "go" };
const READS: Choice[] = [];
const PLACES: Choice[] = [];
function readChoice(msg: number): Choice {
  return READS[msg] ?? (READS[msg] = { kind: "read", msg });
}
function placeChoice(after: number): Choice {
  return PLACES[after] ?? (PLACES[after] = { kind: "place", after });
}

function rmwValue(method: RmwMethod, old: number, v: number): number {
  switch (method) {
    case "swap": return v;
    case "fetch_add": return (old + v) >>> 0;
    case "fetch_sub": return (old - v) >>> 0;
    case "fetch_and": return (old & v) >>> 0;
    case "fetch_or": return (old | v) >>> 0;
    case "fetch_xor": return (old ^ v) >>> 0;
    case "fetch_max": return Math.max(old, v);
    case "fetch_min": return Math.min(old, v);
  }
}

/** Describes a place for messages: `tail`, `buf[1]`. */
function placeName(prog: Compiled, ins: { place: CPlace }, index: number, atomic: boolean): string {
  return atomic ? prog.locNames[index]! : prog.cellNames[index]!;
}

/** A thread's reads since its last spin or write, with one more (location, timestamp) pair. */
function withRead(reads: readonly number[], loc: number, ts: number): number[] {
  if (reads.length === 0) return [loc, ts];
  const out = reads.slice();
  out.push(loc, ts);
  return out;
}

/** How far before the end of modification order a store went (empty when it was appended). */
function placedWhere(count: number, index: number): string {
  const newer = count - 1 - index;
  return newer === 0 ? "" : ` (placed before ${newer} newer message${newer > 1 ? "s" : ""} in modification order)`;
}

/** `locals` with slot `i` set to `v`, copied first while it is still the `shared` array of the state stepped from. */
function withLocal(locals: readonly number[], shared: readonly number[], i: number, v: number): number[] {
  const out = (locals === shared ? locals.slice() : locals) as number[];
  out[i] = v;
  return out;
}

function panicked(m: Machine, t: ThreadState, tid: number, ins: Instr, name: string, msg: string, describe: boolean): StepResult {
  return { machine: withViolation(setThread(m, tid, t), "panic", msg, tid, ins.line), event: !describe ? NO_EVENT : { tid, line: ins.line, op: ins.op, text: `${name} panics: ${msg}` } };
}

/** A fresh copy of `m0` after `tid` steps, for `step` to fill in place (an object literal: cheaper than a spread). */
function ownMachine(m0: Machine, tid: number, preemptions: number): Mutable<Machine> {
  return {
    threads: m0.threads, mem: m0.mem, cells: m0.cells, last: tid, preemptions, steps: m0.steps + 1, violation: m0.violation,
    bounded: m0.bounded, heap: m0.heap,
  };
}

function ownThread(t: ThreadState): Mutable<ThreadState> {
  return {
    pc: t.pc, locals: t.locals, view: t.view, status: t.status, loops: t.loops, steps: t.steps, reads: t.reads,
    waitReads: t.waitReads, waitCount: t.waitCount, produced: t.produced, consumed: t.consumed,
  };
}

/** The event of a step taken without descriptions (the checker's inner loop). */
const NO_EVENT: StepEvent = { tid: -1, line: 0, op: "end", text: "" };

export interface StepResult {
  readonly machine: Machine;
  readonly event: StepEvent;
}

/**
 * Takes one step of thread `tid` with `choice` (one of `choices(…)`). The caller checks `runnable` and the choice;
 * `step` trusts both. Counts a preemption when the previous thread could have continued.
 */
export function step(prog: Compiled, m0: Machine, tid: number, choice: Choice, bounds: Bounds = DEFAULT_BOUNDS, describe = true): StepResult {
  const T = m0.threads.length;
  const L = prog.nLocs;
  const preempted = m0.last !== -1 && m0.last !== tid && runnable(m0, m0.last);
  // `m` and `t` are fresh objects owned by this step: they are filled in place, never shared until returned.
  const m = ownMachine(m0, tid, m0.preemptions + (preempted ? 1 : 0));
  const t = ownThread(m0.threads[tid]!);
  if (t.status === "blocked") { t.status = "ready"; t.waitReads = []; t.waitCount = 0; }
  const ins = prog.threads[tid]!.code[t.pc]!;
  const name = prog.threads[tid]!.name;
  // No closures or description objects here: this runs at every node of the checker's search.
  const base = describe ? { tid, line: ins.line, op: ins.op } : NO_EVENT;
  const src = describe ? prog.source.slice(ins.span.start, ins.span.end) : "";
  let event: StepEvent;
  // Written locals go to one fresh copy (the old array may be shared with the parent state).
  let locals = t.locals;
  switch (ins.op) {
    case "load": case "rmw": case "cas": case "store": {
      const loc = element(ins.place, t.locals);
      if (typeof loc === "string") return panicked(m, t, tid, ins, name, loc, describe);
      const pname = placeName(prog, ins, loc, true);
      const msgs = m.mem.locs[loc]!;
      if (ins.op === "store") {
        if (choice.kind !== "place") throw new Error("store needs a place choice");
        const v = evalExpr(ins.val, t.locals);
        if (v < 0) return panicked(m, t, tid, ins, name, "attempt to divide by zero", describe);
        const w = write(m.mem, t.view, tid, L, loc, choice.after, v, ins.ord, null, m0.steps);
        m.mem = w.mem;
        t.view = w.tv; t.reads = [];
        event = !describe ? NO_EVENT : { ...base, text: `${name}: ${pname}.store(${v}, ${ins.ord})${placedWhere(w.mem.locs[loc]!.length, w.index)}`, place: pname, loc, value: v, ord: ins.ord, wroteIndex: w.index };
        break;
      }
      const msgIndex = choice.kind === "read" || choice.kind === "cas" ? choice.msg : msgs.length - 1;
      const msg: Message = msgs[msgIndex]!;
      if (ins.op === "load") {
        const acq = isAcquire(ins.ord);
        t.view = afterRead(t.view, loc, msg, acq); t.reads = withRead(t.reads, loc, msg.ts);
        locals = withLocal(locals, t.locals, ins.dst, msg.val);
        event = !describe ? NO_EVENT : { ...base, text: `${name}: ${pname}.load(${ins.ord}) reads ${msg.val}${msgIndex < msgs.length - 1 ? ` (an older message: ${msgs.length - 1 - msgIndex} newer exist)` : ""}`,
          place: pname, loc, value: msg.val, ord: ins.ord, readIndex: msgIndex, readFrom: msg.tid, readFromStep: msg.step, sync: acq && msg.view !== null && msg.tid !== tid && msg.tid >= 0 };
        break;
      }
      if (ins.op === "rmw") {
        const v = evalExpr(ins.val, t.locals);
        if (v < 0) return panicked(m, t, tid, ins, name, "attempt to divide by zero", describe);
        const acq = isAcquire(ins.ord);
        const tv = afterRead(t.view, loc, msg, acq);
        const nv = rmwValue(ins.method, msg.val, v);
        const w = write(m.mem, tv, tid, L, loc, msgIndex, nv, ins.ord, msg, m0.steps);
        m.mem = w.mem;
        t.view = w.tv; t.reads = [];
        locals = withLocal(locals, t.locals, ins.dst, msg.val);
        event = !describe ? NO_EVENT : { ...base, text: `${name}: ${pname}.${ins.method}(${v}, ${ins.ord}) reads ${msg.val}, writes ${nv}`, place: pname, loc, value: nv, ord: ins.ord,
          readIndex: msgIndex, readFrom: msg.tid, readFromStep: msg.step, sync: acq && msg.view !== null && msg.tid !== tid && msg.tid >= 0, wroteIndex: w.index };
        break;
      }
      // compare_exchange(_weak)
      if (choice.kind !== "cas") throw new Error("cas needs a cas choice");
      const expected = evalExpr(ins.expected, t.locals);
      const desired = evalExpr(ins.desired, t.locals);
      if (expected < 0 || desired < 0) return panicked(m, t, tid, ins, name, "attempt to divide by zero", describe);
      if (choice.success) {
        const acq = isAcquire(ins.success);
        const tv = afterRead(t.view, loc, msg, acq);
        const w = write(m.mem, tv, tid, L, loc, msgIndex, desired, ins.success, msg, m0.steps);
        m.mem = w.mem;
        t.view = w.tv; t.reads = [];
        locals = withLocal(locals, t.locals, ins.dstOk, 1);
        locals = withLocal(locals, t.locals, ins.dstVal, msg.val);
        event = !describe ? NO_EVENT : { ...base, text: `${name}: ${pname}.${ins.weak ? "compare_exchange_weak" : "compare_exchange"}(${expected}, ${desired}) succeeds`, place: pname, loc, value: desired,
          ord: ins.success, readIndex: msgIndex, readFrom: msg.tid, readFromStep: msg.step, sync: acq && msg.view !== null && msg.tid !== tid && msg.tid >= 0, wroteIndex: w.index };
      } else {
        const acq = isAcquire(ins.failure);
        t.view = afterRead(t.view, loc, msg, acq); t.reads = withRead(t.reads, loc, msg.ts);
        locals = withLocal(locals, t.locals, ins.dstOk, 0);
        locals = withLocal(locals, t.locals, ins.dstVal, msg.val);
        const spurious = msg.val === expected ? " spuriously" : "";
        event = !describe ? NO_EVENT : { ...base, text: `${name}: ${pname}.${ins.weak ? "compare_exchange_weak" : "compare_exchange"}(${expected}, ${desired}) fails${spurious}, reads ${msg.val}`,
          place: pname, loc, value: msg.val, ord: ins.failure, readIndex: msgIndex, readFrom: msg.tid, readFromStep: msg.step, sync: acq && msg.view !== null && msg.tid !== tid && msg.tid >= 0 };
      }
      break;
    }
    case "fence": {
      const f = fence(m.mem, t.view, tid, L, ins.ord);
      m.mem = f.mem;
      t.view = f.tv;
      event = !describe ? NO_EVENT : { ...base, text: `${name}: fence(${ins.ord})`, ord: ins.ord };
      break;
    }
    case "naRead": case "naWrite": {
      const c = element(ins.place, t.locals);
      if (typeof c === "string") return panicked(m, t, tid, ins, name, c, describe);
      const cell = m.cells[c]!;
      const pname = placeName(prog, ins, c, false);
      const node = prog.cellNode[c]!;
      if (node === 0) return panicked(m, t, tid, ins, name, `null pointer dereference (${pname})`, describe);
      if (node > 0 && !m.heap.live[node]) {
        const by = m.heap.freedBy[node]!;
        return {
          machine: withViolation(setThread(m, tid, t), "use-after-free", `use after free: ${name} ${ins.op === "naRead" ? "reads" : "writes"} ${pname} (line ${ins.line}) but node ${node} was freed${by >= 0 ? ` by ${prog.threads[by]!.name} (line ${m.heap.freedLine[node]})` : ""}`, tid, ins.line),
          event: !describe ? NO_EVENT : { ...base, text: `${name}: ${src} — use after free`, place: pname },
        };
      }
      const clock = t.view.cur;
      if (cell.wt >= 0 && cell.wt !== tid && cell.wc > clock[L + cell.wt]!) {
        const verb = ins.op === "naRead" ? "reads" : "writes";
        return {
          machine: withViolation(setThread(m, tid, t), "data-race", `data race on ${pname}: ${name} ${verb} it (line ${ins.line}) while ${prog.threads[cell.wt]!.name}'s write (line ${cell.wline}) does not happen-before it`, tid, ins.line),
          event: !describe ? NO_EVENT : { ...base, text: `${name}: ${src} — data race`, place: pname },
        };
      }
      if (ins.op === "naWrite") {
        for (let u = 0; u < T; u++) {
          if (u !== tid && cell.rc[u]! > clock[L + u]!) {
            return {
              machine: withViolation(setThread(m, tid, t), "data-race", `data race on ${pname}: ${name} writes it (line ${ins.line}) while ${prog.threads[u]!.name}'s read does not happen-before the write`, tid, ins.line),
              event: !describe ? NO_EVENT : { ...base, text: `${name}: ${src} — data race`, place: pname },
            };
          }
        }
        const v = evalExpr(ins.val, t.locals);
        if (v < 0) return panicked(m, t, tid, ins, name, "attempt to divide by zero", describe);
        if (prog.cellSlot[c] && cell.full) {
          return {
            machine: withViolation(setThread(m, tid, t), "overwrite", `overwrite of an unread slot: ${name} writes ${pname} (line ${ins.line}) but it still holds ${cell.val}, which nobody has read`, tid, ins.line),
            event: !describe ? NO_EVENT : { ...base, text: `${name}: ${src} — overwrites an unread slot`, place: pname },
          };
        }
        const cells = m.cells.slice();
        cells[c] = { ...cell, val: v, full: 1, wt: tid, wc: clock[L + tid]!, wline: ins.line };
        m.cells = cells;
        t.reads = [];
        event = !describe ? NO_EVENT : { ...base, text: `${name}: ${pname} = ${v}`, place: pname, value: v };
      } else {
        if (prog.cellSlot[c] && !cell.full) {
          return {
            machine: withViolation(setThread(m, tid, t), "unwritten-slot", `read of an unwritten slot: ${name} reads ${pname} (line ${ins.line}) but nothing has been written there since it was last read`, tid, ins.line),
            event: !describe ? NO_EVENT : { ...base, text: `${name}: ${src} — reads an unwritten slot`, place: pname },
          };
        }
        const rc = cell.rc.slice();
        rc[tid] = clock[L + tid]!;
        const cells = m.cells.slice();
        cells[c] = { ...cell, full: 0, rc };
        m.cells = cells;
        locals = withLocal(locals, t.locals, ins.dst, cell.val);
        event = !describe ? NO_EVENT : { ...base, text: `${name}: reads ${pname} = ${cell.val}`, place: pname, value: cell.val };
      }
      break;
    }
    case "alloc": {
      const free = m.heap.free;
      if (free.length === 0) return panicked(m, t, tid, ins, name, "the node pool is exhausted: alloc() found no free node", describe);
      const n = free[free.length - 1]!;
      const live = m.heap.live.slice();
      live[n] = 1;
      m.heap = { ...m.heap, live, free: free.slice(0, -1) };
      locals = withLocal(locals, t.locals, ins.dst, n);
      event = !describe ? NO_EVENT : { ...base, text: `${name}: alloc() returns node ${n}${m.heap.freedBy[n]! >= 0 ? " (reused: it was freed before)" : ""}`, value: n };
      break;
    }
    case "free": {
      const n = evalExpr(ins.val, t.locals);
      if (n <= 0 || n >= m.heap.live.length) return panicked(m, t, tid, ins, name, n === 0 ? "free(null)" : `free(${n}): not a node`, describe);
      if (!m.heap.live[n]) {
        return {
          machine: withViolation(setThread(m, tid, t), "double-free", `double free: ${name} frees node ${n} (line ${ins.line}), already freed`, tid, ins.line),
          event: !describe ? NO_EVENT : { ...base, text: `${name}: free(${n}) — double free` },
        };
      }
      const live = m.heap.live.slice();
      live[n] = 0;
      const freedBy = m.heap.freedBy.slice();
      freedBy[n] = tid;
      const freedLine = m.heap.freedLine.slice();
      freedLine[n] = ins.line;
      m.heap = { live, free: [...m.heap.free, n], freedBy, freedLine };
      event = !describe ? NO_EVENT : { ...base, text: `${name}: free(${n})`, value: n };
      break;
    }
    case "spin": {
      t.status = "blocked"; t.waitReads = t.reads; t.waitCount = msgCount(m, t.reads); t.reads = [];
      event = !describe ? NO_EVENT : { ...base, text: `${name}: spin_loop() — waits until something it read changes` };
      break;
    }
    default: throw new Error(`not a visible instruction: ${ins.op}`);
  }
  t.pc = t.pc + 1; t.locals = locals; t.steps = t.steps + 1;
  const threads = m0.threads.slice();
  threads[tid] = t;
  m.threads = threads;
  if (t.steps > bounds.stepBudget) return { machine: { ...m, bounded: "step budget" }, event };
  return { machine: runLocal(prog, m, tid, bounds, true), event };
}

/** The footprint of `tid`'s next step, for partial-order reduction: what it touches and whether it writes. */
export interface Footprint {
  /** Atomic location (>= 0) or non-atomic cell encoded as -(cell + 2); -1 for none. */
  readonly at: number;
  readonly writes: boolean;
  /** "fence": an SC fence (touches the whole SC view); "access": an SC access of `at`; "" otherwise. */
  readonly sc: "" | "fence" | "access";
  /** A spin_loop step depends on every write (it decides what the thread waits for). */
  readonly spin: boolean;
}

/** The node pool's allocator as one footprint location (alloc and free never commute with each other). */
const HEAP_AT = -1_000_000;

export function footprint(prog: Compiled, m: Machine, tid: number): Footprint {
  const t = m.threads[tid]!;
  const ins = prog.threads[tid]!.code[t.pc]!;
  switch (ins.op) {
    case "load": case "store": case "rmw": case "cas": {
      const loc = element(ins.place, t.locals);
      const sc = ins.op === "cas" ? ins.success === "SeqCst" || ins.failure === "SeqCst" : ins.ord === "SeqCst";
      return { at: typeof loc === "string" ? -1 : loc, writes: ins.op !== "load", sc: sc ? "access" : "", spin: false };
    }
    case "naRead": case "naWrite": {
      const c = element(ins.place, t.locals);
      return { at: typeof c === "string" ? -1 : -(c + 2), writes: ins.op === "naWrite" || prog.cellSlot[c as number] === true, sc: "", spin: false };
    }
    case "fence": return { at: -1, writes: false, sc: ins.ord === "SeqCst" ? "fence" : "", spin: false };
    case "spin": return { at: -1, writes: false, sc: "", spin: true };
    case "alloc": case "free": return { at: HEAP_AT, writes: true, sc: "", spin: false };
    default: return { at: -1, writes: false, sc: "", spin: false };
  }
}

/** Two steps of different threads commute (neither changes what the other may do or see). */
export function independent(a: Footprint, b: Footprint): boolean {
  if ((a.spin && (b.writes || b.spin)) || (b.spin && (a.writes || a.spin))) return false;
  if (a.at !== -1 && a.at === b.at && (a.writes || b.writes)) return false;
  if (a.sc === "fence" && b.sc !== "") return false;
  if (b.sc === "fence" && a.sc !== "") return false;
  return true;
}

export type { Span };
