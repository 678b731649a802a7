/**
 * The allocate-fast ladder (stages 1–2 so far): the rules each stage's machine runs with, and the texts a player
 * reads. Numbers come from the arena curriculum: the 100-byte thinking exercise and the 4 KiB no_std heap.
 */
import type { MetricInfo, StageInfo } from "../../engine/level.ts";
import type { TraceShape } from "./requests.ts";

export interface StageRules {
  readonly stage: number;
  readonly heapSize: number;
  /** An arena: every placement must be at or after the end of the previous one. */
  readonly bumpOnly: boolean;
  readonly trace: "tutorial" | TraceShape;
  /** Allocations that may wait before the queue overflows and the run is lost. */
  readonly queueCapacity: number;
  readonly victory: string;
  readonly metrics: readonly (keyof typeof METRICS)[];
}

export const METRICS = {
  padding: { key: "padding", label: "Padding", unit: "bytes", better: "lower" },
  peakFootprint: { key: "peakFootprint", label: "Peak footprint", unit: "bytes", better: "lower" },
  peakLive: { key: "peakLive", label: "Peak live data", unit: "bytes", better: "higher" },
  utilisation: { key: "utilisation", label: "Peak utilisation", unit: "permille", better: "higher" },
  ticks: { key: "ticks", label: "Time", unit: "ticks", better: "lower" },
  served: { key: "served", label: "Requests served", unit: "count", better: "higher" },
} as const satisfies Record<string, MetricInfo>;

/** Ten ticks a second: the clock every stage of this level runs on. */
export const TICK_MS = 100;

export const STAGE_RULES: readonly StageRules[] = [
  {
    stage: 1, heapSize: 100, bumpOnly: true, trace: "tutorial", queueCapacity: 99,
    victory: "Every value sits at a multiple of its alignment. Between the u8 (ending at 5) and the u64 the arena had to " +
      "skip 3 bytes: (5 + 7) & !7 = 8. That round-up is the whole of a bump allocator: align, bump, return.",
    metrics: ["padding", "peakFootprint", "ticks"],
  },
  {
    stage: 2, heapSize: 4096, bumpOnly: false, trace: { allocs: 26, gap: [10, 25], liveBudget: 1600 }, queueCapacity: 5,
    victory: "You served a whole program's heap traffic by hand. Reusing freed holes kept the footprint down; that " +
      "bookkeeping, done in nanoseconds, is what malloc's free lists are for.",
    metrics: ["padding", "peakFootprint", "utilisation", "ticks"],
  },
];

const TEXTS: readonly Omit<StageInfo, "id" | "tickMs" | "metrics" | "victory">[] = [
  {
    title: "The 100-byte arena",
    goal: "You are a bump allocator: place each value at or after the bump pointer, at an address that is a multiple of its alignment.",
    concept: "Alignment and padding: addr % align == 0, and the bump pointer rounds up with (addr + align - 1) & !(align - 1).",
    hints: [
      "A u64 needs an address that is a multiple of 8; a u8 can go anywhere.",
      "After u32 at 0..4 and u8 at 4..5 the bump pointer is 5. Round 5 up to a multiple of 8.",
      "(5 + 7) & !7 = 8: the u64 goes at 8, leaving 3 bytes of padding.",
    ],
  },
  {
    title: "A 4 KiB heap on a clock",
    goal: "Requests arrive every second or two: place each allocation in the 4 KiB heap before the queue of five overflows, reusing the holes that frees leave.",
    concept: "A general-purpose allocator: free ranges, alignment inside holes, fragmentation, and why allocation speed matters.",
    hints: [
      "Freed blocks leave holes; a new block can go in a hole if it fits there at an aligned address.",
      "Placing small blocks low and packed keeps big holes for big requests.",
      "First fit: scan from address 0 and take the first aligned gap that is large enough.",
    ],
  },
];

export const STAGES: readonly StageInfo[] = STAGE_RULES.map((rules, i) => ({
  id: rules.stage,
  ...TEXTS[i]!,
  victory: rules.victory,
  tickMs: TICK_MS,
  metrics: rules.metrics.map((m) => METRICS[m]),
}));
