/**
 * Instruction encoding from the opcode table (opcodes.ts), shared with the disassembler: the table's canonical
 * text ("LD A,[HL+]", "JR NZ,e8", "BIT 3,[HL]") is the pattern. An instruction's operands are turned into the
 * pattern words they can stand for (an expression can be n8, n16, a16 or e8; a bracketed expression [a16] or [a8];
 * the register C also the condition C), and the first table entry whose pattern matches gives the opcode and
 * its length. Lengths never depend on symbol values (RST vectors and bit numbers must be constants), so the
 * assembler knows every address in its first pass.
 * Aliases: LDI/LDD for [HL+]/[HL-]; LD with [C] for LDH; ALU ops without "A,"; JP [HL]; STOP without operand.
 */
import { CB_OPCODES, OPCODES, type OpcodeInfo } from "../opcodes.ts";
import { evaluate, type Expr, type Scope } from "./expressions.ts";
import { AsmError } from "./lexer.ts";
import type { Operand } from "./parser.ts";

interface Pattern { readonly info: OpcodeInfo; readonly name: string; readonly words: readonly string[] }

function patternOf(info: OpcodeInfo): Pattern {
  const space = info.mnemonic.indexOf(" ");
  const name = space < 0 ? info.mnemonic : info.mnemonic.slice(0, space);
  return { info, name, words: space < 0 ? [] : info.mnemonic.slice(space + 1).split(",") };
}

/** Every encodable instruction by mnemonic name. */
const BY_NAME: ReadonlyMap<string, readonly Pattern[]> = (() => {
  const map = new Map<string, Pattern[]>();
  for (const info of [...OPCODES, ...CB_OPCODES]) {
    if (info.illegal || info.mnemonic === "PREFIX") continue;
    const p = patternOf(info);
    map.set(p.name, [...(map.get(p.name) ?? []), p]);
  }
  return map;
})();

export const MNEMONICS: ReadonlySet<string> = new Set([...BY_NAME.keys(), "LDI", "LDD"]);

const ALU_NAMES = new Set(["ADD", "ADC", "SUB", "SBC", "AND", "XOR", "OR", "CP"]);
const hex2 = (n: number) => "$" + n.toString(16).toUpperCase().padStart(2, "0");

/** Rewrites aliases into the table's canonical forms. */
function canonical(mnemonic: string, operands: readonly Operand[]): { name: string; operands: readonly Operand[] } {
  let ops = operands;
  let name = mnemonic;
  if (name === "LDI" || name === "LDD") {
    const to = name === "LDI" ? "HL+" : "HL-";
    ops = ops.map((o) => (o.kind === "mem" && o.name === "HL" ? { kind: "mem", name: to } : o));
    name = "LD";
  }
  if (name === "LD" && ops.some((o) => o.kind === "mem" && o.name === "C")) name = "LDH";
  if (ALU_NAMES.has(name) && ops.length === 1) ops = [{ kind: "reg", name: "A" }, ops[0]!];
  if (name === "JP" && ops.length === 1 && ops[0]!.kind === "mem" && ops[0]!.name === "HL") ops = [{ kind: "reg", name: "HL" }];
  if (name === "STOP" && ops.length === 0) ops = [{ kind: "expr", expr: { kind: "num", value: 0 } }];
  return { name, operands: ops };
}

function constant(e: Expr, scope: Scope): number | undefined {
  try {
    return evaluate(e, scope);
  } catch {
    return undefined;
  }
}

/** The pattern words an operand can stand for. */
function words(op: Operand, scope: Scope): string[] {
  switch (op.kind) {
    case "reg": return [op.name];
    case "cond": return [op.name];
    case "mem": return [`[${op.name}]`];
    case "memExpr": return ["[a16]", "[a8]"];
    case "spOffset": return ["SP+e8"];
    case "expr": {
      const w = ["n8", "n16", "a16", "e8"];
      const v = constant(op.expr, scope);
      if (v !== undefined) {
        if (v >= 0 && v <= 7) w.push(String(v));
        if (v >= 0 && v <= 0x38 && (v & 7) === 0) w.push(hex2(v));
      }
      return w;
    }
  }
}

export interface Encoding {
  readonly info: OpcodeInfo;
  readonly operands: readonly Operand[];
  readonly words: readonly string[];
}

/** Finds the table entry for an instruction (pass 1: values need not be known). */
export function select(mnemonic: string, operands: readonly Operand[], scope: Scope): Encoding {
  const c = canonical(mnemonic, operands);
  const candidates = BY_NAME.get(c.name);
  if (!candidates) throw new AsmError(`unknown instruction '${mnemonic}'`);
  const options = c.operands.map((o) => words(o, scope));
  for (const p of candidates) {
    if (p.words.length !== options.length) continue;
    if (p.words.every((w, i) => options[i]!.includes(w))) return { info: p.info, operands: c.operands, words: p.words };
  }
  const forms = candidates.map((p) => p.info.mnemonic).slice(0, 12).join(" | ");
  throw new AsmError(`no form of ${c.name} takes these operands (forms: ${forms})`);
}

function checkRange(v: number, lo: number, hi: number, what: string): number {
  if (v < lo || v > hi) throw new AsmError(`${what} ${v} out of range ${lo}..${hi}`);
  return v;
}

/** The instruction's bytes at `address` (pass 2: every symbol known). */
export function encode(enc: Encoding, address: number, scope: Scope): number[] {
  const { info } = enc;
  const bytes = info.prefixed ? [0xcb, info.code] : [info.code];
  enc.words.forEach((w, i) => {
    const op = enc.operands[i]!;
    const expr = op.kind === "expr" || op.kind === "memExpr" || op.kind === "spOffset" ? op.expr : null;
    if (!expr) return;
    const v = evaluate(expr, scope);
    switch (w) {
      case "n8": bytes.push(checkRange(v, -128, 255, "8-bit value") & 0xff); break;
      case "n16": case "a16": case "[a16]":
        checkRange(v, -32768, 0xffff, "16-bit value");
        bytes.push(v & 0xff, (v >> 8) & 0xff);
        break;
      case "[a8]": {
        const off = v >= 0xff00 ? v - 0xff00 : v;
        bytes.push(checkRange(off, 0, 255, "LDH address offset (use $FF00-$FFFF)"));
        break;
      }
      case "e8":
        if (info.mnemonic.startsWith("JR")) {
          const d = v - (address + info.length);
          bytes.push(checkRange(d, -128, 127, "relative jump distance") & 0xff);
        } else bytes.push(checkRange(v, -128, 127, "signed offset") & 0xff);
        break;
      case "SP+e8": bytes.push(checkRange(v, -128, 127, "signed offset") & 0xff); break;
      default: break; // RST vector or bit number: part of the opcode
    }
  });
  if (bytes.length !== info.length) throw new AsmError(`internal: ${info.mnemonic} encoded to ${bytes.length} bytes`);
  return bytes;
}
