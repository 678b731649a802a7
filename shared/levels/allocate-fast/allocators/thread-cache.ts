/**
 * Per-thread caches (glibc's tcache, tcmalloc's thread caches, the curriculum's "each thread has its own bump
 * pointer; refill from shared pool"): each thread keeps a small stack of free blocks per size class. A hit pops or
 * pushes without touching the shared heap, so it takes no lock. A miss takes the shared lock once and refills
 * `refill` blocks; a push onto a full bin (`capacity`) takes the lock once and flushes half the bin back.
 * Requests the inner part cannot class (classOf 0: large objects, free-list sizes) go straight to the shared heap
 * under the lock.
 */
import { charge } from "../cost.ts";
import { acquire, type Block, type LockWord, type Part, type PartView, type Space } from "./part.ts";

export interface ThreadCacheSpec<I> {
  readonly kind: "thread-cache";
  readonly capacity: number;
  readonly refill: number;
  readonly inner: I;
}

export class ThreadCache implements Part {
  readonly kind = "thread-cache";
  private readonly space: Space;
  private readonly capacity: number;
  private readonly refill: number;
  readonly inner: Part;
  readonly lock: LockWord = { holder: -1 };
  /** bins[thread][class] → cached blocks, top last. Keys are small integers, iterated only through sorted keys. */
  readonly bins = new Map<number, Map<number, Block[]>>();

  constructor(space: Space, capacity: number, refill: number, inner: Part) {
    this.space = space;
    this.capacity = capacity;
    this.refill = refill;
    this.inner = inner;
  }

  private bin(thread: number, cls: number): Block[] {
    let perThread = this.bins.get(thread);
    if (!perThread) this.bins.set(thread, (perThread = new Map()));
    let bin = perThread.get(cls);
    if (!bin) perThread.set(cls, (bin = []));
    return bin;
  }

  alloc(size: number, align: number, thread: number): Block | null {
    const meter = this.space.meter;
    charge(meter, "classLookup");
    const cls = this.inner.classOf(size, align);
    if (cls === 0) {
      acquire(this.space, this.lock, thread);
      return this.inner.alloc(size, align, thread);
    }
    const bin = this.bin(thread, cls);
    if (bin.length === 0) {
      acquire(this.space, this.lock, thread);
      for (let i = 0; i < this.refill; i++) {
        const b = this.inner.alloc(size, align, thread);
        if (!b) break;
        bin.push(b);
      }
      if (bin.length === 0) return null;
      // Refilled blocks come out lowest address first.
      bin.reverse();
    }
    charge(meter, "listOp");
    const cached = bin.pop()!;
    return { ...cached, size, align };
  }

  free(block: Block, thread: number): void {
    const meter = this.space.meter;
    charge(meter, "classLookup");
    const cls = this.inner.classOf(block.size, block.align);
    if (cls === 0) {
      acquire(this.space, this.lock, thread);
      this.inner.free(block, thread);
      return;
    }
    const bin = this.bin(thread, cls);
    if (bin.length >= this.capacity) {
      acquire(this.space, this.lock, thread);
      for (const b of bin.splice(0, Math.max(1, this.capacity >> 1))) this.inner.free(b, thread);
    }
    charge(meter, "listOp");
    bin.push(block);
  }

  owns(block: Block): boolean {
    return this.inner.owns(block);
  }

  reset(): boolean {
    return false;
  }

  classOf(size: number, align: number): number {
    return this.inner.classOf(size, align);
  }

  private cached(): Block[] {
    const out: Block[] = [];
    for (const t of [...this.bins.keys()].sort((a, b) => a - b)) {
      const perThread = this.bins.get(t)!;
      for (const c of [...perThread.keys()].sort((a, b) => a - b)) out.push(...perThread.get(c)!);
    }
    return out;
  }

  /** Cached blocks are free memory too (only their own thread can use them). */
  freeSpace() {
    const inner = this.inner.freeSpace();
    let total = inner.total;
    let largest = inner.largest;
    for (const b of this.cached()) {
      total += b.end - b.start;
      largest = Math.max(largest, b.end - b.start);
    }
    return { total, largest };
  }

  /** A bin head and count per (thread, class) in use. */
  sideMetadata(): number {
    let bins = 0;
    for (const perThread of this.bins.values()) bins += perThread.size;
    return 16 * bins + this.inner.sideMetadata();
  }

  view(): PartView {
    const inner = this.inner.view();
    const lists: { label: string; starts: number[] }[] = [];
    for (const t of [...this.bins.keys()].sort((a, b) => a - b)) {
      const perThread = this.bins.get(t)!;
      for (const c of [...perThread.keys()].sort((a, b) => a - b)) {
        lists.push({ label: `thread ${t} · ${c}`, starts: perThread.get(c)!.map((b) => b.start) });
      }
    }
    const mine = this.cached().map((b) => [b.start, b.end] as [number, number]);
    return { kind: this.kind, owner: 0, free: [...mine, ...inner.free].sort((a, b) => a[0] - b[0]), lists, children: [inner] };
  }
}
