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
  /**
   * GNU as "frags": a new one starts after each item whose size is only known at layout (alignment, jmp/jcc).
   * Two labels in the same frag are a known distance apart while reading — `end - start` is then a constant.
   */
  frag: number;
  fragBytes: number;
}

export type SymbolDef =
  | { kind: "label"; section: string; item: number; line: number; frag: number; fragOffset: number }
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

function fixedSize(item: Item): number | undefined {
  switch (item.kind) {
    case "bytes": return item.bytes.length;
    case "data": return item.width;
    case "insn": return item.encoding.bytes.length;
    case "space": return item.size;
    case "label": return 0;
    default: return undefined;
  }
}

/** Appends an item to the current section, keeping frag bookkeeping for parse-time constants. */
export function addItem(state: AsmState, item: Item): void {
  const s = state.current;
  s.items.push(item);
  const size = fixedSize(item);
  if (size === undefined) { s.frag++; s.fragBytes = 0; } else s.fragBytes += size;
}

/** Defines a label at the current position. */
export function addLabel(state: AsmState, name: string, line: number): void {
  const s = state.current;
  state.symbols.set(name, { kind: "label", section: s.name, item: s.items.length, line, frag: s.frag, fragOffset: s.fragBytes });
  addItem(state, { kind: "label", name });
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
 * The value of an expression if GNU as would already know it as a constant at the current statement: numbers,
 * `.equ`/`=` symbols defined earlier in the file, and differences of labels already defined in the same frag.
 * A label alone and forward references are not constants yet — this is what makes `mov eax, msg` a memory load
 * and `add eax, FORWARD` use a 32-bit form.
 */
export function constantNow(state: AsmState, expr: Expr): bigint | undefined {
  const cur = state.current;
  const ctx: EvalContext = {
    dot: { section: `${cur.name}#${cur.frag}`, offset: cur.fragBytes },
    lookup(name: string): SymbolMeaning {
      const def = state.symbols.get(name);
      if (def?.kind === "expr" && def.statement < state.statement) return { kind: "expr", expr: def.expr };
      if (def?.kind === "label") return { kind: "label", section: `${def.section}#${def.frag}`, offset: def.fragOffset };
      return { kind: "external" };
    },
  };
  const v = evaluate(expr, ctx);
  if ("message" in v || v.sym !== undefined) return undefined;
  return v.n;
}
