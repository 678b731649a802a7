/**
 * The microcode syntax tree. Every node carries the line and column it starts at so errors can point at it; the
 * type checker fills `ty` on expressions (the compiler reads it for `~`, whose width depends on the operand).
 */

export interface Pos { readonly line: number; readonly column: number }

/** bool, or an integer known to fit in `bits` bits (and possibly negative when `signed`). */
export interface Ty { readonly bool: boolean; readonly bits: number; readonly signed: boolean }

export type BinaryOp = "+" | "-" | "&" | "|" | "^" | "<<" | ">>" | "==" | "!=" | "<" | "<=" | ">" | ">=" | "&&" | "||";
export type UnaryOp = "~" | "!" | "-";

export type Expr = (
  | { kind: "num"; value: number }
  | { kind: "name"; name: string }
  | { kind: "index"; table: string; index: Expr }
  | { kind: "read"; address: Expr }
  | { kind: "unary"; op: UnaryOp; arg: Expr }
  | { kind: "binary"; op: BinaryOp; left: Expr; right: Expr }
  | { kind: "ternary"; cond: Expr; then: Expr; else: Expr }
) & Pos & { ty?: Ty };

/** Statements with no operands: one word each. */
export const WORD_STATEMENTS = ["internal", "halt", "haltbug", "stop", "ei", "di", "prefix"] as const;
export type WordStatement = (typeof WORD_STATEMENTS)[number];

export type Stmt = (
  | { kind: "assign"; target: Expr; value: Expr }
  | { kind: "write"; address: Expr; value: Expr }
  | { kind: "push"; value: Expr }
  | { kind: "acknowledge"; bit: Expr }
  | { kind: "if"; cond: Expr; then: Stmt[]; else: Stmt[] }
  | { kind: "word"; word: WordStatement }
) & Pos;

export interface FamilyAst {
  readonly id: string;
  /** The `matches` clause text ("" when absent). */
  readonly pattern: string;
  readonly body: Stmt[];
}
