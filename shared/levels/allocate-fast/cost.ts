/**
 * The simulated cost model of allocate-fast, in integer picoseconds. Every allocator part charges these events
 * as it works; a design's cost per operation is the sum over a trace divided by the operations. The table and its
 * calibration are documented in COST-MODEL.md: a bump allocation is call + bump = 1.8 ns (the arena anchor), and
 * the reference general-purpose malloc lands at ≈ 45.2 ns per allocation on the reference workload (the Box
 * anchor), both from the arena curriculum's benchmark.
 */
export const COST_PS = {
  /** Entering and leaving alloc/dealloc: the call, the Layout checks, the return. */
  call: 1300,
  /** Align the cursor, compare with the end, add the size: a bump. */
  bump: 500,
  /** Inspecting one free-list node, bin or header while searching (a dependent load that misses L1 and L2: ≈ 40 cycles). */
  visit: 9800,
  /** Splitting a block: computing and writing the remainder's header (and footer). */
  split: 4000,
  /** Merging two neighbouring free blocks, unlinking one from its list. */
  coalesce: 4000,
  /** Writing one header or footer word. */
  header: 1000,
  /** Looking up a size class in the class table. */
  classLookup: 600,
  /** Popping or pushing a slab or cache free list (one load and one store through the slot). */
  listOp: 900,
  /** Growing the heap (sbrk/mmap): a system call. */
  grow: 250_000,
  /** Taking and releasing an uncontended lock: two atomic read-modify-writes with full barriers, as pthread_mutex lock + unlock. */
  lock: 25_000,
  /** A cache line moving between cores because another thread wrote it last (lock word or shared data). */
  lineTransfer: 40_000,
  /** One failed compare-exchange that must be retried. */
  casRetry: 12_000,
  /** Copying one 64-byte line during realloc. */
  copyLine: 1000,
} as const;

export type CostEvent = keyof typeof COST_PS;

/** Counts of each event and their total in picoseconds; plain integers, part of no simulation state. */
export interface Meter {
  ps: number;
  counts: Record<CostEvent, number>;
}

export function createMeter(): Meter {
  const counts = {} as Record<CostEvent, number>;
  for (const k of Object.keys(COST_PS) as CostEvent[]) counts[k] = 0;
  return { ps: 0, counts };
}

export function charge(meter: Meter, event: CostEvent, n = 1): void {
  meter.counts[event] += n;
  meter.ps += COST_PS[event] * n;
}
