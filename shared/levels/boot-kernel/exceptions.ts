/**
 * Interrupt and exception delivery in 32-bit protected mode at CPL 0 (Intel SDM vol. 3 ch. 6 "Interrupt and Exception
 * Handling"; the order of the checks follows QEMU 7.2's do_interrupt_protected and check_exception, because the
 * fault log must agree with `qemu -d int`):
 *
 *  1. vector*8+7 beyond IDTR.limit                        → #GP, error code vector*8+2 (IDT bit set)
 *  2. gate type not 16/32-bit interrupt or trap gate       → #GP(vector*8+2) (task gates are not modelled: same)
 *  3. gate not present                                    → #NP(vector*8+2)
 *  4. gate selector null                                  → #GP(0)
 *  5. selector beyond the GDT limit, in the LDT, not a code segment, or DPL > 0 → #GP(selector & ~3)
 *  6. code segment not present                            → #NP(selector & ~3)
 *  7. push EFLAGS, CS, EIP (and the error code for #DF #TS #NP #SS #GP #PF #AC) on the current stack; clear TF, NT,
 *     RF; an interrupt gate also clears IF (a trap gate leaves it); CS:EIP = the gate's selector:offset.
 *
 * Double and triple faults (SDM Table 6-5, QEMU check_exception): #DE, #TS, #NP, #SS, #GP are contributory; a
 * contributory exception raised while delivering another contributory one becomes #DF (error code 0); any exception
 * raised while delivering #DF is a triple fault: the CPU shuts down and the board resets it. Benign exceptions (#UD,
 * #BP, ...), software `int n` and hardware interrupts do not arm the double-fault rule; a successful delivery disarms it.
 * EXT (bit 0 of the error code) is never set, as in QEMU.
 */

import { type FaultLog, hex, logEntry } from "./fault-log.ts";
import { type MemoryState, read32, write16, write32 } from "./memory.ts";
import { CS, type CpuState, EAX, ESP, flagLetters, REGISTER_NAMES, SEGMENT_NAMES, SS } from "./registers.ts";

export const VECTOR_DE = 0, VECTOR_BP = 3, VECTOR_UD = 6, VECTOR_DF = 8, VECTOR_NP = 11, VECTOR_GP = 13;

export const EXCEPTIONS: readonly { vector: number; mnemonic: string; name: string; errorCode: boolean; contributory: boolean }[] = [
  { vector: 0, mnemonic: "#DE", name: "Divide Error", errorCode: false, contributory: true },
  { vector: 1, mnemonic: "#DB", name: "Debug", errorCode: false, contributory: false },
  { vector: 2, mnemonic: "NMI", name: "Non-maskable Interrupt", errorCode: false, contributory: false },
  { vector: 3, mnemonic: "#BP", name: "Breakpoint", errorCode: false, contributory: false },
  { vector: 4, mnemonic: "#OF", name: "Overflow", errorCode: false, contributory: false },
  { vector: 5, mnemonic: "#BR", name: "BOUND Range Exceeded", errorCode: false, contributory: false },
  { vector: 6, mnemonic: "#UD", name: "Invalid Opcode", errorCode: false, contributory: false },
  { vector: 7, mnemonic: "#NM", name: "Device Not Available", errorCode: false, contributory: false },
  { vector: 8, mnemonic: "#DF", name: "Double Fault", errorCode: true, contributory: false },
  { vector: 9, mnemonic: "", name: "Coprocessor Segment Overrun", errorCode: false, contributory: false },
  { vector: 10, mnemonic: "#TS", name: "Invalid TSS", errorCode: true, contributory: true },
  { vector: 11, mnemonic: "#NP", name: "Segment Not Present", errorCode: true, contributory: true },
  { vector: 12, mnemonic: "#SS", name: "Stack-Segment Fault", errorCode: true, contributory: true },
  { vector: 13, mnemonic: "#GP", name: "General Protection", errorCode: true, contributory: true },
  { vector: 14, mnemonic: "#PF", name: "Page Fault", errorCode: true, contributory: false },
  { vector: 15, mnemonic: "", name: "Reserved", errorCode: false, contributory: false },
  { vector: 16, mnemonic: "#MF", name: "x87 Floating-Point Error", errorCode: false, contributory: false },
  { vector: 17, mnemonic: "#AC", name: "Alignment Check", errorCode: true, contributory: false },
];

function pushesErrorCode(vector: number): boolean {
  return vector >= 0 && vector < EXCEPTIONS.length && EXCEPTIONS[vector].errorCode;
}

function contributory(vector: number): boolean {
  return vector >= 0 && vector < EXCEPTIONS.length && EXCEPTIONS[vector].contributory;
}

/** Thrown by the instruction interpreter; caught by the machine loop, which delivers it. */
export class CpuFault {
  vector: number;
  errorCode: number;
  constructor(vector: number, errorCode = 0) {
    this.vector = vector;
    this.errorCode = errorCode;
  }
}

const DESC_PRESENT = 1 << 15;
const DESC_S = 1 << 12;
const DESC_CODE = 1 << 11;
/** D/B bit: a 32-bit code segment. */
export const DESC_32 = 1 << 22;
/** The part of a descriptor's high dword QEMU keeps in its segment cache (and prints). */
const DESC_CACHE_MASK = 0x00f0ff00;

/**
 * A CS selector's descriptor as an interrupt gate or iret loads it; returns the cached flags or the fault.
 * (SDM vol. 3 §6.12.1.1, QEMU load_segment + the checks after it.)
 */
export function loadCodeSegment(cpu: CpuState, mem: MemoryState, selector: number): number | CpuFault {
  if ((selector & 0xfffc) === 0) return new CpuFault(VECTOR_GP, 0);
  const index = selector & ~7;
  if ((selector & 4) !== 0 || index + 7 > cpu.gdtr.limit) return new CpuFault(VECTOR_GP, selector & 0xfffc);
  const e2 = read32(mem, (cpu.gdtr.base + index + 4) >>> 0);
  if ((e2 & DESC_S) === 0 || (e2 & DESC_CODE) === 0) return new CpuFault(VECTOR_GP, selector & 0xfffc);
  if (((e2 >> 13) & 3) !== 0) return new CpuFault(VECTOR_GP, selector & 0xfffc);
  if ((e2 & DESC_PRESENT) === 0) return new CpuFault(VECTOR_NP, selector & 0xfffc);
  return e2 & DESC_CACHE_MASK;
}

const DESC_ACCESSED = 1 << 8;
const DESC_WRITABLE_OR_READABLE = 1 << 9;
const DESC_CONFORMING = 1 << 10;
export const VECTOR_SS = 12;

/**
 * A data segment register load (mov sreg / pop sreg) at CPL 0, in the order of QEMU 7.2's helper_load_seg: a null
 * selector loads an unusable segment (#GP(0) for SS); then #GP(selector) for the LDT (never loaded here), past the GDT
 * limit, a system descriptor, SS not writable data or with RPL/DPL != 0, execute-only code, a data or non-conforming
 * code segment with DPL < RPL; then #NP (#SS for SS) when not present. The descriptor's accessed bit is set in memory,
 * as the CPU does. Returns the cached flags or the fault. Base and limit are not modelled (segments stay flat).
 */
export function loadDataSegment(cpu: CpuState, mem: MemoryState, selector: number, stack: boolean): number | CpuFault {
  if ((selector & 0xfffc) === 0) return stack ? new CpuFault(VECTOR_GP, 0) : 0;
  const index = selector & ~7;
  const fault = new CpuFault(VECTOR_GP, selector & 0xfffc);
  if ((selector & 4) !== 0 || index + 7 > cpu.gdtr.limit) return fault;
  const at = (cpu.gdtr.base + index + 4) >>> 0;
  const e2 = read32(mem, at);
  if ((e2 & DESC_S) === 0) return fault;
  const rpl = selector & 3;
  const dpl = (e2 >> 13) & 3;
  if (stack) {
    if ((e2 & DESC_CODE) !== 0 || (e2 & DESC_WRITABLE_OR_READABLE) === 0 || rpl !== 0 || dpl !== 0) return fault;
  } else {
    if ((e2 & (DESC_CODE | DESC_WRITABLE_OR_READABLE)) === DESC_CODE) return fault;
    if (((e2 & DESC_CODE) === 0 || (e2 & DESC_CONFORMING) === 0) && dpl < rpl) return fault;
  }
  if ((e2 & DESC_PRESENT) === 0) return new CpuFault(stack ? VECTOR_SS : VECTOR_NP, selector & 0xfffc);
  if ((e2 & DESC_ACCESSED) === 0) write32(mem, at, e2 | DESC_ACCESSED);
  return (e2 | DESC_ACCESSED) & DESC_CACHE_MASK;
}

/**
 * A far jmp's CS load at CPL 0 (QEMU helper_ljmp_protected for a code segment descriptor): loadCodeSegment's checks,
 * plus #GP(selector) for a non-conforming segment named with RPL != 0. CS gets the selector with RPL = CPL = 0.
 * Call gates and TSS descriptors (task switches) are not modelled: #GP(selector) like a bad descriptor.
 */
export function loadFarJumpTarget(cpu: CpuState, mem: MemoryState, selector: number): number | CpuFault {
  const flags = loadCodeSegment(cpu, mem, selector);
  if (flags instanceof CpuFault) return flags;
  if ((selector & 3) !== 0 && (flags & DESC_CONFORMING) === 0) return new CpuFault(VECTOR_GP, selector & 0xfffc);
  return flags;
}

export interface InterruptContext {
  cpu: CpuState;
  mem: MemoryState;
  log: FaultLog;
  /** Instruction count, for log entries. */
  at: number;
}

export type InterruptKind = "exception" | "software" | "hardware";

/** Delivers through the IDT; returns the fault that stopped delivery, or null once CS:EIP is the handler. */
function deliver(ctx: InterruptContext, vector: number, kind: InterruptKind, errorCode: number, returnEip: number): CpuFault | null {
  const { cpu, mem } = ctx;
  const gateError = vector * 8 + 2;
  if (vector * 8 + 7 > cpu.idtr.limit) return new CpuFault(VECTOR_GP, gateError);
  const gateAt = (cpu.idtr.base + vector * 8) >>> 0;
  const lo = read32(mem, gateAt);
  const hi = read32(mem, (gateAt + 4) >>> 0);
  const type = (hi >>> 8) & 0x1f;
  if (type !== 0x06 && type !== 0x07 && type !== 0x0e && type !== 0x0f) return new CpuFault(VECTOR_GP, gateError);
  if ((hi & DESC_PRESENT) === 0) return new CpuFault(VECTOR_NP, gateError);
  const selector = lo >>> 16;
  const csFlags = loadCodeSegment(cpu, mem, selector);
  if (csFlags instanceof CpuFault) return csFlags;
  const gate32 = (type & 0x08) !== 0;
  const withError = kind === "exception" && pushesErrorCode(vector);
  const regs = cpu.regs;
  const push = (value: number) => {
    if (gate32) { regs[ESP] = (regs[ESP] - 4) | 0; write32(mem, regs[ESP] >>> 0, value); }
    else { regs[ESP] = (regs[ESP] & ~0xffff) | ((regs[ESP] - 2) & 0xffff); write16(mem, regs[ESP] >>> 0, value & 0xffff); }
  };
  push(cpu.eflags);
  push(cpu.segs[CS].selector);
  push(returnEip);
  if (withError) push(errorCode);
  cpu.eflags &= ~((1 << 8) | (1 << 14) | (1 << 16) | (1 << 17));
  if ((type & 1) === 0) cpu.eflags &= ~(1 << 9);
  cpu.segs[CS] = { selector, flags: csFlags };
  cpu.eip = gate32 ? ((hi & 0xffff0000) | (lo & 0xffff)) >>> 0 : lo & 0xffff;
  cpu.halted = false;
  return null;
}

function segmentLine(cpu: CpuState, i: number): string {
  const s = cpu.segs[i];
  const f = s.flags;
  let kind = "";
  if ((f & DESC_S) !== 0) {
    if ((f & DESC_CODE) !== 0) kind = ((f & DESC_32) !== 0 ? "CS32" : "CS16") + ` [${(f & (1 << 10)) !== 0 ? "C" : "-"}${(f & (1 << 9)) !== 0 ? "R" : "-"}`;
    else kind = ((f & DESC_32) !== 0 ? "DS  " : "DS16") + ` [${(f & (1 << 10)) !== 0 ? "E" : "-"}${(f & (1 << 9)) !== 0 ? "W" : "-"}`;
    kind += `${(f & (1 << 8)) !== 0 ? "A" : "-"}]`;
  }
  return `${SEGMENT_NAMES[i].padEnd(3)}=${hex(s.selector, 4)} 00000000 ffffffff ${hex(f, 8)} DPL=${(f >> 13) & 3} ${kind}`;
}

/** QEMU's register dump (x86_cpu_dump_state), up to CR0. */
export function cpuDump(cpu: CpuState): string {
  const r = (i: number) => `${REGISTER_NAMES[i]}=${hex(cpu.regs[i], 8)}`;
  return [
    `${r(0)} ${r(3)} ${r(1)} ${r(2)}`,
    `${r(6)} ${r(7)} ${r(5)} ${r(4)}`,
    `EIP=${hex(cpu.eip, 8)} EFL=${hex(cpu.eflags, 8)} [${flagLetters(cpu.eflags)}] CPL=0 II=0 A20=1 SMM=0 HLT=${cpu.halted ? 1 : 0}`,
    ...[0, 1, 2, 3, 4, 5].map((i) => segmentLine(cpu, i)),
    "LDT=0000 00000000 0000ffff 00008200 DPL=0 LDT",
    "TR =0000 00000000 0000ffff 00008b00 DPL=0 TSS32-busy",
    `GDT=     ${hex(cpu.gdtr.base, 8)} ${hex(cpu.gdtr.limit, 8)}`,
    `IDT=     ${hex(cpu.idtr.base, 8)} ${hex(cpu.idtr.limit, 8)}`,
    `CR0=${hex(cpu.cr0, 8)} CR2=00000000 CR3=00000000 CR4=00000000`,
  ].join("\n");
}

function logInterrupt(ctx: InterruptContext, vector: number, kind: InterruptKind, errorCode: number): void {
  const { cpu, log } = ctx;
  const n = log.interruptCount++;
  const line = `${String(n).padStart(6)}: v=${hex(vector, 2)} e=${hex(errorCode, 4)} i=${kind === "software" ? 1 : 0} cpl=0 ` +
    `IP=${hex(cpu.segs[CS].selector, 4)}:${hex(cpu.eip, 8)} pc=${hex(cpu.eip, 8)} SP=${hex(cpu.segs[SS].selector, 4)}:${hex(cpu.regs[ESP], 8)} ` +
    `env->regs[R_EAX]=${hex(cpu.regs[EAX], 8)}`;
  logEntry(log, { kind: kind === "hardware" ? "hardware" : "interrupt", at: ctx.at, vector, text: `${line}\n${cpuDump(cpu)}` });
}

export type DeliveryOutcome = "delivered" | "triple-fault";

/**
 * Raises an exception the way the CPU does (check_exception, then delivery; a fault during delivery is raised in
 * turn). `cpu.eip` must be the faulting instruction (faults) — it is also the return address pushed.
 */
export function raiseException(ctx: InterruptContext, vector: number, errorCode: number): DeliveryOutcome {
  const { cpu, log } = ctx;
  let v = vector, e = errorCode;
  for (;;) {
    logEntry(log, { kind: "check", at: ctx.at, vector: v, text: `check_exception old: 0x${hex(cpu.oldException, 1)} new 0x${hex(v, 1)}` });
    if (cpu.oldException === VECTOR_DF) {
      logEntry(log, { kind: "triple", at: ctx.at, text: "Triple fault" });
      cpu.oldException = -1;
      return "triple-fault";
    }
    if (contributory(cpu.oldException) && contributory(v)) { v = VECTOR_DF; e = 0; }
    if (contributory(v) || v === VECTOR_DF) cpu.oldException = v;
    logInterrupt(ctx, v, "exception", pushesErrorCode(v) ? e : 0);
    const fault = deliver(ctx, v, "exception", e, cpu.eip);
    if (fault === null) { cpu.oldException = -1; return "delivered"; }
    v = fault.vector; e = fault.errorCode;
  }
}

/** `int n` / `int3`: no double-fault check for the interrupt itself; `cpu.eip` is the int instruction. */
export function softwareInterrupt(ctx: InterruptContext, vector: number, nextEip: number): DeliveryOutcome {
  logInterrupt(ctx, vector, "software", 0);
  const fault = deliver(ctx, vector, "software", 0, nextEip);
  if (fault === null) { ctx.cpu.oldException = -1; return "delivered"; }
  return raiseException(ctx, fault.vector, fault.errorCode);
}

/** A PIC interrupt taken between instructions; `cpu.eip` is the next instruction. */
export function hardwareInterrupt(ctx: InterruptContext, vector: number): DeliveryOutcome {
  logEntry(ctx.log, { kind: "hardware", at: ctx.at, vector, text: `Servicing hardware INT=0x${hex(vector, 2)}` });
  logInterrupt(ctx, vector, "hardware", 0);
  const fault = deliver(ctx, vector, "hardware", 0, ctx.cpu.eip);
  if (fault === null) { ctx.cpu.oldException = -1; return "delivered"; }
  return raiseException(ctx, fault.vector, fault.errorCode);
}

export interface IdtGateView {
  vector: number; selector: number; offset: number; type: "interrupt" | "trap" | "interrupt16" | "trap16" | "task" | "invalid";
  present: boolean; dpl: number; beyondLimit: boolean;
}

const GATE_TYPES: Record<number, IdtGateView["type"]> = { 0x05: "task", 0x06: "interrupt16", 0x07: "trap16", 0x0e: "interrupt", 0x0f: "trap" };

/** The IDT as gates (the board's IDT panel): vectors 0..count-1, with those beyond IDTR.limit flagged. */
export function idtView(cpu: CpuState, mem: MemoryState, count = 48): IdtGateView[] {
  const out: IdtGateView[] = [];
  for (let vector = 0; vector < count; vector++) {
    const at = (cpu.idtr.base + vector * 8) >>> 0;
    const lo = read32(mem, at), hi = read32(mem, (at + 4) >>> 0);
    out.push({
      vector, selector: lo >>> 16, offset: ((hi & 0xffff0000) | (lo & 0xffff)) >>> 0,
      type: GATE_TYPES[(hi >>> 8) & 0x1f] ?? "invalid", present: (hi & DESC_PRESENT) !== 0, dpl: (hi >> 13) & 3,
      beyondLimit: vector * 8 + 7 > cpu.idtr.limit,
    });
  }
  return out;
}
