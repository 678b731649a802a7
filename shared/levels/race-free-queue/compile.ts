/**
 * Lowers a parsed program (ast.ts) to flat per-thread instruction lists that threads.ts interprets, and lays out
 * shared memory: one atomic location per atomic element, one cell per non-atomic element, and byte addresses with
 * 8-byte words packed in declaration order, a `CachePadded`/`#[repr(align(64))]` static starting and filling its own
 * 64-byte line (Rust Atomics and Locks ch. 7 "False sharing"; crossbeam's CachePadded).
 *
 * Memory operations inside expressions become their own instructions, evaluated left to right into temporaries, so
 * every visible step touches shared memory at most once (the granularity the checker interleaves at). `&&` and `||`
 * short-circuit around the memory operations of their right side. Also checks what Rust would refuse or panic on:
 * loads with Release/AcqRel, stores with Acquire/AcqRel, CAS failure orderings Release/AcqRel, atomics used as plain
 * data and plain data used as atomics, unknown variables, `break` outside a loop.
 * Omits: type checking of integer widths (every value is a 32-bit unsigned word; bools are 0/1).
 */
import type { BinOp, Expr, Ordering, Place, Program, RmwMethod, Span, StaticDecl, StaticKind, Stmt } from "./ast.ts";
import type { ParseError } from "./parser.ts";
import { parseProgram } from "./parser.ts";

/** A local-only expression (no memory access): evaluated instantly inside one step. */
export type CExpr =
  | { readonly k: "c"; readonly v: number }
  | { readonly k: "l"; readonly i: number }
  | { readonly k: "b"; readonly op: BinOp; readonly a: CExpr; readonly b: CExpr }
  | { readonly k: "u"; readonly op: "!" | "-"; readonly a: CExpr };

/** A shared place: `base` is the first location (atomic) or cell (non-atomic) of the static. */
export interface CPlace {
  readonly name: string;
  readonly base: number;
  readonly length: number | null;
  readonly index: CExpr | null;
}

export type Instr = { readonly line: number; readonly span: Span } & (
  | { readonly op: "load"; readonly place: CPlace; readonly ord: Ordering; readonly dst: number }
  | { readonly op: "store"; readonly place: CPlace; readonly val: CExpr; readonly ord: Ordering }
  | { readonly op: "rmw"; readonly method: RmwMethod; readonly place: CPlace; readonly val: CExpr; readonly ord: Ordering; readonly dst: number }
  | {
    readonly op: "cas"; readonly place: CPlace; readonly expected: CExpr; readonly desired: CExpr; readonly success: Ordering;
    readonly failure: Ordering; readonly weak: boolean; readonly dstOk: number; readonly dstVal: number;
  }
  | { readonly op: "fence"; readonly ord: Ordering }
  | { readonly op: "naRead"; readonly place: CPlace; readonly dst: number }
  | { readonly op: "naWrite"; readonly place: CPlace; readonly val: CExpr }
  | { readonly op: "spin" }
  | { readonly op: "alloc"; readonly dst: number }
  | { readonly op: "free"; readonly val: CExpr }
  | { readonly op: "set"; readonly dst: number; readonly val: CExpr }
  | { readonly op: "jmp"; readonly to: number }
  /** Jump when `cond` is zero. */
  | { readonly op: "jz"; readonly cond: CExpr; readonly to: number }
  /** Entering loop `loop`: its iteration counter restarts. */
  | { readonly op: "enter"; readonly loop: number }
  /** A loop's back edge; spin loops (bodies that call spin_loop) are bounded by blocking, not by the loop bound. */
  | { readonly op: "back"; readonly loop: number; readonly to: number; readonly spin: boolean }
  | { readonly op: "assert"; readonly cond: CExpr; readonly text: string }
  | { readonly op: "ghost"; readonly kind: "produced" | "consumed"; readonly val: CExpr }
  | { readonly op: "end" }
);

/** Visible instructions touch shared memory (or block); the others run inside the step that precedes them. */
export const VISIBLE = new Set(["load", "store", "rmw", "cas", "fence", "naRead", "naWrite", "spin", "alloc", "free"]);

export interface StaticLayout {
  readonly name: string;
  readonly kind: StaticKind;
  readonly base: number;
  readonly length: number | null;
  /** Byte address of element 0 (8-byte words). */
  readonly addr: number;
  readonly padded: boolean;
  readonly nodes: boolean;
}

export interface CompiledThread {
  readonly name: string;
  readonly code: Instr[];
  readonly nLocals: number;
  /** Slot → source name of each named local (temporaries are "_tN"). */
  readonly localNames: string[];
  readonly nLoops: number;
}

export interface Compiled {
  readonly source: string;
  readonly statics: StaticLayout[];
  readonly nLocs: number;
  readonly nCells: number;
  readonly locInit: number[];
  readonly cellInit: number[];
  /** Per cell: true for a MaybeUninit slot (fills on write, empties on read). */
  readonly cellSlot: boolean[];
  /** Display names: `tail`, `buf[1]`. */
  readonly locNames: string[];
  readonly cellNames: string[];
  /** Per cell: the heap node it is a field of (a `#[nodes]` array's index), or -1. */
  readonly cellNode: number[];
  /** Node pool: node ids 1..heapSize-1 (0 is null); 1..liveNodes start allocated. */
  readonly heapSize: number;
  readonly liveNodes: number;
  /** 64-byte cache line of each location and cell. */
  readonly locLine: number[];
  readonly cellLine: number[];
  readonly threads: CompiledThread[];
}

export type CompileResult = { ok: true; program: Compiled } | { ok: false; error: ParseError };

class Fail {
  readonly error: ParseError;
  constructor(error: ParseError) { this.error = error; }
}

export function compileSource(source: string): CompileResult {
  const parsed = parseProgram(source);
  if (!parsed.ok) return parsed;
  try {
    return { ok: true, program: compile(parsed.program, source) };
  } catch (e) {
    if (e instanceof Fail) return { ok: false, error: e.error };
    throw e;
  }
}

function err(message: string, span: Span): never {
  throw new Fail({ code: "E_PARSE", message, span });
}

export function compile(program: Program, source: string): Compiled {
  const statics: StaticLayout[] = [];
  const locInit: number[] = [];
  const cellInit: number[] = [];
  const cellSlot: boolean[] = [];
  const locNames: string[] = [];
  const cellNames: string[] = [];
  const locLine: number[] = [];
  const cellLine: number[] = [];
  const cellNode: number[] = [];
  let heapSize = 0;
  let addr = 0;
  for (const s of program.statics) {
    const n = s.length ?? 1;
    if (s.padded) addr = Math.ceil(addr / 64) * 64;
    const base = s.kind === "atomic" ? locInit.length : cellInit.length;
    statics.push({ name: s.name, kind: s.kind, base, length: s.length, addr, padded: s.padded, nodes: s.nodes });
    if (s.nodes) heapSize = Math.max(heapSize, n);
    for (let i = 0; i < n; i++) {
      const name = s.length === null ? s.name : `${s.name}[${i}]`;
      const line = Math.floor((addr + 8 * i) / 64);
      if (s.kind === "atomic") { locInit.push(s.init[i]!); locNames.push(name); locLine.push(line); }
      else { cellInit.push(s.init[i]!); cellSlot.push(s.kind === "slot"); cellNames.push(name); cellLine.push(line); cellNode.push(s.nodes ? i : -1); }
    }
    addr += 8 * n;
    if (s.padded) addr = Math.ceil(addr / 64) * 64;
  }
  const byName = new Map(statics.map((s) => [s.name, s] as const));
  const declOf = new Map<string, StaticDecl>(program.statics.map((s) => [s.name, s] as const));
  const threads = program.threads.map((t) => new ThreadCompiler(byName, declOf).thread(t.name, t.body));
  const names = new Set<string>();
  for (const t of program.threads) {
    if (names.has(t.name)) err(`the thread \`${t.name}\` is defined twice`, t.span);
    names.add(t.name);
  }
  if (program.liveNodes >= heapSize && heapSize > 0) err(`#[nodes(live = ${program.liveNodes})] leaves no node free: node arrays have ${heapSize} entries (0 is null)`, program.statics.find((s) => s.nodes)!.span);
  return {
    source, statics, nLocs: locInit.length, nCells: cellInit.length, locInit, cellInit, cellSlot, locNames, cellNames, cellNode,
    heapSize, liveNodes: program.liveNodes, locLine, cellLine, threads,
  };
}

type Raw = { op: string; line: number; span: Span; [k: string]: unknown };

/**
 * An instruction with every field of every opcode (absent ones undefined), always in this order: one object shape
 * for all instructions, so the interpreter's loads of `ins.op`, `ins.place`, … stay monomorphic in V8 instead of
 * going megamorphic over one shape per opcode (the checker runs them millions of times). Undefined fields are
 * invisible to JSON, structuredClone and `toEqual`.
 */
function uniform(r: Raw): Instr {
  return {
    op: r.op, line: r.line, span: r.span, dst: r.dst, val: r.val, place: r.place, ord: r.ord, cond: r.cond, to: r.to, loop: r.loop,
    spin: r.spin, text: r.text, kind: r.kind, method: r.method, expected: r.expected, desired: r.desired, success: r.success,
    failure: r.failure, weak: r.weak, dstOk: r.dstOk, dstVal: r.dstVal,
  } as unknown as Instr;
}

interface LoopCtx { id: number; head: number; breaks: number[]; spin: boolean }

class ThreadCompiler {
  private readonly code: Raw[] = [];
  private scope = new Map<string, number>();
  private results = new Map<string, [number, number]>();
  private readonly localNames: string[] = [];
  private readonly loops: LoopCtx[] = [];
  private nLoops = 0;
  private readonly returns: number[] = [];
  private readonly byName: Map<string, StaticLayout>;
  private readonly declOf: Map<string, StaticDecl>;

  constructor(byName: Map<string, StaticLayout>, declOf: Map<string, StaticDecl>) {
    this.byName = byName;
    this.declOf = declOf;
  }

  thread(name: string, body: Stmt[]): CompiledThread {
    this.block(body);
    const end = this.code.length;
    for (const r of this.returns) this.code[r]!.to = end;
    this.code.push({ op: "end", line: 0, span: { start: 0, end: 0, line: 0, col: 0 } });
    return { name, code: this.code.map(uniform), nLocals: this.localNames.length, localNames: this.localNames, nLoops: this.nLoops };
  }

  private emit(ins: Raw): number {
    this.code.push(ins);
    return this.code.length - 1;
  }

  private local(name: string): number {
    this.localNames.push(name);
    return this.localNames.length - 1;
  }

  private temp(): number {
    return this.local(`_t${this.localNames.length}`);
  }

  private block(body: Stmt[]): void {
    const saved = new Map(this.scope);
    const savedResults = new Map(this.results);
    for (const s of body) this.stmt(s);
    this.scope = saved;
    this.results = savedResults;
  }

  private static hasSpin(body: Stmt[]): boolean {
    return body.some((s) => s.k === "spin" || (s.k === "if" && (ThreadCompiler.hasSpin(s.then) || ThreadCompiler.hasSpin(s.else))) ||
      (s.k === "block" && ThreadCompiler.hasSpin(s.body)) || (s.k === "match" && (ThreadCompiler.hasSpin(s.okBody) || ThreadCompiler.hasSpin(s.errBody))));
  }

  private stmt(s: Stmt): void {
    const at = { line: s.span.line, span: s.span };
    switch (s.k) {
      case "let": {
        if (s.init.k === "cas" || (s.init.k === "var" && this.results.has(s.init.name))) {
          const pair = this.result(s.init);
          this.results.set(s.name, pair);
          this.scope.delete(s.name);
          return;
        }
        const v = this.expr(s.init);
        const slot = this.local(s.name);
        this.emit({ op: "set", dst: slot, val: v, ...at });
        this.scope.set(s.name, slot);
        this.results.delete(s.name);
        return;
      }
      case "assign": {
        const slot = this.scope.get(s.name);
        if (slot === undefined) err(`cannot find value \`${s.name}\` in this scope`, s.span);
        const v = this.expr(s.value);
        const val: CExpr = s.op === "=" ? v : { k: "b", op: s.op, a: { k: "l", i: slot }, b: v };
        this.emit({ op: "set", dst: slot, val, ...at });
        return;
      }
      case "write": {
        const st = this.static(s.place, ["plain", "slot"], "write to");
        const place = this.place(s.place, st);
        const val = this.expr(s.value);
        this.emit({ op: "naWrite", place, val, ...at });
        return;
      }
      case "store": {
        if (s.ord === "Acquire" || s.ord === "AcqRel") err(`there is no such thing as an ${s.ord === "Acquire" ? "acquire" : "acquire-release"} store (Rust panics)`, s.span);
        const st = this.static(s.place, ["atomic"], "store to");
        const place = this.place(s.place, st);
        const val = this.expr(s.value);
        this.emit({ op: "store", place, val, ord: s.ord, ...at });
        return;
      }
      case "expr": this.expr(s.expr); return;
      case "if": {
        const c = this.expr(s.cond);
        const jz = this.emit({ op: "jz", cond: c, to: -1, ...at });
        this.block(s.then);
        if (s.else.length) {
          const jmp = this.emit({ op: "jmp", to: -1, ...at });
          this.code[jz]!.to = this.code.length;
          this.block(s.else);
          this.code[jmp]!.to = this.code.length;
        } else this.code[jz]!.to = this.code.length;
        return;
      }
      case "loop": case "while": {
        const id = this.nLoops++;
        this.emit({ op: "enter", loop: id, ...at });
        const ctx: LoopCtx = { id, head: this.code.length, breaks: [], spin: ThreadCompiler.hasSpin(s.body) };
        this.loops.push(ctx);
        if (s.k === "while") {
          const c = this.expr(s.cond);
          ctx.breaks.push(this.emit({ op: "jz", cond: c, to: -1, ...at }));
        }
        this.block(s.body);
        this.emit({ op: "back", loop: id, to: ctx.head, spin: ctx.spin, ...at });
        this.loops.pop();
        for (const b of ctx.breaks) this.code[b]!.to = this.code.length;
        return;
      }
      case "break": case "continue": {
        const ctx = this.loops[this.loops.length - 1];
        if (!ctx) err(`\`${s.k}\` outside of a loop`, s.span);
        if (s.k === "break") ctx.breaks.push(this.emit({ op: "jmp", to: -1, ...at }));
        else this.emit({ op: "back", loop: ctx.id, to: ctx.head, spin: ctx.spin, ...at });
        return;
      }
      case "return": this.returns.push(this.emit({ op: "jmp", to: -1, ...at })); return;
      case "assert": this.emit({ op: "assert", cond: this.expr(s.cond), text: s.text, ...at }); return;
      case "fence": this.emit({ op: "fence", ord: s.ord, ...at }); return;
      case "spin": this.emit({ op: "spin", ...at }); return;
      case "ghost": this.emit({ op: "ghost", kind: s.kind, val: this.expr(s.value), ...at }); return;
      case "block": this.block(s.body); return;
      case "free": this.emit({ op: "free", val: this.expr(s.node), ...at }); return;
      case "match": {
        const [ok, val] = this.result(s.scrutinee);
        const jz = this.emit({ op: "jz", cond: { k: "l", i: ok }, to: -1, ...at });
        const arm = (name: string | null, body: Stmt[]) => {
          const saved = new Map(this.scope);
          if (name) {
            const slot = this.local(name);
            this.emit({ op: "set", dst: slot, val: { k: "l", i: val }, ...at });
            this.scope.set(name, slot);
          }
          this.block(body);
          this.scope = saved;
        };
        arm(s.okName, s.okBody);
        const jmp = this.emit({ op: "jmp", to: -1, ...at });
        this.code[jz]!.to = this.code.length;
        arm(s.errName, s.errBody);
        this.code[jmp]!.to = this.code.length;
        return;
      }
    }
  }

  private static(p: Place, kinds: StaticKind[], what: string): StaticLayout {
    const st = this.byName.get(p.name);
    if (!st) err(`cannot find static \`${p.name}\``, p.span);
    if (!kinds.includes(st.kind)) {
      const hint = st.kind === "atomic" ? "it is atomic: use .load/.store/.fetch_add/.compare_exchange with an Ordering"
        : "it is not atomic: read it as a plain value or write it with `=`";
      err(`cannot ${what} \`${p.name}\` this way: ${hint}`, p.span);
    }
    if ((st.length === null) !== (p.index === null)) {
      err(st.length === null ? `\`${p.name}\` is not an array` : `\`${p.name}\` is an array: index it, e.g. \`${p.name}[i]\``, p.span);
    }
    void this.declOf;
    return st;
  }

  private place(p: Place, st: StaticLayout): CPlace {
    return { name: st.name, base: st.base, length: st.length, index: p.index ? this.expr(p.index) : null };
  }

  /** A CAS result as two locals [ok, value]. */
  private result(e: Expr): [number, number] {
    if (e.k === "var") {
      const r = this.results.get(e.name);
      if (!r) err(`\`${e.name}\` is not a compare_exchange result`, e.span);
      return r;
    }
    if (e.k !== "cas") err("expected a compare_exchange result", e.span);
    if (e.failure === "Release" || e.failure === "AcqRel") err(`a failed compare_exchange is a load: its failure ordering cannot be ${e.failure} (Rust panics)`, e.span);
    const st = this.static(e.place, ["atomic"], "compare_exchange on");
    const place = this.place(e.place, st);
    const expected = this.expr(e.expected);
    const desired = this.expr(e.desired);
    const dstOk = this.temp();
    const dstVal = this.temp();
    this.emit({ op: "cas", place, expected, desired, success: e.success, failure: e.failure, weak: e.weak, dstOk, dstVal, line: e.span.line, span: e.span });
    return [dstOk, dstVal];
  }

  private static hasMemory(e: Expr): boolean {
    switch (e.k) {
      case "int": case "var": return false;
      case "bin": return ThreadCompiler.hasMemory(e.a) || ThreadCompiler.hasMemory(e.b);
      case "un": return ThreadCompiler.hasMemory(e.a);
      default: return true;
    }
  }

  private expr(e: Expr): CExpr {
    const at = { line: e.span.line, span: e.span };
    switch (e.k) {
      case "int": return { k: "c", v: e.value };
      case "var": {
        const slot = this.scope.get(e.name);
        if (slot === undefined) err(this.results.has(e.name) ? `\`${e.name}\` is a Result: use .is_ok(), match, or .unwrap_or_else(|x| x)` : `cannot find value \`${e.name}\` in this scope`, e.span);
        return { k: "l", i: slot };
      }
      case "un": return { k: "u", op: e.op, a: this.expr(e.a) };
      case "bin": {
        if ((e.op === "&&" || e.op === "||") && ThreadCompiler.hasMemory(e.b)) {
          const t = this.temp();
          const a = this.expr(e.a);
          this.emit({ op: "set", dst: t, val: { k: "b", op: "!=", a, b: { k: "c", v: 0 } }, ...at });
          const cond: CExpr = e.op === "&&" ? { k: "l", i: t } : { k: "b", op: "==", a: { k: "l", i: t }, b: { k: "c", v: 0 } };
          const jz = this.emit({ op: "jz", cond, to: -1, ...at });
          const b = this.expr(e.b);
          this.emit({ op: "set", dst: t, val: { k: "b", op: "!=", a: b, b: { k: "c", v: 0 } }, ...at });
          this.code[jz]!.to = this.code.length;
          return { k: "l", i: t };
        }
        const a = this.expr(e.a);
        const b = this.expr(e.b);
        return { k: "b", op: e.op, a, b };
      }
      case "read": {
        const st = this.static(e.place, ["plain", "slot"], "read");
        const place = this.place(e.place, st);
        const dst = this.temp();
        this.emit({ op: "naRead", place, dst, ...at });
        return { k: "l", i: dst };
      }
      case "load": {
        if (e.ord === "Release" || e.ord === "AcqRel") err(`there is no such thing as a ${e.ord === "Release" ? "release" : "acquire-release"} load (Rust panics)`, e.span);
        const st = this.static(e.place, ["atomic"], "load from");
        const place = this.place(e.place, st);
        const dst = this.temp();
        this.emit({ op: "load", place, ord: e.ord, dst, ...at });
        return { k: "l", i: dst };
      }
      case "rmw": {
        const st = this.static(e.place, ["atomic"], `${e.method}`);
        const place = this.place(e.place, st);
        const val = this.expr(e.value);
        const dst = this.temp();
        this.emit({ op: "rmw", method: e.method, place, val, ord: e.ord, dst, ...at });
        return { k: "l", i: dst };
      }
      case "cas": return err("a compare_exchange returns a Result: use .is_ok(), .is_err(), match, or .unwrap_or_else(|x| x)", e.span);
      case "resultTest": {
        const [ok] = this.result(e.of);
        return e.ok ? { k: "l", i: ok } : { k: "b", op: "==", a: { k: "l", i: ok }, b: { k: "c", v: 0 } };
      }
      case "resultValue": return { k: "l", i: this.result(e.of)[1] };
      case "alloc": {
        const dst = this.temp();
        this.emit({ op: "alloc", dst, ...at });
        return { k: "l", i: dst };
      }
    }
  }
}
