/**
 * The block catalogue of boot-kernel: typed, parameterised building pieces the player arranges, and their translation
 * into real assembly (GNU as, `.intel_syntax noprefix`, the subset our assembler shares with binutils) plus the IR the
 * optimizer sees (optimizer.ts).
 *
 * A kernel is a list of blocks. Declarative blocks (multiboot header, entry, stack, panic, exception handlers) place
 * code or data of their own; step blocks (VGA, serial, IDT, PIC, PIT, sti, executor, divide error, assembly) run in
 * list order as the body of `kmain`, which `_start` calls. What is generated only uses instructions the issue lists,
 * so the same text assembles with `as --32` and with ours.
 *
 * Facts used (cited where they are applied): Multiboot 0.6.96 §3.1 (header), §3.2 (machine state: EBX = info
 * structure, ESP undefined), §3.3 (info: mem_upper at offset 8, KiB above 1 MiB); VGA text cell = character byte +
 * attribute byte (fg bits 0–3, bg bits 4–6, blink bit 7); 16550 UART at 0x3F8 (LSR at +5, bit 5 = THR empty);
 * 8259A ICW1–ICW4 and OCW2 EOI (0x20); 8254 PIT at 1193182 Hz, mode 3 command 0x36; i386 32-bit interrupt gate
 * (type 0xE, present, DPL 0 → 0x8E). The code selector in the gates is 0x08: QEMU's Multiboot loader enters with
 * CS = 0x08 and SS = DS = 0x10 (its own flat GDT, seen in `-d int`; the spec leaves the values undefined).
 */
import { MULTIBOOT_HEADER_MAGIC, multibootChecksum } from "./multiboot.ts";
import { optimize } from "./optimizer.ts";

export const VGA_BASE = 0xb8000;
export const VGA_COLUMNS = 80;
export const VGA_ROWS = 25;
export const PIT_HZ = 1193182;
export const COM1 = 0x3f8;
/** CS as QEMU's Multiboot loader leaves it (the gates of our IDT point into it). */
export const LOADER_CODE_SELECTOR = 0x08;
/** Largest text of an assembly block and of the linker script (bytes, as characters of printable ASCII). */
export const MAX_ASM_CHARS = 8192;
export const MAX_SCRIPT_CHARS = 4096;
export const MAX_BLOCKS = 40;

export type StackChoice = "none" | "stack_top" | "stack_bottom";

export type Block =
  | { kind: "multiboot"; flags: number; checksum: "auto" | number }
  | { kind: "entry"; stack: StackChoice }
  | { kind: "stack"; size: number }
  | { kind: "panic"; message: string }
  | { kind: "exception-handler"; vector: number; message: string }
  | { kind: "vga-clear"; fg: number; bg: number }
  | { kind: "vga-text"; text: string; row: number; col: number; fg: number; bg: number; blink: boolean; volatile: boolean }
  | { kind: "memory-info"; row: number; col: number; fg: number; bg: number }
  | { kind: "serial-init" }
  | { kind: "serial-write"; text: string; waitReady: boolean }
  | { kind: "idt"; vectors: number[] }
  | { kind: "divide-error" }
  | { kind: "pic-remap"; master: number; slave: number; masterMask: number; slaveMask: number }
  | { kind: "pit"; hz: number }
  | { kind: "sti" }
  | { kind: "executor"; vector: number; ticks: number; eoi: boolean; message: string }
  | { kind: "asm"; text: string };

export type BlockKind = Block["kind"];

/** How one parameter is validated and shown. */
export type ParamSpec =
  | { type: "int"; min: number; max: number }
  | { type: "bool" }
  | { type: "text"; max: number }
  | { type: "choice"; values: readonly string[] }
  | { type: "checksum" }
  | { type: "vectors" };

interface KindInfo {
  readonly label: string;
  /** Runs as a step of kmain (in list order) rather than placing code or data of its own. */
  readonly step: boolean;
  /** At most one of these per kernel. */
  readonly single: boolean;
  readonly params: Readonly<Record<string, ParamSpec>>;
  /** What a freshly added block of this kind holds. */
  readonly fresh: Block;
}

const COLOUR: ParamSpec = { type: "int", min: 0, max: 15 };
const BACKGROUND: ParamSpec = { type: "int", min: 0, max: 7 };
const LINE: ParamSpec = { type: "text", max: VGA_COLUMNS };

/** The catalogue: every kind, its parameters and its defaults (one table, used by parse, the board and codegen). */
export const KINDS: Readonly<Record<BlockKind, KindInfo>> = {
  "multiboot": { label: "Multiboot header", step: false, single: true,
    params: { flags: { type: "int", min: 0, max: 0xffffffff }, checksum: { type: "checksum" } },
    fresh: { kind: "multiboot", flags: 0, checksum: "auto" } },
  "entry": { label: "Entry _start", step: false, single: true,
    params: { stack: { type: "choice", values: ["none", "stack_top", "stack_bottom"] } },
    fresh: { kind: "entry", stack: "stack_top" } },
  "stack": { label: "Stack in .bss", step: false, single: true,
    params: { size: { type: "int", min: 16, max: 0x100000 } },
    fresh: { kind: "stack", size: 16384 } },
  "panic": { label: "Panic handler", step: false, single: true,
    params: { message: LINE },
    fresh: { kind: "panic", message: "kernel panic: kmain returned" } },
  "exception-handler": { label: "Exception handler", step: false, single: false,
    params: { vector: { type: "int", min: 0, max: 31 }, message: LINE },
    fresh: { kind: "exception-handler", vector: 0, message: "EXCEPTION: DIVIDE ERROR" } },
  "vga-clear": { label: "VGA clear", step: true, single: false,
    params: { fg: COLOUR, bg: BACKGROUND },
    fresh: { kind: "vga-clear", fg: 7, bg: 0 } },
  "vga-text": { label: "VGA text", step: true, single: false,
    params: { text: LINE, row: { type: "int", min: 0, max: VGA_ROWS - 1 }, col: { type: "int", min: 0, max: VGA_COLUMNS - 1 },
      fg: COLOUR, bg: BACKGROUND, blink: { type: "bool" }, volatile: { type: "bool" } },
    fresh: { kind: "vga-text", text: "Hello, World!", row: 0, col: 0, fg: 15, bg: 0, blink: false, volatile: true } },
  "memory-info": { label: "Memory size line", step: true, single: false,
    params: { row: { type: "int", min: 0, max: VGA_ROWS - 1 }, col: { type: "int", min: 0, max: 40 }, fg: COLOUR, bg: BACKGROUND },
    fresh: { kind: "memory-info", row: 1, col: 0, fg: 7, bg: 0 } },
  "serial-init": { label: "Serial init (COM1)", step: true, single: false, params: {}, fresh: { kind: "serial-init" } },
  "serial-write": { label: "Serial write", step: true, single: false,
    params: { text: LINE, waitReady: { type: "bool" } },
    fresh: { kind: "serial-write", text: "[log] hello", waitReady: true } },
  "idt": { label: "IDT + lidt", step: true, single: true,
    params: { vectors: { type: "vectors" } },
    fresh: { kind: "idt", vectors: [] } },
  "divide-error": { label: "Divide by zero", step: true, single: false, params: {}, fresh: { kind: "divide-error" } },
  "pic-remap": { label: "PIC remap", step: true, single: false,
    params: { master: { type: "int", min: 0, max: 0xf8 }, slave: { type: "int", min: 0, max: 0xf8 },
      masterMask: { type: "int", min: 0, max: 0xff }, slaveMask: { type: "int", min: 0, max: 0xff } },
    fresh: { kind: "pic-remap", master: 0x20, slave: 0x28, masterMask: 0xfe, slaveMask: 0xff } },
  "pit": { label: "PIT channel 0", step: true, single: false,
    params: { hz: { type: "int", min: 19, max: PIT_HZ } },
    fresh: { kind: "pit", hz: 100 } },
  "sti": { label: "sti", step: true, single: false, params: {}, fresh: { kind: "sti" } },
  "executor": { label: "Timer executor", step: true, single: true,
    params: { vector: { type: "int", min: 0, max: 255 }, ticks: { type: "int", min: 1, max: 1000 }, eoi: { type: "bool" }, message: LINE },
    fresh: { kind: "executor", vector: 0x20, ticks: 3, eoi: true, message: "[executor] timer task completed" } },
  "asm": { label: "Assembly", step: true, single: false,
    params: { text: { type: "text", max: MAX_ASM_CHARS } },
    fresh: { kind: "asm", text: "nop" } },
};

export const BLOCK_KINDS = Object.keys(KINDS) as BlockKind[];

/** One VGA attribute byte (bits 0–3 foreground, 4–6 background, 7 blink). */
export function vgaAttribute(fg: number, bg: number, blink = false): number {
  return (fg & 15) | ((bg & 7) << 4) | (blink ? 0x80 : 0);
}

/** The IR the optimizer reads: single stores the pass may delete, and opaque code with what it may read. */
export type IrOp =
  | { op: "store"; block: number; addr: number; value: number; volatile: boolean }
  | { op: "code"; block: number; lines: string[]; readsAllMemory: boolean };

/** A build problem found before the assembler runs, pointing at a block. */
export interface BlockError {
  readonly code: string;
  readonly message: string;
  readonly block: number;
}

export interface GeneratedKernel {
  /** The whole kernel as one GNU as source file. */
  readonly source: string;
  /** For each block, the 1-based source lines [first, last] spanning everything it produced. */
  readonly lines: readonly (readonly [number, number])[];
  /** Every stretch of source lines with the block that produced it (assembler errors point back at blocks). */
  readonly segments: readonly { readonly block: number; readonly first: number; readonly last: number }[];
  readonly errors: readonly BlockError[];
  /** kmain's ops before and after the optimizer. */
  readonly ir: readonly IrOp[];
  readonly deleted: number;
}

const hex = (n: number): string => "0x" + (n >>> 0).toString(16);

/** A string as a GNU as `.ascii` operand. */
function asciiLiteral(text: string): string {
  return '"' + text.replace(/[\\"]/g, (c) => "\\" + c).replace(/\n/g, "\\n") + '"';
}

/** Printable ASCII only: what a VGA cell (code page 437 agrees there) and a serial line can carry without surprises. */
export const PRINTABLE = /^[\x20-\x7e]*$/;

class Emitter {
  readonly out: string[] = [".intel_syntax noprefix", ".code32"];
  readonly lines: [number, number][] = [];
  readonly segments: { block: number; first: number; last: number }[] = [];
  private strings = 0;
  readonly rodata: string[] = [];

  /** Emits `body` for block `b` and records the line range. */
  block(b: number, body: readonly string[]): void {
    if (body.length === 0) return;
    const first = this.out.length + 1;
    this.out.push(...body);
    const prev = this.lines[b];
    this.lines[b] = [prev ? prev[0] : first, this.out.length];
    this.segments.push({ block: b, first, last: this.out.length });
  }

  /** A string in .rodata; returns its label. */
  string(text: string): string {
    const label = `str_${this.strings++}`;
    this.rodata.push(`${label}: .ascii ${asciiLiteral(text)}`);
    return label;
  }
}

/** Code for one kmain step block (the optimizer works on these ops). */
function stepOps(b: Block, index: number, e: Emitter, blocks: readonly Block[], errors: BlockError[]): IrOp[] {
  const code = (lines: string[], readsAllMemory = false): IrOp[] => [{ op: "code", block: index, lines, readsAllMemory }];
  switch (b.kind) {
    case "vga-clear": {
      const cell = (vgaAttribute(b.fg, b.bg) << 8) | 0x20;
      return code(["cld", `mov edi, ${hex(VGA_BASE)}`, `mov ecx, ${(VGA_COLUMNS * VGA_ROWS) / 2}`,
        `mov eax, ${hex(((cell << 16) | cell) >>> 0)}`, "rep stosd"]);
    }
    case "vga-text": {
      const start = b.row * VGA_COLUMNS + b.col;
      if (start + b.text.length > VGA_COLUMNS * VGA_ROWS) {
        errors.push({ code: "E_OFF_SCREEN", message: `"${b.text}" at row ${b.row}, column ${b.col} runs past the last cell of the 80×25 screen.`, block: index });
        return [];
      }
      const attr = vgaAttribute(b.fg, b.bg, b.blink);
      return [...b.text].map((ch, i) => ({ op: "store", block: index, addr: VGA_BASE + (start + i) * 2, value: (attr << 8) | ch.charCodeAt(0), volatile: b.volatile }));
    }
    case "memory-info": {
      const prefix = e.string("Memory: ");
      const suffix = e.string("MB detected.");
      const attr = vgaAttribute(b.fg, b.bg);
      // Multiboot §3.3: mem_upper (offset 8) is KiB above 1 MiB; + 1 MiB, rounded to the nearest MiB.
      return code([`lea esi, [${prefix}]`, "mov ecx, 8", `mov edi, ${hex(VGA_BASE + (b.row * VGA_COLUMNS + b.col) * 2)}`, `mov ah, ${hex(attr)}`,
        "call vga_puts", "mov ebx, dword ptr [multiboot_info]", "mov eax, dword ptr [ebx+8]", "add eax, 1536", "shr eax, 10",
        `mov bl, ${hex(attr)}`, "call vga_putdec", `lea esi, [${suffix}]`, "mov ecx, 12", `mov ah, ${hex(attr)}`, "call vga_puts"]);
    }
    case "serial-init":
      // 16550: interrupts off, DLAB on, divisor 3 (38400 baud), 8N1, FIFOs on and cleared, DTR/RTS/OUT2.
      return code([["0x3f9", "0x00"], ["0x3fb", "0x80"], ["0x3f8", "0x03"], ["0x3f9", "0x00"], ["0x3fb", "0x03"], ["0x3fa", "0xc7"], ["0x3fc", "0x0b"]]
        .flatMap(([port, v]) => [`mov al, ${v}`, `mov dx, ${port}`, "out dx, al"]));
    case "serial-write": {
      const label = e.string(b.text + "\n");
      return code([`lea esi, [${label}]`, `mov ecx, ${b.text.length + 1}`, b.waitReady ? "call serial_puts_wait" : "call serial_puts_nowait"]);
    }
    case "idt": {
      const lines: string[] = [];
      for (const v of b.vectors) {
        const handler = handlerFor(blocks, v);
        if (!handler) {
          errors.push({ code: "E_NO_HANDLER", message: `IDT vector ${v} (${hex(v)}) points at no handler: add an exception handler or the executor for it.`, block: index });
          continue;
        }
        const at = `idt_table+${v * 8}`;
        lines.push(`lea eax, [${handler}]`, `mov word ptr [${at}], ax`, `mov word ptr [${at}+2], ${hex(LOADER_CODE_SELECTOR)}`,
          `mov word ptr [${at}+4], 0x8e00`, "shr eax, 16", `mov word ptr [${at}+6], ax`);
      }
      lines.push("lidt [idt_ptr]");
      return code(lines);
    }
    case "divide-error":
      return code(["mov eax, 1", "xor edx, edx", "xor ecx, ecx", "div ecx"]);
    case "pic-remap":
      // ICW1 (edge, cascade, ICW4 needed), ICW2 vector offsets, ICW3 wiring (slave on IRQ2), ICW4 8086 mode, then masks.
      return code([["0x20", "0x11"], ["0xa0", "0x11"], ["0x21", hex(b.master)], ["0xa1", hex(b.slave)], ["0x21", "0x04"], ["0xa1", "0x02"],
        ["0x21", "0x01"], ["0xa1", "0x01"], ["0x21", hex(b.masterMask)], ["0xa1", hex(b.slaveMask)]]
        .flatMap(([port, v]) => [`mov al, ${v}`, `out ${port}, al`]));
    case "pit": {
      const divisor = Math.min(0xffff, Math.max(1, Math.round(PIT_HZ / b.hz)));
      return code(["mov al, 0x36", "out 0x43, al", `mov al, ${hex(divisor & 0xff)}`, "out 0x40, al", `mov al, ${hex(divisor >> 8)}`, "out 0x40, al"]);
    }
    case "sti":
      return code(["sti"]);
    case "executor": {
      const label = e.string(b.message + "\n");
      // sti; hlt: the sti shadow lets hlt start before the tick arrives, so no wake-up is lost.
      return code(["executor_wait:", "sti", "hlt", `cmp dword ptr [timer_ticks], ${b.ticks}`, "jb executor_wait", "cli",
        `lea esi, [${label}]`, `mov ecx, ${b.message.length + 1}`, "call serial_puts_wait"]);
    }
    case "asm":
      return code(b.text.split(/\r?\n/), true);
    default:
      return [];
  }
}

/** The label of the routine an IDT vector should point at, if a block provides one. */
function handlerFor(blocks: readonly Block[], vector: number): string | undefined {
  if (blocks.some((b) => b.kind === "exception-handler" && b.vector === vector)) return `isr_${vector}`;
  if (blocks.some((b) => b.kind === "executor" && b.vector === vector)) return "timer_isr";
  return undefined;
}

/** Shared routines, emitted once: VGA and serial string writers, a decimal printer. */
const ROUTINES = [
  "# vga_puts: esi = string, ecx = length, edi = cell address, ah = attribute",
  "vga_puts:", "mov al, byte ptr [esi]", "mov word ptr [edi], ax", "add edi, 2", "inc esi", "dec ecx", "jnz vga_puts", "ret",
  "# vga_putdec: eax = value, edi = cell address, bl = attribute",
  "vga_putdec:", "xor ecx, ecx", "mov esi, 10",
  "vga_putdec_digit:", "xor edx, edx", "div esi", "add edx, 48", "push edx", "inc ecx", "test eax, eax", "jnz vga_putdec_digit",
  "vga_putdec_out:", "pop eax", "mov ah, bl", "mov word ptr [edi], ax", "add edi, 2", "dec ecx", "jnz vga_putdec_out", "ret",
  "# serial_puts_wait: esi = string, ecx = length; waits for LSR bit 5 (THR empty) before each byte",
  "serial_puts_wait:", "mov dx, 0x3fd",
  "serial_wait_thre:", "in al, dx", "test al, 0x20", "jz serial_wait_thre", "mov dx, 0x3f8", "mov al, byte ptr [esi]", "out dx, al",
  "inc esi", "dec ecx", "jnz serial_puts_wait", "ret",
  "# serial_puts_nowait: the same without looking at LSR (a 16550 drops bytes written while THR is full)",
  "serial_puts_nowait:", "mov dx, 0x3f8", "mov al, byte ptr [esi]", "out dx, al", "inc esi", "dec ecx", "jnz serial_puts_nowait", "ret",
];

/** A message on the bottom VGA row in white on red and on the serial line, then `cli; hlt` forever. */
function reportAndHalt(e: Emitter, label: string, message: string): string[] {
  const s = e.string(message);
  const nl = e.string(message + "\n");
  return [`${label}:`, "cli", `lea esi, [${s}]`, `mov ecx, ${message.length}`, `mov edi, ${hex(VGA_BASE + (VGA_ROWS - 1) * VGA_COLUMNS * 2)}`,
    `mov ah, ${hex(vgaAttribute(15, 4))}`, "call vga_puts", `lea esi, [${nl}]`, `mov ecx, ${message.length + 1}`, "call serial_puts_wait",
    "jmp halt_forever"];
}

/** Generates the kernel source for a block list at an opt-level (0: every store kept; ≥ 1: dead stores deleted). */
export function generate(blocks: readonly Block[], optLevel: number): GeneratedKernel {
  const e = new Emitter();
  const errors: BlockError[] = [];
  for (const [kind, info] of Object.entries(KINDS)) {
    if (info.single && blocks.filter((b) => b.kind === kind).length > 1) {
      errors.push({ code: "E_DUPLICATE_BLOCK", message: `A kernel has at most one ${info.label} block.`, block: blocks.findLastIndex((b) => b.kind === kind) });
    }
  }
  const entryIndex = blocks.findIndex((b) => b.kind === "entry");
  const hasPanic = blocks.some((b) => b.kind === "panic");

  blocks.forEach((b, i) => {
    if (b.kind === "multiboot") {
      const checksum = b.checksum === "auto" ? multibootChecksum(b.flags) : b.checksum >>> 0;
      e.block(i, ['.section .multiboot, "a"', ".align 4", "multiboot_header:", `.long ${hex(MULTIBOOT_HEADER_MAGIC)}`, `.long ${hex(b.flags)}`, `.long ${hex(checksum)}`]);
    } else if (b.kind === "stack") {
      // The stack grows down: ESP starts at stack_top, the highest address.
      e.block(i, [".section .bss", ".align 16", "stack_bottom:", `.skip ${b.size}`, "stack_top:"]);
    }
  });

  // kmain: the step blocks in list order, through the optimizer.
  const raw: IrOp[] = [];
  blocks.forEach((b, i) => { if (KINDS[b.kind].step) raw.push(...stepOps(b, i, e, blocks, errors)); });
  const ir = optimize(raw, optLevel);
  if (entryIndex >= 0) {
    const entry = blocks[entryIndex] as Extract<Block, { kind: "entry" }>;
    e.block(entryIndex, [".section .text", ".global _start", "_start:",
      ...(entry.stack === "none" ? [] : [`lea esp, [${entry.stack}]`]),
      "mov dword ptr [multiboot_info], ebx", "call kmain", ...(hasPanic ? ["jmp panic"] : []),
      "halt_forever:", "cli", "hlt", "jmp halt_forever"]);
  }
  e.block(entryIndex >= 0 ? entryIndex : 0, [".section .text", "kmain:"]);
  for (const op of ir.ops) {
    e.block(op.block, op.op === "store" ? [`mov word ptr [${hex(op.addr)}], ${hex(op.value)}`] : op.readsAllMemory ? [...op.lines, ".section .text"] : op.lines);
  }
  e.block(entryIndex >= 0 ? entryIndex : 0, [".section .text", "ret", ...ROUTINES]);

  blocks.forEach((b, i) => {
    if (b.kind === "panic") e.block(i, [".section .text", ...reportAndHalt(e, "panic", b.message)]);
    else if (b.kind === "exception-handler") e.block(i, [".section .text", ...reportAndHalt(e, `isr_${b.vector}`, b.message)]);
    else if (b.kind === "executor") {
      e.block(i, [".section .text", "timer_isr:", "push eax", "inc dword ptr [timer_ticks]",
        ...(b.eoi ? ["mov al, 0x20", "out 0x20, al"] : []), "pop eax", "iretd"]);
    }
  });

  const base = entryIndex >= 0 ? entryIndex : 0;
  e.block(base, [".section .rodata", ...e.rodata]);
  e.block(base, [".section .data", ".align 4", "idt_ptr:", ".word 2047", ".long idt_table"]);
  e.block(base, [".section .bss", ".align 8", "idt_table:", ".skip 2048", "multiboot_info:", ".skip 4", "timer_ticks:", ".skip 4"]);
  return { source: e.out.join("\n") + "\n", lines: e.lines, segments: e.segments, errors, ir: ir.ops, deleted: ir.deleted };
}

