/**
 * Seeded trace generators shaped like the programs the curricula name: a compiler pass (many small nodes freed
 * together), a per-request web arena (reset per request), a game frame allocator, a long-lived cache with random
 * frees and reallocs, fixed-size packet buffers, power-of-two stress, and adversarial patterns against buddy and
 * segregated allocators. Same name + seed + scale → the same trace, in every engine. Every trace respects the
 * GlobalAlloc contract (a test runs each through the contract checker).
 */
import { createRng, nextInt, pick, type Rng } from "../../engine/rng.ts";
import type { TraceOp } from "./trace.ts";

interface Gen {
  rng: Rng;
  ops: TraceOp[];
  next: number;
  threads: number;
  /** live ids per thread, oldest first. */
  live: number[][];
}

function gen(seed: number, threads = 1): Gen {
  return { rng: createRng(seed), ops: [], next: 1, threads, live: Array.from({ length: threads }, () => []) };
}

function alloc(g: Gen, size: number, align = 8, thread = 0): number {
  const id = g.next++;
  g.ops.push({ op: "a", id, size, align, thread });
  g.live[thread]!.push(id);
  return id;
}

function freeAt(g: Gen, thread: number, index: number): void {
  const [id] = g.live[thread]!.splice(index, 1);
  g.ops.push({ op: "f", id: id!, thread });
}

function reset(g: Gen): void {
  g.ops.push({ op: "x", thread: 0 });
  for (const l of g.live) l.length = 0;
}

/** A compiler pass: AST nodes (16–64 B), identifiers (1–40 B, align 1), growing vectors; each pass frees all. */
function compiler(seed: number, scale: number): TraceOp[] {
  const g = gen(seed);
  for (let pass = 0; pass < 4; pass++) {
    const n = 50 * scale;
    const vecs: { id: number; size: number }[] = [];
    for (let i = 0; i < n; i++) {
      const r = nextInt(g.rng, 0, 9);
      if (r < 6) alloc(g, pick(g.rng, [16, 24, 32, 48, 64]));
      else if (r < 9) alloc(g, nextInt(g.rng, 1, 40), 1);
      else vecs.push({ id: alloc(g, 32), size: 32 });
      if (vecs.length && nextInt(g.rng, 0, 7) === 0) {
        const v = pick(g.rng, vecs);
        if (v.size < 2048) {
          v.size *= 2;
          g.ops.push({ op: "r", id: v.id, size: v.size, thread: 0 });
        }
      }
    }
    while (g.live[0]!.length) freeAt(g, 0, 0);
  }
  return g.ops;
}

/** A web server: each request allocates headers, a body buffer and strings, frees a few, and is reset at the end. */
function web(seed: number, scale: number): TraceOp[] {
  const g = gen(seed);
  for (let req = 0; req < 10 * scale; req++) {
    const n = nextInt(g.rng, 5, 20);
    for (let i = 0; i < n; i++) {
      const r = nextInt(g.rng, 0, 9);
      if (r < 5) alloc(g, nextInt(g.rng, 4, 32) * 8);
      else if (r < 8) alloc(g, nextInt(g.rng, 1, 120), 1);
      else alloc(g, pick(g.rng, [512, 1024, 2048]), 16);
      if (g.live[0]!.length > 3 && nextInt(g.rng, 0, 5) === 0) freeAt(g, 0, nextInt(g.rng, 0, g.live[0]!.length - 1));
    }
    reset(g);
  }
  return g.ops;
}

/** A game frame: particles, draw commands and scratch buffers, all dropped at the end of the frame. */
function frame(seed: number, scale: number): TraceOp[] {
  const g = gen(seed);
  for (let f = 0; f < 8 * scale; f++) {
    const n = nextInt(g.rng, 20, 60);
    for (let i = 0; i < n; i++) alloc(g, pick(g.rng, [16, 32, 32, 48, 64, 128, 256]), pick(g.rng, [8, 16, 16, 32]));
    reset(g);
  }
  return g.ops;
}

/** A long-lived cache: entries of skewed sizes, random evictions and growing values, a steady live set. */
function cache(seed: number, scale: number): TraceOp[] {
  const g = gen(seed);
  const sizes = new Map<number, number>();
  const target = 40;
  for (let i = 0; i < 100 * scale; i++) {
    const live = g.live[0]!;
    const r = nextInt(g.rng, 0, 9);
    if (live.length > target || (live.length > 5 && r < 3)) {
      freeAt(g, 0, nextInt(g.rng, 0, live.length - 1));
    } else if (live.length > 5 && r < 5) {
      const id = pick(g.rng, live);
      const size = Math.min(4096, sizes.get(id)! + nextInt(g.rng, 8, 256));
      sizes.set(id, size);
      g.ops.push({ op: "r", id, size, thread: 0 });
    } else {
      const size = nextInt(g.rng, 0, 3) === 0 ? nextInt(g.rng, 257, 2048) : nextInt(g.rng, 16, 256);
      sizes.set(alloc(g, size), size);
    }
  }
  while (g.live[0]!.length) freeAt(g, 0, 0);
  return g.ops;
}

/** Network packet buffers: 1500-byte frames, 64-byte aligned, received and released in FIFO order. */
function packets(seed: number, scale: number): TraceOp[] {
  const g = gen(seed);
  for (let i = 0; i < 60 * scale; i++) {
    const depth = g.live[0]!.length;
    if (depth > 0 && (depth >= 24 || nextInt(g.rng, 0, 2) === 0)) freeAt(g, 0, 0);
    else alloc(g, 1500, 64);
  }
  while (g.live[0]!.length) freeAt(g, 0, 0);
  return g.ops;
}

/** Power-of-two stress: sizes 16 … 4096, random frees. */
function pow2(seed: number, scale: number): TraceOp[] {
  const g = gen(seed);
  for (let i = 0; i < 80 * scale; i++) {
    const live = g.live[0]!;
    if (live.length > 2 && nextInt(g.rng, 0, 2) === 0) freeAt(g, 0, nextInt(g.rng, 0, live.length - 1));
    else alloc(g, 16 << nextInt(g.rng, 0, 8));
  }
  while (g.live[0]!.length) freeAt(g, 0, 0);
  return g.ops;
}

/** Against buddy allocators: every request is one byte past a power of two, so each block is nearly half empty. */
function antiBuddy(seed: number, scale: number): TraceOp[] {
  const g = gen(seed);
  for (let i = 0; i < 40 * scale; i++) {
    const live = g.live[0]!;
    if (live.length > 8 && nextInt(g.rng, 0, 3) === 0) freeAt(g, 0, nextInt(g.rng, 0, live.length - 1));
    else alloc(g, (32 << nextInt(g.rng, 0, 5)) + 1);
  }
  while (g.live[0]!.length) freeAt(g, 0, 0);
  return g.ops;
}

/**
 * Against segregated and first-fit allocators: alternate small and large blocks, free every large one, then ask
 * for medium blocks slightly larger than the holes, and for more small ones.
 */
function alternating(seed: number, scale: number): TraceOp[] {
  const g = gen(seed);
  for (let round = 0; round < 2 * scale; round++) {
    const large: number[] = [];
    for (let i = 0; i < 16; i++) {
      alloc(g, nextInt(g.rng, 8, 24));
      large.push(alloc(g, 1024));
    }
    for (const id of large) freeAt(g, 0, g.live[0]!.indexOf(id));
    for (let i = 0; i < 8; i++) alloc(g, 1024 + nextInt(g.rng, 8, 64));
    for (let i = 0; i < 16; i++) alloc(g, nextInt(g.rng, 8, 24));
  }
  while (g.live[0]!.length) freeAt(g, 0, 0);
  return g.ops;
}

/** The calibration workload (COST-MODEL.md): small objects, each dropped after a short lifetime, as a Box::new loop does. */
function reference(seed: number, scale: number): TraceOp[] {
  const g = gen(seed);
  for (let i = 0; i < 200 * scale; i++) {
    alloc(g, pick(g.rng, [8, 16, 24, 32, 48, 64]));
    const live = g.live[0]!;
    while (live.length > 16 || (live.length > 0 && nextInt(g.rng, 0, 1) === 0)) freeAt(g, 0, nextInt(g.rng, 0, live.length - 1));
  }
  while (g.live[0]!.length) freeAt(g, 0, 0);
  return g.ops;
}

/** Eight threads sharing one heap: small objects, each freed by the thread that allocated it. */
function threads(seed: number, scale: number): TraceOp[] {
  const g = gen(seed, 8);
  for (let i = 0; i < 200 * scale; i++) {
    const t = nextInt(g.rng, 0, 7);
    const live = g.live[t]!;
    if (live.length > 0 && nextInt(g.rng, 0, 1) === 0) freeAt(g, t, nextInt(g.rng, 0, live.length - 1));
    else alloc(g, pick(g.rng, [16, 32, 64]), 8, t);
  }
  for (let t = 0; t < 8; t++) while (g.live[t]!.length) freeAt(g, t, 0);
  return g.ops;
}

export const WORKLOADS = {
  compiler: { about: "compiler pass: many small nodes and names, growing vectors, each pass freed together", make: compiler },
  web: { about: "per-request web arena: headers, bodies and strings, reset after every request", make: web },
  frame: { about: "game frame: particles and draw commands, all dropped at the end of each frame", make: frame },
  cache: { about: "long-lived cache: skewed sizes, random evictions and growing values", make: cache },
  packets: { about: "packet buffers: 1500-byte frames aligned to 64, released in FIFO order", make: packets },
  pow2: { about: "power-of-two stress: sizes 16 to 4096 with random frees", make: pow2 },
  "anti-buddy": { about: "adversarial for buddy: every size one byte past a power of two", make: antiBuddy },
  alternating: { about: "adversarial for segregated and first fit: alternating small and large blocks, the large freed", make: alternating },
  reference: { about: "the cost model's calibration workload: short-lived small objects, as a Box::new loop", make: reference },
  threads: { about: "eight threads allocating and freeing small objects on one heap", make: threads },
} as const;

export type WorkloadName = keyof typeof WORKLOADS;

export function workload(name: WorkloadName, seed: number, scale = 1): TraceOp[] {
  return WORKLOADS[name].make(seed, scale);
}
