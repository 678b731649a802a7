/**
 * The whole PC as plain data, and the loop that runs it: CPU (cpu.ts), RAM (memory.ts), PICs, PIT, COM1, VGA, the
 * isa-debug-exit port, the fault log, and the board-level behaviour QEMU shows around them:
 *  - time: machine time advances one unit per instruction (pit.ts defines the clock); `hlt` with IF = 1 jumps to the
 *    next PIT interrupt instead of spinning;
 *  - `hlt` that can never wake (IF = 0, or no unmasked interrupt source left) is "halted forever": the run stops;
 *  - a triple fault resets the machine and the loader boots the same image again (QEMU without -no-reboot); after
 *    `resetLimit` resets the run stops as a reboot loop. With `noReboot` (QEMU -no-reboot) the machine shuts down;
 *  - a write v to port 0xF4 stops the run with exit status (v << 1) | 1, as QEMU's isa-debug-exit.
 * Serial output and the fault log survive resets (QEMU's stdout and -D log file do); RAM, devices and the screen do not.
 * Deterministic: the same image and budgets give the same state, in Node and in browsers.
 */

import { fail, ok, type Result } from "../../engine/errors.ts";
import { IF } from "./alu.ts";
import { type CpuBus, step, STEP_HALT, STEP_SOFT_INT, stepInfo } from "./cpu.ts";
import { CpuFault, DESC_32, type DeliveryOutcome, hardwareInterrupt, type InterruptContext, raiseException, softwareInterrupt } from "./exceptions.ts";
import { createFaultLog, type FaultLog, type FaultLogEntry, logEntry } from "./fault-log.ts";
import { type BootInfo, loadMultiboot } from "./loader.ts";
import { type MemoryState } from "./memory.ts";
import { acknowledge, createPic, irqCanArrive, picHasInterrupt, type PicState, raiseIrq } from "./pic.ts";
import { createPit, pitFire, type PitState } from "./pit.ts";
import { portIn, portOut, type PortEffects } from "./ports.ts";
import { CS, type CpuState, ESP } from "./registers.ts";
import { createUart, type UartState } from "./uart.ts";
import { createVga, vgaCells, vgaLinesFromCells, type VgaState } from "./vga.ts";

export type MachineStatus = "running" | "exited" | "halted-forever" | "shutdown" | "reboot-loop" | "unsupported";

export interface MachineOptions {
  /** QEMU -no-reboot: a triple fault shuts the machine down instead of resetting it. */
  noReboot?: boolean;
  /** Resets before the run is called a reboot loop. */
  resetLimit?: number;
  memoryMiB?: number;
  /** The -kernel argument QEMU would be given (it becomes the Multiboot command line). */
  kernelName?: string;
}

export interface PcState {
  cpu: CpuState;
  mem: MemoryState;
  pic: PicState;
  pit: PitState;
  uart: UartState;
  vga: VgaState;
  boot: BootInfo;
  faults: FaultLog;
  /** Instructions executed since power-on (all boots). */
  instructions: number;
  /** Machine time in instruction units (instructions plus time skipped in hlt). */
  time: number;
  vgaWrites: number;
  status: MachineStatus;
  /** Why the run stopped on "unsupported" (something this model does not implement). */
  statusDetail: string;
  /** QEMU's exit status after an isa-debug-exit write ((v << 1) | 1, as the shell sees it: & 0xff), else null. */
  exitCode: number | null;
  /** The value written to port 0xF4. */
  exitValue: number | null;
  resets: number;
  resetLimit: number;
  noReboot: boolean;
  /** The ELF, kept so a reset can load it again. */
  image: Uint8Array;
  memoryMiB: number;
  kernelName: string;
}

export interface RunEvents {
  /** Instructions executed in this run. */
  executed: number;
  /** Serial bytes transmitted in this run (Latin-1). */
  serial: string;
  vgaWrites: number;
  /** Fault-log entries added in this run. */
  faults: FaultLogEntry[];
  resets: number;
  stop: "budget" | Exclude<MachineStatus, "running">;
  exitCode: number | null;
  haltedForever: boolean;
}

export const DEFAULT_RESET_LIMIT = 3;

export function createMachine(elf: Uint8Array, options: MachineOptions = {}): Result<PcState> {
  const memoryMiB = options.memoryMiB ?? 128;
  const kernelName = options.kernelName ?? "kernel.elf";
  const loaded = loadMultiboot(elf, memoryMiB, kernelName);
  if (!loaded.ok) return fail(loaded.error.code, loaded.error.message);
  const { cpu, mem, boot } = loaded.value;
  return ok({
    cpu, mem, boot, pic: createPic(), pit: createPit(0), uart: createUart(), vga: createVga(), faults: createFaultLog(),
    instructions: 0, time: 0, vgaWrites: 0, status: "running", statusDetail: "", exitCode: null, exitValue: null,
    resets: 0, resetLimit: options.resetLimit ?? DEFAULT_RESET_LIMIT, noReboot: options.noReboot ?? false,
    image: elf, memoryMiB, kernelName,
  });
}

/** A triple fault: shutdown (-no-reboot) or reset and boot the image again. */
function tripleFault(pc: PcState): void {
  if (pc.noReboot) {
    pc.status = "shutdown";
    return;
  }
  pc.resets++;
  logEntry(pc.faults, { kind: "reset", at: pc.instructions, text: "CPU Reset (CPU 0)" });
  if (pc.resets > pc.resetLimit) {
    pc.status = "reboot-loop";
    return;
  }
  const loaded = loadMultiboot(pc.image, pc.memoryMiB, pc.kernelName);
  if (!loaded.ok) { pc.status = "unsupported"; pc.statusDetail = loaded.error.message; return; }
  const output = pc.uart.output;
  pc.cpu = loaded.value.cpu;
  pc.mem = loaded.value.mem;
  pc.boot = loaded.value.boot;
  pc.pic = createPic();
  pc.pit = createPit(pc.time);
  pc.uart = createUart();
  pc.uart.output = output;
  pc.vga = createVga();
}

/** Can anything ever wake a halted CPU (IF set and an interrupt pending or the PIT able to reach it)? */
function wakeTime(pc: PcState): number {
  if ((pc.cpu.eflags & IF) === 0) return -1;
  if (picHasInterrupt(pc.pic)) return pc.time;
  if (pc.pit.nextIrqAt >= 0 && irqCanArrive(pc.pic, 0)) return Math.max(pc.pit.nextIrqAt, pc.time);
  return -1;
}

/**
 * Runs until the instruction budget is spent or the machine stops (exit, halted forever, shutdown, reboot loop).
 * Mutates `pc`; returns what happened during this run.
 */
export function runMachine(pc: PcState, budget: { instructions: number }): RunEvents {
  const startInstructions = pc.instructions;
  const startSerial = pc.uart.output.length;
  const startResets = pc.resets;
  const startVga = pc.vgaWrites;
  const startFaults = pc.faults.total;
  const end = pc.instructions + Math.max(0, Math.floor(budget.instructions));
  const fx: PortEffects = { debugExit: -1, serialBytes: 0, picTouched: false };
  const bus: CpuBus = {
    mem: pc.mem,
    portIn: (port, size) => portIn(pc, port, size, pc.time),
    portOut: (port, size, value) => portOut(pc, port, size, value, pc.time, pc.instructions, fx),
    vgaWritten: () => { pc.vgaWrites++; },
  };
  const ctx: InterruptContext = { cpu: pc.cpu, mem: pc.mem, log: pc.faults, at: 0 };
  const settle = (outcome: DeliveryOutcome) => {
    if (outcome === "triple-fault") {
      tripleFault(pc);
      bus.mem = pc.mem; ctx.cpu = pc.cpu; ctx.mem = pc.mem;
    } else if ((pc.cpu.segs[CS].flags & DESC_32) === 0) {
      pc.status = "unsupported";
      pc.statusDetail = `CS = 0x${pc.cpu.segs[CS].selector.toString(16)} is a 16-bit code segment; only 32-bit code is modelled.`;
    }
  };

  while (pc.status === "running" && pc.instructions < end) {
    const cpu = pc.cpu;
    if (pc.pit.nextIrqAt >= 0 && pc.time >= pc.pit.nextIrqAt && pitFire(pc.pit)) raiseIrq(pc.pic, 0);
    if (cpu.stiShadow) cpu.stiShadow = false;
    else if ((cpu.eflags & IF) !== 0 && picHasInterrupt(pc.pic)) {
      ctx.at = pc.instructions;
      settle(hardwareInterrupt(ctx, acknowledge(pc.pic)));
      continue;
    }
    if (cpu.halted) {
      const wake = wakeTime(pc);
      if (wake < 0) { pc.status = "halted-forever"; break; }
      pc.time = Math.max(pc.time, wake);
      continue;
    }
    const start = cpu.eip;
    stepInfo.extraInstructions = 0;
    let result: number;
    try {
      result = step(cpu, bus);
    } catch (e) {
      if (!(e instanceof CpuFault)) throw e;
      cpu.eip = start;
      pc.instructions++;
      pc.time++;
      ctx.at = pc.instructions;
      settle(raiseException(ctx, e.vector, e.errorCode));
      continue;
    }
    pc.instructions += 1 + stepInfo.extraInstructions;
    pc.time += 1 + stepInfo.extraInstructions;
    if (result === STEP_SOFT_INT) {
      const next = stepInfo.nextEip;
      cpu.eip = start;
      ctx.at = pc.instructions;
      settle(softwareInterrupt(ctx, stepInfo.vector, next));
    } else if (result === STEP_HALT && (cpu.eflags & IF) === 0) {
      pc.status = "halted-forever";
    }
    if (fx.debugExit >= 0) {
      pc.exitValue = fx.debugExit;
      pc.exitCode = ((fx.debugExit << 1) | 1) & 0xff;
      pc.status = "exited";
    }
  }
  return {
    executed: pc.instructions - startInstructions,
    serial: pc.uart.output.slice(startSerial),
    vgaWrites: pc.vgaWrites - startVga,
    faults: pc.faults.entries.slice(Math.max(0, pc.faults.entries.length - (pc.faults.total - startFaults))),
    resets: pc.resets - startResets,
    stop: pc.status === "running" ? "budget" : pc.status,
    exitCode: pc.exitCode,
    haltedForever: pc.status === "halted-forever",
  };
}

/** 25 lines of 80 characters, trailing spaces kept. */
export function vgaText(pc: PcState): string[] {
  return vgaLinesFromCells(vgaCells(pc.mem));
}

export function serialOutput(pc: PcState): string {
  return pc.uart.output;
}

export interface StackView { esp: number; low: number; high: number; depth: number; inRange: boolean }

/** Stack depth against the kernel's stack symbols (the level passes e.g. stack_bottom..stack_top). */
export function stackView(pc: PcState, range: { low: number; high: number }): StackView {
  const esp = pc.cpu.regs[ESP] >>> 0;
  const inRange = esp >= range.low && esp <= range.high;
  return { esp, low: range.low, high: range.high, depth: inRange ? range.high - esp : 0, inRange };
}
