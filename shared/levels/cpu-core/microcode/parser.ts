/**
 * Parses one family's microcode into a FamilyAst. The grammar is small and whitelisted: a header line
 * `family <id> [matches <patterns>]`, then statements (assignment, write, push, acknowledge, if/else and the
 * one-word statements). Never throws: the first syntax error comes back with its line and column.
 *
 * Precedence, loosest first: `?:`, `||`, `&&`, comparisons, `|`, `^`, `&`, shifts, `+ -`, unary `~ ! -`.
 * Bitwise operators bind tighter than comparisons, so `A & 0xF == 0` means `(A & 0xF) == 0`.
 */
import { WORD_STATEMENTS, type BinaryOp, type Expr, type FamilyAst, type Stmt, type WordStatement } from "./ast.ts";
import { lex, type Token } from "./lexer.ts";

export interface ParseError { code: string; message: string; line: number; column: number }

/** Bounds that keep compile time small whatever a player types. */
export const LIMITS = { chars: 8000, lines: 300, depth: 40 } as const;

class Fail {
  readonly error: ParseError;
  constructor(error: ParseError) { this.error = error; }
}

const LEVELS: readonly (readonly string[])[] = [["||"], ["&&"], ["==", "!=", "<", "<=", ">", ">="], ["|"], ["^"], ["&"], ["<<", ">>"], ["+", "-"]];

export function parseFamily(text: string): { family?: FamilyAst; error?: ParseError } {
  if (text.length > LIMITS.chars) return { error: { code: "microcode.too-long", message: `a family may be at most ${LIMITS.chars} characters`, line: 1, column: 1 } };
  const lines = text.split("\n");
  if (lines.length > LIMITS.lines) return { error: { code: "microcode.too-long", message: `a family may be at most ${LIMITS.lines} lines`, line: LIMITS.lines + 1, column: 1 } };
  let h = 0;
  while (h < lines.length && lines[h]!.split("#")[0]!.trim() === "") h++;
  if (h === lines.length) return { error: { code: "microcode.header", message: "the family is empty: start with `family <name> matches <pattern>`", line: 1, column: 1 } };
  const header = /^\s*family\s+([a-z0-9-]+)(?:\s+matches\s+(.+?))?\s*$/.exec(lines[h]!.split("#")[0]!);
  if (!header) return { error: { code: "microcode.header", message: "the first line must be `family <name> matches <pattern>`", line: h + 1, column: 1 } };
  const { tokens, error } = lex(lines.slice(h + 1).join("\n"), h + 2);
  if (error) return { error: { code: "microcode.syntax", ...error } };
  try {
    const body = new Parser(tokens).program();
    return { family: { id: header[1]!, pattern: header[2] ?? "", body } };
  } catch (e) {
    if (e instanceof Fail) return { error: e.error };
    throw e;
  }
}

class Parser {
  private i = 0;
  private depth = 0;
  private readonly tokens: Token[];
  constructor(tokens: Token[]) { this.tokens = tokens; }

  private get tok(): Token { return this.tokens[this.i]!; }
  private fail(message: string, t: Token = this.tok): never {
    throw new Fail({ code: "microcode.syntax", message, line: t.line, column: t.column });
  }
  private is(text: string): boolean { const t = this.tok; return (t.kind === "punct" || t.kind === "ident") && t.text === text; }
  private accept(text: string): boolean { if (this.is(text)) { this.i++; return true; } return false; }
  private expect(text: string, what = `"${text}"`): Token {
    if (!this.is(text)) this.fail(`expected ${what} but found ${describe(this.tok)}`);
    return this.tokens[this.i++]!;
  }
  private skipBreaks(): void { while (this.tok.kind === "newline" || this.is(";")) this.i++; }
  private enter(): void { if (++this.depth > LIMITS.depth) this.fail("nested too deeply"); }

  program(): Stmt[] {
    const body = this.block(false);
    if (this.tok.kind !== "eof") this.fail(`unexpected ${describe(this.tok)}`);
    return body;
  }

  /** Statements until `}` (inside a block) or the end of the text. */
  private block(inner: boolean): Stmt[] {
    const out: Stmt[] = [];
    this.skipBreaks();
    while (this.tok.kind !== "eof" && !(inner && this.is("}"))) {
      out.push(this.statement());
      const after: Token = this.tok;
      if (after.kind === "newline" || this.is(";")) this.skipBreaks();
      else if (!(inner && this.is("}")) && after.kind !== "eof") this.fail(`expected the end of the statement but found ${describe(this.tok)}`);
    }
    return out;
  }

  private braced(): Stmt[] {
    this.expect("{");
    this.enter();
    const body = this.block(true);
    if (!this.is("}")) this.fail(`expected "}" to close the block`);
    this.i++;
    this.depth--;
    return body;
  }

  private statement(): Stmt {
    const t = this.tok;
    const pos = { line: t.line, column: t.column };
    if (t.kind !== "ident") this.fail(`a statement starts with a name, not ${describe(t)}`);
    if (t.text === "if") {
      this.i++;
      const cond = this.expr();
      const then = this.braced();
      let otherwise: Stmt[] = [];
      const save = this.i;
      while (this.tok.kind === "newline") this.i++; // `else` may start the next line
      if (this.accept("else")) otherwise = this.is("if") ? [this.statement()] : this.braced();
      else this.i = save;
      return { kind: "if", cond, then, else: otherwise, ...pos };
    }
    if ((WORD_STATEMENTS as readonly string[]).includes(t.text)) {
      this.i++;
      return { kind: "word", word: t.text as WordStatement, ...pos };
    }
    if (t.text === "write") {
      this.i++;
      this.expect("(");
      const address = this.expr();
      this.expect(",");
      const value = this.expr();
      this.expect(")");
      return { kind: "write", address, value, ...pos };
    }
    if (t.text === "push" || t.text === "acknowledge") {
      this.i++;
      this.expect("(");
      const arg = this.expr();
      this.expect(")");
      return t.text === "push" ? { kind: "push", value: arg, ...pos } : { kind: "acknowledge", bit: arg, ...pos };
    }
    const target = this.primary();
    if (target.kind !== "name" && target.kind !== "index") this.fail("only a register, flag, table entry or local can be assigned", t);
    if (this.is("+") || this.is("-") || this.is("|") || this.is("&")) this.fail(`compound assignment is not part of the language: write \`${t.text} = ${t.text} ${this.tok.text} ...\``);
    this.expect("=", `"=" (a statement is an assignment, write(...), push(...), if, or one of ${WORD_STATEMENTS.join(", ")})`);
    const value = this.expr();
    return { kind: "assign", target, value, ...pos };
  }

  private expr(): Expr {
    this.enter();
    const cond = this.binary(0);
    let out = cond;
    if (this.is("?")) {
      this.i++;
      const then = this.expr();
      this.expect(":");
      const otherwise = this.expr();
      out = { kind: "ternary", cond, then, else: otherwise, line: cond.line, column: cond.column };
    }
    this.depth--;
    return out;
  }

  private binary(level: number): Expr {
    if (level === LEVELS.length) return this.unary();
    let left = this.binary(level + 1);
    const ops = LEVELS[level]!;
    while (this.tok.kind === "punct" && ops.includes(this.tok.text)) {
      const op = this.tokens[this.i++]!.text as BinaryOp;
      const right = this.binary(level + 1);
      left = { kind: "binary", op, left, right, line: left.line, column: left.column };
      // Comparisons do not chain: `a < b < c` is a mistake, not a range test.
      if (level === 2 && this.tok.kind === "punct" && ops.includes(this.tok.text)) this.fail("comparisons do not chain; use && between two comparisons");
    }
    return left;
  }

  private unary(): Expr {
    const t = this.tok;
    if (t.kind === "punct" && (t.text === "~" || t.text === "!" || t.text === "-")) {
      this.i++;
      this.enter();
      const arg = this.unary();
      this.depth--;
      return { kind: "unary", op: t.text, arg, line: t.line, column: t.column };
    }
    return this.primary();
  }

  private primary(): Expr {
    const t = this.tok;
    const pos = { line: t.line, column: t.column };
    if (t.kind === "num") { this.i++; return { kind: "num", value: t.value, ...pos }; }
    if (t.kind === "punct" && t.text === "(") {
      this.i++;
      const e = this.expr();
      this.expect(")");
      return e;
    }
    if (t.kind !== "ident") this.fail(`expected a value but found ${describe(t)}`);
    this.i++;
    if (t.text === "read") {
      this.expect("(");
      const address = this.expr();
      this.expect(")");
      return { kind: "read", address, ...pos };
    }
    if (this.is("[")) {
      this.i++;
      const index = this.expr();
      this.expect("]");
      return { kind: "index", table: t.text, index, ...pos };
    }
    if (this.is("(")) this.fail(`${t.text} is not a function: the only calls are read(address), write(address, value), push(value) and acknowledge(bit)`);
    return { kind: "name", name: t.text, ...pos };
  }
}

function describe(t: Token): string {
  if (t.kind === "newline" || t.kind === "eof") return `the ${t.text}`;
  return `"${t.text}"`;
}
