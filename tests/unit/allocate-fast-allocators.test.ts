/**
 * allocate-fast allocator parts against placements computed by hand (the comments show the arithmetic), plus the
 * trace format, the GlobalAlloc contract on traces, workloads and the cost-model calibration.
 */
import { describe, expect, it } from "vitest";
import { BumpArena } from "../../shared/levels/allocate-fast/allocators/bump.ts";
import { BuddyHeap } from "../../shared/levels/allocate-fast/allocators/buddy.ts";
import { parseDesign, PRESETS, type Design } from "../../shared/levels/allocate-fast/allocators/design.ts";
import { FitHeap, type FitSpec } from "../../shared/levels/allocate-fast/allocators/fit.ts";
import { LargePath } from "../../shared/levels/allocate-fast/allocators/large.ts";
import { createSpace, type Block, type Part } from "../../shared/levels/allocate-fast/allocators/part.ts";
import { SizeClasses } from "../../shared/levels/allocate-fast/allocators/size-classes.ts";
import { Slab } from "../../shared/levels/allocate-fast/allocators/slab.ts";
import { ThreadCache } from "../../shared/levels/allocate-fast/allocators/thread-cache.ts";
import { createMeter } from "../../shared/levels/allocate-fast/cost.ts";
import { heapAt, runTrace } from "../../shared/levels/allocate-fast/runner.ts";
import { formatTrace, parseTrace, type TraceOp } from "../../shared/levels/allocate-fast/trace.ts";
import { workload, WORKLOADS, type WorkloadName } from "../../shared/levels/allocate-fast/workloads.ts";

function space(limit = 1 << 16) {
  return createSpace(limit, createMeter());
}
const must = (b: Block | null): Block => {
  if (!b) throw new Error("allocation failed");
  return b;
};
const fitSpec = (over: Partial<FitSpec> = {}): FitSpec => ({ kind: "fit", fit: "first", split: 32, coalesce: "immediate", tags: true, grow: 4096, ...over });
function design(json: unknown): Design {
  const d = parseDesign(json);
  if (!d.ok) throw new Error(d.error.message);
  return d.value;
}
function trace(text: string): TraceOp[] {
  const t = parseTrace(text);
  if (!t.ok) throw new Error(t.error.message);
  return t.value;
}

describe("bump arena", () => {
  it("the 100-byte exercise: u32 at 0, u8 at 4, u64 rounds 5 up to 8", () => {
    const a = new BumpArena(space(), { kind: "bump", chunk: 100, chain: false });
    expect([must(a.alloc(4, 4)).addr, must(a.alloc(1, 1)).addr]).toEqual([0, 4]);
    const u64 = must(a.alloc(8, 8));
    expect([u64.start, u64.addr, u64.end]).toEqual([5, 8, 16]); // (5 + 7) & !7 = 8: 3 bytes of padding inside the block
  });
  it("returns null when the chunk is exhausted, and reset makes the same addresses come back", () => {
    const a = new BumpArena(space(), { kind: "bump", chunk: 100, chain: false });
    expect(must(a.alloc(96, 8)).addr).toBe(0);
    expect(a.alloc(8, 8)).toBeNull(); // 96 + 8 > 100
    expect(a.reset()).toBe(true);
    expect(must(a.alloc(8, 8)).addr).toBe(0);
  });
  it("chains a new chunk when full, charging one heap growth", () => {
    const s = space();
    const a = new BumpArena(s, { kind: "bump", chunk: 64, chain: true });
    must(a.alloc(60, 4));
    expect(must(a.alloc(16, 16)).addr).toBe(64); // a second chunk at the break (64, 16-aligned)
    expect(a.chunks).toEqual([[0, 64], [64, 128]]);
    expect(s.meter.counts.grow).toBe(1); // the first chunk is reserved before the program runs
  });
});

describe("free-list heap (boundary tags)", () => {
  it("first fit splits: 24 B at 8, 100 B at 48, an align-64 byte at 192 inside its block", () => {
    const h = new FitHeap(space(), fitSpec());
    const a = must(h.alloc(24, 8)); // block [0, 40): 8 header + 24 + 8 footer
    const b = must(h.alloc(100, 8)); // block [40, 160): 8 + 100 + 8 = 116 → 120
    const c = must(h.alloc(8, 64)); // from 160: payload (168 + 63) & !63 = 192; 192 − 160 + 8 + 8 = 48
    expect([a.start, a.addr, a.end]).toEqual([0, 8, 40]);
    expect([b.start, b.addr, b.end]).toEqual([40, 48, 160]);
    expect([c.start, c.addr, c.end]).toEqual([160, 192, 208]);
    expect(h.list).toEqual([208]);
  });
  it("a remainder below the split threshold stays in the block as internal fragmentation", () => {
    const h = new FitHeap(space(), fitSpec());
    const a = must(h.alloc(24, 8));
    must(h.alloc(100, 8));
    h.free(a); // [0, 40) free; neighbours: next allocated, no previous
    expect(h.list).toEqual([0, 160]);
    const d = must(h.alloc(16, 8)); // needs 32 of 40: the 8 left over is < 32, so the whole block is taken
    expect([d.start, d.addr, d.end]).toEqual([0, 8, 40]);
  });
  it("best fit takes the smallest hole that fits; first fit takes the first in list order", () => {
    const setup = (fit: "first" | "best") => {
      const h = new FitHeap(space(), fitSpec({ fit }));
      const big = must(h.alloc(200, 8)); // [0, 216)
      must(h.alloc(8, 8)); // [216, 248)
      const small = must(h.alloc(40, 8)); // [248, 304)
      must(h.alloc(8, 8)); // [304, 336)
      h.free(big);
      h.free(small); // LIFO list: [248, 0, 336]
      return h;
    };
    expect(setup("first").list).toEqual([248, 0, 336]);
    expect(must(setup("first").alloc(40, 8)).start).toBe(248); // head of the list fits
    expect(must(setup("best").alloc(40, 8)).start).toBe(248); // and is also the smallest (56 bytes)
    expect(must(setup("first").alloc(100, 8)).start).toBe(0); // 248 is too small; next in list is 0
    const h = setup("best");
    h.free(must(h.alloc(8, 8))); // reuses 248 partially? 8 B needs 32: split 56 → 32 + 24 is below 32, whole block
    expect(must(h.alloc(8, 8)).start).toBe(248);
  });
  it("next fit resumes where the last search stopped; first fit restarts at the head", () => {
    const place = (fit: "first" | "next") => {
      const h = new FitHeap(space(), fitSpec({ fit }));
      const [a, , c] = [0, 1, 2, 3].map(() => must(h.alloc(24, 8))); // [0,40) [40,80) [80,120) [120,160), rest free at 160
      h.free(a);
      h.free(c); // list: [80, 0, 160]
      const big = must(h.alloc(100, 8)); // needs 120: 80 and 0 are too small, 160 splits → list [80, 0, 280], stopped at position 2
      expect([big.start, big.end]).toEqual([160, 280]);
      return must(h.alloc(16, 8)).start; // needs 32
    };
    expect(place("first")).toBe(80); // the head, 40 bytes, taken whole
    expect(place("next")).toBe(280); // resumes at position 2
  });
  it("immediate coalescing with tags merges both neighbours; without tags only the next block", () => {
    for (const tags of [true, false]) {
      const h = new FitHeap(space(), fitSpec({ tags }));
      const x = must(h.alloc(24, 8));
      const y = must(h.alloc(24, 8));
      const z = must(h.alloc(24, 8));
      must(h.alloc(24, 8));
      h.free(x);
      h.free(z);
      h.free(y);
      const free = h.view().free;
      const size = tags ? 40 : 32; // 8 + 24 + 8, or 8 + 24 → min block 24 → 32
      expect(free[0]).toEqual(tags ? [0, 3 * size] : [0, size]);
      expect(free.length).toBe(tags ? 2 : 3);
    }
  });
  it("deferred coalescing merges only when a search fails", () => {
    const h = new FitHeap(space(), fitSpec({ coalesce: "deferred", grow: 128 }));
    const blocks = [0, 1, 2].map(() => must(h.alloc(24, 8))); // [0,40) [40,80) [80,120); 8 left, not split
    for (const b of blocks) h.free(b);
    expect(h.view().free.length).toBe(3);
    const big = must(h.alloc(100, 8)); // no hole holds 116 → 120: the sweep merges [0,128); the 8 left is not split
    expect([big.start, big.end]).toEqual([0, 128]);
  });
});

describe("buddy", () => {
  it("the curriculum example: 1024 → 128 for alloc(100), 256 for alloc(200), merge on free", () => {
    const b = new BuddyHeap(space(1024), { kind: "buddy", min: 32, max: 1024 });
    const a = must(b.alloc(100, 1));
    expect([a.start, a.end]).toEqual([0, 128]); // 1024 → 512 → 256 → 128
    expect(b.view().free).toEqual([[128, 256], [256, 512], [512, 1024]]);
    const c = must(b.alloc(200, 1));
    expect([c.start, c.end]).toEqual([256, 512]);
    b.free(a); // buddy 128..256 is free → merge into 0..256; its buddy 256..512 is allocated → stop
    expect(b.view().free).toEqual([[0, 256], [512, 1024]]);
    b.free(c);
    expect(b.view().free).toEqual([[0, 1024]]);
  });
  it("alignment raises the block size, and an oversized request is refused", () => {
    const b = new BuddyHeap(space(1024), { kind: "buddy", min: 32, max: 1024 });
    expect(must(b.alloc(8, 256)).end).toBe(256);
    expect(b.alloc(2000, 8)).toBeNull();
  });
});

describe("slab, size classes, large path, thread caches", () => {
  it("slab pops in address order, reuses the last freed slot first, refuses other sizes", () => {
    const s = new Slab(space(), { kind: "slab", slot: 32, perSlab: 4 });
    const [a, b] = [must(s.alloc(24, 8)), must(s.alloc(24, 8)), must(s.alloc(24, 8))];
    expect([a.addr, b.addr]).toEqual([0, 32]);
    s.free(b);
    expect(must(s.alloc(16, 8)).addr).toBe(32);
    expect(s.alloc(40, 8)).toBeNull();
    expect(s.alloc(8, 64)).toBeNull(); // a 32-byte slot cannot promise 64-byte alignment
    must(s.alloc(8, 8)); // slot 96, the last of the first slab
    expect(must(s.alloc(8, 8)).addr).toBe(128); // a second slab
  });
  it("size classes route by size and alignment; larger requests go to the fallback", () => {
    const sp = space();
    const c = new SizeClasses(sp, [16, 32, 64], 4, new FitHeap(sp, fitSpec()));
    const a = must(c.alloc(20, 8, 0)); // class 32: its slab is the first memory taken, at 0
    expect([a.addr, a.end]).toEqual([0, 32]);
    expect(must(c.alloc(12, 4, 0)).addr).toBe(128); // class 16: a slab of 4 × 16 after the 128-byte one
    const big = must(c.alloc(100, 8, 0)); // fallback heap grows at 192
    expect([big.start, big.addr]).toEqual([192, 200]);
    expect(c.classOf(33, 8)).toBe(64);
    expect(c.classOf(100, 8)).toBe(0);
  });
  it("the large path gives whole pages from 4096 bytes up and merges freed runs", () => {
    const sp = space(1 << 20);
    const l = new LargePath(sp, 4096, 4096, new Slab(sp, { kind: "slab", slot: 64, perSlab: 8 }));
    expect(must(l.alloc(40, 8, 0)).addr).toBe(0); // small path: a 512-byte slab at 0
    const x = must(l.alloc(5000, 8, 0)); // 2 pages at the next page boundary
    const y = must(l.alloc(4096, 8, 0));
    expect([x.addr, x.end, y.addr]).toEqual([4096, 12288, 12288]);
    l.free(x, 0);
    l.free(y, 0);
    expect(l.view().free.filter(([s]) => s >= 4096)).toEqual([[4096, 16384]]);
  });
  it("a thread cache hits without the lock and refills in batches; another thread pays a line transfer", () => {
    const sp = space();
    const inner: Part = new Slab(sp, { kind: "slab", slot: 32, perSlab: 8 });
    const t = new ThreadCache(sp, 4, 4, inner);
    expect(must(t.alloc(16, 8, 0)).addr).toBe(0); // refill 0, 32, 64, 96; hand out the lowest
    expect(must(t.alloc(16, 8, 0)).addr).toBe(32); // a hit
    expect(sp.meter.counts.lock).toBe(1);
    expect(must(t.alloc(16, 8, 1)).addr).toBe(128); // thread 1 refills its own bin
    expect(sp.meter.counts).toMatchObject({ lock: 2, lineTransfer: 1 });
  });
});

describe("design JSON", () => {
  it("fills defaults and refuses bad fields with the path and the rule", () => {
    expect(design({ kind: "fit" }).root).toEqual(fitSpec());
    const bad = (j: unknown) => {
      const r = parseDesign(j);
      return r.ok ? "" : r.error.message;
    };
    expect(bad({ kind: "buddy", min: 48 })).toBe("allocator.min must be a power of two (it is 48).");
    expect(bad({ kind: "classes", table: [16, 16], fallback: { kind: "fit" } })).toContain("allocator.table[1] must be larger");
    expect(bad({ kind: "fit", fit: "worst" })).toBe("allocator.fit must be one of first, next, best.");
    expect(bad({ kind: "large", small: { kind: "thread-cache", inner: { kind: "fit" } } })).toContain("allocator.small must be the outermost part");
    expect(bad({ kind: "fit", colour: 1 })).toContain("allocator.colour is not a field");
    expect(bad({ kind: "slab" })).toContain("allocator.slot must be an integer from 8 to 65536 (it is missing)");
    expect(bad([1])).toBe("allocator must be an object with a kind.");
  });
});

describe("trace format", () => {
  it("parses allocs with and without alignment, reallocs, frees with a layout, resets and thread prefixes", () => {
    const ops = trace("20000\n3\n5\n1\n# a comment\na 1 24\na 2 64 64\nr 1 48\n3: f 2 64 64\nx\n");
    expect(ops).toEqual([
      { op: "a", id: 1, size: 24, align: 8, thread: 0 }, { op: "a", id: 2, size: 64, align: 64, thread: 0 },
      { op: "r", id: 1, size: 48, thread: 0 }, { op: "f", id: 2, thread: 3, layout: { size: 64, align: 64 } }, { op: "x", thread: 0 },
    ]);
    expect(trace(formatTrace(ops))).toEqual(ops);
  });
  it("names the line of a syntax error", () => {
    const err = (t: string) => {
      const r = parseTrace(t);
      return r.ok ? "" : r.error.message;
    };
    expect(err("a 1 8\na 2 8 3\n")).toBe("line 2: alignment 3 is not a power of two");
    expect(err("a 1\n")).toContain('line 1: "a 1" does not match a <id> <bytes> [<align>]');
    expect(err("a 1 8\nm 2 8\n")).toContain('line 2: unknown operation "m"');
    expect(err("a 1 -8\n")).toContain("line 1: size must be a whole number");
  });
});

describe("GlobalAlloc contract on a trace", () => {
  const arena = design(PRESETS.arena);
  const malloc = design(PRESETS.malloc);
  const failure = (d: Design, text: string) => runTrace(d, trace(text)).failure;
  it("each breach has its own code, Miri-style sentence and misconception", () => {
    expect(failure(malloc, "a 1 0\n")).toMatchObject({ code: "E_ZERO_SIZE", misconception: "zero-sized allocation", op: 0 });
    expect(failure(malloc, "a 1 8\nf 1\nf 1\n")).toMatchObject({ code: "E_DOUBLE_FREE", op: 2 });
    expect(failure(malloc, "a 1 8\nf 1\nr 1 16\n")).toMatchObject({ code: "E_USE_AFTER_FREE", misconception: "use after free" });
    expect(failure(arena, "a 1 8\nx\nf 1\n")).toMatchObject({ code: "E_USE_AFTER_RESET", misconception: "use after reset" });
    const wrong = failure(malloc, "a 1 24 8\nf 1 12 8\n");
    expect(wrong?.code).toBe("E_WRONG_LAYOUT");
    expect(wrong?.message).toBe("Undefined Behavior: incorrect layout on deallocation: allocation #1 has size 24 and alignment 8, but gave size 12 and alignment 8.");
    expect(failure(malloc, "f 9\n")).toMatchObject({ code: "E_FOREIGN_FREE", misconception: "foreign pointer" });
    expect(failure(malloc, "a 1 24 8\nf 1 24 8\n")).toBeUndefined();
  });
  it("a design without a lock or thread caches refuses a second thread; out of memory names fragmentation", () => {
    expect(failure(design(PRESETS.arena), "a 1 8\n1: a 2 8\n")).toMatchObject({ code: "E_DATA_RACE", misconception: "data race" });
    expect(failure(design({ kind: "bump", chunk: 64, heap: 64 }), "a 1 60\na 2 8\n")).toMatchObject({ code: "E_OOM", misconception: "heap exhausted" });
  });
  it("a request no part accepts, with heap to spare, is E_NO_PART rather than out of memory", () => {
    expect(failure(design(PRESETS.slab), "a 1 100\n")).toMatchObject({ code: "E_NO_PART", misconception: "design cannot serve this size" });
  });
  it("the board's picture: the heap after an operation, or as the failing operation found it", () => {
    const ops = trace("a 1 100 1\na 2 200 1\nf 1\na 3 5000\n");
    const d = design({ kind: "buddy", min: 32, max: 1024, heap: 1024 });
    expect(heapAt(d, ops, 1)).toMatchObject({ at: 2, brk: 1024, live: [{ id: 1, addr: 0, end: 128 }, { id: 2, addr: 256, end: 512 }] });
    const failed = heapAt(d, ops, 3)!; // alloc(5000) fails: the picture shows the heap it failed on
    expect(failed.live.map((b) => b.id)).toEqual([2]);
    expect(failed.parts.free).toEqual([[0, 256], [512, 1024]]);
  });
});

describe("metrics", () => {
  it("the 100-byte exercise through a bump arena, by hand", () => {
    const r = runTrace(design({ kind: "bump", chunk: 100, heap: 100 }), trace("a 1 4 4\na 2 1 1\na 3 8 8\n"));
    // Live 13 bytes in a 100-byte heap; reserved 4 + 1 + 11 = 16, so 3 of 16 bytes are padding; one free range.
    expect(r.metrics).toMatchObject({ peakLive: 13, highWater: 100, peakUtil: 130, internalFrag: 188, largestFree: 1000, externalFrag: 0, lines: 1, metadata: 24 });
    expect(r.metrics.costPerAllocPs).toBe(1800);
  });
  it("the buddy example's metrics: 300 live bytes in 384 reserved, free 128 + 512", () => {
    const r = runTrace(design({ kind: "buddy", min: 32, max: 1024, heap: 1024 }), trace("a 1 100 1\na 2 200 1\n"));
    // Peak after op 2: 300 live of a 1024 high-water → 293‰; reserved 128 + 256 = 384 → (384 − 300) / 384 = 219‰;
    // free blocks 128 and 512 → largest / total = 512 / 640 = 800‰.
    expect(r.metrics).toMatchObject({ peakLive: 300, highWater: 1024, peakUtil: 293, internalFrag: 219, largestFree: 800, externalFrag: 200 });
  });
  it("locality: blocks on separate lines cost one fetch each", () => {
    const r = runTrace(design({ kind: "bump", chunk: 1024 }), trace("a 1 8 64\na 2 8 64\na 3 8 64\n"));
    expect(r.metrics.lines).toBe(3);
  });
});

describe("workloads and calibration", () => {
  it("every workload is deterministic and respects the contract under a general design", () => {
    const general = design({ ...PRESETS.segregated, heap: 1 << 22 });
    for (const name of Object.keys(WORKLOADS) as WorkloadName[]) {
      const ops = workload(name, 7);
      expect(workload(name, 7)).toEqual(ops);
      expect(workload(name, 8)).not.toEqual(ops);
      const r = runTrace(general, ops, { sample: false });
      expect(r.failure, name).toBeUndefined();
    }
  });
  it("bump = 1.8 ns per alloc and the reference malloc ≈ 45.2 ns on the reference workload", () => {
    const ops = workload("reference", 1, 5);
    expect(runTrace(design(PRESETS.arena), ops).metrics.costPerAllocPs).toBe(1800);
    const malloc = runTrace(design(PRESETS.malloc), ops).metrics.costPerAllocPs;
    expect(Math.abs(malloc - 45_200)).toBeLessThan(450);
  });
  it("buddy wastes about half of every block on the anti-buddy trace", () => {
    const r = runTrace(design({ kind: "buddy", min: 32, max: 4096, heap: 1 << 20 }), workload("anti-buddy", 1));
    expect(r.metrics.internalFrag).toBeGreaterThan(450);
  });
});
