/**
 * Chooses an instruction form for parsed operands and encodes it (Intel SDM vol. 2, §2.1 "Instruction Format":
 * prefixes, opcode, ModR/M, SIB, displacement, immediate). Displacements and immediates whose value is not a
 * constant yet (symbols, labels) are emitted as 4-byte fixups the assembler fills in — or turns into relocations —
 * once every label has its address. Short displacement (disp8) is used only when the value is a constant known at
 * this point of the source, exactly like GNU as.
 */
import type { Expr } from "./expressions.ts";
import type { Form, Spec } from "./instruction-table.ts";
import { FORMS } from "./instruction-table.ts";
import type { MemoryOperand } from "./operands.ts";
import type { Register } from "./registers.ts";
import { EBP_CODE, ESP_CODE } from "./registers.ts";

/** Operands after classification: a bare expression has become an immediate, a memory reference or a branch target. */
export type Resolved =
  | { kind: "reg"; reg: Register; column: number }
  | MemoryOperand
  | { kind: "imm"; expr: Expr; column: number }
  | { kind: "rel"; expr: Expr; column: number }
  | { kind: "far"; selector: Expr; offset: Expr; column: number };

export interface Fixup { at: number; width: 1 | 2 | 4; expr: Expr; pcRelative: boolean; column: number }
export interface Encoding { bytes: number[]; fixups: Fixup[] }

/** Returns the value of an expression if it is a constant at this point of the source, else undefined. */
export type ConstantOf = (e: Expr) => bigint | undefined;

const SPEC_REGISTER: Partial<Record<Spec, string>> = { al: "al", ax: "ax", eax: "eax", cl: "cl", dx: "dx", es: "es", cs: "cs", ss: "ss", ds: "ds", fs: "fs", gs: "gs" };
const RM_SIZE: Partial<Record<Spec, number>> = { rm8: 8, rm16: 16, rm32: 32, moffs8: 8, moffs16: 16, moffs32: 32, m16: 16 };

function formOperandSize(form: Form): number {
  if (form.operandSize16) return 16;
  return form.specs.some((s) => s === "rm8" || s === "r8" || s === "al") ? 8 : 32;
}

function signExtend(v: bigint, bits: number): bigint {
  return BigInt.asIntN(bits, v);
}

function fits(v: bigint, lo: bigint, hi: bigint): boolean { return v >= lo && v <= hi; }

/** Does operand `op` fit spec `spec` of `form`? Memory without a size fits any sized rm spec (ambiguity is judged later). */
function matches(spec: Spec, op: Resolved, form: Form, constOf: ConstantOf): boolean {
  const named = SPEC_REGISTER[spec];
  if (named !== undefined) return op.kind === "reg" && op.reg.name === named;
  switch (spec) {
    case "r8": case "r16": case "r32": case "rr16": case "rr32": {
      const size = Number(spec.replace(/^r+/, ""));
      return op.kind === "reg" && op.reg.cls === "gpr" && op.reg.size === size;
    }
    case "rm8": case "rm16": case "rm32": {
      const size = RM_SIZE[spec]!;
      if (op.kind === "reg") return op.reg.cls === "gpr" && op.reg.size === size;
      return op.kind === "mem" && (op.size === undefined || op.size === size);
    }
    case "m": return op.kind === "mem";
    case "m16": return op.kind === "mem" && (op.size === undefined || op.size === 16);
    case "moffs8": case "moffs16": case "moffs32":
      return op.kind === "mem" && op.base === undefined && op.index === undefined && (op.size === undefined || op.size === RM_SIZE[spec]);
    case "sreg": return op.kind === "reg" && op.reg.cls === "sreg";
    case "cr": return op.kind === "reg" && op.reg.cls === "creg";
    case "rel": return op.kind === "rel";
    case "far": return op.kind === "far";
    case "imm8": case "imm16": case "imm32": case "simm8": case "one": case "three": {
      if (op.kind !== "imm") return false;
      const v = constOf(op.expr);
      if (spec === "imm32") return v === undefined || fits(v, -(1n << 31n), (1n << 32n) - 1n);
      if (v === undefined) return false;
      if (spec === "one") return v === 1n;
      if (spec === "three") return v === 3n;
      if (spec === "imm8") return fits(v, -128n, 255n);
      if (spec === "imm16") return fits(v, -32768n, 65535n);
      // simm8: GNU as first truncates the value to the operand size, then asks whether it is a sign-extended byte.
      const size = formOperandSize(form);
      if (!fits(v, -(1n << BigInt(size - 1)), (1n << BigInt(size)) - 1n)) return false;
      return fits(signExtend(v, size), -128n, 127n);
    }
  }
  return false;
}

export type Selection = { form: Form } | { error: string };

/** Picks the first form (table order = preference) whose specs all match; explains the failure otherwise. */
export function selectForm(mnemonic: string, ops: readonly Resolved[], constOf: ConstantOf, sourceText: string): Selection {
  const forms = FORMS.get(mnemonic);
  if (!forms) return { error: `unknown instruction '${mnemonic}'` };
  const fits = (f: Form): boolean => f.specs.length === ops.length && f.specs.every((s, i) => matches(s, ops[i], f, constOf));
  const first = forms.find(fits);
  if (!first) return { error: explainNoForm(mnemonic, forms, ops, sourceText) };
  const unsized = ops.findIndex((op) => op.kind === "mem" && op.size === undefined);
  if (unsized >= 0 && !first.defaultForUnsizedMemory && RM_SIZE[first.specs[unsized]] !== undefined) {
    const fitting = forms.filter(fits);
    const sizes = new Set(fitting.map((f) => RM_SIZE[f.specs[unsized]]));
    if (sizes.size > 1) return { error: `ambiguous operand size for '${mnemonic}': write byte ptr, word ptr or dword ptr before the memory operand` };
  }
  return { form: first };
}

function describe(op: Resolved): string {
  if (op.kind === "reg") return op.reg.cls === "gpr" ? `${op.reg.size}-bit register` : op.reg.cls === "sreg" ? "segment register" : "control register";
  if (op.kind === "mem") return op.size ? `${op.size}-bit memory` : "memory";
  if (op.kind === "imm") return "immediate";
  if (op.kind === "rel") return "label";
  return "far pointer";
}

function explainNoForm(mnemonic: string, forms: readonly Form[], ops: readonly Resolved[], sourceText: string): string {
  const counts = new Set(forms.map((f) => f.specs.length));
  if (!counts.has(ops.length)) {
    const list = [...counts].sort().join(" or ");
    return `'${mnemonic}' takes ${list} operand${list === "1" ? "" : "s"}, not ${ops.length}`;
  }
  const sizes = ops.flatMap((op) => (op.kind === "reg" && op.reg.cls === "gpr" ? [op.reg.size] : op.kind === "mem" && op.size ? [op.size] : []));
  if (sizes.length >= 2 && new Set(sizes).size > 1 && !["movzx", "movsx", "in", "out"].includes(mnemonic) && !/^(sh|sa|ro|rc)[lr]$/.test(mnemonic)) {
    return `operand size mismatch: '${sourceText}'`;
  }
  const imm = ops.find((op) => op.kind === "imm");
  if (imm && imm.kind === "imm") return `invalid operands for '${sourceText}': the immediate does not fit any form of '${mnemonic}' (or is not a constant where one is needed)`;
  const takes = [...new Set(forms.filter((f) => f.specs.length === ops.length).map((f) => f.specs.join(", ")))].slice(0, 8).join(" | ");
  return `invalid operands for '${sourceText}' (${ops.map(describe).join(", ")}); '${mnemonic}' takes: ${takes}`;
}

function pushLE(out: number[], v: bigint, width: number): void {
  for (let i = 0; i < width; i++) out.push(Number((v >> BigInt(8 * i)) & 0xffn));
}

/** ModR/M (+SIB, +displacement) for a register or memory operand in the rm slot. */
function encodeRm(out: number[], fixups: Fixup[], regField: number, op: Resolved, constOf: ConstantOf): void {
  if (op.kind === "reg") { out.push(0xc0 | (regField << 3) | op.reg.code); return; }
  if (op.kind !== "mem") return;
  const dispConst = op.disp === undefined ? 0n : constOf(op.disp);
  const emitDisp32 = (): void => {
    if (dispConst !== undefined) pushLE(out, dispConst, 4);
    else { fixups.push({ at: out.length, width: 4, expr: op.disp!, pcRelative: false, column: op.column }); pushLE(out, 0n, 4); }
  };
  if (op.base === undefined) {
    if (op.index === undefined) { out.push((regField << 3) | 5); emitDisp32(); return; }
    out.push((regField << 3) | 4, (log2(op.scale) << 6) | (op.index.code << 3) | 5);
    emitDisp32();
    return;
  }
  const needSib = op.index !== undefined || op.base.code === ESP_CODE;
  let mod: number;
  if (op.disp === undefined && op.base.code !== EBP_CODE) mod = 0;
  else if (dispConst !== undefined && dispConst === 0n && op.base.code !== EBP_CODE) mod = 0;
  else if (dispConst !== undefined && fits(signExtend(dispConst, 32), -128n, 127n) && fits(dispConst, -(1n << 31n), (1n << 32n) - 1n)) mod = 1;
  else mod = 2;
  out.push((mod << 6) | (regField << 3) | (needSib ? 4 : op.base.code));
  if (needSib) out.push((log2(op.scale) << 6) | ((op.index?.code ?? 4) << 3) | op.base.code);
  if (mod === 1) pushLE(out, signExtend(dispConst!, 32), 1);
  else if (mod === 2) emitDisp32();
}

function log2(scale: number): number { return scale === 8 ? 3 : scale === 4 ? 2 : scale === 2 ? 1 : 0; }

const IMM_WIDTH: Partial<Record<Spec, 1 | 2 | 4>> = { imm8: 1, simm8: 1, imm16: 2, imm32: 4 };
const REG_SLOT: ReadonlySet<Spec> = new Set<Spec>(["r8", "r16", "r32", "sreg", "cr"]);
const RM_SLOT: ReadonlySet<Spec> = new Set<Spec>(["rm8", "rm16", "rm32", "m", "m16", "rr16", "rr32"]);

/** Encodes `ops` with `form` (already selected). `prefixes` are rep/lock bytes written after the 0x66 prefix. */
export function encode(form: Form, ops: readonly Resolved[], prefixes: readonly number[], constOf: ConstantOf): Encoding {
  const out: number[] = [];
  const fixups: Fixup[] = [];
  if (form.operandSize16) out.push(0x66);
  out.push(...prefixes);
  const regIndex = form.specs.findIndex((s) => REG_SLOT.has(s));
  const rmIndex = form.specs.findIndex((s) => RM_SLOT.has(s));
  if (form.plusReg) {
    const r = ops[regIndex] as Resolved & { kind: "reg" };
    out.push(...form.opcode.slice(0, -1), form.opcode[form.opcode.length - 1] + r.reg.code);
  } else out.push(...form.opcode);
  if (form.modrm !== undefined) {
    const regField = form.modrm === "r" ? (ops[regIndex] as Resolved & { kind: "reg" }).reg.code : form.modrm;
    // `imm32 r32, imm` (imul eax, 10) names one register for both slots.
    encodeRm(out, fixups, regField, ops[rmIndex >= 0 ? rmIndex : regIndex], constOf);
  }
  form.specs.forEach((spec, i) => {
    const op = ops[i];
    if (spec.startsWith("moffs") && op.kind === "mem") {
      const v = op.disp === undefined ? 0n : constOf(op.disp);
      if (v !== undefined) pushLE(out, v, 4);
      else { fixups.push({ at: out.length, width: 4, expr: op.disp!, pcRelative: false, column: op.column }); pushLE(out, 0n, 4); }
    }
    const width = IMM_WIDTH[spec];
    if (width !== undefined && op.kind === "imm") {
      const v = constOf(op.expr);
      if (v !== undefined) pushLE(out, v, width);
      else { fixups.push({ at: out.length, width: 4, expr: op.expr, pcRelative: false, column: op.column }); pushLE(out, 0n, 4); }
    }
    if (spec === "rel" && op.kind === "rel") {
      fixups.push({ at: out.length, width: 4, expr: op.expr, pcRelative: true, column: op.column });
      pushLE(out, 0n, 4);
    }
    if (spec === "far" && op.kind === "far") {
      const off = constOf(op.offset);
      if (off !== undefined) pushLE(out, off, 4);
      else { fixups.push({ at: out.length, width: 4, expr: op.offset, pcRelative: false, column: op.column }); pushLE(out, 0n, 4); }
      pushLE(out, constOf(op.selector) ?? 0n, 2);
    }
  });
  return { bytes: out, fixups };
}
