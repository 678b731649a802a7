/**
 * allocate-fast stage 7: false sharing. Eight threads each increment their own `AtomicU64` counter 10 million
 * times. The player places the eight counters in a 512-byte region; counters that share a 64-byte cache line make
 * the line bounce between cores on every write, though no two threads touch the same counter.
 *
 * Model: an increment on a line no other thread writes costs an L1 hit (1 ns); on a line shared by k counters
 * each increment also waits for the line to come back from the k − 1 other writers, 12 ns each (a core-to-core
 * transfer amortised over their writes). The threads run in parallel, so the run takes as long as the slowest
 * counter: 10M × 1 ns = 10 ms when every counter has its own line, and 10M × (1 + 7 × 12) ns = 850 ms (85×) when
 * all eight share one, inside the curriculum's "typically 10-100x". Omits: the adjacent-line prefetcher (why
 * crossbeam pads to 128 bytes on x86_64 and aarch64), cross-socket latencies.
 */
import { fail, ok, type Result } from "../../engine/errors.ts";
import type { LevelEvent, Status } from "../../engine/level.ts";
import { hex } from "./alignment.ts";
import { checkPlacement, type Block } from "./heap.ts";

export const SHARING = { region: 512, counters: 8, line: 64, increments: 10_000_000, hitPs: 1000, sharePs: 12_000 } as const;

export interface SharingState {
  mode: "sharing";
  stage: number;
  tick: number;
  heapSize: number;
  blocks: Block[];
  /** Picoseconds per increment of the slowest counter, once all are placed. */
  incrementPs: number;
  phase: Status["phase"];
  endText: string;
}

export type SharingAction = { readonly type: "place"; readonly addr: number };
export type SharingEvent = LevelEvent & ({ kind: "placed"; id: number; addr: number; size: number; padding: number } | { kind: "won" } | { kind: "lost" });

export function initSharing(stage: number): SharingState {
  return { mode: "sharing", stage, tick: 0, heapSize: SHARING.region, blocks: [], incrementPs: 0, phase: "playing", endText: "" };
}

/** The counter to place next (1-based), or 0 when all are placed. */
export function nextCounter(state: SharingState): number {
  return state.blocks.length < SHARING.counters ? state.blocks.length + 1 : 0;
}

export const counterLayout = (id: number) => ({ size: 8, align: 8, label: `AtomicU64 counter[${id - 1}] (thread ${id - 1})` });

/** Counters per cache line, by line index. */
export function lineLoad(blocks: readonly Block[]): Map<number, number> {
  const load = new Map<number, number>();
  for (const b of blocks) load.set(Math.floor(b.addr / SHARING.line), (load.get(Math.floor(b.addr / SHARING.line)) ?? 0) + 1);
  return load;
}

export function stepSharing(state: SharingState, action: SharingAction): Result<SharingEvent[]> {
  const id = nextCounter(state);
  if (!id) return fail("E_NO_REQUEST", "All eight counters are placed.");
  const layout = counterLayout(id);
  const placed = checkPlacement(state.blocks, state.heapSize, layout, action.addr);
  if (!placed.ok) return placed;
  const blocks = [...state.blocks, { id, addr: action.addr, ...layout }].sort((a, b) => a.addr - b.addr);
  state.blocks = blocks;
  const events: SharingEvent[] = [{ kind: "placed", id, addr: action.addr, size: 8, padding: 0, sound: "place", text: `${layout.label} at ${hex(action.addr)}` }];
  if (nextCounter(state)) return ok(events);
  const load = lineLoad(blocks);
  const worst = Math.max(...load.values());
  state.incrementPs = SHARING.hitPs + (worst - 1) * SHARING.sharePs;
  const slowdown = state.incrementPs / SHARING.hitPs;
  if (worst === 1) {
    state.phase = "won";
    events.push({ kind: "won", sound: "win" });
  } else {
    const shared = [...load.entries()].filter(([, k]) => k > 1).sort((a, b) => a[0] - b[0]);
    const [line, k] = shared[0]!;
    state.phase = "lost";
    state.endText = `${k} counters share the cache line ${hex(line * SHARING.line, 4)}..${hex((line + 1) * SHARING.line, 4)}: every increment waits for ` +
      `the line to come back from another core, so the run takes ${slowdown}× as long (${(SHARING.increments * state.incrementPs) / 1e9} ms instead of 10 ms).`;
    events.push({ kind: "lost", sound: "lose", text: state.endText });
  }
  return ok(events);
}

export function tickSharing(state: SharingState): SharingEvent[] {
  state.tick++;
  return [];
}

export function sharingStatus(state: SharingState, victory: string): Status {
  if (state.phase === "lost") return { phase: "lost", text: state.endText, misconception: "false sharing" };
  return { phase: state.phase, text: state.phase === "won" ? victory : "" };
}

export function sharingMetrics(state: SharingState): Record<string, number> {
  const end = state.blocks.reduce((m, b) => Math.max(m, b.addr + b.size), 0);
  return {
    incrementPs: state.incrementPs,
    linesUsed: lineLoad(state.blocks).size,
    peakFootprint: end,
    ticks: state.tick,
  };
}
