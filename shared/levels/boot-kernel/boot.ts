/**
 * One boot of a player's kernel: blocks → source (blocks.ts, optimizer.ts) → the project's assembler and linker →
 * the Multiboot loader and the i386 machine for an instruction budget → the small views the level keeps (the
 * machine itself is dropped) and the BootReport the stage goals read.
 */
import type { KernelSource } from "./actions.ts";
import { generate, type GeneratedKernel } from "./blocks.ts";
import { buildKernel, type LinkedKernel } from "./linker.ts";
import { createMachine, runMachine, serialOutput, stackView, vgaText, type PcState } from "./machine.ts";
import type { BootReport } from "./stages.ts";
import { vgaCells, vgaCursor } from "./vga.ts";
import { registersView } from "./registers.ts";
import { faultLogText } from "./fault-log.ts";
import { idtView } from "./exceptions.ts";
import { picView } from "./pic.ts";
import { pitView } from "./pit.ts";

export interface BuildError {
  code: string;
  message: string;
  /** The block the error points at, when known. */
  block?: number;
  /** The line in the generated kernel.s, and within the block's own text (an assembly block's line). */
  line?: number;
  blockLine?: number;
  column?: number;
}

export interface BuildSummary {
  ok: boolean;
  errors: BuildError[];
  /** Stores the optimizer deleted. */
  deleted: number;
  map: { name: string; addr: number; size: number }[];
  symbols: { name: string; addr: number }[];
  sizes: { text: number; data: number; bss: number };
}

export interface BootView {
  loaderError: string;
  vga: string[];
  /** Per row, 80 attribute bytes as 160 hex digits. */
  attributes: string[];
  serial: string;
  /** The CRTC text cursor (the BIOS leaves it under its last line; kernels may move it). */
  cursor: { row: number; column: number; visible: boolean } | null;
  faults: string[];
  /** Vectors delivered (exceptions and hardware interrupts), in order, as the `v=` lines of the fault log. */
  exceptions: number[];
  /** Exceptions raised (QEMU's check_exception lines). */
  faultCount: number;
  /** Why the run stopped: budget, halted-forever, reboot-loop, exited, shutdown, unsupported. */
  stop: string;
  registers: Record<string, number>;
  idt: { vector: number; selector: number; handler: number; type: string; present: boolean }[];
  pic: unknown;
  pit: unknown;
  resets: number;
  exitCode: number | null;
  instructions: number;
  esp: number;
  stackDepth: number;
  haltedForever: boolean;
  verdict: { met: boolean; text: string; misconception?: string } | null;
}

/** Fault-log lines the board keeps (the newest). */
const KEEP_FAULT_LINES = 60;
const SERIAL_KEEP = 4096;

/** The block that produced source line `line`, and the line's place within what that block produced. */
function blockAt(segments: GeneratedKernel["segments"], line: number): { block: number; blockLine: number } | undefined {
  const s = segments.find((seg) => line >= seg.first && line <= seg.last);
  return s ? { block: s.block, blockLine: line - s.first + 1 } : undefined;
}

function summarize(k: LinkedKernel, deleted: number): BuildSummary {
  const sizeOf = (pred: (name: string) => boolean) => k.image.sections.filter((s) => pred(s.name)).reduce((n, s) => n + s.size, 0);
  return {
    ok: true, errors: [], deleted,
    map: k.image.sections.filter((s) => s.addr !== 0 || s.size !== 0).filter((s) => s.name.startsWith(".") && !s.name.endsWith("tab")).map((s) => ({ name: s.name, addr: s.addr, size: s.size })),
    symbols: k.image.symbols.filter((s) => s.global || /^(stack_|multiboot|kmain|idt_)/.test(s.name)).map((s) => ({ name: s.name, addr: s.value >>> 0 })),
    sizes: { text: sizeOf((n) => n === ".text" || n === ".multiboot"), data: sizeOf((n) => n === ".data" || n === ".rodata"), bss: sizeOf((n) => n === ".bss") },
  };
}

export function buildAndBoot(k: KernelSource, budget: number): { build: BuildSummary; boot?: BootView; report?: BootReport; elf?: Uint8Array } {
  const g = generate(k.blocks, k.optLevel);
  const empty = { deleted: g.deleted, map: [], symbols: [], sizes: { text: 0, data: 0, bss: 0 } };
  if (g.errors.length > 0) return { build: { ok: false, errors: g.errors.map((e) => ({ ...e })), ...empty } };
  const linked = buildKernel([{ name: "kernel.s", text: g.source }], k.linkerScript);
  if (!linked.ok) {
    const e = linked.error as { code: string; message: string; line?: number; column?: number };
    const at = e.line !== undefined ? blockAt(g.segments, e.line) : undefined;
    return { build: { ok: false, errors: [{ code: e.code, message: e.message, ...(at ?? {}), ...(e.line !== undefined ? { line: e.line } : {}), ...(e.column !== undefined ? { column: e.column } : {}) }], ...empty } };
  }
  const build = summarize(linked.value, g.deleted);
  const stackBottom = build.symbols.find((s) => s.name === "stack_bottom")?.addr ?? 0;
  const stackTop = build.symbols.find((s) => s.name === "stack_top")?.addr ?? 0;
  const machine = createMachine(linked.value.elf, { kernelName: "kernel.elf" });
  if (!machine.ok) {
    const boot = emptyBoot(machine.error.message);
    return { build, boot, report: reportOf(boot, [], stackBottom, stackTop), elf: linked.value.elf };
  }
  const pc = machine.value;
  const run = runMachine(pc, { instructions: budget });
  const boot = viewOf(pc, run.stop, stackBottom, stackTop);
  const cells = vgaCells(pc.mem);
  const attributes = Array.from({ length: 2000 }, (_, i) => cells[i * 2 + 1]!);
  return { build, boot, report: reportOf(boot, attributes, stackBottom, stackTop), elf: linked.value.elf };
}

function emptyBoot(loaderError: string): BootView {
  return { loaderError, vga: [], attributes: [], serial: "", cursor: null, faults: [], exceptions: [], faultCount: 0, stop: "loader", registers: {}, idt: [], pic: null, pit: null,
    resets: 0, exitCode: null, instructions: 0, esp: 0, stackDepth: 0, haltedForever: false, verdict: null };
}

function viewOf(pc: PcState, stop: string, stackBottom: number, stackTop: number): BootView {
  const cells = vgaCells(pc.mem);
  const attributes: string[] = [];
  for (let row = 0; row < 25; row++) {
    let line = "";
    for (let col = 0; col < 80; col++) line += cells[(row * 80 + col) * 2 + 1]!.toString(16).padStart(2, "0");
    attributes.push(line);
  }
  const regs = registersView(pc.cpu);
  const registers: Record<string, number> = { EIP: regs.eip, EFLAGS: regs.eflags };
  for (const r of regs.general) registers[r.name] = r.value;
  const stack = stackView(pc, { low: stackBottom, high: stackTop });
  const serial = serialOutput(pc);
  return {
    loaderError: "", vga: vgaText(pc), attributes, serial: serial.length > SERIAL_KEEP ? serial.slice(-SERIAL_KEEP) : serial,
    cursor: (({ row, column, visible }) => ({ row, column, visible }))(vgaCursor(pc.vga)),
    faults: faultLogText(pc.faults).split("\n").slice(-KEEP_FAULT_LINES),
    exceptions: pc.faults.entries.filter((e) => e.vector !== undefined && (e.kind === "interrupt" || (e.kind === "hardware" && e.text.startsWith("Servicing"))))
      .map((e) => e.vector!),
    faultCount: pc.faults.entries.filter((e) => e.kind === "check").length,
    stop,
    registers,
    idt: idtView(pc.cpu, pc.mem).filter((g) => g.present || g.type !== "invalid")
      .map((g) => ({ vector: g.vector, selector: g.selector, handler: g.offset, type: g.type, present: g.present })),
    pic: picView(pc.pic), pit: pitView(pc.pit),
    resets: pc.resets, exitCode: pc.exitCode, instructions: pc.instructions,
    esp: stack.esp, stackDepth: stack.depth,
    haltedForever: stop === "halted-forever" && (pc.cpu.eflags & 0x200) === 0,
    verdict: null,
  };
}

function reportOf(b: BootView, attributes: number[], stackBottom: number, stackTop: number): BootReport {
  return { loaderError: b.loaderError, vga: b.vga, attributes, serial: b.serial, resets: b.resets, exceptions: b.exceptions,
    haltedForever: b.haltedForever, esp: b.esp, stackBottom, stackTop };
}
