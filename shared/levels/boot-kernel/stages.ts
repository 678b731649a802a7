/**
 * The boot-kernel ladder (DESIGN.md Level 5, issue 8; digest §A5, never its errata §F): per stage the kernel the
 * player is handed (blocks, linker script, opt-level), what the player may change, the goal checked on a boot, and
 * the texts. Facts behind the traps were measured on Debian's QEMU 7.2 (`qemu-system-i386 -kernel`, -m 128):
 *  - a missing, misplaced (beyond 8 KiB) or badly summed header: QEMU says
 *    "Error loading uncompressed kernel without PVH ELF Note" and exits with status 1;
 *  - a kernel linked below 1 MiB is loaded there without complaint, but QEMU writes the Multiboot info structure at
 *    0x9500 and a .bss covering it is zero-filled: mem_upper reads 0 (a 64 KiB stack from 0x3000 is enough);
 *  - ESP at entry is 0x6f08, the loader's own stack (the spec says undefined);
 *  - mem_lower = 639, mem_upper = 129920 KiB, so (mem_upper + 1024 KiB) rounded to the nearest MiB = 128 MB;
 *  - CS = 0x08, DS = SS = 0x10 at entry; an all-zero IDT entry is not a valid gate: #GP, then #DF, then reset.
 */
import type { MetricInfo, StageInfo } from "../../engine/level.ts";
import { type Block, vgaAttribute } from "./blocks.ts";

/** What the level learned from one boot, in the terms the goals need (index.ts fills it from the machine). */
export interface BootReport {
  /** The loader refused the file (QEMU's words), or "". */
  readonly loaderError: string;
  /** 25 rows of 80 characters. */
  readonly vga: readonly string[];
  /** Attribute byte of every cell, row-major (2000 entries). */
  readonly attributes: readonly number[];
  readonly serial: string;
  /** Triple faults (each a reset). */
  readonly resets: number;
  /** Exceptions delivered (vector numbers, in order). */
  readonly exceptions: readonly number[];
  /** The CPU sits in `hlt` with IF = 0: it can never wake again. */
  readonly haltedForever: boolean;
  readonly esp: number;
  /** The kernel's own stack, from its symbols (0 when it has none). */
  readonly stackBottom: number;
  readonly stackTop: number;
}

export interface StageSetup {
  readonly blocks: readonly Block[];
  readonly linkerScript: string;
  readonly optLevel: number;
  /** The player may add, remove and reorder blocks (otherwise only parameters and the script change). */
  readonly structure: boolean;
  readonly optLocked: boolean;
  /** Boot budget in instructions. */
  readonly budget: number;
}

/** Why a boot did not meet the goal, with the misconception class it shows; undefined when the goal is met. */
export interface GoalGap {
  readonly text: string;
  readonly misconception?: string;
}

export const METRICS = {
  instructions: { key: "instructions", label: "Instructions to goal", unit: "count", better: "lower" },
  textBytes: { key: "textBytes", label: ".text bytes", unit: "bytes", better: "lower" },
  dataBytes: { key: "dataBytes", label: ".data + .rodata bytes", unit: "bytes", better: "lower" },
  bssBytes: { key: "bssBytes", label: ".bss bytes", unit: "bytes", better: "lower" },
  faults: { key: "faults", label: "Faults before success", unit: "count", better: "lower" },
  builds: { key: "builds", label: "Builds", unit: "count", better: "lower" },
} as const satisfies Record<string, MetricInfo>;

const ALL_METRICS: readonly MetricInfo[] = Object.values(METRICS);

/** The linker script of a sound kernel: loaded at 1 MiB, the Multiboot header first in .text. */
export const GOOD_SCRIPT = `ENTRY(_start)
SECTIONS
{
  . = 1M;
  .text BLOCK(4K) : ALIGN(4K)
  {
    KEEP(*(.multiboot))
    *(.text)
  }
  .rodata BLOCK(4K) : ALIGN(4K)
  {
    *(.rodata)
  }
  .data BLOCK(4K) : ALIGN(4K)
  {
    *(.data)
  }
  .bss BLOCK(4K) : ALIGN(4K)
  {
    *(COMMON)
    *(.bss)
  }
}
`;

/** Stage 1's script: the header got its own output section at the end, 16 KiB into the file. */
export const HEADER_LAST_SCRIPT = GOOD_SCRIPT
  .replace("    KEEP(*(.multiboot))\n", "")
  .replace(/\n}\n$/, "\n  .multiboot BLOCK(4K) : ALIGN(4K)\n  {\n    KEEP(*(.multiboot))\n  }\n}\n");

/** Stage 2's script: everything linked from address 0. */
export const LINKED_AT_ZERO_SCRIPT = GOOD_SCRIPT.replace(". = 1M;", ". = 0;");

const header = (flags = 0, checksum: "auto" | number = "auto"): Block => ({ kind: "multiboot", flags, checksum });
const entry = (stack: "none" | "stack_top" | "stack_bottom" = "stack_top"): Block => ({ kind: "entry", stack });
const stack = (size = 16384): Block => ({ kind: "stack", size });
const clear: Block = { kind: "vga-clear", fg: 7, bg: 0 };
const text = (t: string, row: number, fg = 7, bg = 0, volatile = true, blink = false): Block =>
  ({ kind: "vga-text", text: t, row, col: 0, fg, bg, blink, volatile });
const memory = (row: number): Block => ({ kind: "memory-info", row, col: 0, fg: 7, bg: 0 });

/** The lines the last stage's banner shows (digest §A5, [A]'s `cargo boot` output). */
export const BANNER = ["RUST KERNEL v0.1.0", "Hardware initialized.", "Memory: 128MB detected.", "VGA Buffer Initialized at 0xb8000.",
  "Writing 'Hello, World!' to screen...", "Hello, World!"];
export const TASK_DONE = "[executor] timer task completed";

interface StageText extends Omit<StageInfo, "id" | "tickMs" | "metrics"> {
  readonly setup: StageSetup;
  /** undefined when the boot meets the goal. */
  readonly check: (r: BootReport, blocks: readonly Block[]) => GoalGap | undefined;
}

const hasLine = (r: BootReport, line: string): boolean => r.vga.some((row) => row.trimEnd() === line || row.includes(line));

/** Checks every stage shares: the loader took the file, the machine did not reset. */
function booted(r: BootReport): GoalGap | undefined {
  if (r.loaderError) {
    const misconception = /PVH/.test(r.loaderError) ? "no multiboot header" : "bad load address";
    return { text: `The loader refused the kernel: ${r.loaderError}`, misconception };
  }
  if (r.resets > 0) return { text: `The machine reset ${r.resets} time(s): a fault while delivering a double fault is a triple fault.`, misconception: "triple fault" };
  return undefined;
}

const showsLine = (line: string, misconception?: string) => (r: BootReport): GoalGap | undefined =>
  booted(r) ?? (hasLine(r, line) ? undefined : { text: `The screen does not show "${line}".`, ...(misconception ? { misconception } : {}) });

function rowAttributes(r: BootReport, line: string): number[] {
  const row = r.vga.findIndex((l) => l.includes(line));
  if (row < 0) return [];
  const col = r.vga[row]!.indexOf(line);
  return r.attributes.slice(row * 80 + col, row * 80 + col + line.length);
}

const HELLO_ATTR = vgaAttribute(14, 1);

const TEXTS: readonly StageText[] = [
  {
    title: "Find the header",
    goal: "Make QEMU's Multiboot loader find a valid header so the kernel prints \"Booted.\" on the screen.",
    concept: "A Multiboot v1 header is the magic 0x1BADB002, flags and a checksum with magic + flags + checksum = 0 (mod 2^32), 4-byte aligned in the first 8192 bytes of the file.",
    hints: [
      "QEMU only scans the first 8 KiB of the file. Where does the linker script put the .multiboot section?",
      "Move KEEP(*(.multiboot)) to the start of .text, and check the checksum against the flags.",
      "With flags = 3 the checksum must be 0xE4524FFB (or set it to auto).",
    ],
    victory: "The loader scanned the first 8 KiB, found the magic at a 4-byte boundary, and the three words summed to zero: that is all a Multiboot header is.",
    setup: { blocks: [header(3, 0xe4524ffe), entry(), stack(), clear, text("Booted.", 0)], linkerScript: HEADER_LAST_SCRIPT, optLevel: 0, structure: false, optLocked: true, budget: 200_000 },
    check: showsLine("Booted."),
  },
  {
    title: "Link at 1 MiB",
    goal: "Make the kernel report the machine's real memory: \"Memory: 128MB detected.\"",
    concept: "Memory below 1 MiB belongs to the firmware and the loader (BIOS data, the loader's stack at 0x6f08, the Multiboot info at 0x9500, VGA at 0xA0000); kernels are linked at 1 MiB.",
    hints: [
      "The kernel read the Multiboot info structure that EBX points at, and found zeros. Who else lives below 1 MiB?",
      "Look at `. = 0;` in the linker script: your .bss was zero-filled right over the loader's info at 0x9500.",
      "Set `. = 1M;` so every section lands above the firmware's memory.",
    ],
    victory: "QEMU loads an ELF wherever its program headers say, even on top of its own data: the Multiboot info at 0x9500 was wiped by your .bss. Linked at 1 MiB, the kernel stays out of the firmware's way.",
    setup: { blocks: [header(), entry(), stack(65536), clear, text("Kernel loaded.", 0), memory(1)], linkerScript: LINKED_AT_ZERO_SCRIPT, optLevel: 0, structure: false, optLocked: true, budget: 200_000 },
    check: (r) => booted(r) ?? (hasLine(r, "Memory: 128MB detected.") ? undefined
      : { text: `The screen says "${(r.vga.find((l) => l.startsWith("Memory:")) ?? "nothing").trimEnd()}", not "Memory: 128MB detected.": the Multiboot info was overwritten.`, misconception: "linked below 1 MiB" }),
  },
  {
    title: "Give it a stack",
    goal: "Set ESP to the top of your own .bss stack before `call kmain`, and print the memory line.",
    concept: "The Multiboot spec leaves ESP undefined; the kernel reserves a stack in .bss and points ESP at its top, because x86 stacks grow down.",
    hints: [
      "`call` pushes a return address at ESP - 4. What is ESP when _start begins?",
      "The entry block can load ESP; a stack block reserves the bytes in .bss.",
      "Choose stack_top, not stack_bottom: a push at the bottom writes below your stack, into whatever precedes it.",
    ],
    victory: "ESP now points at the top of memory you own; every push goes down into your .bss stack instead of the loader's leftovers at 0x6f08.",
    setup: { blocks: [header(), entry("none"), clear, text("Kernel loaded.", 0), memory(1)], linkerScript: GOOD_SCRIPT, optLevel: 0, structure: true, optLocked: true, budget: 200_000 },
    check: (r) => booted(r) ?? (r.stackTop === 0 || r.esp <= r.stackBottom || r.esp > r.stackTop
      ? { text: `ESP ended at 0x${r.esp.toString(16)}, outside your .bss stack${r.stackTop ? ` (0x${r.stackBottom.toString(16)}–0x${r.stackTop.toString(16)})` : ""}: the calls ran on memory you do not own.`, misconception: "missing stack" }
      : hasLine(r, "Memory: 128MB detected.") ? undefined : { text: "The memory line is missing." }),
  },
  {
    title: "Hello in colour",
    goal: "Write \"Hello, World!\" in yellow on blue (attribute 0x1E) on row 12.",
    concept: "Each VGA text cell is two bytes at 0xB8000 + (row*80 + col)*2: the character, then the attribute (foreground bits 0–3, background bits 4–6, blink bit 7).",
    hints: [
      "Add a VGA text block and set its row.",
      "Yellow is colour 14, blue is 1.",
      "Attribute = fg | bg << 4 = 14 | 1 << 4 = 0x1E; blink stays off.",
    ],
    victory: "0x1E: low nibble 14 (yellow), bits 4–6 = 1 (blue), bit 7 clear. The attribute byte is just bits, and now you can read them.",
    setup: { blocks: [header(), entry(), stack(), clear, text("Kernel loaded.", 0)], linkerScript: GOOD_SCRIPT, optLevel: 0, structure: true, optLocked: true, budget: 200_000 },
    check: (r) => booted(r) ?? (r.vga[12]?.includes("Hello, World!") && rowAttributes(r, "Hello, World!").every((a) => a === HELLO_ATTR)
      ? undefined : { text: "Row 12 does not show \"Hello, World!\" with attribute 0x1E." }),
  },
  {
    title: "The volatile trap",
    goal: "In the release build (opt-level 1), make \"Hello, World!\" appear on the screen.",
    concept: "VGA memory is MMIO: a plain store that the program never reads back is dead to the optimizer and is deleted; volatile writes are kept.",
    hints: [
      "Boot once: the screen is blank although every VGA block is there. Look at the build's deleted-store count.",
      "Nothing in the program reads 0xB8000 back, so the optimizer may delete plain stores to it.",
      "Set volatile on the VGA text blocks (Rust: core::ptr::write_volatile).",
    ],
    victory: "The optimizer was right by its own rules: nobody read those bytes. Only volatile tells it that a store has an effect outside the program.",
    setup: { blocks: [header(), entry(), stack(), clear, text("Kernel loaded.", 0, 7, 0, false), text("Hello, World!", 2, 10, 0, false)], linkerScript: GOOD_SCRIPT, optLevel: 1, structure: false, optLocked: true, budget: 200_000 },
    check: showsLine("Hello, World!", "non-volatile MMIO"),
  },
  {
    title: "Serial log and panic",
    goal: "Log \"[boot] serial ready\" on COM1 waiting for transmit-ready, then end in a panic shown on VGA and serial, halted with interrupts off.",
    concept: "A 16550 takes a byte only when LSR bit 5 (THR empty) is set; a panic handler reports once on every channel and then stops for good with `cli; hlt`.",
    hints: [
      "Initialise COM1 before writing to it.",
      "Serial writes must wait for LSR bit 5; QEMU forgives you, a real 16550 drops the byte.",
      "Add a panic block: when kmain returns, _start jumps to it.",
    ],
    victory: "The log reached the serial line byte by byte as the UART allowed, and the panic left its message on both channels before `cli; hlt` parked the CPU for good.",
    setup: { blocks: [header(), entry(), stack(), clear, text("Kernel loaded.", 0), { kind: "serial-write", text: "[boot] serial ready", waitReady: false }], linkerScript: GOOD_SCRIPT, optLevel: 0, structure: true, optLocked: true, budget: 400_000 },
    check: (r, blocks) => booted(r) ?? (!r.serial.includes("[boot] serial ready\n") ? { text: "The serial log lacks \"[boot] serial ready\"." }
      : blocks.some((b) => b.kind === "serial-write" && !b.waitReady)
        ? { text: "A serial write does not wait for LSR bit 5. QEMU forgives it; a real 16550 drops the byte.", misconception: "serial without transmit-ready" }
      : !r.haltedForever ? { text: "The kernel is not halted with interrupts off: no panic handler ran." }
      : !/panic/i.test(r.vga[24] ?? "") || !/panic/i.test(r.serial) ? { text: "The panic message must reach both VGA (bottom row) and serial." } : undefined),
  },
  {
    title: "Exceptions and the double fault",
    goal: "Divide by zero and survive it: an IDT entry for vector 0 whose handler prints \"EXCEPTION: DIVIDE ERROR\".",
    concept: "The CPU delivers an exception through the IDT; if that fails it raises a double fault (#DF, vector 8), and a fault while delivering #DF is a triple fault: the CPU resets.",
    hints: [
      "Boot it and watch the fault log: #DE, then #GP (an all-zero IDT entry is no valid gate), then #DF, then a reset.",
      "The IDT block lists vectors; each needs a handler block.",
      "Add an exception handler for vector 0 and put 0 in the IDT's vectors.",
    ],
    victory: "#DE found a present gate and its handler ran. Without it the fault had nowhere to go, became a double fault, and with no #DF gate either, a triple fault reset the machine.",
    setup: { blocks: [header(), entry(), stack(), { kind: "serial-init" }, clear, text("Kernel loaded.", 0), { kind: "idt", vectors: [] }, { kind: "divide-error" }], linkerScript: GOOD_SCRIPT, optLevel: 0, structure: true, optLocked: true, budget: 400_000 },
    check: (r) => booted(r) ?? (r.exceptions[0] === 0 && r.vga[24]?.includes("EXCEPTION: DIVIDE ERROR") ? undefined
      : { text: "The divide error was not handled by a vector-0 handler printing \"EXCEPTION: DIVIDE ERROR\"." }),
  },
  {
    title: "Timer, PIC and the executor",
    goal: "Show the boot banner on VGA and let the timer-driven executor log \"[executor] timer task completed\" on serial.",
    concept: "The 8259 PICs deliver IRQ 0–7 at vectors 8–15 until remapped, so the first PIT tick lands on the double-fault vector; remap to 0x20, send EOI after each tick, and the executor wakes on every tick.",
    hints: [
      "Boot with interrupts on: what does vector 8 say?",
      "Add a PIC remap block (0x20/0x28) before sti, and an IDT entry at 0x20 for the executor.",
      "The timer handler must send EOI (0x20 to port 0x20), or the PIC never delivers a second tick.",
    ],
    victory: "Remapped, IRQ 0 arrives at 0x20 instead of posing as a double fault; each tick is acknowledged with EOI, and the executor ran its task once the ticks arrived.",
    setup: {
      blocks: [header(), entry(), stack(), { kind: "exception-handler", vector: 8, message: "EXCEPTION: DOUBLE FAULT" }, { kind: "serial-init" }, clear,
        ...BANNER.map((l, i) => (l.startsWith("Memory") ? memory(i) : text(l, i))), { kind: "idt", vectors: [8] },
        { kind: "pit", hz: 100 }, { kind: "executor", vector: 0x20, ticks: 3, eoi: false, message: TASK_DONE }],
      linkerScript: GOOD_SCRIPT, optLevel: 0, structure: true, optLocked: false, budget: 3_000_000,
    },
    check: (r) => {
      const base = booted(r);
      if (base) return base;
      if (r.exceptions.includes(8)) return { text: "A timer tick arrived at vector 8 and was taken for a double fault: the PIC still uses the BIOS offsets.", misconception: "unremapped PIC" };
      const missing = ["RUST KERNEL v0.1.0", "VGA Buffer Initialized at 0xb8000", "Hello, World!"].find((l) => !hasLine(r, l));
      if (missing) return { text: `The banner lacks "${missing}".`, misconception: "non-volatile MMIO" };
      if (!r.serial.includes(TASK_DONE)) return { text: "The executor never logged its task: did every tick send EOI?", misconception: "missing EOI" };
      return undefined;
    },
  },
];

/** Boots are clockless: the machine runs per boot action and the board animates the result; ticks only count time. */
const TICK_MS = 1000;

export const STAGES: readonly StageInfo[] = TEXTS.map((t, i) => ({
  id: i + 1, title: t.title, goal: t.goal, concept: t.concept, hints: t.hints, victory: t.victory, tickMs: TICK_MS, metrics: ALL_METRICS,
}));

export const STAGE_SETUPS: readonly StageSetup[] = TEXTS.map((t) => t.setup);
export const STAGE_CHECKS: readonly ((r: BootReport, blocks: readonly Block[]) => GoalGap | undefined)[] = TEXTS.map((t) => t.check);
