/**
 * Slab allocator (Bonwick; the curriculum's "fixed-size slots with a free list linked through the slots"):
 * slabs of `perSlab` slots of `slot` bytes. alloc pops the head of the free list, dealloc pushes the slot back
 * (LIFO, so the most recently freed slot is reused first, warm in cache). A new slab is taken from the heap when
 * the list is empty; a fresh slab's slots are linked in address order. Zero external fragmentation inside a slab;
 * internal fragmentation is slot − size. A request larger than the slot, or with an alignment the slot size is
 * not a multiple of, is refused (null): one size per slab.
 * Omits: returning empty slabs to the heap, per-slab colouring.
 */
import { charge } from "../cost.ts";
import { sbrk, type Block, type Part, type PartView, type Space } from "./part.ts";

export interface SlabSpec {
  readonly kind: "slab";
  readonly slot: number;
  readonly perSlab: number;
}

/** Slabs start at an address aligned to the largest power of two dividing the slot (capped at a 4 KiB page). */
export function slabAlign(slot: number): number {
  return Math.min(4096, slot & -slot);
}

export function slotFits(slot: number, size: number, align: number): boolean {
  return size <= slot && slot % align === 0 && align <= slabAlign(slot);
}

export class Slab implements Part {
  readonly kind = "slab";
  private readonly space: Space;
  readonly spec: SlabSpec;
  private readonly id: number;
  readonly slabs: number[] = [];
  /** Free slot addresses, head first. */
  readonly list: number[] = [];

  constructor(space: Space, spec: SlabSpec) {
    this.space = space;
    this.spec = spec;
    this.id = space.nextOwner++;
  }

  fits(size: number, align: number): boolean {
    return slotFits(this.spec.slot, size, align);
  }

  alloc(size: number, align: number): Block | null {
    if (!this.fits(size, align)) return null;
    const meter = this.space.meter;
    if (this.list.length === 0) {
      const start = sbrk(this.space, this.spec.slot * this.spec.perSlab, slabAlign(this.spec.slot));
      if (start < 0) return null;
      this.slabs.push(start);
      for (let i = 0; i < this.spec.perSlab; i++) this.list.push(start + i * this.spec.slot);
    }
    charge(meter, "listOp");
    const addr = this.list.shift()!;
    return { addr, start: addr, end: addr + this.spec.slot, size, align, owner: this.id, meta: 0 };
  }

  free(block: Block): void {
    charge(this.space.meter, "listOp");
    this.list.unshift(block.start);
  }

  owns(block: Block): boolean {
    return block.owner === this.id;
  }

  reset(): boolean {
    return false;
  }

  classOf(): number {
    return this.spec.slot;
  }

  freeSpace() {
    return { total: this.list.length * this.spec.slot, largest: this.list.length ? this.spec.slot : 0 };
  }

  /** A 32-byte descriptor per slab (base, free-list head, in-use count, next slab). */
  sideMetadata(): number {
    return 32 * this.slabs.length;
  }

  view(): PartView {
    const free = this.list.map((s) => [s, s + this.spec.slot] as [number, number]).sort((a, b) => a[0] - b[0]);
    return { kind: this.kind, owner: this.id, free, lists: [{ label: `slot ${this.spec.slot}`, starts: this.list.slice() }] };
  }
}
