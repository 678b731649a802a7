/**
 * The i386 instruction interpreter: 32-bit protected mode, flat segments, paging off, CPL 0 (Intel SDM vol. 2).
 *
 * Implemented (everything the project's assembler emits, plus a few neighbours kernels use): the eight ALU operations
 * in all their forms (00-3D, 80/81/83), inc/dec, push/pop (register, immediate, memory), pushad/popad, pushfd/popfd,
 * xchg, mov (register, memory, immediate, moffs, from a segment register), movzx/movsx, lea, test, not/neg/mul/imul/div/idiv, imul 2- and
 * 3-operand, shifts and rotates (by 1, imm8, CL), jmp/jcc/call/ret/loop (relative and indirect), setcc, cmovcc,
 * cbw/cwde/cwd/cdq, leave, in/out (imm8 and DX, 8/16/32-bit), cli/sti/hlt/nop/clc/stc/cmc/cld/std, lgdt/lidt/sgdt/sidt,
 * int n, int3, into, iret, ud2, movs/stos/lods/ins/outs with rep, cmps/scas with rep/repe/repne, lahf/sahf, bswap,
 * cpuid (QEMU's qemu32 answers, cpuid.ts), invd/wbinvd/invlpg (no caches, no paging: no effect), far jmp, segment
 * register loads (mov/pop; descriptors checked, base and limit taken as flat), push of segment registers; operand
 * sizes 8/16/32 (0x66), segment prefixes (flat: ignored), lock (ignored), ModRM/SIB addressing.
 * Every instruction the assembler accepts runs here (tests/unit/boot-kernel/instruction-coverage.test.ts); what the
 * machine cannot do as QEMU does (rdtsc, ltr, control registers) the assembler refuses instead.
 * Everything else raises #UD (vector 6) before changing any state, including: the 0x67 address-size prefix,
 * far call, bit-test and bit-scan, control/debug register moves, rdtsc, x87.
 *
 * Faults are precise: an instruction that faults (#DE from div, #UD) has changed nothing and EIP is left at its first
 * byte (the caller restores it). Memory accesses cannot fault (flat segments, no paging, no alignment checks).
 * Flags follow alu.ts (QEMU's values where the SDM leaves them undefined).
 */

import {
  add, alu8ops, ARITH_FLAGS, CF, DF, EFLAGS_FIXED, EFLAGS_WRITABLE, IF, incDec, logic, MASK, mulFlags, mulS32, mulU32, neg,
  OF, PF, SF, shift, SIGN, sub, ZF,
} from "./alu.ts";
import { CpuFault, loadCodeSegment, loadDataSegment, loadFarJumpTarget, VECTOR_DE, VECTOR_UD } from "./exceptions.ts";
import { type MemoryState, read16, read32, read8, write16, write32, write8 } from "./memory.ts";
import { cpuidAnswer } from "./cpuid.ts";
import { CS, type CpuState, EAX, EBX, ECX, EDI, EDX, ESI, ESP, SS } from "./registers.ts";
import { VGA_TEXT_BASE, VGA_TEXT_BYTES } from "./vga.ts";

/** What the CPU needs from the rest of the PC (the machine implements it; unit tests use a small fake). */
export interface CpuBus {
  mem: MemoryState;
  portIn(port: number, size: number): number;
  portOut(port: number, size: number, value: number): void;
  /** A store landed in VGA text memory (the machine counts them for the board). */
  vgaWritten(): void;
}

/** Why the CPU stopped executing the current instruction stream. */
export const STEP_OK = 0;
/** `int n` / `int3`: the caller delivers `pendingSoftInt` with EIP at the instruction and `nextEip` after it. */
export const STEP_SOFT_INT = 1;
/** `hlt`: cpu.halted is set. */
export const STEP_HALT = 2;

/** Out-parameters of a step, kept outside the state (decode scratch, never persisted). */
export const stepInfo = { vector: 0, nextEip: 0, extraInstructions: 0 };

// Decode scratch (module-level for speed; the interpreter is not re-entrant and keeps no state here between steps).
let eaReg = -1;
let eaAddr = 0;
let modReg = 0;
const flagsOut = { flags: 0, keep: 0 };

function fetch8(cpu: CpuState, mem: MemoryState): number {
  const v = read8(mem, cpu.eip);
  cpu.eip = (cpu.eip + 1) >>> 0;
  return v;
}

function fetch16(cpu: CpuState, mem: MemoryState): number {
  const v = read16(mem, cpu.eip);
  cpu.eip = (cpu.eip + 2) >>> 0;
  return v;
}

function fetch32(cpu: CpuState, mem: MemoryState): number {
  const v = read32(mem, cpu.eip);
  cpu.eip = (cpu.eip + 4) >>> 0;
  return v;
}

function fetchImm(cpu: CpuState, mem: MemoryState, size: number): number {
  return size === 4 ? fetch32(cpu, mem) >>> 0 : size === 2 ? fetch16(cpu, mem) : fetch8(cpu, mem);
}

/** Decodes ModRM (and SIB, displacement): sets modReg and either eaReg (register operand) or eaAddr. */
function decodeModrm(cpu: CpuState, mem: MemoryState): void {
  const m = fetch8(cpu, mem);
  const mod = m >> 6;
  const rm = m & 7;
  modReg = (m >> 3) & 7;
  if (mod === 3) { eaReg = rm; return; }
  eaReg = -1;
  const regs = cpu.regs;
  let addr: number;
  if (rm === 4) {
    const sib = fetch8(cpu, mem);
    const base = sib & 7;
    const index = (sib >> 3) & 7;
    addr = base === 5 && mod === 0 ? fetch32(cpu, mem) : regs[base];
    if (index !== 4) addr += regs[index] << (sib >> 6);
  } else if (rm === 5 && mod === 0) {
    addr = fetch32(cpu, mem);
  } else {
    addr = regs[rm];
  }
  if (mod === 1) addr += (fetch8(cpu, mem) << 24) >> 24;
  else if (mod === 2) addr += fetch32(cpu, mem);
  eaAddr = addr >>> 0;
}

function getReg(cpu: CpuState, r: number, size: number): number {
  if (size === 4) return cpu.regs[r] >>> 0;
  if (size === 2) return cpu.regs[r] & 0xffff;
  return r < 4 ? cpu.regs[r] & 0xff : (cpu.regs[r - 4] >> 8) & 0xff;
}

function setReg(cpu: CpuState, r: number, size: number, v: number): void {
  const regs = cpu.regs;
  if (size === 4) regs[r] = v;
  else if (size === 2) regs[r] = (regs[r] & ~0xffff) | (v & 0xffff);
  else if (r < 4) regs[r] = (regs[r] & ~0xff) | (v & 0xff);
  else regs[r - 4] = (regs[r - 4] & ~0xff00) | ((v & 0xff) << 8);
}

function readMem(mem: MemoryState, addr: number, size: number): number {
  return size === 4 ? read32(mem, addr) >>> 0 : size === 2 ? read16(mem, addr) : read8(mem, addr);
}

function writeMem(bus: CpuBus, addr: number, size: number, v: number): void {
  if (size === 4) write32(bus.mem, addr, v);
  else if (size === 2) write16(bus.mem, addr, v);
  else write8(bus.mem, addr, v);
  if (addr - VGA_TEXT_BASE < VGA_TEXT_BYTES && addr + size > VGA_TEXT_BASE) bus.vgaWritten();
}

function readRM(cpu: CpuState, mem: MemoryState, size: number): number {
  return eaReg >= 0 ? getReg(cpu, eaReg, size) : readMem(mem, eaAddr, size);
}

function writeRM(cpu: CpuState, bus: CpuBus, size: number, v: number): void {
  if (eaReg >= 0) setReg(cpu, eaReg, size, v);
  else writeMem(bus, eaAddr, size, v);
}

function setArith(cpu: CpuState, flags: number): void {
  cpu.eflags = (cpu.eflags & ~ARITH_FLAGS) | flags;
}

function push(cpu: CpuState, bus: CpuBus, size: number, v: number): void {
  const sp = (cpu.regs[ESP] - size) | 0;
  writeMem(bus, sp >>> 0, size, v);
  cpu.regs[ESP] = sp;
}

function pop(cpu: CpuState, mem: MemoryState, size: number): number {
  const v = readMem(mem, cpu.regs[ESP] >>> 0, size);
  cpu.regs[ESP] = (cpu.regs[ESP] + size) | 0;
  return v;
}

/** Condition codes 0-15 (SDM vol. 1 Table B-1): o no b ae e ne be a s ns p np l ge le g. */
export function condition(eflags: number, cc: number): boolean {
  let r: boolean;
  switch (cc >> 1) {
    case 0: r = (eflags & OF) !== 0; break;
    case 1: r = (eflags & CF) !== 0; break;
    case 2: r = (eflags & ZF) !== 0; break;
    case 3: r = (eflags & (CF | ZF)) !== 0; break;
    case 4: r = (eflags & SF) !== 0; break;
    case 5: r = (eflags & PF) !== 0; break;
    case 6: r = ((eflags & SF) !== 0) !== ((eflags & OF) !== 0); break;
    default: r = (eflags & ZF) !== 0 || ((eflags & SF) !== 0) !== ((eflags & OF) !== 0); break;
  }
  return (cc & 1) !== 0 ? !r : r;
}

function signExtend(v: number, size: number): number {
  return size === 4 ? v | 0 : size === 2 ? (v << 16) >> 16 : (v << 24) >> 24;
}

function jumpRelative(cpu: CpuState, disp: number, size: number): void {
  cpu.eip = size === 2 ? (cpu.eip + disp) & 0xffff : (cpu.eip + disp) >>> 0;
}

function ud(): never {
  throw new CpuFault(VECTOR_UD, 0);
}

/** Group 3 (F6/F7): test, not, neg, mul, imul, div, idiv. */
function group3(cpu: CpuState, bus: CpuBus, size: number): void {
  const mem = bus.mem;
  const regs = cpu.regs;
  switch (modReg) {
    case 0: case 1: {
      const a = readRM(cpu, mem, size);
      logic(a & fetchImm(cpu, mem, size), size, flagsOut);
      setArith(cpu, flagsOut.flags);
      return;
    }
    case 2: writeRM(cpu, bus, size, ~readRM(cpu, mem, size) & MASK[size]); return;
    case 3: {
      const res = neg(readRM(cpu, mem, size), size, flagsOut);
      writeRM(cpu, bus, size, res);
      setArith(cpu, flagsOut.flags);
      return;
    }
    case 4: case 5: { // mul, imul (one operand): widening into AX, DX:AX or EDX:EAX
      const src = readRM(cpu, mem, size);
      const signed = modReg === 5;
      if (size === 4) {
        const [low, high] = signed ? mulS32(regs[EAX], src) : mulU32(regs[EAX] >>> 0, src);
        regs[EAX] = low; regs[EDX] = high;
        const overflow = signed ? (high | 0) !== ((low | 0) >> 31) : high !== 0;
        setArith(cpu, mulFlags(low, overflow, 4));
        return;
      }
      const a = getReg(cpu, EAX, size);
      const product = signed ? signExtend(a, size) * signExtend(src, size) : a * src;
      const bits = size * 8;
      const low = product & MASK[size];
      const high = (product >> bits) & MASK[size];
      if (size === 2) { setReg(cpu, EAX, 2, low); setReg(cpu, EDX, 2, high); }
      else setReg(cpu, EAX, 2, product & 0xffff);
      const overflow = signed ? product !== signExtend(low, size) : high !== 0;
      setArith(cpu, mulFlags(low, overflow, size));
      return;
    }
    default: { // div, idiv: #DE on a zero divisor or a quotient that does not fit; flags unchanged (as QEMU)
      const divisor = readRM(cpu, mem, size);
      if (divisor === 0) throw new CpuFault(VECTOR_DE, 0);
      const signed = modReg === 7;
      if (size === 4) {
        const dividend = (BigInt(regs[EDX] >>> 0) << 32n) | BigInt(regs[EAX] >>> 0);
        if (!signed) {
          const q = dividend / BigInt(divisor);
          if (q > 0xffffffffn) throw new CpuFault(VECTOR_DE, 0);
          regs[EAX] = Number(q); regs[EDX] = Number(dividend % BigInt(divisor));
        } else {
          const n = BigInt.asIntN(64, dividend);
          const d = BigInt(divisor | 0);
          const q = n / d;
          if (q > 0x7fffffffn || q < -0x80000000n) throw new CpuFault(VECTOR_DE, 0);
          regs[EAX] = Number(q); regs[EDX] = Number(n % d);
        }
        return;
      }
      const bits = size * 8;
      const dividend = size === 2 ? ((regs[EDX] & 0xffff) * 0x10000 + (regs[EAX] & 0xffff)) : regs[EAX] & 0xffff;
      let q: number, r: number;
      if (!signed) {
        q = Math.floor(dividend / divisor); r = dividend % divisor;
        if (q > MASK[size]) throw new CpuFault(VECTOR_DE, 0);
      } else {
        const n = size === 2 ? dividend | 0 : (dividend << 16) >> 16;
        const d = signExtend(divisor, size);
        q = Math.trunc(n / d); r = n - q * d;
        if (q > (SIGN[size] - 1) || q < -SIGN[size]) throw new CpuFault(VECTOR_DE, 0);
      }
      if (size === 2) { setReg(cpu, EAX, 2, q); setReg(cpu, EDX, 2, r); }
      else setReg(cpu, EAX, 2, (q & 0xff) | ((r & 0xff) << 8));
      void bits;
    }
  }
}

function shiftGroup(cpu: CpuState, bus: CpuBus, size: number, countSource: number): void {
  const count = countSource & 0x1f;
  const a = readRM(cpu, bus.mem, size);
  if (count === 0) return;
  if (modReg === 6) modReg = 4;
  const res = shift(modReg, a, count, cpu.eflags & CF, size, flagsOut);
  writeRM(cpu, bus, size, res);
  cpu.eflags = (cpu.eflags & (flagsOut.keep === 0 ? ~ARITH_FLAGS : flagsOut.keep)) | flagsOut.flags;
}

/**
 * String instructions movs/stos/lods/ins/outs (SDM vol. 2): ESI/EDI step by size, backwards when DF is set; rep uses
 * ECX. ins/outs go through the port bus at DX (CPL 0: no I/O permission check).
 */
function stringOp(cpu: CpuState, bus: CpuBus, opcode: number, size: number, rep: boolean): void {
  const regs = cpu.regs;
  const mem = bus.mem;
  const step = (cpu.eflags & DF) !== 0 ? -size : size;
  let count = rep ? regs[ECX] >>> 0 : 1;
  if (rep) stepInfo.extraInstructions += count > 0 ? count - 1 : 0;
  while (count > 0) {
    if (opcode === 0xa4 || opcode === 0xa5) writeMem(bus, regs[EDI] >>> 0, size, readMem(mem, regs[ESI] >>> 0, size));
    else if (opcode === 0xaa || opcode === 0xab) writeMem(bus, regs[EDI] >>> 0, size, getReg(cpu, EAX, size));
    else if (opcode === 0x6c || opcode === 0x6d) writeMem(bus, regs[EDI] >>> 0, size, bus.portIn(regs[EDX] & 0xffff, size));
    else if (opcode === 0x6e || opcode === 0x6f) bus.portOut(regs[EDX] & 0xffff, size, readMem(mem, regs[ESI] >>> 0, size));
    else setReg(cpu, EAX, size, readMem(mem, regs[ESI] >>> 0, size));
    const readsEsi = opcode === 0xa4 || opcode === 0xa5 || opcode === 0xac || opcode === 0xad || opcode === 0x6e || opcode === 0x6f;
    const writesEdi = opcode === 0xa4 || opcode === 0xa5 || opcode === 0xaa || opcode === 0xab || opcode === 0x6c || opcode === 0x6d;
    if (readsEsi) regs[ESI] = (regs[ESI] + step) | 0;
    if (writesEdi) regs[EDI] = (regs[EDI] + step) | 0;
    count--;
  }
  if (rep) regs[ECX] = 0;
}

/**
 * cmps ([ESI] - [EDI]) and scas (AL/AX/EAX - [EDI]): flags as sub. repe (F3) repeats while ECX != 0 and ZF = 1,
 * repne (F2) while ECX != 0 and ZF = 0; ECX counts the comparisons made; ECX = 0 compares nothing and keeps the flags.
 */
function compareString(cpu: CpuState, mem: MemoryState, opcode: number, size: number, rep: number): void {
  const regs = cpu.regs;
  const step = (cpu.eflags & DF) !== 0 ? -size : size;
  const cmps = opcode === 0xa6 || opcode === 0xa7;
  let iterations = 0;
  for (;;) {
    if (rep !== 0 && regs[ECX] === 0) break;
    const a = cmps ? readMem(mem, regs[ESI] >>> 0, size) : getReg(cpu, EAX, size);
    sub(a, readMem(mem, regs[EDI] >>> 0, size), 0, size, flagsOut);
    setArith(cpu, flagsOut.flags);
    if (cmps) regs[ESI] = (regs[ESI] + step) | 0;
    regs[EDI] = (regs[EDI] + step) | 0;
    iterations++;
    if (rep === 0) break;
    regs[ECX] = (regs[ECX] - 1) | 0;
    if (((cpu.eflags & ZF) !== 0) !== (rep === 0xf3)) break;
  }
  if (iterations > 1) stepInfo.extraInstructions += iterations - 1;
}

/**
 * mov sreg / pop sreg: loads ES, SS, DS, FS or GS (registers.ts order = ModRM order) through loadDataSegment; a fault
 * leaves everything as it was. Loading SS holds off interrupts for one instruction, like sti (SDM vol. 2, MOV).
 */
function loadSegment(cpu: CpuState, mem: MemoryState, seg: number, selector: number): void {
  const flags = loadDataSegment(cpu, mem, selector, seg === SS);
  if (flags instanceof CpuFault) throw flags;
  cpu.segs[seg] = { selector, flags };
  if (seg === SS) cpu.stiShadow = true;
}

/** pop sreg: the stack pointer moves only when the load succeeds. */
function popSegment(cpu: CpuState, mem: MemoryState, seg: number, size: number): void {
  const selector = readMem(mem, cpu.regs[ESP] >>> 0, size) & 0xffff;
  loadSegment(cpu, mem, seg, selector);
  cpu.regs[ESP] = (cpu.regs[ESP] + size) | 0;
}

/** Two-byte opcodes (0F xx). */
function twoByte(cpu: CpuState, bus: CpuBus, size: number): number {
  const mem = bus.mem;
  const op = fetch8(cpu, mem);
  if (op >= 0x80 && op <= 0x8f) {
    const disp = size === 2 ? signExtend(fetch16(cpu, mem), 2) : fetch32(cpu, mem);
    if (condition(cpu.eflags, op & 15)) jumpRelative(cpu, disp, size);
    return STEP_OK;
  }
  if (op >= 0x90 && op <= 0x9f) {
    decodeModrm(cpu, mem);
    writeRM(cpu, bus, 1, condition(cpu.eflags, op & 15) ? 1 : 0);
    return STEP_OK;
  }
  if (op >= 0x40 && op <= 0x4f) {
    decodeModrm(cpu, mem);
    const v = readRM(cpu, mem, size);
    if (condition(cpu.eflags, op & 15)) setReg(cpu, modReg, size, v);
    return STEP_OK;
  }
  switch (op) {
    case 0x01: {
      decodeModrm(cpu, mem);
      if (eaReg < 0 && modReg === 7) return STEP_OK; // invlpg: paging is off, there is no TLB entry to drop
      if (eaReg >= 0 || modReg > 3) ud();
      const table = modReg === 0 || modReg === 2 ? cpu.gdtr : cpu.idtr;
      if (modReg >= 2) { // lgdt, lidt: 16-bit limit then base (24 bits with a 16-bit operand size)
        const limit = read16(mem, eaAddr);
        const base = read32(mem, (eaAddr + 2) >>> 0) >>> 0;
        table.limit = limit;
        table.base = size === 2 ? base & 0xffffff : base;
      } else {
        writeMem(bus, eaAddr, 2, table.limit);
        writeMem(bus, (eaAddr + 2) >>> 0, 4, table.base);
      }
      return STEP_OK;
    }
    case 0x0b: ud();
    case 0xa0: case 0xa8: push(cpu, bus, size, cpu.segs[op === 0xa0 ? 4 : 5].selector); return STEP_OK; // push fs/gs
    case 0xa1: case 0xa9: popSegment(cpu, mem, op === 0xa1 ? 4 : 5, size); return STEP_OK; // pop fs/gs
    case 0x08: case 0x09: return STEP_OK; // invd, wbinvd: the machine models no caches
    case 0xa2: { // cpuid: QEMU's qemu32 answers (cpuid.ts)
      const [a, b, c, d] = cpuidAnswer(cpu.regs[EAX], cpu.regs[ECX]);
      cpu.regs[EAX] = a; cpu.regs[EBX] = b; cpu.regs[ECX] = c; cpu.regs[EDX] = d;
      return STEP_OK;
    }
    case 0xc8: case 0xc9: case 0xca: case 0xcb: case 0xcc: case 0xcd: case 0xce: case 0xcf: {
      // bswap: always the 32-bit register (QEMU ignores 0x66 here; the SDM calls the 16-bit form undefined)
      const v = cpu.regs[op & 7];
      cpu.regs[op & 7] = ((v & 0xff) << 24) | ((v & 0xff00) << 8) | ((v >>> 8) & 0xff00) | (v >>> 24);
      return STEP_OK;
    }
    case 0xaf: {
      decodeModrm(cpu, mem);
      imulInto(cpu, modReg, getReg(cpu, modReg, size), readRM(cpu, mem, size), size);
      return STEP_OK;
    }
    case 0xb6: case 0xb7: case 0xbe: case 0xbf: {
      decodeModrm(cpu, mem);
      const srcSize = (op & 1) === 0 ? 1 : 2;
      const v = readRM(cpu, mem, srcSize);
      setReg(cpu, modReg, size, op >= 0xbe ? signExtend(v, srcSize) & MASK[size] : v);
      return STEP_OK;
    }
    default: ud();
  }
}

/** Truncating imul (2- and 3-operand forms): CF = OF = the signed result did not fit. */
function imulInto(cpu: CpuState, reg: number, a: number, b: number, size: number): void {
  let low: number, overflow: boolean;
  if (size === 4) {
    const [lo, hi] = mulS32(a, b);
    low = lo; overflow = (hi | 0) !== ((lo | 0) >> 31);
  } else {
    const product = signExtend(a, size) * signExtend(b, size);
    low = product & MASK[size]; overflow = product !== signExtend(low, size);
  }
  setReg(cpu, reg, size, low);
  setArith(cpu, mulFlags(low, overflow, size));
}

/**
 * Executes one instruction at cpu.eip. Returns STEP_OK, STEP_SOFT_INT (stepInfo.vector/nextEip set) or STEP_HALT.
 * Throws CpuFault for #DE and #UD; the caller rewinds EIP to the instruction start before delivering.
 */
export function step(cpu: CpuState, bus: CpuBus): number {
  const mem = bus.mem;
  const regs = cpu.regs;
  let size = 4;
  // 0, or the last of F3 (rep/repe) and F2 (repne): the later one cancels the earlier, as in QEMU's decoder.
  let rep = 0;
  let op = fetch8(cpu, mem);
  // Prefixes: operand size, rep/repne, lock, segment overrides (flat, so no effect).
  for (;;) {
    if (op === 0x66) size = 2;
    else if (op === 0xf3 || op === 0xf2) rep = op;
    else if (op !== 0xf0 && op !== 0x2e && op !== 0x3e && op !== 0x26 && op !== 0x36 && op !== 0x64 && op !== 0x65) break;
    op = fetch8(cpu, mem);
  }
  if (op < 0x40 && (op & 7) < 6) { // the eight ALU operations: r/m,r  r,r/m  acc,imm in 8 and 16/32 bits
    const aluOp = op >> 3;
    const form = op & 7;
    const sz = (form & 1) === 0 ? 1 : size;
    let a: number, b: number;
    if (form < 4) {
      decodeModrm(cpu, mem);
      if (form < 2) { a = readRM(cpu, mem, sz); b = getReg(cpu, modReg, sz); }
      else { a = getReg(cpu, modReg, sz); b = readRM(cpu, mem, sz); }
    } else {
      a = getReg(cpu, EAX, sz); b = fetchImm(cpu, mem, sz);
    }
    const res = alu8ops(aluOp, a, b, cpu.eflags & CF, sz, flagsOut);
    if (aluOp !== 7) {
      if (form < 2) writeRM(cpu, bus, sz, res);
      else if (form < 4) setReg(cpu, modReg, sz, res);
      else setReg(cpu, EAX, sz, res);
    }
    setArith(cpu, flagsOut.flags);
    return STEP_OK;
  }
  switch (op) {
    case 0x0f: return twoByte(cpu, bus, size);
    case 0x40: case 0x41: case 0x42: case 0x43: case 0x44: case 0x45: case 0x46: case 0x47:
    case 0x48: case 0x49: case 0x4a: case 0x4b: case 0x4c: case 0x4d: case 0x4e: case 0x4f: {
      const r = op & 7;
      const res = incDec(getReg(cpu, r, size), op < 0x48 ? 1 : -1, size, flagsOut);
      setReg(cpu, r, size, res);
      cpu.eflags = (cpu.eflags & ~(ARITH_FLAGS & ~CF)) | flagsOut.flags;
      return STEP_OK;
    }
    case 0x50: case 0x51: case 0x52: case 0x53: case 0x54: case 0x55: case 0x56: case 0x57:
      push(cpu, bus, size, getReg(cpu, op & 7, size));
      return STEP_OK;
    case 0x58: case 0x59: case 0x5a: case 0x5b: case 0x5c: case 0x5d: case 0x5e: case 0x5f:
      setReg(cpu, op & 7, size, pop(cpu, mem, size));
      return STEP_OK;
    case 0x60: { // pushad: EAX ECX EDX EBX (original ESP) EBP ESI EDI
      const sp = getReg(cpu, ESP, size);
      for (let r = 0; r < 8; r++) push(cpu, bus, size, r === ESP ? sp : getReg(cpu, r, size));
      return STEP_OK;
    }
    case 0x61: // popad: the saved ESP is skipped
      for (let r = 7; r >= 0; r--) { const v = pop(cpu, mem, size); if (r !== ESP) setReg(cpu, r, size, v); }
      return STEP_OK;
    case 0x68: push(cpu, bus, size, fetchImm(cpu, mem, size)); return STEP_OK;
    case 0x6a: push(cpu, bus, size, signExtend(fetch8(cpu, mem), 1) & MASK[size]); return STEP_OK;
    case 0x69: case 0x6b: {
      decodeModrm(cpu, mem);
      const a = readRM(cpu, mem, size);
      const b = op === 0x69 ? fetchImm(cpu, mem, size) : signExtend(fetch8(cpu, mem), 1) & MASK[size];
      imulInto(cpu, modReg, a, b, size);
      return STEP_OK;
    }
    case 0x70: case 0x71: case 0x72: case 0x73: case 0x74: case 0x75: case 0x76: case 0x77:
    case 0x78: case 0x79: case 0x7a: case 0x7b: case 0x7c: case 0x7d: case 0x7e: case 0x7f: {
      const disp = signExtend(fetch8(cpu, mem), 1);
      if (condition(cpu.eflags, op & 15)) jumpRelative(cpu, disp, size);
      return STEP_OK;
    }
    case 0x80: case 0x81: case 0x83: {
      const sz = op === 0x80 ? 1 : size;
      decodeModrm(cpu, mem);
      const a = readRM(cpu, mem, sz);
      // 83 /n ib: the byte sign-extended to the operand size, as an unsigned value (add/sub compute CF from it).
      const b = op === 0x83 ? (signExtend(fetch8(cpu, mem), 1) & MASK[sz]) >>> 0 : fetchImm(cpu, mem, sz);
      const res = alu8ops(modReg, a, b, cpu.eflags & CF, sz, flagsOut);
      if (modReg !== 7) writeRM(cpu, bus, sz, res);
      setArith(cpu, flagsOut.flags);
      return STEP_OK;
    }
    case 0x84: case 0x85: {
      const sz = op === 0x84 ? 1 : size;
      decodeModrm(cpu, mem);
      logic(readRM(cpu, mem, sz) & getReg(cpu, modReg, sz), sz, flagsOut);
      setArith(cpu, flagsOut.flags);
      return STEP_OK;
    }
    case 0x86: case 0x87: {
      const sz = op === 0x86 ? 1 : size;
      decodeModrm(cpu, mem);
      const a = readRM(cpu, mem, sz);
      writeRM(cpu, bus, sz, getReg(cpu, modReg, sz));
      setReg(cpu, modReg, sz, a);
      return STEP_OK;
    }
    case 0x88: case 0x89: {
      const sz = op === 0x88 ? 1 : size;
      decodeModrm(cpu, mem);
      writeRM(cpu, bus, sz, getReg(cpu, modReg, sz));
      return STEP_OK;
    }
    case 0x8a: case 0x8b: {
      const sz = op === 0x8a ? 1 : size;
      decodeModrm(cpu, mem);
      setReg(cpu, modReg, sz, readRM(cpu, mem, sz));
      return STEP_OK;
    }
    case 0x8c: { // mov r/m16, sreg (reading a selector is harmless; loading one, 8E, is not modelled)
      decodeModrm(cpu, mem);
      if (modReg > 5) ud();
      const order = [0, 1, 2, 3, 4, 5]; // ES CS SS DS FS GS: ModRM order equals registers.ts order
      writeRM(cpu, bus, eaReg >= 0 ? size : 2, cpu.segs[order[modReg]].selector);
      return STEP_OK;
    }
    case 0x8e: { // mov sreg, r/m16 (CS cannot be loaded this way: #UD)
      decodeModrm(cpu, mem);
      if (modReg === CS || modReg > 5) ud();
      loadSegment(cpu, mem, modReg, readRM(cpu, mem, 2));
      return STEP_OK;
    }
    // push es/cs/ss/ds: the selector zero-extended to the operand size (QEMU writes the whole slot)
    case 0x06: case 0x0e: case 0x16: case 0x1e: push(cpu, bus, size, cpu.segs[op >> 3].selector); return STEP_OK;
    case 0x07: case 0x17: case 0x1f: popSegment(cpu, mem, op >> 3, size); return STEP_OK; // pop es/ss/ds
    case 0xea: { // jmp ptr16:32 (far): offset, then selector
      const offset = fetchImm(cpu, mem, size);
      const selector = fetch16(cpu, mem);
      const flags = loadFarJumpTarget(cpu, mem, selector);
      if (flags instanceof CpuFault) throw flags;
      cpu.segs[CS] = { selector: selector & 0xfffc, flags };
      cpu.eip = offset;
      return STEP_OK;
    }
    case 0x8d:
      decodeModrm(cpu, mem);
      if (eaReg >= 0) ud();
      setReg(cpu, modReg, size, eaAddr);
      return STEP_OK;
    case 0x8f: {
      const v = pop(cpu, mem, size);
      decodeModrm(cpu, mem);
      if (modReg !== 0) { cpu.regs[ESP] = (cpu.regs[ESP] - size) | 0; ud(); }
      writeRM(cpu, bus, size, v);
      return STEP_OK;
    }
    case 0x90: return STEP_OK;
    case 0x91: case 0x92: case 0x93: case 0x94: case 0x95: case 0x96: case 0x97: {
      const r = op & 7;
      const a = getReg(cpu, EAX, size);
      setReg(cpu, EAX, size, getReg(cpu, r, size));
      setReg(cpu, r, size, a);
      return STEP_OK;
    }
    case 0x98: // cbw / cwde
      if (size === 2) setReg(cpu, EAX, 2, signExtend(regs[EAX] & 0xff, 1));
      else regs[EAX] = signExtend(regs[EAX] & 0xffff, 2);
      return STEP_OK;
    case 0x99: // cwd / cdq
      if (size === 2) setReg(cpu, EDX, 2, (regs[EAX] & 0x8000) !== 0 ? 0xffff : 0);
      else regs[EDX] = regs[EAX] >> 31;
      return STEP_OK;
    case 0x9c: push(cpu, bus, size, (cpu.eflags & 0xfcffff) & MASK[size]); return STEP_OK;
    case 0x9d: {
      const v = pop(cpu, mem, size);
      const writable = size === 2 ? EFLAGS_WRITABLE & 0xffff : EFLAGS_WRITABLE;
      cpu.eflags = (cpu.eflags & ~writable) | (v & writable) | EFLAGS_FIXED;
      return STEP_OK;
    }
    case 0xa0: case 0xa1: { // mov al/eax, moffs
      const sz = op === 0xa0 ? 1 : size;
      setReg(cpu, EAX, sz, readMem(mem, fetch32(cpu, mem) >>> 0, sz));
      return STEP_OK;
    }
    case 0xa2: case 0xa3: {
      const sz = op === 0xa2 ? 1 : size;
      writeMem(bus, fetch32(cpu, mem) >>> 0, sz, getReg(cpu, EAX, sz));
      return STEP_OK;
    }
    case 0x6c: case 0x6d: case 0x6e: case 0x6f:
    case 0xa4: case 0xa5: case 0xaa: case 0xab: case 0xac: case 0xad:
      stringOp(cpu, bus, op, (op & 1) === 0 ? 1 : size, rep !== 0);
      return STEP_OK;
    case 0xa6: case 0xa7: case 0xae: case 0xaf:
      compareString(cpu, bus.mem, op, (op & 1) === 0 ? 1 : size, rep);
      return STEP_OK;
    case 0x9e: // sahf: SF ZF AF PF CF from AH
      cpu.eflags = (cpu.eflags & ~(ARITH_FLAGS & ~OF)) | ((regs[EAX] >> 8) & (ARITH_FLAGS & ~OF));
      return STEP_OK;
    case 0x9f: // lahf: AH = the low byte of EFLAGS (bit 1 reads as 1, bits 3 and 5 as 0)
      setReg(cpu, 4, 1, (cpu.eflags & (ARITH_FLAGS & ~OF)) | EFLAGS_FIXED);
      return STEP_OK;
    case 0xa8: case 0xa9: {
      const sz = op === 0xa8 ? 1 : size;
      logic(getReg(cpu, EAX, sz) & fetchImm(cpu, mem, sz), sz, flagsOut);
      setArith(cpu, flagsOut.flags);
      return STEP_OK;
    }
    case 0xb0: case 0xb1: case 0xb2: case 0xb3: case 0xb4: case 0xb5: case 0xb6: case 0xb7:
      setReg(cpu, op & 7, 1, fetch8(cpu, mem));
      return STEP_OK;
    case 0xb8: case 0xb9: case 0xba: case 0xbb: case 0xbc: case 0xbd: case 0xbe: case 0xbf:
      setReg(cpu, op & 7, size, fetchImm(cpu, mem, size));
      return STEP_OK;
    case 0xc0: case 0xc1: {
      decodeModrm(cpu, mem);
      const sz = op === 0xc0 ? 1 : size;
      // The count byte follows the ModRM bytes; read it before the operand so EIP is right.
      const count = fetch8(cpu, mem);
      shiftGroup(cpu, bus, sz, count);
      return STEP_OK;
    }
    case 0xd0: case 0xd1: decodeModrm(cpu, mem); shiftGroup(cpu, bus, op === 0xd0 ? 1 : size, 1); return STEP_OK;
    case 0xd2: case 0xd3: decodeModrm(cpu, mem); shiftGroup(cpu, bus, op === 0xd2 ? 1 : size, regs[ECX] & 0xff); return STEP_OK;
    case 0xc2: case 0xc3: {
      const release = op === 0xc2 ? fetch16(cpu, mem) : 0;
      cpu.eip = pop(cpu, mem, size);
      regs[ESP] = (regs[ESP] + release) | 0;
      return STEP_OK;
    }
    case 0xc6: case 0xc7: {
      const sz = op === 0xc6 ? 1 : size;
      decodeModrm(cpu, mem);
      if (modReg !== 0) ud();
      writeRM(cpu, bus, sz, fetchImm(cpu, mem, sz));
      return STEP_OK;
    }
    case 0xc9: // leave
      regs[ESP] = regs[5];
      setReg(cpu, 5, size, pop(cpu, mem, size));
      return STEP_OK;
    case 0xcc:
      stepInfo.vector = 3; stepInfo.nextEip = cpu.eip;
      return STEP_SOFT_INT;
    case 0xcd:
      stepInfo.vector = fetch8(cpu, mem); stepInfo.nextEip = cpu.eip;
      return STEP_SOFT_INT;
    case 0xce: // into: #OF (vector 4) as a trap when OF is set, delivered like int n (QEMU helper_into: is_int = 1)
      if ((cpu.eflags & OF) === 0) return STEP_OK;
      stepInfo.vector = 4; stepInfo.nextEip = cpu.eip;
      return STEP_SOFT_INT;
    case 0xcf: { // iret (same privilege): EIP, CS, EFLAGS
      const sp = regs[ESP];
      const eip = pop(cpu, mem, size);
      const selector = pop(cpu, mem, size) & 0xffff;
      const flags = pop(cpu, mem, size);
      const csFlags = (selector & 3) !== 0 ? new CpuFault(13, selector & 0xfffc) : loadCodeSegment(cpu, mem, selector);
      if (csFlags instanceof CpuFault) { regs[ESP] = sp; throw csFlags; }
      cpu.segs[CS] = { selector, flags: csFlags };
      cpu.eip = eip;
      const writable = size === 2 ? EFLAGS_WRITABLE & 0xffff : EFLAGS_WRITABLE;
      cpu.eflags = (cpu.eflags & ~writable) | (flags & writable) | EFLAGS_FIXED;
      return STEP_OK;
    }
    case 0xe0: case 0xe1: case 0xe2: { // loopne, loope, loop (ECX)
      const disp = signExtend(fetch8(cpu, mem), 1);
      regs[ECX] = (regs[ECX] - 1) | 0;
      const zf = (cpu.eflags & ZF) !== 0;
      if (regs[ECX] !== 0 && (op === 0xe2 || (op === 0xe1 ? zf : !zf))) jumpRelative(cpu, disp, size);
      return STEP_OK;
    }
    case 0xe4: case 0xe5: {
      const sz = op === 0xe4 ? 1 : size;
      setReg(cpu, EAX, sz, bus.portIn(fetch8(cpu, mem), sz));
      return STEP_OK;
    }
    case 0xe6: case 0xe7: {
      const sz = op === 0xe6 ? 1 : size;
      bus.portOut(fetch8(cpu, mem), sz, getReg(cpu, EAX, sz));
      return STEP_OK;
    }
    case 0xec: case 0xed: {
      const sz = op === 0xec ? 1 : size;
      setReg(cpu, EAX, sz, bus.portIn(regs[EDX] & 0xffff, sz));
      return STEP_OK;
    }
    case 0xee: case 0xef: {
      const sz = op === 0xee ? 1 : size;
      bus.portOut(regs[EDX] & 0xffff, sz, getReg(cpu, EAX, sz));
      return STEP_OK;
    }
    case 0xe8: {
      const disp = size === 2 ? signExtend(fetch16(cpu, mem), 2) : fetch32(cpu, mem);
      push(cpu, bus, size, cpu.eip & MASK[size]);
      jumpRelative(cpu, disp, size);
      return STEP_OK;
    }
    case 0xe9: {
      const disp = size === 2 ? signExtend(fetch16(cpu, mem), 2) : fetch32(cpu, mem);
      jumpRelative(cpu, disp, size);
      return STEP_OK;
    }
    case 0xeb: jumpRelative(cpu, signExtend(fetch8(cpu, mem), 1), size); return STEP_OK;
    case 0xf4:
      cpu.halted = true;
      return STEP_HALT;
    case 0xf5: cpu.eflags ^= CF; return STEP_OK;
    case 0xf6: case 0xf7: decodeModrm(cpu, mem); group3(cpu, bus, op === 0xf6 ? 1 : size); return STEP_OK;
    case 0xf8: cpu.eflags &= ~CF; return STEP_OK;
    case 0xf9: cpu.eflags |= CF; return STEP_OK;
    case 0xfa: cpu.eflags &= ~IF; return STEP_OK;
    case 0xfb:
      if ((cpu.eflags & IF) === 0) cpu.stiShadow = true;
      cpu.eflags |= IF;
      return STEP_OK;
    case 0xfc: cpu.eflags &= ~DF; return STEP_OK;
    case 0xfd: cpu.eflags |= DF; return STEP_OK;
    case 0xfe: {
      decodeModrm(cpu, mem);
      if (modReg > 1) ud();
      const res = incDec(readRM(cpu, mem, 1), modReg === 0 ? 1 : -1, 1, flagsOut);
      writeRM(cpu, bus, 1, res);
      cpu.eflags = (cpu.eflags & ~(ARITH_FLAGS & ~CF)) | flagsOut.flags;
      return STEP_OK;
    }
    case 0xff: {
      decodeModrm(cpu, mem);
      switch (modReg) {
        case 0: case 1: {
          const res = incDec(readRM(cpu, mem, size), modReg === 0 ? 1 : -1, size, flagsOut);
          writeRM(cpu, bus, size, res);
          cpu.eflags = (cpu.eflags & ~(ARITH_FLAGS & ~CF)) | flagsOut.flags;
          return STEP_OK;
        }
        case 2: {
          const target = readRM(cpu, mem, size);
          push(cpu, bus, size, cpu.eip & MASK[size]);
          cpu.eip = target;
          return STEP_OK;
        }
        case 4: cpu.eip = readRM(cpu, mem, size); return STEP_OK;
        case 6: push(cpu, bus, size, readRM(cpu, mem, size)); return STEP_OK;
        default: ud();
      }
    }
    default: ud();
  }
}
