/**
 * The large-object path: requests of at least `threshold` bytes bypass the small allocator and get whole pages
 * (as glibc's mmap threshold and jemalloc's large extents do). Page runs are kept in address order; a request takes
 * the first free run with enough pages (splitting off the rest), else new pages from the heap; a freed run merges
 * with free neighbours. Runs are described in a side table (16 bytes each), so pages carry no headers.
 * Omits: returning pages to the OS (munmap).
 */

import { charge } from "../cost.ts";
import { sbrk, type Block, type Part, type PartView, type Space } from "./part.ts";

interface Run {
  start: number;
  pages: number;
  free: boolean;
}

export class LargePath implements Part {
  readonly kind = "large";
  private readonly space: Space;
  private readonly id: number;
  readonly threshold: number;
  readonly page: number;
  readonly small: Part;
  readonly runs: Run[] = [];

  constructor(space: Space, threshold: number, page: number, small: Part) {
    this.space = space;
    this.id = space.nextOwner++;
    this.threshold = threshold;
    this.page = page;
    this.small = small;
  }

  alloc(size: number, align: number, thread: number): Block | null {
    if (size < this.threshold) return this.small.alloc(size, align, thread);
    if (align > this.page) return null;
    const meter = this.space.meter;
    const pages = Math.ceil(size / this.page);
    let i = -1;
    for (let k = 0; k < this.runs.length; k++) {
      const r = this.runs[k]!;
      if (!r.free) continue;
      charge(meter, "visit");
      if (r.pages >= pages) {
        i = k;
        break;
      }
    }
    if (i < 0) {
      const start = sbrk(this.space, pages * this.page, this.page);
      if (start < 0) return null;
      this.runs.push({ start, pages, free: false });
      charge(meter, "header");
      return this.block(start, pages, size, align);
    }
    const r = this.runs[i]!;
    if (r.pages > pages) {
      charge(meter, "split");
      this.runs.splice(i + 1, 0, { start: r.start + pages * this.page, pages: r.pages - pages, free: true });
      r.pages = pages;
    }
    r.free = false;
    charge(meter, "header");
    return this.block(r.start, pages, size, align);
  }

  private block(start: number, pages: number, size: number, align: number): Block {
    return { addr: start, start, end: start + pages * this.page, size, align, owner: this.id, meta: 0 };
  }

  free(block: Block, thread: number): void {
    if (block.owner !== this.id) {
      this.small.free(block, thread);
      return;
    }
    const meter = this.space.meter;
    let i = this.runs.findIndex((r) => r.start === block.start);
    const r = this.runs[i]!;
    r.free = true;
    charge(meter, "header");
    const next = this.runs[i + 1];
    if (next && next.free && r.start + r.pages * this.page === next.start) {
      charge(meter, "coalesce");
      r.pages += next.pages;
      this.runs.splice(i + 1, 1);
    }
    const prev = this.runs[i - 1];
    if (prev && prev.free && prev.start + prev.pages * this.page === r.start) {
      charge(meter, "coalesce");
      prev.pages += r.pages;
      this.runs.splice(i, 1);
      i--;
    }
  }

  owns(block: Block): boolean {
    return block.owner === this.id || this.small.owns(block);
  }

  reset(): boolean {
    return false;
  }

  classOf(size: number, align: number): number {
    return size < this.threshold ? this.small.classOf(size, align) : 0;
  }

  freeSpace() {
    const s = this.small.freeSpace();
    let total = s.total;
    let largest = s.largest;
    for (const r of this.runs) {
      if (!r.free) continue;
      total += r.pages * this.page;
      largest = Math.max(largest, r.pages * this.page);
    }
    return { total, largest };
  }

  sideMetadata(): number {
    return 16 * this.runs.length + this.small.sideMetadata();
  }

  view(): PartView {
    const mine = this.runs.filter((r) => r.free).map((r) => [r.start, r.start + r.pages * this.page] as [number, number]);
    const small = this.small.view();
    return {
      kind: this.kind, owner: this.id, free: [...mine, ...small.free].sort((a, b) => a[0] - b[0]),
      lists: [{ label: "page runs", starts: mine.map(([s]) => s) }], children: [small],
    };
  }
}

