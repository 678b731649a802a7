/**
 * The request stream: what the program asks its allocator for. Stage 1 is the fixed thinking exercise of the
 * arena curriculum (u32, u8, u64, … in a 100-byte arena); stage 2 is a seeded trace of allocations and frees
 * arriving on a clock, shaped like a small program's heap traffic.
 */
import { nextInt, pick, type Rng } from "../../engine/rng.ts";

/** alloc(id, size, align) with a Rust type name to show, or free(id) of an earlier allocation. */
export type Request =
  | { readonly op: "alloc"; readonly id: number; readonly size: number; readonly align: number; readonly label: string; readonly at: number }
  | { readonly op: "free"; readonly id: number; readonly at: number };

/** Rust types with their x86-64 size and alignment (`size_of`, `align_of`). */
export const RUST_TYPES = {
  u8: { size: 1, align: 1 },
  u16: { size: 2, align: 2 },
  u32: { size: 4, align: 4 },
  u64: { size: 8, align: 8 },
  "[u8; 3]": { size: 3, align: 1 },
  "__m128": { size: 16, align: 16 },
} as const;

type TypeName = keyof typeof RUST_TYPES;

function allocOf(id: number, name: TypeName): Request {
  return { op: "alloc", id, label: name, at: 0, ...RUST_TYPES[name] };
}

/**
 * Stage 1: the curriculum's exercise (u32 at 0..4, u8 at 4..5, then the u64 must skip 3 bytes to 8) followed by
 * four more values that each teach one alignment case. Everything is requested at tick 0.
 */
export function tutorialTrace(): Request[] {
  const names: TypeName[] = ["u32", "u8", "u64", "u16", "[u8; 3]", "u32", "__m128"];
  return names.map((name, i) => allocOf(i + 1, name));
}

/** Heap-object shapes a small program allocates: (label, size, align). */
const HEAP_SHAPES: readonly (readonly [string, number, number])[] = [
  ["Box<u64>", 8, 8],
  ["String buf [u8; 24]", 24, 1],
  ["Vec<u32> buf ×8", 32, 4],
  ["Node { next, val }", 16, 8],
  ["[u8; 100]", 100, 1],
  ["Vec<u64> buf ×16", 128, 8],
  ["[u8; 200]", 200, 1],
  ["Box<[u8; 64]> #[repr(align(64))]", 64, 64],
  ["Vec<u16> buf ×24", 48, 2],
  ["page table [u64; 32]", 256, 16],
  ["Box<__m256>", 32, 32],
  ["Vec<u8> buf ×512", 512, 1],
];

export interface TraceShape {
  readonly allocs: number;
  /** Ticks between arrivals, inclusive range. */
  readonly gap: readonly [number, number];
  /** Live payload is kept under this many bytes so the trace is always servable by a sensible allocator. */
  readonly liveBudget: number;
}

/**
 * A seeded alloc/free trace: every free names a block allocated earlier and still live, and live payload
 * stays within `liveBudget`, so a first-fit allocator can serve it in the 4 KiB heap.
 */
export function heapTrace(rng: Rng, shape: TraceShape): Request[] {
  const out: Request[] = [];
  const live: { id: number; size: number }[] = [];
  let liveBytes = 0;
  let at = nextInt(rng, shape.gap[0], shape.gap[1]);
  let nextId = 1;
  while (nextId <= shape.allocs) {
    const [label, size, align] = pick(rng, HEAP_SHAPES);
    const mustFree = liveBytes + size > shape.liveBudget;
    const wantsFree = live.length > 2 && nextInt(rng, 0, 99) < 35;
    if (live.length > 0 && (mustFree || wantsFree)) {
      const victim = live.splice(nextInt(rng, 0, live.length - 1), 1)[0]!;
      liveBytes -= victim.size;
      out.push({ op: "free", id: victim.id, at });
    } else {
      out.push({ op: "alloc", id: nextId, size, align, label, at });
      live.push({ id: nextId, size });
      liveBytes += size;
      nextId++;
    }
    at += nextInt(rng, shape.gap[0], shape.gap[1]);
  }
  return out;
}
