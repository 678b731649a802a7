/**
 * Layout and branch relaxation, then emission. Like GNU as, every jmp/jcc to a label of the same section starts in
 * its 2-byte short form and grows to the near form (5 bytes jmp, 6 bytes jcc) only when the displacement does not fit
 * in a signed byte; growing one branch can push others out of range, so passes repeat until nothing changes
 * (sizes only grow, so this terminates). Branches to other sections or undefined symbols are near with R_386_PC32.
 */
import { R_386_32, R_386_PC32, SHT_NOBITS } from "../elf.ts";
import { evaluate } from "./expressions.ts";
import type { Value } from "./expressions.ts";
import { codePadding } from "./instruction-table.ts";
import type { ObjectRelocation, ObjectSection } from "./object-file.ts";
import type { AsmState, Item, SectionState } from "./state.ts";
import { layoutContext } from "./state.ts";

export interface EmitError { line: number; column: number; message: string }

function alignPadding(offset: number, item: Item & { kind: "align" }): number {
  const pad = (item.boundary - (offset % item.boundary)) % item.boundary;
  return item.max > 0 && pad > item.max ? 0 : pad;
}

function itemSize(item: Item, offset: number): number {
  switch (item.kind) {
    case "bytes": return item.bytes.length;
    case "data": return item.width;
    case "insn": return item.encoding.bytes.length;
    case "branch": return item.long ? (item.cc < 0 ? 5 : 6) : 2;
    case "align": return alignPadding(offset, item);
    case "space": return item.size;
    case "label": return 0;
  }
}

function layoutSection(s: SectionState): void {
  let offset = 0;
  s.offsets.length = s.items.length;
  for (let i = 0; i < s.items.length; i++) {
    s.offsets[i] = offset;
    offset += itemSize(s.items[i], offset);
  }
  s.size = offset;
}

/** Where a branch goes, if it is a label in its own section (the only case that can be short). */
function branchTarget(state: AsmState, s: SectionState, i: number, item: Item & { kind: "branch" }): number | undefined {
  const v = evaluate(item.target, layoutContext(state, s.name, s.offsets[i]));
  if ("message" in v || v.sym === undefined) return undefined;
  if (v.sym === ".") return s.offsets[i] + Number(v.n);
  const def = state.symbols.get(v.sym);
  if (def?.kind !== "label" || def.section !== s.name) return undefined;
  return s.offsets[def.item] + Number(v.n);
}

export function relax(state: AsmState): void {
  for (const s of state.sections.values()) {
    for (const item of s.items) if (item.kind === "branch") item.long = !item.relaxable;
  }
  for (let pass = 0; pass < 1000; pass++) {
    for (const s of state.sections.values()) layoutSection(s);
    let grew = false;
    for (const s of state.sections.values()) {
      s.items.forEach((item, i) => {
        if (item.kind !== "branch" || item.long) return;
        const target = branchTarget(state, s, i, item);
        const disp = target === undefined ? 1 << 20 : target - (s.offsets[i] + 2);
        if (disp < -128 || disp > 127) { item.long = true; grew = true; }
      });
    }
    if (!grew) return;
  }
}

function writeLE(out: Uint8Array, at: number, value: number, width: number): void {
  for (let i = 0; i < width; i++) out[at + i] = Math.floor(value / 2 ** (8 * i)) & 0xff;
}

function fitsWidth(v: bigint, width: number): boolean {
  const bits = BigInt(width * 8);
  return v >= -(1n << (bits - 1n)) && v < 1n << bits;
}

/**
 * A relocatable value as an ELF relocation: local labels become "section + offset" (GNU as keeps only global and
 * undefined symbols as relocation targets); returns the relocation's target and addend.
 */
function relocationFor(state: AsmState, v: Value, s: SectionState, dotOffset: number): { target: ObjectRelocation["target"]; addend: number } {
  const sym = v.sym!;
  if (sym === ".") return { target: { kind: "section", name: s.name }, addend: dotOffset + Number(v.n) };
  const def = state.symbols.get(sym);
  if (def?.kind === "label" && !state.globals.has(sym)) {
    return { target: { kind: "section", name: def.section }, addend: state.sections.get(def.section)!.offsets[def.item] + Number(v.n) };
  }
  return { target: { kind: "symbol", name: sym }, addend: Number(v.n) };
}

/** Produces each section's bytes and relocations from the final layout. */
export function emit(state: AsmState): ObjectSection[] | EmitError {
  const out: ObjectSection[] = [];
  for (const s of state.sections.values()) {
    const data = new Uint8Array(s.type === SHT_NOBITS ? 0 : s.size);
    const relocations: ObjectRelocation[] = [];
    for (let i = 0; i < s.items.length; i++) {
      const item = s.items[i];
      const at = s.offsets[i];
      const ctx = layoutContext(state, s.name, at);
      if (item.kind === "bytes") data.set(item.bytes, at);
      else if (item.kind === "space") { if (s.type !== SHT_NOBITS) data.fill(item.fill, at, at + item.size); }
      else if (item.kind === "align") {
        const pad = itemSize(item, at);
        if (s.type === SHT_NOBITS) continue;
        if (item.fill === undefined && item.code) data.set(codePadding(pad), at);
        else data.fill(item.fill ?? 0, at, at + pad);
      } else if (item.kind === "data") {
        const v = evaluate(item.expr, ctx);
        if ("message" in v) return { line: item.line, column: v.column, message: v.message };
        if (v.sym === undefined) {
          if (!fitsWidth(v.n, item.width)) return { line: item.line, column: item.column, message: `value ${v.n} does not fit in ${item.width} byte${item.width > 1 ? "s" : ""}` };
          writeLE(data, at, Number(BigInt.asUintN(item.width * 8, v.n)), item.width);
        } else {
          if (item.width !== 4) return { line: item.line, column: item.column, message: `an address ('${v.sym}') needs 4 bytes: use .long, not a ${item.width}-byte directive` };
          const r = relocationFor(state, v, s, at);
          writeLE(data, at, r.addend >>> 0, 4);
          relocations.push({ offset: at, type: R_386_32, target: r.target, addend: r.addend, line: item.line, column: item.column });
        }
      } else if (item.kind === "insn") {
        const bytes = item.encoding.bytes;
        data.set(bytes, at);
        for (const f of item.encoding.fixups) {
          const v = evaluate(f.expr, ctx);
          if ("message" in v) return { line: item.line, column: v.column, message: v.message };
          const field = at + f.at;
          const end = at + bytes.length;
          if (f.pcRelative) {
            if (v.sym === undefined) return { line: item.line, column: f.column, message: "a call needs a label as its target, not a number" };
            const def = state.symbols.get(v.sym);
            const local = v.sym === "." || (def?.kind === "label" && def.section === s.name && !state.globals.has(v.sym));
            if (local) {
              const target = v.sym === "." ? at + Number(v.n) : s.offsets[(def as { item: number }).item] + Number(v.n);
              writeLE(data, field, (target - end) >>> 0, 4);
            } else {
              const r = relocationFor(state, v, s, at);
              const stored = r.addend - (end - field);
              writeLE(data, field, stored >>> 0, 4);
              relocations.push({ offset: field, type: R_386_PC32, target: r.target, addend: stored, line: item.line, column: f.column });
            }
          } else if (v.sym === undefined) {
            if (!fitsWidth(v.n, 4)) return { line: item.line, column: f.column, message: `value ${v.n} does not fit in 32 bits` };
            writeLE(data, field, Number(BigInt.asUintN(32, v.n)), 4);
          } else {
            const r = relocationFor(state, v, s, at);
            writeLE(data, field, r.addend >>> 0, 4);
            relocations.push({ offset: field, type: R_386_32, target: r.target, addend: r.addend, line: item.line, column: f.column });
          }
        }
      } else if (item.kind === "branch") {
        const opcode = item.cc < 0 ? (item.long ? [0xe9] : [0xeb]) : item.long ? [0x0f, 0x80 + item.cc] : [0x70 + item.cc];
        data.set(opcode, at);
        const end = at + itemSize(item, at);
        const field = at + opcode.length;
        const v = evaluate(item.target, ctx);
        if ("message" in v) return { line: item.line, column: v.column, message: v.message };
        if (v.sym === undefined) return { line: item.line, column: item.column, message: "a jump needs a label as its target, not a number" };
        const target = branchTarget(state, s, i, item);
        if (target !== undefined) {
          const disp = target - end;
          if (!item.long && (disp < -128 || disp > 127)) return { line: item.line, column: item.column, message: "displacement out of range for a short jump" };
          writeLE(data, field, disp >>> 0, item.long ? 4 : 1);
        } else {
          const r = relocationFor(state, v, s, at);
          const stored = r.addend - 4;
          writeLE(data, field, stored >>> 0, 4);
          relocations.push({ offset: field, type: R_386_PC32, target: r.target, addend: stored, line: item.line, column: item.column });
        }
      }
    }
    out.push({ name: s.name, type: s.type, flags: s.flags, align: s.align, size: s.size, data, relocations });
  }
  return out;
}
