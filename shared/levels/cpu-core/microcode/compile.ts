/**
 * Compiles microcode to closures (never eval): each family is parsed, type-checked, then specialized once per
 * opcode it covers. The decode fields are constants for one opcode, so `r[z]` becomes a direct register accessor,
 * `if z == 6 { ... }` keeps only the branch that opcode takes, and constant subexpressions fold. The result is a
 * 513-entry handler table (0x00-0xFF, 0x100 + CB n, 512 = interrupt dispatch) the player's core indexes by opcode.
 *
 * Runtime values: every expression is a `(core) => number`; true/false are 1/0. Locals live in one array per
 * program; the checker guarantees a local is set before it is read, so no value leaks between instructions.
 */
import type { Expr, FamilyAst, Stmt } from "./ast.ts";
import { FAMILY_BY_ID, opcodeName, patternOpcodes } from "./families.ts";
import { classify, FIELDS, FLAGS, TABLES } from "./names.ts";
import { parseFamily } from "./parser.ts";
import { checkFamily } from "./typecheck.ts";
import type { Bus } from "../cpu.ts";

export interface MicroError { code: string; message: string; line: number; column: number }

/** The state a handler works on: the player's CPU (player-core.ts). */
export interface Core {
  a: number; f: number; b: number; c: number; d: number; e: number; h: number; l: number; sp: number; pc: number;
  ime: boolean; eiDelay: boolean; halted: boolean; haltBug: boolean; stopped: boolean; locked: boolean; cycles: number;
  bus: Bus;
  /** The handler table in use (for `prefix`). */
  table: readonly Handler[];
}

export type Handler = (core: Core) => void;
type Value = (core: Core) => number;

/** Index of the interrupt-dispatch handler in a table. */
export const DISPATCH_INDEX = 512;

/** A compiled set of families: opaque to the level. */
export interface MicroProgram {
  readonly families: readonly string[];
  /** 513 entries: opcode (0x00-0xFF, 0x100 + CB n) or DISPATCH_INDEX → handler, null when no family here covers it. */
  readonly handlers: readonly (Handler | null)[];
}

export type FamilyError = MicroError & { family: string };

/**
 * Compiles families (id → source). With any error, `program` is absent and `errors` lists every error found, each
 * with the family it is in; a family id that is not in FAMILIES is an error.
 */
export function compileMicrocode(sources: Readonly<Record<string, string>>): { program?: MicroProgram; errors: FamilyError[] } {
  const errors: FamilyError[] = [];
  const handlers = new Array<Handler | null>(DISPATCH_INDEX + 1).fill(null);
  const vars: number[] = [];
  const families: string[] = [];
  for (const [id, source] of Object.entries(sources)) {
    const found = compileFamily(id, typeof source === "string" ? source : "", vars);
    if ("errors" in found) { for (const e of found.errors) errors.push({ ...e, family: id }); continue; }
    families.push(id);
    for (const [op, h] of found.handlers) handlers[op] = h;
  }
  if (errors.length) return { errors };
  return { program: { families, handlers }, errors };
}

function compileFamily(id: string, source: string, vars: number[]): { handlers: [number, Handler][] } | { errors: MicroError[] } {
  const info = FAMILY_BY_ID.get(id);
  if (!info) return { errors: [{ code: "microcode.unknown-family", message: `there is no family "${id}"`, line: 1, column: 1 }] };
  const parsed = parseFamily(source);
  if (!parsed.family) return { errors: [parsed.error!] };
  const ast = parsed.family;
  if (ast.id !== id) return { errors: [{ code: "microcode.header", message: `this is the ${id} family: its first line must say \`family ${id}\``, line: 1, column: 1 }] };
  if (ast.pattern !== "" || info.pattern !== "") {
    const ops = patternOpcodes(ast.pattern);
    if (typeof ops === "string") return { errors: [{ code: "microcode.header", message: ops, line: 1, column: 1 }] };
    if (ops.join() !== info.opcodes.join()) {
      return { errors: [{ code: "microcode.header", message: `${id} covers ${info.pattern ? `\`matches ${info.pattern}\`` : "no opcodes"}: keep that header`, line: 1, column: 1 }] };
    }
  }
  const checked = checkFamily(ast);
  if (checked.length) return { errors: checked };
  const slots = new Map<string, number>();
  const out: [number, Handler][] = [];
  const targets = info.opcodes.length ? info.opcodes : [DISPATCH_INDEX];
  for (const op of targets) {
    const spec = new Specializer(op === DISPATCH_INDEX ? 0 : op & 0xff, op, vars, slots);
    try {
      out.push([op, spec.family(ast)]);
    } catch (e) {
      if (e instanceof CompileFail) return { errors: [e.error] };
      throw e;
    }
  }
  return { handlers: out };
}

class CompileFail {
  readonly error: MicroError;
  constructor(error: MicroError) { this.error = error; }
}

/** A value known at compile time, or code to run. */
type Code = { k: number } | { f: Value };

const flagMask = (name: string) => FLAGS[name]!;

class Specializer {
  private readonly fields: Record<string, number>;
  private readonly op: number;
  private readonly vars: number[];
  private readonly slots: Map<string, number>;

  constructor(byte: number, op: number, vars: number[], slots: Map<string, number>) {
    this.fields = { x: byte >> 6, y: (byte >> 3) & 7, z: byte & 7, p: (byte >> 4) & 3, q: (byte >> 3) & 1 };
    this.op = op; this.vars = vars; this.slots = slots;
  }

  family(ast: FamilyAst): Handler {
    return this.seq(ast.body);
  }

  private slot(name: string): number {
    let s = this.slots.get(name);
    if (s === undefined) {
      s = this.vars.length;
      this.vars.push(0);
      this.slots.set(name, s);
    }
    return s;
  }

  private seq(body: Stmt[]): Handler {
    const parts = body.map((s) => this.stmt(s)).filter((h): h is Handler => h !== null);
    switch (parts.length) {
      case 0: return () => {};
      case 1: return parts[0]!;
      case 2: { const [a, b] = parts as [Handler, Handler]; return (c) => { a(c); b(c); }; }
      case 3: { const [a, b, d] = parts as [Handler, Handler, Handler]; return (c) => { a(c); b(c); d(c); }; }
      case 4: { const [a, b, d, e] = parts as [Handler, Handler, Handler, Handler]; return (c) => { a(c); b(c); d(c); e(c); }; }
      default: {
        const n = parts.length;
        return (c) => { for (let i = 0; i < n; i++) parts[i]!(c); };
      }
    }
  }

  private stmt(s: Stmt): Handler | null {
    switch (s.kind) {
      case "word": return word(s.word);
      case "if": {
        const cond = this.expr(s.cond);
        if ("k" in cond) return cond.k ? this.seq(s.then) : this.seq(s.else);
        const t = this.seq(s.then), e = this.seq(s.else), f = cond.f;
        return (c) => { if (f(c)) t(c); else e(c); };
      }
      case "write": {
        const a = fn(this.expr(s.address)), v = fn(this.expr(s.value));
        return (c) => { const addr = a(c), val = v(c); c.cycles += 4; c.bus.write(addr, val); };
      }
      case "push": {
        const v = fn(this.expr(s.value));
        return (c) => {
          const val = v(c);
          c.cycles += 4; // the internal M-cycle before a push
          c.sp = (c.sp - 1) & 0xffff; c.cycles += 4; c.bus.write(c.sp, val >> 8);
          c.sp = (c.sp - 1) & 0xffff; c.cycles += 4; c.bus.write(c.sp, val & 0xff);
        };
      }
      case "acknowledge": {
        const b = fn(this.expr(s.bit));
        return (c) => c.bus.acknowledgeInterrupt(b(c));
      }
      case "assign": return this.assign(s.target, this.expr(s.value));
    }
  }

  private assign(target: Expr, code: Code): Handler {
    if (target.kind === "index") {
      const i = this.tableIndex(target);
      if (target.table === "r") return this.store8(["B", "C", "D", "E", "H", "L", "(HL)", "A"][i]!, code);
      return this.store16(target.table === "rp" ? ["BC", "DE", "HL", "SP"][i]! : ["BC", "DE", "HL", "AF"][i]!, code);
    }
    if (target.kind !== "name") throw new Error("checked: assignment target");
    const name = target.name;
    if (name in FLAGS) {
      const m = flagMask(name), keep = ~m & 0xff;
      if ("k" in code) return code.k ? (c) => { c.f |= m; } : (c) => { c.f &= keep; };
      const v = code.f;
      return (c) => { c.f = v(c) ? c.f | m : c.f & keep; };
    }
    if (name === "ime") { const v = fn(code); return (c) => { c.ime = v(c) !== 0; }; }
    const kind = classify(name);
    if (kind === "reg8") return this.store8(name, code);
    if (kind === "pair") return this.store16(name, code);
    const slot = this.slot(name), vars = this.vars;
    if ("k" in code) { const k = code.k; return () => { vars[slot] = k; }; }
    const v = code.f;
    return (c) => { vars[slot] = v(c); };
  }

  private store8(reg: string, code: Code): Handler {
    const v = fn(code);
    switch (reg) {
      case "A": return (c) => { c.a = v(c); };
      case "F": return (c) => { c.f = v(c) & 0xf0; };
      case "B": return (c) => { c.b = v(c); };
      case "C": return (c) => { c.c = v(c); };
      case "D": return (c) => { c.d = v(c); };
      case "E": return (c) => { c.e = v(c); };
      case "H": return (c) => { c.h = v(c); };
      case "L": return (c) => { c.l = v(c); };
      default: return (c) => { const val = v(c); c.cycles += 4; c.bus.write((c.h << 8) | c.l, val); };
    }
  }

  private store16(pair: string, code: Code): Handler {
    const v = fn(code);
    switch (pair) {
      case "AF": return (c) => { const x = v(c); c.a = x >> 8; c.f = x & 0xf0; };
      case "BC": return (c) => { const x = v(c); c.b = x >> 8; c.c = x & 0xff; };
      case "DE": return (c) => { const x = v(c); c.d = x >> 8; c.e = x & 0xff; };
      case "HL": return (c) => { const x = v(c); c.h = x >> 8; c.l = x & 0xff; };
      case "SP": return (c) => { c.sp = v(c); };
      default: return (c) => { c.pc = v(c); };
    }
  }

  private tableIndex(e: Expr & { kind: "index" }): number {
    const code = this.expr(e.index);
    if (!("k" in code)) throw new Error("checked: constant index");
    const table = TABLES[e.table]!;
    if (code.k < 0 || code.k >= table.size) {
      const f = Object.entries(this.fields).map(([n, v]) => `${n}=${v}`).join(" ");
      throw new CompileFail({
        code: "microcode.field", line: e.index.line, column: e.index.column,
        message: `for opcode ${opcodeName(this.op)} (${f}) the index is ${code.k}, but ${e.table} has entries 0-${table.size - 1} (${table.entries})`,
      });
    }
    return code.k;
  }

  expr(e: Expr): Code {
    switch (e.kind) {
      case "num": return { k: e.value };
      case "name": return this.name(e.name);
      case "read": { const a = fn(this.expr(e.address)); return { f: (c) => { const addr = a(c); c.cycles += 4; return c.bus.read(addr); } }; }
      case "index": {
        const i = this.tableIndex(e);
        if (e.table === "r") return this.name(["B", "C", "D", "E", "H", "L", "(HL)", "A"][i]!);
        if (e.table === "rp") return this.name(["BC", "DE", "HL", "SP"][i]!);
        if (e.table === "rp2") return this.name(["BC", "DE", "HL", "AF"][i]!);
        return { f: CONDITIONS[i]! };
      }
      case "unary": {
        const a = this.expr(e.arg);
        const mask = e.op === "~" ? ((e.ty?.bits ?? 8) <= 8 ? 0xff : 0xffff) : 0;
        if ("k" in a) return { k: e.op === "~" ? a.k ^ mask : e.op === "!" ? (a.k ? 0 : 1) : -a.k };
        const f = a.f;
        if (e.op === "~") return { f: (c) => f(c) ^ mask };
        if (e.op === "!") return { f: (c) => (f(c) ? 0 : 1) };
        return { f: (c) => -f(c) };
      }
      case "ternary": {
        const cond = this.expr(e.cond);
        if ("k" in cond) return cond.k ? this.expr(e.then) : this.expr(e.else);
        const q = cond.f, t = fn(this.expr(e.then)), o = fn(this.expr(e.else));
        return { f: (c) => (q(c) ? t(c) : o(c)) };
      }
      case "binary": return binary(e.op, this.expr(e.left), this.expr(e.right));
    }
  }

  private name(n: string): Code {
    if (n in FIELDS) return { k: this.fields[n]! };
    if (n in FLAGS) { const m = flagMask(n); return { f: (c) => (c.f & m ? 1 : 0) }; }
    switch (n) {
      case "A": return { f: (c) => c.a };
      case "F": return { f: (c) => c.f };
      case "B": return { f: (c) => c.b };
      case "C": return { f: (c) => c.c };
      case "D": return { f: (c) => c.d };
      case "E": return { f: (c) => c.e };
      case "H": return { f: (c) => c.h };
      case "L": return { f: (c) => c.l };
      case "(HL)": return { f: (c) => { c.cycles += 4; return c.bus.read((c.h << 8) | c.l); } };
      case "AF": return { f: (c) => (c.a << 8) | c.f };
      case "BC": return { f: (c) => (c.b << 8) | c.c };
      case "DE": return { f: (c) => (c.d << 8) | c.e };
      case "HL": return { f: (c) => (c.h << 8) | c.l };
      case "SP": return { f: (c) => c.sp };
      case "PC": return { f: (c) => c.pc };
      case "ime": return { f: (c) => (c.ime ? 1 : 0) };
      case "true": return { k: 1 };
      case "false": return { k: 0 };
      case "imm8": return { f: fetch8 };
      case "simm8": return { f: (c) => (fetch8(c) ^ 0x80) - 0x80 };
      case "imm16": return { f: (c) => { const lo = fetch8(c); return (fetch8(c) << 8) | lo; } };
      case "pop": return { f: (c) => {
        c.cycles += 4; const lo = c.bus.read(c.sp);
        c.cycles += 4; const hi = c.bus.read((c.sp + 1) & 0xffff);
        c.sp = (c.sp + 2) & 0xffff;
        return (hi << 8) | lo;
      } };
      case "pending": return { f: (c) => c.bus.pendingInterrupts() };
    }
    const slot = this.slot(n), vars = this.vars;
    return { f: () => vars[slot]! };
  }
}

function fetch8(c: Core): number {
  c.cycles += 4;
  const v = c.bus.read(c.pc);
  c.pc = (c.pc + 1) & 0xffff;
  return v;
}

const CONDITIONS: readonly Value[] = [
  (c) => (c.f & 0x80 ? 0 : 1), (c) => (c.f & 0x80 ? 1 : 0), (c) => (c.f & 0x10 ? 0 : 1), (c) => (c.f & 0x10 ? 1 : 0),
];

function fn(code: Code): Value {
  if ("k" in code) { const k = code.k; return () => k; }
  return code.f;
}

function word(w: string): Handler | null {
  switch (w) {
    case "internal": return (c) => { c.cycles += 4; };
    case "halt": return (c) => { c.halted = true; };
    case "haltbug": return (c) => { c.haltBug = true; };
    case "stop": return (c) => { c.stopped = true; c.bus.stop(); };
    case "ei": return (c) => { c.eiDelay = true; };
    case "di": return (c) => { c.ime = false; c.eiDelay = false; };
    case "prefix": return (c) => { c.table[0x100 | fetch8(c)]!(c); };
  }
  return null;
}

/** Binary operators, with the common shapes (a constant on the right) specialized. */
function binary(op: string, l: Code, r: Code): Code {
  if ("k" in l && "k" in r) return { k: fold(op, l.k, r.k) };
  if (op === "&&" || op === "||") {
    const a = fn(l), b = fn(r);
    return op === "&&" ? { f: (c) => (a(c) && b(c) ? 1 : 0) } : { f: (c) => (a(c) || b(c) ? 1 : 0) };
  }
  if ("k" in r) {
    const a = fn(l), k = r.k;
    switch (op) {
      case "+": return { f: (c) => a(c) + k };
      case "-": return { f: (c) => a(c) - k };
      case "&": return { f: (c) => a(c) & k };
      case "|": return { f: (c) => a(c) | k };
      case "^": return { f: (c) => a(c) ^ k };
      case "<<": return { f: (c) => a(c) << k };
      case ">>": return { f: (c) => a(c) >> k };
      case "==": return { f: (c) => (a(c) === k ? 1 : 0) };
      case "!=": return { f: (c) => (a(c) !== k ? 1 : 0) };
      case "<": return { f: (c) => (a(c) < k ? 1 : 0) };
      case "<=": return { f: (c) => (a(c) <= k ? 1 : 0) };
      case ">": return { f: (c) => (a(c) > k ? 1 : 0) };
      case ">=": return { f: (c) => (a(c) >= k ? 1 : 0) };
    }
  }
  const a = fn(l), b = fn(r);
  switch (op) {
    case "+": return { f: (c) => a(c) + b(c) };
    case "-": return { f: (c) => a(c) - b(c) };
    case "&": return { f: (c) => a(c) & b(c) };
    case "|": return { f: (c) => a(c) | b(c) };
    case "^": return { f: (c) => a(c) ^ b(c) };
    case "<<": return { f: (c) => a(c) << b(c) };
    case ">>": return { f: (c) => a(c) >> b(c) };
    case "==": return { f: (c) => (a(c) === b(c) ? 1 : 0) };
    case "!=": return { f: (c) => (a(c) !== b(c) ? 1 : 0) };
    case "<": return { f: (c) => (a(c) < b(c) ? 1 : 0) };
    case "<=": return { f: (c) => (a(c) <= b(c) ? 1 : 0) };
    case ">": return { f: (c) => (a(c) > b(c) ? 1 : 0) };
    default: return { f: (c) => (a(c) >= b(c) ? 1 : 0) };
  }
}

function fold(op: string, a: number, b: number): number {
  switch (op) {
    case "+": return a + b;
    case "-": return a - b;
    case "&": return a & b;
    case "|": return a | b;
    case "^": return a ^ b;
    case "<<": return a << b;
    case ">>": return a >> b;
    case "==": return a === b ? 1 : 0;
    case "!=": return a !== b ? 1 : 0;
    case "<": return a < b ? 1 : 0;
    case "<=": return a <= b ? 1 : 0;
    case ">": return a > b ? 1 : 0;
    case ">=": return a >= b ? 1 : 0;
    case "&&": return a && b ? 1 : 0;
    default: return a || b ? 1 : 0;
  }
}

