/**
 * Size classes with segregated slabs (the small-object path of jemalloc, mimalloc, tcmalloc, the Linux kmalloc
 * caches): a table of slot sizes, each served by its own slab free list. A request goes to the first class whose
 * slot holds its size and alignment (one table lookup); anything larger goes to the `fallback` part (a free-list
 * heap, a buddy, or a large-object path). Internal fragmentation is the gap between a request and its class, so
 * the table is the thing to tune.
 */
import { charge } from "../cost.ts";
import type { Block, Part, PartView, Space } from "./part.ts";
import { Slab, slotFits } from "./slab.ts";

export interface ClassesSpec<F> {
  readonly kind: "classes";
  /** Slot sizes, strictly increasing multiples of 8. */
  readonly table: readonly number[];
  readonly perSlab: number;
  readonly fallback: F;
}

export class SizeClasses implements Part {
  readonly kind = "classes";
  private readonly space: Space;
  readonly slabs: Slab[];
  readonly fallback: Part;

  constructor(space: Space, table: readonly number[], perSlab: number, fallback: Part) {
    this.space = space;
    this.slabs = table.map((slot) => new Slab(space, { kind: "slab", slot, perSlab }));
    this.fallback = fallback;
  }

  private classIndex(size: number, align: number): number {
    return this.slabs.findIndex((s) => slotFits(s.spec.slot, size, align));
  }

  alloc(size: number, align: number, thread: number): Block | null {
    charge(this.space.meter, "classLookup");
    const i = this.classIndex(size, align);
    return i >= 0 ? this.slabs[i]!.alloc(size, align) : this.fallback.alloc(size, align, thread);
  }

  free(block: Block, thread: number): void {
    charge(this.space.meter, "classLookup");
    const slab = this.slabs.find((s) => s.owns(block));
    if (slab) slab.free(block);
    else this.fallback.free(block, thread);
  }

  owns(block: Block): boolean {
    return this.slabs.some((s) => s.owns(block)) || this.fallback.owns(block);
  }

  reset(): boolean {
    return false;
  }

  classOf(size: number, align: number): number {
    const i = this.classIndex(size, align);
    return i >= 0 ? this.slabs[i]!.spec.slot : 0;
  }

  freeSpace() {
    let total = 0;
    let largest = 0;
    for (const p of [...this.slabs, this.fallback]) {
      const f = p.freeSpace();
      total += f.total;
      largest = Math.max(largest, f.largest);
    }
    return { total, largest };
  }

  /** The class table (one word per class) plus each slab's descriptors and the fallback's own. */
  sideMetadata(): number {
    return 8 * this.slabs.length + this.slabs.reduce((n, s) => n + s.sideMetadata(), 0) + this.fallback.sideMetadata();
  }

  view(): PartView {
    const children = [...this.slabs.map((s) => s.view()), this.fallback.view()];
    return {
      kind: this.kind, owner: 0, free: children.flatMap((c) => c.free).sort((a, b) => a[0] - b[0]),
      lists: this.slabs.map((s) => ({ label: `class ${s.spec.slot}`, starts: s.list.slice() })), children,
    };
  }
}
