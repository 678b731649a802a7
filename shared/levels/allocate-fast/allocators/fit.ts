/**
 * A free-list heap with boundary tags (CS:APP ch. 9, explicit-list variant). The heap is a sequence of blocks,
 * each starting with an 8-byte header (size | allocated bit) and, with `tags`, ending with an 8-byte footer that
 * copies it so the block below can be found in O(1). Free blocks are linked in an explicit LIFO free list.
 *
 * - Placement policy: first fit (walk the list from its head), next fit (walk from where the last search
 *   stopped), best fit (walk the whole list, take the smallest block that fits; an exact fit stops the walk).
 * - Splitting: the rest of a chosen block becomes a free block if it is at least `split` bytes (and at least a
 *   minimum block); otherwise it stays inside the allocation as internal fragmentation.
 * - Coalescing: immediate (on free, merge with the next block, and with the previous one when footers exist),
 *   deferred (merge all neighbours in one sweep when a search fails), or none.
 * - Growth: when nothing fits, the heap grows by `grow` bytes (or the request), merging with a free last block.
 *
 * List order (it decides first and next fit): a freed block (merged with its neighbours or not) and a new heap
 * extension go to the head of the list; a free last block that a growth extends keeps its place; a split remainder
 * takes the place of the block it was cut from; the deferred sweep keeps the survivors' order. Next fit
 * starts its walk at the list position where the previous allocation was made.
 *
 * Numbers: headers and footers are 8 bytes; blocks are multiples of 8; a free block must hold its header, two list
 * pointers and (with tags) a footer, so the minimum block is 32 bytes with tags and 24 without. The payload
 * starts at the first address after the header that satisfies the alignment; bytes skipped stay in the block.
 * Omits: the allocated-block footer elision trick, address-ordered lists, segregated fits (see size-classes.ts).
 */
import { alignUp } from "../alignment.ts";
import { charge } from "../cost.ts";
import { sbrk, type Block, type Part, type PartView, type Space } from "./part.ts";

export interface FitSpec {
  readonly kind: "fit";
  readonly fit: "first" | "next" | "best";
  /** Smallest remainder, in bytes, that is split off as a free block. */
  readonly split: number;
  readonly coalesce: "immediate" | "deferred" | "none";
  /** Boundary tags: a footer in every block, so a free can merge with the block below. */
  readonly tags: boolean;
  /** Bytes the heap grows by when no block fits. */
  readonly grow: number;
}

export const HEADER = 8;

interface HeapBlock {
  start: number;
  size: number;
  free: boolean;
}

export class FitHeap implements Part {
  readonly kind = "fit";
  private readonly space: Space;
  private readonly spec: FitSpec;
  private readonly id: number;
  private readonly footer: number;
  readonly minBlock: number;
  /** Every block in address order: the implicit list. */
  readonly blocks: HeapBlock[] = [];
  /** Starts of free blocks, in free-list order (head first). */
  readonly list: number[] = [];
  /** Next fit: the list position the next search starts from. */
  private rover = 0;

  constructor(space: Space, spec: FitSpec) {
    this.space = space;
    this.spec = spec;
    this.id = space.nextOwner++;
    this.footer = spec.tags ? 8 : 0;
    this.minBlock = spec.tags ? 32 : 24;
  }

  /** Bytes a block starting at `start` needs to hold `size` bytes aligned to `align`. */
  need(start: number, size: number, align: number): number {
    const payload = alignUp(start + HEADER, align);
    return Math.max(this.minBlock, alignUp(payload - start + size + this.footer, 8));
  }

  private indexOf(start: number): number {
    let lo = 0;
    let hi = this.blocks.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const s = this.blocks[mid]!.start;
      if (s === start) return mid;
      if (s < start) lo = mid + 1;
      else hi = mid - 1;
    }
    return -1;
  }

  private blockAt(start: number): HeapBlock {
    return this.blocks[this.indexOf(start)]!;
  }

  /** List position of a fitting block by the placement policy, or -1. */
  private search(size: number, align: number): number {
    const meter = this.space.meter;
    const n = this.list.length;
    if (this.spec.fit === "best") {
      let best = -1;
      let bestSize = Infinity;
      for (let i = 0; i < n; i++) {
        charge(meter, "visit");
        const b = this.blockAt(this.list[i]!);
        const need = this.need(b.start, size, align);
        if (need <= b.size && b.size < bestSize) {
          best = i;
          bestSize = b.size;
          if (b.size === need) break;
        }
      }
      return best;
    }
    const from = this.spec.fit === "next" && n > 0 ? this.rover % n : 0;
    for (let k = 0; k < n; k++) {
      const i = (from + k) % n;
      charge(meter, "visit");
      const b = this.blockAt(this.list[i]!);
      if (this.need(b.start, size, align) <= b.size) return i;
    }
    return -1;
  }

  alloc(size: number, align: number): Block | null {
    let at = this.search(size, align);
    if (at < 0 && this.spec.coalesce === "deferred" && this.sweep()) at = this.search(size, align);
    if (at < 0) at = this.growFor(size, align);
    if (at < 0) return null;
    return this.take(at, size, align);
  }

  /** Grows the heap so a block at the end can hold the request; returns its list position, or -1. */
  private growFor(size: number, align: number): number {
    const worst = alignUp(HEADER + align - 1 + size + this.footer, 8);
    let bytes = alignUp(Math.max(this.spec.grow, worst, this.minBlock), 16);
    let start = sbrk(this.space, bytes, 16);
    if (start < 0) {
      // Near the heap limit: grow by just what this request needs.
      bytes = alignUp(Math.max(worst, this.minBlock), 16);
      start = sbrk(this.space, bytes, 16);
    }
    if (start < 0) return -1;
    const last = this.blocks[this.blocks.length - 1];
    if (last && last.free && last.start + last.size === start && this.spec.coalesce !== "none") {
      charge(this.space.meter, "coalesce");
      last.size += bytes;
      charge(this.space.meter, "header", 1 + (this.footer ? 1 : 0));
      const pos = this.list.indexOf(last.start);
      if (this.need(last.start, size, align) <= last.size) return pos;
      return -1;
    }
    this.blocks.push({ start, size: bytes, free: true });
    charge(this.space.meter, "header", 1 + (this.footer ? 1 : 0));
    this.list.unshift(start);
    return 0;
  }

  /** Allocates from the free block at list position `at`, splitting off the rest if it is large enough. */
  private take(at: number, size: number, align: number): Block {
    const meter = this.space.meter;
    const start = this.list[at]!;
    const b = this.blockAt(start);
    const need = this.need(start, size, align);
    const rest = b.size - need;
    if (rest >= Math.max(this.spec.split, this.minBlock)) {
      charge(meter, "split");
      charge(meter, "header", 1 + (this.footer ? 1 : 0));
      b.size = need;
      this.blocks.splice(this.indexOf(start) + 1, 0, { start: start + need, size: rest, free: true });
      this.list[at] = start + need;
      this.rover = at;
    } else {
      this.list.splice(at, 1);
      this.rover = at;
    }
    b.free = false;
    charge(meter, "header", 1 + (this.footer ? 1 : 0));
    return { addr: alignUp(start + HEADER, align), start, end: start + b.size, size, align, owner: this.id, meta: HEADER + this.footer };
  }

  free(block: Block): void {
    const meter = this.space.meter;
    let i = this.indexOf(block.start);
    let b = this.blocks[i]!;
    b.free = true;
    charge(meter, "header", 1 + (this.footer ? 1 : 0));
    if (this.spec.coalesce === "immediate") {
      const next = this.blocks[i + 1];
      charge(meter, "visit");
      if (next && next.free && b.start + b.size === next.start) {
        charge(meter, "coalesce");
        this.unlink(next.start);
        b.size += next.size;
        this.blocks.splice(i + 1, 1);
      }
      if (this.footer) {
        const prev = this.blocks[i - 1];
        charge(meter, "visit");
        if (prev && prev.free && prev.start + prev.size === b.start) {
          charge(meter, "coalesce");
          this.unlink(prev.start);
          prev.size += b.size;
          this.blocks.splice(i, 1);
          i--;
          b = prev;
        }
      }
      charge(meter, "header", 1 + (this.footer ? 1 : 0));
    }
    this.list.unshift(b.start);
  }

  private unlink(start: number): void {
    const pos = this.list.indexOf(start);
    this.list.splice(pos, 1);
    if (this.rover > pos) this.rover--;
  }

  /** Deferred coalescing: one pass over every block merging free neighbours. Returns whether anything merged. */
  private sweep(): boolean {
    const meter = this.space.meter;
    let merged = false;
    for (let i = 0; i < this.blocks.length; i++) {
      charge(meter, "visit");
      const b = this.blocks[i]!;
      while (b.free) {
        const next = this.blocks[i + 1];
        if (!next || !next.free || b.start + b.size !== next.start) break;
        charge(meter, "coalesce");
        this.unlink(next.start);
        b.size += next.size;
        this.blocks.splice(i + 1, 1);
        merged = true;
      }
    }
    if (merged) this.rover = 0;
    return merged;
  }

  owns(block: Block): boolean {
    return block.owner === this.id;
  }

  reset(): boolean {
    return false;
  }

  classOf(size: number): number {
    return alignUp(size, 16);
  }

  freeSpace() {
    let total = 0;
    let largest = 0;
    for (const b of this.blocks) {
      if (!b.free) continue;
      total += b.size;
      largest = Math.max(largest, b.size);
    }
    return { total, largest };
  }

  /** The free-list head and the rover. */
  sideMetadata(): number {
    return 16;
  }

  view(): PartView {
    return {
      kind: this.kind, owner: this.id,
      free: this.blocks.filter((b) => b.free).map((b) => [b.start, b.start + b.size] as const),
      lists: [{ label: `${this.spec.fit} fit`, starts: this.list.slice() }],
    };
  }
}
