/**
 * Expressions: a precedence-climbing parser into a small AST, and its evaluator. Operators (lowest first):
 * || && | ^ & (== != < > <= >=) (<< >>) (+ -) (* / %) and unary - ~ ! +; parentheses; functions HIGH(x),
 * LOW(x); symbols (labels and constants); "@" is the address of the current instruction.
 * Values are integers; division truncates toward zero.
 */
import { AsmError, type Token } from "./lexer.ts";

export type Expr =
  | { readonly kind: "num"; readonly value: number }
  | { readonly kind: "sym"; readonly name: string }
  | { readonly kind: "here" }
  | { readonly kind: "unary"; readonly op: string; readonly arg: Expr }
  | { readonly kind: "binary"; readonly op: string; readonly left: Expr; readonly right: Expr }
  | { readonly kind: "call"; readonly fn: "HIGH" | "LOW"; readonly arg: Expr };

const BINARY: ReadonlyArray<readonly string[]> = [["||"], ["&&"], ["|"], ["^"], ["&"], ["==", "!=", "<", ">", "<=", ">="], ["<<", ">>"], ["+", "-"], ["*", "/", "%"]];

/** A cursor over a line's tokens. */
export class TokenStream {
  pos = 0;
  readonly tokens: readonly Token[];
  constructor(tokens: readonly Token[]) {
    this.tokens = tokens;
  }
  peek(offset = 0): Token | undefined {
    return this.tokens[this.pos + offset];
  }
  next(): Token {
    const t = this.tokens[this.pos++];
    if (!t) throw new AsmError("unexpected end of line");
    return t;
  }
  isPunct(text: string, offset = 0): boolean {
    const t = this.peek(offset);
    return t?.kind === "punct" && t.text === text;
  }
  expectPunct(text: string): void {
    const t = this.next();
    if (t.kind !== "punct" || t.text !== text) throw new AsmError(`expected '${text}' but found '${t.text}'`);
  }
  done(): boolean {
    return this.pos >= this.tokens.length;
  }
}

export function parseExpr(s: TokenStream, level = 0): Expr {
  if (level === BINARY.length) return parseUnary(s);
  let left = parseExpr(s, level + 1);
  for (;;) {
    const t = s.peek();
    if (t?.kind !== "punct" || !BINARY[level]!.includes(t.text)) return left;
    s.next();
    left = { kind: "binary", op: t.text, left, right: parseExpr(s, level + 1) };
  }
}

function parseUnary(s: TokenStream): Expr {
  const t = s.next();
  if (t.kind === "punct" && ["-", "~", "!", "+"].includes(t.text)) return { kind: "unary", op: t.text, arg: parseUnary(s) };
  if (t.kind === "punct" && t.text === "(") {
    const e = parseExpr(s);
    s.expectPunct(")");
    return e;
  }
  if (t.kind === "number") return { kind: "num", value: t.value! };
  if (t.kind === "string" && t.str!.length === 1) return { kind: "num", value: t.str!.charCodeAt(0) };
  if (t.kind === "ident") {
    const upper = t.text.toUpperCase();
    if ((upper === "HIGH" || upper === "LOW") && s.isPunct("(")) {
      s.next();
      const arg = parseExpr(s);
      s.expectPunct(")");
      return { kind: "call", fn: upper, arg };
    }
    return { kind: "sym", name: t.text };
  }
  if (t.kind === "punct" && t.text === "@") return { kind: "here" };
  throw new AsmError(`expected a value but found '${t.text}'`);
}

/** How an expression finds symbols: `undefined` = not (yet) known. */
export interface Scope {
  lookup(name: string): number | undefined;
  readonly here: number;
}

export function evaluate(e: Expr, scope: Scope): number {
  switch (e.kind) {
    case "num": return e.value;
    case "here": return scope.here;
    case "sym": {
      const v = scope.lookup(e.name);
      if (v === undefined) throw new AsmError(`unknown symbol '${e.name}'`);
      return v;
    }
    case "call": {
      const v = evaluate(e.arg, scope);
      return e.fn === "HIGH" ? (v >> 8) & 0xff : v & 0xff;
    }
    case "unary": {
      const v = evaluate(e.arg, scope);
      return e.op === "-" ? -v : e.op === "~" ? ~v : e.op === "!" ? (v ? 0 : 1) : v;
    }
    case "binary": {
      const a = evaluate(e.left, scope), b = evaluate(e.right, scope);
      switch (e.op) {
        case "+": return a + b;
        case "-": return a - b;
        case "*": return Math.imul(a, b);
        case "/": if (b === 0) throw new AsmError("division by zero"); return Math.trunc(a / b);
        case "%": if (b === 0) throw new AsmError("division by zero"); return a % b;
        case "&": return a & b;
        case "|": return a | b;
        case "^": return a ^ b;
        case "<<": return a << b;
        case ">>": return a >> b;
        case "==": return a === b ? 1 : 0;
        case "!=": return a !== b ? 1 : 0;
        case "<": return a < b ? 1 : 0;
        case ">": return a > b ? 1 : 0;
        case "<=": return a <= b ? 1 : 0;
        case ">=": return a >= b ? 1 : 0;
        case "&&": return a && b ? 1 : 0;
        default: return a || b ? 1 : 0;
      }
    }
  }
}
