/**
 * The i386 programmer-visible state the machine models (Intel SDM vol. 1 §3.4, vol. 3 §2.4): eight 32-bit general
 * registers, EIP, EFLAGS, the six segment registers with their cached descriptor flags, GDTR, IDTR and CR0.
 * Plain data: registers are an Int32Array (values read back with >>> 0 where unsigned matters).
 *
 * Segments are flat (base 0, limit 4 GiB) throughout: the Multiboot loader sets them up that way and the assembler has
 * no instruction that loads a data segment register; CS changes only through interrupt gates and iret, which check
 * the selector against the GDT (exceptions.ts).
 */

export const EAX = 0, ECX = 1, EDX = 2, EBX = 3, ESP = 4, EBP = 5, ESI = 6, EDI = 7;
export const REGISTER_NAMES = ["EAX", "ECX", "EDX", "EBX", "ESP", "EBP", "ESI", "EDI"] as const;
export const SEGMENT_NAMES = ["ES", "CS", "SS", "DS", "FS", "GS"] as const;
export const ES = 0, CS = 1, SS = 2, DS = 3, FS = 4, GS = 5;

export interface SegmentRegister {
  selector: number;
  /** The descriptor's high dword as loaded (type, DPL, present, granularity): QEMU prints it in `-d int` dumps. */
  flags: number;
}

export interface DescriptorTableRegister { base: number; limit: number }

export interface CpuState {
  regs: Int32Array;
  eip: number;
  eflags: number;
  segs: SegmentRegister[];
  gdtr: DescriptorTableRegister;
  idtr: DescriptorTableRegister;
  cr0: number;
  /** Stopped in `hlt` until an interrupt. */
  halted: boolean;
  /** `sti` was the previous instruction: interrupts are recognised only after the next one (SDM vol. 2, STI). */
  stiShadow: boolean;
  /** The contributory exception being delivered, -1 if none (QEMU's env->old_exception; double-fault rules). */
  oldException: number;
}

export function createCpu(): CpuState {
  return {
    regs: new Int32Array(8), eip: 0, eflags: 0x2, segs: SEGMENT_NAMES.map(() => ({ selector: 0, flags: 0 })),
    gdtr: { base: 0, limit: 0xffff }, idtr: { base: 0, limit: 0x3ff }, cr0: 0x11, halted: false, stiShadow: false, oldException: -1,
  };
}

export interface RegistersView {
  general: { name: string; value: number }[];
  eip: number; eflags: number; flags: string;
  segments: { name: string; selector: number }[];
  gdtr: DescriptorTableRegister; idtr: DescriptorTableRegister; cr0: number;
}

/** EFLAGS as QEMU's dump writes it: D O S Z A P C, a dash when clear. */
export function flagLetters(eflags: number): string {
  const bit = (mask: number, letter: string) => ((eflags & mask) !== 0 ? letter : "-");
  return bit(1 << 10, "D") + bit(1 << 11, "O") + bit(1 << 7, "S") + bit(1 << 6, "Z") + bit(1 << 4, "A") + bit(1 << 2, "P") + bit(1, "C");
}

export function registersView(cpu: CpuState): RegistersView {
  return {
    general: REGISTER_NAMES.map((name, i) => ({ name, value: cpu.regs[i] >>> 0 })),
    eip: cpu.eip >>> 0, eflags: cpu.eflags >>> 0, flags: flagLetters(cpu.eflags),
    segments: SEGMENT_NAMES.map((name, i) => ({ name, selector: cpu.segs[i].selector })),
    gdtr: { ...cpu.gdtr }, idtr: { ...cpu.idtr }, cr0: cpu.cr0,
  };
}
