/**
 * cpu-core as a level ("run Tetris on your CPU core"): the contract object the server, the board and the replay
 * viewer share. The machine is the rest of this folder (cpu.ts, machine.ts, …); the player's language and core
 * are microcode/; the ladder is stages.ts; the rules of play are level-state.ts.
 *
 * For the board (client/boards/cpu-core/), the state (CpuCoreState, plain data) holds:
 *  - `sources`: family id → microcode text, one key per family this stage asks for (FAMILIES in microcode/ gives
 *    each family's title, opcodes, summary and `matches` pattern); every other family is the game's reference.
 *  - `errors`: compile errors {family, code, message, line, column} of the current sources (after every edit).
 *  - `report` (after a check): `opcodeStatus`, a 512-character string for the 16×16 grid and the CB grid
 *    ("." untested, "+" passing, "x" failing; index = opcode, 256 + n for CB n); `runs`, one per lockstep ROM
 *    with `divergence` (instruction index, opcode, family, differing `fields`, both TraceEntries and the `before`
 *    entries for the side-by-side trace); `passed`, `misconception`, `summary`.
 *  - `hintsShown` (STAGES[stage-1].hints up to that index), `checks`, `booted` (Tetris: `play` allowed).
 *  - `play` (Tetris, after `play`): `machine` is a GameBoy snapshot — draw `machine.ppu.framebuffer` (160×144 bytes,
 *    shades 0-3, row-major); `buttons`, `frames`, `score`, `ended`.
 * Actions (JSON): {type:"edit", family, source} (whole text, ≤ 4096 characters — but a client message is limited
 * to 1024 characters, so editors send {type:"patch", family, at, remove, insert}: replace `remove` characters at
 * `at` with `insert`), {type:"check"} (runs on a worker), {type:"hint"}, {type:"play"}, {type:"buttons", mask}
 * (joypad BUTTONS bits: right 1, left 2, up 4, down 8, a 16, b 32, select 64, start 128). To carry a player's code
 * from earlier stages into stages 7 and 8, the board sends it as edits at the start.
 * Emulated speed of the player's compiled core is not a metric (it depends on the server's clock); the bench
 * tests/bench/cpu-sessions.bench.ts measures it.
 */
import { fail, ok, type Result } from "../../engine/errors.ts";
import type { Level } from "../../engine/level.ts";
import { isRecord } from "../../engine/validate.ts";
import {
  cpuCoreMetrics, cpuCoreStatus, hashCpuCore, initCpuCore, MAX_SOURCE_CHARS, stepCpuCore, tickCpuCore,
  type CpuCoreAction, type CpuCoreEvent, type CpuCoreState,
} from "./level-state.ts";
import { STAGES } from "./stages.ts";

const FIELDS: Record<CpuCoreAction["type"], readonly string[]> = {
  edit: ["family", "source"], patch: ["family", "at", "remove", "insert"], check: [], hint: [], play: [], buttons: ["mask"],
};

const FAMILY_ID = /^[a-z0-9-]{1,40}$/;
const intIn = (v: unknown, max: number): v is number => typeof v === "number" && Number.isInteger(v) && v >= 0 && v <= max;

function parseCpuCore(untrusted: unknown): Result<CpuCoreAction> {
  if (!isRecord(untrusted)) return fail("E_BAD_ACTION", "An action must be an object like {type: \"check\"}.");
  const type = untrusted.type;
  if (typeof type !== "string" || !Object.hasOwn(FIELDS, type)) {
    return fail("E_BAD_ACTION", `Unknown action type ${JSON.stringify(String(type)).slice(0, 40)}: cpu-core accepts ${Object.keys(FIELDS).join(", ")}.`);
  }
  const fields = FIELDS[type as CpuCoreAction["type"]];
  const keys = Object.keys(untrusted);
  if (keys.length !== fields.length + 1 || !fields.every((f) => keys.includes(f))) {
    return fail("E_BAD_ACTION", `A ${type} action has exactly the fields type${fields.map((f) => ", " + f).join("")}.`);
  }
  if ("family" in untrusted && (typeof untrusted.family !== "string" || !FAMILY_ID.test(untrusted.family))) {
    return fail("E_BAD_ACTION", "family must be a family id such as \"add-a-r\".");
  }
  const family = untrusted.family as string;
  switch (type) {
    case "edit":
      if (typeof untrusted.source !== "string" || untrusted.source.length > MAX_SOURCE_CHARS) {
        return fail("E_BAD_ACTION", `source must be text of at most ${MAX_SOURCE_CHARS} characters.`);
      }
      return ok({ type, family, source: untrusted.source });
    case "patch":
      if (!intIn(untrusted.at, MAX_SOURCE_CHARS) || !intIn(untrusted.remove, MAX_SOURCE_CHARS)) {
        return fail("E_BAD_ACTION", `at and remove must be integers from 0 to ${MAX_SOURCE_CHARS}.`);
      }
      if (typeof untrusted.insert !== "string" || untrusted.insert.length > MAX_SOURCE_CHARS) {
        return fail("E_BAD_ACTION", `insert must be text of at most ${MAX_SOURCE_CHARS} characters.`);
      }
      return ok({ type, family, at: untrusted.at, remove: untrusted.remove, insert: untrusted.insert });
    case "buttons":
      if (!intIn(untrusted.mask, 255)) return fail("E_BAD_ACTION", "mask must be a joypad mask from 0 to 255.");
      return ok({ type, mask: untrusted.mask });
    default:
      return ok({ type } as CpuCoreAction);
  }
}

export const cpuCore: Level<CpuCoreState, CpuCoreAction, CpuCoreEvent> = {
  id: "cpu-core",
  title: "run Tetris on your CPU core",
  blurb: "Write a Game Boy LR35902 core in microcode until Tetris runs on it.",
  built: true,
  version: 1,
  stages: STAGES,
  init: initCpuCore,
  parse: parseCpuCore,
  step: stepCpuCore,
  // A check compiles and runs ROMs in lockstep with the reference core (up to 300 frames of two Game Boys).
  heavy: (action) => action.type === "check",
  heavyTicks: (state) => state.play !== null,
  tick: tickCpuCore,
  status: cpuCoreStatus,
  metrics: cpuCoreMetrics,
  hash: hashCpuCore,
};

export { STAGE_RULES, STAGES, BOOT_FRAMES, PLAY_FRAMES, MISCONCEPTION, writableFamilies, providedFamilies, type StageRules } from "./stages.ts";
export { type CpuCoreState, type CpuCoreAction, type CpuCoreEvent, MAX_SOURCE_CHARS } from "./level-state.ts";
export { type CheckReport, type RunReport, type FamilyError } from "./level-check.ts";
export { type PlaySession, scoreOf } from "./tetris-session.ts";
