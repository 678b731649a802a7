/**
 * The LR35902 assembler: source text to a Game Boy ROM.
 *
 * Pass 1 reads the lines in order — expanding INCLUDE (through the caller's `readFile`, so this stays I/O-free),
 * MACRO invocations (arguments \1-\9, \@ a unique suffix per expansion) and REPT blocks — and places every label,
 * because each instruction's length is known from its operands alone. EQU constants are evaluated where they
 * are defined (they may use labels defined above them). Pass 2 encodes every instruction and datum with all
 * symbols known. ROM sections are laid out into banks (ROM0 at $0000-$3FFF, ROMX bank n at n × $4000); RAM
 * sections only define labels (DS reserves). The image is padded to a power of two of at least 32 KiB and the
 * header and global checksums are written ($014D, $014E-$014F).
 * Labels: "name:" (global), ".name:" (local to the last global label, also reachable as "global.name").
 */
import { fixChecksums } from "../header.ts";
import { encode, MNEMONICS, select, type Encoding } from "./encoder.ts";
import { evaluate, type Expr, type Scope } from "./expressions.ts";
import { AsmError, tokenize, type Token } from "./lexer.ts";
import { parseStatement, REGION_END, REGION_START, type Region, type Statement } from "./parser.ts";

export type FileReader = (path: string) => string;

export interface SourceLocation { readonly file: string; readonly line: number }

export interface AssembleOptions {
  /** Write the header checksum and global checksum (default true). */
  readonly fixChecksums?: boolean;
  /** Padding byte for unused ROM (default 0x00). */
  readonly fill?: number;
}

export interface AssembleResult {
  readonly rom: Uint8Array;
  /** Labels and constants. */
  readonly symbols: ReadonlyMap<string, number>;
  /** For each emitted instruction or datum: its ROM offset and source line. */
  readonly lines: ReadonlyArray<{ readonly offset: number; readonly address: number; readonly source: SourceLocation }>;
}

interface Placed {
  readonly stmt: Statement;
  readonly loc: SourceLocation;
  readonly address: number;
  /** Offset in the ROM image, or -1 for RAM sections. */
  readonly offset: number;
  readonly encoding?: Encoding;
  readonly scopeLabel: string;
}

interface Macro { readonly body: readonly string[]; readonly file: string; readonly line: number }

const dirname = (p: string) => (p.includes("/") ? p.slice(0, p.lastIndexOf("/") + 1) : "");

export function assemble(mainFile: string, readFile: FileReader, options: AssembleOptions = {}): AssembleResult {
  const symbols = new Map<string, number>();
  const macros = new Map<string, Macro>();
  const placed: Placed[] = [];
  const cursors = new Map<Region, number>();
  let section: { region: Region; bank: number; address: number; name: string } | null = null;
  let globalLabel = "";
  let uniqueCounter = 0;
  let depth = 0;

  const qualify = (name: string, scopeLabel: string) => (name.startsWith(".") ? scopeLabel + name : name);
  const scopeAt = (here: number, scopeLabel: string): Scope => ({ here, lookup: (name) => symbols.get(qualify(name, scopeLabel)) });
  const constant = (e: Expr, loc: SourceLocation): number => {
    try {
      return evaluate(e, scopeAt(section?.address ?? 0, globalLabel));
    } catch (err) {
      throw new AsmError((err as Error).message, loc.file, loc.line);
    }
  };
  const define = (name: string, value: number, loc: SourceLocation) => {
    if (symbols.has(name)) throw new AsmError(`'${name}' is already defined`, loc.file, loc.line);
    if (MNEMONICS.has(name.toUpperCase())) throw new AsmError(`'${name}' is an instruction name`, loc.file, loc.line);
    symbols.set(name, value);
  };
  const romOffset = (region: Region, bank: number, address: number) =>
    region === "ROM0" ? address : region === "ROMX" ? bank * 0x4000 + (address - 0x4000) : -1;

  function advance(size: number, loc: SourceLocation): { address: number; offset: number } {
    if (!section) throw new AsmError("code or data outside any SECTION", loc.file, loc.line);
    const at = { address: section.address, offset: romOffset(section.region, section.bank, section.address) };
    section.address += size;
    if (section.address > REGION_END[section.region]) throw new AsmError(`section "${section.name}" overflows ${section.region}`, loc.file, loc.line);
    cursors.set(section.region, section.address);
    return at;
  }

  function processLines(lines: readonly string[], file: string, firstLine: number): void {
    if (++depth > 64) throw new AsmError("includes or macros nested too deeply", file, firstLine);
    for (let i = 0; i < lines.length; i++) {
      const loc = { file, line: firstLine + i };
      let tokens: Token[];
      try {
        tokens = tokenize(lines[i]!);
      } catch (e) {
        throw new AsmError((e as Error).message, loc.file, loc.line);
      }
      if (tokens.length === 0) continue;
      // Labels.
      while (tokens.length >= 2 && tokens[0]!.kind === "ident" && tokens[1]!.kind === "punct" && tokens[1]!.text === ":") {
        const raw = tokens[0]!.text;
        tokens = tokens.slice(tokens[2]?.text === ":" ? 3 : 2);
        if (!raw.startsWith(".")) globalLabel = raw;
        const name = raw.startsWith(".") ? globalLabel + raw : raw;
        if (!section) throw new AsmError(`label '${raw}' outside any SECTION`, loc.file, loc.line);
        define(name, section.address, loc);
        placed.push({ stmt: { kind: "label", name }, loc, address: section.address, offset: -1, scopeLabel: globalLabel });
      }
      if (tokens.length === 0) continue;
      // Macro invocation.
      const head = tokens[0]!;
      const macro = head.kind === "ident" ? macros.get(head.text) : undefined;
      if (macro) {
        const argText = lines[i]!.slice(head.col + head.text.length).split(";")[0]!;
        const args = splitRaw(argText);
        const id = `_${++uniqueCounter}`;
        const body = macro.body.map((l) => l.replace(/\\([1-9@])/g, (_m, k: string) => (k === "@" ? id : args[Number(k) - 1] ?? "")));
        processLines(body, macro.file, macro.line + 1);
        continue;
      }
      let stmt: Statement | null;
      try {
        stmt = parseStatement(tokens);
      } catch (e) {
        throw new AsmError((e as Error).message, loc.file, loc.line);
      }
      if (!stmt) continue;
      switch (stmt.kind) {
        case "macroStart": {
          const end = findEnd(lines, i, /^\s*MACRO\b/i, /^\s*ENDM\b/i, "ENDM", loc);
          macros.set(stmt.name, { body: lines.slice(i + 1, end), file, line: loc.line });
          i = end;
          break;
        }
        case "rept": {
          const end = findEnd(lines, i, /^\s*REPT\b/i, /^\s*ENDR\b/i, "ENDR", loc);
          const count = constant(stmt.count, loc);
          const body = lines.slice(i + 1, end);
          for (let k = 0; k < count; k++) {
            const id = `_${++uniqueCounter}`;
            processLines(body.map((l) => l.replaceAll("\\@", id)), file, loc.line + 1);
          }
          i = end;
          break;
        }
        case "macroEnd": throw new AsmError("ENDM without MACRO", loc.file, loc.line);
        case "endr": throw new AsmError("ENDR without REPT", loc.file, loc.line);
        case "include": {
          const path = dirname(file) + stmt.path;
          let text: string;
          try {
            text = readFile(path);
          } catch (e) {
            throw new AsmError(`cannot include "${stmt.path}": ${(e as Error).message}`, loc.file, loc.line);
          }
          processLines(text.split("\n"), path, 1);
          break;
        }
        case "equ": define(stmt.name, constant(stmt.expr, loc), loc); break;
        case "section": {
          const bank = stmt.bank ? constant(stmt.bank, loc) : stmt.region === "ROMX" ? 1 : 0;
          const start = stmt.address ? constant(stmt.address, loc) : cursors.get(stmt.region) ?? REGION_START[stmt.region];
          if (start < REGION_START[stmt.region] || start > REGION_END[stmt.region]) throw new AsmError(`address $${start.toString(16)} is outside ${stmt.region}`, loc.file, loc.line);
          if (stmt.region === "ROMX" && bank < 1) throw new AsmError("ROMX bank must be 1 or more", loc.file, loc.line);
          section = { region: stmt.region, bank, address: start, name: stmt.name };
          break;
        }
        case "instruction": {
          if (!section) throw new AsmError("instruction outside any SECTION", loc.file, loc.line);
          let encoding: Encoding;
          try {
            encoding = select(stmt.mnemonic, stmt.operands, scopeAt(section.address, globalLabel));
          } catch (e) {
            throw new AsmError((e as Error).message, loc.file, loc.line);
          }
          const at = advance(encoding.info.length, loc);
          placed.push({ stmt, loc, ...at, encoding, scopeLabel: globalLabel });
          break;
        }
        case "data": {
          const size = stmt.items.reduce((n, it) => n + (typeof it === "string" ? it.length * stmt.width : stmt.width), 0);
          placed.push({ stmt, loc, ...advance(size, loc), scopeLabel: globalLabel });
          break;
        }
        case "space": {
          const count = constant(stmt.count, loc);
          if (count < 0) throw new AsmError("DS count is negative", loc.file, loc.line);
          placed.push({ stmt, loc, ...advance(count, loc), scopeLabel: globalLabel });
          break;
        }
        case "label": break;
      }
    }
    depth--;
  }

  processLines(readFile(mainFile).split("\n"), mainFile, 1);

  // Pass 2: encode.
  let size = 0x8000;
  for (const p of placed) {
    if (p.offset < 0) continue;
    while (p.offset >= size) size *= 2;
  }
  const rom = new Uint8Array(size).fill(options.fill ?? 0);
  const written = new Uint8Array(size);
  const lines: { offset: number; address: number; source: SourceLocation }[] = [];
  const emit = (p: Placed, bytes: ArrayLike<number>) => {
    if (p.offset < 0) {
      if (p.stmt.kind === "space") return;
      throw new AsmError("code or data in a RAM section (use DS to reserve space)", p.loc.file, p.loc.line);
    }
    for (let k = 0; k < bytes.length; k++) {
      if (written[p.offset + k]) throw new AsmError(`overlaps earlier code at ROM offset $${(p.offset + k).toString(16)}`, p.loc.file, p.loc.line);
      written[p.offset + k] = 1;
      rom[p.offset + k] = bytes[k]!;
    }
    lines.push({ offset: p.offset, address: p.address, source: p.loc });
  };
  for (const p of placed) {
    const scope = scopeAt(p.address, p.scopeLabel);
    try {
      switch (p.stmt.kind) {
        case "instruction": emit(p, encode(p.encoding!, p.address, scope)); break;
        case "data": {
          const out: number[] = [];
          for (const it of p.stmt.items) {
            const values = typeof it === "string" ? [...it].map((ch) => ch.charCodeAt(0)) : [evaluate(it, scope)];
            for (const v of values) {
              if (p.stmt.width === 1) {
                if (v < -128 || v > 255) throw new AsmError(`byte value ${v} out of range`);
                out.push(v & 0xff);
              } else {
                if (v < -32768 || v > 0xffff) throw new AsmError(`word value ${v} out of range`);
                out.push(v & 0xff, (v >> 8) & 0xff);
              }
            }
          }
          emit(p, out);
          break;
        }
        case "space": {
          const count = evaluate(p.stmt.count, scope);
          if (p.offset >= 0) emit(p, new Array<number>(count).fill(p.stmt.fill ? evaluate(p.stmt.fill, scope) & 0xff : options.fill ?? 0));
          break;
        }
        default: break;
      }
    } catch (e) {
      if (e instanceof AsmError && e.line) throw e;
      throw new AsmError((e as Error).message, p.loc.file, p.loc.line);
    }
  }
  if (options.fixChecksums ?? true) fixChecksums(rom);
  return { rom, symbols, lines };
}

/** Finds the line of the block's end marker, allowing nested blocks of the same kind. */
function findEnd(lines: readonly string[], start: number, open: RegExp, close: RegExp, what: string, loc: SourceLocation): number {
  let nest = 0;
  for (let j = start + 1; j < lines.length; j++) {
    if (open.test(lines[j]!)) nest++;
    else if (close.test(lines[j]!)) {
      if (nest === 0) return j;
      nest--;
    }
  }
  throw new AsmError(`missing ${what}`, loc.file, loc.line);
}

/** Splits macro arguments at top-level commas, keeping their text. */
function splitRaw(text: string): string[] {
  const out: string[] = [];
  let depth = 0, cur = "", inString = false;
  for (const ch of text) {
    if (ch === '"') inString = !inString;
    if (!inString && (ch === "(" || ch === "[")) depth++;
    if (!inString && (ch === ")" || ch === "]")) depth--;
    if (!inString && depth === 0 && ch === ",") { out.push(cur.trim()); cur = ""; } else cur += ch;
  }
  if (cur.trim() || out.length) out.push(cur.trim());
  return out;
}

/** Assembles a single source text (no includes). */
export function assembleText(source: string, options?: AssembleOptions): AssembleResult {
  return assemble("main.asm", (p) => {
    if (p === "main.asm") return source;
    throw new Error("no files");
  }, options);
}

