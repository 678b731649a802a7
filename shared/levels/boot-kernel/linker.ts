/**
 * The boot-kernel linker: relocatable objects from the assembler + a GNU ld–style linker script → an ELF32 i386
 * executable QEMU's `-kernel` boots (ld manual §3.6 "SECTIONS"; i386 psABI relocations).
 *
 * Public API (imported by the level and the CLI; keep stable):
 *   link(objects, script)          → Result<LinkedKernel>
 *   buildKernel(sources, script)   → Result<LinkedKernel>   assemble every source, then link
 *   LinkedKernel = { elf, image, map, entry }               map: output sections (address, size, inputs) and symbols
 *
 * What it does as ld does: input sections go to the first output section whose pattern matches (script order, then
 * file order); output sections start at `.` aligned to the largest input alignment or ALIGN(); unmatched sections are
 * orphans placed after the last output section of the same kind; `/DISCARD/` drops sections; `*(COMMON)` places
 * .comm symbols; R_386_32 = S + A, R_386_PC32 = S + A − P; PT_LOAD segments split where permissions change (text R-X,
 * rodata R, data+bss RW with memsz > filesz), p_paddr = p_vaddr.
 * Where it is stricter than ld: a missing entry symbol is an error (ld only warns and starts at .text).
 * Omitted: AT()/LMA, MEMORY regions, PHDRS, --gc-sections (KEEP is accepted), local numeric labels.
 */
import type { GameError, Result } from "../../engine/errors.ts";
import type { ObjectFile, ObjectSection, SourceError } from "./assembler/index.ts";
import { assemble } from "./assembler/index.ts";
import type { ElfImage, LinkedSection, LinkedSegment, LinkedSymbol } from "./elf.ts";
import {
  ABSOLUTE_SECTION, COMMON_SECTION, PF_R, PF_W, PF_X, R_386_32, R_386_PC32, SHF_ALLOC, SHF_EXECINSTR, SHF_WRITE,
  SHT_NOBITS, SHT_PROGBITS, STT_NOTYPE, UNDEFINED_SECTION, ELF_PAGE_SIZE, alignUp, parseElf, writeElf,
} from "./elf.ts";
import type { Assignment, InputSpec, LinkerScript, OutputSection, ScriptExpr } from "./linker-script.ts";
import { parseLinkerScript } from "./linker-script.ts";

export interface LinkMapInput { file: string; section: string; address: number; size: number }
export type LinkMapEntry =
  | { kind: "section"; name: string; address: number; size: number; flags: number; inputs: LinkMapInput[] }
  | { kind: "symbol"; name: string; address: number; file: string; section: string; global: boolean };
export interface LinkedKernel { elf: Uint8Array; image: ElfImage; map: LinkMapEntry[]; entry: number }
export interface LinkError extends GameError { readonly fileName?: string; readonly line?: number; readonly column?: number }

/** The largest image the linker will lay out (bytes from lowest to highest address): a budget for player scripts. */
export const MAX_IMAGE_BYTES = 64 * 1024 * 1024;

interface InputSection {
  file: string;
  object: number;
  name: string;
  section?: ObjectSection;
  /** A synthetic input for one COMMON symbol. */
  common?: { symbol: string; size: number; align: number };
  size: number;
  align: number;
  flags: number;
  type: number;
  output?: PlacedOutput;
  discarded: boolean;
  address: number;
}

interface PlacedOutput {
  name: string;
  command?: OutputSection;
  inputs: InputSection[];
  address: number;
  size: number;
  flags: number;
  type: number;
  align: number;
}

type LinkResult<T> = { ok: true; value: T } | { ok: false; error: LinkError };
const err = (code: string, message: string, where?: { fileName?: string; line?: number; column?: number }): { ok: false; error: LinkError } =>
  ({ ok: false, error: { code, message, ...where } });

/** Addresses as ld prints them for ELF32 (8 hex digits). */
const hex8 = (n: number): string => (n >>> 0).toString(16).padStart(8, "0");

function globToRegExp(glob: string): RegExp {
  let re = "^";
  for (const ch of glob) {
    if (ch === "*") re += ".*";
    else if (ch === "?") re += ".";
    else if (ch === "[" || ch === "]") re += ch;
    else re += ch.replace(/[.+^${}()|\\/]/g, "\\$&");
  }
  try { return new RegExp(re + "$"); } catch { return /^$/; }
}

interface Ctx {
  objects: readonly ObjectFile[];
  inputs: InputSection[];
  outputs: Map<string, PlacedOutput>;
  scriptSymbols: Map<string, { value: number; output?: string }>;
  dot: number;
  /** Global symbol → where defined. */
  globals: Map<string, { object: number; name: string }>;
}

/** Evaluates a script expression; inside an output section, `base` is its start (for section-relative numbers). */
function evalExpr(ctx: Ctx, e: ScriptExpr): number | LinkError {
  switch (e.kind) {
    case "num": return e.value;
    case "dot": return ctx.dot;
    case "sym": {
      const s = ctx.scriptSymbols.get(e.name);
      if (s) return s.value;
      const addr = symbolAddress(ctx, e.name);
      if (addr !== undefined) return addr;
      return { code: "E_LD_UNDEFINED", message: `linker script:${e.line}:${e.column}: undefined symbol '${e.name}' referenced in expression`, line: e.line, column: e.column };
    }
    case "unary": {
      const a = evalExpr(ctx, e.arg);
      if (typeof a !== "number") return a;
      return e.op === "-" ? (-a) >>> 0 : e.op === "~" ? (~a) >>> 0 : a;
    }
    case "binary": {
      const a = evalExpr(ctx, e.left);
      if (typeof a !== "number") return a;
      const b = evalExpr(ctx, e.right);
      if (typeof b !== "number") return b;
      switch (e.op) {
        case "+": return (a + b) >>> 0;
        case "-": return (a - b) >>> 0;
        case "*": return Number((BigInt(a) * BigInt(b)) & 0xffffffffn);
        case "/": case "%":
          if (b === 0) return { code: "E_LD_SCRIPT", message: "linker script: division by zero" };
          return e.op === "/" ? Math.floor(a / b) : a % b;
        case "<<": return b >= 32 ? 0 : (a << b) >>> 0;
        case ">>": return b >= 32 ? 0 : a >>> b;
        case "&": return (a & b) >>> 0;
        case "|": return (a | b) >>> 0;
        case "^": return (a ^ b) >>> 0;
      }
      return { code: "E_LD_SCRIPT", message: `linker script: unknown operator ${e.op}` };
    }
    case "call": {
      if (e.fn === "ADDR" || e.fn === "SIZEOF" || e.fn === "LOADADDR") {
        const out = ctx.outputs.get(e.section!);
        if (!out) return { code: "E_LD_SCRIPT", message: `linker script:${e.line}:${e.column}: ${e.fn}(${e.section}): no such output section`, line: e.line, column: e.column };
        return e.fn === "SIZEOF" ? out.size : out.address;
      }
      const args: number[] = [];
      for (const a of e.args) { const v = evalExpr(ctx, a); if (typeof v !== "number") return v; args.push(v); }
      if (e.fn === "ALIGN") {
        const [x, a] = args.length === 1 ? [ctx.dot, args[0]] : [args[0], args[1]];
        if (a === 0 || (a & (a - 1)) !== 0) return { code: "E_LD_SCRIPT", message: `linker script:${e.line}:${e.column}: ALIGN(${a}): the alignment must be a power of two`, line: e.line, column: e.column };
        return alignUp(x, a) >>> 0;
      }
      if (e.fn === "MAX") return Math.max(args[0], args[1]);
      if (e.fn === "MIN") return Math.min(args[0], args[1]);
      return args[0];
    }
  }
}

function symbolAddress(ctx: Ctx, name: string): number | undefined {
  const g = ctx.globals.get(name);
  if (!g) return undefined;
  const sym = ctx.objects[g.object].symbols.find((s) => s.name === name && s.section !== UNDEFINED_SECTION);
  if (!sym) return undefined;
  if (sym.section === ABSOLUTE_SECTION) return sym.value;
  if (sym.section === COMMON_SECTION) {
    const input = ctx.inputs.find((i) => i.common?.symbol === name);
    return input?.output ? input.address : undefined;
  }
  const input = ctx.inputs.find((i) => i.object === g.object && i.name === sym.section);
  return input?.output ? (input.address + sym.value) >>> 0 : undefined;
}

function kindOf(flags: number, type: number): string {
  if (!(flags & SHF_ALLOC)) return "nonalloc";
  if (flags & SHF_EXECINSTR) return "text";
  if (type === SHT_NOBITS) return "bss";
  if (flags & SHF_WRITE) return "data";
  return "rodata";
}

const ORPHAN_ANCHORS: Record<string, readonly string[]> = {
  text: ["text"], rodata: ["rodata", "text"], data: ["data", "rodata", "text"], bss: ["bss", "data", "rodata", "text"], nonalloc: [],
};

function outputKind(o: PlacedOutput): string {
  const flags = o.inputs.reduce((f, i) => f | i.flags, 0);
  return kindOf(flags, o.inputs.every((i) => i.type === SHT_NOBITS) ? SHT_NOBITS : SHT_PROGBITS);
}

/** Assigns input sections to output sections: script order first, then orphans after the last output of their kind. */
function mapSections(ctx: Ctx, script: LinkerScript): (Assignment | OutputSection | { kind: "orphan"; output: PlacedOutput })[] {
  const commands: (Assignment | OutputSection | { kind: "orphan"; output: PlacedOutput })[] = [...script.commands];
  const match = (spec: InputSpec, input: InputSection): boolean => {
    if (!globToRegExp(spec.filePattern).test(input.file) && spec.filePattern !== "*") return false;
    return spec.sectionPatterns.some((p) => (p === "COMMON" ? input.common !== undefined : input.common === undefined && globToRegExp(p).test(input.name)));
  };
  for (const cmd of script.commands) {
    if (cmd.kind !== "output") continue;
    const discard = cmd.name === "/DISCARD/";
    let out = ctx.outputs.get(cmd.name);
    if (!out && !discard) {
      out = { name: cmd.name, command: cmd, inputs: [], address: 0, size: 0, flags: 0, type: SHT_NOBITS, align: 1 };
      ctx.outputs.set(cmd.name, out);
    }
    for (const item of cmd.items) {
      if (item.kind !== "input") continue;
      for (const input of ctx.inputs) {
        if (input.output || input.discarded || !match(item, input)) continue;
        if (discard) { input.discarded = true; continue; }
        input.output = out;
        out!.inputs.push(input);
      }
    }
  }
  // Orphans: one output section per name, after the last output section of the same kind (ld's orphan placement).
  for (const input of ctx.inputs) {
    if (input.output || input.discarded || input.common) continue;
    let out = ctx.outputs.get(input.name);
    if (!out) {
      out = { name: input.name, inputs: [], address: 0, size: 0, flags: 0, type: SHT_NOBITS, align: 1 };
      ctx.outputs.set(input.name, out);
      // After the last output section of the same kind, else of the nearest kind before it (ld's orphan order).
      const chain = ORPHAN_ANCHORS[kindOf(input.flags, input.type)];
      let at = -1;
      for (const kind of chain) {
        commands.forEach((c, i) => {
          const o = c.kind === "output" ? ctx.outputs.get(c.name) : c.kind === "orphan" ? c.output : undefined;
          if (o && o.inputs.length > 0 && outputKind(o) === kind) at = i;
        });
        if (at >= 0) break;
      }
      commands.splice(at < 0 ? commands.length : at + 1, 0, { kind: "orphan", output: out });
    }
    input.output = out;
    out.inputs.push(input);
  }
  return commands;
}

function placeInput(ctx: Ctx, input: InputSection): void {
  ctx.dot = alignUp(ctx.dot, input.align);
  input.address = ctx.dot;
  ctx.dot += input.size;
}

function assign(ctx: Ctx, a: Assignment, inside: PlacedOutput | undefined): LinkError | undefined {
  const v = evalExpr(ctx, a.expr);
  if (typeof v !== "number") return v;
  if (a.target === ".") {
    let next = a.op === "+=" ? ctx.dot + v : a.op === "-=" ? ctx.dot - v : v;
    // ld: inside an output section a plain number assigned to `.` is an offset from the section start.
    if (inside && a.op === "=" && a.expr.kind === "num") next = inside.address + v;
    if (inside && next < ctx.dot) {
      return { code: "E_LD_BACKWARDS", message: `linker script:${a.line}:${a.column}: cannot move location counter backwards (from ${hex8(ctx.dot)} to ${hex8(next)})`, line: a.line, column: a.column };
    }
    ctx.dot = next >>> 0;
    return undefined;
  }
  if (a.provide && ctx.globals.has(a.target)) return undefined;
  const old = ctx.scriptSymbols.get(a.target)?.value ?? 0;
  const value = a.op === "+=" ? old + v : a.op === "-=" ? old - v : v;
  ctx.scriptSymbols.set(a.target, { value: value >>> 0, output: inside?.name });
  return undefined;
}

function layOut(ctx: Ctx, commands: ReturnType<typeof mapSections>): LinkError | undefined {
  ctx.dot = 0;
  for (const cmd of commands) {
    if (cmd.kind === "assign") { const e = assign(ctx, cmd, undefined); if (e) return e; continue; }
    const out = cmd.kind === "orphan" ? cmd.output : ctx.outputs.get(cmd.name);
    if (!out) continue; // /DISCARD/
    const spec = cmd.kind === "output" ? cmd : undefined;
    out.flags = out.inputs.reduce((f, i) => f | i.flags, 0);
    out.type = out.inputs.some((i) => i.type !== SHT_NOBITS) ? SHT_PROGBITS : SHT_NOBITS;
    let align = out.inputs.reduce((a, i) => Math.max(a, i.align), 1);
    if (spec?.align) {
      const a = evalExpr(ctx, spec.align);
      if (typeof a !== "number") return a;
      if (a === 0 || (a & (a - 1)) !== 0) return { code: "E_LD_SCRIPT", message: `linker script:${spec.line}:${spec.column}: ALIGN(${a}) of ${out.name} is not a power of two`, line: spec.line, column: spec.column };
      align = Math.max(align, a);
    }
    out.align = align;
    const nonAlloc = out.inputs.length > 0 && !(out.flags & SHF_ALLOC);
    const dotBefore = ctx.dot;
    if (spec?.address) {
      const a = evalExpr(ctx, spec.address);
      if (typeof a !== "number") return a;
      ctx.dot = a;
    } else ctx.dot = alignUp(ctx.dot, align);
    out.address = ctx.dot;
    if (spec) {
      for (const item of spec.items) {
        if (item.kind === "assign") { const e = assign(ctx, item, out); if (e) return e; continue; }
        for (const input of out.inputs) if (input.output === out && input.address === -1 && matchesSpecOrder(input, item)) placeInput(ctx, input);
      }
    }
    for (const input of out.inputs) if (input.address === -1) placeInput(ctx, input);
    out.size = ctx.dot - out.address;
    if (out.size > 0 && out.inputs.length === 0) { out.flags = SHF_ALLOC | SHF_WRITE; out.type = SHT_PROGBITS; }
    if (nonAlloc) { out.address = 0; for (const i of out.inputs) i.address -= dotBefore; ctx.dot = dotBefore; }
    if (ctx.dot > 0xffffffff) return { code: "E_LD_ADDRESS", message: `section ${out.name} runs past the 4 GiB address space` };
  }
  return undefined;
}

/** Placement order inside an output section follows the input statements: an input goes with the first that matched. */
function matchesSpecOrder(input: InputSection, spec: InputSpec): boolean {
  return input.common !== undefined
    ? spec.sectionPatterns.includes("COMMON")
    : spec.sectionPatterns.some((p) => p !== "COMMON" && globToRegExp(p).test(input.name));
}

/**
 * Groups alloc output sections into PT_LOAD segments by ld's rules (bfd/elf.c, map_sections_to_segments): a new
 * segment starts when placing the section would skip a page, when a loadable section follows a NOBITS one, when a
 * writable section follows a read-only segment, or when code and non-code meet on different pages (separate-code).
 * A segment's flags are the union of its sections' (R, plus X for code, W for writable).
 */
function segmentsFor(sections: readonly PlacedOutput[]): LinkedSegment[] {
  const out: { flags: number; sections: string[] }[] = [];
  let prev: PlacedOutput | undefined;
  for (const s of sections) {
    const cur = out[out.length - 1];
    const code = (s.flags & SHF_EXECINSTR) !== 0;
    let fresh = cur === undefined || prev === undefined;
    if (!fresh && cur && prev) {
      const prevEnd = prev.address + prev.size;
      const samePage = Math.floor((prevEnd - 1) / ELF_PAGE_SIZE) === Math.floor(s.address / ELF_PAGE_SIZE);
      fresh = alignUp(prevEnd, ELF_PAGE_SIZE) < alignUp(s.address, ELF_PAGE_SIZE)
        || (prev.type === SHT_NOBITS && s.type !== SHT_NOBITS)
        || (!(cur.flags & PF_W) && (s.flags & SHF_WRITE) !== 0)
        || (((cur.flags & PF_X) !== 0) !== code && !samePage);
    }
    if (fresh) out.push({ flags: PF_R, sections: [] });
    const seg = out[out.length - 1];
    seg.sections.push(s.name);
    seg.flags |= (code ? PF_X : 0) | (s.flags & SHF_WRITE ? PF_W : 0);
    prev = s;
  }
  return out;
}

export function link(objects: readonly ObjectFile[], scriptText: string): Result<LinkedKernel> {
  const parsed = parseLinkerScript(scriptText);
  if (!parsed.ok) return parsed;
  const script = parsed.value;
  const ctx: Ctx = { objects, inputs: [], outputs: new Map(), scriptSymbols: new Map(), dot: 0, globals: new Map() };

  // Global symbols and COMMON merging (a definition beats a common; commons take the largest size and alignment).
  const commons = new Map<string, { object: number; size: number; align: number }>();
  for (let o = 0; o < objects.length; o++) {
    for (const s of objects[o].symbols) {
      if (!s.global || s.section === UNDEFINED_SECTION) continue;
      if (s.section === COMMON_SECTION) {
        const c = commons.get(s.name);
        commons.set(s.name, { object: c?.object ?? o, size: Math.max(c?.size ?? 0, s.size), align: Math.max(c?.align ?? 1, s.value) });
        continue;
      }
      const prev = ctx.globals.get(s.name);
      if (prev) {
        return err("E_LD_MULTIPLE", `${objects[o].fileName}:${s.line}: multiple definition of \`${s.name}'; first defined in ${objects[prev.object].fileName}`, { fileName: objects[o].fileName, line: s.line });
      }
      ctx.globals.set(s.name, { object: o, name: s.name });
    }
  }
  objects.forEach((obj, o) => {
    for (const section of obj.sections) {
      ctx.inputs.push({ file: obj.fileName, object: o, name: section.name, section, size: section.size, align: section.align, flags: section.flags, type: section.type, discarded: false, address: -1 });
    }
  });
  for (const [name, c] of commons) {
    if (ctx.globals.has(name)) continue;
    ctx.globals.set(name, { object: c.object, name });
    ctx.inputs.push({ file: objects[c.object].fileName, object: c.object, name: "COMMON", common: { symbol: name, ...c }, size: c.size, align: c.align, flags: SHF_ALLOC | SHF_WRITE, type: SHT_NOBITS, discarded: false, address: -1 });
  }

  const commands = mapSections(ctx, script);
  const orphanCommon = ctx.inputs.find((i) => i.common && !i.output && !i.discarded);
  if (orphanCommon) {
    const bss = ctx.outputs.get(".bss");
    if (!bss) return err("E_LD_COMMON", `common symbol '${orphanCommon.common!.symbol}' has nowhere to go: add *(COMMON) to an output section such as .bss`);
    for (const i of ctx.inputs) if (i.common && !i.output && !i.discarded) { i.output = bss; bss.inputs.push(i); }
  }
  const laidOut = layOut(ctx, commands);
  if (laidOut) return { ok: false, error: laidOut };

  // Every relocation's symbol must resolve; symbols in discarded sections are errors as in ld.
  const resolve = (o: number, name: string): number | undefined => {
    const local = objects[o].symbols.find((s) => s.name === name && !s.global);
    if (local) return localAddress(ctx, o, local.section, local.value);
    const script = ctx.scriptSymbols.get(name);
    if (script) return script.value;
    return symbolAddress(ctx, name);
  };
  const placed = [...ctx.outputs.values()].filter((o) => o.inputs.length > 0 || o.size > 0);
  const alloc = placed.filter((o) => o.flags & SHF_ALLOC).sort((a, b) => a.address - b.address);
  const lowest = alloc.length > 0 ? alloc[0].address : 0;
  const highest = alloc.reduce((m, s) => Math.max(m, s.address + s.size), 0);
  if (highest - lowest > MAX_IMAGE_BYTES) return err("E_LD_TOO_BIG", `the kernel spans ${highest - lowest} bytes of address space; at most ${MAX_IMAGE_BYTES} are allowed here`);
  for (let i = 1; i < alloc.length; i++) {
    const a = alloc[i - 1];
    const b = alloc[i];
    if (a.size > 0 && b.size > 0 && b.address < a.address + a.size) {
      return err("E_LD_OVERLAP", `section ${b.name} LMA [${hex8(b.address)},${hex8(b.address + b.size - 1)}] overlaps section ${a.name} LMA [${hex8(a.address)},${hex8(a.address + a.size - 1)}]`);
    }
  }

  const data = new Map<PlacedOutput, Uint8Array>();
  for (const out of placed) data.set(out, new Uint8Array(out.type === SHT_NOBITS ? 0 : out.size));
  for (const input of ctx.inputs) {
    if (!input.output || !input.section) continue;
    const buf = data.get(input.output)!;
    const base = input.address - input.output.address;
    if (input.section.type !== SHT_NOBITS && buf.length > 0) buf.set(input.section.data, base);
    for (const r of input.section.relocations) {
      let s: number | undefined;
      if (r.target.kind === "section") {
        const target = ctx.inputs.find((i) => i.object === input.object && i.name === r.target.name);
        if (target?.discarded) return err("E_LD_DISCARDED", `${input.file}:${r.line}:${r.column}: refers to section ${r.target.name}, which the linker script discards`, { fileName: input.file, line: r.line, column: r.column });
        s = target?.output ? target.address : undefined;
      } else s = resolve(input.object, r.target.name);
      if (s === undefined) {
        const g = ctx.globals.get(r.target.name);
        if (g && ctx.inputs.some((i) => i.object === g.object && i.discarded)) {
          return err("E_LD_DISCARDED", `${input.file}:${r.line}:${r.column}: '${r.target.name}' is defined in a section the linker script discards (/DISCARD/)`, { fileName: input.file, line: r.line, column: r.column });
        }
        return err("E_LD_UNDEFINED", `${input.file}:${r.line}:${r.column}: undefined symbol '${r.target.name}' (ld: undefined reference to \`${r.target.name}'): define it with a label in some source, or in the linker script`, { fileName: input.file, line: r.line, column: r.column });
      }
      const p = input.address + r.offset;
      const value = r.type === R_386_32 ? s + r.addend : r.type === R_386_PC32 ? s + r.addend - p : NaN;
      if (Number.isNaN(value)) return err("E_LD_RELOC", `${input.file}: unsupported relocation type ${r.type}`);
      if (buf.length > 0) {
        const at = base + r.offset;
        const v = value >>> 0;
        buf[at] = v & 0xff; buf[at + 1] = (v >>> 8) & 0xff; buf[at + 2] = (v >>> 16) & 0xff; buf[at + 3] = v >>> 24;
      }
    }
  }

  const entryName = script.entry?.name ?? "_start";
  const entry = ctx.scriptSymbols.get(entryName)?.value ?? symbolAddress(ctx, entryName);
  if (entry === undefined) {
    const where = script.entry ? `linker script:${script.entry.line}:${script.entry.column}: ` : "";
    return err("E_LD_ENTRY", `${where}cannot find entry symbol ${entryName}: define it as a global label (.global ${entryName} then ${entryName}:)`, script.entry ? { line: script.entry.line, column: script.entry.column } : undefined);
  }

  // Output: sections in address order (non-alloc last), symbols with final addresses.
  const ordered = [...alloc, ...placed.filter((o) => !(o.flags & SHF_ALLOC))];
  const sections: LinkedSection[] = ordered.map((o) => ({ name: o.name, type: o.type, flags: o.flags, addr: o.address, size: o.size, align: o.align, data: data.get(o)! }));
  const symbols: LinkedSymbol[] = [];
  const map: LinkMapEntry[] = [];
  const outputAt = (addr: number): string => alloc.find((o) => addr >= o.address && addr <= o.address + o.size)?.name ?? ABSOLUTE_SECTION;
  objects.forEach((obj, o) => {
    for (const s of obj.symbols) {
      if (s.section === UNDEFINED_SECTION) continue;
      if (s.global && ctx.globals.get(s.name)?.object !== o) continue;
      const addr = s.section === COMMON_SECTION ? symbolAddress(ctx, s.name) : localAddress(ctx, o, s.section, s.value);
      if (addr === undefined) continue;
      const section = s.section === ABSOLUTE_SECTION ? ABSOLUTE_SECTION : outputAt(addr);
      symbols.push({ name: s.name, value: addr, size: s.size, section, global: s.global, kind: STT_NOTYPE });
      map.push({ kind: "symbol", name: s.name, address: addr, file: obj.fileName, section, global: s.global });
    }
  });
  for (const [name, s] of ctx.scriptSymbols) {
    if (ctx.globals.has(name)) continue;
    const section = s.output ?? outputAt(s.value);
    symbols.push({ name, value: s.value, size: 0, section, global: true, kind: STT_NOTYPE });
    map.push({ kind: "symbol", name, address: s.value, file: "linker script", section, global: true });
  }
  for (const o of ordered) {
    map.push({ kind: "section", name: o.name, address: o.address, size: o.size, flags: o.flags, inputs: o.inputs.map((i) => ({ file: i.file, section: i.common ? `COMMON(${i.common.symbol})` : i.name, address: i.address, size: i.size })) });
  }
  const elf = writeElf({ entry, sections, segments: segmentsFor(alloc.filter((o) => o.size > 0)), symbols });
  const image = parseElf(elf);
  if (!image.ok) return err("E_LD_INTERNAL", `the linker wrote an ELF file it cannot read back: ${image.error.message}`);
  return { ok: true, value: { elf, image: image.value, map, entry } };
}

function localAddress(ctx: Ctx, object: number, section: string, value: number): number | undefined {
  if (section === ABSOLUTE_SECTION) return value;
  const input = ctx.inputs.find((i) => i.object === object && i.name === section);
  return input?.output && !input.discarded ? (input.address + value) >>> 0 : undefined;
}

/** Assembles every source (file names are kept for messages and the map) and links them with the script. */
export function buildKernel(sources: readonly { name: string; text: string }[], linkerScript: string): Result<LinkedKernel> {
  const objects: ObjectFile[] = [];
  for (const s of sources) {
    const r = assemble(s.text, s.name);
    if (!r.ok) return r as { ok: false; error: SourceError };
    objects.push(r.value);
  }
  return link(objects, linkerScript);
}
