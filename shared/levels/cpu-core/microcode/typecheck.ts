/**
 * Type-checks one family: every expression gets a Ty (bool, or an integer of known bit width that may be
 * negative), assignments must fit their target (an 8-bit register takes only an unsigned value of at most 8
 * bits), names must exist, locals must be set on every path before they are read, table indexes must be decode
 * fields and numbers. Errors point at line:column and say how to fix the expression. Collects every error.
 */
import type { Expr, FamilyAst, Stmt, Ty } from "./ast.ts";
import { BOOL, BUILTINS, classify, describeTy, FIELDS, TABLES, U16, U8 } from "./names.ts";

export interface CheckError { code: string; message: string; line: number; column: number }

const num = (bits: number, signed = false): Ty => ({ bool: false, bits, signed });
const bitLength = (v: number) => (v === 0 ? 1 : 32 - Math.clz32(v));
/** Widest value any expression may reach: JavaScript's bitwise operators work on 32 bits. */
const MAX_BITS = 31;

export function checkFamily(family: FamilyAst): CheckError[] {
  return new Checker(family.id).run(family.body);
}

class Checker {
  readonly errors: CheckError[] = [];
  /** Locals and their type, declared by their first assignment. */
  private readonly locals = new Map<string, { ty: Ty; line: number }>();
  private readonly familyId: string;
  constructor(familyId: string) { this.familyId = familyId; }

  run(body: Stmt[]): CheckError[] {
    this.block(body, new Set());
    return this.errors;
  }

  private error(at: { line: number; column: number }, message: string, code = "microcode.type"): void {
    this.errors.push({ code, message, line: at.line, column: at.column });
  }

  /** Checks statements; `set` is the locals definitely assigned so far (updated in place). */
  private block(body: Stmt[], set: Set<string>): void {
    for (const s of body) this.statement(s, set);
  }

  private statement(s: Stmt, set: Set<string>): void {
    switch (s.kind) {
      case "word":
        if (s.word === "prefix" && this.familyId !== "prefix-cb") this.error(s, "prefix belongs to the prefix-cb family only", "microcode.misplaced");
        return;
      case "write": {
        this.address(s.address, set);
        this.fits(this.expr(s.value, set), U8, "the byte written", s.value);
        return;
      }
      case "push": this.fits(this.expr(s.value, set), U16, "the value pushed", s.value); return;
      case "acknowledge": this.expr(s.bit, set); return;
      case "if": {
        this.condition(s.cond, set);
        const a = new Set(set), b = new Set(set);
        this.block(s.then, a);
        this.block(s.else, b);
        for (const name of a) if (b.has(name)) set.add(name);
        return;
      }
      case "assign": this.assign(s.target, s.value, set); return;
    }
  }

  private assign(target: Expr, value: Expr, set: Set<string>): void {
    const vt = this.expr(value, set);
    if (target.kind === "index") {
      const table = TABLES[target.table];
      if (!table) { this.error(target, `unknown table "${target.table}" (tables: ${Object.keys(TABLES).join(", ")})`, "microcode.unknown-name"); return; }
      this.index(target, set);
      if (!table.writable) { this.error(target, `${target.table}[...] is a condition and cannot be assigned`, "microcode.readonly"); return; }
      this.fits(vt, table.ty, `${target.table}[...] is ${describeTy(table.ty)} but`, value);
      return;
    }
    if (target.kind !== "name") return;
    const name = target.name;
    switch (classify(name)) {
      case "reg8": this.fits(vt, U8, `${name} is 8-bit but`, value); return;
      case "pair": this.fits(vt, U16, `${name} is 16-bit but`, value); return;
      case "flag": case "ime": this.flag(vt, value, name); return;
      case "field": this.error(target, `${name} is a decode field of the opcode and cannot be assigned`, "microcode.readonly"); return;
      case "builtin": this.error(target, `${name} is a built-in value and cannot be assigned`, "microcode.readonly"); return;
      case "keyword": this.error(target, `${name} is a keyword and cannot be assigned`, "microcode.readonly"); return;
      case "local": {
        if (name === "Z" || name === "N") { this.error(target, registerHint(name)!, "microcode.unknown-name"); return; }
        const known = this.locals.get(name);
        if (!known) this.locals.set(name, { ty: vt, line: target.line });
        else if (known.ty.bool !== vt.bool || vt.bits > known.ty.bits && !known.ty.bool || vt.signed && !known.ty.signed) {
          this.error(value, `${name} holds a ${describeTy(known.ty)} value (set on line ${known.line}) but this expression is ${describeTy(vt)}; use a new name or mask it`);
        }
        set.add(name);
      }
    }
  }

  private flag(vt: Ty, value: Expr, name: string): void {
    if (vt.bool) return;
    if (value.kind === "num" && (value.value === 0 || value.value === 1)) return;
    this.error(value, `${name} is a flag (true/false) but this expression is a number; compare it, e.g. (...) != 0`);
  }

  /** Checks that a value of type `t` can be stored where `want` fits; `what` starts the message. */
  private fits(t: Ty, want: Ty, what: string, at: Expr): void {
    if (t.bool && !want.bool) return; // true/false store as 1/0
    if (want.bool && !t.bool) { this.error(at, `${what} needs true/false; compare the number, e.g. (...) != 0`); return; }
    if (t.signed || t.bits > want.bits) {
      const mask = want.bits === 8 ? "0xFF" : "0xFFFF";
      const subject = what.endsWith(" but") ? `${what} this expression is` : `${what} must be ${describeTy(want)} but this expression is`;
      this.error(at, `${subject} ${describeTy(t)}; mask it with & ${mask}`);
    }
  }

  private condition(e: Expr, set: Set<string>): void {
    const t = this.expr(e, set);
    if (!t.bool) this.error(e, `a condition must be true/false but this is ${describeTy(t)}; compare it, e.g. (...) != 0`);
  }

  private address(e: Expr, set: Set<string>): void {
    const t = this.expr(e, set);
    if (t.bool || t.signed || t.bits > 16) this.error(e, `an address is 16-bit but this expression is ${describeTy(t)}; mask it with & 0xFFFF`);
  }

  private index(e: Expr & { kind: "index" }, set: Set<string>): void {
    this.expr(e.index, set);
    if (!isConstant(e.index)) this.error(e.index, `${e.table}[...] must be indexed by decode fields and numbers (e.g. ${e.table}[${e.table === "r" ? "z" : e.table === "cc" ? "y" : "p"}]), so each opcode's entry is fixed`, "microcode.field");
  }

  expr(e: Expr, set: Set<string>): Ty {
    const t = this.infer(e, set);
    e.ty = t;
    return t;
  }

  private infer(e: Expr, set: Set<string>): Ty {
    switch (e.kind) {
      case "num": return num(bitLength(e.value));
      case "read": this.address(e.address, set); return U8;
      case "index": {
        const table = TABLES[e.table];
        if (!table) { this.error(e, `unknown table "${e.table}" (tables: ${Object.keys(TABLES).join(", ")})`, "microcode.unknown-name"); return U8; }
        this.index(e, set);
        return table.ty;
      }
      case "name": return this.name(e, set);
      case "unary": {
        const t = this.expr(e.arg, set);
        if (e.op === "!") { if (!t.bool) this.error(e, `! needs true/false; for a bitwise complement use ~`); return BOOL; }
        if (e.op === "-") return num(Math.min(t.bits + 1, MAX_BITS), true);
        if (t.signed || t.bits > 16) { this.error(e, `~ complements an 8- or 16-bit value but this one is ${describeTy(t)}; mask it first`); return U16; }
        return t.bits <= 8 ? U8 : U16;
      }
      case "ternary": {
        this.condition(e.cond, set);
        const a = this.expr(e.then, set), b = this.expr(e.else, set);
        if (a.bool !== b.bool) { this.error(e, "both sides of ?: must be numbers, or both true/false"); return a; }
        return a.bool ? BOOL : num(Math.max(a.bits, b.bits), a.signed || b.signed);
      }
      case "binary": return this.binary(e, set);
    }
  }

  private binary(e: Expr & { kind: "binary" }, set: Set<string>): Ty {
    const a = this.expr(e.left, set), b = this.expr(e.right, set);
    switch (e.op) {
      case "&&": case "||":
        if (!a.bool || !b.bool) this.error(a.bool ? e.right : e.left, `${e.op} joins true/false values; compare the number first, e.g. (...) != 0`);
        return BOOL;
      case "==": case "!=": case "<": case "<=": case ">": case ">=":
        if (a.bool !== b.bool && (e.op !== "==" && e.op !== "!=")) this.error(e, `${e.op} compares numbers`);
        return BOOL;
      case "+": return this.wide(e, num(Math.max(a.bits, b.bits) + 1, a.signed || b.signed));
      case "-": return this.wide(e, num(Math.max(a.bits, b.bits) + 1, true));
      case "&":
        if (a.signed && b.signed) return num(Math.max(a.bits, b.bits), true);
        return num(Math.min(a.signed ? 99 : a.bits, b.signed ? 99 : b.bits));
      case "|": case "^": return num(Math.max(a.bits, b.bits), a.signed || b.signed);
      case "<<": {
        if (b.signed) this.error(e.right, "a shift amount cannot be negative");
        const most = constValue(e.right) ?? (2 ** b.bits - 1);
        return this.wide(e, num(a.bits + most, a.signed));
      }
      case ">>": {
        if (b.signed) this.error(e.right, "a shift amount cannot be negative");
        const k = constValue(e.right);
        return num(k === undefined ? a.bits : Math.max(1, a.bits - k), a.signed);
      }
    }
  }

  private wide(e: Expr, t: Ty): Ty {
    if (t.bits > MAX_BITS) { this.error(e, `this value can need more than ${MAX_BITS} bits; mask its operands first`); return num(MAX_BITS, t.signed); }
    return t;
  }

  private name(e: Expr & { kind: "name" }, set: Set<string>): Ty {
    const n = e.name;
    switch (classify(n)) {
      case "reg8": return U8;
      case "pair": return U16;
      case "flag": case "ime": return BOOL;
      case "field": return num(FIELDS[n]!);
      case "builtin": return BUILTINS[n]!;
      case "keyword": this.error(e, `${n} is a keyword, not a value`, "microcode.syntax"); return U8;
      case "local": {
        const known = this.locals.get(n);
        if (!known) { this.error(e, registerHint(n) ?? `unknown name "${n}"`, "microcode.unknown-name"); return U8; }
        if (!set.has(n)) this.error(e, `${n} may not be set yet here: set it before this line on every path (it is first set on line ${known.line})`, "microcode.unset");
        return known.ty;
      }
    }
  }
}

/** Advice for names that look like a register or flag written the wrong way. */
function registerHint(name: string): string | undefined {
  if (["Z", "N"].includes(name)) return `${name} is not a name: the flags are ZF NF HF CF`;
  const upper = name.toUpperCase();
  if (upper !== name && (["A", "F", "B", "C", "D", "E", "H", "L", "AF", "BC", "DE", "HL", "SP", "PC", "ZF", "NF", "HF", "CF"]).includes(upper)) {
    return `registers and flags are written in capitals: ${upper}`;
  }
  return undefined;
}

/** Decode fields, numbers and operators on them: the same value for every execution of one opcode. */
export function isConstant(e: Expr): boolean {
  switch (e.kind) {
    case "num": return true;
    case "name": return e.name in FIELDS;
    case "unary": return isConstant(e.arg);
    case "binary": return isConstant(e.left) && isConstant(e.right);
    case "ternary": return isConstant(e.cond) && isConstant(e.then) && isConstant(e.else);
    default: return false;
  }
}

function constValue(e: Expr): number | undefined {
  return e.kind === "num" ? e.value : undefined;
}

