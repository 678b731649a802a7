/**
 * Differential fuzzing of the in-game i386 machine against Debian's real `qemu-system-i386 -kernel`: random kernels
 * (tests/support/i386-fuzz.ts) built by the project's own toolchain, booted in both; every serial line — registers,
 * EFLAGS (nothing masked: the game promises QEMU's values) and a scratch-memory checksum after each case, or the
 * vector, error code, saved EIP and registers of each exception — must be equal, and both must exit through
 * isa-debug-exit after the marker.
 *
 * A few fixed seeds run here (a few seconds each). For a long run by hand:
 *   BMA_FUZZ_SEEDS=200 npx vitest run tests/integration/boot-kernel-fuzz-qemu.test.ts
 * runs 200 seeds from BMA_FUZZ_FIRST_SEED (default 1000) of each kernel kind.
 * Skips with the reason when qemu-system-i386 is missing; each boot has its own timeout and temp dir.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { bootLikeQemu } from "../../shared/levels/boot-kernel/agreement.ts";
import { buildKernel } from "../../shared/levels/boot-kernel/linker.ts";
import { compareFuzzSerial, FUZZ_SCRIPT, type FuzzKernel, generateFaultKernel, generateFuzzKernel, instructionCount } from "../support/i386-fuzz.ts";
import { bootInQemu, qemuMissingReason } from "../support/qemu.ts";

const missing = qemuMissingReason();
const dir = mkdtempSync(join(tmpdir(), "bma-fuzz-qemu-"));
afterAll(() => { if (!process.env.KEEP) rmSync(dir, { recursive: true, force: true }); });

const LONG = Number(process.env.BMA_FUZZ_SEEDS ?? 0);
const FIRST = Number(process.env.BMA_FUZZ_FIRST_SEED ?? 1000);
const seeds = (fixed: number[]) => (LONG > 0 ? Array.from({ length: LONG }, (_, i) => FIRST + i) : fixed);
const CASES = 400;
const FAULT_CASES = 200;

async function agree(kernel: FuzzKernel, name: string): Promise<{ lines: number; instructions: number }> {
  const built = buildKernel(kernel.sources, FUZZ_SCRIPT);
  if (!built.ok) throw new Error(`${built.error.message}`);
  const path = join(dir, `${name}.elf`);
  writeFileSync(path, built.value.elf);
  const ours = bootLikeQemu(built.value.elf, 100_000_000);
  const qemu = await bootInQemu(path, { marker: kernel.marker, timeoutMs: 30_000 });
  const reports = compareFuzzSerial(kernel, ours.serial, qemu.serial);
  expect(reports, `${name}: ${reports.length} differing lines (first ${reports.length} shown)\n${reports.join("\n\n")}`).toEqual([]);
  expect(qemu.stderr.trim()).toBe("");
  expect(ours.serial.endsWith(kernel.marker)).toBe(true);
  // out 0xf4, 0 after the marker: QEMU exits with status 1.
  expect(ours.exitCode).toBe(1);
  expect(qemu.exitCode).toBe(ours.exitCode);
  return { lines: ours.serial.split("\n").length - 2, instructions: instructionCount(kernel) };
}

describe.skipIf(missing !== undefined)(`i386 fuzz: the in-game machine agrees with qemu-system-i386 ${missing ? `(skipped: ${missing})` : ""}`, () => {
  for (const seed of seeds([1, 2, 3])) {
    it(`seed ${seed}: ${CASES} cases of 1–4 random instructions print the same registers, flags and memory`, async () => {
      const r = await agree(generateFuzzKernel(seed, CASES), `fuzz-${seed}`);
      expect(r.lines).toBe(CASES);
    }, 60_000);
  }
  for (const seed of seeds([1, 2])) {
    it(`faults, seed ${seed}: ${FAULT_CASES} divides, int n, int3, into, ud2 report the same vector, error code and saved EIP`, async () => {
      const kernel = generateFaultKernel(seed, FAULT_CASES);
      const r = await agree(kernel, `fault-${seed}`);
      expect(r.lines).toBe(FAULT_CASES);
    }, 60_000);
  }
});
