/**
 * What the boot-kernel board draws, as plain data: the kernel being edited (blocks, linker script, opt-level, what
 * the stage lets the player change), the last build's problems, and a snapshot of the last boot (VGA cells, serial,
 * registers, IDT, PICs/PIT, fault log, memory layout). The panels read only this; `readModel` (board-state.ts) fills
 * it from the level state, so a change in the level's state shape touches one file.
 */
import type { Block } from "../../../shared/levels/boot-kernel/blocks.ts";
import type { PicView } from "../../../shared/levels/boot-kernel/pic.ts";
import type { PitView } from "../../../shared/levels/boot-kernel/pit.ts";

/** A build problem, pointing at a block, a linker-script line, or a line of the generated source. */
export interface BuildProblem {
  readonly code: string;
  readonly message: string;
  /** The block it belongs to (block errors, and assembler errors mapped back through the generated lines). */
  readonly block?: number;
  /** 1-based line in the linker script when `where` is "script", in the generated source when "source". */
  readonly line?: number;
  /** 1-based line within the block's own text (an assembly block's line). */
  readonly blockLine?: number;
  readonly where: "block" | "script" | "source" | "link";
}

/** One placed range of memory, in address order on the memory map. */
export interface MemoryRegion {
  readonly name: string;
  readonly addr: number;
  readonly size: number;
  readonly kind: "firmware" | "loader" | "vga" | "text" | "rodata" | "data" | "bss" | "header" | "other";
  /** Shown beside the name (e.g. "KEEP(*(.multiboot))", "Multiboot info"). */
  readonly note?: string;
}

/** The registers as the run left them. */
export interface RegisterSnapshot {
  readonly general: readonly { readonly name: string; readonly value: number }[];
  readonly eip: number;
  readonly eflags: number;
}

/** A gate the IDT holds (only valid or present ones are listed). */
export interface GateSnapshot {
  readonly vector: number;
  readonly selector: number;
  readonly offset: number;
  readonly type: string;
  readonly present: boolean;
}

export interface StackSnapshot {
  readonly bottom: number;
  readonly top: number;
  readonly esp: number;
}

export interface BootSnapshot {
  /** QEMU's words when the loader refused the image, else "". */
  readonly loaderError: string;
  /** 25 rows of 80 characters (char code = the cell's byte). */
  readonly lines: readonly string[];
  /** 2000 attribute bytes, row-major. */
  readonly attributes: readonly number[];
  /** The CRTC cursor, when the level reports it. */
  readonly cursor: { readonly row: number; readonly column: number; readonly visible: boolean } | null;
  readonly serial: string;
  readonly registers: RegisterSnapshot | null;
  readonly idt: readonly GateSnapshot[];
  readonly pic: readonly PicView[];
  readonly pit: PitView | null;
  /** Fault-log lines in `qemu -d int` style (headlines: no register dumps). */
  readonly faults: readonly string[];
  /** Exceptions raised (check_exception lines). */
  readonly faultCount: number;
  readonly resets: number;
  /** The machine's stop reason: budget, halted-forever, reboot-loop, exited, shutdown, unsupported. */
  readonly status: string;
  readonly instructions: number;
  readonly regions: readonly MemoryRegion[];
  readonly stack: StackSnapshot | null;
}

export interface Sizes {
  readonly text: number;
  readonly data: number;
  readonly bss: number;
}

export interface BoardModel {
  readonly stage: number;
  readonly blocks: readonly Block[];
  readonly linkerScript: string;
  readonly optLevel: number;
  /** The player may add, remove and reorder blocks. */
  readonly structure: boolean;
  readonly optLocked: boolean;
  readonly problems: readonly BuildProblem[];
  /** Stores the optimizer deleted in the last build. */
  readonly deleted: number;
  readonly sizes: Sizes | null;
  /** Kernel sections and the stack as the last successful link placed them. */
  readonly layout: readonly MemoryRegion[];
  readonly boot: BootSnapshot | null;
  /** Boot actions so far (each builds). */
  readonly boots: number;
  readonly phase: string;
  /** Why the last boot did not meet the goal, or the victory text. */
  readonly verdict: string;
  readonly metrics: Readonly<Record<string, number>>;
}
