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
import { drawBootThumb } from "../../client/boards/boot-kernel/thumb.ts";
import { GOLDEN_ACTIONS } from "../../shared/levels/boot-kernel/solutions.ts";

function booted(stage: number, edits: readonly unknown[] = []): KernelState {
  const run = startRun(bootKernel, stage, 1);
  for (const a of [...edits, { type: "boot" }]) {
    const r = act(run, a);
    if (!r.ok) throw new Error(r.error.message);
  }
  return run.state as KernelState;
}

/** A Graphics stand-in that records the colours of filled rectangles. */
function recorder() {
  const fills: { colour: number; w: number }[] = [];
  let colour = 0;
  const g = {
    fillStyle(c: number) { colour = c; return g; },
    fillRect(_x: number, _y: number, w: number) { fills.push({ colour, w }); return g; },
    lineStyle() { return g; },
    strokeRect() { return g; },
  };
  return { g, fills };
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

  it("a linker-script syntax error points at its script line, an assembly block's error at the block", { timeout: 20_000 }, () => {
    const broken = readModel(booted(3, [{ type: "script", text: "ENTRY(_start)\nSECTIONS\n{\n  . = 1M;\n  .text : { *(.text) \n  bogus\n}\n" }]));
    expect(broken.problems[0]!.where).toBe("script");
    expect(broken.problems[0]!.line).toBeGreaterThanOrEqual(5);
    expect(broken.boot).toBeNull();
    const asm = readModel(booted(3, [{ type: "add", at: 4, block: { kind: "asm", text: "nop\nmovx eax, 1" } }]));
    expect(asm.problems[0]!.block).toBe(4);
    expect(asm.problems[0]!.where).toBe("source");
    expect(asm.problems[0]!.blockLine).toBe(2);
  });

  it("the class thumbnail shows a won stage 4 with yellow-on-blue cells and a green status strip", { timeout: 20_000 }, () => {
    const state = booted(4, GOLDEN_ACTIONS[3]!.filter((a) => a.type !== "boot"));
    expect(state.phase).toBe("won");
    const { g, fills } = recorder();
    drawBootThumb(g as never, state, { x: 0, y: 0, w: 160, h: 100 });
    expect(fills.some((f) => f.colour === 0x0000aa)).toBe(true);
    expect(fills.some((f) => f.colour === 0xffff55)).toBe(true);
    expect(fills[fills.length - 1]!.colour).toBe(0x009e73);
    expect(fills.length).toBeLessThan(400);
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
