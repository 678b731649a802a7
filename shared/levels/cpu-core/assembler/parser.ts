/**
 * The parser: one line's tokens into statements (a label, then an instruction or a directive).
 *
 * Operands: registers A B C D E H L AF BC DE HL SP; conditions NZ Z NC C; memory operands in brackets —
 * [HL] [BC] [DE] [HL+] [HL-] (also [HLI] [HLD]) [C] ([$FF00+C] too) or [expression]; parentheses are accepted for
 * the register forms, e.g. (HL); SP+e8 for LD HL,SP+e8; anything else is an expression.
 * Directives: SECTION "name", REGION[addr][, BANK[n]]; DB / DW (expressions and strings); DS count[, fill];
 * name EQU expr, DEF name EQU expr; INCLUDE "file"; MACRO name … ENDM; REPT n … ENDR (handled in assembler.ts).
 */
import { parseExpr, TokenStream, type Expr } from "./expressions.ts";
import { AsmError, type Token } from "./lexer.ts";

export type Operand =
  | { readonly kind: "reg"; readonly name: string }
  | { readonly kind: "cond"; readonly name: string }
  | { readonly kind: "mem"; readonly name: "HL" | "BC" | "DE" | "C" | "HL+" | "HL-" }
  | { readonly kind: "memExpr"; readonly expr: Expr }
  | { readonly kind: "spOffset"; readonly expr: Expr }
  | { readonly kind: "expr"; readonly expr: Expr };

export type Region = "ROM0" | "ROMX" | "VRAM" | "SRAM" | "WRAM0" | "WRAMX" | "OAM" | "HRAM";
export const REGION_START: Readonly<Record<Region, number>> = { ROM0: 0x0000, ROMX: 0x4000, VRAM: 0x8000, SRAM: 0xa000, WRAM0: 0xc000, WRAMX: 0xd000, OAM: 0xfe00, HRAM: 0xff80 };
export const REGION_END: Readonly<Record<Region, number>> = { ROM0: 0x4000, ROMX: 0x8000, VRAM: 0xa000, SRAM: 0xc000, WRAM0: 0xd000, WRAMX: 0xe000, OAM: 0xfea0, HRAM: 0xffff };

export type Statement =
  | { readonly kind: "label"; readonly name: string }
  | { readonly kind: "instruction"; readonly mnemonic: string; readonly operands: readonly Operand[] }
  | { readonly kind: "data"; readonly width: 1 | 2; readonly items: readonly (Expr | string)[] }
  | { readonly kind: "space"; readonly count: Expr; readonly fill: Expr | null }
  | { readonly kind: "section"; readonly name: string; readonly region: Region; readonly address: Expr | null; readonly bank: Expr | null }
  | { readonly kind: "equ"; readonly name: string; readonly expr: Expr }
  | { readonly kind: "include"; readonly path: string }
  | { readonly kind: "macroStart"; readonly name: string }
  | { readonly kind: "macroEnd" }
  | { readonly kind: "rept"; readonly count: Expr }
  | { readonly kind: "endr" };

const REGS = new Set(["A", "B", "C", "D", "E", "H", "L", "AF", "BC", "DE", "HL", "SP"]);
const CONDS = new Set(["NZ", "Z", "NC"]);
export const DIRECTIVES = new Set(["SECTION", "DB", "DW", "DS", "EQU", "DEF", "INCLUDE", "MACRO", "ENDM", "REPT", "ENDR"]);

/** Splits a token list at top-level commas. */
export function splitArgs(tokens: readonly Token[]): Token[][] {
  const parts: Token[][] = [[]];
  let depth = 0;
  for (const t of tokens) {
    if (t.kind === "punct" && (t.text === "(" || t.text === "[")) depth++;
    if (t.kind === "punct" && (t.text === ")" || t.text === "]")) depth--;
    if (depth === 0 && t.kind === "punct" && t.text === ",") parts.push([]);
    else parts[parts.length - 1]!.push(t);
  }
  return parts.length === 1 && parts[0]!.length === 0 ? [] : parts;
}

function exprOf(tokens: readonly Token[]): Expr {
  if (tokens.length === 0) throw new AsmError("missing operand");
  const s = new TokenStream(tokens);
  const e = parseExpr(s);
  if (!s.done()) throw new AsmError(`unexpected '${s.peek()!.text}' in expression`);
  return e;
}

/** A register-indirect operand inside [..] or (..), or null. */
function indirect(inner: readonly Token[]): Operand | null {
  const words = inner.map((t) => t.text.toUpperCase()).join("");
  switch (words) {
    case "HL": case "BC": case "DE": case "C": return { kind: "mem", name: words };
    case "HL+": case "HLI": return { kind: "mem", name: "HL+" };
    case "HL-": case "HLD": return { kind: "mem", name: "HL-" };
  }
  if (inner.length >= 3 && inner[inner.length - 1]!.text.toUpperCase() === "C" && inner[inner.length - 2]!.text === "+") {
    const base = exprOf(inner.slice(0, -2));
    if (base.kind === "num" && base.value === 0xff00) return { kind: "mem", name: "C" };
  }
  return null;
}

export function parseOperand(tokens: readonly Token[]): Operand {
  const first = tokens[0];
  if (!first) throw new AsmError("missing operand");
  const last = tokens[tokens.length - 1]!;
  if (tokens.length === 1 && first.kind === "ident") {
    const u = first.text.toUpperCase();
    if (REGS.has(u)) return { kind: "reg", name: u };
    if (CONDS.has(u)) return { kind: "cond", name: u };
  }
  if (first.kind === "punct" && first.text === "[" && last.kind === "punct" && last.text === "]") {
    const inner = tokens.slice(1, -1);
    return indirect(inner) ?? { kind: "memExpr", expr: exprOf(inner) };
  }
  if (first.kind === "punct" && first.text === "(" && last.kind === "punct" && last.text === ")") {
    const reg = indirect(tokens.slice(1, -1));
    if (reg) return reg;
  }
  if (first.kind === "ident" && first.text.toUpperCase() === "SP" && tokens.length > 1 && (tokens[1]!.text === "+" || tokens[1]!.text === "-")) {
    const e = exprOf(tokens.slice(2));
    return { kind: "spOffset", expr: tokens[1]!.text === "-" ? { kind: "unary", op: "-", arg: e } : e };
  }
  return { kind: "expr", expr: exprOf(tokens) };
}

/** Parses the directive or instruction in `tokens` (the label, if any, already removed). */
export function parseStatement(tokens: readonly Token[]): Statement | null {
  if (tokens.length === 0) return null;
  const head = tokens[0]!;
  const word = head.text.toUpperCase();
  // name EQU expr
  if (tokens.length >= 3 && tokens[1]!.kind === "ident" && tokens[1]!.text.toUpperCase() === "EQU" && head.kind === "ident") {
    return { kind: "equ", name: head.text, expr: exprOf(tokens.slice(2)) };
  }
  if (head.kind !== "ident") throw new AsmError(`expected an instruction or directive, found '${head.text}'`);
  const rest = tokens.slice(1);
  switch (word) {
    case "DEF": {
      if (rest.length < 3 || rest[1]!.text.toUpperCase() !== "EQU") throw new AsmError("DEF expects: DEF name EQU value");
      return { kind: "equ", name: rest[0]!.text, expr: exprOf(rest.slice(2)) };
    }
    case "DB": case "DW":
      return {
        kind: "data", width: word === "DB" ? 1 : 2,
        items: splitArgs(rest).map((p) => (p.length === 1 && p[0]!.kind === "string" && p[0]!.str!.length !== 1 ? p[0]!.str! : exprOf(p))),
      };
    case "DS": {
      const args = splitArgs(rest);
      if (args.length < 1 || args.length > 2) throw new AsmError("DS expects: DS count[, fill]");
      return { kind: "space", count: exprOf(args[0]!), fill: args[1] ? exprOf(args[1]) : null };
    }
    case "SECTION": {
      const args = splitArgs(rest);
      const name = args[0]?.[0];
      if (!name || name.kind !== "string") throw new AsmError('SECTION expects: SECTION "name", REGION[address]');
      const where = args[1] ?? [];
      const region = where[0]?.text.toUpperCase() as Region | undefined;
      if (!region || !(region in REGION_START)) throw new AsmError(`unknown section region '${where[0]?.text ?? ""}'`);
      let address: Expr | null = null;
      if (where.length > 1) {
        if (where[1]!.text !== "[" || where[where.length - 1]!.text !== "]") throw new AsmError("section address goes in brackets: ROM0[$0150]");
        address = exprOf(where.slice(2, -1));
      }
      let bank: Expr | null = null;
      const b = args[2];
      if (b) {
        if (b[0]!.text.toUpperCase() !== "BANK" || b[1]?.text !== "[" || b[b.length - 1]!.text !== "]") throw new AsmError("expected BANK[n]");
        bank = exprOf(b.slice(2, -1));
      }
      return { kind: "section", name: name.str!, region, address, bank };
    }
    case "INCLUDE": {
      if (rest.length !== 1 || rest[0]!.kind !== "string") throw new AsmError('INCLUDE expects a quoted file name');
      return { kind: "include", path: rest[0]!.str! };
    }
    case "MACRO": {
      if (rest.length !== 1 || rest[0]!.kind !== "ident") throw new AsmError("MACRO expects a name");
      return { kind: "macroStart", name: rest[0]!.text };
    }
    case "ENDM": return { kind: "macroEnd" };
    case "REPT": return { kind: "rept", count: exprOf(rest) };
    case "ENDR": return { kind: "endr" };
  }
  return { kind: "instruction", mnemonic: word, operands: splitArgs(rest).map(parseOperand) };
}
