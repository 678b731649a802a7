/**
 * What the allocate-fast board shows, derived from the shared state alone: the padding ranges, the queue as a
 * conveyor, and whether the head request would fit at the cursor (asked of the level's own `step` on a copy,
 * so the board never restates a rule).
 */
import type { GameError } from "../../../shared/engine/errors.ts";
import { allocateFast, currentRequest, type AllocState } from "../../../shared/levels/allocate-fast/index.ts";
import type { Request } from "../../../shared/levels/allocate-fast/requests.ts";
import { STAGE_RULES } from "../../../shared/levels/allocate-fast/stages.ts";

export function rulesFor(state: AllocState) {
  return STAGE_RULES[state.stage - 1] ?? STAGE_RULES[0]!;
}

/**
 * Bytes no allocation can use. Bump stages: every free byte below the bump pointer (the arena never goes
 * back). Free-list stages: a gap directly before a block that is narrower than that block's alignment
 * (alignment slack, too small to have been chosen).
 */
export function paddingRanges(state: AllocState): [number, number][] {
  const out: [number, number][] = [];
  let prevEnd = 0;
  if (rulesFor(state).bumpOnly) {
    for (const b of state.blocks) {
      if (b.addr > prevEnd && prevEnd < state.bump) out.push([prevEnd, Math.min(b.addr, state.bump)]);
      prevEnd = Math.max(prevEnd, b.addr + b.size);
    }
    if (prevEnd < state.bump) out.push([prevEnd, state.bump]);
    return out;
  }
  for (const b of state.blocks) {
    const gap = b.addr - prevEnd;
    if (gap > 0 && gap < b.align) out.push([prevEnd, b.addr]);
    prevEnd = b.addr + b.size;
  }
  return out;
}

export interface Conveyor {
  head: Request | undefined;
  /** Requests behind the head, oldest first. */
  behind: Request[];
  waitingAllocs: number;
  capacity: number;
  /** Ticks until the next request arrives, or null when the trace is exhausted. */
  nextArrivalIn: number | null;
}

export function conveyor(state: AllocState): Conveyor {
  const queued = state.queue.map((i) => state.trace[i]!);
  const next = state.trace[state.arrived];
  return {
    head: currentRequest(state),
    behind: queued.slice(1),
    waitingAllocs: queued.filter((r) => r.op === "alloc").length,
    capacity: rulesFor(state).queueCapacity,
    nextArrivalIn: next ? Math.max(0, next.at - state.tick) : null,
  };
}

/** Would placing the head request at `addr` be accepted? Runs the level's step on a copy of the state. */
export function tryPlace(state: AllocState, addr: number): GameError | null {
  if (state.phase !== "playing") return null;
  const copy = structuredClone(state);
  const parsed = allocateFast.parse({ type: "place", addr });
  if (!parsed.ok) return parsed.error;
  const stepped = allocateFast.step(copy, parsed.value);
  return stepped.ok ? null : stepped.error;
}
