/**
 * allocate-fast, manual stages 3, 4 and 10: the player is the allocator *and* writes the program's `dealloc` calls, so
 * every clause of the GlobalAlloc contract can be broken and is reported as Miri would (contract.ts):
 *
 * - stage 3, a per-request bump arena: place each allocation at or after the bump pointer, answer zero-sized
 *   requests with `NonNull::dangling()` (a zero-size layout must never reach alloc), and `reset()` between requests.
 *   Resetting while the request still reads its handles is use after reset, caught when the program reads.
 * - stage 4, a slab of fixed slots: place nodes on slot boundaries and answer each drop with
 *   `dealloc(ptr, layout)`. Wrong layout, double free and foreign pointers are refused on the spot; freeing the
 *   wrong (live) node is legal for the allocator, so it surfaces later as use after free or a double free by the
 *   program.
 * - stage 10, a 4 KiB no_std kernel heap behind `#[global_allocator]`: a bump allocator whose `dealloc` does nothing
 *   and which has no reset, so a dropped value's bytes never come back. Boot data lives until power-off; each timer
 *   tick formats a log line that dies in the same iteration. The player decides which requests reach the heap at
 *   all: a tick's line may be written into the loop's `heapless::String<64>` on the stack instead ("stack"), while a
 *   value kept after the iteration may not (rustc's E0597). An allocation that fits nowhere after the bump pointer
 *   makes `alloc` return null, and the kernel's alloc error handler halts it.
 *
 * Requests arrive on a clock into a queue (as in stage 2). Uses, request ends and an arena's no-op deallocs are
 * applied by the program when they reach the head. Omits: realloc (design stages cover it).
 */
import { fail, ok, type Result } from "../../engine/errors.ts";
import { createRng, type Rng } from "../../engine/rng.ts";
import type { LevelEvent, Status } from "../../engine/level.ts";
import { hex } from "./alignment.ts";
import { parseDesign, PRESETS } from "./allocators/design.ts";
import { checkDealloc, checkUse, zeroSize, type ContractError, type Handle } from "./contract.ts";
import { COST_PS } from "./cost.ts";
import { checkPlacement, firstFit, insertBlock, type Block } from "./heap.ts";
import { kernelProgram, LOG_LINE_MAX, treeProgram, webRequests, type ProgramRequest } from "./programs.ts";
import { runTrace } from "./runner.ts";
import type { TraceOp } from "./trace.ts";

export interface ManualRules {
  readonly stage: number;
  readonly heapSize: number;
  readonly bumpOnly: boolean;
  readonly resettable: boolean;
  /** Slot size of a slab stage (placements on slot boundaries), 0 otherwise. */
  readonly slot: number;
  /** Whether the player answers drops with dealloc (a slab) or the program's no-op dealloc does (an arena). */
  readonly playerFrees: boolean;
  readonly queueCapacity: number;
  readonly program: (rng: Rng) => ProgramRequest[];
  /** Capacity of the loop's stack buffer that a "tick" value may be written into instead of allocating; absent: none. */
  readonly stackBuffer?: number;
  /** A kernel heap: an allocation that fits nowhere after the bump pointer returns null and the alloc error handler halts. */
  readonly allocErrorHandler?: true;
}

export const MANUAL_RULES: Readonly<Record<number, ManualRules>> = {
  3: { stage: 3, heapSize: 512, bumpOnly: true, resettable: true, slot: 0, playerFrees: false, queueCapacity: 4, program: (rng) => webRequests(rng, 6) },
  4: { stage: 4, heapSize: 512, bumpOnly: false, resettable: false, slot: 32, playerFrees: true, queueCapacity: 4, program: (rng) => treeProgram(rng, 22, 12) },
  10: {
    stage: 10, heapSize: 4096, bumpOnly: true, resettable: false, slot: 0, playerFrees: false, queueCapacity: 4,
    stackBuffer: LOG_LINE_MAX, allocErrorHandler: true, program: (rng) => kernelProgram(rng, 56),
  },
};

export interface ManualState {
  mode: "manual";
  stage: number;
  tick: number;
  rng: Rng;
  heapSize: number;
  trace: ProgramRequest[];
  arrived: number;
  queue: number[];
  /** Live blocks in address order. */
  blocks: Block[];
  /** Every handle the program has been given, in order (the provenance Miri tracks). */
  handles: Handle[];
  bump: number;
  liveBytes: number;
  peakLive: number;
  peakFootprint: number;
  padding: number;
  /** Bytes reserved for live blocks (slots), and their value when live payload peaked. */
  reserved: number;
  peakReserved: number;
  served: number;
  resets: number;
  /** The player's allocator cost under the cost model, and the allocations it served. */
  costPs: number;
  /** The part of costPs spent in alloc calls. */
  allocPs: number;
  allocs: number;
  /** The same program through the reference malloc (computed at init). */
  mallocPs: number;
  phase: Status["phase"];
  endText: string;
  misconception: string;
  failCode: string;
  /** Stages with a stack buffer: the id of the value written there (0 when empty), and how many were written. */
  stackLine?: number;
  stackWrites?: number;
}

export type ManualAction =
  | { readonly type: "place"; readonly addr: number }
  | { readonly type: "dangling" }
  | { readonly type: "dealloc"; readonly addr: number; readonly size: number; readonly align: number }
  | { readonly type: "reset" }
  | { readonly type: "stack" };

export type ManualEvent = LevelEvent & (
  | { kind: "placed"; id: number; addr: number; size: number; padding: number }
  | { kind: "dangling"; id: number; addr: number }
  | { kind: "stacked"; id: number; size: number }
  | { kind: "null"; id: number; size: number; align: number }
  | { kind: "freed"; id: number; addr: number; size: number }
  | { kind: "reset"; dead: number }
  | { kind: "used"; id: number }
  | { kind: "arrived"; id: number; op: ProgramRequest["op"] }
  | { kind: "won" }
  | { kind: "lost"; code: string }
);

const rulesOf = (state: { stage: number }) => MANUAL_RULES[state.stage]!;

/** The program as a trace for the design runner: the reference malloc's cost on it is stage 3's yardstick. */
export function programTrace(program: readonly ProgramRequest[]): TraceOp[] {
  const ops: TraceOp[] = [];
  for (const r of program) {
    if (r.op === "alloc" && r.size > 0) ops.push({ op: "a", id: r.id, size: r.size, align: r.align, thread: 0 });
    else if (r.op === "free") ops.push({ op: "f", id: r.id, thread: 0 });
    else if (r.op === "end") ops.push({ op: "x", thread: 0 });
  }
  return ops;
}

export function initManual(stage: number, seed: number): ManualState {
  const rules = MANUAL_RULES[stage]!;
  const rng = createRng(seed);
  const trace = rules.program(rng);
  const malloc = parseDesign(PRESETS.malloc);
  const baseline = malloc.ok ? runTrace(malloc.value, programTrace(trace), { sample: false }).metrics.costPerAllocPs : 0;
  const state: ManualState = {
    mode: "manual", stage, tick: 0, rng, heapSize: rules.heapSize, trace, arrived: 0, queue: [], blocks: [], handles: [],
    bump: 0, liveBytes: 0, peakLive: 0, peakFootprint: 0, padding: 0, reserved: 0, peakReserved: 0, served: 0, resets: 0,
    costPs: 0, allocPs: 0, allocs: 0, mallocPs: baseline, phase: "playing", endText: "", misconception: "", failCode: "",
  };
  if (rules.stackBuffer) {
    state.stackLine = 0;
    state.stackWrites = 0;
  }
  arrive(state, []);
  return state;
}

export function manualHead(state: ManualState): ProgramRequest | undefined {
  const i = state.queue[0];
  return i === undefined ? undefined : state.trace[i];
}

function label(state: ManualState, id: number): string {
  const r = state.trace.find((q) => q.op === "alloc" && q.id === id);
  return r && r.op === "alloc" ? `#${id} ${r.label}` : `#${id}`;
}

function handleOf(state: ManualState, id: number): Handle | undefined {
  for (let i = state.handles.length - 1; i >= 0; i--) if (state.handles[i]!.id === id) return state.handles[i];
  return undefined;
}

const refuse = (e: ContractError): Result<never> => ({ ok: false, error: { code: e.code, message: e.message } });

export function stepManual(state: ManualState, action: ManualAction): Result<ManualEvent[]> {
  const rules = rulesOf(state);
  const head = manualHead(state);
  const events: ManualEvent[] = [];
  switch (action.type) {
    case "place": {
      if (!head || head.op !== "alloc") return fail("E_NO_REQUEST", "No allocation request is waiting: wait for the next one to arrive.");
      if (head.size === 0) return refuse(zeroSize("GlobalAlloc::alloc", head));
      if (rules.allocErrorHandler && !fitsAfterBump(state, head)) {
        allocReturnsNull(state, events, head);
        return ok(events);
      }
      const placed = checkPlacement(state.blocks, state.heapSize, head, action.addr);
      if (!placed.ok) return placed;
      if (rules.bumpOnly && action.addr < state.bump) {
        return fail("E_BEHIND_BUMP", `A bump allocator only moves forward: the bump pointer is at ${hex(state.bump)}, so ${head.label} must go at or after it.`);
      }
      if (rules.slot && action.addr % rules.slot !== 0) {
        return fail("E_NOT_A_SLOT", `A slab hands out whole slots: ${hex(action.addr)} is not the start of a ${rules.slot}-byte slot (try ${hex(action.addr - (action.addr % rules.slot))}).`);
      }
      const pad = rules.bumpOnly ? action.addr - state.bump : 0;
      insertBlock(state.blocks, { id: head.id, addr: action.addr, size: head.size, align: head.align, label: head.label });
      state.handles.push({ id: head.id, addr: action.addr, size: head.size, align: head.align, state: "live" });
      state.queue.shift();
      if (rules.bumpOnly) state.bump = action.addr + head.size;
      state.padding += pad;
      state.liveBytes += head.size;
      state.reserved += rules.slot || head.size + pad;
      state.peakFootprint = Math.max(state.peakFootprint, action.addr + (rules.slot || head.size));
      if (state.liveBytes > state.peakLive) {
        state.peakLive = state.liveBytes;
        state.peakReserved = state.reserved;
      }
      const cost = COST_PS.call + (rules.slot ? COST_PS.listOp : COST_PS.bump);
      state.costPs += cost;
      state.allocPs += cost;
      state.allocs++;
      state.served++;
      events.push({
        kind: "placed", id: head.id, addr: action.addr, size: head.size, padding: pad, sound: "place",
        text: `${head.label} placed at ${hex(action.addr)}..${hex(action.addr + head.size)}` + (pad ? ` (${pad} bytes of padding)` : ""),
      });
      break;
    }
    case "dangling": {
      if (!head || head.op !== "alloc") return fail("E_NO_REQUEST", "No allocation request is waiting: wait for the next one to arrive.");
      if (head.size > 0) {
        return fail("E_NOT_ZERO_SIZED", `${head.label} is ${head.size} bytes: only a zero-sized type may be given NonNull::dangling() instead of memory.`);
      }
      state.handles.push({ id: head.id, addr: head.align, size: 0, align: head.align, state: "live" });
      state.queue.shift();
      state.served++;
      events.push({ kind: "dangling", id: head.id, addr: head.align, sound: "place", text: `${head.label}: NonNull::dangling() = ${hex(head.align)}, no allocation` });
      break;
    }
    case "stack": {
      if (!rules.stackBuffer) return fail("E_NO_STACK_BUFFER", "This program has no stack buffer: every value it asks for comes from the allocator.");
      if (!head || head.op !== "alloc") return fail("E_NO_REQUEST", "No allocation request is waiting: wait for the next one to arrive.");
      if (head.lives !== "tick") {
        return fail("E0597", `\`line_buf\` does not live long enough: ${head.label} is kept after this loop iteration, but the stack buffer is overwritten by the next one. Values that outlive the iteration need the heap.`);
      }
      if (head.size > rules.stackBuffer) {
        return fail("E_CAPACITY", `${head.label} is ${head.size} bytes and the stack buffer is a heapless::String<${rules.stackBuffer}>: write! would fail with fmt::Error.`);
      }
      state.stackLine = head.id;
      state.stackWrites = (state.stackWrites ?? 0) + 1;
      state.queue.shift();
      state.served++;
      events.push({ kind: "stacked", id: head.id, size: head.size, sound: "place", text: `${head.label}: written into the stack buffer, no allocation` });
      break;
    }
    case "dealloc": {
      if (!rules.playerFrees) {
        return fail("E_NO_DEALLOC", rules.resettable
          ? "An arena's dealloc does nothing: the program drops its values itself and the arena frees them all at reset()."
          : "This heap's dealloc does nothing: the program drops its values itself, and their bytes never come back.");
      }
      if (!head || head.op !== "free") return fail("E_NO_FREE_REQUEST", "No drop is waiting: dealloc answers a drop request from the program.");
      const layout = { size: action.size, align: action.align };
      if (action.size === 0) return refuse(zeroSize("GlobalAlloc::dealloc", layout));
      const breach = checkDealloc(state.handles.filter((h) => h.size > 0), action.addr, layout, (h) => label(state, h.id));
      if (breach) return refuse(breach);
      const h = state.handles.filter((x) => x.size > 0 && x.addr === action.addr && x.state === "live").pop()!;
      h.state = "freed";
      const i = state.blocks.findIndex((b) => b.id === h.id);
      state.blocks.splice(i, 1);
      state.liveBytes -= h.size;
      state.reserved -= rules.slot || h.size;
      state.costPs += COST_PS.call + COST_PS.listOp;
      state.queue.shift();
      state.served++;
      const wrong = h.id !== head.id;
      events.push({
        kind: "freed", id: h.id, addr: h.addr, size: h.size, sound: "free",
        text: wrong ? `dealloc(${hex(h.addr)}) freed ${label(state, h.id)}, but the program dropped ${label(state, head.id)}: it still holds a pointer to ${hex(h.addr)}`
          : `dealloc(${hex(h.addr)}, Layout { size: ${h.size}, align: ${h.align} })`,
      });
      break;
    }
    case "reset": {
      if (!rules.resettable) {
        return fail("E_NO_RESET", rules.playerFrees ? "A slab has no reset(): each slot is returned by its own dealloc."
          : "The kernel heap has no reset(): boot data lives in it until power-off, so the bump pointer never moves back.");
      }
      let dead = 0;
      for (const h of state.handles) {
        if (h.state === "live" && h.size > 0) {
          h.state = "reset";
          dead++;
        }
      }
      state.blocks = [];
      state.bump = 0;
      state.liveBytes = 0;
      state.reserved = 0;
      state.resets++;
      state.costPs += COST_PS.call + COST_PS.bump;
      events.push({ kind: "reset", dead, sound: "free", text: `reset(): the bump pointer is back at 0x0000; ${dead} handle${dead === 1 ? "" : "s"} now dangle` });
      break;
    }
  }
  settle(state, events);
  return ok(events);
}

export function tickManual(state: ManualState): ManualEvent[] {
  state.tick++;
  const events: ManualEvent[] = [];
  arrive(state, events);
  settle(state, events);
  return events;
}

function arrive(state: ManualState, events: ManualEvent[]): void {
  while (state.arrived < state.trace.length && state.trace[state.arrived]!.at <= state.tick) {
    const r = state.trace[state.arrived]!;
    state.queue.push(state.arrived);
    state.arrived++;
    events.push({ kind: "arrived", id: r.op === "end" ? r.request : r.id, op: r.op });
  }
}

function settle(state: ManualState, events: ManualEvent[]): void {
  if (state.phase !== "playing") return;
  const rules = rulesOf(state);
  for (let head = manualHead(state); head; head = manualHead(state)) {
    if (head.op === "use") {
      const h = handleOf(state, head.id);
      const breach = h ? checkUse(h, label(state, head.id)) : null;
      if (breach) return lose(state, events, breach.message, breach.misconception, breach.code);
      events.push({ kind: "used", id: head.id });
    } else if (head.op === "end") {
      events.push({ kind: "used", id: -head.request, text: `request ${head.request} finished` });
    } else if (head.op === "free") {
      const h = handleOf(state, head.id);
      if (h && h.state !== "live") {
        const what = h.state === "reset" ? "after reset() had already released it" : "whose block you had already freed";
        return lose(state, events, `Undefined Behavior: the program drops ${label(state, head.id)} ${what} (double free).`,
          h.state === "reset" ? "use after reset" : "double free", h.state === "reset" ? "E_USE_AFTER_RESET" : "E_DOUBLE_FREE");
      }
      if (rules.playerFrees) break;
      if (!h) {
        // A value in the stack buffer never reached the allocator: the next iteration reuses its bytes.
        state.stackLine = 0;
      } else {
        // An arena's (and the kernel heap's) dealloc is a no-op: the bytes stay until reset, or forever.
        h.state = "freed";
        state.blocks = state.blocks.filter((b) => b.id !== head.id);
        state.liveBytes -= h.size;
        state.costPs += COST_PS.call;
      }
    } else {
      break;
    }
    state.queue.shift();
    state.served++;
  }
  const pending = state.queue.reduce((n, i) => n + (state.trace[i]!.op === "alloc" || (state.trace[i]!.op === "free" && rules.playerFrees) ? 1 : 0), 0);
  const head = manualHead(state);
  if (state.served === state.trace.length) {
    state.phase = "won";
    events.push({ kind: "won", sound: "win", text: "won" });
  } else if (pending > rules.queueCapacity) {
    lose(state, events, `The request queue overflowed: ${pending} requests were waiting and it holds ${rules.queueCapacity}.`, "too slow", "E_QUEUE_OVERFLOW");
  } else if (head && head.op === "alloc" && head.size > 0 && !rules.bumpOnly && rules.slot) {
    const slotLayout = { size: rules.slot, align: rules.slot, label: head.label };
    if (firstFit(state.blocks, state.heapSize, slotLayout) < 0) {
      lose(state, events, `Out of memory: every ${rules.slot}-byte slot is in use, and ${head.label} needs one.`, "slab exhausted", "E_OOM");
    }
  } else if (head && head.op === "alloc" && head.size > 0 && rules.allocErrorHandler && head.lives !== "tick" && !fitsAfterBump(state, head)) {
    // Only the heap can hold a value that outlives the iteration, so the program calls alloc and gets null.
    allocReturnsNull(state, events, head);
  }
}

/** Whether a bump allocator can still serve `layout`: an aligned address at or after the bump pointer, inside the heap. */
function fitsAfterBump(state: ManualState, layout: { size: number; align: number; label: string }): boolean {
  return firstFit(state.blocks, state.heapSize, layout, state.bump) >= 0;
}

/** Blocks the program dropped whose bytes the allocator still holds: a no-op dealloc never returns them. */
export function neverReturned(state: ManualState): Handle[] {
  return state.handles.filter((h) => h.state === "freed" && h.size > 0);
}

function neverReturnedBytes(state: ManualState): number {
  return neverReturned(state).reduce((n, h) => n + h.size, 0);
}

/** GlobalAlloc's answer when it cannot serve a layout is a null pointer; the kernel's alloc error handler then halts. */
function allocReturnsNull(state: ManualState, events: ManualEvent[], head: { id: number; size: number; align: number; label: string }): void {
  const lost = neverReturnedBytes(state);
  events.push({ kind: "null", id: head.id, size: head.size, align: head.align, text: `alloc(Layout { size: ${head.size}, align: ${head.align} }) returned null` });
  lose(state, events,
    `alloc(Layout { size: ${head.size}, align: ${head.align} }) for ${head.label} returned null: the bump pointer is at ${hex(state.bump, 4)} ` +
    `and no aligned ${head.size} bytes remain before ${hex(state.heapSize, 4)}` +
    (lost ? `, while ${lost} bytes of dropped values lie below it and will never come back` : "") +
    `. The alloc error handler panicked with "allocation error" and the kernel halted.`,
    lost ? "memory never returns" : "arena exhausted", "E_ALLOC_ERROR");
}

function lose(state: ManualState, events: ManualEvent[], text: string, misconception: string, code: string): void {
  state.phase = "lost";
  state.endText = text;
  state.misconception = misconception;
  state.failCode = code;
  events.push({ kind: "lost", code, sound: "lose", text });
}

export function manualStatus(state: ManualState, victory: string): Status {
  if (state.phase === "lost") return { phase: "lost", text: state.endText, misconception: state.misconception };
  return { phase: state.phase, text: state.phase === "won" ? victory : "" };
}

export function manualMetrics(state: ManualState): Record<string, number> {
  const rules = rulesOf(state);
  const costPerAllocPs = state.allocs ? Math.round(state.allocPs / state.allocs) : 0;
  if (rules.allocErrorHandler) {
    return { padding: state.padding, peakFootprint: state.peakFootprint, liveBytes: state.liveBytes, neverReturned: neverReturnedBytes(state), ticks: state.tick };
  }
  if (rules.slot) {
    return {
      peakFootprint: state.peakFootprint,
      internalFrag: state.peakReserved ? Math.round(((state.peakReserved - state.peakLive) * 1000) / state.peakReserved) : 0,
      costPerAllocPs, ticks: state.tick,
    };
  }
  return { padding: state.padding, resets: state.resets, costPerAllocPs, mallocCostPerAllocPs: state.mallocPs, ticks: state.tick };
}
