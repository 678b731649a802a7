/**
 * Writes the generated test ROM sources: assets/roms/cpu-alu.asm (ALU vectors), cpu-timing.asm and
 * cpu-timing-cb.asm (one timed check per opcode). The expected values are literals in the .asm files; this script
 * is how they were made, and a test checks the committed sources are what it writes.
 *  - ALU: results and flags from Pan Docs' rules, written out again here (booleans, no code shared with alu.ts).
 *  - Timing: the M-cycle counts of the opcode table (opcodes.ts, Pan Docs), taken and not taken.
 *   npx node scripts/gen-test-roms.ts [--check]
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { CB_OPCODES, OPCODES, type OpcodeInfo } from "../shared/levels/cpu-core/opcodes.ts";
import { ROM_DIR } from "./roms.ts";

const Z = 0x80, N = 0x40, H = 0x20, C = 0x10;
const fl = (z: boolean, n: boolean, h: boolean, c: boolean) => (z ? Z : 0) | (n ? N : 0) | (h ? H : 0) | (c ? C : 0);
const h2 = (v: number) => "$" + v.toString(16).toUpperCase().padStart(2, "0");
const h4 = (v: number) => "$" + v.toString(16).toUpperCase().padStart(4, "0");

function add(a: number, b: number, cin: number): [number, number] {
  const r = a + b + cin;
  return [r & 0xff, fl((r & 0xff) === 0, false, (a & 15) + (b & 15) + cin > 15, r > 255)];
}
function sub(a: number, b: number, cin: number): [number, number] {
  const r = a - b - cin;
  return [r & 0xff, fl((r & 0xff) === 0, true, (a & 15) - (b & 15) - cin < 0, r < 0)];
}
function daa(a: number, f: number): [number, number] {
  let c = (f & C) !== 0;
  if (!(f & N)) {
    if (c || a > 0x99) { a += 0x60; c = true; }
    if (f & H || (a & 15) > 9) a += 6;
  } else {
    if (c) a -= 0x60;
    if (f & H) a -= 6;
  }
  a &= 0xff;
  return [a, fl(a === 0, (f & N) !== 0, false, c)];
}
function rot(kind: string, v: number, f: number): [number, number] {
  const c = (f & C) !== 0;
  let out: number, r: number;
  switch (kind) {
    case "rlc": out = v >> 7; r = ((v << 1) | out) & 0xff; break;
    case "rrc": out = v & 1; r = ((v >> 1) | (out << 7)) & 0xff; break;
    case "rl": out = v >> 7; r = ((v << 1) | (c ? 1 : 0)) & 0xff; break;
    case "rr": out = v & 1; r = ((v >> 1) | (c ? 0x80 : 0)) & 0xff; break;
    case "sla": out = v >> 7; r = (v << 1) & 0xff; break;
    case "sra": out = v & 1; r = (v >> 1) | (v & 0x80); break;
    case "srl": out = v & 1; r = v >> 1; break;
    default: out = 0; r = ((v << 4) | (v >> 4)) & 0xff;
  }
  return [r, fl(r === 0, false, false, out === 1)];
}

function aluSource(): string {
  const vals = [0x00, 0x01, 0x0f, 0x10, 0x7f, 0x80, 0xff, 0x3a, 0xc6, 0x99, 0x09, 0x91, 0x5a, 0xa5, 0x08, 0xf0];
  const pairs: [number, number][] = [];
  for (let i = 0; i < vals.length; i++) for (let j = 0; j < 2; j++) if ((i + j) % 4 !== 3) pairs.push([vals[i]!, vals[(i * 7 + j * 5 + 3) % vals.length]!]);
  const out: string[] = [];
  const vec = (a: number, f: number, b: number, instr: string, [ra, rf]: [number, number]) =>
    out.push(`    setup ${h2(a)}, ${h2(f)}, ${h2(b)}\n    ${instr}\n    expect ${h2(ra)}, ${h2(rf)}`);
  const group = (title: string) => out.push(`\n    call print_inline\n    db "${title} ", 0`);
  const newline = () => out.push(`\n    call print_inline\n    db "\\n", 0`);

  group("ADD");
  for (const [a, b] of pairs) vec(a, 0x00, b, "add a, b", add(a, b, 0));
  for (const [a, b] of pairs.slice(0, 6)) vec(a, 0xf0, b, "add a, b", add(a, b, 0));
  group("ADC");
  pairs.forEach(([a, b], i) => vec(a, i & 1 ? C : 0, b, "adc a, b", add(a, b, i & 1)));
  group("SUB");
  for (const [a, b] of pairs) vec(a, 0x00, b, "sub a, b", sub(a, b, 0));
  group("SBC");
  pairs.forEach(([a, b], i) => vec(a, (i >> 1) & 1 ? C : 0, b, "sbc a, b", sub(a, b, (i >> 1) & 1)));
  group("CP");
  for (const [a, b] of pairs) vec(a, 0, b, "cp a, b", [a, sub(a, b, 0)[1]]);
  group("AND");
  for (const [a, b] of pairs) vec(a, a & 1 ? 0xf0 : 0, b, "and a, b", [a & b, fl((a & b) === 0, false, true, false)]);
  group("XOR");
  for (const [a, b] of pairs) vec(a, 0xf0, b, "xor a, b", [a ^ b, fl((a ^ b) === 0, false, false, false)]);
  group("OR");
  for (const [a, b] of pairs) vec(a, 0xf0, b, "or a, b", [a | b, fl((a | b) === 0, false, false, false)]);
  group("INC");
  for (const a of vals) for (const f of [0x00, 0xf0]) { const r = (a + 1) & 0xff; vec(a, f, 0, "inc a", [r, fl(r === 0, false, (a & 15) === 15, (f & C) !== 0)]); }
  group("DEC");
  for (const a of vals) for (const f of [0x00, 0xf0]) { const r = (a - 1) & 0xff; vec(a, f, 0, "dec a", [r, fl(r === 0, true, (a & 15) === 0, (f & C) !== 0)]); }
  group("DAA");
  for (const a of [0x00, 0x09, 0x0a, 0x0f, 0x10, 0x42, 0x99, 0x9a, 0xa0, 0xfa, 0xff, 0x66, 0x60, 0x06, 0x3c, 0x9f]) {
    for (const f of [0x00, H, C, H | C, N, N | H, N | C, N | H | C]) vec(a, f, 0, "daa", daa(a, f));
  }
  newline();
  group("CPL SCF CCF");
  for (const a of vals.slice(0, 8)) for (const f of [0x00, 0xf0, 0x90]) {
    vec(a, f, 0, "cpl", [a ^ 0xff, (f & (Z | C)) | N | H]);
    vec(a, f, 0, "scf", [a, (f & Z) | C]);
    vec(a, f, 0, "ccf", [a, (f & Z) | ((f & C) ^ C)]);
  }
  group("ROT");
  for (const v of vals.slice(0, 8)) for (const f of [0x00, 0xf0]) {
    for (const k of ["rlc", "rrc", "rl", "rr"]) { const [r, ff] = rot(k, v, f); vec(v, f, 0, k + "a", [r, ff & C]); } // RLCA etc.: Z is 0
    for (const k of ["rlc", "rrc", "rl", "rr", "sla", "sra", "srl", "swap"]) vec(v, f, 0, k + " a", rot(k, v, f));
  }
  group("BIT");
  for (const v of [0x00, 0xff, 0x5a, 0x81]) for (let bit = 0; bit < 8; bit++) {
    for (const f of [0x00, 0xf0]) vec(v, f, 0, `bit ${bit}, a`, [v, fl(((v >> bit) & 1) === 0, false, true, (f & C) !== 0)]);
    vec(v, 0xf0, 0, `res ${bit}, a`, [v & ~(1 << bit) & 0xff, 0xf0]);
    vec(v, 0x00, 0, `set ${bit}, a`, [v | (1 << bit), 0x00]);
  }
  newline();
  group("ADD HL");
  const v16 = [0x0000, 0x0001, 0x0fff, 0x1000, 0x7fff, 0x8000, 0xffff, 0x8a23, 0x0605, 0xf00f];
  v16.forEach((hl, i) => {
    for (let j = 0; j < 3; j++) {
      const bc = v16[(i * 3 + j * 7) % v16.length]!;
      for (const f of [0x00, 0xf0]) {
        const r = hl + bc;
        out.push(`    setup16 ${h4(hl)}, ${h4(bc)}, ${h2(f)}\n    add hl, bc\n    expect16 ${h4(r & 0xffff)}, ${h2((f & Z) | ((hl & 0xfff) + (bc & 0xfff) > 0xfff ? H : 0) | (r > 0xffff ? C : 0))}`);
      }
    }
  });
  group("SP+E8");
  for (const sp of [0x0000, 0x000f, 0x00ff, 0xffff, 0xc0f8, 0x1234, 0xfff8]) {
    for (const e of [0x00, 0x01, 0x0f, 0x10, 0x7f, 0x80, 0xff, 0xf8]) {
      const s = e > 127 ? e - 256 : e;
      const f = fl(false, false, (sp & 15) + (e & 15) > 15, (sp & 0xff) + e > 0xff);
      out.push(`    setup_sp ${h4(sp)}\n    ld hl, sp + ${s}\n    expect_sp ${h4((sp + s) & 0xffff)}, ${h2(f)}`);
    }
  }
  return `; Instruction test: 8-bit ALU, DAA, rotates, BIT/RES/SET and 16-bit additions.
; Each check loads A, F and B, runs one instruction and compares A and F with the value Pan Docs' rules give
; (literals written by scripts/gen-test-roms.ts). A failing check prints its address, the value it got and the
; one expected. Reports on serial and screen, ending with "Passed" or "Failed".
INCLUDE "header.inc"
INCLUDE "testlib.inc"
INCLUDE "alu-checks.inc"

    cart_header "CPU ALU", $00, $00, $00

SECTION "main", ROMX[$4000]
entry:
    di
    ld sp, $DFF0
    call test_init
    call print_inline
    db "CPU ALU\\n", 0
${out.join("\n")}
    call print_inline
    db "\\n", 0
    jp test_done
`;
}

const CONDITIONS: Record<string, [number, number]> = { NZ: [0x00, 0x80], Z: [0x80, 0x00], NC: [0x00, 0x10], C: [0x10, 0x00] }; // F taken, not taken
const SAFE_OPERANDS: Record<string, string> = { n8: "$00", n16: "$C100", a16: "$C400", "[a16]": "[$C400]", "[a8]": "[$FF80]", e8: "0", "SP+e8": "sp + 0" };

/** Assembler text for an opcode with operands that touch only safe memory. */
function operandText(mnemonic: string): string {
  const [name, rest] = mnemonic.split(" ") as [string, string | undefined];
  const words = rest ? rest.split(",").map((w) => SAFE_OPERANDS[w] ?? w) : [];
  return (name + (words.length ? " " + words.join(", ") : "")).toLowerCase();
}

interface Timed { label: string; flags: number | null; body: string[]; expected: number }

function timedChecks(info: OpcodeInfo): Timed[] {
  const mn = info.mnemonic, m = info.cycles / 4, mNot = info.cyclesNotTaken / 4;
  const name = mn.split(" ")[0]!;
  const words = mn.includes(" ") ? mn.slice(mn.indexOf(" ") + 1).split(",") : [];
  if (info.illegal || mn === "PREFIX" || mn === "HALT" || name === "STOP") return [];
  const cond = words[0] !== undefined && words[0] in CONDITIONS && ["JR", "JP", "CALL", "RET"].includes(name) ? words[0] : null;
  const c = cond?.toLowerCase();
  const four = (line: string) => [line, line, line, line];
  const both = (takenLabel: string, line: string, whenTaken: number): Timed[] => [
    { label: takenLabel, flags: CONDITIONS[cond!]![0], body: four(line), expected: whenTaken },
    { label: `${mn} NOT`, flags: CONDITIONS[cond!]![1], body: four(line), expected: mNot },
  ];
  switch (name) {
    case "JR": return cond ? both(`${mn} TAKEN`, `jr ${c}, @ + 2`, m) : [{ label: mn, flags: null, body: four("jr @ + 2"), expected: m }];
    case "JP":
      if (words[0] === "HL") return [{ label: "LD HL,n16+JP HL", flags: null, body: [0, 1, 2, 3].flatMap(() => ["ld hl, @ + 4", "jp hl"]), expected: 3 + m }];
      return cond ? both(`${mn} TAKEN`, `jp ${c}, @ + 3`, m) : [{ label: mn, flags: null, body: four("jp @ + 3"), expected: m }];
    case "CALL":
      return cond ? both(`${mn}+RET TAKEN`, `call ${c}, sub_ret`, m + 4) : [{ label: `${mn}+RET`, flags: null, body: four("call sub_ret"), expected: m + 4 }];
    case "RET":
      if (!cond) return [{ label: "CALL+RET", flags: null, body: four("call sub_ret"), expected: 6 + m }];
      return [
        { label: `CALL+${mn} TAKEN`, flags: CONDITIONS[cond]![0], body: four(`call sub_ret_${c}`), expected: 6 + m },
        { label: `${mn} NOT`, flags: CONDITIONS[cond]![1], body: four(`ret ${c}`), expected: mNot },
      ];
    case "RETI": return [{ label: "CALL+RETI", flags: null, body: four("call sub_reti"), expected: 6 + m }];
    case "RST": return [{ label: `${mn}+RET`, flags: null, body: four(operandText(mn)), expected: m + 4 }];
    default: return [{ label: mn, flags: null, body: four(operandText(mn)), expected: m }];
  }
}

function timingSource(title: string, table: readonly OpcodeInfo[]): string {
  const body: string[] = [];
  for (const t of table.flatMap(timedChecks)) {
    body.push("    call setup_regs");
    if (t.flags !== null) body.push(`    ld de, ${h4(t.flags)}\n    push de\n    pop af`);
    body.push("    call timer_start", ...t.body.map((l) => "    " + l), "    ldh a, [rTIMA]\n    ld sp, $DFF0");
    body.push(`    call check_time\n    db ${t.expected}\n    db "${t.label}", 0`);
  }
  return `; Instruction timing test: ${title}.
; Each check restarts the timer (DIV reset, TIMA=0 at 262144 Hz: one tick per 4 M-cycles), runs the instruction
; four times (or the pair named) and reads TIMA; minus the count of an empty run, that is the instruction's
; M-cycles, which must equal Pan Docs' count (the opcode table, written here as literals by scripts/gen-test-roms.ts).
; Conditional branches are timed taken and not taken. Reports on serial and screen, ending "Passed" or "Failed".
INCLUDE "header.inc"
INCLUDE "testlib.inc"
INCLUDE "timing.inc"

    cart_header "${title.toUpperCase().slice(0, 15)}", $00, $00, $00

SECTION "main", ROMX[$4000]
entry:
    di
    ld sp, $DFF0
    xor a
    ldh [rIE], a
    call test_init
    call print_inline
    db "${title.toUpperCase()}\\n", 0
    call timing_calibrate
${body.join("\n")}
    call print_inline
    db "\\n", 0
    jp test_done
`;
}

/** The generated sources by file name. */
export function generatedSources(): Record<string, string> {
  return {
    "cpu-alu.asm": aluSource(),
    "cpu-timing.asm": timingSource("CPU timing", OPCODES),
    "cpu-timing-cb.asm": timingSource("CPU timing CB", CB_OPCODES),
  };
}

if (import.meta.main) {
  const check = process.argv.includes("--check");
  let stale = 0;
  for (const [file, text] of Object.entries(generatedSources())) {
    const path = join(ROM_DIR, file);
    let same = false;
    try { same = readFileSync(path, "utf8") === text; } catch { same = false; }
    if (check) { if (!same) stale++; } else writeFileSync(path, text);
    console.log(`${same ? "same " : check ? "STALE" : "wrote"} ${file}`);
  }
  process.exit(stale ? 1 : 0);
}
