/**
 * The compiler's verdict on a player's program, as rustc 1.95 gives it for `prelude + fn main() { program }`.
 *
 * rustc reports in phases, and so does this checker (observed: a program with both E0308 and an unsafe raw deref
 * gets only E0308): (1) name resolution and type checking — E0425, E0433, E0599, E0277, E0308, E0282, E0609, E0614;
 * only if those are clean, (2) the unsafety check (E0133) and the borrow checker — E0382, E0505, E0499, E0502,
 * E0503, E0506, E0507, E0596, E0594, E0716, E0597.
 *
 * Borrow checking is NLL on straight-line code: a loan is live while a variable holding it (or a temporary of the
 * current statement) is used later. The checker runs twice: the first pass records every variable's uses, the
 * second uses them for liveness. Omits: two-phase borrows beyond method arguments, control flow, lifetimes in
 * user types, drop-order checks of values holding references.
 */
import type { Block, Expr, PreludeDecls, Span, Stmt, TypeAst } from "./ast.ts";
import type { Diagnostic } from "./diagnostics.ts";
import { fmtError, implementsFmt, parseFormat } from "./format.ts";
import { PATH_ALIASES, PIN_MACROS, pinTarget, STD_METHODS, type RecvKind } from "./std-api.ts";
import {
  adt, buildWorld, ERROR, isAdt, isCopy, isUnpin, ref, resolveTypeAst, sameTy, show, STD_TYPES, STRING, UNIT, USIZE,
  type Ty, type TypeWorld,
} from "./types.ts";

/** A prelude method or function, with `Self` resolved. */
export interface UserFn {
  readonly owner: string | null;
  readonly name: string;
  readonly unsafe: boolean;
  readonly recv: RecvKind | null;
  readonly params: readonly Ty[];
  readonly paramNames: readonly string[];
  readonly ret: Ty;
}

export interface Env {
  readonly world: TypeWorld;
  /** "Owner::name" → function (trait methods such as `Countdown::poll` included). */
  readonly fns: ReadonlyMap<string, UserFn>;
}

export function buildEnv(decls: PreludeDecls): Env {
  const world = buildWorld(decls);
  const known = (n: string) => world.structs.has(n);
  const fns = new Map<string, UserFn>();
  const res = (t: TypeAst | null, self: string | null): Ty => {
    if (!t) return UNIT;
    const r = resolveTypeAst(t, self, known);
    if (typeof r === "string") throw new Error(`prelude names unknown type ${r}`);
    return r;
  };
  const recvKind = (t: TypeAst): RecvKind => {
    if (t.k === "path" && t.name === "Self") return "value";
    if (t.k === "ref") return t.mut ? "mut" : "ref";
    if (t.k === "path" && t.name === "Pin" && t.args[0]?.k === "ref") return t.args[0].mut ? "pinMut" : "pinRef";
    throw new Error("prelude: unsupported receiver");
  };
  for (const impl of decls.impls) {
    if (impl.trait === "Drop" || impl.trait === "Unpin") continue;
    for (const f of impl.fns) {
      fns.set(`${impl.self}::${f.name}`, {
        owner: impl.self, name: f.name, unsafe: f.unsafe, recv: f.receiver ? recvKind(f.receiver) : null,
        params: f.params.map((p) => res(p.ty, impl.self)), paramNames: f.params.map((p) => p.name), ret: res(f.ret, impl.self),
      });
    }
  }
  for (const f of decls.fns) {
    if (f.name.startsWith("noop_raw")) continue;
    fns.set(f.name, { owner: null, name: f.name, unsafe: f.unsafe, recv: null, params: f.params.map((p) => res(p.ty, null)), paramNames: f.params.map((p) => p.name), ret: res(f.ret, null) });
  }
  return { world, fns };
}

// ---------------------------------------------------------------------------------------------------------------
// What the interpreter needs from type checking.

/** How a call was resolved: the canonical function, and for method calls the receiver's adjustments. */
export interface CallRes {
  readonly fn: string;
  /** Derefs applied to the receiver before `autoref` (method calls only). */
  readonly derefs: number;
  readonly autoref: "" | "&" | "&mut";
}

export interface CheckResult {
  readonly diagnostics: Diagnostic[];
  readonly calls: Map<Expr, CallRes>;
  /** The type of every `let` binding, by statement. */
  readonly letTypes: Map<Stmt, Ty>;
  readonly unsafeBlocks: number;
  readonly statements: number;
}

// ---------------------------------------------------------------------------------------------------------------

type Proj =
  | { readonly k: "field"; readonly name: string }
  | { readonly k: "deref"; readonly via: "ref" | "mut" | "box" | "pin" | "raw"; readonly ptr: Ty }
  | { readonly k: "index"; readonly vec: Ty };

interface Place {
  readonly root: number;
  readonly proj: readonly Proj[];
}

interface Binding {
  readonly id: number;
  readonly name: string;
  readonly mut: boolean;
  ty: Ty;
  readonly span: Span;
  /** A temporary (an rvalue borrowed or pinned); `stmtTemp` ones die at the end of their statement. */
  readonly temp: boolean;
  readonly stmtTemp: boolean;
  readonly loans: Set<number>;
  moved: Map<string, Span>;
  dead: boolean;
  /** Declared with `let x;` and not assigned yet. */
  uninit: boolean;
}

interface Loan {
  readonly id: number;
  readonly place: Place;
  readonly mut: boolean;
  readonly span: Span;
}

interface Val {
  readonly ty: Ty;
  readonly loans: ReadonlySet<number>;
}

const NO_LOANS: ReadonlySet<number> = new Set();

/** Modules whose other items exist in std but are not modelled (reported as unsupported, never as E0425). */
const STD_MODULES = ["std", "core", "alloc", "mem", "ptr"];
export const PRINT_MACROS = ["println", "print", "std::println", "std::print"];
/** Methods every type has through blanket impls (Into, Borrow, Any …): not modelled, so never judged E0599. */
/** Method names std types have beyond the modelled ones (so a prelude method of that name is not surely E0599). */
const COMMON_STD_NAMES = ["clone", "as_ref", "as_mut", "get_mut", "get", "set", "len", "push", "take", "replace"];
const BLANKET_METHODS = ["into", "try_into", "borrow", "borrow_mut", "type_id", "from", "eq", "ne"];

class Checker {
  readonly typeErrors: Diagnostic[] = [];
  readonly borrowErrors: Diagnostic[] = [];
  readonly calls = new Map<Expr, CallRes>();
  readonly letTypes = new Map<Stmt, Ty>();
  readonly bindings: Binding[] = [];
  readonly loans: Loan[] = [];
  /** Uses of each binding (source offsets), recorded by the first pass. */
  uses: number[][] = [];
  readonly usesNow: number[][] = [];
  scopes: Map<string, number>[] = [new Map()];
  unsafeDepth = 0;
  unsafeBlocks = 0;
  statements = 0;
  /** Loans held by values of the statement being evaluated (temporaries). */
  pending = new Set<number>();
  vars: { ty: Ty | null; int: boolean }[] = [];
  reportedMoves = new Set<string>();

  readonly env: Env;
  constructor(env: Env) { this.env = env; }

  // ---- errors ----
  typeError(code: string, message: string, span: Span, extra: Partial<Diagnostic> = {}): void {
    this.typeErrors.push({ code, message, span, ...extra });
  }
  borrowError(code: string, message: string, span: Span, extra: Partial<Diagnostic> = {}): void {
    if (this.borrowErrors.some((e) => e.code === code && e.span.start === span.start)) return;
    this.borrowErrors.push({ code, message, span, ...extra });
  }

  // ---- inference ----
  fresh(int = false): Ty {
    this.vars.push({ ty: null, int });
    return { k: "var", id: this.vars.length - 1, int };
  }
  resolve(t: Ty): Ty {
    switch (t.k) {
      case "var": { const v = this.vars[t.id]; return v && v.ty ? this.resolve(v.ty) : t; }
      case "ref": case "raw": return { ...t, to: this.resolve(t.to) };
      case "array": return { ...t, of: this.resolve(t.of) };
      case "adt": return t.args.length ? { ...t, args: t.args.map((a) => this.resolve(a)) } : t;
      default: return t;
    }
  }
  unify(a0: Ty, b0: Ty): boolean {
    const a = this.resolve(a0), b = this.resolve(b0);
    if (a.k === "error" || b.k === "error") {
      // An unknown type absorbs the variable, so later uses stay silent (rustc suppresses errors on error types).
      const v = a.k === "var" ? a : b.k === "var" ? b : null;
      if (v) this.vars[v.id]!.ty = ERROR;
      return true;
    }
    if (a.k === "var" || b.k === "var") {
      const [v, o] = a.k === "var" ? [a, b] : [b as Extract<Ty, { k: "var" }>, a];
      if (o.k === "var") {
        if (o.id === v.id) return true;
        if (v.int && !o.int) { this.vars[o.id]!.ty = v; return true; }
        this.vars[v.id]!.ty = o;
        return true;
      }
      if (v.int && o.k !== "int") return false;
      this.vars[v.id]!.ty = o;
      return true;
    }
    if (a.k !== b.k) return false;
    switch (a.k) {
      case "int": return a.name === (b as typeof a).name;
      case "ref": case "raw": return a.mut === (b as typeof a).mut && this.unify(a.to, (b as typeof a).to);
      case "array": return a.len === (b as typeof a).len && this.unify(a.of, (b as typeof a).of);
      case "adt": {
        const o = b as typeof a;
        return a.name === o.name && a.args.length === o.args.length && a.args.every((x, i) => this.unify(x, o.args[i]!));
      }
      default: return sameTy(a, b);
    }
  }
  /** Coercion at a coercion site (Rust reference, "Type coercions"): reborrow &mut→&, ref→raw, deref coercion. */
  coerce(from0: Ty, to0: Ty, span?: Span): boolean {
    const from = this.resolve(from0), to = this.resolve(to0);
    if (from.k === "ref" && to.k === "ref" && (from.mut || !to.mut)) {
      let t: Ty | null = from.to;
      for (let i = 0; t && i < 4; i++) {
        if (this.tryUnify(t, to.to)) return true;
        // `&mut` deref coercion needs DerefMut at every step; for a Pin of a !Unpin target the coercion still
        // type-checks and the borrow checker reports E0596 (observed with rustc 1.95).
        const r = this.resolve(t);
        if (to.mut && span && isAdt(r, "Pin") && !isUnpin(this.env.world, this.resolve(pinTarget(r)))) {
          this.borrowError("E0596", `cannot borrow data in dereference of \`${show(r)}\` as mutable`, span);
        }
        t = this.derefTarget(t);
      }
    }
    if (from.k === "ref" && to.k === "raw" && (from.mut || !to.mut)) return this.unify(from.to, to.to);
    if (from.k === "raw" && to.k === "raw" && from.mut && !to.mut) return this.unify(from.to, to.to);
    return this.unify(from, to);
  }
  tryUnify(a: Ty, b: Ty): boolean {
    const saved = this.vars.map((v) => ({ ...v }));
    if (this.unify(a, b)) return true;
    this.vars = saved;
    return false;
  }
  /** The type `*t` (Deref::Target) for the autoderef chain; null when `t` does not deref. */
  derefTarget(t0: Ty): Ty | null {
    const t = this.resolve(t0);
    if (t.k === "ref") return t.to;
    if (t.k === "adt" && t.name === "Box") return t.args[0]!;
    if (t.k === "adt" && t.name === "Pin") return pinTarget(t);
    if (t.k === "adt" && t.name === "String") return { k: "str" };
    return null;
  }

  // ---- bindings and places ----
  bind(name: string, mut: boolean, ty: Ty, span: Span, temp = false, stmtTemp = false): Binding {
    const b: Binding = { id: this.bindings.length, name, mut, ty, span, temp, stmtTemp, loans: new Set(), moved: new Map(), dead: false, uninit: false };
    this.bindings.push(b);
    this.usesNow.push([]);
    if (!temp) this.scopes[this.scopes.length - 1]!.set(name, b.id);
    return b;
  }
  lookup(name: string): Binding | null {
    for (let i = this.scopes.length - 1; i >= 0; i--) {
      const id = this.scopes[i]!.get(name);
      if (id !== undefined) return this.bindings[id]!;
    }
    return null;
  }
  usedLater(b: Binding, after: number): boolean {
    return !b.dead && (this.uses[b.id] ?? []).some((u) => u > after);
  }
  loanLive(l: Loan, at: number): boolean {
    if (this.pending.has(l.id)) return true;
    return this.bindings.some((b) => b.loans.has(l.id) && this.usedLater(b, at));
  }
  placeName(p: Place): string {
    let s = this.bindings[p.root]!.name;
    p.proj.forEach((q, i) => {
      if (q.k === "field") s += `.${q.name}`;
      else if (q.k === "index") s += "[_]";
      else if (i === p.proj.length - 1 || p.proj[i + 1]!.k !== "field") s = `*${s}`;
    });
    return s;
  }
  movePath(p: Place): string | null {
    if (p.proj.some((q) => q.k !== "field")) return null;
    return p.proj.map((q) => (q as { name: string }).name).join(".");
  }
  overlaps(a: Place, b: Place): boolean {
    if (a.root !== b.root) return false;
    const n = Math.min(a.proj.length, b.proj.length);
    for (let i = 0; i < n; i++) {
      const x = a.proj[i]!, y = b.proj[i]!;
      if (x.k !== y.k) return false;
      if (x.k === "field" && x.name !== (y as typeof x).name) return false;
    }
    return true;
  }
  conflicting(p: Place, at: number, mutOnly: boolean): Loan | null {
    for (const l of this.loans) if ((!mutOnly || l.mut) && this.overlaps(l.place, p) && this.loanLive(l, at)) return l;
    return null;
  }

  /** The Pin a place is reached through: `Deref`/`DerefMut` for Pin are method calls that borrow the Pin itself. */
  overloadedPrefix(p: Place): Place | null {
    const i = p.proj.findIndex((q) => q.k === "deref" && q.via === "pin");
    return i < 0 ? null : { root: p.root, proj: p.proj.slice(0, i) };
  }

  /** E0509: moving a field out of a value whose type implements Drop. */
  dropOwner(p: Place): string | null {
    let ty = this.bindings[p.root]!.ty;
    for (const q of p.proj) {
      const t = this.resolve(ty);
      if (q.k !== "field" || t.k !== "adt") return null;
      if (this.env.world.dropImpls.has(t.name)) return t.name;
      ty = this.env.world.structs.get(t.name)?.fields.find((f) => f.name === q.name)?.ty ?? ERROR;
    }
    return null;
  }

  /** E0382: the place (or a part or parent of it) was moved. */
  checkMoved(p: Place, span: Span, what: "use" | "borrow"): boolean {
    const b = this.bindings[p.root]!;
    if (b.uninit) {
      this.borrowError("E0381", `used binding \`${b.name}\` isn't initialized`, span, { label: `\`${b.name}\` used here but it isn't initialized` });
      return true;
    }
    const path = this.movePath(p) ?? (p.proj.length ? null : "");
    const prefix = p.proj.filter((q) => q.k === "field").map((q) => (q as { name: string }).name);
    for (const [moved] of b.moved) {
      const m = moved === "" ? [] : moved.split(".");
      const isPrefix = m.length <= prefix.length && m.every((x, i) => prefix[i] === x);
      const isPart = path !== null && m.length > prefix.length && prefix.every((x, i) => m[i] === x);
      if (isPrefix || isPart) {
        const key = `${b.id}:${span.start}`;
        if (!this.reportedMoves.has(key)) {
          this.reportedMoves.add(key);
          const partially = isPart ? "partially " : "";
          this.borrowError("E0382", `${what} of ${partially}moved value: \`${this.placeName(p)}\``, span,
            { label: `value ${what === "use" ? "used" : "borrowed"} here after ${partially ? "partial " : ""}move` });
        }
        return true;
      }
    }
    return false;
  }

  /** Can `p` be mutated (borrowed `&mut` or assigned)? Reports E0596 / E0594 in rustc's words. */
  checkMutable(p: Place, span: Span, assign: boolean): boolean {
    const name = this.placeName(p);
    // Walk from the last deref back (the Rust reference, "Mutability" of place expressions): a `&mut` deref makes
    // the variable's own mutability irrelevant, but a shared `&` anywhere above it still forbids mutation.
    let throughMut = false;
    for (let i = p.proj.length - 1; i >= 0; i--) {
      const q = p.proj[i]!;
      if (q.k !== "deref") continue;
      if (q.via === "mut") { throughMut = true; continue; }
      if (q.via === "raw") {
        const raw = this.resolve(q.ptr);
        if (raw.k === "raw" && !raw.mut) {
          this.borrowError(assign ? "E0594" : "E0596", assign ? `cannot assign to \`${name}\`, which is behind a \`*const\` pointer`
            : `cannot borrow \`${name}\` as mutable, as it is behind a \`*const\` pointer`, span);
        }
        return false;
      }
      if (q.via === "ref") {
        this.borrowError(assign ? "E0594" : "E0596", assign ? `cannot assign to \`${name}\`, which is behind a \`&\` reference`
          : `cannot borrow \`${name}\` as mutable, as it is behind a \`&\` reference`, span);
        return false;
      }
      if (q.via === "pin") {
        if (throughMut) continue;
        // DerefMut for Pin<Ptr> requires Ptr::Target: Unpin (std::pin::Pin docs), then borrows the Pin itself mutably.
        const target = pinTarget(this.resolve(q.ptr));
        if (!isUnpin(this.env.world, this.resolve(target))) {
          const pin = show(this.resolve(q.ptr));
          this.borrowError(assign ? "E0594" : "E0596", assign ? `cannot assign to data in dereference of \`${pin}\``
            : `cannot borrow data in dereference of \`${pin}\` as mutable`, span,
          { notes: [`trait \`DerefMut\` is required to modify through a dereference, but it is not implemented for \`${pin}\``] });
          return true;
        }
        const inner = this.resolve(q.ptr);
        if (inner.k === "adt" && inner.args[0]?.k === "ref" && !inner.args[0].mut) {
          this.borrowError(assign ? "E0594" : "E0596", `cannot ${assign ? "assign to" : "borrow"} data in dereference of \`${show(inner)}\`${assign ? "" : " as mutable"}`, span);
          return false;
        }
        // Otherwise the Pin place itself must be mutable: keep walking towards the variable.
      }
    }
    if (throughMut) return false;
    const b = this.bindings[p.root]!;
    if (!b.mut && !b.temp) {
      this.borrowError(assign ? "E0594" : "E0596", assign ? `cannot assign to \`${name}\`, as \`${b.name}\` is not declared as mutable`
        : `cannot borrow \`${name}\` as mutable, as it is not declared as mutable`, span, { help: "consider changing this to be mutable" });
    }
    return false;
  }

  borrow(p: Place, mut0: boolean, span: Span): Val {
    const b = this.bindings[p.root]!;
    this.checkMoved(p, span, "borrow");
    // Without DerefMut, rustc's MIR goes through `Deref::deref(&pin)`: after the E0596 the loan is a shared one.
    const mut = mut0 && !this.checkMutable(p, span, false);
    const c = this.conflicting(p, span.start, !mut);
    if (c) {
      const pin = this.overloadedPrefix(p);
      const name = this.placeName(pin ?? p);
      if (mut && c.mut) this.borrowError("E0499", `cannot borrow \`${name}\` as mutable more than once at a time`, span, { label: "second mutable borrow occurs here" });
      else if (mut) this.borrowError("E0502", `cannot borrow \`${name}\` as mutable because it is also borrowed as immutable`, span);
      else this.borrowError("E0502", `cannot borrow \`${name}\` as immutable because it is also borrowed as mutable`, span);
    }
    const loan: Loan = { id: this.loans.length, place: p, mut, span };
    this.loans.push(loan);
    return { ty: ERROR, loans: new Set([loan.id, ...b.loans]) };
  }

  /** Reads a place by value: a copy for Copy types, else a move (E0507 / E0382 / E0505 checks). */
  readPlace(p: Place, ty: Ty, span: Span, sourceTy: (i: number) => string): Val {
    const b = this.bindings[p.root]!;
    const rty = this.resolve(ty);
    if (rty.k === "str") {
      this.typeError("E0277", "the size for values of type `str` cannot be known at compilation time", span);
      return { ty: ERROR, loans: NO_LOANS };
    }
    if (isCopy(this.env.world, rty)) {
      this.checkMoved(p, span, "use");
      const c = this.conflicting(p, span.start, true);
      const pin = this.overloadedPrefix(p);
      if (c && pin) this.borrowError("E0502", `cannot borrow \`${this.placeName(pin)}\` as immutable because it is also borrowed as mutable`, span);
      else if (c) this.borrowError("E0503", `cannot use \`${this.placeName(p)}\` because it was mutably borrowed`, span);
      return { ty: rty, loans: new Set(b.loans) };
    }
    const di = p.proj.findIndex((q) => q.k !== "field");
    if (di >= 0) {
      const q = p.proj[di] as Exclude<Proj, { k: "field" }>;
      if (q.k === "deref" && q.via === "box" && di === p.proj.length - 1) {
        // Moving out of a Box is allowed and moves the box (observed: `let m = *b; &b` is E0382 on `b`).
        this.checkMoved(p, span, "use");
        b.moved.set(this.movePath({ root: p.root, proj: p.proj.slice(0, di) }) ?? "", span);
        return { ty: rty, loans: NO_LOANS };
      }
      const name = this.placeName(p);
      let msg: string;
      if (q.k === "index") msg = `cannot move out of index of \`${show(this.resolve(q.vec))}\``;
      else if (q.via === "pin") msg = `cannot move out of dereference of \`${sourceTy(di)}\``;
      else if (q.via === "raw") msg = `cannot move out of \`${name}\` which is behind a raw pointer`;
      else msg = `cannot move out of \`${name}\` which is behind a ${q.via === "mut" ? "mutable" : "shared"} reference`;
      this.borrowError("E0507", msg, span, { label: `move occurs because value has type \`${show(rty)}\`, which does not implement the \`Copy\` trait` });
      return { ty: rty, loans: NO_LOANS };
    }
    if (this.checkMoved(p, span, "use")) return { ty: rty, loans: new Set(b.loans) };
    const owner = this.dropOwner(p);
    if (owner) {
      this.borrowError("E0509", `cannot move out of type \`${owner}\`, which implements the \`Drop\` trait`, span, { label: "cannot move out of here" });
      return { ty: rty, loans: NO_LOANS };
    }
    const c = this.conflicting(p, span.start, false);
    if (c) this.borrowError("E0505", `cannot move out of \`${this.placeName(p)}\` because it is borrowed`, span, { label: "move out of value occurs here" });
    b.moved.set(this.movePath(p) ?? "", span);
    return { ty: rty, loans: new Set(b.loans) };
  }

  // ---- places ----
  isPlaceExpr(e: Expr): boolean {
    return (e.k === "path" && e.segs.length === 1 && e.segs[0] !== "()") || e.k === "field" || e.k === "deref" || e.k === "index";
  }

  /** Evaluates a place expression without reading it. Non-place expressions are evaluated into a temporary. */
  place(e: Expr, stmtTemp = true): { place: Place; ty: Ty } | null {
    switch (e.k) {
      case "path": {
        if (e.segs.length !== 1 || e.segs[0] === "()") break;
        const b = this.lookup(e.segs[0]!);
        if (!b) {
          this.typeError("E0425", `cannot find value \`${e.segs[0]}\` in this scope`, e.span, { label: "not found in this scope" });
          return null;
        }
        this.usesNow[b.id]!.push(e.span.start);
        return { place: { root: b.id, proj: [] }, ty: b.ty };
      }
      case "field": {
        const base = this.place(e.base);
        if (!base) return null;
        let { ty } = base;
        const proj = [...base.place.proj];
        for (let i = 0; i < 5; i++) {
          const t = this.resolve(ty);
          if (t.k === "adt") {
            const s = this.env.world.structs.get(t.name);
            const f = s?.fields.find((x) => x.name === e.name);
            if (f) return { place: { root: base.place.root, proj: [...proj, { k: "field", name: e.name }] }, ty: f.ty };
          }
          const step = this.derefProj(t);
          if (!step) break;
          proj.push(step.proj);
          ty = step.ty;
        }
        const t = this.resolve(base.ty);
        const nameSpan = { start: e.span.end - e.name.length, end: e.span.end };
        if (t.k === "int" || t.k === "bool") this.typeError("E0610", `\`${show(t)}\` is a primitive type and therefore doesn't have fields`, nameSpan);
        else if (!this.hasError(t) && !(t.k === "var" && !t.int)) this.typeError("E0609", `no field \`${e.name}\` on type \`${show(t)}\``, nameSpan, { label: "unknown field" });
        return null;
      }
      case "deref": {
        const base = this.place(e.expr);
        if (!base) return null;
        const t = this.resolve(base.ty);
        if (t.k === "raw") {
          if (this.unsafeDepth === 0) {
            this.borrowError("E0133", "dereference of raw pointer is unsafe and requires unsafe function or block", e.span, {
              label: "dereference of raw pointer",
              notes: ["raw pointers may be null, dangling or unaligned; they can violate aliasing rules and cause data races: all of these are undefined behavior"],
            });
          }
          return { place: { root: base.place.root, proj: [...base.place.proj, { k: "deref", via: "raw", ptr: t }] }, ty: t.to };
        }
        const step = this.derefProj(t);
        if (!step) {
          if (t.k !== "error") this.typeError("E0614", `type \`${show(t)}\` cannot be dereferenced`, e.span);
          return null;
        }
        return { place: { root: base.place.root, proj: [...base.place.proj, step.proj] }, ty: step.ty };
      }
      case "index": {
        const base = this.place(e.base);
        const idx = this.expr(e.index);
        if (!base) return null;
        if (!this.unify(idx.ty, USIZE)) this.typeError("E0277", `the type \`[${show(this.resolve(this.vecElem(base.ty) ?? ERROR))}]\` cannot be indexed by \`${show(this.resolve(idx.ty))}\``, e.index.span);
        let ty = base.ty;
        const proj = [...base.place.proj];
        for (let i = 0; i < 4; i++) {
          const t = this.resolve(ty);
          if (isAdt(t, "Vec")) return { place: { root: base.place.root, proj: [...proj, { k: "index", vec: t }] }, ty: t.args[0]! };
          const step = this.derefProj(t);
          if (!step) break;
          proj.push(step.proj);
          ty = step.ty;
        }
        const t = this.resolve(base.ty);
        if (t.k !== "error") this.typeError("E0608", `cannot index into a value of type \`${show(t)}\``, e.span);
        return null;
      }
      default: break;
    }
    // An rvalue: evaluate it into a temporary that lives to the end of the statement.
    const v = this.expr(e);
    const tmp = this.bind("<temporary>", true, v.ty, e.span, true, stmtTemp);
    for (const l of v.loans) tmp.loans.add(l);
    return { place: { root: tmp.id, proj: [] }, ty: v.ty };
  }

  vecElem(t: Ty): Ty | null {
    const r = this.resolve(t);
    return isAdt(r, "Vec") ? r.args[0]! : null;
  }

  derefProj(t0: Ty): { proj: Proj; ty: Ty } | null {
    const t = this.resolve(t0);
    if (t.k === "ref") return { proj: { k: "deref", via: t.mut ? "mut" : "ref", ptr: t }, ty: t.to };
    if (isAdt(t, "Box")) return { proj: { k: "deref", via: "box", ptr: t }, ty: t.args[0]! };
    if (isAdt(t, "Pin")) return { proj: { k: "deref", via: "pin", ptr: t }, ty: pinTarget(t) };
    // String: Deref<Target = str> and DerefMut, so mutability is inherited like a Box's.
    if (isAdt(t, "String")) return { proj: { k: "deref", via: "box", ptr: t }, ty: { k: "str" } };
    return null;
  }

  // ---- expressions ----
  expr(e: Expr, expected: Ty | null = null): Val {
    switch (e.k) {
      case "str": return { ty: ref(false, { k: "str" }), loans: NO_LOANS };
      case "int": return { ty: this.fresh(true), loans: NO_LOANS };
      case "bool": return { ty: { k: "bool" }, loans: NO_LOANS };
      case "path": {
        if (e.segs.length === 1 && e.segs[0] === "()") return { ty: UNIT, loans: NO_LOANS };
        if (e.segs.length === 1 && e.segs[0] === "PhantomPinned" && !this.lookup("PhantomPinned")) return { ty: adt("PhantomPinned"), loans: NO_LOANS };
        if (e.segs.length === 1) {
          const r = this.place(e);
          if (!r) return { ty: ERROR, loans: NO_LOANS };
          return this.readPlace(r.place, r.ty, e.span, () => "");
        }
        const name = e.segs.join("::");
        if (e.segs[0]! in STD_TYPES || STD_MODULES.includes(e.segs[0]!)) {
          this.typeError("unsupported", `unsupported in this game: \`${name}\``, e.span);
          return { ty: ERROR, loans: NO_LOANS };
        }
        this.typeError("E0423", `expected value, found \`${name}\``, e.span, { label: "not a value (call it)" });
        return { ty: ERROR, loans: NO_LOANS };
      }
      case "field": case "deref": case "index": {
        const r = this.place(e);
        if (!r) return { ty: ERROR, loans: NO_LOANS };
        return this.readPlace(r.place, r.ty, e.span, (i) => show(this.resolve((r.place.proj[i] as { ptr: Ty }).ptr)));
      }
      case "ref": {
        const r = this.place(e.expr, !this.extending);
        if (!r) return { ty: ERROR, loans: NO_LOANS };
        const v = this.borrow(r.place, e.mut, e.span);
        return { ty: ref(e.mut, r.ty), loans: v.loans };
      }
      case "unsafe": {
        this.unsafeBlocks++;
        this.unsafeDepth++;
        const v = this.block(e.block, true);
        this.unsafeDepth--;
        return v;
      }
      case "macro": return this.macro(e);
      case "binary": return this.binary(e);
      case "call": return this.call(e);
      case "method": return this.method(e);
      case "closure": {
        const param = expected && expected.k === "closure" ? expected.param : this.fresh();
        this.scopes.push(new Map());
        const pb = this.bind(e.param, false, param, e.span);
        const saved = this.pending;
        this.pending = new Set();
        const body = this.expr(e.body);
        this.pending = saved;
        pb.dead = true;
        this.scopes.pop();
        return { ty: { k: "closure", param, ret: this.resolve(body.ty) }, loans: NO_LOANS };
      }
    }
  }

  /** True while evaluating the operand of `let x = &…` / `let x = pin!(…)`, whose temporary lives as long as `x`. */
  extending = false;

  /** Integer arithmetic and comparison (other operand types are outside the subset). */
  binary(e: Extract<Expr, { k: "binary" }>): Val {
    const l = this.expr(e.left), r = this.expr(e.right);
    const lt = this.resolve(l.ty), rt = this.resolve(r.ty);
    const isInt = (t: Ty) => t.k === "int" || (t.k === "var" && t.int) || t.k === "error";
    const cmp = ["==", "!=", "<", ">", "<=", ">="].includes(e.op);
    if (!isInt(lt) || (cmp && !isInt(rt))) {
      this.typeError("unsupported", `unsupported in this game: \`${e.op}\` on \`${show(isInt(lt) ? rt : lt)}\` (only integers)`, e.opSpan);
      return { ty: ERROR, loans: NO_LOANS };
    }
    // rustc's wording for a missing `Add<R> for L` and friends (observed: "cannot add `&str` to `{integer}`").
    const words: Record<string, string> = { "+": `cannot add \`${show(rt)}\` to \`${show(lt)}\``, "-": `cannot subtract \`${show(rt)}\` from \`${show(lt)}\``,
      "*": `cannot multiply \`${show(lt)}\` by \`${show(rt)}\``, "/": `cannot divide \`${show(lt)}\` by \`${show(rt)}\``,
      "%": `cannot calculate the remainder of \`${show(lt)}\` divided by \`${show(rt)}\`` };
    if (!isInt(rt)) {
      this.typeError("E0277", words[e.op]!, e.opSpan);
      return { ty: lt, loans: NO_LOANS };
    }
    if (!this.unify(lt, rt)) {
      this.mismatch(lt, rt, e.right.span);
      if (!cmp) this.typeError("E0277", words[e.op]!, e.opSpan);
    }
    return { ty: cmp ? { k: "bool" } : lt, loans: NO_LOANS };
  }

  /** println!: format arguments are borrowed (never moved) and must implement the placeholder's trait. */
  println(e: Extract<Expr, { k: "macro" }>): Val {
    const unit = { ty: UNIT, loans: NO_LOANS };
    if (!e.args.length) return unit;
    const fmt = e.args[0]!;
    if (fmt.k !== "str") { this.typeError("error", "format argument must be a string literal", fmt.span); return unit; }
    const parsed = parseFormat(fmt.value);
    if ("error" in parsed) {
      this.typeError(parsed.error.startsWith("unsupported") ? "unsupported" : "error", parsed.error, fmt.span);
      return unit;
    }
    const holes = parsed.pieces.filter((p) => typeof p !== "string") as { trait: "Display" | "Debug" | "Pointer"; capture: string | null; at: number }[];
    const positional = holes.filter((h) => !h.capture).length;
    const given = e.args.length - 1;
    if (positional > given) {
      this.typeError("error", `${positional} positional argument${positional === 1 ? "" : "s"} in format string, but ${given === 0 ? "no arguments were given" : given === 1 ? "there is 1 argument" : `there are ${given} arguments`}`,
        // rustc points at the first placeholder of the format string.
        { start: fmt.span.start + 1 + holes[0]!.at, end: fmt.span.start + 3 + holes[0]!.at });
      return unit;
    }
    if (given > positional) { this.typeError("error", "argument never used", e.args[1 + positional]!.span); return unit; }
    let next = 1;
    for (const h of holes) {
      const at = fmt.span.start + 1 + h.at;
      const arg: Expr = h.capture ? { k: "path", segs: [h.capture], span: { start: at, end: at + h.capture.length + 2 } } : e.args[next++]!;
      let ty: Ty;
      if (this.isPlaceExpr(arg)) {
        const r = this.place(arg);
        if (!r) continue;
        this.borrow(r.place, false, arg.span);
        ty = this.resolve(r.ty);
      } else ty = this.resolve(this.expr(arg).ty);
      if (!implementsFmt(this.env.world, ty, h.trait)) {
        let inner = ty;
        while (inner.k === "ref" && h.trait !== "Pointer") inner = inner.to;
        this.typeError("E0277", fmtError(ty, show(inner), h.trait), h.capture ? { start: at, end: at + 1 } : arg.span);
      }
    }
    return unit;
  }

  macro(e: Extract<Expr, { k: "macro" }>): Val {
    if (PRINT_MACROS.includes(e.name)) return this.println(e);
    if (!PIN_MACROS.includes(e.name)) {
        this.typeError("unsupported", `unsupported in this game: the \`${e.name}!\` macro (this game supports \`pin!\` and \`println!\`)`, e.span);
      return { ty: ERROR, loans: NO_LOANS };
    }
    if (e.args.length !== 1) {
      this.typeError("syntax", "`pin!` takes exactly one expression", e.span);
      return { ty: ERROR, loans: NO_LOANS };
    }
    // pin!($value) is `Pin<&mut T>` of a fresh place holding the moved value (std::pin::pin docs).
    const extending = this.extending;
    this.extending = false;
    const v = this.expr(e.args[0]!);
    const slot = this.bind("<pinned>", true, v.ty, e.span, true, !extending);
    for (const l of v.loans) slot.loans.add(l);
    const loan = this.borrow({ root: slot.id, proj: [] }, true, e.span);
    return { ty: adt("Pin", ref(true, v.ty)), loans: loan.loans };
  }

  requireUnsafe(path: string, span: Span): void {
    if (this.unsafeDepth > 0) return;
    this.borrowError("E0133", `call to unsafe function \`${path}\` is unsafe and requires unsafe function or block`, span, {
      label: "call to unsafe function",
      notes: ["consult the function's documentation for information on how to avoid undefined behavior"],
    });
  }

  unpinError(t: Ty, span: Span): void {
    this.typeError("E0277", "`PhantomPinned` cannot be unpinned", span, {
      label: `within \`${show(this.resolve(t))}\`, the trait \`Unpin\` is not implemented for \`PhantomPinned\``,
      notes: ["consider using the `pin!` macro", "consider using `Box::pin` if you need to access the pinned value outside of the current scope"],
    });
  }

  /** Argument passing: evaluate, coerce to the parameter type, report E0308. Returns the loans the value carries. */
  arg(a: Expr, param: Ty): Val {
    const v = a.k === "closure" ? this.expr(a, this.resolve(param)) : this.argValue(a, param);
    // An argument's borrows stay live until the call returns: `mem::swap(&mut a, &mut a)` is E0499.
    for (const l of v.loans) this.pending.add(l);
    const p = this.resolve(param);
    if (p.k === "closure") return v;
    if (!this.coerce(v.ty, p, a.span)) this.mismatch(p, v.ty, a.span);
    return v;
  }

  /** A `&mut` place passed where `&mut T` is expected is reborrowed, not moved (Rust reference: coercion sites). */
  argValue(a: Expr, param: Ty): Val {
    const p = this.resolve(param);
    if (this.isPlaceExpr(a) && p.k === "ref" && p.mut) {
      const r = this.place(a);
      if (!r) return { ty: ERROR, loans: NO_LOANS };
      const t = this.resolve(r.ty);
      if (t.k === "ref" && t.mut) {
        const v = this.borrow({ root: r.place.root, proj: [...r.place.proj, { k: "deref", via: "mut", ptr: t }] }, true, a.span);
        return { ty: t, loans: v.loans };
      }
      return this.readPlace(r.place, r.ty, a.span, () => "");
    }
    return this.expr(a);
  }

  mismatch(expected: Ty, found: Ty, span: Span): void {
    const x = this.resolve(expected), f = this.resolve(found);
    // rustc stays silent when either side already contains an error type.
    if (this.hasError(x) || this.hasError(f)) return;
    this.typeError("E0308", "mismatched types", span, { label: `expected \`${show(x)}\`, found \`${show(f)}\`` });
  }

  call(e: Extract<Expr, { k: "call" }>): Val {
    const saved = new Set(this.pending);
    try {
      return this.callInner(e);
    } finally {
      this.pending = saved;
    }
  }

  callInner(e: Extract<Expr, { k: "call" }>): Val {
    if (e.callee.k !== "path") {
      this.typeError("unsupported", "unsupported in this game: calling something other than a named function", e.callee.span);
      return { ty: ERROR, loans: NO_LOANS };
    }
    const segs = e.callee.segs;
    const written = segs.join("::");
    const canon = PATH_ALIASES[written];
    const span = e.callee.span;
    const argsAll = (params: readonly Ty[]): Val[] => e.args.map((a, i) => this.arg(a, params[i] ?? this.fresh()));
    const arity = (n: number): boolean => {
      if (e.args.length === n) return true;
      this.typeError("E0061", `this function takes ${n} argument${n === 1 ? "" : "s"} but ${e.args.length} argument${e.args.length === 1 ? " was" : "s were"} supplied`, span);
      return false;
    };
    const done = (fn: string, ty: Ty, loans: ReadonlySet<number> = NO_LOANS): Val => {
      this.calls.set(e, { fn, derefs: 0, autoref: "" });
      return { ty, loans };
    };
    const union = (vs: Val[]) => new Set(vs.flatMap((v) => [...v.loans]));
    if (canon) {
      switch (canon) {
        case "Box::pin": case "Box::new": {
          if (!arity(1)) return { ty: ERROR, loans: NO_LOANS };
          const v = this.expr(e.args[0]!);
          return done(canon, canon === "Box::pin" ? adt("Pin", adt("Box", v.ty)) : adt("Box", v.ty), v.loans);
        }
        case "Pin::new": case "Pin::new_unchecked": {
          if (!arity(1)) return { ty: ERROR, loans: NO_LOANS };
          const v = this.expr(e.args[0]!);
          const p = this.resolve(v.ty);
          if (canon === "Pin::new_unchecked") this.requireUnsafe("Pin::<Ptr>::new_unchecked", span);
          if (p.k !== "ref" && !isAdt(p, "Box") && p.k !== "error") {
            this.typeError("E0277", `the trait bound \`${show(p)}: Deref\` is not satisfied`, e.args[0]!.span);
          } else if (canon === "Pin::new" && p.k !== "error" && !isUnpin(this.env.world, this.resolve(pinTarget(adt("Pin", p))))) {
            this.unpinError(pinTarget(adt("Pin", p)), e.args[0]!.span);
          }
          return done(canon, adt("Pin", p), v.loans);
        }
        case "Pin::into_inner": {
          if (!arity(1)) return { ty: ERROR, loans: NO_LOANS };
          const v = this.expr(e.args[0]!);
          const p = this.resolve(v.ty);
          if (!isAdt(p, "Pin")) { this.mismatch(adt("Pin", this.fresh()), p, e.args[0]!.span); return { ty: ERROR, loans: NO_LOANS }; }
          if (!isUnpin(this.env.world, this.resolve(pinTarget(p)))) this.unpinError(pinTarget(p), e.args[0]!.span);
          return done(canon, p.args[0]!, v.loans);
        }
        case "mem::swap": {
          if (!arity(2)) return { ty: ERROR, loans: NO_LOANS };
          const t = this.fresh();
          argsAll([ref(true, t), ref(true, t)]);
          return done(canon, UNIT);
        }
        case "mem::replace": {
          if (!arity(2)) return { ty: ERROR, loans: NO_LOANS };
          const t = this.fresh();
          argsAll([ref(true, t), t]);
          return done(canon, t);
        }
        case "drop": {
          if (!arity(1)) return { ty: ERROR, loans: NO_LOANS };
          argsAll([this.fresh()]);
          return done(canon, UNIT);
        }
        case "Vec::new": if (!arity(0)) return { ty: ERROR, loans: NO_LOANS }; return done(canon, adt("Vec", this.fresh()));
        case "Vec::with_capacity": if (!arity(1)) return { ty: ERROR, loans: NO_LOANS }; argsAll([USIZE]); return done(canon, adt("Vec", this.fresh()));
        case "String::new": if (!arity(0)) return { ty: ERROR, loans: NO_LOANS }; return done(canon, STRING);
        case "String::from": if (!arity(1)) return { ty: ERROR, loans: NO_LOANS }; argsAll([ref(false, { k: "str" })]); return done(canon, STRING);
        case "ptr::null": if (!arity(0)) return { ty: ERROR, loans: NO_LOANS }; return done(canon, { k: "raw", mut: false, to: this.fresh() });
        case "Context::from_waker": {
          if (!arity(1)) return { ty: ERROR, loans: NO_LOANS };
          const vs = argsAll([ref(false, adt("Waker"))]);
          return done(canon, adt("Context"), union(vs));
        }
        case "Future::poll": {
          if (!arity(2)) return { ty: ERROR, loans: NO_LOANS };
          const vs = e.args.map((a) => this.expr(a));
          const recv = this.resolve(vs[0]!.ty);
          const target = isAdt(recv, "Pin") ? this.resolve(pinTarget(recv)) : null;
          const out = target && target.k === "adt" ? this.env.world.futures.get(target.name) : undefined;
          if (!isAdt(recv, "Pin") || recv.args[0]?.k !== "ref" || !recv.args[0].mut) {
            this.mismatch(adt("Pin", ref(true, this.fresh())), recv, e.args[0]!.span);
            return { ty: ERROR, loans: NO_LOANS };
          }
          if (!out) { this.typeError("E0277", `\`${show(target ?? recv)}\` is not a future`, e.args[0]!.span); return { ty: ERROR, loans: NO_LOANS }; }
          if (!this.coerce(vs[1]!.ty, ref(true, adt("Context")))) this.mismatch(ref(true, adt("Context")), vs[1]!.ty, e.args[1]!.span);
          return done(`${target!.k === "adt" ? target!.name : ""}::poll`, adt("Poll", out));
        }
        default: {
          // Pin::as_mut(&mut p) and friends in function-call form.
          const m = STD_METHODS[canon];
          if (m) return this.ufcsStd(e, canon);
        }
      }
    }
    // Prelude functions: `noop_waker()`, `SelfRef::new(..)`, `SelfRef::init(p)`.
    const key = segs.length === 1 ? segs[0]! : segs.length === 2 ? written : "";
    const f = this.env.fns.get(key);
    if (!f && (STD_MODULES.includes(segs[0]!) || (segs.length === 2 && segs[0]! in STD_TYPES) || segs.length > 2)) {
      this.typeError("unsupported", `unsupported in this game: \`${written}\` (this game models only part of std)`, span);
      e.args.forEach((a) => this.expr(a));
      return { ty: ERROR, loans: NO_LOANS };
    }
    if (!f) {
      if (segs.length === 1) this.typeError("E0425", `cannot find function \`${segs[0]}\` in this scope`, span, { label: "not found in this scope" });
      else if (segs.length === 2 && (this.env.world.structs.has(segs[0]!) || segs[0]! in STD_TYPES)) {
        this.typeError("E0599", `no function or associated item named \`${segs[1]}\` found for struct \`${segs[0]}\` in the current scope`, { start: span.end - segs[1]!.length, end: span.end },
          { label: "function or associated item not found" });
      } else if (segs.length === 2 && segs[0] === "mem") {
        this.typeError("E0425", `cannot find function \`${segs[1]}\` in module \`mem\``, span);
      } else this.typeError("E0433", `cannot find type \`${segs[0]}\` in this scope`, span, { label: `use of undeclared type \`${segs[0]}\`` });
      e.args.forEach((a) => this.expr(a));
      return { ty: ERROR, loans: NO_LOANS };
    }
    if (f.unsafe) this.requireUnsafe(segs.join("::"), span);
    const params = f.recv ? [this.recvType(f), ...f.params] : f.params;
    if (!arity(params.length)) return { ty: ERROR, loans: NO_LOANS };
    const vs = argsAll(params);
    return done(key, f.ret, this.hasLifetime(f.ret) ? union(vs) : NO_LOANS);
  }

  recvType(f: UserFn): Ty {
    const self = adt(f.owner!);
    switch (f.recv!) {
      case "value": return self;
      case "ref": return ref(false, self);
      case "mut": return ref(true, self);
      case "pinMut": return adt("Pin", ref(true, self));
      case "pinRef": return adt("Pin", ref(false, self));
    }
  }

  ufcsStd(e: Extract<Expr, { k: "call" }>, canon: string): Val {
    const m = STD_METHODS[canon]!;
    const span = e.callee.span;
    if (e.args.length === 0) { this.typeError("E0061", "this function takes 1 argument but 0 arguments were supplied", span); return { ty: ERROR, loans: NO_LOANS }; }
    const first = this.expr(e.args[0]!);
    const ft = this.resolve(first.ty);
    const self = m.recv === "value" ? ft : ft.k === "ref" ? ft.to : ERROR;
    if (!isAdt(this.resolve(self), "Pin")) { this.mismatch(adt("Pin", this.fresh()), ft, e.args[0]!.span); return { ty: ERROR, loans: NO_LOANS }; }
    if (m.unsafe) this.requireUnsafe(m.unsafePath!, span);
    if (m.unpinBound && !isUnpin(this.env.world, this.resolve(pinTarget(this.resolve(self))))) this.unpinError(pinTarget(this.resolve(self)), e.args[0]!.span);
    const rest = e.args.slice(1).map((a, i) => this.arg(a, m.params(this.resolve(self))[i] ?? this.fresh()));
    const ret = m.ret(this.resolve(self), rest.map((v) => v.ty));
    this.calls.set(e, { fn: canon, derefs: 0, autoref: "" });
    return { ty: ret, loans: new Set([...first.loans, ...rest.flatMap((v) => [...v.loans])]) };
  }

  hasLifetime(t0: Ty): boolean {
    const t = this.resolve(t0);
    if (t.k === "ref") return true;
    if (t.k === "adt") return t.name === "Context" || t.args.some((a) => this.hasLifetime(a));
    return false;
  }

  /** Method probe (rustc's method lookup): for each autoderef step, try by value, then `&`, then `&mut`. */
  method(e: Extract<Expr, { k: "method" }>): Val {
    const saved = new Set(this.pending);
    try {
      return this.methodInner(e);
    } finally {
      this.pending = saved;
    }
  }

  methodInner(e: Extract<Expr, { k: "method" }>): Val {
    const recvIsPlace = this.isPlaceExpr(e.recv);
    const r = recvIsPlace ? this.place(e.recv) : null;
    const rv = recvIsPlace ? null : this.expr(e.recv);
    if (recvIsPlace && !r) { e.args.forEach((a) => this.expr(a)); return { ty: ERROR, loans: NO_LOANS }; }
    const recvTy = this.resolve(r ? r.ty : rv!.ty);
    if (this.hasError(recvTy)) { e.args.forEach((a) => this.expr(a)); return { ty: ERROR, loans: NO_LOANS }; }
    const steps: Ty[] = [recvTy];
    for (let t: Ty | null = this.derefTarget(recvTy); t && steps.length < 6; t = this.derefTarget(t)) steps.push(this.resolve(t));
    const found = this.probe(steps, e.name);
    const anywhere = [...this.env.fns.values()].some((f) => f.name === e.name) || Object.keys(STD_METHODS).some((k) => k.endsWith(`::${e.name}`)) || e.name === "poll";
    const stdNames = new Set(Object.keys(STD_METHODS).map((k) => k.split("::")[1]!));
    const preludeOnly = [...this.env.fns.values()].some((f) => f.name === e.name && f.recv) && !stdNames.has(e.name) && !COMMON_STD_NAMES.includes(e.name);
    const modelled = (t: Ty) => preludeOnly ||
      ((t.k === "int" || t.k === "bool") && stdNames.has(e.name) && !COMMON_STD_NAMES.includes(e.name)) || t.k === "ref" || (t.k === "adt" && (this.env.world.structs.has(t.name) || ["Pin", "Box", "Vec", "String", "Poll"].includes(t.name)));
    if (!found && !steps.every(modelled)) {
      this.typeError("unsupported", `unsupported in this game: methods on \`${show(steps.find((t) => !modelled(t))!)}\``, e.nameSpan);
      e.args.forEach((a) => this.expr(a));
      return { ty: ERROR, loans: NO_LOANS };
    }
    const userOnly = steps.every((t) => (t.k === "adt" && this.env.world.structs.has(t.name)) || t.k === "ref");
    if (!found && !anywhere && !(userOnly && !BLANKET_METHODS.includes(e.name))) {
      // A real method the game does not model (`clone`, `as_str`, `into` …) must not get a made-up verdict.
      this.typeError("unsupported", `unsupported in this game: the method \`${e.name}\` (not part of the modelled subset)`, e.nameSpan);
      e.args.forEach((a) => this.expr(a));
      return { ty: ERROR, loans: NO_LOANS };
    }
    if (!found) {
      const kind = recvTy.k === "ref" ? "reference" : recvTy.k === "raw" ? "raw pointer" : recvTy.k === "adt" ? "struct" : "type";
      const pinnable = steps.some((s) => s.k === "adt" && (this.env.fns.get(`${s.name}::${e.name}`)?.recv === "pinMut" || (e.name === "poll" && this.env.world.futures.has(s.name))));
      this.typeError("E0599", `no method named \`${e.name}\` found for ${kind} \`${show(recvTy)}\` in the current scope`, e.nameSpan,
        { label: `method not found in \`${show(recvTy)}\``, ...(pinnable ? { help: "consider pinning the expression" } : {}) });
      e.args.forEach((a) => this.expr(a));
      return { ty: ERROR, loans: NO_LOANS };
    }
    const { fn, step, autoref, self } = found;
    this.calls.set(e, { fn, derefs: step, autoref });
    // Typeck facts first (bounds, unsafety), then the receiver's borrow.
    const std = STD_METHODS[fn];
    const user = std ? null : this.env.fns.get(fn)!;
    // rustc points E0133 at the whole call expression, receiver included.
    if (std?.unsafe) this.requireUnsafe(std.unsafePath!, e.span);
    if (user?.unsafe) this.requireUnsafe(fn, e.span);
    if (std?.unpinBound && !isUnpin(this.env.world, this.resolve(pinTarget(self)))) this.unpinError(pinTarget(self), e.nameSpan);
    const params = std ? std.params(self) : user!.params;
    if (e.args.length !== params.length) {
      this.typeError("E0061", `this method takes ${params.length} argument${params.length === 1 ? "" : "s"} but ${e.args.length} argument${e.args.length === 1 ? " was" : "s were"} supplied`, e.nameSpan);
    }
    // Arguments are evaluated before the receiver's autoref is activated (two-phase borrows).
    const args = e.args.map((a, i) => this.arg(a, params[i] ?? this.fresh()));
    if (fn === "Pin::map_unchecked_mut" && e.args[0]?.k === "closure") {
      const c = this.resolve(args[0]!.ty);
      if (c.k === "closure" && !(c.ret.k === "ref" && c.ret.mut) && c.ret.k !== "error") this.mismatch(ref(true, this.fresh()), c.ret, e.args[0].body.span);
    }
    let recvLoans: ReadonlySet<number> = NO_LOANS;
    if (r) {
      const proj: Proj[] = [...r.place.proj];
      let ty = r.ty;
      for (let i = 0; i < step; i++) { const d: { proj: Proj; ty: Ty } = this.derefProj(ty)!; proj.push(d.proj); ty = d.ty; }
      const place: Place = { root: r.place.root, proj };
      if (autoref) recvLoans = this.borrow(place, autoref === "&mut", e.recv.span).loans;
      else {
        const t = this.resolve(ty);
        if (t.k === "ref" && t.mut) recvLoans = this.borrow({ root: place.root, proj: [...proj, { k: "deref", via: "mut", ptr: t }] }, true, e.recv.span).loans;
        else recvLoans = this.readPlace(place, ty, e.recv.span, (i) => show(this.resolve((proj[i] as { ptr: Ty }).ptr))).loans;
      }
    } else {
      recvLoans = rv!.loans;
      if (autoref) {
        const tmp = this.bind("<temporary>", true, recvTy, e.recv.span, true, true);
        for (const l of rv!.loans) tmp.loans.add(l);
        const proj: Proj[] = [];
        let ty: Ty = recvTy;
        for (let i = 0; i < step; i++) { const d: { proj: Proj; ty: Ty } = this.derefProj(ty)!; proj.push(d.proj); ty = d.ty; }
        recvLoans = this.borrow({ root: tmp.id, proj }, autoref === "&mut", e.recv.span).loans;
      }
    }
    if (fn === "Vec::push" && r) for (const l of args[0]?.loans ?? []) this.bindings[r.place.root]!.loans.add(l);
    const ret = std ? std.ret(self, args.map((a) => this.resolve(a.ty))) : user!.ret;
    const loans = this.hasLifetime(ret) ? new Set([...recvLoans, ...args.flatMap((a) => [...a.loans])]) : NO_LOANS;
    return { ty: ret, loans };
  }

  probe(steps: readonly Ty[], name: string): { fn: string; step: number; autoref: "" | "&" | "&mut"; self: Ty } | null {
    const cands: { fn: string; owner: string; recv: RecvKind; pinPtr?: "mut" | "ref" }[] = [];
    for (const s of steps) {
      if (s.k !== "adt") continue;
      const std = STD_METHODS[`${s.name}::${name}`];
      if (std) cands.push({ fn: `${s.name}::${name}`, owner: s.name, recv: std.recv, ...(std.pinPtr ? { pinPtr: std.pinPtr } : {}) });
      const user = this.env.fns.get(`${s.name}::${name}`);
      if (user && user.recv) cands.push({ fn: `${s.name}::${name}`, owner: s.name, recv: user.recv });
    }
    for (let i = 0; i < steps.length; i++) {
      const u = steps[i]!;
      const inner = isAdt(u, "Pin") ? this.resolve(u.args[0]!) : null;
      for (const autoref of ["", "&", "&mut"] as const) {
        for (const c of cands) {
          let self: Ty | null = null;
          if (autoref === "" && c.recv === "value" && u.k === "adt" && u.name === c.owner) {
            if (c.pinPtr && !(inner && inner.k === "ref" && inner.mut === (c.pinPtr === "mut"))) continue;
            self = u;
          } else if (autoref === "" && (c.recv === "pinMut" || c.recv === "pinRef") && inner && inner.k === "ref" &&
            inner.mut === (c.recv === "pinMut") && isAdt(this.resolve(inner.to), c.owner)) {
            self = this.resolve(inner.to);
          } else if (autoref === "" && (c.recv === "ref" || c.recv === "mut") && u.k === "ref" && (u.mut || c.recv === "ref") && isAdt(this.resolve(u.to), c.owner)) {
            // A `&T`/`&mut T` receiver already of the right shape is used as is (reborrowed); rustc finds it at this step.
            continue;
          } else if (autoref === "&" && c.recv === "ref" && u.k === "adt" && u.name === c.owner) self = u;
          else if (autoref === "&mut" && c.recv === "mut" && u.k === "adt" && u.name === c.owner) self = u;
          if (self) return { fn: c.fn, step: i, autoref, self };
        }
      }
    }
    return null;
  }

  // ---- statements ----
  block(b: Block, scoped: boolean): Val {
    if (scoped) this.scopes.push(new Map());
    const first = this.bindings.length;
    for (const s of b.stmts) this.stmt(s);
    let v: Val = { ty: UNIT, loans: NO_LOANS };
    if (b.tail) v = this.expr(b.tail);
    if (scoped) {
      const end = b.tail ? b.tail.span.end : b.stmts.length ? b.stmts[b.stmts.length - 1]!.span.end : 0;
      this.endScope(first, end);
      this.scopes.pop();
    }
    return v;
  }

  /** Locals of an ended scope die: a loan on one held by a variable still in use is E0597. */
  endScope(first: number, at: number): void {
    for (let i = first; i < this.bindings.length; i++) {
      const b = this.bindings[i]!;
      if (b.temp || b.dead) continue;
      b.dead = true;
      const l = this.loans.find((x) => x.place.root === b.id && !x.place.proj.some((q) => q.k === "deref" && q.via !== "box") && this.bindings.some((h) => h.id !== b.id && !h.dead && h.loans.has(x.id) && this.usedLater(h, at)));
      if (l) this.borrowError("E0597", `\`${b.name}\` does not live long enough`, l.span, { label: "borrowed value does not live long enough" });
    }
  }

  stmt(s: Stmt): void {
    this.statements++;
    this.pending = new Set();
    const tempsFrom = this.bindings.length;
    if (s.k === "let") {
      let declared: Ty | null = null;
      if (s.ty) {
        const r = resolveTypeAst(s.ty, null, (n) => this.env.world.structs.has(n));
        if (typeof r === "string") this.typeError("E0412", `cannot find type \`${r}\` in this scope`, s.ty.span, { label: "not found in this scope" });
        else declared = r.k === "var" ? this.fresh() : this.freshen(r);
      }
      let ty: Ty = declared ?? this.fresh();
      const loans = new Set<number>();
      if (s.init && s.name === "_" && this.isPlaceExpr(s.init)) {
        // `let _ = place;` binds nothing and does not move or read the place (the Rust reference, "Wildcard pattern").
        const r = this.place(s.init);
        if (r && declared && !this.coerce(r.ty, declared)) this.mismatch(declared, r.ty, s.init.span);
        if (r && !declared) ty = r.ty;
      } else if (s.init) {
        this.extending = s.init.k === "ref" || s.init.k === "macro";
        // A `let` with a type is a coercion site: a `&mut` place is reborrowed there, not moved.
        const v = s.init.k === "macro" ? this.macro(s.init) : declared && this.isPlaceExpr(s.init) ? this.argValue(s.init, declared) : this.expr(s.init);
        this.extending = false;
        for (const l of v.loans) loans.add(l);
        if (declared) { if (!this.coerce(v.ty, declared, s.init.span)) this.mismatch(declared, v.ty, s.init.span); } else ty = v.ty;
      }
      const b = this.bind(s.name, s.mut, ty, s.nameSpan);
      if (!s.init) b.uninit = true;
      for (const l of loans) b.loans.add(l);
      if (s.name === "_") b.dead = true;
      this.letTypes.set(s, ty);
    } else if (s.k === "expr") {
      this.expr(s.expr);
    } else {
      const v = this.expr(s.value);
      const r = this.place(s.place);
      if (r) {
        const lhs = this.resolve(r.ty);
        if (s.op !== "=" && lhs.k !== "int" && !(lhs.k === "var" && lhs.int)) {
          if (lhs.k !== "error") this.typeError("E0368", `binary assignment operation \`${s.op}\` cannot be applied to type \`${show(lhs)}\``, s.place.span);
        } else if (s.op !== "=" && !this.unify(r.ty, v.ty)) {
          // rustc: `u32: AddAssign<&str>` is not implemented (E0277), e.g. "cannot add-assign `&str` to `u32`".
          this.typeError("E0277", `cannot ${s.op === "+=" ? "add" : "subtract"}-assign \`${show(this.resolve(v.ty))}\` ${s.op === "+=" ? "to" : "from"} \`${show(lhs)}\``, s.opSpan);
        } else if (!this.coerce(v.ty, r.ty)) this.mismatch(r.ty, v.ty, s.value.span);
        const root = this.bindings[r.place.root]!;
        if (r.place.proj.length === 0 && s.op === "=" && root.uninit) {
          root.uninit = false; // `let x; … x = v;` is the deferred initialisation, allowed once even without `mut`
        } else if (r.place.proj.length === 0 && !root.mut && !root.temp) {
          this.borrowError("E0384", `cannot assign twice to immutable variable \`${root.name}\``, s.span, { label: "cannot assign twice to immutable variable" });
        } else this.checkMutable(r.place, s.span, true);
        const c = this.conflicting(r.place, s.span.start, false);
        if (c) this.borrowError("E0506", `cannot assign to \`${this.placeName(r.place)}\` because it is borrowed`, s.span, { label: `\`${this.placeName(r.place)}\` is assigned to here but it was already borrowed` });
        const b = this.bindings[r.place.root]!;
        if (s.op === "=" && r.place.proj.length === 0) { b.moved = new Map(); for (const l of v.loans) b.loans.add(l); }
        else if (s.op === "=" && this.movePath(r.place) !== null) {
          // Assigning a moved field re-initialises it (and everything under it).
          const path = this.movePath(r.place)!;
          for (const m of [...b.moved.keys()]) if (m === path || m.startsWith(path + ".")) b.moved.delete(m);
        }
        else if (s.op !== "=" ) this.checkMoved(r.place, s.span, "use");
      }
    }
    // Temporaries of this statement die here (Rust reference, "Temporary scopes"): E0716 if still borrowed.
    const end = s.span.end;
    for (let i = tempsFrom; i < this.bindings.length; i++) {
      const t = this.bindings[i]!;
      if (!t.stmtTemp) continue;
      t.dead = true;
      const l = this.loans.find((x) => x.place.root === t.id && !x.place.proj.some((q) => q.k === "deref" && q.via !== "box") && this.bindings.some((h) => !h.temp && !h.dead && h.loans.has(x.id) && this.usedLater(h, end)));
      if (l) {
        this.borrowError("E0716", "temporary value dropped while borrowed", t.span,
          { label: "creates a temporary value which is freed while still in use", help: "consider using a `let` binding to create a longer lived value" });
      }
    }
    this.pending = new Set();
  }

  freshen(t: Ty): Ty {
    switch (t.k) {
      case "var": return t.id < 0 ? this.fresh() : t;
      case "ref": case "raw": return { ...t, to: this.freshen(t.to) };
      case "array": return { ...t, of: this.freshen(t.of) };
      case "adt": return t.args.length ? { ...t, args: t.args.map((a) => this.freshen(a)) } : t;
      default: return t;
    }
  }

  program(b: Block): void {
    for (const s of b.stmts) this.stmt(s);
    if (b.tail) {
      this.statements++;
      const v = this.expr(b.tail);
      if (!this.unify(v.ty, UNIT)) this.mismatch(UNIT, v.ty, b.tail.span);
    }
    // Unresolved inference variables: integer literals default to i32; anything else needs an annotation (E0282).
    for (const [s, t] of this.letTypes) {
      const r = this.resolve(t);
      if (this.hasUnresolved(r) && s.k === "let") {
        this.typeError("E0282", `type annotations needed for \`${show(r)}\``, { start: s.patStart, end: s.nameSpan.end });
      }
    }
  }

  hasError(t: Ty): boolean {
    switch (t.k) {
      case "error": return true;
      case "ref": case "raw": return this.hasError(this.resolve(t.to));
      case "adt": return t.args.some((a) => this.hasError(this.resolve(a)));
      default: return false;
    }
  }

  hasUnresolved(t: Ty): boolean {
    switch (t.k) {
      case "var": return !t.int;
      case "ref": case "raw": return this.hasUnresolved(t.to);
      case "array": return this.hasUnresolved(t.of);
      case "adt": return t.args.some((a) => this.hasUnresolved(a));
      default: return false;
    }
  }
}

/** The verdict: rustc's diagnostics for the program (empty when it compiles), plus what the interpreter needs. */
export function checkProgram(block: Block, env: Env): CheckResult {
  const first = new Checker(env);
  first.program(block);
  const c = new Checker(env);
  c.uses = first.usesNow;
  c.program(block);
  const diagnostics = c.typeErrors.length ? c.typeErrors : c.borrowErrors;
  diagnostics.sort((a, b) => a.span.start - b.span.start);
  // Integer literals left open default to i32 (Rust reference, "Literal expressions"); resolve let types for the machine.
  const letTypes = new Map<Stmt, Ty>();
  for (const [s, t] of c.letTypes) letTypes.set(s, defaultInts(c.resolve(t)));
  return { diagnostics, calls: c.calls, letTypes, unsafeBlocks: c.unsafeBlocks, statements: c.statements };
}

function defaultInts(t: Ty): Ty {
  switch (t.k) {
    case "var": return t.int ? { k: "int", name: "i32" } : t;
    case "ref": case "raw": return { ...t, to: defaultInts(t.to) };
    case "array": return { ...t, of: defaultInts(t.of) };
    case "adt": return t.args.length ? { ...t, args: t.args.map(defaultInts) } : t;
    default: return t;
  }
}
