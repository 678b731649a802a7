/**
 * The names microcode can use, with their types: registers, pairs, flags, decode fields, tables and the built-in
 * values. The type checker and the compiler both read this table, so a name means the same thing to each.
 */
import type { Ty } from "./ast.ts";

export const U8: Ty = { bool: false, bits: 8, signed: false };
export const U16: Ty = { bool: false, bits: 16, signed: false };
export const BOOL: Ty = { bool: true, bits: 1, signed: false };

export const REGISTERS8 = ["A", "F", "B", "C", "D", "E", "H", "L"] as const;
export const PAIRS = ["AF", "BC", "DE", "HL", "SP", "PC"] as const;
/** The flags and their bit in F. */
export const FLAGS: Readonly<Record<string, number>> = { ZF: 0x80, NF: 0x40, HF: 0x20, CF: 0x10 };
/** Decode fields and their width in bits: x = bits 7-6, y = 5-3, z = 2-0, p = 5-4, q = 3. */
export const FIELDS: Readonly<Record<string, number>> = { x: 2, y: 3, z: 3, p: 2, q: 1 };

export interface TableInfo { readonly ty: Ty; readonly size: number; readonly writable: boolean; readonly entries: string }
export const TABLES: Readonly<Record<string, TableInfo>> = {
  r: { ty: U8, size: 8, writable: true, entries: "B C D E H L (HL) A" },
  rp: { ty: U16, size: 4, writable: true, entries: "BC DE HL SP" },
  rp2: { ty: U16, size: 4, writable: true, entries: "BC DE HL AF" },
  cc: { ty: BOOL, size: 4, writable: false, entries: "NZ Z NC C" },
};

/** Read-only built-in values. Those marked `effect` touch the bus or PC when evaluated. */
export const BUILTINS: Readonly<Record<string, Ty>> = {
  imm8: U8, imm16: U16, simm8: { bool: false, bits: 8, signed: true }, pop: U16,
  pending: { bool: false, bits: 5, signed: false }, true: BOOL, false: BOOL,
};

export const KEYWORDS = new Set(["if", "else", "read", "write", "push", "acknowledge", "family", "matches", "except", "ime",
  "internal", "halt", "haltbug", "stop", "ei", "di", "prefix"]);

/** What a name is, for the checker. */
export type NameKind = "reg8" | "pair" | "flag" | "field" | "builtin" | "ime" | "keyword" | "local";

export function classify(name: string): NameKind {
  if ((REGISTERS8 as readonly string[]).includes(name)) return "reg8";
  if ((PAIRS as readonly string[]).includes(name)) return "pair";
  if (name in FLAGS) return "flag";
  if (name in FIELDS) return "field";
  if (name in BUILTINS) return "builtin";
  if (name === "ime") return "ime";
  if (KEYWORDS.has(name) || name in TABLES) return "keyword";
  return "local";
}

/** Plain words for a type, as errors say it. */
export function describeTy(t: Ty): string {
  if (t.bool) return "true/false";
  if (t.signed) return "possibly negative";
  if (t.bits <= 8) return "8-bit";
  if (t.bits <= 16) return "16-bit";
  return "wider than 16 bits";
}
