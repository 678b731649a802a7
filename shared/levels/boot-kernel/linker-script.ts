/**
 * Parser for the subset of GNU ld's linker-script language a kernel needs (ld manual §3 "Linker Scripts"):
 *   ENTRY(sym)  OUTPUT_FORMAT(...)  OUTPUT_ARCH(...)  sym = expr;  . = expr;  . += expr;  PROVIDE(sym = expr);
 *   SECTIONS { . = 1M;  .name [addr] [BLOCK(a)] : [AT(x)] [ALIGN(a)] { KEEP(*(.multiboot)) *(.text .text.*) *(COMMON)
 *              sym = .;  . = ALIGN(4); } /DISCARD/ : { *(.comment) } }
 * Expressions use C precedence with numbers in decimal, 0x hex, and K/M suffixes (×1024, ×1024²), `.`, symbols and
 * ALIGN(a) / ALIGN(x, a) / ADDR(sec) / SIZEOF(sec) / MAX / MIN / ABSOLUTE. Comments are /* ... * /.
 * Never throws: syntax errors come back as a typed error with line and column, like ld's "syntax error" at a position.
 */
import type { Result } from "../../engine/errors.ts";

export type ScriptExpr =
  | { kind: "num"; value: number }
  | { kind: "dot" }
  | { kind: "sym"; name: string; line: number; column: number }
  | { kind: "call"; fn: string; args: ScriptExpr[]; section?: string; line: number; column: number }
  | { kind: "unary"; op: string; arg: ScriptExpr }
  | { kind: "binary"; op: string; left: ScriptExpr; right: ScriptExpr };

export interface Assignment { kind: "assign"; target: string; op: "=" | "+=" | "-="; expr: ScriptExpr; provide: boolean; line: number; column: number }
export interface InputSpec { kind: "input"; keep: boolean; filePattern: string; sectionPatterns: string[]; line: number; column: number }
export interface OutputSection {
  kind: "output";
  name: string;
  address?: ScriptExpr;
  align?: ScriptExpr;
  items: (Assignment | InputSpec)[];
  line: number;
  column: number;
}
export interface LinkerScript {
  entry?: { name: string; line: number; column: number };
  /** Top-level commands in order: assignments outside SECTIONS and the SECTIONS contents. */
  commands: (Assignment | OutputSection)[];
}

export interface ScriptError { code: string; message: string; line: number; column: number }

/** Longest script accepted (characters). */
export const MAX_SCRIPT_CHARS = 50_000;

const NAME_START = /[A-Za-z_.$\/*?\\]/;
const NAME_PART = /[A-Za-z0-9_.$\/*?\\\-\[\]!]/;
const EXPR_NAME_PART = /[A-Za-z0-9_.$]/;

class Cursor {
  pos = 0;
  line = 1;
  lineStart = 0;
  readonly text: string;
  constructor(text: string) { this.text = text; }
  get column(): number { return this.pos - this.lineStart + 1; }
  skip(): void {
    for (;;) {
      const c = this.text[this.pos];
      if (c === "\n") { this.pos++; this.line++; this.lineStart = this.pos; }
      else if (c === " " || c === "\t" || c === "\r") this.pos++;
      else if (c === "/" && this.text[this.pos + 1] === "*") {
        const end = this.text.indexOf("*/", this.pos + 2);
        const stop = end < 0 ? this.text.length : end + 2;
        while (this.pos < stop) { if (this.text[this.pos] === "\n") { this.line++; this.lineStart = this.pos + 1; } this.pos++; }
      } else return;
    }
  }
  peek(): string { this.skip(); return this.text[this.pos] ?? ""; }
  startsWith(s: string): boolean { this.skip(); return this.text.startsWith(s, this.pos); }
  atEnd(): boolean { this.skip(); return this.pos >= this.text.length; }
}

class ParseFailure { readonly error: ScriptError; constructor(error: ScriptError) { this.error = error; } }

function failAt(c: Cursor, message: string): ParseFailure {
  return new ParseFailure({ code: "E_LD_SCRIPT", message: `linker script:${c.line}:${c.column}: ${message}`, line: c.line, column: c.column });
}

function describeHere(c: Cursor): string {
  if (c.atEnd()) return "the end of the script";
  const m = /^\S{1,20}/.exec(c.text.slice(c.pos));
  return `'${m ? m[0] : c.text[c.pos]}'`;
}

function expect(c: Cursor, s: string): void {
  if (!c.startsWith(s)) throw failAt(c, `syntax error: expected '${s}', found ${describeHere(c)}`);
  c.pos += s.length;
}

function readName(c: Cursor, part: RegExp): string {
  c.skip();
  const start = c.pos;
  if (!NAME_START.test(c.text[c.pos] ?? "")) throw failAt(c, `syntax error: expected a name, found ${describeHere(c)}`);
  c.pos++;
  while (c.pos < c.text.length && part.test(c.text[c.pos])) c.pos++;
  return c.text.slice(start, c.pos);
}

function readNumber(c: Cursor): number {
  const m = /^(0[xX][0-9a-fA-F]+|[0-9]+)([KkMm])?/.exec(c.text.slice(c.pos));
  if (!m) throw failAt(c, `syntax error: expected a number, found ${describeHere(c)}`);
  c.pos += m[0].length;
  let v = m[1].startsWith("0x") || m[1].startsWith("0X") ? parseInt(m[1].slice(2), 16) : /^0[0-7]+$/.test(m[1]) ? parseInt(m[1], 8) : parseInt(m[1], 10);
  if (m[2]) v *= m[2].toLowerCase() === "k" ? 1024 : 1024 * 1024;
  if (v > 0xffffffff) throw failAt(c, `${m[0]} does not fit in 32 bits`);
  return v;
}

// C precedence, loosest first.
const LEVELS: readonly (readonly string[])[] = [["|"], ["^"], ["&"], ["<<", ">>"], ["+", "-"], ["*", "/", "%"]];
const FUNCTIONS = new Set(["ALIGN", "ADDR", "SIZEOF", "MAX", "MIN", "ABSOLUTE", "LOADADDR"]);

function parseExpr(c: Cursor, level = 0): ScriptExpr {
  if (level >= LEVELS.length) return parseUnary(c);
  let left = parseExpr(c, level + 1);
  for (;;) {
    c.skip();
    const op = LEVELS[level].find((o) => c.text.startsWith(o, c.pos) && !(o.length === 1 && c.text[c.pos + 1] === "=") && !(o === "<" || o === ">"));
    if (!op) return left;
    c.pos += op.length;
    left = { kind: "binary", op, left, right: parseExpr(c, level + 1) };
  }
}

function parseUnary(c: Cursor): ScriptExpr {
  const ch = c.peek();
  if (ch === "-" || ch === "~" || ch === "+") { c.pos++; return { kind: "unary", op: ch, arg: parseUnary(c) }; }
  if (ch === "(") { c.pos++; const e = parseExpr(c); expect(c, ")"); return e; }
  if (/[0-9]/.test(ch)) return { kind: "num", value: readNumber(c) };
  if (ch === "." && !EXPR_NAME_PART.test(c.text[c.pos + 1] ?? "")) { c.pos++; return { kind: "dot" }; }
  const line = c.line;
  const column = c.column;
  if (!/[A-Za-z_.$]/.test(ch)) throw failAt(c, `syntax error: expected an expression, found ${describeHere(c)}`);
  const name = readName(c, EXPR_NAME_PART);
  if (c.peek() === "(" && FUNCTIONS.has(name)) {
    c.pos++;
    if (name === "ADDR" || name === "SIZEOF" || name === "LOADADDR") {
      const section = readName(c, NAME_PART);
      expect(c, ")");
      return { kind: "call", fn: name, args: [], section, line, column };
    }
    const args = [parseExpr(c)];
    while (c.peek() === ",") { c.pos++; args.push(parseExpr(c)); }
    expect(c, ")");
    if ((name === "ALIGN" && args.length > 2) || (name !== "ALIGN" && name !== "ABSOLUTE" && args.length !== 2) || (name === "ABSOLUTE" && args.length !== 1)) {
      throw failAt(c, `${name} takes ${name === "ALIGN" ? "one or two" : name === "ABSOLUTE" ? "one" : "two"} arguments`);
    }
    return { kind: "call", fn: name, args, line, column };
  }
  if (c.peek() === "(") throw failAt(c, `unknown function ${name}()`);
  return { kind: "sym", name, line, column };
}

/** `sym = expr;`, `. += expr;`, `PROVIDE(sym = expr);` — the cursor is at the target name. */
function parseAssignment(c: Cursor, target: string, line: number, column: number, provide: boolean): Assignment {
  c.skip();
  let op: Assignment["op"];
  if (c.startsWith("+=")) { op = "+="; c.pos += 2; }
  else if (c.startsWith("-=")) { op = "-="; c.pos += 2; }
  else if (c.startsWith("=")) { op = "="; c.pos += 1; }
  else throw failAt(c, `syntax error: expected '=' after '${target}', found ${describeHere(c)}`);
  const expr = parseExpr(c);
  if (provide) expect(c, ")");
  expect(c, ";");
  return { kind: "assign", target, op, expr, provide, line, column };
}

/** `*(.text .text.*)`; the file pattern may already have been read (as `word`) when it was not yet known to be one. */
function parseInputSpec(c: Cursor, keep: boolean, word?: string, at?: { line: number; column: number }): InputSpec {
  const line = at?.line ?? c.line;
  const column = at?.column ?? c.column;
  const filePattern = word ?? readName(c, NAME_PART);
  expect(c, "(");
  const sectionPatterns: string[] = [];
  while (c.peek() !== ")") {
    if (c.atEnd()) throw failAt(c, "syntax error: ')' missing after the input section names");
    sectionPatterns.push(readName(c, NAME_PART));
  }
  c.pos++;
  if (sectionPatterns.length === 0) throw failAt(c, `${filePattern}() lists no input sections`);
  return { kind: "input", keep, filePattern, sectionPatterns, line, column };
}

function parseOutputSection(c: Cursor, name: string, line: number, column: number): OutputSection {
  const out: OutputSection = { kind: "output", name, items: [], line, column };
  // Before the colon: an address expression and/or BLOCK(align) (an old spelling of ALIGN for the address).
  while (c.peek() !== ":") {
    if (c.atEnd()) throw failAt(c, `syntax error: expected ':' after output section ${name}`);
    if (c.startsWith("BLOCK")) { c.pos += 5; expect(c, "("); out.align = parseExpr(c); expect(c, ")"); continue; }
    if (out.address) throw failAt(c, `syntax error: unexpected ${describeHere(c)} before ':' of ${name}`);
    out.address = parseExpr(c);
  }
  c.pos++;
  for (;;) {
    if (c.startsWith("ALIGN")) { c.pos += 5; expect(c, "("); out.align = parseExpr(c); expect(c, ")"); continue; }
    if (c.startsWith("AT")) throw failAt(c, "AT(...) load addresses are not supported: the loader uses the same physical and virtual address");
    break;
  }
  expect(c, "{");
  while (c.peek() !== "}") {
    if (c.atEnd()) throw failAt(c, `syntax error: '}' missing at the end of output section ${name}`);
    const l = c.line;
    const col = c.column;
    if (c.startsWith("KEEP")) {
      c.pos += 4;
      expect(c, "(");
      out.items.push(parseInputSpec(c, true));
      expect(c, ")");
    } else if (c.startsWith("PROVIDE")) {
      c.pos += 7;
      expect(c, "(");
      const target = readName(c, EXPR_NAME_PART);
      out.items.push(parseAssignment(c, target, l, col, true));
    } else {
      const word = readName(c, NAME_PART);
      if (c.peek() === "(") out.items.push(parseInputSpec(c, false, word, { line: l, column: col }));
      else out.items.push(parseAssignment(c, word, l, col, false));
    }
    while (c.peek() === ";") c.pos++;
  }
  c.pos++;
  if (c.startsWith(">")) throw failAt(c, "memory regions (> REGION) are not supported: place sections with . = address");
  return out;
}

function parseSections(c: Cursor, script: LinkerScript): void {
  expect(c, "{");
  while (c.peek() !== "}") {
    if (c.atEnd()) throw failAt(c, "syntax error: '}' missing at the end of SECTIONS");
    const line = c.line;
    const column = c.column;
    if (c.startsWith("PROVIDE")) {
      c.pos += 7;
      expect(c, "(");
      script.commands.push(parseAssignment(c, readName(c, EXPR_NAME_PART), line, column, true));
      continue;
    }
    if (c.startsWith("ENTRY")) { parseEntry(c, script); continue; }
    const name = readName(c, NAME_PART);
    c.skip();
    if (c.startsWith("=") || c.startsWith("+=") || c.startsWith("-=")) script.commands.push(parseAssignment(c, name, line, column, false));
    else script.commands.push(parseOutputSection(c, name, line, column));
    while (c.peek() === ";") c.pos++;
  }
  c.pos++;
}

function parseEntry(c: Cursor, script: LinkerScript): void {
  c.pos += 5;
  expect(c, "(");
  const line = c.line;
  const column = c.column;
  script.entry = { name: readName(c, EXPR_NAME_PART), line, column };
  expect(c, ")");
  while (c.peek() === ";") c.pos++;
}

/** Skips a parenthesised argument list we accept without using (OUTPUT_FORMAT, OUTPUT_ARCH, ...). */
function skipArguments(c: Cursor): void {
  expect(c, "(");
  while (c.peek() !== ")") {
    if (c.atEnd()) throw failAt(c, "syntax error: ')' missing");
    c.pos++;
  }
  c.pos++;
}

const IGNORED_COMMANDS = new Set(["OUTPUT_FORMAT", "OUTPUT_ARCH", "TARGET", "SEARCH_DIR", "STARTUP", "OUTPUT"]);

export function parseLinkerScript(text: string): Result<LinkerScript> {
  if (text.length > MAX_SCRIPT_CHARS) return { ok: false, error: { code: "E_LD_SCRIPT_TOO_LONG", message: `The linker script is ${text.length} characters; at most ${MAX_SCRIPT_CHARS} are accepted.` } };
  const c = new Cursor(text);
  const script: LinkerScript = { commands: [] };
  try {
    while (!c.atEnd()) {
      const line = c.line;
      const column = c.column;
      if (c.startsWith("ENTRY")) { parseEntry(c, script); continue; }
      if (c.startsWith("SECTIONS")) { c.pos += 8; parseSections(c, script); continue; }
      if (c.startsWith("PROVIDE")) { c.pos += 7; expect(c, "("); script.commands.push(parseAssignment(c, readName(c, EXPR_NAME_PART), line, column, true)); continue; }
      const word = readName(c, EXPR_NAME_PART);
      if (IGNORED_COMMANDS.has(word)) { skipArguments(c); while (c.peek() === ";") c.pos++; continue; }
      if (word === "MEMORY" || word === "PHDRS" || word === "INCLUDE" || word === "INPUT" || word === "GROUP") {
        throw failAt(c, `${word} is not supported by this linker; use SECTIONS with . = address`);
      }
      c.skip();
      if (c.startsWith("=") || c.startsWith("+=")) { script.commands.push(parseAssignment(c, word, line, column, false)); continue; }
      throw new ParseFailure({ code: "E_LD_SCRIPT", message: `linker script:${line}:${column}: syntax error: unknown command '${word}'`, line, column });
    }
  } catch (e) {
    if (e instanceof ParseFailure) return { ok: false, error: e.error };
    throw e;
  }
  return { ok: true, value: script };
}
