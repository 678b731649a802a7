/**
 * Reference players for the ladder: each plays one stage the way the lesson intends. Tests use them to prove every
 * stage can be won, the golden recorder uses them to make replays, and a board can use them for a demo. They only
 * decide actions; the level's own step and tick apply them.
 */
import { alignUp } from "./alignment.ts";
import { firstFit } from "./heap.ts";
import { MANUAL_RULES, manualHead, type ManualAction, type ManualState } from "./manual.ts";
import { TREE_TYPES } from "./programs.ts";

/** Requests finished so far (their "end" marker has been consumed). */
function ended(state: ManualState): number {
  let n = 0;
  const waiting = new Set(state.queue);
  for (let i = 0; i < state.arrived; i++) if (!waiting.has(i) && state.trace[i]!.op === "end") n++;
  return n;
}

/** The next action a careful player takes on a manual stage, or null to wait for the clock. */
export function manualMove(state: ManualState): ManualAction | null {
  const rules = MANUAL_RULES[state.stage]!;
  const head = manualHead(state);
  if (!head) return null;
  if (head.op === "alloc") {
    if (rules.resettable && state.bump > 0 && ended(state) > state.resets) return { type: "reset" };
    if (head.size === 0) return { type: "dangling" };
    if (rules.stackBuffer && head.lives === "tick") return { type: "stack" };
    if (rules.slot) return { type: "place", addr: firstFit(state.blocks, state.heapSize, { size: rules.slot, align: rules.slot, label: "" }) };
    return { type: "place", addr: alignUp(state.bump, head.align) };
  }
  if (head.op === "free" && rules.playerFrees) {
    const block = state.blocks.find((b) => b.id === head.id)!;
    const layout = TREE_TYPES[head.label as keyof typeof TREE_TYPES];
    return { type: "dealloc", addr: block.addr, size: layout.size, align: layout.align };
  }
  return null;
}

/** Designs that win the design stages on their traces. */
export const WINNING_DESIGNS: Readonly<Record<number, Record<string, unknown>>> = {
  5: { kind: "buddy", min: 16, max: 16384 },
  6: { kind: "fit", fit: "best", split: 32, coalesce: "immediate", tags: true },
  8: { kind: "bump", sync: "cas", boundsCheck: true },
  9: {
    kind: "thread-cache", capacity: 8, refill: 4,
    inner: { kind: "classes", table: [16, 24, 32, 48, 64], perSlab: 16, fallback: { kind: "fit", fit: "first" } },
  },
};

/** Stage 7: one counter per line. */
export const PADDED_COUNTERS: readonly number[] = [0, 64, 128, 192, 256, 320, 384, 448];
