/**
 * Intel-syntax operands as GNU as reads them (`.intel_syntax noprefix`): registers; memory `[base + index*scale +
 * disp]` with optional `byte/word/dword ptr` and `label[ebx]` forms; `offset sym`; far pointers `sel:offset`; and bare
 * expressions, which the assembler later classifies — in GNU as Intel syntax a bare symbol is a MEMORY operand
 * (`mov eax, msg` loads from msg) unless it is a constant already known, or written `offset msg`.
 */
import type { Expr, ParseError } from "./expressions.ts";
import { TokenStream, evaluate, parseExpression } from "./expressions.ts";
import type { Register } from "./registers.ts";

export type MemorySize = 8 | 16 | 32 | 48 | 64;

export interface MemoryOperand {
  kind: "mem";
  size?: MemorySize;
  base?: Register;
  index?: Register;
  scale: 1 | 2 | 4 | 8;
  disp?: Expr;
  column: number;
}

export type Operand =
  | { kind: "reg"; reg: Register; column: number }
  | MemoryOperand
  | { kind: "imm"; expr: Expr; column: number }
  /** A bare expression: immediate if constant at this point, else memory (or a branch target). */
  | { kind: "bare"; expr: Expr; size?: MemorySize; column: number }
  | { kind: "far"; selector: Expr; offset: Expr; column: number };

const SIZE_WORDS: Record<string, MemorySize> = { byte: 8, word: 16, dword: 32, fword: 48, qword: 64 };

function plus(a: Expr | undefined, b: Expr, negate: boolean, column: number): Expr {
  const term: Expr = negate ? { kind: "unary", op: "-", arg: b, column } : b;
  return a === undefined ? term : { kind: "binary", op: "+", left: a, right: term, column };
}

/** Parses one operand from a token stream positioned at it; stops before a top-level comma. */
export function parseOperand(ts: TokenStream): Operand | ParseError {
  const column = ts.column();
  let size: MemorySize | undefined;
  const first = ts.peek();
  if (first?.kind === "ident" && SIZE_WORDS[first.text.toLowerCase()] !== undefined && ts.peek(1)?.kind === "ident" && ts.peek(1)!.text.toLowerCase() === "ptr") {
    size = SIZE_WORDS[first.text.toLowerCase()];
    ts.next();
    ts.next();
  }
  if (ts.peek()?.kind === "ident" && ts.peek()!.text.toLowerCase() === "offset") {
    ts.next();
    const e = parseExpression(ts, false);
    if ("message" in e) return e;
    return { kind: "imm", expr: e, column };
  }
  // Collect terms: expressions outside brackets (no registers) and bracketed parts (registers allowed).
  let sum: Expr | undefined;
  let sawBracket = false;
  let negate = false;
  let expectTerm = true;
  while (!ts.atEnd() && !ts.isPunct(",")) {
    const t = ts.peek()!;
    if (ts.isPunct("[")) {
      ts.next();
      const inner = parseExpression(ts, true);
      if ("message" in inner) return inner;
      if (!ts.isPunct("]")) return { column: ts.column(), message: "expected ']' to close the memory operand" };
      ts.next();
      sum = plus(sum, inner, negate, t.column);
      sawBracket = true;
      negate = false;
      expectTerm = false;
    } else if (!expectTerm && (ts.isPunct("+") || ts.isPunct("-"))) {
      negate = ts.next()!.text === "-";
      expectTerm = true;
    } else if (!expectTerm && !sawBracket && ts.isPunct(":")) {
      ts.next();
      const off = parseExpression(ts, false);
      if ("message" in off) return off;
      if (!ts.atEnd() && !ts.isPunct(",")) return { column: ts.column(), message: `unexpected '${ts.peek()!.text}' after the far pointer` };
      return { kind: "far", selector: sum!, offset: off, column };
    } else if (expectTerm) {
      const e = parseExpression(ts, true);
      if ("message" in e) return e;
      if (e.kind === "reg" && sum === undefined && (ts.atEnd() || ts.isPunct(","))) {
        if (size !== undefined) return { column, message: `'ptr' needs a memory operand in brackets, not the register '${e.reg.name}'` };
        return { kind: "reg", reg: e.reg, column };
      }
      if (hasRegister(e)) return { column: t.column, message: "registers in an address go inside brackets, e.g. [ebx+4]" };
      sum = plus(sum, e, negate, t.column);
      negate = false;
      expectTerm = false;
    } else {
      return { column: t.column, message: `unexpected '${t.text}' in operand` };
    }
  }
  if (sum === undefined) return { column, message: "expected an operand" };
  if (!sawBracket) return { kind: "bare", expr: sum, size, column };
  return splitAddress(sum, size, column);
}

interface RegisterTerm { reg: Register; scale: number; scaled: boolean; column: number }

/** Turns `[a + b*4 + disp]` into base, index, scale and a displacement expression. */
function splitAddress(expr: Expr, size: MemorySize | undefined, column: number): MemoryOperand | ParseError {
  const regs: RegisterTerm[] = [];
  let disp: Expr | undefined;
  const noSymbols = { lookup: () => ({ kind: "external" as const }), dot: { section: "", offset: 0 } };
  const walk = (e: Expr, negative: boolean): ParseError | undefined => {
    if (e.kind === "binary" && (e.op === "+" || e.op === "-")) {
      return walk(e.left, negative) ?? walk(e.right, e.op === "-" ? !negative : negative);
    }
    if (e.kind === "unary" && e.op === "-" && hasRegister(e.arg)) return walk(e.arg, !negative);
    if (e.kind === "reg") {
      if (negative) return { column: e.column, message: `a register cannot be subtracted in an address ('-${e.reg.name}')` };
      regs.push({ reg: e.reg, scale: 1, scaled: false, column: e.column });
      return undefined;
    }
    if (e.kind === "binary" && e.op === "*" && (e.left.kind === "reg" || e.right.kind === "reg")) {
      const reg = e.left.kind === "reg" ? e.left : e.right as Expr & { kind: "reg" };
      const other = e.left.kind === "reg" ? e.right : e.left;
      const v = hasRegister(other) ? undefined : evaluate(other, noSymbols);
      if (negative || !v || "message" in v || v.sym !== undefined || ![1n, 2n, 4n, 8n].includes(v.n)) {
        return { column: e.column, message: `the scale of '${reg.reg.name}' must be 1, 2, 4 or 8` };
      }
      regs.push({ reg: reg.reg, scale: Number(v.n), scaled: true, column: reg.column });
      return undefined;
    }
    if (hasRegister(e)) return { column: e.column, message: "registers in an address can only be added, or multiplied by 1, 2, 4 or 8" };
    disp = disp === undefined ? (negative ? { kind: "unary", op: "-", arg: e, column: e.column } : e) : plus(disp, e, negative, e.column);
    return undefined;
  };
  const err = walk(expr, false);
  if (err) return err;
  for (const r of regs) {
    if (r.reg.cls !== "gpr" || r.reg.size !== 32) {
      return { column: r.column, message: `'${r.reg.name}' cannot address memory here: use a 32-bit register (eax, ebx, ecx, edx, esi, edi, ebp, esp)` };
    }
  }
  if (regs.length > 2) return { column: regs[2].column, message: "an address has at most two registers (base + index*scale)" };
  let base: RegisterTerm | undefined;
  let index: RegisterTerm | undefined;
  if (regs.length === 1) {
    // GNU as keeps an explicit `*1` as an index (SIB without base), as it was written.
    if (!regs[0].scaled) base = regs[0];
    else index = regs[0];
  } else if (regs.length === 2) {
    if (regs[0].scaled && regs[1].scaled) return { column: regs[1].column, message: "only one register in an address can be scaled" };
    [base, index] = !regs[0].scaled ? [regs[0], regs[1]] : [regs[1], regs[0]];
    if (index.reg.name === "esp" && !index.scaled) [base, index] = [index, base];
  }
  if (index && index.reg.name === "esp") return { column: index.column, message: "esp cannot be an index register" };
  return { kind: "mem", size, base: base?.reg, index: index?.reg, scale: (index?.scale ?? 1) as 1 | 2 | 4 | 8, disp, column };
}

function hasRegister(e: Expr): boolean {
  if (e.kind === "reg") return true;
  if (e.kind === "unary") return hasRegister(e.arg);
  if (e.kind === "binary") return hasRegister(e.left) || hasRegister(e.right);
  return false;
}
