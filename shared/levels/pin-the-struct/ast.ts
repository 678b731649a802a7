/**
 * The syntax tree of the Rust subset a player writes (the body of `fn main()`), and of the item headers a stage
 * prelude declares. Every node carries the byte span of its source text so diagnostics can point at it like rustc.
 *
 * Implements: let statements, expression statements, assignments (`=`, `+=`, `-=`), `unsafe` blocks, paths, calls,
 * method calls, macro calls (`pin!`), field access, indexing, `&`/`&mut`/`*`, string and integer literals and one-
 * parameter closures (`|s| &mut s.field`). Omits: control flow, patterns other than a binding, operators other than
 * compound assignment and integer arithmetic and comparison, generics in expressions other than a turbofish on a path (kept but ignored by the checker).
 */
export interface Span {
  readonly start: number;
  readonly end: number;
}

export type TypeAst =
  | { readonly k: "path"; readonly name: string; readonly args: readonly TypeAst[]; readonly span: Span }
  | { readonly k: "ref"; readonly mut: boolean; readonly to: TypeAst; readonly span: Span }
  | { readonly k: "raw"; readonly mut: boolean; readonly to: TypeAst; readonly span: Span }
  | { readonly k: "array"; readonly of: TypeAst; readonly len: number; readonly span: Span }
  | { readonly k: "unit"; readonly span: Span }
  | { readonly k: "infer"; readonly span: Span };

export type Expr =
  | { readonly k: "path"; readonly segs: readonly string[]; readonly span: Span }
  | { readonly k: "str"; readonly value: string; readonly span: Span }
  | { readonly k: "int"; readonly value: number; readonly span: Span }
  | { readonly k: "bool"; readonly value: boolean; readonly span: Span }
  | { readonly k: "call"; readonly callee: Expr; readonly args: readonly Expr[]; readonly span: Span }
  | { readonly k: "method"; readonly recv: Expr; readonly name: string; readonly nameSpan: Span; readonly args: readonly Expr[]; readonly span: Span }
  | { readonly k: "macro"; readonly name: string; readonly args: readonly Expr[]; readonly span: Span }
  | { readonly k: "field"; readonly base: Expr; readonly name: string; readonly span: Span }
  | { readonly k: "index"; readonly base: Expr; readonly index: Expr; readonly span: Span }
  | { readonly k: "ref"; readonly mut: boolean; readonly expr: Expr; readonly span: Span }
  | { readonly k: "deref"; readonly expr: Expr; readonly span: Span }
  | { readonly k: "unsafe"; readonly block: Block; readonly span: Span }
  | { readonly k: "closure"; readonly param: string; readonly body: Expr; readonly span: Span }
  | { readonly k: "binary"; readonly op: BinOp; readonly left: Expr; readonly right: Expr; readonly opSpan: Span; readonly span: Span };

export type BinOp = "+" | "-" | "*" | "/" | "%" | "==" | "!=" | "<" | ">" | "<=" | ">=";

export type Stmt =
  | { readonly k: "let"; readonly mut: boolean; readonly patStart: number; readonly name: string; readonly nameSpan: Span; readonly ty: TypeAst | null; readonly init: Expr | null; readonly span: Span }
  | { readonly k: "expr"; readonly expr: Expr; readonly span: Span }
  | { readonly k: "assign"; readonly place: Expr; readonly op: "=" | "+=" | "-="; readonly opSpan: Span; readonly value: Expr; readonly span: Span };

export interface Block {
  readonly stmts: readonly Stmt[];
  /** The block's value: a final expression without a semicolon. */
  readonly tail: Expr | null;
}

/** A prelude function or method signature (bodies are real Rust that the machine models by name, see methods.ts). */
export interface FnSig {
  readonly name: string;
  readonly unsafe: boolean;
  /** `self`, `&self`, `&mut self`, or an explicit `self: Type`; null for associated functions. */
  readonly receiver: TypeAst | null;
  readonly params: readonly { readonly name: string; readonly ty: TypeAst }[];
  readonly ret: TypeAst | null;
}

export interface StructDecl {
  readonly name: string;
  readonly reprC: boolean;
  readonly fields: readonly { readonly name: string; readonly ty: TypeAst }[];
}

export interface ImplDecl {
  readonly self: string;
  /** `Future`, `Drop`, `Unpin` or null for an inherent impl. */
  readonly trait: string | null;
  readonly fns: readonly FnSig[];
  /** `type Output = T;` of a Future impl. */
  readonly output: TypeAst | null;
}

export interface PreludeDecls {
  readonly structs: readonly StructDecl[];
  readonly impls: readonly ImplDecl[];
  /** Free functions (e.g. `noop_waker`). */
  readonly fns: readonly FnSig[];
}
