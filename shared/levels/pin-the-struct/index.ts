/**
 * pin-the-struct as a level: the contract object the server, the board and the replay viewer share.
 * Actions: {type: "submit", program}, {type: "step"}, {type: "run"}, {type: "reset"}.
 */
import { fail, ok, type Result } from "../../engine/errors.ts";
import { hashState } from "../../engine/hash.ts";
import type { Level } from "../../engine/level.ts";
import { isRecord } from "../../engine/validate.ts";
import { MAX_PROGRAM_CHARS } from "./compile.ts";
import { initPin, pinMetrics, pinStatus, stepPin, tickPin, type PinAction, type PinEvent, type PinState } from "./machine.ts";
import { STAGES } from "./stages.ts";

function parsePin(untrusted: unknown): Result<PinAction> {
  if (!isRecord(untrusted)) return fail("E_BAD_ACTION", "An action must be an object like {type: \"submit\", program: \"let a = …;\"}.");
  const keys = Object.keys(untrusted);
  const type = untrusted.type;
  if (type === "step" || type === "run" || type === "reset") {
    if (keys.length !== 1) return fail("E_BAD_ACTION", `A ${type} action has only the field type.`);
    return ok({ type });
  }
  if (type === "submit") {
    if (keys.length !== 2 || typeof untrusted.program !== "string") return fail("E_BAD_ACTION", "A submit action has exactly two fields: type and program (a string).");
    if (untrusted.program.length > MAX_PROGRAM_CHARS) {
      return fail("E_PROGRAM_TOO_LONG", `The program is ${untrusted.program.length} characters long; this level accepts at most ${MAX_PROGRAM_CHARS}.`);
    }
    return ok({ type, program: untrusted.program });
  }
  return fail("E_BAD_ACTION", `Unknown action type ${JSON.stringify(String(type)).slice(0, 40)}: pin-the-struct accepts submit, step, run and reset.`);
}

export const pinTheStruct: Level<PinState, PinAction, PinEvent> = {
  id: "pin-the-struct",
  title: "pin-the-struct",
  blurb: "Move values, watch self-pointers dangle, and learn why Pin exists — with rustc's verdicts.",
  built: true,
  version: 1,
  stages: STAGES,
  init: initPin,
  parse: parsePin,
  step: stepPin,
  tick: tickPin,
  status: pinStatus,
  metrics: pinMetrics,
  hash: hashState,
};

export { compile } from "./compile.ts";
export { PRELUDES, rustSource } from "./preludes/index.ts";
export type { PinState, PinAction, PinEvent } from "./machine.ts";
