/**
 * What the cpu-core board shows, computed from a CpuCoreState without Phaser or the DOM (so it is unit-tested):
 * the family list with each family's status, the opcode cells' labels and statuses, the first divergence as two
 * trace tables whose differing fields are located by character column, and the patch actions that carry an
 * edit to the server in messages under the protocol's size limit.
 */
import { hashString } from "../../../shared/engine/hash.ts";
import { DISPATCH_FAMILY, FAMILIES, FAMILY_BY_ID, FAMILY_OF_OPCODE, REFERENCE_MICROCODE, type Divergence, type FamilyInfo, type TraceEntry } from "../../../shared/levels/cpu-core/microcode/index.ts";
import { CB_OPCODES, OPCODES } from "../../../shared/levels/cpu-core/opcodes.ts";
import { STAGE_RULES, type CpuCoreState, type FamilyError, type RunReport } from "../../../shared/levels/cpu-core/index.ts";
import { MAX_MESSAGE_CHARS } from "../../../shared/protocol.ts";

export type FamilyStatus = "pass" | "fail" | "partial" | "untested" | "error" | "empty";
export type CellStatus = "untested" | "pass" | "fail";

export interface FamilyRow {
  readonly info: FamilyInfo;
  /** The player writes it in this stage. */
  readonly writable: boolean;
  /** A reference family whose topic's stage this browser has not cleared: its microcode stays hidden. */
  readonly locked: boolean;
  readonly status: FamilyStatus;
  readonly errors: readonly FamilyError[];
}

const STATUS_OF_CHAR: Record<string, CellStatus> = { "+": "pass", x: "fail" };

export function cellStatus(opcodeStatus: string | undefined, op: number): CellStatus {
  return STATUS_OF_CHAR[opcodeStatus?.[op] ?? "."] ?? "untested";
}

/** The first stage that teaches a topic alone (its reference microcode unlocks when that stage is cleared). */
export function topicStage(topic: string): number {
  return STAGE_RULES.find((r) => r.topics.length === 1 && r.topics[0] === topic)?.stage ?? 0;
}

/** Writable families first (the table's order), then the reference ones. `cleared`: stages won in this browser. */
export function familyRows(state: CpuCoreState, cleared: ReadonlySet<number>): FamilyRow[] {
  const report = state.report;
  const divergent = new Set((report?.runs ?? []).map((r) => r.divergence?.family ?? ""));
  const row = (info: FamilyInfo, writable: boolean): FamilyRow => {
    const errors = writable ? state.errors.filter((e) => e.family === info.id) : [];
    let status: FamilyStatus;
    if (writable && !(state.sources[info.id] ?? "").trim()) status = "empty";
    else if (errors.length) status = "error";
    else if (divergent.has(info.id)) status = "fail";
    else {
      const s = info.opcodes.map((op) => cellStatus(report?.opcodeStatus, op));
      status = s.includes("fail") ? "fail" : s.length && s.every((x) => x === "pass") ? "pass" : s.includes("pass") ? "partial" : "untested";
    }
    return { info, writable, locked: !writable && !cleared.has(topicStage(info.topic)), status, errors };
  };
  const mine = FAMILIES.filter((f) => f.id in state.sources);
  const theirs = FAMILIES.filter((f) => !(f.id in state.sources));
  return [...mine.map((f) => row(f, true)), ...theirs.map((f) => row(f, false))];
}

/** The text an editor shows for a family: the player's source, the game's reference, or why it is hidden. */
export function familyText(state: CpuCoreState, row: FamilyRow): string {
  if (row.writable) return state.sources[row.info.id] ?? "";
  if (row.locked) {
    const n = topicStage(row.info.topic);
    return `# ${row.info.title}: the game provides this family in this stage.\n# Its reference microcode unlocks when you clear stage ${n}.\n`;
  }
  return REFERENCE_MICROCODE[row.info.id] ?? "";
}

/** A starting text for an empty family: its header, as the compiler expects it, and the family's summary. */
export function starter(info: FamilyInfo): string {
  return `family ${info.id} matches ${info.pattern}\n  # ${info.summary}\n`;
}

export interface CellLabel {
  /** "80" or "CB 37". */
  readonly hex: string;
  /** The operation word ("ADD"), or "—" for an illegal opcode. */
  readonly op: string;
  /** The operands ("A,B"), possibly empty. */
  readonly args: string;
  readonly mnemonic: string;
  readonly family: string;
}

export function cellLabel(op: number): CellLabel {
  // Lockstep traces also show an interrupt dispatch (512) and a step that fetched nothing (negative).
  if (op === DISPATCH_OPCODE) return { hex: "INT", op: "INT", args: "", mnemonic: "interrupt dispatch", family: DISPATCH_FAMILY };
  if (op < 0 || op > DISPATCH_OPCODE) return { hex: "--", op: "—", args: "", mnemonic: "no fetch", family: "" };
  const info = op >= 0x100 ? CB_OPCODES[op & 0xff]! : OPCODES[op]!;
  const hex = (op & 0xff).toString(16).toUpperCase().padStart(2, "0");
  const space = info.mnemonic.indexOf(" ");
  const illegal = info.illegal;
  return {
    hex: op >= 0x100 ? `CB ${hex}` : hex,
    op: illegal ? "—" : space < 0 ? info.mnemonic : info.mnemonic.slice(0, space),
    args: illegal || space < 0 ? "" : info.mnemonic.slice(space + 1),
    mnemonic: illegal ? "illegal (locks the CPU)" : info.mnemonic,
    family: FAMILY_OF_OPCODE[op] ?? "",
  };
}

/** Counts for a grid page (0: main, 1: CB) over its legal opcodes. */
export function pageCounts(opcodeStatus: string | undefined, page: 0 | 1): { pass: number; fail: number; total: number } {
  let pass = 0, fail = 0, total = 0;
  for (let i = 0; i < 256; i++) {
    const op = page * 256 + i;
    if (!FAMILY_OF_OPCODE[op]) continue;
    total++;
    const s = cellStatus(opcodeStatus, op);
    if (s === "pass") pass++;
    else if (s === "fail") fail++;
  }
  return { pass, fail, total };
}

// ---- the first divergence as two trace tables ----

/** The opcode a lockstep trace shows for an interrupt dispatch (microcode/lockstep.ts). */
const DISPATCH_OPCODE = 512;

const FLAG_BITS = [["Z", 0x80], ["N", 0x40], ["H", 0x20], ["C", 0x10]] as const;
const h2 = (n: number) => (n & 0xff).toString(16).toUpperCase().padStart(2, "0");
const h4 = (n: number) => (n & 0xffff).toString(16).toUpperCase().padStart(4, "0");

/** The flags spelled out: a letter when set, "-" when clear. */
export function flagLetters(f: number): string {
  return FLAG_BITS.map(([name, bit]) => (f & bit ? name : "-")).join("");
}

interface Column {
  /** The TraceEntry field a divergence names (lower case). */
  readonly field: string;
  readonly head: string;
  readonly width: number;
  readonly text: (e: TraceEntry) => string;
}

const REG = (k: "a" | "b" | "c" | "d" | "e" | "h" | "l"): Column => ({ field: k, head: k.toUpperCase(), width: 2, text: (e) => h2(e[k]) });

/** The trace table's columns, in order: where the instruction was, the PC it left, the registers after it. */
export const TRACE_COLUMNS: readonly Column[] = [
  { field: "at", head: "AT", width: 4, text: (e) => h4(e.at) },
  { field: "opcode", head: "OP", width: 5, text: (e) => cellLabel(e.opcode).hex },
  { field: "mnemonic", head: "MNEMONIC", width: 10, text: (e) => cellLabel(e.opcode).mnemonic.slice(0, 10) },
  { field: "pc", head: "PC→", width: 4, text: (e) => h4(e.pc) },
  REG("a"),
  { field: "f", head: "ZNHC", width: 4, text: (e) => flagLetters(e.f) },
  REG("b"), REG("c"), REG("d"), REG("e"), REG("h"), REG("l"),
  { field: "sp", head: "SP", width: 4, text: (e) => h4(e.sp) },
  { field: "cycles", head: "CYCLES", width: 8, text: (e) => String(e.cycles) },
];

const pad = (s: string, c: Column) => (c.field === "cycles" ? s.padStart(c.width) : s.padEnd(c.width));

/** Character column where each column starts (one space between columns). */
const COLUMN_AT: readonly number[] = TRACE_COLUMNS.reduce<number[]>((at, c, i) => { at.push(i ? at[i - 1]! + TRACE_COLUMNS[i - 1]!.width + 1 : 0); return at; }, []);

export function traceHeader(): string {
  return TRACE_COLUMNS.map((c) => pad(c.head, c)).join(" ");
}

export function traceRow(e: TraceEntry): string {
  return TRACE_COLUMNS.map((c) => pad(c.text(e), c)).join(" ");
}

/** The fields a divergence names, in lower case (the lockstep spells registers in capitals). */
function fieldsOf(d: Divergence): Set<string> {
  return new Set(d.fields.map((f) => f.toLowerCase()));
}

/** A character span in a trace row to highlight. */
export interface Span { readonly at: number; readonly len: number }

/** The spans of the divergent row that differ: whole columns, and inside ZNHC only the flags that differ. */
export function diffSpans(d: Divergence): Span[] {
  const spans: Span[] = [];
  const fields = fieldsOf(d);
  TRACE_COLUMNS.forEach((c, i) => {
    if (c.field === "f") {
      const x = d.reference.f ^ d.player.f;
      FLAG_BITS.forEach(([, bit], k) => { if (x & bit) spans.push({ at: COLUMN_AT[i]! + k, len: 1 }); });
      return;
    }
    if (fields.has(c.field)) spans.push({ at: COLUMN_AT[i]!, len: c.width });
  });
  return spans;
}

function writesText(w: readonly (readonly [number, number])[]): string {
  return w.length ? w.map(([addr, v]) => `[$${h4(addr)}]=$${h2(v)}`).join(" ") : "none";
}

/** One sentence per differing field, in words ("flag H: reference 1, yours 0"). */
export function fieldSentences(d: Divergence): string[] {
  const out: string[] = [];
  for (const field of fieldsOf(d)) {
    if (field === "f") {
      for (const [name, bit] of FLAG_BITS) {
        if ((d.reference.f ^ d.player.f) & bit) out.push(`flag ${name}: reference ${d.reference.f & bit ? 1 : 0}, yours ${d.player.f & bit ? 1 : 0}`);
      }
      if ((d.reference.f ^ d.player.f) & 0x0f) out.push(`F low nibble: reference $${h2(d.reference.f)}, yours $${h2(d.player.f)} (always 0 on the LR35902)`);
    } else if (field === "writes") {
      out.push(`memory writes: reference ${writesText(d.reference.writes)}; yours ${writesText(d.player.writes)}`);
    } else {
      const r = (d.reference as unknown as Record<string, unknown>)[field], p = (d.player as unknown as Record<string, unknown>)[field];
      const show = (v: unknown) => typeof v === "number" ? (field === "cycles" ? String(v) : field === "pc" || field === "sp" ? `$${h4(v)}` : `$${h2(v)}`) : String(v);
      const name = field === "cycles" ? "cycles (T, since power-on)" : field === "pc" ? "PC after" : field === "ime" ? "IME" : field.toUpperCase();
      out.push(`${name}: reference ${show(r)}, yours ${show(p)}`);
    }
  }
  return out;
}

export interface DivergencePicture {
  readonly run: RunReport;
  readonly divergence: Divergence;
  readonly header: string;
  /** Matching rows before the divergence (identical on both sides), oldest first. */
  readonly before: readonly string[];
  readonly reference: string;
  readonly player: string;
  readonly spans: readonly Span[];
  readonly sentences: readonly string[];
  readonly writes: { readonly reference: string; readonly player: string };
}

export function divergencePicture(state: CpuCoreState): DivergencePicture | null {
  const run = state.report?.runs.find((r) => r.divergence);
  const d = run?.divergence;
  if (!run || !d) return null;
  return {
    run, divergence: d, header: traceHeader(),
    before: d.before.map(traceRow),
    reference: traceRow(d.reference),
    player: traceRow(d.player),
    spans: diffSpans(d),
    sentences: fieldSentences(d),
    writes: { reference: writesText(d.reference.writes), player: writesText(d.player.writes) },
  };
}

export function familyTitle(id: string): string {
  return FAMILY_BY_ID.get(id)?.title ?? (id || "illegal opcode");
}

// ---- edits as patch actions ----

export interface PatchAction { type: "patch"; family: string; at: number; remove: number; insert: string }

/** Room left for the inserted text once the envelope ({seq, action}) and the other fields are counted. */
const ENVELOPE = JSON.stringify({ seq: 99999999, action: { type: "patch", family: "x".repeat(40), at: 4096, remove: 4096, insert: "" } }).length;
const INSERT_BUDGET = MAX_MESSAGE_CHARS - ENVELOPE - 16;

/**
 * The patches that turn `from` into `to`: the changed middle (after the common prefix and suffix) replaced,
 * the inserted text split so that every message, JSON-escaped, stays under the protocol's limit.
 */
export function patchesFor(family: string, from: string, to: string): PatchAction[] {
  if (from === to) return [];
  let p = 0;
  const max = Math.min(from.length, to.length);
  while (p < max && from[p] === to[p]) p++;
  let s = 0;
  while (s < max - p && from[from.length - 1 - s] === to[to.length - 1 - s]) s++;
  const remove = from.length - p - s;
  const insert = to.slice(p, to.length - s);
  const out: PatchAction[] = [];
  let at = p, i = 0;
  do {
    // Grow the chunk while its escaped form fits (escapes make some characters cost up to 6).
    let j = i, cost = 0;
    while (j < insert.length) {
      const c = JSON.stringify(insert[j]!).length - 2;
      if (cost + c > INSERT_BUDGET) break;
      cost += c;
      j++;
    }
    // Never split a surrogate pair between two messages.
    if (j < insert.length && j > i && /[\uD800-\uDBFF]/.test(insert[j - 1]!)) j--;
    out.push({ type: "patch", family, at, remove: out.length ? 0 : remove, insert: insert.slice(i, j) });
    at += j - i;
    i = j;
  } while (i < insert.length);
  return out;
}

/** Applies a patch as the level does (for tests and for keeping the editor's idea of the server's text). */
export function applyPatch(text: string, p: PatchAction): string {
  return text.slice(0, p.at) + p.insert + text.slice(p.at + p.remove);
}

// ---- syntax colouring ----

export type TokenClass = "comment" | "number" | "keyword" | "register" | "flag" | "field" | "builtin" | "punct" | "plain";
export interface Token { readonly text: string; readonly cls: TokenClass }

const KEYWORDS = new Set(["family", "matches", "except", "if", "else", "read", "write", "push", "acknowledge", "internal", "halt", "haltbug", "stop", "ei", "di", "prefix", "ime"]);
const REGISTERS = new Set(["A", "F", "B", "C", "D", "E", "H", "L", "AF", "BC", "DE", "HL", "SP", "PC", "r", "rp", "rp2", "cc"]);
const FLAG_NAMES = new Set(["ZF", "NF", "HF", "CF"]);
const FIELD_NAMES = new Set(["x", "y", "z", "p", "q"]);
const BUILTIN_NAMES = new Set(["imm8", "imm16", "simm8", "pop", "pending", "true", "false"]);

/** Splits one line of microcode into coloured tokens (the lexer's token set: `#` comments, numbers, names). */
export function highlightLine(line: string): Token[] {
  const out: Token[] = [];
  const re = /(#.*$)|(0x[0-9a-fA-F]+|\$[0-9a-fA-F]+|0b[01]+|\b[0-9]+\b)|([A-Za-z_][A-Za-z0-9_]*)|(\s+)|([^\sA-Za-z0-9_#$]+|.)/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(line))) {
    const text = m[0];
    let cls: TokenClass = "plain";
    if (m[1]) cls = "comment";
    else if (m[2]) cls = "number";
    else if (m[3]) {
      cls = KEYWORDS.has(text) ? "keyword" : REGISTERS.has(text) ? "register" : FLAG_NAMES.has(text) ? "flag"
        : FIELD_NAMES.has(text) ? "field" : BUILTIN_NAMES.has(text) ? "builtin" : "plain";
    } else if (m[5]) cls = "punct";
    out.push({ text, cls });
  }
  return out;
}

/** What a full redraw depends on: the board redraws only when this changes. */
export function viewKey(s: CpuCoreState): string {
  // The microcode's text itself, not its length (an edit that keeps the length must redraw spectators and replays).
  // While Brickfall runs the microcode is locked, so the 60 Hz frames skip hashing it.
  const texts = s.play ? "" : hashString(Object.values(s.sources).join("\u0000"));
  return `${s.checks}|${s.hintsShown}|${s.booted}|${s.phase}|${texts}|${s.errors.map((e) => `${e.family}:${e.line}:${e.column}`).join(",")}|${s.play ? "play" : ""}`;
}
