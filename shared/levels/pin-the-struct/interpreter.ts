/**
 * Runs a compiled program on the memory machine, one top-level statement per step, like Miri would run it:
 * every move is a bitwise copy to a new address (the old place becomes a ghost), `Box::pin` and `Box::new` allocate
 * on the heap, `pin!` moves its value into a fresh pinned stack slot, a `Vec` grows by doubling (std's RawVec:
 * at least 4 elements for element sizes up to 1 KiB, 8 for 1-byte elements) and moves its elements to the new
 * buffer, and at the end of main every live value drops in place, in reverse order of declaration.
 *
 * Undefined behaviour ends the run, reported in Miri's style: dereferencing a pointer whose target moved or was
 * freed ("dangling pointer dereference"), moving a pinned `!Unpin` value ("moved a pinned value"), projecting one
 * field both as pinned and as unpinned ("inconsistent projection"), a Drop that moves a pinned field ("Drop moved a
 * pinned field"). Moved-from places count as dead even while their stack slot is in scope: the language says
 * they are uninitialised, which is stricter than what Miri checks today.
 *
 * Omits: temporaries are dropped at the end of main rather than at the end of their statement; integer overflow.
 */
import type { Block, Expr, Stmt } from "./ast.ts";
import type { CallRes, Env } from "./checker.ts";
import { layoutOf, pointee } from "./layout.ts";
import {
  addrOf, allocHeap, allocStack, deadReason, deepCopy, hex, isPinned, newMemory, pathKey, placeAt, valueAt, writeAt,
  type MVal, type Memory, type PlaceRef,
} from "./memory.ts";
import { PRINT_MACROS } from "./checker.ts";
import { parseFormat } from "./format.ts";
import { callPrelude } from "./methods.ts";
import { pinTarget } from "./std-api.ts";
import { adt, isAdt, isCopy, isUnpin, ref, sameTy, show, STRING, USIZE, type Ty } from "./types.ts";

/** Hard cap on evaluation work per run (a backstop: the subset has no loops). */
export const MAX_WORK = 50_000;

export type UbKind = "dangling pointer dereference" | "moved a pinned value" | "inconsistent projection" | "Drop moved a pinned field";

export interface TraceEvent {
  readonly kind: "print" | "alloc" | "move" | "free" | "realloc" | "pin" | "write-ptr" | "read" | "poll" | "drop" | "project" | "ub" | "panic" | "end" | "push" | "init";
  /** The top-level statement that caused it (index into the program), -1 for the drops at the end of main. */
  readonly stmt: number;
  readonly text: string;
  readonly addr?: number;
  readonly to?: number;
  readonly size?: number;
  readonly ok?: boolean;
  readonly detail?: string;
}

export interface Frame {
  readonly name: string;
  readonly alloc: number;
  readonly depth: number;
}

export interface RunState {
  mem: Memory;
  frames: Frame[];
  /** Index of the next top-level statement; equal to the count when only the drops remain. */
  pc: number;
  finished: boolean;
  ub: { kind: UbKind; text: string; stmt: number } | null;
  panic: string;
  trace: TraceEvent[];
  work: number;
  /** Projection choices seen: "allocId:path" → pinned or unpinned. */
  projections: Record<string, "pinned" | "unpinned">;
}

export function newRun(): RunState {
  return { mem: newMemory(), frames: [], pc: 0, finished: false, ub: null, panic: "", trace: [], work: 0, projections: {} };
}

/** A value with its type, or a place. */
export type RV = { readonly k: "val"; readonly v: MVal; readonly ty: Ty } | { readonly k: "place"; readonly p: PlaceRef; readonly unchecked?: boolean };

class Stop {
  readonly why: "ub" | "panic" | "budget";
  constructor(why: "ub" | "panic" | "budget") { this.why = why; }
}

export class Interp {
  readonly env: Env;
  readonly st: RunState;
  readonly calls: ReadonlyMap<Expr, CallRes>;
  readonly letTypes: ReadonlyMap<Stmt, Ty>;
  stmt = 0;
  depth = 0;

  constructor(env: Env, st: RunState, calls: ReadonlyMap<Expr, CallRes>, letTypes: ReadonlyMap<Stmt, Ty>) {
    this.env = env; this.st = st; this.calls = calls; this.letTypes = letTypes;
  }

  get world() { return this.env.world; }
  get mem() { return this.st.mem; }

  event(e: Omit<TraceEvent, "stmt">): void {
    this.st.trace.push({ ...e, stmt: this.stmt });
  }
  ub(kind: UbKind, text: string): never {
    this.st.ub = { kind, text: `Undefined Behavior: ${kind}: ${text}`, stmt: this.stmt };
    this.event({ kind: "ub", text: this.st.ub.text });
    throw new Stop("ub");
  }
  panic(text: string): never {
    this.st.panic = text;
    this.event({ kind: "panic", text });
    throw new Stop("panic");
  }
  tick(): void {
    if (++this.st.work > MAX_WORK) { this.st.panic = `the run used more than ${MAX_WORK} evaluation steps`; throw new Stop("budget"); }
  }

  // ---- places and values ----
  placeTy(p: PlaceRef): Ty { return p.ty; }
  addr(p: PlaceRef): number { return addrOf(this.mem, this.world, p); }
  name(p: PlaceRef): string {
    const a = this.mem.allocs[p.alloc]!;
    let s = a.label;
    let t = a.ty;
    for (const i of p.path) {
      if (t.k === "adt" && this.world.structs.has(t.name)) { const f = this.world.structs.get(t.name)!.fields[i]!; s += `.${f.name}`; t = f.ty; }
      else if (t.k === "array") { s += `[${i}]`; t = t.of; }
    }
    return s;
  }
  field(p: PlaceRef, name: string): PlaceRef {
    const t = p.ty;
    const s = t.k === "adt" ? this.world.structs.get(t.name) : undefined;
    const i = s ? s.fields.findIndex((f) => f.name === name) : -1;
    if (!s || i < 0) throw new Error(`no field ${name} on ${show(t)}`);
    return { alloc: p.alloc, path: [...p.path, i], ty: s.fields[i]!.ty };
  }
  /** The place a pointer value points at (references are valid by the borrow checker; raw pointers are checked). */
  target(ptr: MVal, ty: Ty, what: string): PlaceRef {
    if (ptr.t !== "ptr") throw new Error("not a pointer");
    const want = pointee(ty);
    const found = placeAt(this.mem, this.world, ptr.addr, want);
    if (ptr.addr === 0) this.ub("dangling pointer dereference", `${what} is a null pointer`);
    if (!found.alloc) this.ub("dangling pointer dereference", `${what} holds ${hex(ptr.addr)}, which is not inside any allocation`);
    const a = found.alloc;
    if (!a.live) {
      const where = a.death === "moved" ? `\`${a.label}\` (${show(a.ty)}) moved from there${a.movedTo ? ` to ${hex(a.movedTo)}` : ""}; the old place is dead` :
        `${a.label} at ${hex(a.addr)} has been ${a.death}`;
      this.ub("dangling pointer dereference", `${what} holds ${hex(ptr.addr)}, but ${where}`);
    }
    if (!found.place) this.ub("dangling pointer dereference", `${what} holds ${hex(ptr.addr)}, where no ${show(want)} lives`);
    const dead = deadReason(this.mem, found.place);
    if (dead) this.ub("dangling pointer dereference", `${what} holds ${hex(ptr.addr)}, but the ${show(want)} there (${this.name(found.place)}) was ${dead} out`);
    return found.place;
  }
  /** Follows one deref of a pointer-typed place. */
  derefPlace(p: PlaceRef, what = "the pointer"): { p: PlaceRef; unchecked: boolean } {
    const v = valueAt(this.mem, p);
    if (v.t !== "ptr") throw new Error(`deref of non-pointer at ${this.name(p)}`);
    return { p: this.target(v, p.ty, what), unchecked: !!v.unchecked };
  }
  derefVal(v: MVal, ty: Ty, what = "the pointer"): PlaceRef {
    return this.target(v, ty, what);
  }

  /** Materialises an rvalue in a stack temporary so it can be borrowed. */
  temp(v: MVal, ty: Ty, label = "temporary"): PlaceRef {
    const a = allocStack(this.mem, this.world, ty, label, v);
    return { alloc: a.id, path: [], ty };
  }
  asPlace(r: RV): { p: PlaceRef; unchecked: boolean } {
    return r.k === "place" ? { p: r.p, unchecked: !!r.unchecked } : { p: this.temp(r.v, r.ty), unchecked: false };
  }

  /** Reads a place by value: copies Copy values; moves others (the place dies; a pinned !Unpin place is UB). */
  take(p: PlaceRef, why = "move"): MVal {
    const v = valueAt(this.mem, p);
    if (isCopy(this.world, p.ty)) return deepCopy(v);
    this.checkMovable(p, why);
    const a = this.mem.allocs[p.alloc]!;
    if (p.path.length === 0) { a.live = false; a.death = "moved"; }
    else a.movedParts.push(pathKey(p.path));
    return deepCopy(v);
  }
  checkMovable(p: PlaceRef, _why: string): void {
    if (isPinned(this.mem, p) && !isUnpin(this.world, p.ty)) {
      this.ub("moved a pinned value", `${this.name(p)} (${show(p.ty)}) at ${hex(this.addr(p))} is pinned and \`!Unpin\`, and it was moved; its pointers into itself now dangle`);
    }
  }
  /** The value of an expression, moving it out of its place if it is one. */
  operand(e: Expr, expected: Ty | null = null): { v: MVal; ty: Ty; from: number } {
    const r = this.expr(e, expected);
    if (r.k === "val") return { v: r.v, ty: r.ty, from: 0 };
    const from = this.addr(r.p);
    return { v: this.take(r.p), ty: r.p.ty, from };
  }
  /** Stores a moved value in a new stack slot (a `let`), recording the move for the board. */
  store(label: string, v: MVal, ty: Ty, from: number): PlaceRef {
    const a = allocStack(this.mem, this.world, ty, label, v);
    const size = layoutOf(this.world, ty).size;
    if (from) {
      const ghost = this.mem.allocs.find((g) => g.addr === from && !g.live && g.death === "moved" && !g.movedTo);
      if (ghost) ghost.movedTo = a.addr;
      this.event({ kind: "move", text: `moved ${size} bytes of ${show(ty)} from ${hex(from)} to ${hex(a.addr)} (${label})`, addr: from, to: a.addr, size });
    } else {
      this.event({ kind: "alloc", text: `${label}: ${show(ty)} at ${hex(a.addr)} (${size} bytes)`, addr: a.addr, size });
    }
    return { alloc: a.id, path: [], ty };
  }

  // ---- expressions ----
  expr(e: Expr, expected: Ty | null = null): RV {
    this.tick();
    switch (e.k) {
      case "str": return { k: "val", v: { t: "bytes", text: e.value }, ty: ref(false, { k: "str" }) };
      case "int": return { k: "val", v: { t: "int", v: e.value }, ty: expected && expected.k === "int" ? expected : { k: "int", name: "i32" } };
      case "bool": return { k: "val", v: { t: "bool", v: e.value }, ty: { k: "bool" } };
      case "path": {
        if (e.segs[0] === "()") return { k: "val", v: { t: "unit" }, ty: { k: "unit" } };
        if (e.segs[0] === "PhantomPinned" && !this.st.frames.some((f) => f.name === "PhantomPinned")) return { k: "val", v: { t: "zst" }, ty: adt("PhantomPinned") };
        const f = this.lookup(e.segs[0]!);
        const a = this.mem.allocs[f.alloc]!;
        return { k: "place", p: { alloc: a.id, path: [], ty: a.ty } };
      }
      case "field": {
        let { p, unchecked } = this.asPlace(this.expr(e.base));
        for (let i = 0; i < 5; i++) {
          const t = p.ty;
          if (t.k === "adt" && this.world.structs.get(t.name)?.fields.some((f) => f.name === e.name)) break;
          const d = this.derefPlace(p);
          p = d.p;
          unchecked = unchecked || d.unchecked;
        }
        return { k: "place", p: this.field(p, e.name), unchecked };
      }
      case "deref": {
        const { p } = this.asPlace(this.expr(e.expr));
        const d = this.derefPlace(p, `\`${this.name(p)}\``);
        if (p.ty.k === "raw") this.event({ kind: "read", text: `*${this.name(p)} → ${this.name(d.p)} at ${hex(this.addr(d.p))}`, addr: this.addr(d.p), ok: true });
        return { k: "place", p: d.p, unchecked: d.unchecked };
      }
      case "index": {
        let { p } = this.asPlace(this.expr(e.base));
        const idx = this.operand(e.index, USIZE).v;
        while (!isAdt(p.ty, "Vec")) p = this.derefPlace(p).p;
        const vec = valueAt(this.mem, p);
        const i = idx.t === "int" ? idx.v : 0;
        if (vec.t !== "vec" || i >= vec.len) this.panic(`index out of bounds: the len is ${vec.t === "vec" ? vec.len : 0} but the index is ${i}`);
        const buf = this.mem.allocs.find((a) => a.addr === vec.buf && a.live && a.label.startsWith("Vec buffer"))!;
        return { k: "place", p: { alloc: buf.id, path: [i], ty: (p.ty as { readonly args: readonly Ty[] }).args[0]! } };
      }
      case "ref": {
        const r = this.expr(e.expr);
        const { p, unchecked } = this.asPlace(r);
        if (e.mut && unchecked) this.project(p, "unpinned");
        return { k: "val", v: { t: "ptr", addr: this.addr(p), ty: ref(e.mut, p.ty) }, ty: ref(e.mut, p.ty) };
      }
      case "unsafe": return this.block(e.block);
      case "closure": {
        const fields: string[] = [];
        let b: Expr = e.body;
        if (b.k === "ref") b = b.expr;
        while (b.k === "field") { fields.unshift(b.name); b = b.base; }
        return { k: "val", v: { t: "closure", fields }, ty: { k: "error" } };
      }
      case "binary": return this.binary(e);
      case "macro": {
        if (PRINT_MACROS.includes(e.name)) return this.println(e);
        // pin!(value): the value moves into a fresh stack slot, pinned for as long as that slot lives.
        const v = this.operand(e.args[0]!);
        const slot = this.store("pin!(…)", v.v, v.ty, v.from);
        const a = this.mem.allocs[slot.alloc]!;
        a.pinned.push("");
        this.event({ kind: "pin", text: `pinned ${show(v.ty)} at ${hex(a.addr)} (stack)`, addr: a.addr, size: a.size });
        const ty = adt("Pin", ref(true, v.ty));
        return { k: "val", v: { t: "ptr", addr: a.addr, ty }, ty };
      }
      case "call": return this.call(e, expected);
      case "method": return this.method(e);
    }
  }

  /** Deref coercion (`&Pin<Box<T>>` → `&T`): follow the pointers until the pointee has the wanted type. */
  coerceValue(v: MVal, from: Ty, to: Ty): MVal {
    if (v.t !== "ptr" || (to.k !== "ref" && to.k !== "raw") || (from.k !== "ref" && from.k !== "raw")) return v;
    let cur: MVal = v;
    let pt = from.to;
    for (let i = 0; i < 4 && !sameTy(pt, to.to) && (isAdt(pt, "Box") || isAdt(pt, "Pin") || pt.k === "ref"); i++) {
      const inner = valueAt(this.mem, this.target(cur, ref(false, pt), "the reference"));
      if (inner.t !== "ptr") break;
      cur = { t: "ptr", addr: inner.addr, ty: to };
      pt = pointee(pt);
    }
    return cur.t === "ptr" ? { ...cur, ty: to } : cur;
  }

  /** Integer arithmetic as a debug build runs it: overflow and division by zero panic. */
  binary(e: Extract<Expr, { k: "binary" }>): RV {
    const l = this.operand(e.left), r = this.operand(e.right, l.ty);
    const a = l.v.t === "int" ? l.v.v : 0, b = r.v.t === "int" ? r.v.v : 0;
    const ty = l.ty.k === "int" ? l.ty : r.ty.k === "int" ? r.ty : { k: "int", name: "i32" } as Ty;
    const cmp: Record<string, (x: number, y: number) => boolean> = { "==": (x, y) => x === y, "!=": (x, y) => x !== y, "<": (x, y) => x < y, ">": (x, y) => x > y, "<=": (x, y) => x <= y, ">=": (x, y) => x >= y };
    if (e.op in cmp) return { k: "val", v: { t: "bool", v: cmp[e.op]!(a, b) }, ty: { k: "bool" } };
    if ((e.op === "/" || e.op === "%") && b === 0) this.panic(e.op === "/" ? "attempt to divide by zero" : "attempt to calculate the remainder with a divisor of zero");
    const v = e.op === "+" ? a + b : e.op === "-" ? a - b : e.op === "*" ? a * b : e.op === "/" ? Math.trunc(a / b) : a % b;
    const name = ty.k === "int" ? ty.name : "i32";
    const bits = { u8: 8, i8: 8, u16: 16, i16: 16, u32: 32, i32: 32, u64: 64, i64: 64, usize: 64, isize: 64 }[name];
    const signed = name.startsWith("i");
    const min = signed ? -(2 ** (bits - 1)) : 0, max = signed ? 2 ** (bits - 1) - 1 : 2 ** bits - 1;
    if (v < min || v > max || !Number.isSafeInteger(v)) {
      const verb = { "+": "add", "-": "subtract", "*": "multiply", "/": "divide", "%": "calculate the remainder" }[e.op as "+"];
      this.panic(`attempt to ${verb} with overflow`);
    }
    return { k: "val", v: { t: "int", v }, ty };
  }

  /** println!: borrows its arguments, formats them, and records the line as program output. */
  println(e: Extract<Expr, { k: "macro" }>): RV {
    const fmt = e.args[0];
    let line = "";
    if (fmt && fmt.k === "str") {
      const parsed = parseFormat(fmt.value);
      let next = 1;
      for (const piece of "pieces" in parsed ? parsed.pieces : []) {
        if (typeof piece === "string") { line += piece; continue; }
        const arg: Expr = piece.capture ? { k: "path", segs: [piece.capture], span: fmt.span } : e.args[next++]!;
        const r = this.expr(arg);
        const v = r.k === "val" ? r.v : valueAt(this.mem, r.p);
        line += this.format(v, r.k === "val" ? r.ty : r.p.ty, piece.trait, 0);
      }
    }
    this.event({ kind: "print", text: line });
    return { k: "val", v: { t: "unit" }, ty: { k: "unit" } };
  }

  format(v: MVal, ty: Ty, trait: "Display" | "Debug" | "Pointer", depth: number): string {
    if (depth > 6) return "…";
    if (trait === "Pointer") return v.t === "ptr" ? hex(v.addr) : "?";
    if (v.t === "ptr" && ty.k !== "raw") {
      if (v.addr === 0 && ty.k === "ref" && ty.to.k === "str") return "";
      const p = this.target(v, ty, "the formatted reference");
      return this.format(valueAt(this.mem, p), p.ty, trait, depth + 1);
    }
    switch (v.t) {
      case "ptr": return hex(v.addr);
      case "int": return String(v.v);
      case "bool": return String(v.v);
      case "bytes": return trait === "Debug" ? JSON.stringify(v.text) : v.text;
      case "string": {
        const buf = this.mem.allocs.find((a) => a.addr === v.buf && a.live && a.region === "heap");
        const text = buf && buf.value.t === "bytes" ? buf.value.text.slice(0, v.len) : "";
        return trait === "Debug" ? JSON.stringify(text) : text;
      }
      case "zst": return "PhantomPinned";
      case "unit": return "()";
      case "poll": return v.ready ? `Ready(${v.v})` : "Pending";
      case "ctx": return "Context { waker: Waker { .. } }";
      case "waker": return "Waker { .. }";
      case "array": return `[${v.items.map((x) => this.format(x, ty.k === "array" ? ty.of : ty, trait, depth + 1)).join(", ")}]`;
      case "vec": {
        const elem = (ty as { readonly args: readonly Ty[] }).args[0]!;
        const buf = this.mem.allocs.find((a) => a.addr === v.buf && a.live && a.region === "heap");
        const items = buf && buf.value.t === "array" ? buf.value.items.slice(0, v.len) : [];
        return `[${items.map((x) => this.format(x, elem, trait, depth + 1)).join(", ")}]`;
      }
      default: return "?";
    }
  }

  lookup(name: string): Frame {
    for (let i = this.st.frames.length - 1; i >= 0; i--) if (this.st.frames[i]!.name === name) return this.st.frames[i]!;
    throw new Error(`unbound ${name}`);
  }

  /** Records a projection of a field of a pinned value; choosing both ways for one field is UB. */
  project(p: PlaceRef, how: "pinned" | "unpinned"): void {
    if (!p.path.length) return;
    const parent: PlaceRef = { alloc: p.alloc, path: p.path.slice(0, -1), ty: p.ty };
    if (!isPinned(this.mem, parent)) return;
    const key = `${p.alloc}:${pathKey(p.path)}`;
    const before = this.st.projections[key];
    if (before && before !== how) {
      this.ub("inconsistent projection", `${this.name(p)} was projected as ${before} and now as ${how}; a field is structurally pinned always or never`);
    }
    if (!before) {
      this.st.projections[key] = how;
      this.event({ kind: "project", text: `${this.name(p)} projected as ${how === "pinned" ? "Pin<&mut _>" : "&mut _"}`, addr: this.addr(p), detail: how });
    }
  }

  call(e: Extract<Expr, { k: "call" }>, expected: Ty | null): RV {
    const res = this.calls.get(e)!;
    const val = (v: MVal, ty: Ty): RV => ({ k: "val", v, ty });
    switch (res.fn) {
      case "Box::pin": case "Box::new": {
        const v = this.operand(e.args[0]!);
        const size = layoutOf(this.world, v.ty).size;
        const a = allocHeap(this.mem, this.world, v.ty, `Box<${show(v.ty)}>`, v.v);
        this.event({ kind: "alloc", text: `${res.fn}: ${size} bytes on the heap at ${hex(a.addr)}`, addr: a.addr, size });
        if (v.from) {
          const ghost = this.mem.allocs.find((g) => g.addr === v.from && !g.live && g.death === "moved" && !g.movedTo);
          if (ghost) ghost.movedTo = a.addr;
          this.event({ kind: "move", text: `moved ${size} bytes of ${show(v.ty)} from ${hex(v.from)} to ${hex(a.addr)} (heap)`, addr: v.from, to: a.addr, size });
        }
        const ty = res.fn === "Box::pin" ? adt("Pin", adt("Box", v.ty)) : adt("Box", v.ty);
        if (res.fn === "Box::pin") { a.pinned.push(""); this.event({ kind: "pin", text: `pinned ${show(v.ty)} at ${hex(a.addr)} (heap)`, addr: a.addr, size }); }
        return val({ t: "ptr", addr: a.addr, ty }, ty);
      }
      case "Pin::new": case "Pin::new_unchecked": {
        const v = this.operand(e.args[0]!);
        if (res.fn === "Pin::new_unchecked" && v.v.t === "ptr") {
          // The caller promises the pointee never moves again: the machine holds them to it.
          const p = this.derefVal(v.v, v.ty);
          const a = this.mem.allocs[p.alloc]!;
          a.pinned.push(pathKey(p.path));
          this.event({ kind: "pin", text: `pinned ${show(p.ty)} at ${hex(this.addr(p))} (Pin::new_unchecked)`, addr: this.addr(p) });
        }
        const ty = adt("Pin", v.ty);
        return val(v.v.t === "ptr" ? { ...v.v, ty } : v.v, ty);
      }
      case "Pin::into_inner": {
        const v = this.operand(e.args[0]!);
        const ty = (v.ty as { readonly args: readonly Ty[] }).args[0]!;
        return val(v.v.t === "ptr" ? { ...v.v, ty } : v.v, ty);
      }
      case "mem::swap": {
        const a = this.operand(e.args[0]!), b = this.operand(e.args[1]!);
        const pa = this.derefVal(a.v, a.ty), pb = this.derefVal(b.v, b.ty);
        this.checkMovable(pa, "swap");
        this.checkMovable(pb, "swap");
        const va = deepCopy(valueAt(this.mem, pa)), vb = deepCopy(valueAt(this.mem, pb));
        writeAt(this.mem, pa, vb);
        writeAt(this.mem, pb, va);
        const size = layoutOf(this.world, pa.ty).size;
        this.event({ kind: "move", text: `mem::swap: ${size} bytes exchanged between ${hex(this.addr(pa))} and ${hex(this.addr(pb))}`, addr: this.addr(pa), to: this.addr(pb), size });
        return val({ t: "unit" }, { k: "unit" });
      }
      case "mem::replace": {
        const d = this.operand(e.args[0]!);
        const pd = this.derefVal(d.v, d.ty);
        const nv = this.operand(e.args[1]!);
        this.checkMovable(pd, "replace");
        const old = deepCopy(valueAt(this.mem, pd));
        writeAt(this.mem, pd, nv.v);
        this.event({ kind: "move", text: `mem::replace: the old ${show(pd.ty)} moved out of ${hex(this.addr(pd))}`, addr: this.addr(pd), size: layoutOf(this.world, pd.ty).size });
        return val(old, pd.ty);
      }
      case "drop": {
        const v = this.operand(e.args[0]!);
        const t = this.temp(v.v, v.ty, "drop(…)");
        this.dropPlace(t);
        const a = this.mem.allocs[t.alloc]!;
        a.live = false;
        a.death = "dropped";
        return val({ t: "unit" }, { k: "unit" });
      }
      case "Vec::new": case "Vec::with_capacity": {
        const elem = expected && isAdt(expected, "Vec") ? expected.args[0]! : { k: "unit" } as Ty;
        const n = res.fn === "Vec::new" ? 0 : this.intArg(e.args[0]!);
        const ty = adt("Vec", elem);
        return val(this.newVecBuffer(elem, n, 0), ty);
      }
      case "String::new": return val({ t: "string", buf: 1, len: 0, cap: 0 }, STRING);
      case "String::from": {
        const s = this.operand(e.args[0]!).v;
        return val(this.newString(s.t === "bytes" ? s.text : ""), STRING);
      }
      case "ptr::null": return val({ t: "ptr", addr: 0, ty: expected ?? { k: "raw", mut: false, to: { k: "unit" } } }, expected ?? { k: "error" });
      case "Context::from_waker": {
        const w = this.operand(e.args[0]!).v;
        return val({ t: "ctx", waker: w.t === "ptr" ? w.addr : 0 }, adt("Context"));
      }
      case "noop_waker": return val({ t: "waker" }, adt("Waker"));
      default: {
        if (STD_FORMS.has(res.fn)) return this.std(res.fn, this.operandRv(e.args[0]!), e.args.slice(1));
        // Prelude functions, and methods called by path (`SelfRef::init(p)`): the first argument is the receiver.
        const f = this.env.fns.get(res.fn)!;
        const args = e.args.map((a) => this.operand(a));
        if (f.recv) return callPrelude(this, res.fn, { k: "val", v: args[0]!.v, ty: args[0]!.ty }, args.slice(1));
        return callPrelude(this, res.fn, null, args);
      }
    }
  }

  operandRv(e: Expr): RV {
    const o = this.operand(e);
    return { k: "val", v: o.v, ty: o.ty };
  }

  intArg(e: Expr): number {
    const v = this.operand(e, USIZE).v;
    return v.t === "int" ? v.v : 0;
  }

  /** A String's buffer: exactly `len` bytes from `String::from` (std: `From<&str>` allocates the exact length). */
  newString(text: string): MVal {
    if (!text.length) return { t: "string", buf: 1, len: 0, cap: 0 };
    const a = allocHeap(this.mem, this.world, { k: "array", of: { k: "int", name: "u8" }, len: text.length }, "String buffer", { t: "bytes", text });
    this.event({ kind: "alloc", text: `String buffer: ${text.length} bytes on the heap at ${hex(a.addr)}`, addr: a.addr, size: text.length });
    return { t: "string", buf: a.addr, len: text.length, cap: text.length };
  }

  newVecBuffer(elem: Ty, cap: number, len: number): MVal {
    const l = layoutOf(this.world, elem);
    if (cap === 0 || l.size === 0) return { t: "vec", buf: l.align, len, cap: l.size === 0 ? 0x7fffffff : cap };
    const ty: Ty = { k: "array", of: elem, len: cap };
    const a = allocHeap(this.mem, this.world, ty, `Vec buffer<${show(elem)}>`, { t: "array", items: [] });
    this.event({ kind: "alloc", text: `Vec buffer: ${cap} × ${l.size} bytes on the heap at ${hex(a.addr)}`, addr: a.addr, size: cap * l.size });
    return { t: "vec", buf: a.addr, len, cap };
  }

  freeAt(addr: number, why = "freed"): void {
    const a = this.mem.allocs.find((x) => x.addr === addr && x.live && x.region === "heap");
    if (!a) return;
    a.live = false;
    a.death = why;
    this.event({ kind: "free", text: `freed ${a.label} at ${hex(a.addr)}`, addr: a.addr, size: a.size });
  }

  // ---- method calls ----
  method(e: Extract<Expr, { k: "method" }>): RV {
    const res = this.calls.get(e)!;
    let recv = this.expr(e.recv);
    for (let i = 0; i < res.derefs; i++) {
      const { p, unchecked } = this.asPlace(recv);
      const d = this.derefPlace(p);
      recv = { k: "place", p: d.p, unchecked: unchecked || d.unchecked };
    }
    let r: RV;
    if (res.autoref) {
      const { p, unchecked } = this.asPlace(recv);
      if (res.autoref === "&mut" && unchecked) this.project(p, "unpinned");
      const ty = ref(res.autoref === "&mut", p.ty);
      r = { k: "val", v: { t: "ptr", addr: this.addr(p), ty, unchecked }, ty };
    } else if (recv.k === "place") {
      const t = recv.p.ty;
      if (t.k === "ref" && t.mut) r = { k: "val", v: deepCopy(valueAt(this.mem, recv.p)), ty: t }; // implicit reborrow
      else r = { k: "val", v: this.take(recv.p), ty: t };
    } else r = recv;
    if (res.fn in STD_IMPLS) return this.std(res.fn, r, e.args);
    const args = e.args.map((a) => this.operand(a));
    return callPrelude(this, res.fn, r, args);
  }

  /** Standard-library methods on the receiver value `r` (already adjusted as the method takes it). */
  std(fn: string, r: RV, argExprs: readonly Expr[]): RV {
    const rv = r as Extract<RV, { k: "val" }>;
    const v = rv.v;
    const val = (x: MVal, ty: Ty): RV => ({ k: "val", v: x, ty });
    const selfPlace = (): PlaceRef => this.derefVal(v, rv.ty);
    switch (fn) {
      case "Pin::as_mut": case "Pin::as_ref": {
        const pin = selfPlace();
        const inner = valueAt(this.mem, pin) as Extract<MVal, { t: "ptr" }>;
        const ty = adt("Pin", ref(fn === "Pin::as_mut", pinTarget(pin.ty)));
        return val({ t: "ptr", addr: inner.addr, ty }, ty);
      }
      case "Pin::get_mut": case "Pin::get_unchecked_mut": case "Pin::get_ref": {
        const p = v as Extract<MVal, { t: "ptr" }>;
        const ty = ref(fn !== "Pin::get_ref", pinTarget(rv.ty));
        return val({ t: "ptr", addr: p.addr, ty, ...(fn === "Pin::get_unchecked_mut" && !isUnpin(this.world, pinTarget(rv.ty)) ? { unchecked: true } : {}) }, ty);
      }
      case "Pin::map_unchecked_mut": {
        const target = this.derefVal(v, rv.ty);
        const c = this.operand(argExprs[0]!).v as Extract<MVal, { t: "closure" }>;
        let p = target;
        for (const f of c.fields) p = this.field(p, f);
        this.project(p, "pinned");
        const ty = adt("Pin", ref(true, p.ty));
        return val({ t: "ptr", addr: this.addr(p), ty }, ty);
      }
      case "Pin::set": {
        const pin = selfPlace();
        const target = this.derefVal(valueAt(this.mem, pin), pin.ty);
        const nv = this.operand(argExprs[0]!);
        this.dropPlace(target);
        writeAt(this.mem, target, nv.v);
        return val({ t: "unit" }, { k: "unit" });
      }
      case "Vec::push": {
        const vp = selfPlace();
        const item = this.operand(argExprs[0]!, (vp.ty as { readonly args: readonly Ty[] }).args[0]!);
        this.push(vp, item.v, item.ty, item.from);
        return val({ t: "unit" }, { k: "unit" });
      }
      case "Vec::len": case "Vec::capacity": {
        const vec = valueAt(this.mem, selfPlace()) as Extract<MVal, { t: "vec" }>;
        return val({ t: "int", v: fn === "Vec::len" ? vec.len : vec.cap }, USIZE);
      }
      case "String::push_str": {
        const sp = selfPlace();
        const add = this.operand(argExprs[0]!).v;
        this.pushStr(sp, add.t === "bytes" ? add.text : "");
        return val({ t: "unit" }, { k: "unit" });
      }
      case "String::clone": {
        const s = valueAt(this.mem, selfPlace()) as Extract<MVal, { t: "string" }>;
        const buf = this.mem.allocs.find((a) => a.addr === s.buf && a.live && a.region === "heap");
        return val(this.newString(buf ? (buf.value as Extract<MVal, { t: "bytes" }>).text : ""), STRING);
      }
      case "String::len": {
        const s = valueAt(this.mem, selfPlace()) as Extract<MVal, { t: "string" }>;
        return val({ t: "int", v: s.len }, USIZE);
      }
      case "String::as_ptr": {
        const s = valueAt(this.mem, selfPlace()) as Extract<MVal, { t: "string" }>;
        const ty: Ty = { k: "raw", mut: false, to: { k: "int", name: "u8" } };
        return val({ t: "ptr", addr: s.buf, ty }, ty);
      }
      case "Poll::is_ready": case "Poll::is_pending": {
        const pl = valueAt(this.mem, selfPlace()) as Extract<MVal, { t: "poll" }>;
        return val({ t: "bool", v: fn === "Poll::is_ready" ? pl.ready : !pl.ready }, { k: "bool" });
      }
    }
    throw new Error(`no std method ${fn}`);
  }

  /** Vec::push: on a full buffer, allocate double (RawVec's amortized growth), move every element, free the old one. */
  push(vp: PlaceRef, item: MVal, ty: Ty, from: number): void {
    const vec = valueAt(this.mem, vp) as Extract<MVal, { t: "vec" }>;
    const elem = (vp.ty as { readonly args: readonly Ty[] }).args[0]!;
    const size = layoutOf(this.world, elem).size;
    if (vec.len === vec.cap && size > 0) {
      const minCap = size === 1 ? 8 : size <= 1024 ? 4 : 1;
      const cap = Math.max(vec.cap * 2, vec.len + 1, minCap);
      const fresh = this.newVecBuffer(elem, cap, vec.len) as Extract<MVal, { t: "vec" }>;
      const old = this.mem.allocs.find((a) => a.addr === vec.buf && a.live && a.region === "heap");
      const now = this.mem.allocs.find((a) => a.addr === fresh.buf)!;
      if (old) {
        const items = (old.value as Extract<MVal, { t: "array" }>).items;
        (now.value as Extract<MVal, { t: "array" }>).items = structuredClone(items);
        for (let i = 0; i < vec.len; i++) this.checkMovable({ alloc: old.id, path: [i], ty: elem }, "realloc");
        this.event({ kind: "realloc", text: `Vec grew from ${vec.cap} to ${cap}: ${vec.len} element${vec.len === 1 ? "" : "s"} (${vec.len * size} bytes) moved from ${hex(old.addr)} to ${hex(now.addr)}`, addr: old.addr, to: now.addr, size: vec.len * size });
        old.movedTo = now.addr;
        this.freeAt(old.addr, "freed when the Vec reallocated");
      }
      vec.buf = fresh.buf;
      vec.cap = cap;
    }
    const buf = this.mem.allocs.find((a) => a.addr === vec.buf && a.live && a.region === "heap");
    if (buf) (buf.value as Extract<MVal, { t: "array" }>).items[vec.len] = item;
    const at = vec.buf + vec.len * size;
    vec.len++;
    this.event({ kind: "push", text: `pushed ${show(ty)} into the Vec at ${hex(at)}${from ? ` (moved from ${hex(from)})` : ""}`, addr: from || at, to: at, size });
    if (from) { const ghost = this.mem.allocs.find((g) => g.addr === from && !g.live && g.death === "moved" && !g.movedTo); if (ghost) ghost.movedTo = at; }
  }

  /** String::push_str: grows the buffer like RawVec (double, at least 8 bytes), which moves the bytes. */
  pushStr(sp: PlaceRef, add: string): void {
    const s = valueAt(this.mem, sp) as Extract<MVal, { t: "string" }>;
    const old = this.mem.allocs.find((a) => a.addr === s.buf && a.live && a.region === "heap");
    const text = (old ? (old.value as Extract<MVal, { t: "bytes" }>).text : "") + add;
    if (text.length > s.cap) {
      const cap = Math.max(s.cap * 2, text.length, 8);
      const a = allocHeap(this.mem, this.world, { k: "array", of: { k: "int", name: "u8" }, len: cap }, "String buffer", { t: "bytes", text });
      this.event({ kind: "realloc", text: `String buffer grew from ${s.cap} to ${cap} bytes: moved to ${hex(a.addr)}`, addr: old ? old.addr : 0, to: a.addr, size: s.len });
      if (old) { old.movedTo = a.addr; this.freeAt(old.addr, "freed when the String grew"); }
      s.buf = a.addr;
      s.cap = cap;
    } else if (old) {
      (old.value as Extract<MVal, { t: "bytes" }>).text = text;
    }
    s.len = text.length;
  }

  // ---- drops ----
  /** Drops the value at a place in place: Drop::drop first, then the fields (the Rust reference, "Destructors"). */
  dropPlace(p: PlaceRef): void {
    this.tick();
    if (deadReason(this.mem, p)) return;
    const v = valueAt(this.mem, p);
    const t = p.ty;
    if (v.t === "string") { if (v.cap) this.freeAt(v.buf); return; }
    if (v.t === "vec") {
      const elem = (t as { readonly args: readonly Ty[] }).args[0]!;
      const buf = this.mem.allocs.find((a) => a.addr === v.buf && a.live && a.region === "heap");
      if (buf) { for (let i = 0; i < v.len; i++) this.dropPlace({ alloc: buf.id, path: [i], ty: elem }); this.freeAt(buf.addr); }
      return;
    }
    if (v.t === "ptr" && (isAdt(t, "Box") || (isAdt(t, "Pin") && isAdt(t.args[0]!, "Box")))) {
      const target = placeAt(this.mem, this.world, v.addr, pointee(t));
      if (target.place && target.alloc?.live) { this.dropPlace(target.place); this.freeAt(v.addr); }
      return;
    }
    if (v.t === "struct" && t.k === "adt") {
      if (this.world.dropImpls.has(t.name)) {
        this.event({ kind: "drop", text: `drop(&mut ${this.name(p)}) runs ${t.name}'s Drop at ${hex(this.addr(p))}`, addr: this.addr(p) });
        callPrelude(this, `${t.name}::drop`, { k: "val", v: { t: "ptr", addr: this.addr(p), ty: ref(true, t) }, ty: ref(true, t) }, []);
      }
      const s = this.world.structs.get(t.name)!;
      s.fields.forEach((f, i) => this.dropPlace({ alloc: p.alloc, path: [...p.path, i], ty: f.ty }));
    }
    if (v.t === "array" && t.k === "array") v.items.forEach((_x, i) => this.dropPlace({ alloc: p.alloc, path: [...p.path, i], ty: t.of }));
  }

  /** Ends a scope: its live stack values drop in reverse order of creation, then their slots die. */
  endScope(depth: number): void {
    const mine = this.st.frames.filter((f) => f.depth >= depth);
    const allocIds = new Set(mine.map((f) => f.alloc));
    // Temporaries and pin! slots made in this scope drop with it, after the named values declared after them.
    for (let i = this.mem.allocs.length - 1; i >= 0; i--) {
      const a = this.mem.allocs[i]!;
      if (a.region !== "stack" || !a.live) continue;
      if (!allocIds.has(a.id) && depth > 0) continue;
      this.dropPlace({ alloc: a.id, path: [], ty: a.ty });
      a.live = false;
      a.death = "out of scope";
    }
    this.st.frames = this.st.frames.filter((f) => f.depth < depth);
  }

  // ---- statements ----
  block(b: Block): RV {
    this.depth++;
    try {
      for (const s of b.stmts) this.statement(s);
      const r: RV = b.tail ? this.expr(b.tail) : { k: "val", v: { t: "unit" }, ty: { k: "unit" } };
      // A block's value leaves the block: copy it out before the block's locals drop.
      const out: RV = r.k === "place" ? { k: "val", v: this.take(r.p), ty: r.p.ty } : r;
      this.endScope(this.depth);
      return out;
    } finally {
      this.depth--;
    }
  }

  statement(s: Stmt): void {
    this.tick();
    if (s.k === "let") {
      const ty = this.letTypes.get(s) ?? null;
      if (!s.init) {
        // `let x;`: the slot exists, uninitialised, until the first assignment.
        const a = allocStack(this.mem, this.world, ty ?? { k: "unit" }, s.name, { t: "uninit" });
        this.st.frames.push({ name: s.name, alloc: a.id, depth: this.depth });
        return;
      }
      if (s.name === "_" && (s.init.k === "path" || s.init.k === "field" || s.init.k === "deref" || s.init.k === "index")) {
        this.expr(s.init); // `let _ = place;` neither moves nor reads the place
        return;
      }
      const init = this.operand(s.init, ty);
      if (ty) init.v = this.coerceValue(init.v, init.ty, ty);
      const slot = this.store(s.name, init.v, ty && ty.k !== "var" ? ty : init.ty, init.from);
      this.st.frames.push({ name: s.name, alloc: slot.alloc, depth: this.depth });
      return;
    }
    if (s.k === "expr") { this.expr(s.expr); return; }
    const value = this.operand(s.value);
    const target = this.expr(s.place);
    const { p, unchecked } = this.asPlace(target);
    if (unchecked) this.project(p, "unpinned");
    const old = valueAt(this.mem, p);
    if (s.op === "=") {
      if (!deadReason(this.mem, p)) this.dropPlace(p);
      writeAt(this.mem, p, value.v);
      if (value.v.t === "ptr" && p.ty.k === "raw") this.event({ kind: "write-ptr", text: `${this.name(p)} = ${hex(value.v.addr)}`, addr: this.addr(p), to: value.v.addr });
      const a = this.mem.allocs[p.alloc]!;
      if (!p.path.length && !a.live) { a.live = true; a.death = ""; }
    } else if (old.t === "int" && value.v.t === "int") {
      old.v = s.op === "+=" ? old.v + value.v.v : old.v - value.v.v;
    }
  }
}

const STD_IMPLS: Record<string, true> = {
  "Pin::as_mut": true, "Pin::as_ref": true, "Pin::get_mut": true, "Pin::get_unchecked_mut": true, "Pin::get_ref": true,
  "Pin::map_unchecked_mut": true, "Pin::set": true, "Vec::push": true, "Vec::len": true, "Vec::capacity": true,
  "String::push_str": true, "String::clone": true, "String::len": true, "String::as_ptr": true, "Poll::is_ready": true, "Poll::is_pending": true,
};
/** Std methods that may be called in path form, `Pin::as_mut(&mut p)`. */
const STD_FORMS = new Set(Object.keys(STD_IMPLS).filter((k) => k.startsWith("Pin::")));

/**
 * Runs one top-level statement (or, after the last one, the drops at the end of main). Returns false when the run
 * was already over. UB, a panic or the work budget end the run; the reason is in the state.
 */
export function stepRun(env: Env, st: RunState, block: Block, calls: ReadonlyMap<Expr, CallRes>, letTypes: ReadonlyMap<Stmt, Ty>): boolean {
  if (st.finished) return false;
  const it = new Interp(env, st, calls, letTypes);
  const stmts: (Stmt | Expr)[] = [...block.stmts, ...(block.tail ? [block.tail] : [])];
  try {
    if (st.pc < stmts.length) {
      it.stmt = st.pc;
      const s = stmts[st.pc]!;
      if ("k" in s && (s.k === "let" || s.k === "expr" || s.k === "assign") && (block.stmts as readonly unknown[]).includes(s)) it.statement(s as Stmt);
      else it.expr(s as Expr);
      st.pc++;
    } else {
      it.stmt = -1;
      it.endScope(0);
      st.finished = true;
      st.trace.push({ kind: "end", stmt: -1, text: "main returned; every value dropped" });
    }
  } catch (e) {
    // Anything but a modelled stop is a program the machine cannot model: end the run with a readable reason.
    if (!(e instanceof Stop)) st.panic = `the machine cannot run this statement (${e instanceof Error ? e.message : String(e)})`;
    st.finished = true;
  }
  return true;
}

export { hex };
