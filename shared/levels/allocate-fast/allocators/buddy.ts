/**
 * Buddy allocator (Knuth; the kernel page allocator): an arena of `max` bytes (a power of two, aligned to itself)
 * split in halves on demand. A request gets the smallest power-of-two block ≥ max(size, align, min); a larger free
 * block is split recursively, each split leaving a free buddy. On free, a block whose buddy (address XOR size,
 * relative to the arena) is also free merges with it, and the merge repeats upward.
 *
 * Curriculum example: a 1024 arena, alloc(100) splits 1024 → 512 → 256 → 128 and gets the 128 block at 0
 * ([128*][128][256][512]); alloc(200) then takes the 256 block at 256; freeing the first block merges it with its
 * free buddy into a 256 block. Among free blocks of one size the lowest address is used, so placements are
 * reproducible by hand. Blocks carry no header: dealloc's Layout gives the size, as GlobalAlloc promises. When
 * an arena is full another is taken from the heap. Omits: per-order bitmaps as real bits (one bit per block is
 * counted as metadata).
 */
import { charge } from "../cost.ts";
import { nextPow2, sbrk, type Block, type Part, type PartView, type Space } from "./part.ts";

export interface BuddySpec {
  readonly kind: "buddy";
  /** Smallest block, a power of two. */
  readonly min: number;
  /** Arena size and largest block, a power of two. */
  readonly max: number;
}

export class BuddyHeap implements Part {
  readonly kind = "buddy";
  private readonly space: Space;
  readonly spec: BuddySpec;
  private readonly id: number;
  readonly arenas: number[] = [];
  /** free[k]: starts of free blocks of size min << k, ascending. */
  readonly free_: number[][] = [];
  private readonly orders: number;

  constructor(space: Space, spec: BuddySpec) {
    this.space = space;
    this.spec = spec;
    this.id = space.nextOwner++;
    this.orders = Math.log2(spec.max / spec.min) + 1;
    for (let k = 0; k < this.orders; k++) this.free_.push([]);
  }

  blockSizeFor(size: number, align: number): number {
    return nextPow2(Math.max(size, align, this.spec.min));
  }

  private insert(k: number, start: number): void {
    const list = this.free_[k]!;
    let i = 0;
    while (i < list.length && list[i]! < start) i++;
    list.splice(i, 0, start);
  }

  private remove(k: number, start: number): boolean {
    const list = this.free_[k]!;
    const i = list.indexOf(start);
    if (i < 0) return false;
    list.splice(i, 1);
    return true;
  }

  private arenaOf(addr: number): number {
    return addr - (addr % this.spec.max);
  }

  alloc(size: number, align: number): Block | null {
    const meter = this.space.meter;
    const bytes = this.blockSizeFor(size, align);
    if (bytes > this.spec.max) return null;
    const want = Math.log2(bytes / this.spec.min);
    let k = want;
    for (;;) {
      while (k < this.orders) {
        charge(meter, "visit");
        if (this.free_[k]!.length > 0) break;
        k++;
      }
      if (k < this.orders) break;
      const start = sbrk(this.space, this.spec.max, this.spec.max);
      if (start < 0) return null;
      this.arenas.push(start);
      this.insert(this.orders - 1, start);
      k = want;
    }
    const start = this.free_[k]!.shift()!;
    charge(meter, "listOp");
    while (k > want) {
      k--;
      charge(meter, "split");
      this.insert(k, start + (this.spec.min << k));
    }
    charge(meter, "header");
    return { addr: start, start, end: start + bytes, size, align, owner: this.id, meta: 0 };
  }

  free(block: Block): void {
    const meter = this.space.meter;
    let start = block.start;
    let k = Math.log2((block.end - block.start) / this.spec.min);
    charge(meter, "header");
    while (k < this.orders - 1) {
      const base = this.arenaOf(start);
      const buddy = base + ((start - base) ^ (this.spec.min << k));
      charge(meter, "visit");
      if (!this.remove(k, buddy)) break;
      charge(meter, "coalesce");
      start = Math.min(start, buddy);
      k++;
    }
    this.insert(k, start);
    charge(meter, "listOp");
  }

  owns(block: Block): boolean {
    return block.owner === this.id;
  }

  reset(): boolean {
    return false;
  }

  classOf(size: number, align: number): number {
    return this.blockSizeFor(size, align);
  }

  freeSpace() {
    let total = 0;
    let largest = 0;
    this.free_.forEach((list, k) => {
      total += list.length * (this.spec.min << k);
      if (list.length) largest = Math.max(largest, this.spec.min << k);
    });
    return { total, largest };
  }

  /** One bit per node of each arena's tree (2·max/min nodes), plus a list head per order. */
  sideMetadata(): number {
    return this.arenas.length * Math.ceil((2 * this.spec.max) / this.spec.min / 8) + 8 * this.orders;
  }

  view(): PartView {
    const free: [number, number][] = [];
    this.free_.forEach((list, k) => list.forEach((s) => free.push([s, s + (this.spec.min << k)])));
    free.sort((a, b) => a[0] - b[0]);
    return {
      kind: this.kind, owner: this.id, free,
      lists: this.free_.map((list, k) => ({ label: `${this.spec.min << k}`, starts: list.slice() })),
    };
  }
}
