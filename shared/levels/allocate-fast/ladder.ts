/**
 * The allocate-fast ladder after the first two stages: texts a player reads and the metrics each stage reports.
 * Numbers come from the arena curriculum (digest seed-000-001 §A2) and the malloc/slab material (seed-002-004
 * §4.2); COST-MODEL.md documents the cost figures.
 */
import type { MetricInfo, StageInfo } from "../../engine/level.ts";
import { METRICS, TICK_MS } from "./stages.ts";

export const MORE_METRICS = {
  costPerAllocPs: { key: "costPerAllocPs", label: "Cost per alloc (ps)", unit: "count", better: "lower" },
  mallocCostPerAllocPs: { key: "mallocCostPerAllocPs", label: "Reference malloc per alloc (ps)", unit: "count", better: "lower" },
  resets: { key: "resets", label: "Resets", unit: "count", better: "lower" },
  internalFrag: { key: "internalFrag", label: "Internal fragmentation", unit: "permille", better: "lower" },
  externalFrag: { key: "externalFrag", label: "External fragmentation", unit: "permille", better: "lower" },
  peakUtil: { key: "peakUtil", label: "Peak utilisation", unit: "permille", better: "higher" },
  metadata: { key: "metadata", label: "Metadata", unit: "bytes", better: "lower" },
  lines: { key: "lines", label: "Cache lines per traversal", unit: "count", better: "lower" },
  attempts: { key: "attempts", label: "Designs tried", unit: "count", better: "lower" },
  incrementPs: { key: "incrementPs", label: "Slowest increment (ps)", unit: "count", better: "lower" },
  linesUsed: { key: "linesUsed", label: "Cache lines used", unit: "count", better: "lower" },
  makespanNs: { key: "makespanNs", label: "Run time (ns)", unit: "count", better: "lower" },
  casRetries: { key: "casRetries", label: "CAS retries and spins", unit: "count", better: "lower" },
  nulls: { key: "nulls", label: "Allocations refused (null)", unit: "count", better: "lower" },
  liveBytes: { key: "liveBytes", label: "Live heap bytes", unit: "bytes", better: "lower" },
  neverReturned: { key: "neverReturned", label: "Dropped, never returned", unit: "bytes", better: "lower" },
} as const satisfies Record<string, MetricInfo>;

const ALL = { ...METRICS, ...MORE_METRICS };
type Key = keyof typeof ALL;

interface Text {
  readonly id: number;
  readonly title: string;
  readonly goal: string;
  readonly concept: string;
  readonly hints: readonly string[];
  readonly victory: string;
  readonly metrics: readonly Key[];
}

const TEXTS: readonly Text[] = [
  {
    id: 3, title: "Per-request reset arena",
    goal: "Serve six web requests from a 512-byte bump arena: place each value after the bump pointer, give zero-sized values NonNull::dangling(), and reset() between requests.",
    concept: "Per-request reset semantics: objects that share a lifetime are freed together by moving the bump pointer back; every pointer into the arena dangles after reset.",
    hints: [
      "A request's values are read until the line \"request N finished\" reaches the head of the queue; reset only after that.",
      "A zero-sized type (PhantomData) never reaches the allocator: alloc with size 0 is undefined behaviour. Press D for NonNull::dangling().",
      "Dropping one value early frees nothing in an arena: its bytes come back at reset(), all at once.",
    ],
    victory: "Each request lived and died in the arena: a bump per allocation (1.8 ns in the cost model) and one reset per request, against the reference malloc's search, split, coalesce and lock on the same program. That is the curriculum's \"Standard Box: 45.2 ns/alloc, Arena Alloc: 1.8 ns/alloc\", and why frameworks give each request an arena.",
    metrics: ["costPerAllocPs", "mallocCostPerAllocPs", "padding", "resets", "ticks"],
  },
  {
    id: 4, title: "A slab for tree nodes",
    goal: "Serve a tree builder from a slab of sixteen 32-byte slots: place each node on a slot, and answer each drop with dealloc(ptr, layout) using the layout it was allocated with.",
    concept: "Slab allocation: fixed-size slots, a free list through the free slots, O(1) alloc and free, no external fragmentation; and GlobalAlloc's dealloc contract: the same pointer, the same layout, exactly once.",
    hints: [
      "Slots start at multiples of 32. A 24-byte Node or a 16-byte Edge each take a whole slot: the rest is internal fragmentation.",
      "dealloc needs the layout of the value, not of the slot: Layout { size: 24, align: 8 } for a Node, 16 for an Edge.",
      "Free the node the program dropped, not its neighbour: the program still reads the others, and reading a freed block is use after free.",
    ],
    victory: "Every node came from a slot and went back with its own layout. The slab wasted the gap between each value and its slot, but never had a hole it could not use: that is why kernels and network stacks keep slabs for objects of one size.",
    metrics: ["peakFootprint", "internalFrag", "costPerAllocPs", "ticks"],
  },
  {
    id: 5, title: "Buddy for pages",
    goal: "Design an allocator that serves a power-of-two page trace in a heap of a few 16 KiB arenas without running out of memory.",
    concept: "The buddy system: power-of-two blocks split in halves on demand (1024 → 512 → 256 → 128 for alloc(100); alloc(200) takes a 256 block) and merged with their buddy on free, in O(log n).",
    hints: [
      "Try {\"kind\": \"buddy\", \"min\": 16, \"max\": 16384}: every request here is already a power of two.",
      "A buddy's address is the block's offset XOR its size, so a free can find and merge it without any list walk.",
      "First fit leaves holes between mixed power-of-two sizes; a buddy's holes always merge back.",
    ],
    victory: "Power-of-two requests fill buddy blocks exactly, and every free merged back up the tree, so the heap never fragmented. Feed the same buddy sizes one byte past a power of two and half of every block is wasted: the buddy's price is internal fragmentation.",
    metrics: ["peakUtil", "costPerAllocPs", "internalFrag", "externalFrag", "attempts"],
  },
  {
    id: 6, title: "Best fit vs first fit",
    goal: "Design an allocator that serves a long-lived cache (random evictions and growing values) in a heap just big enough for it, without running out of memory.",
    concept: "Placement policy: first fit takes the first hole that fits, next fit resumes where it stopped, best fit searches for the smallest; splitting thresholds and coalescing decide which holes exist.",
    hints: [
      "Compare {\"kind\": \"fit\", \"fit\": \"first\"} with \"best\": watch peak utilisation and cost per alloc.",
      "Best fit keeps large holes for large requests, at the price of walking the whole free list.",
      "Immediate coalescing with boundary tags (\"tags\": true) merges a freed block with both neighbours at once.",
    ],
    victory: "Best fit kept the big holes for the big values and fitted the cache in the heap, but it walked the whole free list on every allocation: space bought with time. Segregated lists (size classes) get most of best fit's packing at first fit's speed.",
    metrics: ["peakUtil", "costPerAllocPs", "externalFrag", "metadata", "attempts"],
  },
  {
    id: 7, title: "False sharing",
    goal: "Place eight AtomicU64 counters, one per thread, so that no two threads ever write the same 64-byte cache line.",
    concept: "False sharing: cores keep whole cache lines; two threads writing different variables on one line make it bounce between cores, \"typically 10-100x\" slower than padded counters.",
    hints: [
      "A cache line is 64 bytes: addresses 0..64 are one line, 64..128 the next.",
      "#[repr(align(64))] struct CacheAligned<T>(T) gives each counter a line of its own.",
      "Eight counters at 0, 64, 128, … 448 use eight lines and 512 bytes instead of 64: padding trades memory for speed.",
    ],
    victory: "Each counter owns its cache line, so every increment is an L1 hit: 10 ms for 10 million increments per thread instead of up to 85× that when they share. In practice crossbeam's CachePadded uses 128 bytes on x86_64 and aarch64, because the prefetcher pulls lines in pairs.",
    metrics: ["incrementPs", "linesUsed", "peakFootprint", "ticks"],
  },
  {
    id: 8, title: "A thread-safe bump",
    goal: "Make the 4 KiB bump arena safe for eight threads: choose how the bump pointer is updated, keep the bounds check, and let no two threads get the same bytes.",
    concept: "GlobalAlloc takes &self, so a global allocator needs interior mutability that is Sync: a spinlock, per-thread chunks refilled from a shared pool, or a compare-and-swap loop that retries when another thread got there first.",
    hints: [
      "Try {\"kind\": \"bump\", \"sync\": \"cas\", \"boundsCheck\": true}.",
      "The CAS loop: load current, align, new = aligned + size, if new > end return null, compare_exchange_weak(current, new), retry on Err.",
      "\"sync\": \"tlab\" gives each thread its own chunk: most allocations touch no shared line at all.",
    ],
    victory: "No two threads got the same bytes, and none ran past the end of the arena. When the arena filled up, alloc returned null, as GlobalAlloc's contract says an allocator must instead of panicking. Compare the retries and the run time of cas, spinlock and tlab.",
    metrics: ["makespanNs", "costPerAllocPs", "casRetries", "nulls"],
  },
  {
    id: 9, title: "Allocator draft",
    goal: "Compose a global allocator for a whole program (compiler pass, cache, packet buffers, web requests, then eight threads) that is faster per allocation than the reference malloc, keeping at least 65 % of its peak utilisation, in 256 KiB.",
    concept: "Matching allocators to lifetimes and sizes: size classes for small objects, slabs for fixed sizes, a large-object path for big buffers, arenas for what dies together. \"Allocation strategy is a performance multiplier.\"",
    hints: [
      "Small objects dominate: size classes with slabs answer them with one table lookup and a list pop.",
      "The last phase runs eight threads: a global allocator must be Sync. A lock on every call is what malloc pays; per-thread caches (\"kind\": \"thread-cache\") mostly avoid it.",
      "Look at the Pareto chart: cost per alloc against peak utilisation. A point no one dominates is a good design.",
    ],
    victory: "Your design beat the general-purpose malloc on its own trace by matching parts to the program's sizes and lifetimes: custom allocators are faster only when the workload matches them.",
    metrics: ["costPerAllocPs", "peakUtil", "mallocCostPerAllocPs", "internalFrag", "externalFrag", "metadata", "lines", "attempts"],
  },
  {
    id: 10, title: "A 4 KiB kernel heap that never frees",
    goal: "Serve a kernel's boot and its first 56 timer ticks from a 4 KiB bump heap whose dealloc does nothing: decide which requests may use it, place those after the bump pointer, and let no allocation return null.",
    concept: "A no_std kernel heap: a bump allocator behind #[global_allocator] (HEAP_SIZE = 4096) whose dealloc is a no-op. Dropping a value frees nothing; the bump pointer only moves forward, and when nothing fits after it, alloc returns null and the alloc error handler halts the kernel.",
    hints: [
      "Watch the bump pointer, not the live bytes: a dropped value's bytes stay below the pointer for good (the dashed ghosts).",
      "A log line dies in its own tick. Press S to write it into the loop's heapless::String<64> on the stack instead of allocating it.",
      "Boot data and spawned tasks outlive their iteration and must come from the heap; 56 log lines of 48–64 bytes would take at least 2 688 of its 4 096 bytes.",
    ],
    victory: "The kernel booted and ran, and its heap holds only what lives until power-off. A heap that never frees is right for boot-time data: the memory map, the TSS, the drivers and the run queue are never dropped, so a bump pointer serves them at 1.8 ns with no free list to keep. It is wrong for per-tick data: every dropped log line would have stayed below the bump pointer until alloc returned null. Per-tick data belongs on the stack, in a reused buffer, or in an allocator that frees.",
    metrics: ["padding", "peakFootprint", "liveBytes", "neverReturned", "ticks"],
  },
];

export const LADDER_STAGES: readonly StageInfo[] = TEXTS.map((t) => ({
  id: t.id, title: t.title, goal: t.goal, concept: t.concept, hints: t.hints, victory: t.victory, tickMs: TICK_MS,
  metrics: t.metrics.map((m) => ALL[m]),
}));

export function victoryOf(stage: number): string {
  return TEXTS.find((t) => t.id === stage)?.victory ?? "";
}

/** Which machine runs each stage. */
export const STAGE_MODE: Readonly<Record<number, "placement" | "manual" | "design" | "sharing" | "threads">> = {
  1: "placement", 2: "placement", 3: "manual", 4: "manual", 5: "design", 6: "design", 7: "sharing", 8: "threads", 9: "design", 10: "manual",
};
