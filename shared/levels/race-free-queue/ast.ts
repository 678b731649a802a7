/**
 * The thread language's syntax tree: a Rust-shaped subset of `std::sync::atomic` programs.
 *
 * A program is a list of `static` items (atomics, `static mut` plain data, `MaybeUninit` slots, `CachePadded`
 * atomics), `const` integers, and one `fn` per thread (every `fn` is spawned, in declaration order). Every node
 * keeps its source span so the board and the checker can point at the guilty line. Nothing here is evaluated as
 * JavaScript: `compile.ts` lowers the tree to a small instruction list that `threads.ts` interprets.
 */

export interface Span {
  readonly start: number;
  readonly end: number;
  /** 1-based line and column of `start`. */
  readonly line: number;
  readonly col: number;
}

/** The five C11/Rust orderings (`std::sync::atomic::Ordering`). */
export const ORDERINGS = ["Relaxed", "Acquire", "Release", "AcqRel", "SeqCst"] as const;
export type Ordering = (typeof ORDERINGS)[number];

/**
 * What kind of memory a static is:
 *  - atomic: an `AtomicUsize`-like location with a modification order (memory-model.ts);
 *  - plain: `static mut` / `UnsafeCell` data, accessed non-atomically, race-checked;
 *  - slot: `MaybeUninit` data: a write fills it, a read moves the value out (`assume_init_read`) and empties it,
 *    so reading an empty slot is "read of an unwritten slot" and writing a full one "overwrite of an unread slot".
 */
export type StaticKind = "atomic" | "plain" | "slot";

export interface StaticDecl {
  readonly name: string;
  readonly kind: StaticKind;
  /** Array length, or null for a scalar. */
  readonly length: number | null;
  /** Initial value of each element (slots start empty; their entry is 0). */
  readonly init: readonly number[];
  /** `CachePadded<…>` or `#[repr(align(64))]`: starts (and fills) its own 64-byte cache line. */
  readonly padded: boolean;
  /**
   * `#[nodes]`: element n is a field of heap node n (0 is null). The pool is type-stable, like a free list that never
   * returns memory to the OS: after `free(n)` the node's atomic fields stay readable, its non-atomic fields do not.
   */
  readonly nodes: boolean;
  readonly span: Span;
}

export type BinOp = "+" | "-" | "*" | "/" | "%" | "&" | "|" | "^" | "<<" | ">>" |
  "==" | "!=" | "<" | "<=" | ">" | ">=" | "&&" | "||";
export type UnOp = "!" | "-";

/** A place in shared memory: a static, optionally indexed (`buf[t % N]`). */
export interface Place {
  readonly name: string;
  readonly index: Expr | null;
  readonly span: Span;
}

export const RMW_METHODS = ["swap", "fetch_add", "fetch_sub", "fetch_and", "fetch_or", "fetch_xor", "fetch_max", "fetch_min"] as const;
export type RmwMethod = (typeof RMW_METHODS)[number];

export type Expr =
  | { readonly k: "int"; readonly value: number; readonly span: Span }
  | { readonly k: "var"; readonly name: string; readonly span: Span }
  /** A read of shared memory that is not a method call: `buf[i]` (slot/plain read) or `DATA`. */
  | { readonly k: "read"; readonly place: Place; readonly span: Span }
  | { readonly k: "bin"; readonly op: BinOp; readonly a: Expr; readonly b: Expr; readonly span: Span }
  | { readonly k: "un"; readonly op: UnOp; readonly a: Expr; readonly span: Span }
  | { readonly k: "load"; readonly place: Place; readonly ord: Ordering; readonly span: Span }
  | { readonly k: "rmw"; readonly method: RmwMethod; readonly place: Place; readonly value: Expr; readonly ord: Ordering; readonly span: Span }
  | {
    readonly k: "cas"; readonly place: Place; readonly expected: Expr; readonly desired: Expr;
    readonly success: Ordering; readonly failure: Ordering; readonly weak: boolean; readonly span: Span;
  }
  /** `<cas>.is_ok()` / `.is_err()`, or on a local bound to a CAS result. */
  | { readonly k: "resultTest"; readonly ok: boolean; readonly of: Expr; readonly span: Span }
  /** `<cas>.unwrap_or_else(|x| x)`: the value the CAS read, success or not. */
  | { readonly k: "resultValue"; readonly of: Expr; readonly span: Span }
  /** `alloc()`: a node from the pool's free list (the most recently freed first, as allocators reuse them). */
  | { readonly k: "alloc"; readonly span: Span };

export type Stmt =
  | { readonly k: "let"; readonly name: string; readonly init: Expr; readonly span: Span }
  | { readonly k: "assign"; readonly name: string; readonly op: "=" | BinOp; readonly value: Expr; readonly span: Span }
  /** A non-atomic write to shared memory: `buf[i] = v`, `buf[i].write(v)`, `DATA = v`. */
  | { readonly k: "write"; readonly place: Place; readonly value: Expr; readonly span: Span }
  | { readonly k: "store"; readonly place: Place; readonly value: Expr; readonly ord: Ordering; readonly span: Span }
  | { readonly k: "expr"; readonly expr: Expr; readonly span: Span }
  | { readonly k: "if"; readonly cond: Expr; readonly then: Stmt[]; readonly else: Stmt[]; readonly span: Span }
  | { readonly k: "loop"; readonly body: Stmt[]; readonly span: Span }
  | { readonly k: "while"; readonly cond: Expr; readonly body: Stmt[]; readonly span: Span }
  | { readonly k: "break"; readonly span: Span }
  | { readonly k: "continue"; readonly span: Span }
  | { readonly k: "return"; readonly span: Span }
  | { readonly k: "assert"; readonly cond: Expr; readonly text: string; readonly span: Span }
  | { readonly k: "fence"; readonly ord: Ordering; readonly span: Span }
  | { readonly k: "spin"; readonly span: Span }
  /** Ghost statements the properties read: `produced!(v)` when a value is handed to the queue, `consumed!(v)` when taken out. */
  | { readonly k: "ghost"; readonly kind: "produced" | "consumed"; readonly value: Expr; readonly span: Span }
  /** `match <cas> { Ok(a) => {…} Err(b) => {…} }`; either binding may be `_`. */
  | {
    readonly k: "match"; readonly scrutinee: Expr; readonly okName: string | null; readonly okBody: Stmt[];
    readonly errName: string | null; readonly errBody: Stmt[]; readonly span: Span;
  }
  | { readonly k: "block"; readonly body: Stmt[]; readonly span: Span }
  /** `free(n)`: returns node n to the pool. */
  | { readonly k: "free"; readonly node: Expr; readonly span: Span };

export interface ThreadDecl {
  readonly name: string;
  readonly body: Stmt[];
  readonly span: Span;
}

export interface Program {
  /** Nodes 1..liveNodes are allocated when the program starts (`#[nodes(live = N)]`). */
  readonly liveNodes: number;
  readonly statics: StaticDecl[];
  readonly consts: Record<string, number>;
  readonly threads: ThreadDecl[];
}
