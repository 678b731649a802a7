/**
 * boot-kernel against real QEMU: every stage's golden kernel and one broken kernel per failure class, generated from
 * the level's blocks, are
 *  1. built by the project's assembler and linker, booted in the in-game machine AND in Debian's
 *     `qemu-system-i386 -kernel` (-no-reboot): the serial output, all 4000 bytes of VGA text memory (characters and
 *     attributes), the loader error and the triple-fault shutdown must be equal;
 *  2. built by GNU as + ld (the syntax is a GNU as subset, the script a GNU ld subset) and booted in QEMU: the same
 *     serial output and screen again, so the blocks mean on real tools what they mean in the game;
 *  3. checked against what the ladder claims: the goal met for goldens, the failure in QEMU's own terms for the broken
 *     ones (loader error, wiped Multiboot info, blank screen, triple fault, a tick on the double-fault vector, a silent
 *     executor).
 * Skips with the reason when qemu-system-i386 or binutils is missing. Each boot has its own timeout and is killed
 * in finally (tests/support/qemu.ts).
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { KernelSource } from "../../shared/levels/boot-kernel/actions.ts";
import { generate } from "../../shared/levels/boot-kernel/blocks.ts";
import { buildKernel } from "../../shared/levels/boot-kernel/linker.ts";
import { bootLikeQemu, compareWithQemu, type BootOutcome } from "../../shared/levels/boot-kernel/agreement.ts";
import { brokenKernels, goldenKernel } from "../../shared/levels/boot-kernel/solutions.ts";
import { BANNER, TASK_DONE } from "../../shared/levels/boot-kernel/stages.ts";
import { vgaLinesFromCells } from "../../shared/levels/boot-kernel/vga.ts";
import { binutilsMissingReason, bootInQemu, qemuMissingReason, type QemuBootResult } from "../support/qemu.ts";

const PVH = "Error loading uncompressed kernel without PVH ELF Note";

const missing = qemuMissingReason() ?? binutilsMissingReason();
const dir = mkdtempSync(join(tmpdir(), "bma-kernels-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Generates, assembles and links a kernel with binutils; returns the ELF path. */
function buildWithBinutils(name: string, k: KernelSource): string {
  const g = generate(k.blocks, k.optLevel);
  expect(g.errors).toEqual([]);
  const base = join(dir, name);
  writeFileSync(`${base}.s`, g.source);
  writeFileSync(`${base}.ld`, k.linkerScript);
  const as = spawnSync("as", ["--32", "--fatal-warnings", `${base}.s`, "-o", `${base}.o`], { encoding: "utf8" });
  expect(as.stderr).toBe("");
  const ld = spawnSync("ld", ["-m", "elf_i386", "--no-warn-rwx-segments", "-T", `${base}.ld`, `${base}.o`, "-o", `${base}.elf`], { encoding: "utf8" });
  expect(ld.status, ld.stderr).toBe(0);
  return `${base}.elf`;
}

/** Builds with our toolchain, writes the ELF for QEMU, and boots it in our machine as QEMU -no-reboot would. */
function buildAndRunOurs(name: string, k: KernelSource): { elf: string; outcome: BootOutcome } {
  const g = generate(k.blocks, k.optLevel);
  const linked = buildKernel([{ name: "kernel.s", text: g.source }], k.linkerScript);
  if (!linked.ok) throw new Error(`our toolchain refused ${name}: ${linked.error.message}`);
  const elf = join(dir, `${name}.ours.elf`);
  writeFileSync(elf, linked.value.elf);
  return { elf, outcome: bootLikeQemu(linked.value.elf, 5_000_000) };
}

interface Seen { lines: string[]; serial: string; triple: boolean; loader: string; kernelVectors: number[]; attributes: number[] }

function seen(r: QemuBootResult): Seen {
  // `-d int` lines for events in the kernel (CS = 0x08), not the BIOS's real-mode ones.
  const kernelVectors = (r.faultLog ?? "").split("\n").filter((l) => /IP=0008:/.test(l)).map((l) => parseInt(/v=([0-9a-f]+)/.exec(l)![1]!, 16));
  const attributes = r.vga ? Array.from({ length: 2000 }, (_, i) => r.vga![i * 2 + 1]!) : [];
  return { lines: r.vga ? vgaLinesFromCells(r.vga).map((l) => l.trimEnd()) : [], serial: r.serial, triple: r.shutdown, loader: r.stderr.trim(), kernelVectors, attributes };
}

interface Case { name: string; kernel: () => KernelSource; marker?: string; expect: (s: Seen) => void }

const golden = (stage: number, expectation: (s: Seen) => void, marker?: string): Case =>
  ({ name: `stage ${stage} golden`, kernel: () => goldenKernel(stage), expect: expectation, ...(marker ? { marker } : {}) });
const broken = (name: string) => () => brokenKernels().find((b) => b.name === name)!.kernel;

const CASES: Case[] = [
  golden(1, (s) => expect(s.lines[0]).toBe("Booted.")),
  golden(2, (s) => expect(s.lines[1]).toBe("Memory: 128MB detected.")),
  golden(3, (s) => expect(s.lines[1]).toBe("Memory: 128MB detected.")),
  golden(4, (s) => {
    expect(s.lines[12]).toBe("Hello, World!");
    expect(s.attributes.slice(12 * 80, 12 * 80 + 13).every((a) => a === 0x1e)).toBe(true);
  }),
  golden(5, (s) => expect(s.lines[2]).toBe("Hello, World!")),
  golden(6, (s) => {
    expect(s.serial).toBe("[boot] serial ready\nkernel panic: kmain returned\n");
    expect(s.lines[24]).toBe("kernel panic: kmain returned");
  }, "kmain returned\n"),
  golden(7, (s) => {
    expect(s.serial).toBe("EXCEPTION: DIVIDE ERROR\n");
    expect(s.triple).toBe(false);
    expect(s.kernelVectors).toEqual([0]);
  }, "ERROR\n"),
  golden(8, (s) => {
    expect(s.lines.slice(0, 6)).toEqual(BANNER);
    expect(s.serial).toBe(`${TASK_DONE}\n`);
    expect(s.kernelVectors.slice(0, 3)).toEqual([0x20, 0x20, 0x20]);
  }, "completed\n"),
  { name: "no multiboot header", kernel: broken("no multiboot header"), expect: (s) => expect(s.loader).toBe(`qemu-system-i386: ${PVH}`) },
  { name: "bad checksum", kernel: broken("bad checksum"), expect: (s) => expect(s.loader).toBe(`qemu-system-i386: ${PVH}`) },
  { name: "header beyond 8 KiB", kernel: broken("header beyond 8 KiB"), expect: (s) => expect(s.loader).toBe(`qemu-system-i386: ${PVH}`) },
  { name: "linked at 0 (Multiboot info wiped)", kernel: broken("linked at 0"), expect: (s) => expect(s.lines[1]).toBe("Memory: 1MB detected.") },
  // QEMU's loader leaves ESP = 0x6f08, so a kernel without a stack of its own runs — on memory it does not own.
  { name: "no stack (runs on the loader's stack)", kernel: broken("no stack"), expect: (s) => expect(s.lines[1]).toBe("Memory: 128MB detected.") },
  { name: "non-volatile VGA at opt-level 1", kernel: broken("non-volatile VGA at opt-level 1"), expect: (s) => expect(s.lines.every((l) => l === "")).toBe(true) },
  { name: "no IDT entry: triple fault", kernel: broken("no IDT entry: triple fault"), expect: (s) => {
    expect(s.triple).toBe(true);
    // The #GP raised while delivering #DE (an all-zero gate) is folded into #DF at once: QEMU logs
    // "check_exception old: 0x0 new 0xd" and delivers v=08, whose own failure is the triple fault.
    expect(s.kernelVectors).toEqual([0, 8]);
  } },
  { name: "unremapped PIC", kernel: broken("unremapped PIC"), marker: "FAULT\n", expect: (s) => {
    expect(s.serial).toBe("EXCEPTION: DOUBLE FAULT\n");
    expect(s.kernelVectors[0]).toBe(8);
  } },
  { name: "missing EOI", kernel: broken("missing EOI"), expect: (s) => {
    expect(s.serial).toBe("");
    expect(s.kernelVectors).toEqual([0x20]);
  } },
];

describe.skipIf(missing !== undefined)(`boot-kernel: our toolchain and machine agree with QEMU${missing ? ` (skipped: ${missing})` : ""}`, () => {
  for (const c of CASES) {
    it(c.name, { timeout: 30_000 }, async () => {
      const name = c.name.replace(/\W+/g, "_");
      const ours = buildAndRunOurs(name, c.kernel());
      const gnuElf = buildWithBinutils(name, c.kernel());
      const opts = { faultLog: true, settleMs: 5000, timeoutMs: 15_000, ...(c.marker ? { marker: c.marker } : {}) };
      const [qemuOurs, qemuGnu] = [await bootInQemu(ours.elf, opts), await bootInQemu(gnuElf, opts)];
      // 1. the in-game machine and QEMU, on the ELF our toolchain wrote
      expect(compareWithQemu(ours.outcome, qemuOurs).differences).toEqual([]);
      // 2. GNU as + ld build the same kernel
      expect(qemuGnu.serial).toBe(qemuOurs.serial);
      expect(qemuGnu.stderr.trim()).toBe(qemuOurs.stderr.trim());
      expect(qemuGnu.vga && vgaLinesFromCells(qemuGnu.vga)).toEqual(qemuOurs.vga && vgaLinesFromCells(qemuOurs.vga));
      // 3. what the ladder claims
      c.expect(seen(qemuOurs));
    });
  }

  it("bma kernel compare: any ELF, ours against QEMU, as JSON (exit 0 when they agree)", { timeout: 40_000 }, () => {
    const elf = join(dir, "compare.elf");
    const bma = (...args: string[]) => spawnSync(process.execPath, [join(import.meta.dirname, "../../bin/bma.mjs"), "kernel", ...args], { encoding: "utf8", timeout: 30_000 });
    expect(bma("build", "8", "-o", elf).status).toBe(0);
    const r = bma("compare", elf, "--marker", TASK_DONE);
    expect(r.status, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as { agree: boolean; ours: { vga: string[]; serial: string }; qemu: { vga: string[]; serial: string } };
    expect(out.agree).toBe(true);
    expect(out.qemu.vga[0]).toBe("RUST KERNEL v0.1.0");
    expect(out.ours.serial).toBe(out.qemu.serial);
    writeFileSync(join(dir, "junk.elf"), "not an elf");
    const junk = JSON.parse(bma("compare", join(dir, "junk.elf")).stdout) as { agree: boolean; qemu: { stderr: string } };
    expect(junk.qemu.stderr).not.toBe("");
  });
});
