/**
 * Bump arena (bumpalo's shape): a chunk of memory and a cursor. alloc rounds the cursor up to the alignment,
 * bumps it by the size and returns the old aligned cursor; dealloc does nothing; reset moves the cursor back to
 * the first chunk. When a chunk is full the arena either fails (null, as the curriculum's fixed arena does) or,
 * with `chain`, takes a new chunk from the heap and keeps going; chunks stay owned and are reused after reset.
 *
 * Omits: growing chunk sizes (bumpalo doubles them); zeroing on reset.
 */
import { alignUp } from "../alignment.ts";
import { charge } from "../cost.ts";
import { sbrk, type Block, type Part, type PartView, type Space } from "./part.ts";

export interface BumpSpec {
  readonly kind: "bump";
  /** Bytes per chunk. */
  readonly chunk: number;
  /** Take another chunk when one is full (true) or return null (false). */
  readonly chain: boolean;
}

export class BumpArena implements Part {
  readonly kind = "bump";
  private readonly space: Space;
  private readonly spec: BumpSpec;
  private readonly id: number;
  /** Chunks [start, end) in the order they were taken. */
  readonly chunks: [number, number][] = [];
  /** Index of the chunk the cursor is in. */
  private current = 0;
  cursor = 0;

  constructor(space: Space, spec: BumpSpec) {
    this.space = space;
    this.spec = spec;
    this.id = space.nextOwner++;
    // The first chunk is reserved before the program runs (the curriculum's pre-allocated arena): not charged.
    space.free = true;
    const start = sbrk(space, spec.chunk, 16);
    space.free = false;
    if (start >= 0) {
      this.chunks.push([start, start + spec.chunk]);
      this.cursor = start;
    }
  }

  alloc(size: number, align: number): Block | null {
    const meter = this.space.meter;
    charge(meter, "bump");
    for (;;) {
      const chunk = this.chunks[this.current];
      if (chunk) {
        const addr = alignUp(this.cursor, align);
        if (addr + size <= chunk[1]) {
          const block: Block = { addr, start: this.cursor, end: addr + size, size, align, owner: this.id, meta: 0 };
          this.cursor = addr + size;
          return block;
        }
      }
      // Move to the next chunk already owned, or take a new one.
      if (this.current + 1 < this.chunks.length) {
        this.current++;
        this.cursor = this.chunks[this.current]![0];
        continue;
      }
      if (!this.spec.chain && this.chunks.length > 0) return null;
      let bytes = Math.max(this.spec.chunk, alignUp(size + align, 16));
      let start = sbrk(this.space, bytes, 16);
      if (start < 0) {
        // Near the heap limit: a last, smaller chunk that holds this request.
        bytes = alignUp(size + align, 16);
        start = sbrk(this.space, bytes, 16);
      }
      if (start < 0) return null;
      this.chunks.push([start, start + bytes]);
      this.current = this.chunks.length - 1;
      this.cursor = start;
    }
  }

  free(): void {
    // An arena frees nothing individually: the bytes come back at reset.
  }

  owns(block: Block): boolean {
    return block.owner === this.id;
  }

  reset(): boolean {
    charge(this.space.meter, "bump");
    this.current = 0;
    this.cursor = this.chunks[0]?.[0] ?? 0;
    return true;
  }

  classOf(size: number): number {
    return size;
  }

  private freeRanges(): [number, number][] {
    const out: [number, number][] = [];
    for (let i = this.current; i < this.chunks.length; i++) {
      const [s, e] = this.chunks[i]!;
      const from = i === this.current ? this.cursor : s;
      if (e > from) out.push([from, e]);
    }
    return out;
  }

  freeSpace() {
    const ranges = this.freeRanges();
    return { total: ranges.reduce((n, [s, e]) => n + e - s, 0), largest: ranges.reduce((m, [s, e]) => Math.max(m, e - s), 0) };
  }

  /** start, end and current per chunk: three words each. */
  sideMetadata(): number {
    return 24 * this.chunks.length;
  }

  view(): PartView {
    return { kind: this.kind, owner: this.id, free: this.freeRanges(), lists: [{ label: "cursor", starts: [this.cursor] }] };
  }
}
