/**
 * What "the in-game machine agrees with QEMU" means, as one pure comparison both the QEMU test and
 * `bma kernel compare` use: boot an ELF in our machine the way `qemu-system-i386 -kernel … -no-reboot` boots it
 * (a triple fault shuts the machine down instead of rebooting), then compare what a player can see — the loader's
 * error (QEMU's stderr line, which our loader quotes whole), the serial output, every one of the 4000 bytes of
 * VGA text memory (characters and attributes), and whether the guest shut down. QEMU with TCG is not cycle-accurate,
 * so time is not compared, only output.
 */
import { createMachine, runMachine, serialOutput } from "./machine.ts";
import { vgaCells, vgaLinesFromCells } from "./vga.ts";

/** One boot as either machine reports it. */
export interface BootOutcome {
  /** The loader's refusal as QEMU prints it on stderr ("" when the kernel was loaded). */
  readonly loaderError: string;
  readonly serial: string;
  /** 4000 bytes from 0xB8000, or null when the machine exited before the screen could be read. */
  readonly vga: Uint8Array | null;
  /** The guest shut down (a triple fault under -no-reboot). */
  readonly shutdown: boolean;
  /** isa-debug-exit status ((v << 1) | 1), or null. */
  readonly exitCode: number | null;
}

/** Our machine, booted as QEMU -no-reboot would boot it, for at most `instructions`. */
export function bootLikeQemu(elf: Uint8Array, instructions: number): BootOutcome {
  const pc = createMachine(elf, { noReboot: true });
  if (!pc.ok) return { loaderError: pc.error.message, serial: "", vga: null, shutdown: false, exitCode: null };
  const run = runMachine(pc.value, { instructions });
  const exitCode = pc.value.exitCode;
  return {
    loaderError: "", serial: serialOutput(pc.value), vga: exitCode === null ? vgaCells(pc.value.mem) : null,
    shutdown: run.stop === "shutdown", exitCode,
  };
}

export interface RowDifference { readonly row: number; readonly ours: string; readonly qemu: string }

export interface Agreement {
  readonly agree: boolean;
  /** One sentence per disagreeing part. */
  readonly differences: readonly string[];
  /** VGA rows whose characters or attributes differ (characters shown; attribute-only differences say so). */
  readonly rows: readonly RowDifference[];
}

/** Compares our outcome with what `bootInQemu` saw (its `stderr` is QEMU's own, loader errors included). */
export function compareWithQemu(ours: BootOutcome, qemu: Omit<BootOutcome, "loaderError"> & { readonly stderr: string }): Agreement {
  const differences: string[] = [];
  const rows: RowDifference[] = [];
  const loader = qemu.stderr.trim();
  if (ours.loaderError !== loader) differences.push(`loader: ours ${JSON.stringify(ours.loaderError)}, QEMU ${JSON.stringify(loader)}`);
  if (ours.serial !== qemu.serial) differences.push(`serial: ours ${JSON.stringify(ours.serial)}, QEMU ${JSON.stringify(qemu.serial)}`);
  if (ours.shutdown !== qemu.shutdown) differences.push(`shutdown: ours ${ours.shutdown}, QEMU ${qemu.shutdown}`);
  // After a loader error QEMU's exit status (1) is its own failure, not the guest's debug-exit.
  if (!ours.loaderError && ours.exitCode !== qemu.exitCode) differences.push(`debug-exit: ours ${ours.exitCode}, QEMU ${qemu.exitCode}`);
  if (ours.vga && qemu.vga) {
    const a = vgaLinesFromCells(ours.vga), b = vgaLinesFromCells(qemu.vga);
    for (let row = 0; row < 25; row++) {
      let same = true;
      for (let i = row * 160; i < row * 160 + 160 && same; i++) same = ours.vga[i] === qemu.vga[i];
      if (!same) rows.push({ row, ours: a[row] === b[row] ? "(same characters, other colours)" : a[row]!.trimEnd(), qemu: b[row]!.trimEnd() });
    }
    if (rows.length) differences.push(`VGA: ${rows.length} row${rows.length === 1 ? "" : "s"} differ (${rows.map((r) => r.row).join(", ")})`);
  } else if (ours.vga !== null && qemu.vga === null && qemu.exitCode === null) {
    differences.push("VGA: QEMU's screen could not be read");
  }
  return { agree: differences.length === 0, differences, rows };
}
