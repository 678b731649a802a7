/**
 * The game's compiler front door: a stage's prelude + the player's text in, rustc's verdict out. Parses the
 * prelude once per stage (its structs, impls and signatures are the type facts), parses the program, and runs the
 * checker. Input limits keep a hostile program from costing the server more than a few milliseconds.
 */
import type { Block } from "./ast.ts";
import { buildEnv, checkProgram, type CheckResult, type Env } from "./checker.ts";
import type { Diagnostic } from "./diagnostics.ts";
import { parsePrelude, parseProgram } from "./parser.ts";
import { PRELUDES } from "./preludes/index.ts";

/** Longest program text accepted (characters). */
export const MAX_PROGRAM_CHARS = 4000;
/** Most statements a program may have. */
export const MAX_STATEMENTS = 60;

const envs = new Map<number, Env>();

export function stageEnv(stage: number): Env {
  let env = envs.get(stage);
  if (!env) {
    env = buildEnv(parsePrelude(PRELUDES[stage - 1]!));
    envs.set(stage, env);
  }
  return env;
}

export type Compiled =
  | { readonly ok: true; readonly block: Block; readonly check: CheckResult }
  | { readonly ok: false; readonly diagnostics: readonly Diagnostic[]; readonly unsafeBlocks: number; readonly statements: number };

function countStatements(b: Block): number {
  return b.stmts.length + (b.tail ? 1 : 0);
}

export function compile(stage: number, program: string): Compiled {
  if (program.length > MAX_PROGRAM_CHARS) {
    return { ok: false, unsafeBlocks: 0, statements: 0, diagnostics: [{ code: "unsupported", message: `the program is ${program.length} characters long; this game accepts at most ${MAX_PROGRAM_CHARS}`, span: { start: 0, end: 0 } }] };
  }
  const parsed = parseProgram(program);
  if (!parsed.ok) return { ok: false, unsafeBlocks: 0, statements: 0, diagnostics: [{ code: parsed.error.kind, message: parsed.error.message, span: parsed.error.span }] };
  if (countStatements(parsed.block) > MAX_STATEMENTS) {
    return { ok: false, unsafeBlocks: 0, statements: countStatements(parsed.block), diagnostics: [{ code: "unsupported", message: `the program has more than ${MAX_STATEMENTS} statements`, span: { start: 0, end: 0 } }] };
  }
  let check: CheckResult;
  try {
    check = checkProgram(parsed.block, stageEnv(stage));
  } catch (e) {
    // A construct the checker does not model must never crash the server: report it as unsupported.
    return { ok: false, unsafeBlocks: 0, statements: 0, diagnostics: [{ code: "unsupported", message: `this game cannot check this program (${e instanceof Error ? e.message : String(e)})`, span: { start: 0, end: 0 } }] };
  }
  if (check.diagnostics.length) return { ok: false, diagnostics: check.diagnostics, unsafeBlocks: check.unsafeBlocks, statements: check.statements };
  return { ok: true, block: parsed.block, check };
}
