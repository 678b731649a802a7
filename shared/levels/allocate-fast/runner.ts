/**
 * Runs a whole trace through an allocator design and measures it. Every operation is checked twice: the
 * program's side against the GlobalAlloc contract (contract.ts: zero size, double free, wrong layout, use after
 * free or reset), and the allocator's side against what GlobalAlloc promises (the pointer is aligned, inside the
 * heap, and its block overlaps no live block) so a broken part cannot go unnoticed.
 *
 * Metric definitions (integers; permille = thousandths) are in COST-MODEL.md. The heap is sampled at its peak:
 * the first operation after which the live payload is largest (a second pass stops there), because that is when
 * fragmentation costs memory.
 */
import { charge, createMeter, type CostEvent } from "./cost.ts";
import { CONTRACT, doubleFree, foreignFree, useAfterFree, useAfterReset, wrongLayout, zeroSize, type ContractError } from "./contract.ts";
import { buildPart, type Design } from "./allocators/design.ts";
import { acquire, createSpace, type Block, type PartView } from "./allocators/part.ts";
import type { TraceOp } from "./trace.ts";

export const LINE_BYTES = 64;

export interface DesignMetrics {
  ops: number;
  allocs: number;
  /** Simulated picoseconds per alloc (realloc and free not included). */
  costPerAllocPs: number;
  /** Simulated picoseconds per operation of any kind. */
  costPerOpPs: number;
  /** Total simulated nanoseconds. */
  totalNs: number;
  peakLive: number;
  highWater: number;
  /** Peak utilisation: max live payload ÷ heap high-water mark, permille. */
  peakUtil: number;
  /** At the peak: bytes reserved for live blocks that are not payload (headers, padding, rounding) ÷ bytes reserved, permille. */
  internalFrag: number;
  /** At the peak: 1000 − largestFree. */
  externalFrag: number;
  /** At the peak: largest free block ÷ total free bytes, permille (1000 when nothing is free). */
  largestFree: number;
  /** At the peak: header and footer bytes of live blocks plus the allocator's side tables. */
  metadata: number;
  /** At the peak: cache-line fetches of a traversal of the live blocks in allocation order (one-line buffer). */
  lines: number;
}

export interface RunFailure {
  readonly code: string;
  readonly message: string;
  readonly misconception: string;
  /** Index of the operation that failed. */
  readonly op: number;
}

export interface RunReport {
  readonly ok: boolean;
  readonly failure?: RunFailure;
  readonly metrics: DesignMetrics;
  readonly counts: Record<CostEvent, number>;
  readonly peakOp: number;
}

interface Entry {
  block: Block;
  /** Current payload size (realloc may shrink it in place). */
  size: number;
  state: "live" | "freed" | "reset";
}

interface Sample {
  internalFrag: number;
  largestFree: number;
  metadata: number;
  lines: number;
  picture: HeapPicture;
}

/** The heap after some operation, for a board: live blocks with their reserved bytes, and each part's free lists. */
export interface HeapPicture {
  /** Operations applied. */
  readonly at: number;
  readonly brk: number;
  readonly live: readonly { readonly id: number; readonly addr: number; readonly size: number; readonly start: number; readonly end: number; readonly meta: number }[];
  readonly parts: PartView;
}

/** Cache-line fetches when a list walk reads the first 16 bytes of each block (its next pointer and key). */
export function traversalLines(addrs: readonly { addr: number; size: number }[]): number {
  let last = -1;
  let n = 0;
  for (const { addr, size } of addrs) {
    const first = Math.floor(addr / LINE_BYTES);
    const lastLine = Math.floor((addr + Math.max(1, Math.min(size, 16)) - 1) / LINE_BYTES);
    for (let l = first; l <= lastLine; l++) {
      if (l !== last) n++;
      last = l;
    }
  }
  return n;
}

class Failure extends Error {
  readonly failure: RunFailure;
  constructor(failure: RunFailure) {
    super(failure.message);
    this.failure = failure;
  }
}

function pass(design: Design, ops: readonly TraceOp[], stopAt: number) {
  const meter = createMeter();
  const space = createSpace(design.heap, meter);
  const root = buildPart(space, design.root);
  const lock = { holder: -1 };
  const topLock = design.sync === "lock" && root.kind !== "thread-cache";
  const shared = topLock || root.kind === "thread-cache";
  const ids = new Map<number, Entry>();
  /** Reserved ranges of live blocks: sorted starts and their ends. */
  const starts: number[] = [];
  const ends = new Map<number, number>();
  let live = 0;
  let peakLive = 0;
  let peakOp = -1;
  let allocPs = 0;
  let allocs = 0;
  let sample: Sample | null = null;
  let i = 0;

  const die = (code: string, message: string, misconception: string): never => {
    throw new Failure({ code, message, misconception, op: i });
  };
  const breach = (e: ContractError): never => die(e.code, e.message, e.misconception);
  const name = (id: number) => `allocation #${id}`;

  const position = (start: number) => {
    let lo = 0;
    let hi = starts.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (starts[mid]! < start) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  const admit = (b: Block, size: number, align: number) => {
    const bug = (why: string) => die("E_ALLOCATOR_BUG", `The ${design.root.kind} design broke GlobalAlloc's promise: ${why}.`, "allocator bug");
    if (b.addr % align !== 0) bug(`it returned ${b.addr}, not a multiple of ${align}`);
    if (b.addr < b.start || b.addr + size > b.end || b.end > space.brk) bug(`the block ${b.start}..${b.end} does not hold ${size} bytes at ${b.addr} inside the heap`);
    const p = position(b.start);
    const prev = starts[p - 1];
    const next = starts[p];
    if ((prev !== undefined && ends.get(prev)! > b.start) || (next !== undefined && next < b.end)) bug(`the block ${b.start}..${b.end} overlaps a live block`);
    starts.splice(p, 0, b.start);
    ends.set(b.start, b.end);
  };
  const release = (b: Block) => {
    starts.splice(position(b.start), 1);
    ends.delete(b.start);
  };
  const lockFor = (thread: number) => {
    if (topLock) acquire(space, lock, thread);
  };
  const oom = (size: number, align: number): never => {
    const f = root.freeSpace();
    if (space.brk + size + align <= design.heap) {
      return die("E_NO_PART", `No part of this design serves alloc(${size}, align ${align}), though the heap has ${design.heap - space.brk} bytes left: ` +
        "a slab holds one slot size, a fixed arena stops at its chunk, a buddy stops at its largest block.", "design cannot serve this size");
    }
    return die("E_OOM", `Out of memory: alloc(${size}, align ${align}) failed with ${f.total} bytes free in blocks of at most ${f.largest} ` +
      `and the heap at ${space.brk} of ${design.heap} bytes.`, f.total >= size ? "fragmentation" : "heap exhausted");
  };

  const takeSample = (): Sample => {
    let reserved = 0;
    let payload = 0;
    let metadata = root.sideMetadata();
    const order: { addr: number; size: number }[] = [];
    for (const e of ids.values()) {
      if (e.state !== "live") continue;
      reserved += e.block.end - e.block.start;
      payload += e.size;
      metadata += e.block.meta;
      order.push({ addr: e.block.addr, size: e.size });
    }
    const free = root.freeSpace();
    const live = [...ids].filter(([, e]) => e.state === "live")
      .map(([id, e]) => ({ id, addr: e.block.addr, size: e.size, start: e.block.start, end: e.block.end, meta: e.block.meta }));
    return {
      internalFrag: reserved ? Math.round(((reserved - payload) * 1000) / reserved) : 0,
      largestFree: free.total ? Math.round((free.largest * 1000) / free.total) : 1000,
      metadata, lines: traversalLines(order),
      picture: { at: i + 1, brk: space.brk, live, parts: root.view() },
    };
  };

  let failure: RunFailure | undefined;
  let firstThread = -1;
  try {
    for (i = 0; i < ops.length; i++) {
      const op = ops[i]!;
      if (firstThread < 0) firstThread = op.thread;
      if (!shared && op.thread !== firstThread) {
        die("E_DATA_RACE", `Thread ${op.thread} called the allocator while thread ${firstThread} uses it, and this design has no lock and no ` +
          `per-thread caches: GlobalAlloc takes &self, so a global allocator must be Sync (set "sync": "lock" or add a thread-cache).`, "data race");
      }
      const before = meter.ps;
      if (op.op === "a") {
        if (op.size === 0) breach(zeroSize("GlobalAlloc::alloc", op));
        if (ids.get(op.id)?.state === "live") die("E_BAD_TRACE", `Operation ${i + 1} allocates id ${op.id}, which is still live.`, "trace error");
        charge(meter, "call");
        lockFor(op.thread);
        const b = root.alloc(op.size, op.align, op.thread) ?? oom(op.size, op.align);
        admit(b, op.size, op.align);
        ids.delete(op.id);
        ids.set(op.id, { block: b, size: op.size, state: "live" });
        live += op.size;
        allocs++;
        allocPs += meter.ps - before;
      } else if (op.op === "f") {
        const e = ids.get(op.id);
        if (!e) breach({ ...foreignFree(-1), message: `Undefined Behavior: deallocating id ${op.id}, which this allocator never returned.` });
        if (e!.state === "freed") breach(doubleFree(name(op.id), e!.block.addr));
        if (e!.state === "reset") breach(useAfterReset(name(op.id), e!.block.addr, "deallocation"));
        if (op.layout && (op.layout.size !== e!.size || op.layout.align !== e!.block.align)) {
          breach(wrongLayout(name(op.id), { size: e!.size, align: e!.block.align }, op.layout));
        }
        charge(meter, "call");
        lockFor(op.thread);
        root.free(e!.block, op.thread);
        release(e!.block);
        e!.state = "freed";
        live -= e!.size;
      } else if (op.op === "r") {
        const e = ids.get(op.id);
        if (!e) breach({ ...foreignFree(-1), message: `Undefined Behavior: reallocating id ${op.id}, which this allocator never returned.` });
        if (op.size === 0) breach(zeroSize("GlobalAlloc::realloc", { size: op.size, align: e!.block.align }));
        if (e!.state === "freed") breach(useAfterFree(name(op.id), e!.block.addr, "reallocation"));
        if (e!.state === "reset") breach(useAfterReset(name(op.id), e!.block.addr, "reallocation"));
        charge(meter, "call");
        lockFor(op.thread);
        if (op.size <= e!.size) {
          live += op.size - e!.size;
          e!.size = op.size;
        } else {
          const b = root.alloc(op.size, e!.block.align, op.thread) ?? oom(op.size, e!.block.align);
          admit(b, op.size, e!.block.align);
          charge(meter, "copyLine", Math.ceil(e!.size / LINE_BYTES));
          root.free(e!.block, op.thread);
          release(e!.block);
          live += op.size - e!.size;
          e!.block = b;
          e!.size = op.size;
        }
      } else {
        charge(meter, "call");
        const arena = root.reset();
        for (const [, e] of [...ids].sort((a, b) => a[0] - b[0])) {
          if (e.state !== "live") continue;
          if (!arena) {
            charge(meter, "call");
            lockFor(op.thread);
            root.free(e.block, op.thread);
          }
          release(e.block);
          e.state = "reset";
        }
        live = 0;
      }
      if (live > peakLive) {
        peakLive = live;
        peakOp = i;
      }
      if (i === stopAt) {
        sample = takeSample();
        break;
      }
    }
  } catch (err) {
    if (!(err instanceof Failure)) throw err;
    failure = err.failure;
    // A board asking for the heap at or after the failure sees it as the failing operation found it.
    if (stopAt >= i) sample = takeSample();
  }
  return { failure, meter, peakLive, peakOp, allocPs, allocs, highWater: space.brk, sample, ops: Math.min(i, ops.length) };
}

/** Runs `ops` through `design`; never throws on a bad trace or a failing design (the report says why). */
export function runTrace(design: Design, ops: readonly TraceOp[], options: { sample?: boolean } = {}): RunReport {
  const first = pass(design, ops, -1);
  const sample = options.sample === false || first.peakOp < 0 ? null : pass(design, ops, first.peakOp).sample;
  const m = first.meter;
  const opsRun = first.ops;
  const metrics: DesignMetrics = {
    ops: opsRun, allocs: first.allocs,
    costPerAllocPs: first.allocs ? Math.round(first.allocPs / first.allocs) : 0,
    costPerOpPs: opsRun ? Math.round(m.ps / opsRun) : 0,
    totalNs: Math.round(m.ps / 1000),
    peakLive: first.peakLive, highWater: first.highWater,
    peakUtil: first.highWater ? Math.round((first.peakLive * 1000) / first.highWater) : 0,
    internalFrag: sample?.internalFrag ?? 0,
    externalFrag: 1000 - (sample?.largestFree ?? 1000),
    largestFree: sample?.largestFree ?? 1000,
    metadata: sample?.metadata ?? 0,
    lines: sample?.lines ?? 0,
  };
  return { ok: !first.failure, ...(first.failure ? { failure: first.failure } : {}), metrics, counts: { ...m.counts }, peakOp: first.peakOp };
}

/** The heap just after operation `index` (0-based) of a run, or after the failing operation if the run stops earlier. */
export function heapAt(design: Design, ops: readonly TraceOp[], index: number): HeapPicture | null {
  return pass(design, ops, Math.max(0, Math.min(index, ops.length - 1))).sample?.picture ?? null;
}

export { CONTRACT };
