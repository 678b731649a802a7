/**
 * allocate-fast, manual mode: the player is the allocator. Requests arrive in a FIFO queue; the player answers
 * the allocation at the head by choosing its address; frees at the head are applied by the program itself.
 *
 * Implements: bounds, alignment and overlap as `GlobalAlloc` requires; the bump rule (an arena only moves
 * forward) on bump stages; a request queue that overflows when the allocator is too slow; out of memory when the
 * head request fits nowhere. Omits (later stages): use after free or reset, double free, wrong-layout free,
 * zero-size requests, allocator designs.
 */
import { fail, ok, type Result } from "../../engine/errors.ts";
import { createRng, type Rng } from "../../engine/rng.ts";
import type { LevelEvent, Status } from "../../engine/level.ts";
import { hex } from "./alignment.ts";
import { checkPlacement, firstFit, freeRangeStart, insertBlock, type Block } from "./heap.ts";
import { heapTrace, tutorialTrace, type Request } from "./requests.ts";
import { STAGE_RULES } from "./stages.ts";

export interface AllocState {
  stage: number;
  tick: number;
  rng: Rng;
  heapSize: number;
  /** The whole request stream, fixed at init from the seed. */
  trace: Request[];
  /** Index in `trace` of the next request that has not arrived yet. */
  arrived: number;
  /** Indices into `trace` of arrived requests not yet served, oldest first. */
  queue: number[];
  blocks: Block[];
  /** Bump stages: the end of the last placement; placements below it are refused. */
  bump: number;
  liveBytes: number;
  peakLive: number;
  /** Highest end address ever handed out: the heap's high-water mark. */
  peakFootprint: number;
  /** Bytes skipped inside free ranges before the blocks placed there (alignment padding and gaps). */
  padding: number;
  served: number;
  phase: Status["phase"];
  endText: string;
  misconception: string;
}

export type AllocAction = { readonly type: "place"; readonly addr: number };

export type AllocEvent = LevelEvent & (
  | { kind: "placed"; id: number; addr: number; size: number; padding: number }
  | { kind: "freed"; id: number; addr: number; size: number }
  | { kind: "arrived"; id: number; op: "alloc" | "free" }
  | { kind: "won" }
  | { kind: "lost" }
);

export function initAlloc(stage: number, seed: number): AllocState {
  const rules = STAGE_RULES[stage - 1] ?? STAGE_RULES[0]!;
  const rng = createRng(seed);
  const trace = rules.trace === "tutorial" ? tutorialTrace() : heapTrace(rng, rules.trace);
  const state: AllocState = {
    stage: rules.stage, tick: 0, rng, heapSize: rules.heapSize, trace, arrived: 0, queue: [], blocks: [], bump: 0,
    liveBytes: 0, peakLive: 0, peakFootprint: 0, padding: 0, served: 0, phase: "playing", endText: "", misconception: "",
  };
  const events: AllocEvent[] = [];
  arrive(state, events);
  return state;
}

export function currentRequest(state: AllocState): Request | undefined {
  const head = state.queue[0];
  return head === undefined ? undefined : state.trace[head];
}

function rulesOf(state: AllocState) {
  return STAGE_RULES[state.stage - 1]!;
}

export function stepAlloc(state: AllocState, action: AllocAction): Result<AllocEvent[]> {
  const req = currentRequest(state);
  if (!req || req.op !== "alloc") return fail("E_NO_REQUEST", "No allocation request is waiting: wait for the next one to arrive.");
  const placed = checkPlacement(state.blocks, state.heapSize, req, action.addr);
  if (!placed.ok) return placed;
  if (rulesOf(state).bumpOnly && action.addr < state.bump) {
    return fail("E_BEHIND_BUMP",
      `A bump allocator only moves forward: the bump pointer is at ${hex(state.bump)}, so ${req.label} must go at or after it.`);
  }
  const events: AllocEvent[] = [];
  const pad = action.addr - freeRangeStart(state.blocks, action.addr);
  insertBlock(state.blocks, { id: req.id, addr: action.addr, size: req.size, align: req.align, label: req.label });
  state.queue.shift();
  state.bump = action.addr + req.size;
  state.padding += pad;
  state.liveBytes += req.size;
  state.peakLive = Math.max(state.peakLive, state.liveBytes);
  state.peakFootprint = Math.max(state.peakFootprint, state.bump);
  state.served++;
  events.push({
    kind: "placed", id: req.id, addr: action.addr, size: req.size, padding: pad, sound: "place",
    text: `${req.label} placed at ${hex(action.addr)}..${hex(action.addr + req.size)}` + (pad ? ` (${pad} bytes skipped)` : ""),
  });
  settle(state, events);
  return ok(events);
}

export function tickAlloc(state: AllocState): AllocEvent[] {
  state.tick++;
  const events: AllocEvent[] = [];
  arrive(state, events);
  settle(state, events);
  return events;
}

/** Moves requests whose arrival tick has come into the queue. */
function arrive(state: AllocState, events: AllocEvent[]): void {
  while (state.arrived < state.trace.length && state.trace[state.arrived]!.at <= state.tick) {
    const req = state.trace[state.arrived]!;
    state.queue.push(state.arrived);
    state.arrived++;
    events.push({ kind: "arrived", id: req.id, op: req.op });
  }
}

/** Applies frees at the head of the queue, then decides whether the run is over. */
function settle(state: AllocState, events: AllocEvent[]): void {
  for (let req = currentRequest(state); req && req.op === "free"; req = currentRequest(state)) {
    const i = state.blocks.findIndex((b) => b.id === req!.id);
    const block = state.blocks[i]!;
    state.blocks.splice(i, 1);
    state.liveBytes -= block.size;
    state.queue.shift();
    state.served++;
    events.push({ kind: "freed", id: block.id, addr: block.addr, size: block.size, sound: "free", text: `free(${block.label} at ${hex(block.addr)})` });
  }
  const rules = rulesOf(state);
  const pendingAllocs = state.queue.reduce((n, i) => n + (state.trace[i]!.op === "alloc" ? 1 : 0), 0);
  const head = currentRequest(state);
  if (state.served === state.trace.length) {
    end(state, events, "won", rules.victory, "");
  } else if (pendingAllocs > rules.queueCapacity) {
    end(state, events, "lost", `The request queue overflowed: ${pendingAllocs} allocations were waiting and it holds ${rules.queueCapacity}. Allocators have to be fast.`, "too slow");
  } else if (head && head.op === "alloc") {
    const from = rules.bumpOnly ? state.bump : 0;
    if (firstFit(state.blocks, state.heapSize, head, from) < 0) {
      const where = rules.bumpOnly ? `after the bump pointer ${hex(state.bump)}` : "anywhere in the heap";
      end(state, events, "lost", `Out of memory: ${head.label} (${head.size} bytes, align ${head.align}) fits nowhere ${where}.`,
        rules.bumpOnly ? "arena exhausted" : "fragmentation");
    }
  }
}

function end(state: AllocState, events: AllocEvent[], phase: "won" | "lost", text: string, misconception: string): void {
  state.phase = phase;
  state.endText = text;
  state.misconception = misconception;
  events.push(phase === "won" ? { kind: "won", sound: "win", text } : { kind: "lost", sound: "lose", text });
}

export function allocStatus(state: AllocState): Status {
  return state.phase === "lost"
    ? { phase: "lost", text: state.endText, misconception: state.misconception }
    : { phase: state.phase, text: state.endText };
}

export function allocMetrics(state: AllocState): Record<string, number> {
  const stage = rulesOf(state);
  const all: Record<string, number> = {
    padding: state.padding,
    peakFootprint: state.peakFootprint,
    peakLive: state.peakLive,
    utilisation: state.peakFootprint === 0 ? 0 : Math.floor((state.peakLive * 1000) / state.peakFootprint),
    ticks: state.tick,
    served: state.served,
  };
  return Object.fromEntries(stage.metrics.map((m) => [m, all[m]!]));
}
