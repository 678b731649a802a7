/**
 * allocate-fast as a level: the contract object the server, the board and the replay viewer share.
 *
 * Stages run on different machines (ladder.ts STAGE_MODE): stages 1–2 on the placement machine (machine.ts, whose
 * state shape and rules are pinned by golden hashes), 3–4 and 10 (the kernel heap that never frees) on the manual
 * machine with the full GlobalAlloc contract (manual.ts), 5, 6 and 9 on the design runner (design-stage.ts), 7 on
 * the false-sharing board (false-sharing.ts) and 8 on the threaded bump (concurrent-bump.ts). States of stages 3+
 * carry a `mode` field; `ladderState` narrows any state to its machine. The Level's declared state type is the placement state so stage 1–2 callers keep their
 * types; the functions below accept every machine's state.
 */
import { fail, ok, type Result } from "../../engine/errors.ts";
import { hashState } from "../../engine/hash.ts";
import type { Level, StageInfo, Status } from "../../engine/level.ts";
import { isRecord } from "../../engine/validate.ts";
import { initThreads, stepThreads, threadsMetrics, threadsStatus, tickThreads, type ThreadsState } from "./concurrent-bump.ts";
import { designMetrics, designStatus, initDesign, stepDesign, tickDesign, type DesignState } from "./design-stage.ts";
import { initSharing, sharingMetrics, sharingStatus, stepSharing, tickSharing, type SharingState } from "./false-sharing.ts";
import { LADDER_STAGES, STAGE_MODE, victoryOf } from "./ladder.ts";
import { allocMetrics, allocStatus, initAlloc, stepAlloc, tickAlloc, type AllocAction, type AllocEvent, type AllocState } from "./machine.ts";
import { initManual, manualMetrics, manualStatus, stepManual, tickManual, type ManualAction, type ManualState } from "./manual.ts";
import { STAGES as FIRST_STAGES } from "./stages.ts";

/** Largest address an action may name (no heap in this level is larger). */
const MAX_ADDR = 1 << 20;
/** Largest allocator design, as JSON text. */
const MAX_DESIGN_CHARS = 4096;

export const STAGES: readonly StageInfo[] = [...FIRST_STAGES, ...LADDER_STAGES];

/** Every action any stage accepts; each stage's machine refuses the kinds it does not take. */
export type LadderAction =
  | AllocAction
  | ManualAction
  | { readonly type: "design"; readonly allocator: unknown };

export type LadderState = AllocState | ManualState | DesignState | SharingState | ThreadsState;

export function ladderState(state: unknown): LadderState {
  return state as LadderState;
}

function isPlacement(s: LadderState): s is AllocState {
  return !("mode" in s);
}

const address = (v: unknown) => typeof v === "number" && Number.isInteger(v) && v >= 0 && v < MAX_ADDR;

function parseAlloc(untrusted: unknown): Result<LadderAction> {
  if (!isRecord(untrusted)) return fail("E_BAD_ACTION", "An action must be an object like {type: \"place\", addr: 8}.");
  const keys = Object.keys(untrusted).sort().join(",");
  switch (untrusted.type) {
    case "place":
      if (keys !== "addr,type") return fail("E_BAD_ACTION", "A place action has exactly two fields: type and addr.");
      if (!address(untrusted.addr)) return fail("E_BAD_ACTION", "addr must be a non-negative integer address.");
      return ok({ type: "place", addr: untrusted.addr as number });
    case "dangling":
    case "reset":
    case "stack":
      if (keys !== "type") return fail("E_BAD_ACTION", `A ${untrusted.type} action has only a type.`);
      return ok({ type: untrusted.type });
    case "dealloc": {
      if (keys !== "addr,align,size,type") return fail("E_BAD_ACTION", "A dealloc action has exactly four fields: type, addr, size and align.");
      const { addr, size, align } = untrusted;
      if (!address(addr) || !address(size) || !address(align)) return fail("E_BAD_ACTION", "addr, size and align must be non-negative integers.");
      return ok({ type: "dealloc", addr: addr as number, size: size as number, align: align as number });
    }
    case "design": {
      if (keys !== "allocator,type") return fail("E_BAD_ACTION", "A design action has exactly two fields: type and allocator.");
      if (!isRecord(untrusted.allocator)) return fail("E_BAD_DESIGN", "allocator must be an object with a kind.");
      let text: string;
      try {
        text = JSON.stringify(untrusted.allocator);
      } catch {
        return fail("E_BAD_DESIGN", "allocator must be plain JSON.");
      }
      if (text.length > MAX_DESIGN_CHARS) return fail("E_BAD_DESIGN", `allocator is longer than ${MAX_DESIGN_CHARS} characters of JSON.`);
      return ok({ type: "design", allocator: JSON.parse(text) as unknown });
    }
    default:
      return fail("E_BAD_ACTION", `Unknown action type ${JSON.stringify(String(untrusted.type)).slice(0, 40)}: allocate-fast accepts place, dangling, stack, dealloc, reset and design.`);
  }
}

function init(stage: number, seed: number): LadderState {
  switch (STAGE_MODE[stage]) {
    case "manual": return initManual(stage, seed);
    case "design": return initDesign(stage, seed);
    case "sharing": return initSharing(stage);
    case "threads": return initThreads(stage, seed);
    default: return initAlloc(stage, seed);
  }
}

function wrongKind(stage: number, type: string, accepted: string): Result<never> {
  return fail("E_BAD_ACTION", `Stage ${stage} does not take ${type} actions: it accepts ${accepted}.`);
}

function step(raw: LadderState, action: LadderAction): Result<unknown[]> {
  const s = raw;
  if (isPlacement(s)) return action.type === "place" ? stepAlloc(s, action) : wrongKind(s.stage, action.type, "place");
  switch (s.mode) {
    case "manual": return action.type === "design" ? wrongKind(s.stage, action.type, "place, dangling, stack, dealloc and reset") : stepManual(s, action);
    case "design": return action.type === "design" ? stepDesign(s, action) : wrongKind(s.stage, action.type, "design");
    case "sharing": return action.type === "place" ? stepSharing(s, action) : wrongKind(s.stage, action.type, "place");
    case "threads": return action.type === "design" ? stepThreads(s, action) : wrongKind(s.stage, action.type, "design");
  }
}

function tick(s: LadderState): unknown[] {
  if (isPlacement(s)) return tickAlloc(s);
  switch (s.mode) {
    case "manual": return tickManual(s);
    case "design": return tickDesign(s);
    case "sharing": return tickSharing(s);
    case "threads": return tickThreads(s);
  }
}

function status(s: LadderState): Status {
  if (isPlacement(s)) return allocStatus(s);
  const victory = victoryOf(s.stage);
  switch (s.mode) {
    case "manual": return manualStatus(s, victory);
    case "design": return designStatus(s, victory);
    case "sharing": return sharingStatus(s, victory);
    case "threads": return threadsStatus(s, victory);
  }
}

function metrics(s: LadderState): Record<string, number> {
  if (isPlacement(s)) return allocMetrics(s);
  switch (s.mode) {
    case "manual": return manualMetrics(s);
    case "design": return designMetrics(s);
    case "sharing": return sharingMetrics(s);
    case "threads": return threadsMetrics(s);
  }
}

export const allocateFast: Level<AllocState, AllocAction, AllocEvent> = {
  id: "allocate-fast",
  title: "allocate-fast",
  blurb: "Be the allocator: place every request in a real heap, then design allocators from real parts and race them on real workloads.",
  built: true,
  version: 1,
  stages: STAGES,
  init: init as unknown as Level<AllocState, AllocAction, AllocEvent>["init"],
  parse: parseAlloc as unknown as Level<AllocState, AllocAction, AllocEvent>["parse"],
  step: step as unknown as Level<AllocState, AllocAction, AllocEvent>["step"],
  tick: tick as unknown as Level<AllocState, AllocAction, AllocEvent>["tick"],
  status: status as unknown as Level<AllocState, AllocAction, AllocEvent>["status"],
  metrics: metrics as unknown as Level<AllocState, AllocAction, AllocEvent>["metrics"],
  hash: hashState,
};

export { currentRequest, type AllocState, type AllocAction, type AllocEvent } from "./machine.ts";
export { manualHead, type ManualState } from "./manual.ts";
export type { DesignState } from "./design-stage.ts";
export type { SharingState } from "./false-sharing.ts";
export type { ThreadsState } from "./concurrent-bump.ts";
export { alignUp, hex } from "./alignment.ts";
