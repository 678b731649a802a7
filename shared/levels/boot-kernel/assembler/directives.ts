/**
 * Assembler directives (GNU as manual, "Assembler Directives"), the subset kernels use. On i386 ELF `.align N`
 * means N bytes (like `.balign`), and padding in an executable section is NOP instructions, elsewhere zeros.
 */
import { SHF_EXECINSTR, SHT_NOBITS } from "../elf.ts";
import type { Expr } from "./expressions.ts";
import { TokenStream, mentionsDot, parseExpression } from "./expressions.ts";
import { SECTION_TYPES, defaultSectionKind, parseSectionFlags } from "./sections.ts";
import type { AsmState, Item, SectionState } from "./state.ts";
import { addItem, addLabel, constantNow } from "./state.ts";

export interface DirectiveError { column: number; message: string }
type Handler = (state: AsmState, ts: TokenStream, name: string, line: number) => DirectiveError | undefined;

export function switchSection(state: AsmState, name: string, kind?: { type: number; flags: number }): void {
  let s = state.sections.get(name);
  if (!s) {
    const k = kind ?? defaultSectionKind(name);
    s = { name, type: k.type, flags: k.flags, align: 1, items: [], offsets: [], size: 0, frag: 0, fragBytes: 0 };
    state.sections.set(name, s);
  }
  state.current = s;
}

function push(state: AsmState, item: Item): DirectiveError | undefined {
  if (state.current.type === SHT_NOBITS && !(item.kind === "space" && item.fill === 0) && item.kind !== "align" && item.kind !== "label") {
    return { column: 1, message: `section ${state.current.name} holds no data (NOBITS): only labels, .skip/.space and .align belong there` };
  }
  addItem(state, item);
  return undefined;
}

function expectEnd(ts: TokenStream): DirectiveError | undefined {
  return ts.atEnd() ? undefined : { column: ts.column(), message: `unexpected '${ts.peek()!.text}'` };
}

function expression(ts: TokenStream): Expr | DirectiveError {
  return parseExpression(ts, false);
}

/** A comma-separated list of expressions (possibly empty). */
function expressionList(ts: TokenStream): Expr[] | DirectiveError {
  const list: Expr[] = [];
  if (ts.atEnd()) return list;
  for (;;) {
    const e = expression(ts);
    if ("message" in e) return e;
    list.push(e);
    if (ts.atEnd()) return list;
    if (!ts.isPunct(",")) return { column: ts.column(), message: "expected ',' between values" };
    ts.next();
  }
}

function constant(state: AsmState, ts: TokenStream, what: string): bigint | DirectiveError {
  const column = ts.column();
  const e = expression(ts);
  if ("message" in e) return e;
  const v = constantNow(state, e);
  if (v === undefined) return { column, message: `${what} must be a constant known at this point (a number or an earlier .equ)` };
  return v;
}

function names(ts: TokenStream): string[] | DirectiveError {
  const out: string[] = [];
  for (;;) {
    const t = ts.next();
    if (!t || t.kind !== "ident") return { column: t?.column ?? ts.endColumn, message: "expected a symbol name" };
    out.push(t.text);
    if (ts.atEnd()) return out;
    if (!ts.isPunct(",")) return { column: ts.column(), message: "expected ',' between symbol names" };
    ts.next();
  }
}

const data = (width: 1 | 2 | 4): Handler => (state, ts, _name, line) => {
  const start = ts.column();
  const list = expressionList(ts);
  if ("message" in list) return list;
  for (const expr of list) {
    const err = push(state, { kind: "data", width, expr, line, column: expr.column ?? start });
    if (err) return err;
  }
  return undefined;
};

const strings = (terminate: boolean): Handler => (state, ts) => {
  for (;;) {
    const t = ts.next();
    if (!t || t.kind !== "string") return { column: t?.column ?? ts.endColumn, message: "expected a string in double quotes" };
    const err = push(state, { kind: "bytes", bytes: terminate ? [...t.bytes, 0] : [...t.bytes] });
    if (err) return err;
    if (ts.atEnd()) return undefined;
    if (!ts.isPunct(",")) return { column: ts.column(), message: "expected ',' between strings" };
    ts.next();
  }
};

const align = (power: boolean): Handler => (state, ts, name) => {
  const column = ts.column();
  const n = constant(state, ts, `${name}'s alignment`);
  if (typeof n !== "bigint") return n;
  let fill: number | undefined;
  let max = 0;
  if (ts.isPunct(",")) {
    ts.next();
    if (!ts.isPunct(",")) {
      const f = constant(state, ts, "the fill byte");
      if (typeof f !== "bigint") return f;
      fill = Number(f & 0xffn);
    }
    if (ts.isPunct(",")) {
      ts.next();
      const m = constant(state, ts, "the maximum skip");
      if (typeof m !== "bigint") return m;
      max = Number(m);
    }
  }
  const end = expectEnd(ts);
  if (end) return end;
  if (power && (n < 0n || n > 16n)) return { column, message: `.p2align ${n} is out of range (0 to 16)` };
  const boundary = power ? 1 << Number(n) : Number(n);
  if (boundary < 1 || (boundary & (boundary - 1)) !== 0 || boundary > 1 << 16) {
    return { column, message: `alignment ${n} is not a power of 2 (on i386 ELF, ${name} takes a byte count like 4, 16 or 4096)` };
  }
  state.current.align = Math.max(state.current.align, boundary);
  return push(state, { kind: "align", boundary, fill, max, code: (state.current.flags & SHF_EXECINSTR) !== 0 });
};

const space: Handler = (state, ts, name) => {
  const n = constant(state, ts, `${name}'s size`);
  if (typeof n !== "bigint") return n;
  let fill = 0;
  if (ts.isPunct(",")) {
    ts.next();
    const f = constant(state, ts, "the fill byte");
    if (typeof f !== "bigint") return f;
    fill = Number(f & 0xffn);
  }
  if (n < 0n || n > 1n << 24n) return { column: 1, message: `${name} ${n}: the size must be between 0 and 16 MiB` };
  return expectEnd(ts) ?? push(state, { kind: "space", size: Number(n), fill });
};

const fillDirective: Handler = (state, ts) => {
  const repeat = constant(state, ts, ".fill's repeat count");
  if (typeof repeat !== "bigint") return repeat;
  let size = 1n;
  let value = 0n;
  if (ts.isPunct(",")) {
    ts.next();
    const s = constant(state, ts, ".fill's size");
    if (typeof s !== "bigint") return s;
    size = s;
    if (ts.isPunct(",")) {
      ts.next();
      const v = constant(state, ts, ".fill's value");
      if (typeof v !== "bigint") return v;
      value = v;
    }
  }
  if (repeat < 0n || repeat * size > 1n << 24n || size < 0n || size > 8n) return { column: 1, message: ".fill repeat, size (0–8), value: the total must stay under 16 MiB" };
  // GNU as: the value is 4 bytes little-endian; sizes above 4 are padded with zeros.
  const unit: number[] = [];
  for (let i = 0; i < Number(size); i++) unit.push(i < 4 ? Number((value >> BigInt(8 * i)) & 0xffn) : 0);
  const bytes: number[] = [];
  for (let i = 0n; i < repeat; i++) bytes.push(...unit);
  return expectEnd(ts) ?? push(state, { kind: "bytes", bytes });
};

const section: Handler = (state, ts) => {
  const t = ts.next();
  if (!t || (t.kind !== "ident" && t.kind !== "string")) return { column: t?.column ?? ts.endColumn, message: "expected a section name" };
  const name = t.kind === "string" ? String.fromCharCode(...t.bytes) : t.text;
  let kind = defaultSectionKind(name);
  if (ts.isPunct(",")) {
    ts.next();
    const f = ts.next();
    if (!f || f.kind !== "string") return { column: f?.column ?? ts.endColumn, message: "expected the section flags as a string, e.g. \"ax\"" };
    const flags = parseSectionFlags(String.fromCharCode(...f.bytes));
    if (flags === undefined) return { column: f.column, message: `section flags ${f.text}: this assembler knows a (alloc), w (write) and x (execute)` };
    kind = { type: kind.type, flags };
    if (ts.isPunct(",")) {
      ts.next();
      const at = ts.next();
      const ty = ts.next();
      if (!at || !ty || at.text !== "@" && at.text !== "%" || SECTION_TYPES[ty.text] === undefined) {
        return { column: at?.column ?? ts.endColumn, message: "expected @progbits or @nobits" };
      }
      kind = { type: SECTION_TYPES[ty.text], flags: kind.flags };
    }
  }
  const end = expectEnd(ts);
  if (end) return end;
  switchSection(state, name, kind);
  return undefined;
};

const equ: Handler = (state, ts, name, line) => {
  const t = ts.next();
  if (!t || t.kind !== "ident") return { column: t?.column ?? ts.endColumn, message: `${name} needs a symbol name, then a comma and a value` };
  if (!ts.isPunct(",")) return { column: ts.column(), message: `expected ',' after ${name} ${t.text}` };
  ts.next();
  return defineSymbol(state, t.text, t.column, ts, line);
};

/** `.equ NAME, EXPR` and `NAME = EXPR`. */
export function defineSymbol(state: AsmState, name: string, column: number, ts: TokenStream, line: number): DirectiveError | undefined {
  const e = expression(ts);
  if ("message" in e) return e;
  const end = expectEnd(ts);
  if (end) return end;
  const prev = state.symbols.get(name);
  if (prev) return { column, message: `symbol '${name}' is already defined on line ${prev.line}` };
  state.symbols.set(name, { kind: "expr", expr: pinDot(state, e, line), statement: state.statement, line });
  return undefined;
}

/** Prefix of labels the assembler makes itself; they never reach the symbol table (like GNU as's .L names). */
export const INTERNAL_LABEL_PREFIX = "\u0000";

/** In `len = . - table`, `.` is the location of the definition, not of each use: pin it with a hidden label. */
function pinDot(state: AsmState, e: Expr, line: number): Expr {
  if (!mentionsDot(e)) return e;
  const name = `${INTERNAL_LABEL_PREFIX}dot${state.symbols.size}`;
  addLabel(state, name, line);
  const replace = (x: Expr): Expr =>
    x.kind === "dot" ? { kind: "sym", name, column: x.column } :
    x.kind === "unary" ? { ...x, arg: replace(x.arg) } :
    x.kind === "binary" ? { ...x, left: replace(x.left), right: replace(x.right) } : x;
  return replace(e);
}

const globalDirective: Handler = (state, ts, _name, line) => {
  const list = names(ts);
  if ("message" in list) return list;
  for (const n of list) if (!state.globals.has(n)) state.globals.set(n, line);
  return undefined;
};

const comm: Handler = (state, ts, _name, line) => {
  const t = ts.next();
  if (!t || t.kind !== "ident") return { column: t?.column ?? ts.endColumn, message: ".comm needs a symbol name and a size" };
  if (!ts.isPunct(",")) return { column: ts.column(), message: "expected ',' and the size after the .comm symbol" };
  ts.next();
  const size = constant(state, ts, ".comm's size");
  if (typeof size !== "bigint") return size;
  let alignment = 1n;
  if (ts.isPunct(",")) {
    ts.next();
    const a = constant(state, ts, ".comm's alignment");
    if (typeof a !== "bigint") return a;
    alignment = a;
  }
  const end = expectEnd(ts);
  if (end) return end;
  if (state.symbols.has(t.text)) return { column: t.column, message: `symbol '${t.text}' is already defined on line ${state.symbols.get(t.text)!.line}` };
  state.symbols.set(t.text, { kind: "comm", size: Number(size), align: Number(alignment), line });
  state.globals.set(t.text, line);
  return undefined;
};

const ignore: Handler = (_state, ts) => { while (!ts.atEnd()) ts.next(); return undefined; };
const accept: Handler = (_state, ts) => expectEnd(ts);

const DIRECTIVES: Readonly<Record<string, Handler>> = {
  ".intel_syntax": (_s, ts) => {
    const t = ts.next();
    if (t && t.text !== "noprefix") return { column: t.column, message: "write '.intel_syntax noprefix': registers are written without %" };
    return expectEnd(ts);
  },
  ".att_syntax": (_s, ts) => ({ column: ts.column(), message: "this assembler reads Intel syntax only (.intel_syntax noprefix)" }),
  ".code32": accept,
  ".code16": (_s, ts) => ({ column: ts.column(), message: "only 32-bit code (.code32): Multiboot enters the kernel in protected mode" }),
  ".text": (s, ts) => expectEnd(ts) ?? (switchSection(s, ".text"), undefined),
  ".data": (s, ts) => expectEnd(ts) ?? (switchSection(s, ".data"), undefined),
  ".bss": (s, ts) => expectEnd(ts) ?? (switchSection(s, ".bss"), undefined),
  ".section": section,
  ".global": globalDirective, ".globl": globalDirective,
  ".extern": (_s, ts) => { const l = names(ts); return "message" in l ? l : undefined; },
  ".align": align(false), ".balign": align(false), ".p2align": align(true),
  ".byte": data(1), ".word": data(2), ".short": data(2), ".2byte": data(2), ".hword": data(2),
  ".long": data(4), ".int": data(4), ".4byte": data(4),
  ".ascii": strings(false), ".asciz": strings(true), ".string": strings(true),
  ".skip": space, ".space": space, ".zero": space, ".fill": fillDirective,
  ".equ": equ, ".set": equ,
  ".comm": comm,
  ".type": ignore, ".size": ignore, ".file": ignore, ".ident": ignore,
};

export function directiveHandler(name: string): Handler | undefined {
  return DIRECTIVES[name.toLowerCase()];
}
