/**
 * The boot-kernel assembler: GNU as–compatible Intel syntax (`.intel_syntax noprefix`, 32-bit) to a relocatable
 * object, byte for byte what `as --32` produces for the same source (tests compare against binutils).
 *
 * Public API (imported by the linker and the level; keep stable):
 *   assemble(source, fileName?) → Result<ObjectFile>; on error the GameError also carries fileName, line and column.
 *
 * Pipeline: lex → statements (labels, directives, instructions; sizes fixed except branches and alignment) →
 * relaxation of jmp/jcc → emission with relocations (R_386_32, R_386_PC32). See instruction-table.ts for the
 * instruction set and the GNU as behaviours reproduced (Intel-syntax bare symbols are memory operands, shortest
 * immediate and displacement forms only for constants already known, NOP padding in code).
 */
import type { Result } from "../../../engine/errors.ts";
import { SHT_NOBITS } from "../elf.ts";
import { TokenStream } from "./expressions.ts";
import type { Statement } from "./lexer.ts";
import { lex } from "./lexer.ts";
import { INTERNAL_LABEL_PREFIX, defineSymbol, directiveHandler, switchSection } from "./directives.ts";
import type { Resolved } from "./encoder.ts";
import { encode, selectForm } from "./encoder.ts";
import { JCC, NOT_OFFERED, PREFIXES } from "./instruction-table.ts";
import { emit, relax } from "./layout.ts";
import type { ObjectFile, ObjectSymbol, SourceError } from "./object-file.ts";
import type { Operand } from "./operands.ts";
import { parseOperand } from "./operands.ts";
import type { AsmState } from "./state.ts";
import { addItem, addLabel, constantNow, labelOffset, layoutContext } from "./state.ts";
import { evaluate } from "./expressions.ts";

export type { ObjectFile, ObjectSection, ObjectSymbol, ObjectRelocation, SourceError } from "./object-file.ts";

/** Longest source the assembler accepts (characters): a budget, since the text comes from players. */
export const MAX_SOURCE_CHARS = 200_000;

function sourceError(fileName: string, line: number, column: number, message: string, code = "E_ASM"): { ok: false; error: SourceError } {
  return { ok: false, error: { code, message: `${fileName}:${line}:${column}: ${message}`, fileName, line, column } };
}

const BRANCHES = new Set(["call", "jmp", ...JCC.keys()]);

/** Source text of a statement (for messages like "operand size mismatch: 'mov al, ebx'"). */
function statementText(lines: readonly string[], st: Statement, from: number): string {
  const first = st.tokens[from];
  const last = st.tokens[st.tokens.length - 1];
  return lines[st.line - 1].slice(first.column - 1, last.column - 1 + last.text.length).replace(/\s+/g, " ");
}

function classify(state: AsmState, op: Operand, branch: boolean): Resolved {
  if (op.kind !== "bare") return op;
  if (branch) return { kind: "rel", expr: op.expr, column: op.column };
  // GNU as Intel syntax: a constant is an immediate, anything symbolic is a memory operand at that address.
  if (op.size === undefined && constantNow(state, op.expr) !== undefined) return { kind: "imm", expr: op.expr, column: op.column };
  return { kind: "mem", size: op.size, scale: 1, disp: op.expr, column: op.column };
}

function instruction(state: AsmState, st: Statement, lines: readonly string[]): SourceError | undefined {
  const fail = (column: number, message: string): SourceError => sourceError(state.fileName, st.line, column, message).error;
  const ts = new TokenStream(st.tokens, lines[st.line - 1].length + 1);
  const prefixes: number[] = [];
  let head = ts.next()!;
  while (PREFIXES[head.text.toLowerCase()] !== undefined && ts.peek()?.kind === "ident") {
    prefixes.push(PREFIXES[head.text.toLowerCase()]);
    head = ts.next()!;
  }
  const mnemonic = head.text.toLowerCase();
  if (PREFIXES[mnemonic] !== undefined && ts.atEnd()) {
    addItem(state, { kind: "bytes", bytes: [...prefixes, PREFIXES[mnemonic]] });
    return undefined;
  }
  if (state.current.type === SHT_NOBITS) return fail(head.column, `instructions cannot go in ${state.current.name} (it holds no bytes); switch to .text first`);
  const operands: Operand[] = [];
  while (!ts.atEnd()) {
    const op = parseOperand(ts);
    if ("message" in op) return fail(op.column, op.message);
    operands.push(op);
    if (ts.atEnd()) break;
    if (!ts.isPunct(",")) return fail(ts.column(), `expected ',' between operands, found '${ts.peek()!.text}'`);
    ts.next();
    if (ts.atEnd()) return fail(ts.column(), "expected an operand after ','");
  }
  const branch = BRANCHES.has(mnemonic);
  const resolved = operands.map((op) => classify(state, op, branch));
  const text = statementText(lines, st, st.tokens.indexOf(head) - prefixes.length);
  const cc = mnemonic === "jmp" ? -1 : JCC.get(mnemonic);
  if (cc !== undefined && resolved.length === 1 && resolved[0].kind === "rel" && prefixes.length === 0) {
    const target = resolved[0].expr;
    const v = evaluate(target, layoutContext(state, state.current.name, 0));
    // Relaxable only when the target is (or may become) a label of this section; decided finally after reading.
    const relaxable = !("message" in v) && v.sym !== undefined;
    addItem(state, { kind: "branch", cc, target, relaxable, long: false, line: st.line, column: resolved[0].column });
    return undefined;
  }
  const usesControlRegister = resolved.some((op) => op.kind === "reg" && op.reg.cls === "creg");
  const refusal = NOT_OFFERED.get(usesControlRegister ? `${mnemonic} cr` : mnemonic);
  if (refusal !== undefined) return sourceError(state.fileName, st.line, head.column, refusal, "E_ASM_NOT_OFFERED").error;
  const constOf = (e: Parameters<typeof constantNow>[1]): bigint | undefined => constantNow(state, e);
  const sel = selectForm(mnemonic, resolved, constOf, text);
  if ("error" in sel) return fail(head.column, sel.error);
  for (const op of resolved) {
    if (op.kind === "far" && constOf(op.selector) === undefined) return fail(op.column, "the segment selector of a far jump must be a constant, e.g. 0x08");
  }
  const encoding = encode(sel.form, resolved, prefixes, constOf);
  addItem(state, { kind: "insn", encoding, line: st.line, calls: mnemonic === "call" });
  return undefined;
}

function statement(state: AsmState, st: Statement, lines: readonly string[]): SourceError | undefined {
  let k = 0;
  const t = st.tokens;
  // Labels: `name:` (several may precede a statement).
  while (k + 1 < t.length && t[k].kind === "ident" && t[k + 1].kind === "punct" && t[k + 1].text === ":") {
    const name = t[k].text;
    const prev = state.symbols.get(name);
    if (prev) return sourceError(state.fileName, st.line, t[k].column, `symbol '${name}' is already defined on line ${prev.line}`).error;
    addLabel(state, name, st.line);
    k += 2;
  }
  if (k >= t.length) return undefined;
  const rest: Statement = { line: st.line, column: t[k].column, tokens: t.slice(k) };
  const head = rest.tokens[0];
  const ts = new TokenStream(rest.tokens, lines[st.line - 1].length + 1);
  if (head.kind === "ident" && rest.tokens[1]?.kind === "punct" && rest.tokens[1].text === "=") {
    ts.next(); ts.next();
    const err = defineSymbol(state, head.text, head.column, ts, st.line);
    return err ? sourceError(state.fileName, st.line, err.column, err.message).error : undefined;
  }
  if (head.kind !== "ident") return sourceError(state.fileName, st.line, head.column, `expected a label, directive or instruction, found '${head.text}'`).error;
  if (head.text.startsWith(".")) {
    const handler = directiveHandler(head.text);
    if (!handler) return sourceError(state.fileName, st.line, head.column, `unknown directive '${head.text}'`).error;
    ts.next();
    const err = handler(state, ts, head.text, st.line);
    if (err) return sourceError(state.fileName, st.line, err.column === 1 ? head.column : err.column, err.message).error;
    return undefined;
  }
  return instruction(state, rest, lines);
}

/** Resolves branch relaxability now that every label is known: only labels of the branch's own section qualify. */
function settleBranches(state: AsmState): void {
  for (const s of state.sections.values()) {
    for (const item of s.items) {
      if (item.kind !== "branch") continue;
      const v = evaluate(item.target, layoutContext(state, s.name, 0));
      if ("message" in v || v.sym === undefined) { item.relaxable = false; continue; }
      const def = state.symbols.get(v.sym);
      item.relaxable = v.sym === "." || (def?.kind === "label" && def.section === s.name);
    }
  }
}

function symbolTable(state: AsmState, referenced: ReadonlySet<string>): ObjectSymbol[] | SourceError {
  const out: ObjectSymbol[] = [];
  for (const [name, def] of state.symbols) {
    // GNU as keeps `.L` labels and its own internal ones out of the symbol table unless they are made global.
    if (name.startsWith(INTERNAL_LABEL_PREFIX) || (name.startsWith(".L") && !state.globals.has(name))) continue;
    const global = state.globals.has(name);
    if (def.kind === "label") out.push({ name, section: def.section, value: labelOffset(state, def), size: 0, global, line: def.line });
    else if (def.kind === "comm") out.push({ name, section: "*COM*", value: def.align, size: def.size, global: true, line: def.line });
    else {
      const v = evaluate(def.expr, layoutContext(state, "", 0));
      if ("message" in v) return sourceError(state.fileName, def.line, v.column, v.message).error;
      if (v.sym === undefined) out.push({ name, section: "*ABS*", value: Number(BigInt.asUintN(32, v.n)), size: 0, global, line: def.line });
      else {
        const target = state.symbols.get(v.sym);
        if (target?.kind === "label") out.push({ name, section: target.section, value: labelOffset(state, target) + Number(v.n), size: 0, global, line: def.line });
      }
    }
  }
  const undefinedNames = new Set([...referenced, ...state.globals.keys()]);
  for (const name of undefinedNames) {
    if (state.symbols.has(name) || name === ".") continue;
    out.push({ name, section: "*UND*", value: 0, size: 0, global: true, line: state.globals.get(name) ?? 0 });
  }
  return out;
}

export function assemble(source: string, fileName = "kernel.s"): Result<ObjectFile> {
  if (source.length > MAX_SOURCE_CHARS) {
    return sourceError(fileName, 1, 1, `the source is ${source.length} characters; the assembler accepts at most ${MAX_SOURCE_CHARS}`, "E_ASM_TOO_LONG");
  }
  const lexed = lex(source);
  if (lexed.error) return sourceError(fileName, lexed.error.line, lexed.error.column, lexed.error.message);
  const lines = source.split("\n");
  const state = { fileName, sections: new Map(), symbols: new Map(), globals: new Map(), statement: 0 } as unknown as AsmState;
  switchSection(state, ".text");
  for (const st of lexed.statements) {
    const err = statement(state, st, lines);
    if (err) return { ok: false, error: err };
    state.statement++;
  }
  settleBranches(state);
  relax(state);
  const sections = emit(state);
  if ("message" in sections) return sourceError(fileName, sections.line, sections.column, sections.message);
  const referenced = new Set<string>();
  for (const s of sections) for (const r of s.relocations) if (r.target.kind === "symbol") referenced.add(r.target.name);
  const symbols = symbolTable(state, referenced);
  if (!Array.isArray(symbols)) return { ok: false, error: symbols };
  return { ok: true, value: { fileName, sections, symbols } };
}
