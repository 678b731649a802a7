/**
 * race-free queue as a level: the contract object the server, the board and the replay viewer share, plus the
 * public surface of the machine (parse, check, litmus) for the CLI, the worker and the board.
 */
import { fail, ok, type Result } from "../../engine/errors.ts";
import { hashState } from "../../engine/hash.ts";
import type { Level } from "../../engine/level.ts";
import { isRecord } from "../../engine/validate.ts";
import { ORDERINGS, type Ordering } from "./ast.ts";
import { initQueue, queueMetrics, queueStatus, stepQueue, tickQueue, type QueueAction, type QueueEvent, type QueueState } from "./game.ts";
import { STAGES } from "./stages.ts";

const FIELDS: Record<QueueAction["type"], readonly string[]> = {
  order: ["site", "ordering"], pad: ["padded"], tag: ["tagged"], check: [], submit: [], step: ["thread", "choice"], restart: [],
};

const smallInt = (v: unknown, max: number): v is number => typeof v === "number" && Number.isInteger(v) && v >= 0 && v <= max;

function parseQueue(untrusted: unknown): Result<QueueAction> {
  if (!isRecord(untrusted)) return fail("E_BAD_ACTION", "An action must be an object like {type: \"step\", thread: 0, choice: 0}.");
  const type = untrusted.type;
  if (typeof type !== "string" || !(type in FIELDS)) {
    return fail("E_BAD_ACTION", `Unknown action type ${JSON.stringify(String(type)).slice(0, 40)}: race-free-queue accepts ${Object.keys(FIELDS).join(", ")}.`);
  }
  const fields = FIELDS[type as QueueAction["type"]];
  const keys = Object.keys(untrusted);
  if (keys.length !== fields.length + 1 || !fields.every((f) => keys.includes(f))) {
    return fail("E_BAD_ACTION", `A ${type} action has exactly the fields type${fields.map((f) => ", " + f).join("")}.`);
  }
  switch (type) {
    case "order":
      if (!smallInt(untrusted.site, 63)) return fail("E_BAD_ACTION", "site must be a small non-negative integer.");
      if (typeof untrusted.ordering !== "string" || !(ORDERINGS as readonly string[]).includes(untrusted.ordering)) {
        return fail("E_BAD_ACTION", `ordering must be one of ${ORDERINGS.join(", ")}.`);
      }
      return ok({ type, site: untrusted.site, ordering: untrusted.ordering as Ordering });
    case "pad":
      if (typeof untrusted.padded !== "boolean") return fail("E_BAD_ACTION", "padded must be true or false.");
      return ok({ type, padded: untrusted.padded });
    case "tag":
      if (typeof untrusted.tagged !== "boolean") return fail("E_BAD_ACTION", "tagged must be true or false.");
      return ok({ type, tagged: untrusted.tagged });
    case "step":
      if (!smallInt(untrusted.thread, 3)) return fail("E_BAD_ACTION", "thread must be 0 to 3.");
      if (!smallInt(untrusted.choice, 255)) return fail("E_BAD_ACTION", "choice must be 0 to 255.");
      return ok({ type, thread: untrusted.thread, choice: untrusted.choice });
    default:
      return ok({ type } as QueueAction);
  }
}

export const raceFreeQueue: Level<QueueState, QueueAction, QueueEvent> = {
  id: "race-free-queue",
  title: "race-free queue",
  blurb: "Program threads on a weak-memory machine and choose the weakest orderings that stay correct.",
  built: true,
  version: 1,
  stages: STAGES,
  init: (stage) => initQueue(stage),
  parse: parseQueue,
  step: stepQueue,
  // "check" and "submit" run the bounded model checker (up to the stage's execution budget): off the room's thread.
  heavy: (action) => action.type === "check" || action.type === "submit",
  tick: tickQueue,
  status: queueStatus,
  metrics: queueMetrics,
  hash: hashState,
};

export { compiled, orderingCost, rulesOf, type QueueState, type QueueAction, type QueueEvent, type CheckRecord, type Execution } from "./game.ts";
export { STAGE_RULES, render, sourceOf, ORDERING_COST, type Site, type StageRules, type Mode } from "./stages.ts";
export { choices, evalExpr, initMachine, runnable, MISCONCEPTION, type Choice, type Machine, type StepEvent } from "./threads.ts";
export { check, replayActions, type Action, type CheckResult, type Counterexample } from "./checker.ts";
export { compileSource, type Compiled } from "./compile.ts";
export { cacheRun, CYCLES } from "./cache.ts";
export { LITMUS, runLitmus } from "./litmus.ts";
