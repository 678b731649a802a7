/**
 * Parses the player's program (the body of `fn main()`) and the item headers of a stage prelude into the AST of
 * ast.ts. Follows the Rust reference's expression grammar for the subset: prefix `&`, `&mut`, `*` bind looser than
 * postfix calls, method calls, fields and indexing; `unsafe { … }` is an expression; statements end with `;` unless
 * they are block-like.
 *
 * Implements: the subset, a nesting limit, and "unsupported syntax" errors that name the construct (so a valid Rust
 * program outside the subset is never misjudged as a syntax error). Omits: everything listed as omitted in ast.ts.
 * Prelude parsing reads struct declarations, impl headers and fn signatures and skips fn bodies by brace matching.
 */
import type { BinOp, Block, Expr, FnSig, ImplDecl, PreludeDecls, Span, Stmt, StructDecl, TypeAst } from "./ast.ts";
import { lex, type Token } from "./lexer.ts";

export interface ParseError {
  /** "syntax": rustc would reject it too; "unsupported": real Rust the game does not model. */
  readonly kind: "syntax" | "unsupported";
  readonly message: string;
  readonly span: Span;
}

/** Deepest nesting of expressions the parser accepts; deeper input gets a readable error, not a stack overflow. */
export const MAX_DEPTH = 48;

const UNSUPPORTED_KEYWORDS: Record<string, string> = {
  if: "`if` expressions", else: "`else`", match: "`match` expressions", while: "`while` loops", for: "`for` loops",
  loop: "`loop`", return: "`return`", fn: "nested functions", impl: "`impl` blocks inside main", struct: "struct declarations inside main",
  break: "`break`", continue: "`continue`", async: "`async` blocks", move: "`move` closures", static: "statics", const: "consts",
  use: "`use` declarations inside main", enum: "enums", trait: "traits", type: "type aliases", mod: "modules", ref: "`ref` patterns",
  as: "`as` casts", await: "`.await`", dyn: "trait objects", where: "where clauses",
};

const COMPARE = ["==", "!=", "<", ">", "<=", ">="];

class Fail {
  readonly error: ParseError;
  constructor(error: ParseError) { this.error = error; }
}

class Parser {
  private pos = 0;
  private depth = 0;
  private readonly toks: Token[];
  constructor(toks: Token[]) { this.toks = toks; }

  peek(o = 0): Token { return this.toks[Math.min(this.pos + o, this.toks.length - 1)]!; }
  next(): Token { const t = this.peek(); if (this.pos < this.toks.length - 1) this.pos++; return t; }
  is(text: string, o = 0): boolean { const t = this.peek(o); return (t.kind === "punct" || t.kind === "ident") && t.text === text; }
  eat(text: string): boolean { if (this.is(text)) { this.next(); return true; } return false; }
  fail(message: string, span = this.peek().span, kind: ParseError["kind"] = "syntax"): never { throw new Fail({ kind, message, span }); }
  unsupported(what: string, span = this.peek().span): never { this.fail(`unsupported in this game: ${what}`, span, "unsupported"); }
  expect(text: string): Token {
    if (!this.is(text)) {
      const t = this.peek();
      this.fail(`expected \`${text}\`, found ${t.kind === "eof" ? "end of input" : `\`${t.text}\``}`);
    }
    return this.next();
  }
  ident(what = "identifier"): Token {
    const t = this.peek();
    if (t.kind !== "ident") this.fail(`expected ${what}, found ${t.kind === "eof" ? "end of input" : `\`${t.text}\``}`);
    if (t.text in UNSUPPORTED_KEYWORDS && t.text !== "type") this.unsupported(UNSUPPORTED_KEYWORDS[t.text]!);
    return this.next();
  }
  enter(): void { if (++this.depth > MAX_DEPTH) this.fail(`expressions nested deeper than ${MAX_DEPTH} levels`, this.peek().span, "unsupported"); }
  leave(): void { this.depth--; }

  // ---- statements ----
  block(end: string): Block {
    const stmts: Stmt[] = [];
    let tail: Expr | null = null;
    const atEnd = () => (end === "" ? this.peek().kind === "eof" : this.is(end));
    while (!atEnd()) {
      if (this.peek().kind === "eof") this.fail(`expected \`${end}\`, found end of input`);
      if (tail) this.fail("expected `;`, found an expression", tail.span);
      if (this.eat(";")) continue;
      const t = this.peek();
      if (t.kind === "ident" && t.text === "let") { stmts.push(this.letStmt()); continue; }
      if (t.kind === "ident" && t.text in UNSUPPORTED_KEYWORDS) this.unsupported(UNSUPPORTED_KEYWORDS[t.text]!);
      if (this.is("#")) this.unsupported("attributes inside main");
      const expr = this.expr();
      const op = this.peek();
      if (op.kind === "punct" && (op.text === "=" || op.text === "+=" || op.text === "-=")) {
        this.next();
        const value = this.expr();
        const semi = this.expect(";");
        stmts.push({ k: "assign", place: expr, op: op.text, opSpan: op.span, value, span: { start: expr.span.start, end: semi.span.end } });
        continue;
      }
      if (this.is(";")) {
        const semi = this.next();
        stmts.push({ k: "expr", expr, span: { start: expr.span.start, end: semi.span.end } });
      } else if (expr.k === "unsafe" && !atEnd()) {
        stmts.push({ k: "expr", expr, span: expr.span });
      } else if (atEnd()) {
        tail = expr;
      } else {
        this.fail(`expected \`;\`, found \`${this.peek().text}\``, this.peek().span);
      }
    }
    return { stmts, tail };
  }

  letStmt(): Stmt {
    const start = this.next().span.start;
    const patStart = this.peek().span.start;
    const mut = this.eat("mut");
    if (this.is("(") || this.is("[") || this.is("&")) this.unsupported("patterns other than a single name");
    const name = this.ident("a variable name");
    let ty: TypeAst | null = null;
    if (this.eat(":")) ty = this.type();
    let init: Expr | null = null;
    if (this.eat("=")) init = this.expr();
    if (this.is("else")) this.unsupported("`let … else`");
    const semi = this.expect(";");
    return { k: "let", mut, patStart, name: name.text, nameSpan: name.span, ty, init, span: { start, end: semi.span.end } };
  }

  // ---- expressions ----
  expr(): Expr {
    this.enter();
    try {
      // Comparison operators do not chain (the Rust reference, "Expression precedence").
      const left = this.binary(0);
      const t = this.peek();
      if (t.kind === "punct" && COMPARE.includes(t.text)) {
        this.next();
        const right = this.binary(0);
        const e: Expr = { k: "binary", op: t.text as BinOp, left, right, opSpan: t.span, span: { start: left.span.start, end: right.span.end } };
        if (this.peek().kind === "punct" && COMPARE.includes(this.peek().text)) this.fail("comparison operators cannot be chained");
        return this.after(e);
      }
      return this.after(left);
    } finally {
      this.leave();
    }
  }

  after(e: Expr): Expr {
    const t = this.peek();
    if (t.kind === "ident" && t.text === "as") this.unsupported("`as` casts");
    if (t.kind === "punct" && ["&&", "||", "..", "?", "^", "&", "|", "<<", ">>"].includes(t.text)) this.unsupported(`the \`${t.text}\` operator`);
    return e;
  }

  /** `*`, `/`, `%` bind tighter than `+`, `-`; both are left-associative. */
  binary(level: number): Expr {
    const ops = level === 0 ? ["+", "-"] : ["*", "/", "%"];
    let left = level === 0 ? this.binary(1) : this.unary();
    for (;;) {
      const t = this.peek();
      if (t.kind !== "punct" || !ops.includes(t.text)) return left;
      this.next();
      const right = level === 0 ? this.binary(1) : this.unary();
      left = { k: "binary", op: t.text as BinOp, left, right, opSpan: t.span, span: { start: left.span.start, end: right.span.end } };
    }
  }

  unary(): Expr {
    const t = this.peek();
    if (this.is("&") || this.is("&&")) {
      this.enter();
      try {
        this.next();
        const double = t.text === "&&";
        if (this.peek().kind === "ident" && this.peek().text === "raw") this.unsupported("`&raw` borrows");
        const mut = this.eat("mut");
        const inner = this.unary();
        const e: Expr = { k: "ref", mut, expr: inner, span: { start: double ? t.span.start + 1 : t.span.start, end: inner.span.end } };
        return double ? { k: "ref", mut: false, expr: e, span: { start: t.span.start, end: inner.span.end } } : e;
      } finally { this.leave(); }
    }
    if (this.is("*")) {
      this.enter();
      try {
        this.next();
        const inner = this.unary();
        return { k: "deref", expr: inner, span: { start: t.span.start, end: inner.span.end } };
      } finally { this.leave(); }
    }
    if (this.is("!") || this.is("-")) this.unsupported(`the prefix \`${t.text}\` operator`);
    return this.postfix(this.primary());
  }

  postfix(e: Expr): Expr {
    for (;;) {
      if (this.is("(")) {
        const args = this.args("(", ")");
        e = { k: "call", callee: e, args: args.items, span: { start: e.span.start, end: args.end } };
      } else if (this.is(".")) {
        this.next();
        const t = this.peek();
        if (t.kind === "int") this.unsupported("tuple fields");
        if (t.kind === "ident" && t.text === "await") this.unsupported("`.await`");
        const name = this.ident("a field or method name");
        if (this.is("::")) this.unsupported("turbofish on methods");
        if (this.is("(")) {
          const args = this.args("(", ")");
          e = { k: "method", recv: e, name: name.text, nameSpan: name.span, args: args.items, span: { start: e.span.start, end: args.end } };
        } else {
          e = { k: "field", base: e, name: name.text, span: { start: e.span.start, end: name.span.end } };
        }
      } else if (this.is("[")) {
        this.next();
        const index = this.expr();
        const close = this.expect("]");
        e = { k: "index", base: e, index, span: { start: e.span.start, end: close.span.end } };
      } else if (this.is("?")) {
        this.unsupported("the `?` operator");
      } else {
        return e;
      }
    }
  }

  args(open: string, close: string): { items: Expr[]; end: number } {
    this.expect(open);
    const items: Expr[] = [];
    while (!this.is(close)) {
      items.push(this.expr());
      if (!this.eat(",")) break;
    }
    const c = this.expect(close);
    return { items, end: c.span.end };
  }

  primary(): Expr {
    const t = this.peek();
    if (t.kind === "str") { this.next(); return { k: "str", value: t.text, span: t.span }; }
    if (t.kind === "int") { this.next(); return { k: "int", value: t.value!, span: t.span }; }
    if (this.is("(")) {
      this.next();
      if (this.is(")")) { const c = this.next(); return { k: "path", segs: ["()"], span: { start: t.span.start, end: c.span.end } }; }
      const inner = this.expr();
      if (this.is(",")) this.unsupported("tuples");
      const close = this.expect(")");
      // rustc's spans include the parentheses: `(*p).data` starts at `(`.
      return { ...inner, span: { start: t.span.start, end: close.span.end } };
    }
    if (this.is("|") || this.is("||")) return this.closure();
    if (this.is("[")) this.unsupported("array expressions");
    if (this.is("{")) this.unsupported("block expressions (only `unsafe { … }` blocks)");
    if (t.kind === "ident" && t.text === "unsafe") {
      this.next();
      this.expect("{");
      this.enter();
      try {
        const block = this.block("}");
        const c = this.expect("}");
        return { k: "unsafe", block, span: { start: t.span.start, end: c.span.end } };
      } finally { this.leave(); }
    }
    if (t.kind === "ident" && (t.text === "true" || t.text === "false")) { this.next(); return { k: "bool", value: t.text === "true", span: t.span }; }
    if (t.kind === "ident") return this.pathExpr();
    if (t.kind === "eof") this.fail("expected expression, found end of input");
    return this.fail(`expected expression, found \`${t.text}\``);
  }

  pathExpr(): Expr {
    const first = this.ident("an expression");
    const segs = [first.text];
    let end = first.span.end;
    while (this.is("::")) {
      this.next();
      if (this.is("<")) { end = this.skipGenerics(); continue; }
      const s = this.ident("a path segment");
      segs.push(s.text);
      end = s.span.end;
    }
    if (this.is("!")) {
      this.next();
      const name = segs.join("::");
      if (!this.is("(")) this.unsupported(`the \`${name}!\` macro with \`${this.peek().text}\` delimiters`);
      const args = this.args("(", ")");
      return { k: "macro", name, args: args.items, span: { start: first.span.start, end: args.end } };
    }
    if (this.is("{") && /^[A-Z]/.test(segs[segs.length - 1]!)) this.unsupported("struct literal expressions (use the type's constructor)");
    return { k: "path", segs, span: { start: first.span.start, end } };
  }

  /** Skips `<…>` generic arguments (a turbofish); the checker infers them instead. */
  skipGenerics(): number {
    let depth = 0;
    for (;;) {
      const t = this.next();
      if (t.kind === "eof") this.fail("unclosed generic arguments");
      if (t.text === "<") depth++;
      if (t.text === ">") depth--;
      if (t.text === "->") continue;
      if (depth === 0) return t.span.end;
    }
  }

  closure(): Expr {
    const start = this.peek().span.start;
    if (this.eat("||")) this.unsupported("closures without exactly one parameter");
    this.expect("|");
    const param = this.ident("a closure parameter");
    if (this.is(":")) this.unsupported("typed closure parameters");
    if (!this.is("|")) this.unsupported("closures without exactly one parameter");
    this.next();
    const body = this.expr();
    return { k: "closure", param: param.text, body, span: { start, end: body.span.end } };
  }

  // ---- types ----
  type(): TypeAst {
    this.enter();
    try {
      const t = this.peek();
      if (this.is("&") || this.is("&&")) {
        this.next();
        if (this.peek().kind === "lifetime") this.next();
        const mut = this.eat("mut");
        const to = this.type();
        const inner: TypeAst = { k: "ref", mut, to, span: { start: t.span.start, end: to.span.end } };
        return t.text === "&&" ? { k: "ref", mut: false, to: inner, span: inner.span } : inner;
      }
      if (this.is("*")) {
        this.next();
        const mut = this.eat("mut");
        if (!mut) this.expect("const");
        const to = this.type();
        return { k: "raw", mut, to, span: { start: t.span.start, end: to.span.end } };
      }
      if (this.is("[")) {
        this.next();
        const of = this.type();
        if (!this.eat(";")) this.unsupported("slice types");
        const len = this.peek();
        if (len.kind !== "int") this.fail("expected an array length");
        this.next();
        const c = this.expect("]");
        return { k: "array", of, len: len.value!, span: { start: t.span.start, end: c.span.end } };
      }
      if (this.is("(")) {
        this.next();
        const c = this.expect(")");
        return { k: "unit", span: { start: t.span.start, end: c.span.end } };
      }
      if (this.is("_")) { this.next(); return { k: "infer", span: t.span }; }
      if (t.kind === "ident" && (t.text === "impl" || t.text === "dyn" || t.text === "fn")) this.unsupported(`\`${t.text}\` types`);
      let name = this.ident("a type").text;
      let end = t.span.end;
      while (this.is("::")) { this.next(); const s = this.ident("a path segment"); name = s.text; end = s.span.end; }
      const args: TypeAst[] = [];
      if (this.eat("<")) {
        while (!this.is(">")) {
          if (this.peek().kind === "lifetime") this.next();
          else args.push(this.type());
          if (!this.eat(",")) break;
        }
        end = this.expect(">").span.end;
      }
      return { k: "path", name, args, span: { start: t.span.start, end } };
    } finally {
      this.leave();
    }
  }

  // ---- prelude items ----
  items(): PreludeDecls {
    const structs: StructDecl[] = [];
    const impls: ImplDecl[] = [];
    const fns: FnSig[] = [];
    let reprC = false;
    while (this.peek().kind !== "eof") {
      if (this.is("#!") || this.is("#")) {
        this.next();
        const attr = this.skipBalanced("[", "]");
        if (/repr\s*\(\s*C/.test(attr)) reprC = true;
        continue;
      }
      if (this.eat("pub")) continue;
      if (this.is("use") || this.is("static") || this.is("const")) { while (!this.is(";")) this.next(); this.next(); continue; }
      if (this.is("struct")) { structs.push(this.structDecl(reprC)); reprC = false; continue; }
      if (this.is("impl")) { impls.push(this.implDecl()); continue; }
      if (this.is("fn") || this.is("unsafe")) { fns.push(this.fnSig()); continue; }
      this.fail(`unexpected \`${this.peek().text}\` in prelude`);
    }
    return { structs, impls, fns };
  }

  skipBalanced(open: string, close: string): string {
    this.expect(open);
    let depth = 1;
    let text = "";
    while (depth > 0) {
      const t = this.next();
      if (t.kind === "eof") this.fail(`unclosed \`${open}\``);
      if (t.text === open) depth++;
      if (t.text === close) depth--;
      text += t.text + " ";
    }
    return text;
  }

  structDecl(reprC: boolean): StructDecl {
    this.expect("struct");
    const name = this.next().text;
    this.expect("{");
    const fields: { name: string; ty: TypeAst }[] = [];
    while (!this.is("}")) {
      this.eat("pub");
      const f = this.next().text;
      this.expect(":");
      fields.push({ name: f, ty: this.type() });
      if (!this.eat(",")) break;
    }
    this.expect("}");
    return { name, reprC, fields };
  }

  implDecl(): ImplDecl {
    this.expect("impl");
    let trait: string | null = null;
    let self = this.next().text;
    if (this.eat("for")) { trait = self; self = this.next().text; }
    this.expect("{");
    const fns: FnSig[] = [];
    let output: TypeAst | null = null;
    while (!this.is("}")) {
      if (this.eat("pub")) continue;
      if (this.eat("type")) { this.next(); this.expect("="); output = this.type(); this.expect(";"); continue; }
      fns.push(this.fnSig());
    }
    this.expect("}");
    return { self, trait, fns, output };
  }

  fnSig(): FnSig {
    const unsafe = this.eat("unsafe");
    this.expect("fn");
    const name = this.next().text;
    this.expect("(");
    let receiver: TypeAst | null = null;
    const params: { name: string; ty: TypeAst }[] = [];
    while (!this.is(")")) {
      const at = this.peek().span;
      const selfType = (mut: boolean, ref: boolean): TypeAst => {
        const s: TypeAst = { k: "path", name: "Self", args: [], span: at };
        return ref ? { k: "ref", mut, to: s, span: at } : s;
      };
      if (this.is("&") && (this.is("self", 1) || (this.is("mut", 1) && this.is("self", 2)))) {
        this.next();
        const mut = this.eat("mut");
        this.next();
        receiver = selfType(mut, true);
      } else {
        this.eat("mut");
        const p = this.next().text;
        if (p === "self" && !this.is(":")) receiver = selfType(false, false);
        else {
          this.expect(":");
          const ty = this.type();
          if (p === "self") receiver = ty; else params.push({ name: p, ty });
        }
      }
      if (!this.eat(",")) break;
    }
    this.expect(")");
    const ret = this.eat("->") ? this.type() : null;
    this.skipBalanced("{", "}");
    return { name, unsafe, receiver, params, ret };
  }
}

/** Parses a player's program: the statements of `fn main()`'s body. Never throws. */
export function parseProgram(src: string): { ok: true; block: Block } | { ok: false; error: ParseError } {
  const lexed = lex(src);
  if ("error" in lexed) return { ok: false, error: { kind: "syntax", ...lexed.error } };
  const p = new Parser(lexed.tokens);
  try {
    const block = p.block("");
    return { ok: true, block };
  } catch (e) {
    if (e instanceof Fail) return { ok: false, error: e.error };
    throw e;
  }
}

/** Parses the item headers of a prelude (trusted text shipped with the stage). Throws on text it cannot read. */
export function parsePrelude(src: string): PreludeDecls {
  const lexed = lex(src);
  if ("error" in lexed) throw new Error(`prelude: ${lexed.error.message}`);
  const p = new Parser(lexed.tokens);
  try {
    return p.items();
  } catch (e) {
    if (e instanceof Fail) throw new Error(`prelude: ${e.error.message} at ${e.error.span.start}`);
    throw e;
  }
}
