/**
 * Compiles microcode to closures (never eval): each family is parsed, type-checked, then specialized once per
 * opcode it covers. The decode fields are constants for one opcode, so `r[z]` becomes a direct register accessor,
 * `if z == 6 { ... }` keeps only the branch that opcode takes, and constant subexpressions fold. The result is a
 * 513-entry handler table (0x00-0xFF, 0x100 + CB n, 512 = interrupt dispatch) the player's core indexes by opcode.
 *
 * Runtime values: every expression is a `(core) => number`; true/false are 1/0. Registers, flags, locals and
 * constants are numbered operands, and the common shapes (an operator on operands, a flag run, an assignment of
 * such a value) are single closures built in fuse.ts; locals that only name a register are replaced by it
 * (optimize.ts). Locals and constants live in one array per family; the checker guarantees a local is set
 * before it is read, so no value leaks between instructions.
 *
 * Incremental: a family's handlers depend on nothing but its id and source text (its own locals array, no program-
 * wide state), so each (id, text) is compiled once and a program is assembled from the cached handler sets. A
 * board's edit recompiles only the family it changed, on the server and on every replica. The cache is
 * memoisation only: the same text always compiles to the same handlers (or the same errors), and handlers keep no
 * state between instructions, so sharing them between programs and boards changes no result.
 */
import type { Expr, FamilyAst, Stmt } from "./ast.ts";
import { FAMILY_BY_ID, opcodeName, patternOpcodes } from "./families.ts";
import { classify, FIELDS, FLAGS, TABLES } from "./names.ts";
import { parseFamily } from "./parser.ts";
import { registerAliases } from "./optimize.ts";
import { checkFamily } from "./typecheck.ts";
import { assign, binary, branch, type Code, CONDITION_ID, fetch8, flagRun, fn, leaf, localId, newPool, type Pool, REG_ID, timedSequence, writeBus } from "./fuse.ts";
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
  const families: string[] = [];
  for (const [id, source] of Object.entries(sources)) {
    const found = cachedFamily(id, typeof source === "string" ? source : "");
    if ("errors" in found) { for (const e of found.errors) errors.push({ ...e, family: id }); continue; }
    families.push(id);
    for (const [op, h] of found.handlers) handlers[op] = h;
  }
  if (errors.length) return { errors };
  return { program: { families, handlers }, errors };
}

type FamilyResult = { readonly handlers: readonly (readonly [number, Handler])[] } | { readonly errors: readonly MicroError[] };

/** Compiled families by id and exact text, least recently used first; bounded so a server's memory stays flat. */
const familyCache = new Map<string, FamilyResult>();
const FAMILY_CACHE_SIZE = 1024;
let familyCompiles = 0;

/** How many family compilations have run in this thread (cache misses): lets a test see what was reused. */
export function familyCompileCount(): number {
  return familyCompiles;
}

function cachedFamily(id: string, source: string): FamilyResult {
  const key = `${id.length}:${id}${source}`; // the length prefix keeps (id, text) pairs from colliding
  let found = familyCache.get(key);
  if (found) familyCache.delete(key);
  else {
    familyCompiles++;
    found = compileFamily(id, source);
    if (familyCache.size >= FAMILY_CACHE_SIZE) familyCache.delete(familyCache.keys().next().value!);
  }
  familyCache.set(key, found);
  return found;
}

function compileFamily(id: string, source: string): FamilyResult {
  const pool = newPool();
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
  const locals = new Map<string, number>();
  const out: [number, Handler][] = [];
  const targets = info.opcodes.length ? info.opcodes : [DISPATCH_INDEX];
  for (const op of targets) {
    const spec = new Specializer(op === DISPATCH_INDEX ? 0 : op & 0xff, op, pool, locals);
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

const R_NAMES = ["B", "C", "D", "E", "H", "L", "(HL)", "A"];

const isInternal = (s: Stmt) => s.kind === "word" && s.word === "internal";

class Specializer {
  private readonly fields: Record<string, number>;
  private readonly op: number;
  private readonly pool: Pool;
  /** The family's locals: name → operand id (shared by all its opcodes; a local never outlives an instruction). */
  private readonly locals: Map<string, number>;

  constructor(byte: number, op: number, pool: Pool, locals: Map<string, number>) {
    this.fields = { x: byte >> 6, y: (byte >> 3) & 7, z: byte & 7, p: (byte >> 4) & 3, q: (byte >> 3) & 1 };
    this.op = op; this.pool = pool; this.locals = locals;
  }

  family(ast: FamilyAst): Handler {
    // an index out of range is left for the compiler to report, in its own order
    this.aliases = registerAliases(ast.body, (e) => {
      try { return this.tableName(e); } catch (x) { if (x instanceof CompileFail) return "?"; throw x; }
    });
    return this.seq(ast.body);
  }

  /** Locals that read a register instead (optimize.ts); their one assignment is not compiled. */
  private aliases = new Map<string, string>();

  private tableName(e: Expr & { kind: "index" }): string {
    const i = this.tableIndex(e);
    if (e.table === "r") return R_NAMES[i]!;
    if (e.table === "rp") return ["BC", "DE", "HL", "SP"][i]!;
    if (e.table === "rp2") return ["BC", "DE", "HL", "AF"][i]!;
    return ["NZ", "Z", "NC", "C"][i]!;
  }

  private local(name: string): number {
    let id = this.locals.get(name);
    if (id === undefined) {
      id = localId(this.pool);
      this.locals.set(name, id);
    }
    return id;
  }

  /** Whether evaluating `e` reads F (a flag, F, AF, rp2[3] or a condition): such a value cannot join a flag run. */
  private readsFlags(e: Expr): boolean {
    switch (e.kind) {
      case "num": return false;
      case "name": return e.name in FLAGS || e.name === "F" || e.name === "AF";
      case "index": return e.table === "cc" || (e.table === "rp2" && this.tableIndex(e) === 3);
      case "read": return this.readsFlags(e.address);
      case "unary": return this.readsFlags(e.arg);
      case "binary": return this.readsFlags(e.left) || this.readsFlags(e.right);
      case "ternary": return this.readsFlags(e.cond) || this.readsFlags(e.then) || this.readsFlags(e.else);
    }
  }

  /**
   * A statement list: consecutive assignments to distinct flags whose values read no flag become one flag run
   * (F written once); everything else one handler per statement.
   */
  private seq(body: Stmt[]): Handler {
    const parts: Handler[] = [];
    // leading and trailing `internal`s become cycle additions inside the sequence's own closure
    let first = 0, last = body.length;
    while (first < last && isInternal(body[first]!)) first++;
    while (last > first && isInternal(body[last - 1]!)) last--;
    const before = 4 * first, after = 4 * (body.length - last);
    body = body.slice(first, last);
    body = body.filter((s) => !(s.kind === "assign" && s.target.kind === "name" && this.aliases.has(s.target.name)));
    for (let i = 0; i < body.length;) {
      const run: { name: string; mask: number; code: Code }[] = [];
      let seen = 0;
      for (; i < body.length; i++) {
        const s = body[i]!;
        if (s.kind !== "assign" || s.target.kind !== "name" || !(s.target.name in FLAGS) || this.readsFlags(s.value)) break;
        const mask = FLAGS[s.target.name]!;
        if (seen & mask) break;
        seen |= mask;
        run.push({ name: s.target.name, mask, code: this.expr(s.value) });
      }
      // a lone flag is a plain store, which fuses its value's top operator
      if (run.length === 1) parts.push(this.store(run[0]!.name, run[0]!.code));
      else if (run.length) parts.push(flagRun(run, this.pool));
      if (run.length) continue;
      const h = this.stmt(body[i]!);
      if (h) parts.push(h);
      i++;
    }
    return timedSequence(parts, before, after);
  }

  private stmt(s: Stmt): Handler | null {
    switch (s.kind) {
      case "word": return word(s.word);
      case "if": {
        const cond = this.expr(s.cond);
        if ("k" in cond) return cond.k ? this.seq(s.then) : this.seq(s.else);
        // a taken branch of one statement and internal M-cycles (`PC = addr; internal`) runs inside the if's closure
        let n = s.then.length;
        while (n > 0 && isInternal(s.then[n - 1]!)) n--;
        const tail = n === 1 && !s.else.length ? { h: this.seq(s.then.slice(0, 1)), cycles: 4 * (s.then.length - 1) } : undefined;
        return branch(cond, tail ? tail.h : this.seq(s.then), s.else.length ? this.seq(s.else) : null, this.pool, tail);
      }
      case "write": return writeBus(this.expr(s.address), this.expr(s.value), this.pool);
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
      if (target.table === "r") return this.store(R_NAMES[i]!, code);
      return this.store(target.table === "rp" ? ["BC", "DE", "HL", "SP"][i]! : ["BC", "DE", "HL", "AF"][i]!, code);
    }
    if (target.kind !== "name") throw new Error("checked: assignment target");
    const name = target.name;
    if (name === "ime") { const v = fn(code); return (c) => { c.ime = v(c) !== 0; }; }
    const kind = classify(name);
    if (kind === "reg8" || kind === "pair" || kind === "flag") return this.store(name, code);
    return assign(this.local(name), code, this.pool);
  }

  /** A register, pair or flag; (HL) is a bus write of one M-cycle. */
  private store(reg: string, code: Code): Handler {
    if (reg !== "(HL)") return assign(REG_ID[reg]!, code, this.pool);
    const v = fn(code);
    return (c) => { const val = v(c); c.cycles += 4; c.bus.write((c.h << 8) | c.l, val); };
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
    const pool = this.pool;
    switch (e.kind) {
      case "num": return { k: e.value };
      case "name": return this.name(e.name);
      case "read": { const a = fn(this.expr(e.address)); return { f: (c) => { const addr = a(c); c.cycles += 4; return c.bus.read(addr); } }; }
      case "index": {
        const i = this.tableIndex(e);
        if (e.table === "r") return this.name(R_NAMES[i]!);
        if (e.table === "rp") return this.name(["BC", "DE", "HL", "SP"][i]!);
        if (e.table === "rp2") return this.name(["BC", "DE", "HL", "AF"][i]!);
        return leaf(CONDITION_ID[i]!, pool);
      }
      case "unary": {
        // each as the binary operator it equals on integers, so it fuses like one (`!x` is `x == 0`)
        const a = this.expr(e.arg);
        if (e.op === "~") return binary("^", a, { k: (e.ty?.bits ?? 8) <= 8 ? 0xff : 0xffff }, pool);
        if (e.op === "!") return binary("==", a, { k: 0 }, pool);
        return binary("-", { k: 0 }, a, pool);
      }
      case "ternary": {
        const cond = this.expr(e.cond);
        if ("k" in cond) return cond.k ? this.expr(e.then) : this.expr(e.else);
        const q = cond.f, t = fn(this.expr(e.then)), o = fn(this.expr(e.else));
        return { f: (c) => (q(c) ? t(c) : o(c)) };
      }
      case "binary": return binary(e.op, this.expr(e.left), this.expr(e.right), pool);
    }
  }

  private name(n: string): Code {
    if (n in FIELDS) return { k: this.fields[n]! };
    const alias = this.aliases.get(n);
    if (alias) return this.name(alias);
    if (n in REG_ID) return leaf(REG_ID[n]!, this.pool);
    switch (n) {
      case "(HL)": return { f: (c) => { c.cycles += 4; return c.bus.read((c.h << 8) | c.l); } };
      case "ime": return { f: (c) => (c.ime ? 1 : 0) };
      case "true": return { k: 1 };
      case "false": return { k: 0 };
      case "imm8": return { f: fetch8, fetch: 1 };
      case "simm8": return { f: (c) => (fetch8(c) ^ 0x80) - 0x80, fetch: -1 };
      case "imm16": return { f: (c) => { const lo = fetch8(c); return (fetch8(c) << 8) | lo; } };
      case "pop": return { f: (c) => {
        c.cycles += 4; const lo = c.bus.read(c.sp);
        c.cycles += 4; const hi = c.bus.read((c.sp + 1) & 0xffff);
        c.sp = (c.sp + 2) & 0xffff;
        return (hi << 8) | lo;
      } };
      case "pending": return { f: (c) => c.bus.pendingInterrupts() };
    }
    return leaf(this.local(n), this.pool);
  }
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

