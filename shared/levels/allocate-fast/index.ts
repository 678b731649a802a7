/**
 * allocate-fast as a level: the contract object the server, the board and the replay viewer share.
 */
import { fail, ok, type Result } from "../../engine/errors.ts";
import { hashState } from "../../engine/hash.ts";
import type { Level } from "../../engine/level.ts";
import { isRecord } from "../../engine/validate.ts";
import { allocMetrics, allocStatus, initAlloc, stepAlloc, tickAlloc, type AllocAction, type AllocEvent, type AllocState } from "./machine.ts";
import { STAGES } from "./stages.ts";

/** Largest address an action may name (no heap in this level is larger). */
const MAX_ADDR = 1 << 20;

function parseAlloc(untrusted: unknown): Result<AllocAction> {
  if (!isRecord(untrusted)) return fail("E_BAD_ACTION", "An action must be an object like {type: \"place\", addr: 8}.");
  if (untrusted.type !== "place") return fail("E_BAD_ACTION", `Unknown action type ${JSON.stringify(String(untrusted.type)).slice(0, 40)}: allocate-fast accepts "place".`);
  const keys = Object.keys(untrusted);
  if (keys.length !== 2) return fail("E_BAD_ACTION", "A place action has exactly two fields: type and addr.");
  const addr = untrusted.addr;
  if (typeof addr !== "number" || !Number.isInteger(addr) || addr < 0 || addr >= MAX_ADDR) {
    return fail("E_BAD_ACTION", "addr must be a non-negative integer address.");
  }
  return ok({ type: "place", addr });
}

export const allocateFast: Level<AllocState, AllocAction, AllocEvent> = {
  id: "allocate-fast",
  title: "allocate-fast",
  blurb: "Be the allocator: place every request in a real heap, aligned, without overlap, before the queue overflows.",
  built: true,
  version: 1,
  stages: STAGES,
  init: initAlloc,
  parse: parseAlloc,
  step: stepAlloc,
  tick: tickAlloc,
  status: allocStatus,
  metrics: allocMetrics,
  hash: hashState,
};

export { currentRequest, type AllocState, type AllocAction, type AllocEvent } from "./machine.ts";
export { alignUp, hex } from "./alignment.ts";
