/**
 * cpu-core as a game: the per-board state and what each action and tick does.
 *  - edit / patch: change one writable family's microcode (recompiled at once; errors land in `errors`).
 *  - check: the stage's check (level-check.ts): compile, per-opcode tests, ROMs in lockstep. A stage other than
 *    Tetris is won by the first check that passes; a failing check costs nothing but a count.
 *  - hint: reveals the stage's next hint.
 *  - Tetris (the last stage): a passing check boots Brickfall (BOOT_FRAMES frames identical to the reference);
 *    `play` starts it on the player's core from power-on, `buttons` sets the keys held, and every tick is one
 *    frame. The run ends at GAME OVER or after PLAY_FRAMES frames (won, with the score), or if the core hangs (lost).
 */
import { fail, ok, type Result } from "../../engine/errors.ts";
import { hashState } from "../../engine/hash.ts";
import type { LevelEvent, Phase, Status } from "../../engine/level.ts";
import { hashBytes, type MachineState } from "./machine.ts";
import { compileSources, cycleError, instructionsMatched, runCheck, sourcesKey, weightedPassing, writableOpcodes, type CheckReport, type FamilyError } from "./level-check.ts";
import { MISCONCEPTION, PLAY_FRAMES, providedFamilies, STAGE_RULES, STAGES, writableFamilies, type StageRules } from "./stages.ts";
import { playFrame, startSession, type PlaySession } from "./tetris-session.ts";
import type { MicroProgram } from "./microcode/index.ts";

export const MAX_SOURCE_CHARS = 4096;

export interface CpuCoreState {
  tick: number;
  stage: number;
  /** The run's seed: the opcode tests' random register states come from it. */
  seed: number;
  /** Family id → the player's microcode, one entry for every family this stage asks for ("" until written). */
  sources: Record<string, string>;
  /** Compile errors of the current sources (line/column per family), refreshed on every edit. */
  errors: FamilyError[];
  checks: number;
  hintsShown: number;
  /** The last check's report (opcode grid, lockstep runs, first divergence), or null before the first check. */
  report: CheckReport | null;
  /** Tetris stage: the last check booted Brickfall, so `play` is allowed. */
  booted: boolean;
  play: PlaySession | null;
  phase: Phase;
  endText: string;
  misconception: string;
}

export type CpuCoreAction =
  | { readonly type: "edit"; readonly family: string; readonly source: string }
  | { readonly type: "patch"; readonly family: string; readonly at: number; readonly remove: number; readonly insert: string }
  | { readonly type: "check" }
  | { readonly type: "hint" }
  | { readonly type: "play" }
  | { readonly type: "buttons"; readonly mask: number };

export type CpuCoreEvent = LevelEvent & (
  | { kind: "edited"; family: string; errors: number }
  | { kind: "checked"; passed: boolean; misconception: string }
  | { kind: "hint"; index: number }
  | { kind: "booted" }
  | { kind: "playing" }
  | { kind: "buttons"; mask: number }
  | { kind: "won" }
  | { kind: "lost" }
);

export function rulesOf(state: { stage: number }): StageRules {
  return STAGE_RULES[state.stage - 1]!;
}

export function initCpuCore(stage: number, seed: number): CpuCoreState {
  const rules = STAGE_RULES[stage - 1] ?? STAGE_RULES[0]!;
  const sources: Record<string, string> = {};
  for (const id of writableFamilies(rules)) sources[id] = "";
  return {
    tick: 0, stage: rules.stage, seed: seed >>> 0, sources, errors: [], checks: 0, hintsShown: 0, report: null,
    booted: false, play: null, phase: "playing", endText: "", misconception: "",
  };
}

function setSource(state: CpuCoreState, family: string, source: string): CpuCoreEvent[] {
  state.sources[family] = source;
  state.errors = compileSources(state.sources).errors;
  state.booted = false;
  const mine = state.errors.filter((e) => e.family === family).length;
  return [{ kind: "edited", family, errors: mine, sound: mine ? "reject" : "place", text: mine ? `${family}: ${mine} error${mine > 1 ? "s" : ""}` : `${family} compiles` }];
}

export function stepCpuCore(state: CpuCoreState, action: CpuCoreAction): Result<CpuCoreEvent[]> {
  const rules = rulesOf(state);
  switch (action.type) {
    case "edit":
    case "patch": {
      if (!(action.family in state.sources)) {
        return fail("E_NOT_WRITABLE", `This stage asks for ${Object.keys(state.sources).length} families; ${action.family} is not one of them (the game provides it).`);
      }
      if (state.play) return fail("E_PLAYING", "Brickfall is running on this core: its microcode is locked until the game ends.");
      let source = action.type === "edit" ? action.source : state.sources[action.family]!;
      if (action.type === "patch") {
        if (action.at + action.remove > source.length) return fail("E_BAD_PATCH", `The ${action.family} source is ${source.length} characters long: a patch must lie inside it.`);
        source = source.slice(0, action.at) + action.insert + source.slice(action.at + action.remove);
      }
      if (source.length > MAX_SOURCE_CHARS) return fail("E_TOO_LONG", `A family's microcode is limited to ${MAX_SOURCE_CHARS} characters.`);
      return ok(setSource(state, action.family, source));
    }
    case "check": {
      if (state.play) return fail("E_PLAYING", "Brickfall is already running on this core.");
      state.checks++;
      const { report, errors } = runCheck(rules, state.sources, state.seed);
      state.report = report;
      state.errors = errors;
      const events: CpuCoreEvent[] = [{ kind: "checked", passed: report.passed, misconception: report.misconception, sound: report.passed ? "tick" : "reject", text: report.summary }];
      if (!report.passed) return ok(events);
      if (rules.tetris) {
        state.booted = true;
        events.push({ kind: "booted", sound: "win", text: "Brickfall boots on your core, frame for frame. Press play." });
      } else {
        state.phase = "won";
        state.endText = STAGES[state.stage - 1]!.victory;
        events.push({ kind: "won", sound: "win", text: state.endText });
      }
      return ok(events);
    }
    case "hint": {
      const hints = STAGES[state.stage - 1]!.hints;
      if (state.hintsShown >= hints.length) return fail("E_NO_HINT", "Every hint of this stage is already shown.");
      state.hintsShown++;
      return ok([{ kind: "hint", index: state.hintsShown - 1, text: hints[state.hintsShown - 1]! }]);
    }
    case "play": {
      if (!rules.tetris) return fail("E_NOT_TETRIS", "Only the last stage plays Tetris.");
      if (state.play) return fail("E_PLAYING", "Brickfall is already running.");
      if (!state.booted) return fail("E_NOT_BOOTED", "Run a check first: your core must run Brickfall frame-identical to the reference before you play it.");
      const core = playingCore(state);
      state.play = startSession(core.key, core.program, core.provided);
      return ok([{ kind: "playing", sound: "place", text: "Brickfall is running on your core. Press Start." }]);
    }
    case "buttons": {
      if (!state.play) return fail("E_NOT_PLAYING", "Press play first: there is no game running.");
      state.play.buttons = action.mask;
      return ok([{ kind: "buttons", mask: action.mask }]);
    }
  }
}

interface PlayingCore { key: string; program: MicroProgram; provided: ReadonlySet<string> }
/** The compiled core of a board in play, by its sources object: edits are refused while a game runs, so the
 * object cannot change under the entry, and a frame does not re-serialise 75 families to find its program. */
const playing = new WeakMap<object, PlayingCore>();

function playingCore(state: CpuCoreState): PlayingCore {
  let core = playing.get(state.sources);
  if (!core) {
    core = { key: sourcesKey(state.sources), program: compileSources(state.sources).program!, provided: providedFamilies(rulesOf(state)) };
    playing.set(state.sources, core);
  }
  return core;
}

export function tickCpuCore(state: CpuCoreState): CpuCoreEvent[] {
  state.tick++;
  const play = state.play;
  if (!play || play.ended) return [];
  const core = playingCore(state);
  try {
    playFrame(play, core.key, core.program, core.provided, PLAY_FRAMES);
  } catch {
    // A compiled family that misbehaves at run time (it should not) ends the game as a hung core would.
    play.ended = "locked";
  }
  if (!play.ended) return [];
  if (play.ended === "locked") {
    state.phase = "lost";
    state.misconception = MISCONCEPTION.decode;
    state.endText = `Your core hung after ${play.frames} frames (an illegal opcode, or a jump into data): score ${play.score}.`;
    return [{ kind: "lost", sound: "lose", text: state.endText }];
  }
  state.phase = "won";
  state.endText = `${play.ended === "over" ? "GAME OVER" : "Time"} — score ${play.score} on your own core. ${STAGES[state.stage - 1]!.victory}`;
  return [{ kind: "won", sound: "win", text: state.endText }];
}

export function cpuCoreStatus(state: CpuCoreState): Status {
  return state.phase === "lost" ? { phase: "lost", text: state.endText, misconception: state.misconception } : { phase: state.phase, text: state.endText };
}

export function cpuCoreMetrics(state: CpuCoreState): Record<string, number> {
  const rules = rulesOf(state);
  const m: Record<string, number> = {
    opcodesPassing: state.report ? weightedPassing(state.report.opcodeStatus, writableOpcodes(rules)) : 0,
    instructionsMatched: instructionsMatched(state.report),
    cycleError: cycleError(state.report),
    checks: state.checks,
  };
  if (rules.tetris) {
    m.tetrisScore = state.play?.score ?? 0;
    m.framesPlayed = state.play?.frames ?? 0;
  }
  return m;
}

/** The machine snapshot with every typed array replaced by its 64-bit FNV digest (canonical JSON of 50 kB of
 * bytes would be slow), so the state hash still covers every byte. */
function machineDigest(m: MachineState): unknown {
  const walk = (v: unknown): unknown => {
    if (v instanceof Uint8Array) return `bytes:${v.length}:${hashBytes(v)}`;
    if (ArrayBuffer.isView(v)) return `view:${hashBytes(new Uint8Array(v.buffer, v.byteOffset, v.byteLength))}`;
    if (Array.isArray(v)) return v.map(walk);
    if (v && typeof v === "object") return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)]));
    return v;
  };
  return walk(m);
}

export function hashCpuCore(state: CpuCoreState): string {
  return hashState(state.play ? { ...state, play: { ...state.play, machine: machineDigest(state.play.machine) } } : state);
}
