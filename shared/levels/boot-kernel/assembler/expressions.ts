/**
 * GNU as expressions: parsing with GNU as precedence (as manual §"Infix Operators": `* / % << >>` bind tightest,
 * then `| & ^`, then `+ -`; all left-associative) and evaluation in 64-bit signed arithmetic like as's offsetT
 * (so `-1 >> 1` is -1). Inside `[...]` register names are atoms, split out later into base/index/scale.
 *
 * A value is either absolute or relocatable: one symbol plus a constant addend. Subtracting two labels of the same
 * section gives an absolute; anything else on a relocatable value cannot be expressed by an i386 REL relocation.
 */
import type { Token } from "./lexer.ts";
import type { Register } from "./registers.ts";
import { registerNamed } from "./registers.ts";

export type Expr =
  | { kind: "num"; value: bigint; column: number }
  | { kind: "sym"; name: string; column: number }
  | { kind: "dot"; column: number }
  | { kind: "reg"; reg: Register; column: number }
  | { kind: "unary"; op: "-" | "~" | "+"; arg: Expr; column: number }
  | { kind: "binary"; op: string; left: Expr; right: Expr; column: number };

export interface ParseError { column: number; message: string }

const RANKS: Record<string, number> = { "*": 3, "/": 3, "%": 3, "<<": 3, ">>": 3, "|": 2, "&": 2, "^": 2, "+": 1, "-": 1 };

/** A cursor over one statement's tokens. */
export class TokenStream {
  pos = 0;
  readonly tokens: Token[];
  readonly endColumn: number;
  constructor(tokens: Token[], endColumn: number) { this.tokens = tokens; this.endColumn = endColumn; }
  peek(offset = 0): Token | undefined { return this.tokens[this.pos + offset]; }
  next(): Token | undefined { return this.tokens[this.pos++]; }
  atEnd(): boolean { return this.pos >= this.tokens.length; }
  isPunct(text: string, offset = 0): boolean { const t = this.peek(offset); return t !== undefined && t.kind === "punct" && t.text === text; }
  column(): number { return this.peek()?.column ?? this.endColumn; }
}

/** Parses one expression; `allowRegisters` is true inside memory brackets. */
export function parseExpression(ts: TokenStream, allowRegisters: boolean): Expr | ParseError {
  return parseBinary(ts, 1, allowRegisters);
}

function parseBinary(ts: TokenStream, minRank: number, allowRegisters: boolean): Expr | ParseError {
  let left = parseUnary(ts, allowRegisters);
  if ("message" in left) return left;
  for (;;) {
    const t = ts.peek();
    if (!t || t.kind !== "punct") return left;
    const rank = RANKS[t.text];
    if (rank === undefined || rank < minRank) return left;
    ts.next();
    const right = parseBinary(ts, rank + 1, allowRegisters);
    if ("message" in right) return right;
    left = { kind: "binary", op: t.text, left, right, column: t.column };
  }
}

function parseUnary(ts: TokenStream, allowRegisters: boolean): Expr | ParseError {
  const t = ts.next();
  if (!t) return { column: ts.endColumn, message: "expected an expression" };
  if (t.kind === "punct" && (t.text === "-" || t.text === "~" || t.text === "+")) {
    const arg = parseUnary(ts, allowRegisters);
    if ("message" in arg) return arg;
    return { kind: "unary", op: t.text, arg, column: t.column };
  }
  if (t.kind === "punct" && t.text === "(") {
    const inner = parseBinary(ts, 1, allowRegisters);
    if ("message" in inner) return inner;
    if (!ts.isPunct(")")) return { column: ts.column(), message: "expected ')'" };
    ts.next();
    return inner;
  }
  if (t.kind === "number") return { kind: "num", value: t.value, column: t.column };
  if (t.kind === "ident") {
    if (t.text === ".") return { kind: "dot", column: t.column };
    const reg = registerNamed(t.text);
    if (reg) {
      if (!allowRegisters) return { column: t.column, message: `register '${t.text}' cannot be used in an expression here` };
      return { kind: "reg", reg, column: t.column };
    }
    return { kind: "sym", name: t.text, column: t.column };
  }
  return { column: t.column, message: `expected an expression, found '${t.text}'` };
}

/* ------------------------------------------------------------------------------------------------ values */

/** `sym` undefined: absolute. Otherwise the value is (address of sym) + n. */
export interface Value { n: bigint; sym?: string }

/** What a symbol name means while evaluating. */
export type SymbolMeaning =
  | { kind: "label"; section: string; offset: number }
  | { kind: "expr"; expr: Expr }
  | { kind: "external" };

export interface EvalContext {
  lookup(name: string): SymbolMeaning;
  /** The location counter: its section and current offset. */
  dot: { section: string; offset: number };
}

export interface EvalError { column: number; message: string }

const DOT_SYMBOL = ".";

function wrap(n: bigint): bigint { return BigInt.asIntN(64, n); }

/** Evaluates an expression to an absolute or symbol+addend value. Register atoms are an error here. */
export function evaluate(expr: Expr, ctx: EvalContext, depth = 0): Value | EvalError {
  if (depth > 64) return { column: expr.column, message: "symbol definitions refer to each other in a loop" };
  switch (expr.kind) {
    case "num": return { n: expr.value };
    case "dot": return { n: 0n, sym: DOT_SYMBOL };
    case "reg": return { column: expr.column, message: `register '${expr.reg.name}' is not allowed in an expression` };
    case "sym": {
      const m = ctx.lookup(expr.name);
      if (m.kind === "expr") {
        const v = evaluate(m.expr, ctx, depth + 1);
        if ("message" in v) return { column: expr.column, message: v.message };
        return v;
      }
      return { n: 0n, sym: expr.name };
    }
    case "unary": {
      const a = evaluate(expr.arg, ctx, depth + 1);
      if ("message" in a) return a;
      if (expr.op === "+") return a;
      if (a.sym !== undefined) return { column: expr.column, message: `cannot apply '${expr.op}' to the address of '${a.sym}'` };
      return { n: expr.op === "-" ? wrap(-a.n) : wrap(~a.n) };
    }
    case "binary": {
      const a = evaluate(expr.left, ctx, depth + 1);
      if ("message" in a) return a;
      const b = evaluate(expr.right, ctx, depth + 1);
      if ("message" in b) return b;
      return combine(expr, a, b, ctx);
    }
  }
}

/** Where a relocatable symbol sits now, if it is a label or `.`; undefined for externals. */
function placeOf(sym: string, ctx: EvalContext): { section: string; offset: number } | undefined {
  if (sym === DOT_SYMBOL) return ctx.dot;
  const m = ctx.lookup(sym);
  return m.kind === "label" ? { section: m.section, offset: m.offset } : undefined;
}

function combine(expr: Expr & { kind: "binary" }, a: Value, b: Value, ctx: EvalContext): Value | EvalError {
  const op = expr.op;
  if (op === "+") {
    if (a.sym !== undefined && b.sym !== undefined) return { column: expr.column, message: `cannot add two addresses ('${a.sym}' + '${b.sym}')` };
    return { n: wrap(a.n + b.n), sym: a.sym ?? b.sym };
  }
  if (op === "-") {
    if (b.sym === undefined) return { n: wrap(a.n - b.n), sym: a.sym };
    if (a.sym === undefined) return { column: expr.column, message: `cannot subtract the address of '${b.sym}' from a number` };
    const pa = placeOf(a.sym, ctx);
    const pb = placeOf(b.sym, ctx);
    if (a.sym === b.sym) return { n: wrap(a.n - b.n) };
    if (!pa || !pb || pa.section !== pb.section) {
      return { column: expr.column, message: `'${a.sym}' - '${b.sym}' is only a number when both labels are defined in the same section` };
    }
    return { n: wrap(BigInt(pa.offset) + a.n - BigInt(pb.offset) - b.n) };
  }
  if (a.sym !== undefined || b.sym !== undefined) {
    return { column: expr.column, message: `cannot apply '${op}' to the address of '${a.sym ?? b.sym}': only + and - work on addresses` };
  }
  const x = a.n;
  const y = b.n;
  switch (op) {
    case "*": return { n: wrap(x * y) };
    case "/": case "%":
      if (y === 0n) return { column: expr.column, message: "division by zero" };
      return { n: wrap(op === "/" ? x / y : x % y) };
    case "<<": return { n: y >= 64n || y < 0n ? 0n : wrap(x << y) };
    case ">>": return { n: y >= 64n || y < 0n ? (x < 0n ? -1n : 0n) : x >> y };
    case "&": return { n: x & y };
    case "|": return { n: x | y };
    case "^": return { n: x ^ y };
  }
  return { column: expr.column, message: `unknown operator '${op}'` };
}

/** Symbol names an expression mentions (for "is it constant yet" checks and diagnostics). */
export function symbolsIn(expr: Expr, into: string[] = []): string[] {
  if (expr.kind === "sym") into.push(expr.name);
  else if (expr.kind === "unary") symbolsIn(expr.arg, into);
  else if (expr.kind === "binary") { symbolsIn(expr.left, into); symbolsIn(expr.right, into); }
  return into;
}

export function mentionsDot(expr: Expr): boolean {
  if (expr.kind === "dot") return true;
  if (expr.kind === "unary") return mentionsDot(expr.arg);
  if (expr.kind === "binary") return mentionsDot(expr.left) || mentionsDot(expr.right);
  return false;
}
