/**
 * Fused closures for the compiler (compile.ts). Why this file exists: with one closure per expression node, a
 * typical ALU line (`HF = (A & 0xF) + (v & 0xF) > 0xF`) cost seven calls, and the call sites inside closures
 * shared by every opcode are megamorphic, so V8 inlines none of them. Here the cheap, side-effect-free leaves
 * (registers, pairs, flags, conditions, locals, constants) are numbered *operands* read by `get`, a plain module
 * function that V8 does inline; an operator on operands (and up to two more above it, each beside an operand) is
 * one closure, and assignments, flag runs, branches and bus writes take such values inline too.
 *
 * Semantics are exactly those of one closure per node: same operators, and every shape evaluates its operands
 * left to right as the nodes would. Only `&&`/`||` may skip their right side, so they fuse only when it is an
 * operand (reading one has no effect).
 */
import type { Core, Handler } from "./compile.ts";

export type Value = (core: Core) => number;

/**
 * Operand ids: what `get` reads without side effects. F and AF (rarely read) are not operands; flags and the
 * negated conditions are numbered so their bit is `21 - id` and `25 - id`. Locals and constants are LOCAL + slot
 * in the family's `vars` (a constant gets a slot of its own that nothing writes).
 */
export const REG_ID: Readonly<Record<string, number>> = {
  A: 0, F: 1, B: 2, C: 3, D: 4, E: 5, H: 6, L: 7, AF: 8, BC: 9, DE: 10, HL: 11, SP: 12, PC: 13,
  ZF: 14, NF: 15, HF: 16, CF: 17,
};
/** cc[0..3] = NZ Z NC C as operands. */
export const CONDITION_ID: readonly number[] = [18, 14, 21, 17];
export const LOCAL = 32;

/** A binary node whose two children are operands (ids). */
interface Node1 { readonly op: number; readonly a: number; readonly b: number; readonly k?: number }
/** `(a op1 b) op c` on operands: `(PC + e) & 0xFFFF`, `(v - 1) & 0xFF`, `(v & 0x80) != 0`. */
interface Node2 { readonly op: number; readonly op1: number; readonly a: number; readonly b: number; readonly c: number; readonly k?: number }

/**
 * Where a family's operands live besides the registers: `vars` holds its locals and its constants (one slot per
 * distinct constant, written once here), `consts` maps a constant to its slot. One pool per family keeps a family's
 * handlers independent of the others, so compile.ts can cache and reuse them.
 */
export interface Pool { readonly vars: number[]; readonly consts: Map<number, number> }
export const newPool = (): Pool => ({ vars: [], consts: new Map() });

/** A fresh local's operand id. */
export function localId(pool: Pool): number {
  pool.vars.push(0);
  return LOCAL + pool.vars.length - 1;
}

function constantId(pool: Pool, k: number): number {
  let id = pool.consts.get(k);
  if (id === undefined) {
    pool.vars.push(k);
    id = LOCAL + pool.vars.length - 1;
    pool.consts.set(k, id);
  }
  return id;
}

/**
 * A compiled expression: a compile-time constant, or code `f` (always present, so any consumer can call it) with
 * what fusion needs to know about its shape: `o` when it is an operand, `n` when it is one operator on operands,
 * `m` for an operator on such a node and an operand, `fetch` for imm8 (1) and simm8 (-1).
 */
export type Code = { k: number } | Run;
type Run = { f: Value; o?: number; n?: Node1; m?: Node2; fetch?: 1 | -1 };

const OPS = ["+", "-", "&", "|", "^", "<<", ">>", "==", "!=", "<", "<=", ">", ">=", "&&", "||"] as const;
const OP_ID = new Map<string, number>(OPS.map((o, i) => [o, i]));
const AND = 13, OR = 14;

/*
 * The dispatch functions below are trees of comparisons, not `switch`es: V8 compiles a switch into comparisons
 * tried one after another, so the twelfth case cost twelve tests (`v >= 1` measured 3x slower than `v + 1`). A
 * tree costs three or four tests for any case. They stay small because V8 inlines into one closure only so many
 * bytes of called functions; locals and constants (the commonest operands) are tested first.
 */

/** Reads an operand. */
function get(c: Core, vars: number[], id: number): number {
  return id >= LOCAL ? vars[id - LOCAL]! : id < 8 ? get8(c, id) : getWide(c, id);
}

function get8(c: Core, id: number): number {
  if (id < 4) return id === 0 ? c.a : id === 2 ? c.b : c.c;
  if (id < 6) return id === 4 ? c.d : c.e;
  return id === 6 ? c.h : c.l;
}

function getWide(c: Core, id: number): number {
  if (id >= 14) return id < 18 ? (c.f >> (21 - id)) & 1 : (~c.f >> (25 - id)) & 1; // flags; NZ, NC
  if (id >= 12) return id === 12 ? c.sp : c.pc;
  return id === 9 ? (c.b << 8) | c.c : id === 10 ? (c.d << 8) | c.e : (c.h << 8) | c.l;
}

/** Writes a register, pair, flag (any non-zero value sets it) or local. */
function put(c: Core, vars: number[], id: number, v: number): void {
  if (id >= LOCAL) vars[id - LOCAL] = v;
  else if (id < 8) put8(c, id, v);
  else putWide(c, id, v);
}

function put8(c: Core, id: number, v: number): void {
  if (id < 4) {
    if (id === 0) c.a = v;
    else if (id === 1) c.f = v & 0xf0;
    else if (id === 2) c.b = v;
    else c.c = v;
  } else if (id < 6) {
    if (id === 4) c.d = v;
    else c.e = v;
  } else if (id === 6) c.h = v;
  else c.l = v;
}

function putWide(c: Core, id: number, v: number): void {
  if (id >= 14) {
    const m = 1 << (21 - id);
    c.f = v ? c.f | m : c.f & ~m;
  } else if (id >= 12) {
    if (id === 12) c.sp = v;
    else c.pc = v;
  } else if (id < 10) {
    if (id === 8) { c.a = v >> 8; c.f = v & 0xf0; } else { c.b = v >> 8; c.c = v & 0xff; }
  } else if (id === 10) { c.d = v >> 8; c.e = v & 0xff; } else { c.h = v >> 8; c.l = v & 0xff; }
}

/** Every binary operator, by its index in OPS; both sides already evaluated (`&&`/`||` only on pure sides). */
function apply(op: number, a: number, b: number): number {
  if (op < 5) {
    if (op < 2) return op === 0 ? a + b : a - b;
    return op === 2 ? a & b : op === 3 ? a | b : a ^ b;
  }
  if (op < 7) return op === 5 ? a << b : a >> b;
  if (op < 9) return (op === 7 ? a === b : a !== b) ? 1 : 0;
  if (op < 11) return (op === 9 ? a < b : a <= b) ? 1 : 0;
  if (op < 13) return (op === 11 ? a > b : a >= b) ? 1 : 0;
  return (op === 13 ? a && b : a || b) ? 1 : 0;
}

function fold(op: string, a: number, b: number): number {
  return apply(OP_ID.get(op)!, a, b);
}

/**
 * `a op b` on two operands, one literal per operator: the most common node (`A & 0xF`, `res == 0`, `PC + e`), so
 * it does without `apply`'s dispatch and keeps its inlined size small.
 */
function onOperands(op: number, a: number, b: number, vars: number[]): Value {
  switch (op) {
    case 0: return (c) => get(c, vars, a) + get(c, vars, b);
    case 1: return (c) => get(c, vars, a) - get(c, vars, b);
    case 2: return (c) => get(c, vars, a) & get(c, vars, b);
    case 3: return (c) => get(c, vars, a) | get(c, vars, b);
    case 4: return (c) => get(c, vars, a) ^ get(c, vars, b);
    case 5: return (c) => get(c, vars, a) << get(c, vars, b);
    case 6: return (c) => get(c, vars, a) >> get(c, vars, b);
    case 7: return (c) => (get(c, vars, a) === get(c, vars, b) ? 1 : 0);
    case 8: return (c) => (get(c, vars, a) !== get(c, vars, b) ? 1 : 0);
    case 9: return (c) => (get(c, vars, a) < get(c, vars, b) ? 1 : 0);
    case 10: return (c) => (get(c, vars, a) <= get(c, vars, b) ? 1 : 0);
    case 11: return (c) => (get(c, vars, a) > get(c, vars, b) ? 1 : 0);
    case 12: return (c) => (get(c, vars, a) >= get(c, vars, b) ? 1 : 0);
    default: return (c) => apply(op, get(c, vars, a), get(c, vars, b));
  }
}

/** `a op k`, the same with a constant on the right (`res == 0`, `A & 0xF`) taken as is, not read from `vars`. */
function onConstant(op: number, a: number, k: number, vars: number[]): Value {
  switch (op) {
    case 0: return (c) => get(c, vars, a) + k;
    case 1: return (c) => get(c, vars, a) - k;
    case 2: return (c) => get(c, vars, a) & k;
    case 3: return (c) => get(c, vars, a) | k;
    case 4: return (c) => get(c, vars, a) ^ k;
    case 5: return (c) => get(c, vars, a) << k;
    case 6: return (c) => get(c, vars, a) >> k;
    case 7: return (c) => (get(c, vars, a) === k ? 1 : 0);
    case 8: return (c) => (get(c, vars, a) !== k ? 1 : 0);
    case 9: return (c) => (get(c, vars, a) < k ? 1 : 0);
    case 10: return (c) => (get(c, vars, a) <= k ? 1 : 0);
    case 11: return (c) => (get(c, vars, a) > k ? 1 : 0);
    case 12: return (c) => (get(c, vars, a) >= k ? 1 : 0);
    default: return (c) => apply(op, get(c, vars, a), k);
  }
}

/** A register, pair, flag, condition or local as code; F and AF are read by closures of their own. */
export function leaf(id: number, pool: Pool): Code {
  if (id === REG_ID.F) return { f: (c) => c.f };
  if (id === REG_ID.AF) return { f: (c) => (c.a << 8) | c.f };
  const vars = pool.vars;
  return { f: (c) => get(c, vars, id), o: id };
}

const operand = (x: Code, pool: Pool): number | undefined => ("k" in x ? constantId(pool, x.k) : x.o);
export const fn = (x: Code): Value => ("k" in x ? constant(x.k) : x.f);
const constant = (k: number): Value => () => k;

/**
 * `l op r`, folded when both are constants, else the most fused closure its shape allows. Every shape evaluates
 * left before right, as one closure per node would.
 */
export function binary(opName: string, l: Code, r: Code, pool: Pool): Code {
  if ("k" in l && "k" in r) return { k: fold(opName, l.k, r.k) };
  const op = OP_ID.get(opName)!, vars = pool.vars;
  const ia = operand(l, pool), ib = operand(r, pool);
  // `&&` and `||` on operands may read the right side eagerly: an operand read has no effect
  if (ia !== undefined && ib !== undefined) {
    if ("k" in r) return { f: onConstant(op, ia, r.k, vars), n: { op, a: ia, b: ib, k: r.k } };
    return { f: onOperands(op, ia, ib, vars), n: { op, a: ia, b: ib } };
  }
  if (op === AND || op === OR) {
    // the right side runs only when the left does not decide
    const a = fn(l), b = fn(r);
    return op === AND ? { f: (c) => (a(c) && b(c) ? 1 : 0) } : { f: (c) => (a(c) || b(c) ? 1 : 0) };
  }
  const ln = "k" in l ? undefined : l.n, rn = "k" in r ? undefined : r.n;
  // one operator on operands beside an operand or another such node: `(PC + e) & 0xFFFF`, `(A & 0xF) < (v & 0xF)`
  if (ln && ib !== undefined) {
    const { op: o1, a: i1, b: i2 } = ln;
    const m = { op, op1: o1, a: i1, b: i2, c: ib, ...("k" in r ? { k: r.k } : {}) };
    return { f: (c) => apply(op, apply(o1, get(c, vars, i1), get(c, vars, i2)), get(c, vars, ib)), m };
  }
  // and one more operator on top: `((v << 1) | CF) & 0xFF` (RL, RR)
  const lm = "k" in l ? undefined : l.m;
  if (lm && ib !== undefined) {
    const { op: o2, op1: o1, a: i1, b: i2, c: i3 } = lm;
    return { f: (c) => apply(op, apply(o2, apply(o1, get(c, vars, i1), get(c, vars, i2)), get(c, vars, i3)), get(c, vars, ib)) };
  }
  if (ln && rn) {
    const { op: o1, a: i1, b: i2 } = ln, { op: o2, a: i3, b: i4 } = rn;
    return { f: (c) => apply(op, apply(o1, get(c, vars, i1), get(c, vars, i2)), apply(o2, get(c, vars, i3), get(c, vars, i4))) };
  }
  if (ib !== undefined) {
    const a = fn(l);
    return { f: (c) => apply(op, a(c), get(c, vars, ib)) };
  }
  if (ia !== undefined) {
    const b = fn(r);
    return { f: (c) => apply(op, get(c, vars, ia), b(c)) };
  }
  const a = fn(l), b = fn(r);
  return { f: (c) => apply(op, a(c), b(c)) };
}

/**
 * `target = code` for a register, pair, flag or local: one closure when the value is an operand, imm8 or up to two
 * operators on operands (most assignments of the reference microcode).
 */
export function assign(target: number, code: Code, pool: Pool): Handler {
  const vars = pool.vars, id = operand(code, pool);
  if (id !== undefined) return (c) => put(c, vars, target, get(c, vars, id));
  const { n, m, fetch } = code as Run;
  if (n) {
    const { op, a, b, k } = n;
    if (k !== undefined) return (c) => put(c, vars, target, apply(op, get(c, vars, a), k));
    return (c) => put(c, vars, target, apply(op, get(c, vars, a), get(c, vars, b)));
  }
  if (m) {
    const { op, op1, a, b, c: i, k } = m;
    // the outer operand is most often a constant (`& 0xFF`): taken as is, not read from `vars`
    if (k !== undefined) return (c) => put(c, vars, target, apply(op, apply(op1, get(c, vars, a), get(c, vars, b)), k));
    return (c) => put(c, vars, target, apply(op, apply(op1, get(c, vars, a), get(c, vars, b)), get(c, vars, i)));
  }
  if (fetch === 1) return (c) => put(c, vars, target, fetch8(c));
  if (fetch === -1) return (c) => put(c, vars, target, (fetch8(c) ^ 0x80) - 0x80);
  const v = fn(code);
  return (c) => put(c, vars, target, v(c));
}

/**
 * A run of consecutive assignments to distinct flags whose values read no flag (the caller checks both): the
 * constant ones fold into one mask pair, the others are evaluated in order, and F is written once
 * (`ZF = A == 0; NF = 0; HF = 0; CF = 0` is one closure, not four read-modify-writes of F).
 */
export function flagRun(flags: readonly { mask: number; code: Code }[], pool: Pool): Handler {
  const vars = pool.vars;
  let keep = 0xff, set = 0;
  const vals: Value[] = [], masks: number[] = [];
  for (const { mask, code } of flags) {
    keep &= ~mask;
    if ("k" in code) { if (code.k) set |= mask; continue; }
    vals.push(code.f); masks.push(mask);
  }
  switch (vals.length) {
    case 0: return (c) => { c.f = (c.f & keep) | set; };
    case 1: {
      // one computed flag beside constant ones (`ZF = A == 0; NF = 0; HF = 0`): its comparison inline
      const [m] = masks as [number], n = (flags.find((x) => !("k" in x.code))!.code as Run).n;
      if (n) {
        const { op, a, b, k } = n;
        if (k !== undefined) return (c) => { c.f = (c.f & keep) | (apply(op, get(c, vars, a), k) ? m : 0) | set; };
        return (c) => { c.f = (c.f & keep) | (apply(op, get(c, vars, a), get(c, vars, b)) ? m : 0) | set; };
      }
      const [v] = vals as [Value];
      return (c) => { c.f = (c.f & keep) | (v(c) ? m : 0) | set; };
    }
    case 2: {
      const [m1, m2] = masks as [number, number];
      const [r1, r2] = flags.filter((x) => !("k" in x.code)).map((x) => x.code as Run) as [Run, Run];
      // two computed flags (INC/DEC: `ZF = res == 0`, `HF = (v & 0xF) == 0`): both comparisons inline
      if (r1.n && (r2.n || r2.m)) {
        const { op: p, a: i, b: j } = r1.n;
        if (r2.n) {
          const { op, a, b } = r2.n;
          return (c) => {
            const b1 = apply(p, get(c, vars, i), get(c, vars, j)) ? m1 : 0, b2 = apply(op, get(c, vars, a), get(c, vars, b)) ? m2 : 0;
            c.f = (c.f & keep) | b1 | b2 | set;
          };
        }
        const { op, op1, a, b, c: k } = r2.m!;
        return (c) => {
          const b1 = apply(p, get(c, vars, i), get(c, vars, j)) ? m1 : 0;
          const b2 = apply(op, apply(op1, get(c, vars, a), get(c, vars, b)), get(c, vars, k)) ? m2 : 0;
          c.f = (c.f & keep) | b1 | b2 | set;
        };
      }
      const [v1, v2] = vals as [Value, Value];
      return (c) => { const b1 = v1(c) ? m1 : 0, b2 = v2(c) ? m2 : 0; c.f = (c.f & keep) | b1 | b2 | set; };
    }
    default: {
      const n = vals.length;
      return (c) => {
        let bits = 0;
        for (let i = 0; i < n; i++) if (vals[i]!(c)) bits |= masks[i]!;
        c.f = (c.f & keep) | bits | set;
      };
    }
  }
}

/** Runs statement handlers in order: fixed arity up to 8 (no loop, no array), longer bodies as runs of 8. */
export function sequence(parts: readonly Handler[]): Handler {
  switch (parts.length) {
    case 0: return () => {};
    case 1: return parts[0]!;
    case 2: { const [a, b] = parts as [Handler, Handler]; return (c) => { a(c); b(c); }; }
    case 3: { const [a, b, d] = parts as [Handler, Handler, Handler]; return (c) => { a(c); b(c); d(c); }; }
    case 4: { const [a, b, d, e] = parts as [Handler, Handler, Handler, Handler]; return (c) => { a(c); b(c); d(c); e(c); }; }
    case 5: {
      const [a, b, d, e, g] = parts as [Handler, Handler, Handler, Handler, Handler];
      return (c) => { a(c); b(c); d(c); e(c); g(c); };
    }
    case 6: {
      const [a, b, d, e, g, h] = parts as [Handler, Handler, Handler, Handler, Handler, Handler];
      return (c) => { a(c); b(c); d(c); e(c); g(c); h(c); };
    }
    case 7: {
      const [a, b, d, e, g, h, i] = parts as [Handler, Handler, Handler, Handler, Handler, Handler, Handler];
      return (c) => { a(c); b(c); d(c); e(c); g(c); h(c); i(c); };
    }
    case 8: {
      const [a, b, d, e, g, h, i, j] = parts as [Handler, Handler, Handler, Handler, Handler, Handler, Handler, Handler];
      return (c) => { a(c); b(c); d(c); e(c); g(c); h(c); i(c); j(c); };
    }
    default: {
      const runs: Handler[] = [];
      for (let i = 0; i < parts.length; i += 8) runs.push(sequence(parts.slice(i, i + 8)));
      return sequence(runs);
    }
  }
}

/**
 * A sequence with `internal` M-cycles at its start and end folded in (`PC = addr; internal` is one closure):
 * those add to the cycle count with no bus access between, so adding them in the same handler is the same time.
 */
export function timedSequence(parts: readonly Handler[], before: number, after: number): Handler {
  if (!before && !after) return sequence(parts);
  return timed(parts, before, after);
}

function timed(parts: readonly Handler[], before: number, after: number): Handler {
  const t = before + after;
  switch (parts.length) {
    case 0: return (c) => { c.cycles += t; };
    case 1: {
      const a = parts[0]!;
      if (!before) return (c) => { a(c); c.cycles += after; };
      if (!after) return (c) => { c.cycles += before; a(c); };
      return (c) => { c.cycles += before; a(c); c.cycles += after; };
    }
    default: {
      const a = sequence(parts);
      return (c) => { c.cycles += before; a(c); c.cycles += after; };
    }
  }
}

/**
 * `if cond { t } else { e }`; a condition that is an operand (`cc[y]`, a local) is read inline, and so are the
 * trailing internal M-cycles of a one-statement taken branch (`if cc[y] { PC = addr; internal }`).
 */
export function branch(cond: Run, t: Handler, e: Handler | null, pool: Pool, tail?: { h: Handler; cycles: number }): Handler {
  if (cond.o !== undefined) {
    const id = cond.o, vars = pool.vars;
    if (tail && !e) {
      const { h, cycles } = tail;
      return (c) => { if (get(c, vars, id)) { h(c); c.cycles += cycles; } };
    }
    return e ? (c) => { if (get(c, vars, id)) t(c); else e(c); } : (c) => { if (get(c, vars, id)) t(c); };
  }
  const f = cond.f;
  return e ? (c) => { if (f(c)) t(c); else e(c); } : (c) => { if (f(c)) t(c); };
}

export function fetch8(c: Core): number {
  c.cycles += 4;
  const v = c.bus.read(c.pc);
  c.pc = (c.pc + 1) & 0xffff;
  return v;
}

/** `write(addr, value)`: one M-cycle; operand addresses and values (`write(HL, A)`, `write(BC, A)`) read inline. */
export function writeBus(address: Code, value: Code, pool: Pool): Handler {
  const ia = operand(address, pool), iv = operand(value, pool), vars = pool.vars;
  if (ia !== undefined && iv !== undefined) {
    return (c) => { const addr = get(c, vars, ia), val = get(c, vars, iv); c.cycles += 4; c.bus.write(addr, val); };
  }
  const a = fn(address), v = fn(value);
  return (c) => { const addr = a(c), val = v(c); c.cycles += 4; c.bus.write(addr, val); };
}
