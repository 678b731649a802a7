/**
 * Parser for the thread language: tokens (lexer.ts) to the syntax tree (ast.ts), by recursive descent with Rust's
 * operator precedence (Rust Reference §8.2 "Expression precedence"). Accepts `use` items (ignored), `const`
 * integers, `static` items, `#[repr(align(64))]`, and `fn name() { … }` threads.
 * Omits: generics on functions, closures other than `|x| x` in `unwrap_or_else`, structs, references, `for` loops.
 * Errors are `{code: "E_PARSE", message, span}` values; parsing never throws to its caller.
 */
import { ORDERINGS, RMW_METHODS, type BinOp, type Expr, type Ordering, type Place, type Program, type Span, type StaticDecl, type StaticKind, type Stmt, type ThreadDecl } from "./ast.ts";
import { lex, type Token } from "./lexer.ts";

export interface ParseError {
  readonly code: "E_LEX" | "E_PARSE";
  readonly message: string;
  readonly span: Span;
}

export type ParseResult = { ok: true; program: Program } | { ok: false; error: ParseError };

class Fail {
  readonly error: ParseError;
  constructor(error: ParseError) { this.error = error; }
}

/** Binary operators by precedence level, loosest first (Rust Reference, "Expression precedence"). */
const LEVELS: readonly (readonly BinOp[])[] = [
  ["||"], ["&&"], ["==", "!=", "<", "<=", ">", ">="], ["|"], ["^"], ["&"], ["<<", ">>"], ["+", "-"], ["*", "/", "%"],
];
const COMPOUND: Record<string, BinOp> = { "+=": "+", "-=": "-", "*=": "*", "/=": "/", "%=": "%", "&=": "&", "|=": "|", "^=": "^", "<<=": "<<", ">>=": ">>" };
const ATOMIC_TYPE = /^Atomic(Usize|Isize|U8|U16|U32|U64|I8|I16|I32|I64|Bool|Ptr)$/;
const PLAIN_TYPE = /^(usize|isize|u8|u16|u32|u64|i8|i16|i32|i64|bool)$/;
const MAX_ARRAY = 64;

export function parseProgram(src: string): ParseResult {
  const lexed = lex(src);
  if (!lexed.ok) return { ok: false, error: lexed.error };
  try {
    return { ok: true, program: new Parser(lexed.tokens).program() };
  } catch (e) {
    if (e instanceof Fail) return { ok: false, error: e.error };
    throw e;
  }
}

function join(a: Span, b: Span): Span {
  return { start: a.start, end: b.end, line: a.line, col: a.col };
}

interface TypeInfo { kind: StaticKind; length: number | null; padded: boolean }

class Parser {
  private pos = 0;
  private readonly toks: Token[];
  private readonly consts: Record<string, number> = {};
  private readonly statics = new Set<string>();

  constructor(toks: Token[]) {
    this.toks = toks;
    // Statics may be used before their item (Rust items are order-independent): collect their names first.
    for (let i = 0; i + 1 < toks.length; i++) {
      if (toks[i]!.text === "static" && toks[i]!.kind === "ident") {
        const n = toks[i + 1]!.text === "mut" ? toks[i + 2] : toks[i + 1];
        if (n?.kind === "ident") this.statics.add(n.text);
      }
    }
  }

  private get peek(): Token { return this.toks[this.pos]!; }
  private at(text: string, offset = 0): boolean {
    const t = this.toks[this.pos + offset];
    return !!t && t.text === text && (t.kind === "punct" || t.kind === "ident");
  }
  private atEof(): boolean { return this.peek.kind === "eof"; }
  private next(): Token { const t = this.toks[this.pos]!; if (t.kind !== "eof") this.pos++; return t; }
  private fail(message: string, span: Span = this.peek.span): never {
    throw new Fail({ code: "E_PARSE", message, span });
  }
  private expect(text: string, what = `\`${text}\``): Token {
    if (!this.at(text)) this.fail(`expected ${what}, found ${this.describe(this.peek)}`);
    return this.next();
  }
  private eat(text: string): boolean {
    if (this.at(text)) { this.pos++; return true; }
    return false;
  }
  private ident(what = "an identifier"): Token {
    if (this.peek.kind !== "ident") this.fail(`expected ${what}, found ${this.describe(this.peek)}`);
    return this.next();
  }
  private describe(t: Token): string {
    return t.kind === "eof" ? "end of input" : `\`${t.text}\``;
  }

  program(): Program {
    const statics: StaticDecl[] = [];
    const threads: ThreadDecl[] = [];
    while (this.peek.kind !== "eof") {
      let padded = false;
      let nodes = false;
      while (this.at("#")) {
        const a = this.attribute();
        if (a === "padded") padded = true;
        else if (typeof a === "number") { nodes = true; this.liveNodes = Math.max(this.liveNodes, a); }
      }
      if (this.eat("pub")) { /* visibility is irrelevant here */ }
      if (this.at("use")) { while (!this.at(";") && !this.atEof()) this.next(); this.expect(";"); continue; }
      if (this.at("const")) { this.constItem(); continue; }
      if (this.at("static")) { statics.push(this.staticItem(padded, nodes)); continue; }
      if (this.at("fn")) { threads.push(this.thread()); continue; }
      this.fail(`expected an item (\`static\`, \`const\`, \`fn\` or \`use\`), found ${this.describe(this.peek)}`);
    }
    if (threads.length === 0) this.fail("a program needs at least one `fn` (each `fn` runs as a thread)");
    if (threads.length > 4) this.fail("at most 4 threads (fns) per program", threads[4]!.span);
    const names = new Set<string>();
    for (const s of statics) {
      if (names.has(s.name)) this.fail(`the name \`${s.name}\` is defined multiple times`, s.span);
      names.add(s.name);
    }
    return { liveNodes: this.liveNodes, statics, consts: { ...this.consts }, threads };
  }

  private liveNodes = 0;

  /** `#[…]` or `#![…]`: "padded" for `#[repr(align(64))]` (64 or more), the live count for `#[nodes(live = N)]`. */
  private attribute(): "padded" | number | null {
    this.expect("#");
    this.eat("!");
    this.expect("[");
    let depth = 1;
    const text: string[] = [];
    while (depth > 0) {
      const t = this.next();
      if (t.kind === "eof") this.fail("unterminated attribute");
      if (t.text === "[") depth++;
      if (t.text === "]") depth--;
      text.push(t.text);
    }
    const joined = text.join("");
    const m = /^repr\(align\((\d+)\)\)\]$/.exec(joined);
    if (m) return Number(m[1]) >= 64 ? "padded" : null;
    const n = /^nodes(\(live=(\d+)\))?\]$/.exec(joined);
    if (n) return Number(n[2] ?? 0);
    return null;
  }

  private constItem(): void {
    this.expect("const");
    const name = this.ident("a constant name");
    this.expect(":");
    this.type();
    this.expect("=");
    const value = this.constExpr();
    this.expect(";");
    this.consts[name.text] = value;
  }

  private constExpr(): number {
    const e = this.expr();
    const v = evalConst(e, this.consts);
    if (v === null) this.fail("expected a constant integer expression", e.span);
    return v;
  }

  private staticItem(attrPadded: boolean, nodes: boolean): StaticDecl {
    const start = this.expect("static").span;
    const mutable = this.eat("mut");
    const name = this.ident("a static's name");
    this.expect(":");
    const typeStart = this.peek.span;
    const ty = this.type();
    let kind = ty.kind;
    if (kind === "plain" && !mutable && !this.typeWasCell) this.fail(`a non-atomic static must be \`static mut\` (or an \`UnsafeCell\`) to be written`, typeStart);
    if (kind !== "plain" && mutable) kind = ty.kind;
    let init: number[];
    if (this.eat("=")) {
      const values = this.initializer();
      const len = ty.length ?? 1;
      if (values === "uninit") init = new Array<number>(len).fill(0);
      else if (values.length === 1 && ty.length !== null && !this.lastInitWasList) init = new Array<number>(len).fill(values[0]!);
      else init = values;
      if (init.length !== len) this.fail(`expected ${len} initial values, found ${init.length}`, typeStart);
      if (kind === "slot" && values !== "uninit") this.fail("`MaybeUninit` slots start uninitialised: use `MaybeUninit::uninit()`", typeStart);
    } else {
      if (kind !== "slot") this.fail(`\`${name.text}\` needs an initial value`, this.peek.span);
      init = new Array<number>(ty.length ?? 1).fill(0);
    }
    const end = this.expect(";").span;
    if (nodes && ty.length === null) this.fail("`#[nodes]` marks an array of node fields", name.span);
    return { name: name.text, kind, length: ty.length, init, padded: ty.padded || attrPadded, nodes, span: join(start, end) };
  }

  private typeWasCell = false;
  private lastInitWasList = false;

  /** A static's type: `AtomicUsize`, `CachePadded<AtomicUsize>`, `[AtomicUsize; N]`, `[MaybeUninit<usize>; N]`, `usize`, `UnsafeCell<usize>`. */
  private type(): TypeInfo {
    this.typeWasCell = false;
    if (this.eat("[")) {
      const inner = this.type();
      if (inner.length !== null) this.fail("nested arrays are not supported");
      this.expect(";");
      const lenTok = this.peek;
      const length = this.constExpr();
      if (length < 1 || length > MAX_ARRAY) this.fail(`array length must be from 1 to ${MAX_ARRAY}`, lenTok.span);
      this.expect("]");
      return { kind: inner.kind, length, padded: inner.padded };
    }
    const path = this.path();
    const last = path[path.length - 1]!;
    let generic: TypeInfo | null = null;
    if (this.eat("<")) {
      generic = this.type();
      // `>>` closes two generic lists at once.
      if (this.at(">>")) { const t = this.toks[this.pos]!; (this.toks as Token[])[this.pos] = { ...t, text: ">" }; }
      else this.expect(">");
    }
    if (last === "CachePadded") {
      if (!generic) this.fail("`CachePadded` needs a type: `CachePadded<AtomicUsize>`");
      return { ...generic, padded: true };
    }
    if (ATOMIC_TYPE.test(last)) return { kind: "atomic", length: null, padded: false };
    if (last === "MaybeUninit") return { kind: "slot", length: null, padded: false };
    if (last === "UnsafeCell") { this.typeWasCell = true; return { kind: "plain", length: null, padded: false }; }
    if (PLAIN_TYPE.test(last)) return { kind: "plain", length: null, padded: false };
    if (last === "*") return { kind: "plain", length: null, padded: false };
    return this.fail(`unsupported type \`${last}\`: use an atomic (\`AtomicUsize\`…), \`MaybeUninit<usize>\`, \`usize\` or an array of them`);
  }

  private path(): string[] {
    const parts = [this.ident("a type or path").text];
    while (this.at("::") && this.toks[this.pos + 1]?.kind === "ident") { this.next(); parts.push(this.next().text); }
    return parts;
  }

  /** A static's initial value(s), or "uninit" for `MaybeUninit::uninit()`. */
  private initializer(): number[] | "uninit" {
    this.lastInitWasList = false;
    if (this.eat("[")) {
      if (this.eat("const")) {
        this.expect("{");
        const v = this.initializer();
        this.expect("}");
        this.expect(";");
        const n = this.constExpr();
        this.expect("]");
        return v === "uninit" ? "uninit" : new Array<number>(n).fill(v[0]!);
      }
      const first = this.initializer();
      if (this.eat(";")) {
        const n = this.constExpr();
        this.expect("]");
        return first === "uninit" ? "uninit" : new Array<number>(n).fill(first[0]!);
      }
      const values = first === "uninit" ? [0] : [...first];
      while (this.eat(",")) {
        if (this.at("]")) break;
        const v = this.initializer();
        values.push(v === "uninit" ? 0 : v[0]!);
      }
      this.expect("]");
      this.lastInitWasList = true;
      return values;
    }
    if (this.peek.kind === "ident" && this.at("::", 1)) {
      const path = this.path();
      const last = path[path.length - 1]!;
      this.expect("(");
      if (last === "uninit") { this.expect(")"); return "uninit"; }
      if (last !== "new") this.fail(`expected \`::new(…)\` or \`MaybeUninit::uninit()\`, found \`${last}\``);
      const inner = this.initializer();
      this.expect(")");
      return inner;
    }
    return [this.constExpr() >>> 0];
  }

  private thread(): ThreadDecl {
    const start = this.expect("fn").span;
    const name = this.ident("a thread function's name");
    this.expect("(");
    this.expect(")", "`)` (thread functions take no arguments)");
    const body = this.block();
    return { name: name.text, body, span: join(start, name.span) };
  }

  private block(): Stmt[] {
    this.expect("{");
    const body: Stmt[] = [];
    while (!this.at("}")) {
      if (this.peek.kind === "eof") this.fail("expected `}` to close this block");
      const s = this.stmt();
      if (s) body.push(s);
    }
    this.expect("}");
    return body;
  }

  private stmt(): Stmt | null {
    const t = this.peek;
    const span = t.span;
    if (this.eat(";")) return null;
    if (this.at("let")) {
      this.next();
      this.eat("mut");
      const name = this.ident("a variable name");
      if (this.eat(":")) this.type();
      this.expect("=");
      const init = this.expr();
      this.expect(";");
      return { k: "let", name: name.text, init, span: join(span, init.span) };
    }
    if (this.at("if")) return this.ifStmt();
    if (this.at("loop")) { this.next(); return { k: "loop", body: this.block(), span }; }
    if (this.at("while")) {
      this.next();
      const cond = this.expr();
      return { k: "while", cond, body: this.block(), span: join(span, cond.span) };
    }
    if (this.at("break")) { this.next(); this.eat(";"); return { k: "break", span }; }
    if (this.at("continue")) { this.next(); this.eat(";"); return { k: "continue", span }; }
    if (this.at("return")) { this.next(); this.eat(";"); return { k: "return", span }; }
    if (this.at("unsafe") || this.at("{")) { this.eat("unsafe"); return { k: "block", body: this.block(), span }; }
    if (this.at("match")) return this.matchStmt();
    if (t.kind === "ident" && this.at("!", 1)) return this.macro();
    // Calls by path: fence, spin_loop, yield_now (with or without their module path).
    if (t.kind === "ident" && (this.at("::", 1) || this.at("(", 1)) && !this.statics.has(t.text)) {
      const save = this.pos;
      const path = this.path();
      const last = path[path.length - 1]!;
      if (this.at("(")) {
        if (last === "fence" || last === "compiler_fence") {
          this.next();
          const ord = this.ordering();
          this.expect(")");
          this.eat(";");
          if (last === "compiler_fence") this.fail("`compiler_fence` only restrains the compiler; use `fence` for inter-thread ordering", span);
          return { k: "fence", ord, span };
        }
        if (last === "free" && path.length === 1) {
          this.next();
          const node = this.expr();
          this.expect(")");
          this.eat(";");
          return { k: "free", node, span };
        }
        if (last === "spin_loop" || last === "yield_now") {
          this.next();
          this.expect(")");
          this.eat(";");
          return { k: "spin", span };
        }
        this.fail(`unknown function \`${path.join("::")}\`: threads can call \`fence\`, \`spin_loop\`, \`yield_now\` and \`free\``, span);
      }
      this.pos = save;
    }
    // Assignments and expression statements.
    const lhs = this.expr();
    if (this.at("=") || this.peek.text in COMPOUND) {
      const opTok = this.next();
      const value = this.expr();
      this.expect(";");
      const op = opTok.text === "=" ? "=" as const : COMPOUND[opTok.text]!;
      if (lhs.k === "var") return { k: "assign", name: lhs.name, op, value, span: join(lhs.span, value.span) };
      if (lhs.k === "read") {
        if (op !== "=") this.fail("compound assignment to shared memory is a read and a write: write them out", opTok.span);
        return { k: "write", place: lhs.place, value, span: join(lhs.span, value.span) };
      }
      this.fail("the left side of `=` must be a local variable or a static", lhs.span);
    }
    const stmt = this.asStatement(lhs);
    if (!this.at("}")) this.expect(";");
    else this.eat(";");
    return stmt;
  }

  /** Expression statements: `x.store(…)` and `buf[i].write(v)` are statements; other expressions are evaluated for effect. */
  private asStatement(e: Expr): Stmt {
    const pending = this.pendingStmt;
    this.pendingStmt = null;
    if (pending) return pending;
    return { k: "expr", expr: e, span: e.span };
  }
  private pendingStmt: Stmt | null = null;

  private ifStmt(): Stmt {
    const span = this.expect("if").span;
    if (this.at("let")) this.fail("`if let` is not supported: use `match` or `.is_ok()`");
    const cond = this.expr();
    const then = this.block();
    let els: Stmt[] = [];
    if (this.eat("else")) els = this.at("if") ? [this.ifStmt()] : this.block();
    return { k: "if", cond, then, else: els, span: join(span, cond.span) };
  }

  private matchStmt(): Stmt {
    const span = this.expect("match").span;
    const scrutinee = this.expr();
    this.expect("{");
    let okName: string | null = null;
    let errName: string | null = null;
    let okBody: Stmt[] | null = null;
    let errBody: Stmt[] | null = null;
    for (let arm = 0; arm < 2; arm++) {
      const which = this.ident("`Ok(…)` or `Err(…)`");
      if (which.text !== "Ok" && which.text !== "Err") this.fail("match arms must be `Ok(x) => {…}` and `Err(x) => {…}`", which.span);
      this.expect("(");
      const bind = this.eat("_") ? null : this.ident("a binding").text;
      this.expect(")");
      this.expect("=>");
      const body = this.at("{") ? this.block() : [this.stmt()!].filter(Boolean);
      this.eat(",");
      if (which.text === "Ok") { okName = bind; okBody = body; } else { errName = bind; errBody = body; }
    }
    this.expect("}");
    if (!okBody || !errBody) this.fail("a match on a compare_exchange result needs one `Ok` arm and one `Err` arm", span);
    return { k: "match", scrutinee, okName, okBody, errName, errBody, span: join(span, scrutinee.span) };
  }

  private macro(): Stmt {
    const name = this.next();
    const span = name.span;
    this.expect("!");
    this.expect("(");
    const args: Expr[] = [];
    let text = "";
    while (!this.at(")")) {
      if (this.peek.kind === "string") {
        text = this.next().text;
        while (!this.at(")") && !this.atEof()) this.next(); // format arguments are not evaluated
        break;
      }
      args.push(this.expr());
      if (!this.eat(",")) break;
    }
    const close = this.expect(")");
    this.eat(";");
    const full = join(span, close.span);
    const need = (n: number) => { if (args.length !== n) this.fail(`\`${name.text}!\` takes ${n} argument${n > 1 ? "s" : ""}`, full); };
    switch (name.text) {
      case "assert": case "debug_assert":
        need(1);
        return { k: "assert", cond: args[0]!, text: text || "assertion failed", span: full };
      case "assert_eq": case "assert_ne": case "debug_assert_eq": case "debug_assert_ne": {
        need(2);
        const op = name.text.endsWith("eq") ? "==" : "!=";
        const cond: Expr = { k: "bin", op, a: args[0]!, b: args[1]!, span: full };
        return { k: "assert", cond, text: text || `assertion \`left ${op} right\` failed`, span: full };
      }
      case "produced": case "consumed":
        need(1);
        return { k: "ghost", kind: name.text, value: args[0]!, span: full };
      default:
        return this.fail(`unknown macro \`${name.text}!\`: use assert!, assert_eq!, assert_ne!, produced! or consumed!`, span);
    }
  }

  /** `Ordering::Acquire`, `std::sync::atomic::Ordering::Acquire`, `atomic::Ordering::Acquire` or `Acquire`. */
  private ordering(): Ordering {
    const start = this.peek.span;
    const path = this.path();
    const last = path[path.length - 1]!;
    if (!(ORDERINGS as readonly string[]).includes(last)) {
      this.fail(`expected a memory ordering (Ordering::Relaxed, Acquire, Release, AcqRel or SeqCst), found \`${path.join("::")}\``, start);
    }
    if (path.length > 1 && path[path.length - 2] !== "Ordering") this.fail(`expected \`Ordering::${last}\``, start);
    return last as Ordering;
  }

  expr(level = 0): Expr {
    if (level === LEVELS.length) return this.unary();
    let a = this.expr(level + 1);
    for (;;) {
      const t = this.peek;
      if (t.kind !== "punct" || !(LEVELS[level] as readonly string[]).includes(t.text)) return a;
      this.next();
      const b = this.expr(level + 1);
      a = { k: "bin", op: t.text as BinOp, a, b, span: join(a.span, b.span) };
      // Rust forbids chained comparisons (`a < b < c`).
      if (level === 2 && (LEVELS[2] as readonly string[]).includes(this.peek.text) && this.peek.kind === "punct") {
        this.fail("comparison operators cannot be chained", this.peek.span);
      }
    }
  }

  private unary(): Expr {
    const t = this.peek;
    if (this.at("!") || this.at("-")) {
      this.next();
      const a = this.unary();
      return { k: "un", op: t.text as "!" | "-", a, span: join(t.span, a.span) };
    }
    if (this.at("*")) this.fail("raw pointers are not supported: index the node arrays instead", t.span);
    return this.postfix(this.primary());
  }

  private primary(): Expr {
    const t = this.peek;
    if (t.kind === "int") { this.next(); return { k: "int", value: t.value, span: t.span }; }
    if (this.eat("(")) { const e = this.expr(); this.expect(")"); return e; }
    if (t.kind === "ident") {
      if (t.text === "true" || t.text === "false") { this.next(); return { k: "int", value: t.text === "true" ? 1 : 0, span: t.span }; }
      const path = this.path();
      const name = path[path.length - 1]!;
      if (path.length === 1 && name === "alloc" && this.at("(")) {
        this.next();
        const end = this.expect(")").span;
        return { k: "alloc", span: join(t.span, end) };
      }
      if (path.length > 1 && !(name === "MAX" || name === "MIN")) this.fail(`unexpected path \`${path.join("::")}\` in an expression`, t.span);
      if (path.length > 1) return { k: "int", value: name === "MAX" ? 0xffffffff : 0, span: t.span };
      if (name in this.consts) return { k: "int", value: this.consts[name]!, span: t.span };
      if (this.statics.has(name)) {
        let index: Expr | null = null;
        let end = t.span;
        if (this.eat("[")) { index = this.expr(); end = this.expect("]").span; }
        const place: Place = { name, index, span: join(t.span, end) };
        return this.staticUse(place);
      }
      return { k: "var", name, span: t.span };
    }
    return this.fail(`expected an expression, found ${this.describe(t)}`);
  }

  /** What follows a static: an atomic method, `.write(v)`, `.assume_init_read()`, or nothing (a plain read). */
  private staticUse(place: Place): Expr {
    if (!this.at(".")) return { k: "read", place, span: place.span };
    this.next();
    const m = this.ident("a method name");
    const method = m.text;
    this.expect("(");
    const close = () => this.expect(")").span;
    if (method === "load") {
      const ord = this.ordering();
      return { k: "load", place, ord, span: join(place.span, close()) };
    }
    if (method === "store") {
      const value = this.expr();
      this.expect(",");
      const ord = this.ordering();
      const span = join(place.span, close());
      this.pendingStmt = { k: "store", place, value, ord, span };
      return { k: "int", value: 0, span };
    }
    if (method === "write") {
      const value = this.expr();
      const span = join(place.span, close());
      this.pendingStmt = { k: "write", place, value, span };
      return { k: "int", value: 0, span };
    }
    if (method === "assume_init_read" || method === "assume_init" || method === "get") {
      return { k: "read", place, span: join(place.span, close()) };
    }
    if ((RMW_METHODS as readonly string[]).includes(method)) {
      const value = this.expr();
      this.expect(",");
      const ord = this.ordering();
      return { k: "rmw", method: method as (typeof RMW_METHODS)[number], place, value, ord, span: join(place.span, close()) };
    }
    if (method === "compare_exchange" || method === "compare_exchange_weak") {
      const expected = this.expr();
      this.expect(",");
      const desired = this.expr();
      this.expect(",");
      const success = this.ordering();
      this.expect(",");
      const failure = this.ordering();
      return { k: "cas", place, expected, desired, success, failure, weak: method.endsWith("weak"), span: join(place.span, close()) };
    }
    return this.fail(`unknown method \`${method}\` on a static: use load, store, swap, fetch_add…, compare_exchange(_weak), write or assume_init_read`, m.span);
  }

  private postfix(e: Expr): Expr {
    for (;;) {
      if (this.at("as")) { this.next(); this.ident("a type"); continue; }
      if (!this.at(".")) return e;
      this.next();
      const m = this.ident("a method name");
      this.expect("(");
      if (m.text === "is_ok" || m.text === "is_err") {
        const end = this.expect(")").span;
        e = { k: "resultTest", ok: m.text === "is_ok", of: e, span: join(e.span, end) };
        continue;
      }
      if (m.text === "unwrap_or_else") {
        this.expect("|");
        const a = this.ident("a closure parameter").text;
        this.expect("|");
        const b = this.ident("the closure's result").text;
        if (a !== b) this.fail("only `unwrap_or_else(|x| x)` is supported", m.span);
        const end = this.expect(")").span;
        e = { k: "resultValue", of: e, span: join(e.span, end) };
        continue;
      }
      if (m.text === "wrapping_add" || m.text === "wrapping_sub") {
        const arg = this.expr();
        const end = this.expect(")").span;
        e = { k: "bin", op: m.text === "wrapping_add" ? "+" : "-", a: e, b: arg, span: join(e.span, end) };
        continue;
      }
      this.fail(`unknown method \`${m.text}\``, m.span);
    }
  }
}

/** Evaluates a constant expression (consts already folded into ints), or null if it is not constant. */
export function evalConst(e: Expr, consts: Record<string, number>): number | null {
  switch (e.k) {
    case "int": return e.value;
    case "var": return e.name in consts ? consts[e.name]! : null;
    case "un": { const a = evalConst(e.a, consts); return a === null ? null : e.op === "-" ? (-a) >>> 0 : a === 0 ? 1 : 0; }
    case "bin": {
      const a = evalConst(e.a, consts);
      const b = evalConst(e.b, consts);
      if (a === null || b === null) return null;
      return binop(e.op, a, b);
    }
    default: return null;
  }
}

/** Unsigned 32-bit machine arithmetic (wrapping); returns null for division by zero. */
export function binop(op: BinOp, a: number, b: number): number | null {
  switch (op) {
    case "+": return (a + b) >>> 0;
    case "-": return (a - b) >>> 0;
    case "*": return Math.imul(a, b) >>> 0;
    case "/": return b === 0 ? null : Math.floor(a / b) >>> 0;
    case "%": return b === 0 ? null : (a % b) >>> 0;
    case "&": return (a & b) >>> 0;
    case "|": return (a | b) >>> 0;
    case "^": return (a ^ b) >>> 0;
    case "<<": return b >= 32 ? 0 : (a << b) >>> 0;
    case ">>": return b >= 32 ? 0 : a >>> b;
    case "==": return a === b ? 1 : 0;
    case "!=": return a !== b ? 1 : 0;
    case "<": return a < b ? 1 : 0;
    case "<=": return a <= b ? 1 : 0;
    case ">": return a > b ? 1 : 0;
    case ">=": return a >= b ? 1 : 0;
    case "&&": return a !== 0 && b !== 0 ? 1 : 0;
    case "||": return a !== 0 || b !== 0 ? 1 : 0;
  }
}
