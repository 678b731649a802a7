/**
 * What the assembler accumulates while reading a source: per-section item lists (the "frags" of GNU as) and the
 * symbol table. Sizes of everything but branches and alignment padding are fixed when a statement is read.
 */
import type { Expr, EvalContext, SymbolMeaning } from "./expressions.ts";
import { evaluate } from "./expressions.ts";
import type { Encoding } from "./encoder.ts";

export type Item =
  | { kind: "bytes"; bytes: number[] }
  | { kind: "data"; width: 1 | 2 | 4; expr: Expr; line: number; column: number }
  | { kind: "insn"; encoding: Encoding; line: number; calls: boolean }
  /** jmp (cc = -1) or jcc to a label; `long` once relaxation found the short form out of range. */
  | { kind: "branch"; cc: number; target: Expr; relaxable: boolean; long: boolean; line: number; column: number }
  | { kind: "align"; boundary: number; fill: number | undefined; max: number; code: boolean }
  | { kind: "space"; size: number; fill: number }
  | { kind: "label"; name: string };

export interface SectionState {
  name: string;
  type: number;
  flags: number;
  align: number;
  items: Item[];
  /** Offset of each item, from the latest layout pass. */
  offsets: number[];
  size: number;
}

export type SymbolDef =
  | { kind: "label"; section: string; item: number; line: number }
  | { kind: "expr"; expr: Expr; statement: number; line: number }
  | { kind: "comm"; size: number; align: number; line: number };

export interface AsmState {
  fileName: string;
  sections: Map<string, SectionState>;
  current: SectionState;
  symbols: Map<string, SymbolDef>;
  globals: Map<string, number>;
  /** Index of the statement being read: `.equ` values count as known constants only after their statement. */
  statement: number;
}

export function labelOffset(state: AsmState, def: SymbolDef & { kind: "label" }): number {
  return state.sections.get(def.section)!.offsets[def.item];
}

/** Evaluation context after layout: labels have offsets, `.equ` symbols are expressions, the rest external. */
export function layoutContext(state: AsmState, section: string, offset: number): EvalContext {
  return {
    dot: { section, offset },
    lookup(name: string): SymbolMeaning {
      const def = state.symbols.get(name);
      if (def?.kind === "label") return { kind: "label", section: def.section, offset: labelOffset(state, def) };
      if (def?.kind === "expr") return { kind: "expr", expr: def.expr };
      return { kind: "external" };
    },
  };
}

/**
 * The value of an expression if GNU as would already know it as a constant at the current statement: only numbers
 * and `.equ`/`=` symbols defined earlier in the file. Labels and forward references are not constants yet — this is
 * what makes `mov eax, msg` a memory load and `add eax, FORWARD` use a 32-bit form.
 */
export function constantNow(state: AsmState, expr: Expr): bigint | undefined {
  const ctx: EvalContext = {
    dot: { section: "", offset: 0 },
    lookup(name: string): SymbolMeaning {
      const def = state.symbols.get(name);
      if (def?.kind === "expr" && def.statement < state.statement) return { kind: "expr", expr: def.expr };
      return { kind: "external" };
    },
  };
  const v = evaluate(expr, ctx);
  if ("message" in v || v.sym !== undefined) return undefined;
  return v.n;
}
