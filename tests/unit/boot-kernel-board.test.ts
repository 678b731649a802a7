/**
 * What the boot-kernel board reads out of the level state (client/boards/boot-kernel, the Phaser-free parts): QEMU's
 * refusal reaches the screen model, a kernel linked at 0 is flagged on the memory map over the Multiboot info, the
 * fault log names the exceptions, missing IDT gates are listed, typed parameter values parse as the level expects,
 * and VGA bytes show as their code page 437 glyphs.
 */
import { describe, expect, it } from "vitest";
import { act, startRun } from "../../shared/engine/run.ts";
import { bootKernel, type KernelState } from "../../shared/levels/boot-kernel/index.ts";
import { KINDS } from "../../shared/levels/boot-kernel/blocks.ts";
import { readModel } from "../../client/boards/boot-kernel/board-state.ts";
import { mapRows } from "../../client/boards/boot-kernel/memory-map.ts";
import { faultLines } from "../../client/boards/boot-kernel/fault-log.ts";
import { idtRows } from "../../client/boards/boot-kernel/idt-view.ts";
import { blockSummary, parseTyped } from "../../client/boards/boot-kernel/blocks-panel.ts";
import { cp437 } from "../../client/boards/boot-kernel/vga-screen.ts";
import { serialLines } from "../../client/boards/boot-kernel/serial-console.ts";

function booted(stage: number): KernelState {
  const run = startRun(bootKernel, stage, 1);
  const r = act(run, { type: "boot" });
  if (!r.ok) throw new Error(r.error.message);
  return run.state as KernelState;
}

describe("boot-kernel board model", () => {
  it("stage 1's first boot: QEMU's loader error, no registers, the header section placed past 8 KiB", { timeout: 20_000 }, () => {
    const m = readModel(booted(1));
    expect(m.boot!.loaderError).toBe("qemu-system-i386: Error loading uncompressed kernel without PVH ELF Note");
    expect(m.boot!.registers).toBeNull();
    expect(m.verdict).toContain("The loader refused the kernel");
    const header = m.layout.find((r) => r.name === ".multiboot");
    expect(header!.addr).toBeGreaterThan(0x100000 + 8192);
    expect(m.metrics.builds).toBe(1);
  });

  it("stage 2's kernel linked at 0 is flagged on the memory map for covering the Multiboot info", { timeout: 20_000 }, () => {
    const m = readModel(booted(2));
    const rows = mapRows(m.boot!.regions);
    const bss = rows.find((r) => r.region.name === ".bss")!;
    expect(bss.overlaps).toContain("Multiboot info (EBX)");
    expect(rows.find((r) => r.region.name === "VGA text 80×25")!.overlaps).toEqual([]);
    expect(m.boot!.lines[1]!.startsWith("Memory: 1MB detected.")).toBe(true);
  });

  it("stage 7's unhandled divide error shows #DE, #GP, #DF, triple fault and resets in the fault log, and no gate at vector 0", { timeout: 20_000 }, () => {
    const m = readModel(booted(7));
    const lines = faultLines(m.boot!.faults);
    expect(lines.some((l) => l.tone === "fault" && l.text.includes("#DE Divide Error"))).toBe(true);
    expect(lines.some((l) => l.text.includes("#GP General Protection"))).toBe(true);
    expect(lines.some((l) => l.tone === "reset" && l.text === "Triple fault")).toBe(true);
    expect(m.boot!.resets).toBeGreaterThan(0);
    const rows = idtRows(m.boot!.idt, 8);
    expect(rows.find((r) => r.vector === 0)!.present).toBe(false);
  });

  it("stage 8 shows the banner, the remapped-or-not PIC and its timer vector", { timeout: 30_000 }, () => {
    const m = readModel(booted(8));
    expect(m.boot!.lines[0]!.startsWith("RUST KERNEL v0.1.0")).toBe(true);
    expect(m.boot!.pic[0]!.vectorBase).toBe(8);
    expect(m.boot!.attributes).toHaveLength(2000);
    expect(m.boot!.registers!.general.map((g) => g.name)).toEqual(["EAX", "ECX", "EDX", "EBX", "ESP", "EBP", "ESI", "EDI"]);
  });

  it("typed parameter values parse the way the level validates them", () => {
    expect(parseTyped(KINDS["pic-remap"].params.master!, "0x20")).toBe(32);
    expect(parseTyped(KINDS["vga-text"].params.row!, "12")).toBe(12);
    expect(parseTyped(KINDS["vga-text"].params.row!, "twelve")).toBeUndefined();
    expect(parseTyped(KINDS.multiboot.params.checksum!, "AUTO")).toBe("auto");
    expect(parseTyped(KINDS.multiboot.params.checksum!, "0xe4524ffb")).toBe(0xe4524ffb);
    expect(parseTyped(KINDS.idt.params.vectors!, "0, 8 0x20")).toEqual([0, 8, 32]);
    expect(parseTyped(KINDS["vga-text"].params.volatile!, "on")).toBe(true);
  });

  it("a block's summary shows what matters for its lesson (attribute, volatile, checksum)", () => {
    expect(blockSummary({ kind: "vga-text", text: "Hi", row: 12, col: 0, fg: 14, bg: 1, blink: false, volatile: false })).toBe('12,0 0x1e plain "Hi"');
    expect(blockSummary({ kind: "multiboot", flags: 3, checksum: 0xe4524ffe })).toBe("flags 0x03 · sum 0xe4524ffe");
  });

  it("VGA bytes show as code page 437 glyphs; serial control bytes are escaped", () => {
    expect(cp437(0x41)).toBe("A");
    expect(cp437(0xdb)).toBe("█");
    expect(cp437(0x01)).toBe("☺");
    expect(cp437(0xb3)).toBe("│");
    expect(cp437(0xfe)).toBe("■");
    expect(serialLines("ok\n\x07bell\n", 5)).toEqual(["ok", "\\x07bell"]);
  });
});
