/**
 * A reference interpreter for the opcode tests, written from Pan Docs' instruction descriptions and driven by the
 * mnemonic text of the opcode table, so it shares no code with cpu.ts or alu.ts: flags are booleans, operands
 * are decoded from the text ("ADD A,[HL]", "BIT 3,E", "JR NZ,e8"), and every rule is written out again here.
 * It executes one instruction on a plain state and memory, and says whether a conditional branch was taken.
 */
import type { OpcodeInfo } from "../../../shared/levels/cpu-core/opcodes.ts";

export interface RefState {
  r: { A: number; F: number; B: number; C: number; D: number; E: number; H: number; L: number };
  sp: number; pc: number; ime: boolean; eiDelay: boolean; halted: boolean; stopped: boolean; locked: boolean;
  mem: Uint8Array;
}

type Flags = { z: boolean; n: boolean; h: boolean; c: boolean };
const getFlags = (f: number): Flags => ({ z: !!(f & 0x80), n: !!(f & 0x40), h: !!(f & 0x20), c: !!(f & 0x10) });
const packFlags = (x: Flags) => (x.z ? 0x80 : 0) + (x.n ? 0x40 : 0) + (x.h ? 0x20 : 0) + (x.c ? 0x10 : 0);
const PAIRS: Record<string, [keyof RefState["r"], keyof RefState["r"]]> = { BC: ["B", "C"], DE: ["D", "E"], HL: ["H", "L"], AF: ["A", "F"] };
const REG8 = new Set(["A", "B", "C", "D", "E", "H", "L"]);

export function refExecute(s: RefState, info: OpcodeInfo): { taken: boolean } {
  const start = s.pc;
  const m = s.mem;
  const imm8 = m[(start + (info.prefixed ? 2 : 1)) & 0xffff]!;
  const imm16 = imm8 | (m[(start + 2) & 0xffff]! << 8);
  s.pc = (start + info.length) & 0xffff;
  const fl = getFlags(s.r.F);
  const space = info.mnemonic.indexOf(" ");
  const name = space < 0 ? info.mnemonic : info.mnemonic.slice(0, space);
  const ops = space < 0 ? [] : info.mnemonic.slice(space + 1).split(",");

  const pair = (p: string) => (p === "SP" ? s.sp : (s.r[PAIRS[p]![0]] << 8) | s.r[PAIRS[p]![1]]);
  const setPair = (p: string, v: number) => {
    v &= 0xffff;
    if (p === "SP") s.sp = v;
    else { s.r[PAIRS[p]![0]] = v >> 8; s.r[PAIRS[p]![1]] = p === "AF" ? v & 0xf0 : v & 0xff; }
  };
  const addr = (op: string): number => {
    switch (op) {
      case "[HL]": case "[HL+]": case "[HL-]": return pair("HL");
      case "[BC]": return pair("BC");
      case "[DE]": return pair("DE");
      case "[C]": return 0xff00 + s.r.C;
      case "[a8]": return 0xff00 + imm8;
      case "[a16]": return imm16;
    }
    throw new Error(`no address for ${op}`);
  };
  const get = (op: string): number => {
    if (REG8.has(op)) return s.r[op as keyof RefState["r"]];
    if (op in PAIRS || op === "SP") return pair(op);
    if (op === "n8") return imm8;
    if (op === "n16" || op === "a16") return imm16;
    if (op.startsWith("[")) {
      const a = addr(op);
      if (op === "[HL+]") setPair("HL", a + 1);
      if (op === "[HL-]") setPair("HL", a - 1);
      return m[a]!;
    }
    throw new Error(`cannot read ${op}`);
  };
  const set = (op: string, v: number) => {
    if (REG8.has(op)) s.r[op as keyof RefState["r"]] = v & 0xff;
    else if (op in PAIRS || op === "SP") setPair(op, v);
    else if (op.startsWith("[")) {
      const a = addr(op);
      if (op === "[HL+]") setPair("HL", a + 1);
      if (op === "[HL-]") setPair("HL", a - 1);
      m[a] = v & 0xff;
    } else throw new Error(`cannot write ${op}`);
  };
  const cond = (c: string) => ({ NZ: !fl.z, Z: fl.z, NC: !fl.c, C: fl.c } as Record<string, boolean>)[c];
  const push16 = (v: number) => {
    s.sp = (s.sp - 1) & 0xffff; m[s.sp] = (v >> 8) & 0xff;
    s.sp = (s.sp - 1) & 0xffff; m[s.sp] = v & 0xff;
  };
  const pop16 = () => {
    const v = m[s.sp]! | (m[(s.sp + 1) & 0xffff]! << 8);
    s.sp = (s.sp + 2) & 0xffff;
    return v;
  };
  const signed = (b: number) => (b < 128 ? b : b - 256);
  const done = (taken = false) => { s.r.F = packFlags(fl); return { taken }; };

  const isCond = ops.length === 2 && ["NZ", "Z", "NC", "C"].includes(ops[0]!) && ["JR", "JP", "CALL"].includes(name);
  switch (name) {
    case "NOP": return done();
    case "ILLEGAL": s.locked = true; s.pc = start; return done();
    case "HALT": s.halted = true; return done();
    case "STOP": s.stopped = true; return done();
    case "DI": s.ime = false; return done();
    case "EI": s.eiDelay = true; return done();
    case "LD": {
      if (ops[1] === "SP+e8") {
        const e = imm8;
        fl.z = false; fl.n = false; fl.h = (s.sp & 0xf) + (e & 0xf) > 0xf; fl.c = (s.sp & 0xff) + e > 0xff;
        setPair("HL", s.sp + signed(e));
        return done();
      }
      if (ops[0] === "[a16]" && ops[1] === "SP") {
        m[imm16] = s.sp & 0xff; m[(imm16 + 1) & 0xffff] = s.sp >> 8;
        return done();
      }
      set(ops[0]!, get(ops[1]!));
      return done();
    }
    case "LDH": set(ops[0]!, get(ops[1]!)); return done();
    case "PUSH": push16(pair(ops[0]!)); return done();
    case "POP": setPair(ops[0]!, pop16()); if (ops[0] === "AF") return { taken: false }; return done();
    case "INC": case "DEC": {
      const up = name === "INC";
      if (ops[0]!.length === 2 && ops[0] !== "[HL]" || ops[0] === "SP") { set(ops[0]!, get(ops[0]!) + (up ? 1 : -1)); return done(); }
      const v = get(ops[0]!);
      const r = (v + (up ? 1 : 255)) & 0xff;
      fl.z = r === 0; fl.n = !up; fl.h = up ? (v & 0xf) === 0xf : (v & 0xf) === 0;
      set(ops[0]!, r);
      return done();
    }
    case "ADD": case "ADC": case "SUB": case "SBC": case "AND": case "XOR": case "OR": case "CP": {
      if (name === "ADD" && ops[0] === "HL") {
        const a = pair("HL"), v = get(ops[1]!);
        fl.n = false; fl.h = (a & 0x0fff) + (v & 0x0fff) >= 0x1000; fl.c = a + v >= 0x10000;
        setPair("HL", a + v);
        return done();
      }
      if (name === "ADD" && ops[0] === "SP") {
        const e = imm8;
        fl.z = false; fl.n = false; fl.h = (s.sp & 0xf) + (e & 0xf) > 0xf; fl.c = (s.sp & 0xff) + e > 0xff;
        s.sp = (s.sp + signed(e)) & 0xffff;
        return done();
      }
      const a = s.r.A, v = get(ops[1]!);
      const cin = (name === "ADC" || name === "SBC") && fl.c ? 1 : 0;
      let r: number;
      if (name === "ADD" || name === "ADC") {
        r = a + v + cin;
        fl.n = false; fl.h = (a % 16) + (v % 16) + cin >= 16; fl.c = r >= 256;
      } else if (name === "SUB" || name === "SBC" || name === "CP") {
        r = a - v - cin;
        fl.n = true; fl.h = (a % 16) < (v % 16) + cin; fl.c = r < 0;
      } else {
        r = name === "AND" ? a & v : name === "OR" ? a | v : a ^ v;
        fl.n = false; fl.h = name === "AND"; fl.c = false;
      }
      r = ((r % 256) + 256) % 256;
      fl.z = r === 0;
      if (name !== "CP") s.r.A = r;
      return done();
    }
    case "DAA": {
      let a = s.r.A;
      if (!fl.n) {
        if (fl.c || a > 0x99) { a += 0x60; fl.c = true; }
        if (fl.h || (a & 0x0f) > 0x09) a += 0x06;
      } else {
        if (fl.c) a -= 0x60;
        if (fl.h) a -= 0x06;
      }
      s.r.A = a & 0xff; fl.z = s.r.A === 0; fl.h = false;
      return done();
    }
    case "CPL": s.r.A ^= 0xff; fl.n = true; fl.h = true; return done();
    case "SCF": fl.n = false; fl.h = false; fl.c = true; return done();
    case "CCF": fl.n = false; fl.h = false; fl.c = !fl.c; return done();
    case "RLCA": case "RRCA": case "RLA": case "RRA":
      rotate(name.slice(0, -1), "A");
      fl.z = false;
      return done();
    case "RLC": case "RRC": case "RL": case "RR": case "SLA": case "SRA": case "SRL": case "SWAP":
      rotate(name, ops[0]!);
      return done();
    case "BIT": {
      const v = get(ops[1]!);
      fl.z = ((v >> Number(ops[0])) & 1) === 0; fl.n = false; fl.h = true;
      return done();
    }
    case "RES": case "SET": {
      const v = get(ops[1]!);
      const bitMask = 1 << Number(ops[0]);
      set(ops[1]!, name === "SET" ? v | bitMask : v & ~bitMask);
      return done();
    }
    case "JR": {
      const taken = isCond ? cond(ops[0]!)! : true;
      if (taken) s.pc = (s.pc + signed(imm8)) & 0xffff;
      return done(taken);
    }
    case "JP": {
      if (ops[0] === "HL") { s.pc = pair("HL"); return done(); }
      const taken = isCond ? cond(ops[0]!)! : true;
      if (taken) s.pc = imm16;
      return done(taken);
    }
    case "CALL": {
      const taken = isCond ? cond(ops[0]!)! : true;
      if (taken) { push16(s.pc); s.pc = imm16; }
      return done(taken);
    }
    case "RET": {
      const taken = ops.length ? cond(ops[0]!)! : true;
      if (taken) s.pc = pop16();
      return done(taken);
    }
    case "RETI": s.pc = pop16(); s.ime = true; return done();
    case "RST": push16(s.pc); s.pc = parseInt(ops[0]!.slice(1), 16); return done();
  }
  throw new Error(`reference: no rule for ${info.mnemonic}`);

  function rotate(kind: string, op: string) {
    const v = get(op);
    let r: number, out: boolean;
    switch (kind) {
      case "RLC": out = v >= 128; r = (v * 2 + (out ? 1 : 0)) & 0xff; break;
      case "RRC": out = v % 2 === 1; r = (v >> 1) + (out ? 128 : 0); break;
      case "RL": out = v >= 128; r = (v * 2 + (fl.c ? 1 : 0)) & 0xff; break;
      case "RR": out = v % 2 === 1; r = (v >> 1) + (fl.c ? 128 : 0); break;
      case "SLA": out = v >= 128; r = (v * 2) & 0xff; break;
      case "SRA": out = v % 2 === 1; r = (v >> 1) + (v & 128); break;
      case "SRL": out = v % 2 === 1; r = v >> 1; break;
      default: out = false; r = ((v % 16) * 16) + (v >> 4); // SWAP
    }
    fl.z = r === 0; fl.n = false; fl.h = false; fl.c = out;
    set(op, r);
  }
}
