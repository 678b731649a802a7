/**
 * A check of the player's core for one stage: compile the families the stage asks for, run the per-opcode
 * randomized tests on them, then run the stage's ROMs in lockstep with the reference core (the families the
 * stage does not ask for run the game's reference microcode). The report is plain data kept in the level state;
 * the check itself is deterministic (the opcode tests' seed is the run's seed), so a replay re-runs it exactly.
 */
import { BRICKFALL_MIX } from "./level-mix.ts";
import { romImage, type RomName } from "./level-roms.ts";
import { compileMicrocode, DISPATCH_FAMILY, FAMILY_BY_ID, FAMILY_OF_OPCODE, OPCODE_STATUS, opcodeName, runLockstep, runOpcodeTests, type Divergence, type FamilyError, type MicroProgram } from "./microcode/index.ts";
import { MISCONCEPTION, providedFamilies, writableFamilies, type StageRules } from "./stages.ts";

export type { FamilyError };

export interface RunReport {
  rom: RomName;
  /** Frames the run was given, and instructions executed in lockstep (up to and including a divergence). */
  frames: number;
  instructions: number;
  cycleError: number;
  divergence: Divergence | null;
}

export interface CheckReport {
  /** 512 characters, one per opcode (0x00-0xFF, then CB 0x00-0xFF): "." untested, "+" passing, "x" failing. */
  opcodeStatus: string;
  runs: RunReport[];
  passed: boolean;
  /** The misconception class of the first failure ("" when passed). */
  misconception: string;
  /** One sentence for the board. */
  summary: string;
}

const STATUS_CHAR = [".", "+", "x"] as const;

/** Canonical key of a set of sources (families in sorted order). */
export function sourcesKey(sources: Readonly<Record<string, string>>): string {
  return JSON.stringify(Object.keys(sources).sort().map((k) => [k, sources[k]]));
}

const compiled = new Map<string, { program?: MicroProgram; errors: FamilyError[] }>();

/** Compiles the non-empty sources (memoised per thread: the same text always compiles to the same program). */
export function compileSources(sources: Readonly<Record<string, string>>): { program?: MicroProgram; errors: FamilyError[] } {
  const key = sourcesKey(sources);
  let c = compiled.get(key);
  if (!c) {
    const written: Record<string, string> = {};
    for (const [family, text] of Object.entries(sources)) if (text.trim()) written[family] = text;
    c = compileGuarded(written);
    if (compiled.size >= 128) compiled.delete(compiled.keys().next().value!);
    compiled.set(key, c);
  }
  return c;
}

/** The compiler's verdict; should it ever throw on some text, that is reported as an error of the first family
 * rather than taking the room (or the worker's job) down with it. */
function compileGuarded(written: Record<string, string>): { program?: MicroProgram; errors: FamilyError[] } {
  try {
    const r = compileMicrocode(written);
    return { program: r.errors.length ? undefined : r.program, errors: r.errors.map((e) => ({ family: e.family, code: e.code, message: e.message, line: e.line, column: e.column })) };
  } catch (e) {
    const family = Object.keys(written).sort()[0] ?? "";
    return { errors: [{ family, code: "microcode.internal", message: `The compiler failed on this microcode (${(e as Error).message}); please report it.`, line: 1, column: 1 }] };
  }
}

/** The opcodes (0-511) of a stage's writable families. */
export function writableOpcodes(rules: StageRules): number[] {
  return writableFamilies(rules).flatMap((id) => FAMILY_BY_ID.get(id)!.opcodes);
}

const MIX = (() => {
  const counts = new Array<number>(512).fill(0);
  for (const [op, n] of BRICKFALL_MIX) counts[op] = n;
  return counts;
})();

/**
 * Passing opcodes among `opcodes`, in permille, each weighted by 1 + its count in Brickfall's instruction mix:
 * the opcodes the game runs most matter most, and the ones it never runs still count once.
 */
export function weightedPassing(status: string, opcodes: readonly number[]): number {
  let total = 0, passing = 0;
  for (const op of opcodes) {
    const w = 1 + MIX[op]!;
    total += w;
    if (status[op] === "+") passing += w;
  }
  return total ? Math.floor((passing * 1000) / total) : 0;
}

/** Which misconception a divergence shows. */
export function classify(d: Divergence, program: MicroProgram | undefined, provided: ReadonlySet<string>): string {
  const family = d.family;
  if (family && !provided.has(family) && !program?.families.includes(family)) return MISCONCEPTION.unimplemented;
  const fields = new Set(d.fields);
  const topic = FAMILY_BY_ID.get(family)?.topic;
  if (family === DISPATCH_FAMILY || fields.has("IME")) return MISCONCEPTION.interrupt;
  if (fields.has("SP") || (fields.has("writes") && topic === "flow")) return MISCONCEPTION.stack;
  if (fields.has("PC")) return MISCONCEPTION.decode;
  if (fields.has("F")) return MISCONCEPTION.flag;
  if (fields.has("cycles") && fields.size === 1) return MISCONCEPTION.cycles;
  return MISCONCEPTION.value;
}

/** "$3E", "CB $11", or "interrupt dispatch" (lockstep's opcode 512). */
function opLabel(op: number): string {
  return op >= 0x200 ? "interrupt dispatch" : opcodeName(op);
}

/** Runs the stage's check on `sources` (the writable families' text). */
export function runCheck(rules: StageRules, sources: Readonly<Record<string, string>>, seed: number): { report: CheckReport; errors: FamilyError[] } {
  const { program, errors } = compileSources(sources);
  if (!program) {
    const first = errors[0];
    return {
      errors,
      report: {
        opcodeStatus: ".".repeat(512), runs: [], passed: false, misconception: MISCONCEPTION.compile,
        summary: first ? `${first.family} line ${first.line}:${first.column}: ${first.message}` : "The microcode does not compile.",
      },
    };
  }
  const provided = providedFamilies(rules);
  const writable = writableOpcodes(rules);
  const status = Array.from(runOpcodeTests(program, provided, writable, seed >>> 0));
  const runs: RunReport[] = [];
  let misconception = "";
  let summary = "";
  for (const run of rules.runs) {
    const r = runLockstep(romImage(run.rom), program, provided, { frames: run.frames, inputs: run.inputs });
    r.opcodeStatus.forEach((s, op) => {
      if (s === OPCODE_STATUS.failing || (s === OPCODE_STATUS.passing && status[op] === OPCODE_STATUS.untested)) status[op] = s;
    });
    runs.push({ rom: run.rom, frames: run.frames, instructions: r.instructions, cycleError: r.cycleError, divergence: r.divergence ?? null });
    if (r.divergence) {
      const d = r.divergence;
      misconception = classify(d, program, provided);
      summary = `${run.rom}: instruction ${d.instruction} (${opLabel(d.opcode)}, ${d.family || "illegal"}) differs in ${d.fields.join(", ")} — ${misconception}.`;
      break; // later ROMs would only repeat the same bug
    }
  }
  const failingOp = writable.find((op) => status[op] !== OPCODE_STATUS.passing);
  if (!misconception && failingOp !== undefined) {
    const family = FAMILY_OF_OPCODE[failingOp]!;
    misconception = program.families.includes(family) ? MISCONCEPTION.value : MISCONCEPTION.unimplemented;
    summary = `Opcode ${opLabel(failingOp)} (${family}) ${status[failingOp] === OPCODE_STATUS.failing ? "fails its randomized test" : "was not tested"} — ${misconception}.`;
  }
  const passed = !misconception;
  if (passed) summary = `All ${writable.length} opcodes pass and ${runs.map((r) => r.rom).join(", ")} ran in lockstep with the reference.`;
  return { errors, report: { opcodeStatus: status.map((s) => STATUS_CHAR[s] ?? ".").join(""), runs, passed, misconception, summary } };
}

/** Instructions matched before the first divergence, over the runs in order. */
export function instructionsMatched(report: CheckReport | null): number {
  let n = 0;
  for (const r of report?.runs ?? []) {
    if (r.divergence) return n + r.divergence.instruction;
    n += r.instructions;
  }
  return n;
}

export function cycleError(report: CheckReport | null): number {
  return (report?.runs ?? []).reduce((s, r) => s + Math.abs(r.cycleError), 0);
}
