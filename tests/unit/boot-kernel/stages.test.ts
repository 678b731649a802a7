/**
 * boot-kernel ladder: eight stages in the order with complete texts, each stage's goal check passes the
 * outcome its golden kernel produces on real QEMU and names the misconception of the failure its starting kernel
 * shows there (outcomes as measured with qemu-system-i386 7.2; the integration test re-measures them).
 */
import { describe, expect, it } from "vitest";
import { type BootReport, STAGE_CHECKS, STAGE_SETUPS, STAGES } from "../../../shared/levels/boot-kernel/stages.ts";
import { parseKernelAction, applyEdit } from "../../../shared/levels/boot-kernel/actions.ts";
import { generate } from "../../../shared/levels/boot-kernel/blocks.ts";
import { GOLDEN_ACTIONS, goldenKernel, brokenKernels } from "../../../shared/levels/boot-kernel/solutions.ts";

const PVH = "qemu-system-i386: Error loading uncompressed kernel without PVH ELF Note";

function report(lines: string[], extra: Partial<BootReport> = {}): BootReport {
  const vga = Array.from({ length: 25 }, (_, i) => (lines[i] ?? "").padEnd(80));
  return { loaderError: "", vga, attributes: new Array(2000).fill(7), serial: "", resets: 0, exceptions: [], haltedForever: false,
    esp: 0x106000, stackBottom: 0x102000, stackTop: 0x106000, ...extra };
}

describe("boot-kernel stages", () => {
  it("has the issue's ladder of eight stages, each with goal, concept, at most three hints and a victory text", { timeout: 5000 }, () => {
    expect(STAGES.map((s) => s.title)).toEqual(["Find the header", "Link at 1 MiB", "Give it a stack", "Hello in colour", "The volatile trap",
      "Serial log and panic", "Exceptions and the double fault", "Timer, PIC and the executor"]);
    for (const s of STAGES) {
      expect(s.goal.length).toBeGreaterThan(20);
      expect(s.concept.length).toBeGreaterThan(20);
      expect(s.hints.length).toBeGreaterThan(0);
      expect(s.hints.length).toBeLessThanOrEqual(3);
      expect(s.victory.length).toBeGreaterThan(20);
      expect(s.metrics.map((m) => m.unit).every((u) => u === "count" || u === "bytes")).toBe(true);
    }
  });

  it("every starting kernel and every golden kernel generates without block errors", { timeout: 5000 }, () => {
    for (let s = 1; s <= 8; s++) {
      expect(generate(STAGE_SETUPS[s - 1]!.blocks, 0).errors).toEqual([]);
      expect(generate(goldenKernel(s).blocks, 0).errors).toEqual([]);
    }
    for (const b of brokenKernels()) expect(generate(b.kernel.blocks, b.kernel.optLevel).errors).toEqual([]);
  });

  it("every golden action parses and the golden ends with a boot", { timeout: 5000 }, () => {
    for (const actions of GOLDEN_ACTIONS) {
      for (const a of actions) expect(parseKernelAction(JSON.parse(JSON.stringify(a)))).toEqual({ ok: true, value: a });
      expect(actions.at(-1)).toEqual({ type: "boot" });
    }
  });

  it("stage 1: QEMU's loader error fails the goal as a missing header; the booted kernel's text wins", { timeout: 5000 }, () => {
    expect(STAGE_CHECKS[0]!(report([], { loaderError: PVH }), [])?.misconception).toBe("no multiboot header");
    expect(STAGE_CHECKS[0]!(report(["Booted."]), [])).toBeUndefined();
  });

  it("stage 2: the info structure overwritten by .bss (QEMU prints 1MB) is a link-address failure", { timeout: 5000 }, () => {
    expect(STAGE_CHECKS[1]!(report(["Kernel loaded.", "Memory: 1MB detected."]), [])?.misconception).toBe("linked below 1 MiB");
    expect(STAGE_CHECKS[1]!(report(["Kernel loaded.", "Memory: 128MB detected."]), [])).toBeUndefined();
  });

  it("stage 3: the same screen with ESP left at the loader's 0x6f08 is a missing stack", { timeout: 5000 }, () => {
    const screen = ["Kernel loaded.", "Memory: 128MB detected."];
    expect(STAGE_CHECKS[2]!(report(screen, { esp: 0x6f08, stackBottom: 0, stackTop: 0 }), [])?.misconception).toBe("missing stack");
    expect(STAGE_CHECKS[2]!(report(screen), [])).toBeUndefined();
  });

  it("stage 4: the right words in the wrong colours do not count", { timeout: 5000 }, () => {
    const lines = Array.from({ length: 13 }, (_, i) => (i === 12 ? "Hello, World!" : ""));
    expect(STAGE_CHECKS[3]!(report(lines), [])).toBeDefined();
    const attributes = new Array(2000).fill(7);
    for (let i = 0; i < 13; i++) attributes[12 * 80 + i] = 0x1e;
    expect(STAGE_CHECKS[3]!(report(lines, { attributes }), [])).toBeUndefined();
  });

  it("stage 5: a blank screen at opt-level 1 is non-volatile MMIO", { timeout: 5000 }, () => {
    expect(STAGE_CHECKS[4]!(report([]), [])?.misconception).toBe("non-volatile MMIO");
    expect(STAGE_CHECKS[4]!(report(["Kernel loaded.", "", "Hello, World!"]), [])).toBeUndefined();
  });

  it("stage 6: the log plus a panic on both channels, halted for good", { timeout: 5000 }, () => {
    const lines = Array.from({ length: 25 }, (_, i) => (i === 24 ? "kernel panic: kmain returned" : ""));
    const serial = "[boot] serial ready\nkernel panic: kmain returned\n";
    const blocks = goldenKernel(6).blocks;
    expect(STAGE_CHECKS[5]!(report(lines, { serial, haltedForever: false }), blocks)).toBeDefined();
    expect(STAGE_CHECKS[5]!(report(lines, { serial, haltedForever: true }), blocks)).toBeUndefined();
    // QEMU forgives an unpolled write; the stage holds the player to the 16550 datasheet.
    expect(STAGE_CHECKS[5]!(report(lines, { serial, haltedForever: true }), STAGE_SETUPS[5]!.blocks)?.misconception).toBe("serial without transmit-ready");
  });

  it("stage 7: a reset is a triple fault; a handled #DE wins", { timeout: 5000 }, () => {
    expect(STAGE_CHECKS[6]!(report(["Kernel loaded."], { resets: 1, exceptions: [0, 8] }), [])?.misconception).toBe("triple fault");
    const lines = Array.from({ length: 25 }, (_, i) => (i === 24 ? "EXCEPTION: DIVIDE ERROR" : ""));
    expect(STAGE_CHECKS[6]!(report(lines, { exceptions: [0] }), [])).toBeUndefined();
  });

  it("stage 8: a tick on vector 8 is an unremapped PIC, a silent executor a missing EOI, banner plus log wins", { timeout: 5000 }, () => {
    const banner = ["RUST KERNEL v0.1.0", "Hardware initialized.", "Memory: 128MB detected.", "VGA Buffer Initialized at 0xb8000.", "Hello, World!"];
    expect(STAGE_CHECKS[7]!(report(banner, { exceptions: [8] }), [])?.misconception).toBe("unremapped PIC");
    expect(STAGE_CHECKS[7]!(report(banner, { exceptions: [0x20] }), [])?.misconception).toBe("missing EOI");
    expect(STAGE_CHECKS[7]!(report(banner, { exceptions: [0x20, 0x20, 0x20], serial: "[executor] timer task completed\n" }), [])).toBeUndefined();
  });
});

describe("boot-kernel actions", () => {
  const k = () => ({ blocks: structuredClone(STAGE_SETUPS[0]!.blocks) as never[], linkerScript: "", optLevel: 0 });

  it("refuses malformed actions with typed errors and never throws", { timeout: 5000 }, () => {
    for (const bad of [null, 3, "boot", { type: "boot", x: 1 }, { type: "add", at: 0, block: { kind: "rootkit" } },
      { type: "add", at: 0, block: { kind: "pit", hz: 5 } }, { type: "script", text: "x".repeat(5000) }, { type: "opt", level: 2 },
      { type: "set", block: -1, param: "x", value: 1 }, { type: "nuke" }]) {
      const r = parseKernelAction(bad);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.error.code).toMatch(/^E_/);
    }
  });

  it("a bad parameter value or a locked structure changes nothing", { timeout: 5000 }, () => {
    const kernel = k();
    const before = JSON.stringify(kernel);
    expect(applyEdit(kernel, { type: "set", block: 4, param: "fg", value: 16 }, { structure: false, optLocked: true }).ok).toBe(false);
    expect(applyEdit(kernel, { type: "remove", block: 0 }, { structure: false, optLocked: true }).ok).toBe(false);
    expect(applyEdit(kernel, { type: "opt", level: 1 }, { structure: false, optLocked: true }).ok).toBe(false);
    expect(JSON.stringify(kernel)).toBe(before);
    expect(applyEdit(kernel, { type: "set", block: 4, param: "fg", value: 12 }, { structure: false, optLocked: true }).ok).toBe(true);
    expect(kernel.blocks[4]).toMatchObject({ kind: "vga-text", fg: 12 });
  });
});
