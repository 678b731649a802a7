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
import {
  compareFuzzSerial, deviceProbeKernel, type DeviceProbe, FUZZ_SCRIPT, type FuzzKernel, generateFaultKernel, generateFuzzKernel, instructionCount,
  IRQ0_PROBES,
} from "../support/i386-fuzz.ts";
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

/** Device registers read back in both machines (COM1 at 0x3f8, CRTC at 0x3d4/0x3d5, PICs at 0x20/0xa0). */
const read = (name: string, port: number, before: [number, number][] = []): DeviceProbe => ({ name, port, before });
const DEVICE_PROBES: DeviceProbe[] = [
  read("COM1 LSR at reset", 0x3fd), read("COM1 MSR", 0x3fe), read("COM1 IIR", 0x3fa), read("COM1 IER", 0x3f9),
  read("COM1 LCR", 0x3fb), read("COM1 MCR", 0x3fc), read("COM1 SCR", 0x3ff),
  read("COM1 DLL (DLAB on)", 0x3f8, [[0x3fb, 0x80]]), read("COM1 DLM", 0x3f9),
  read("COM1 DLL after writing 3", 0x3f8, [[0x3f8, 0x03], [0x3f9, 0x00]]), read("COM1 LCR 8N1", 0x3fb, [[0x3fb, 0x03]]),
  read("COM1 SCR after 0x5a", 0x3ff, [[0x3ff, 0x5a]]),
  // IER reads back its 4 bits; IIR is not read while IER is set: QEMU then reports a THR-empty interrupt (0x02), and
  // UART interrupts are not modelled (uart.ts).
  read("COM1 IER after 0xff", 0x3f9, [[0x3f9, 0xff]]),
  read("COM1 IIR, FIFO on", 0x3fa, [[0x3f9, 0x00], [0x3fa, 0xc7]]), read("COM1 IIR, FIFO off", 0x3fa, [[0x3fa, 0x00]]),
  read("COM1 MSR in loopback (MCR 0x1e)", 0x3fe, [[0x3fc, 0x1e]]), read("COM1 LSR after a loopback byte", 0x3fd, [[0x3f8, 0xae]]),
  read("COM1 RBR", 0x3f8), read("COM1 LSR after reading RBR", 0x3fd), read("COM1 RBR read again", 0x3f8),
  read("COM1 MSR in loopback (MCR 0x1f)", 0x3fe, [[0x3fc, 0x1f]]), read("COM1 MSR, loopback off", 0x3fe, [[0x3fc, 0x0b]]),
  ...Array.from({ length: 0x19 }, (_, i) => read(`CRTC register 0x${i.toString(16)}`, 0x3d5, [[0x3d4, i]])),
  read("CRTC cursor low after 0x0195", 0x3d5, [[0x3d4, 0x0e], [0x3d5, 0x01], [0x3d4, 0x0f], [0x3d5, 0x95]]), read("CRTC index", 0x3d4),
  read("CRTC cursor high", 0x3d5, [[0x3d4, 0x0e]]), read("CRTC register 0x19", 0x3d5, [[0x3d4, 0x19]]),
  read("CRTC register 0x40", 0x3d5, [[0x3d4, 0x40]]),
  read("CRTC register 0x00 after writing 0x12 (CR11 bit 7 locks CR0-7)", 0x3d5, [[0x3d4, 0x00], [0x3d5, 0x12]]),
  read("CRTC register 0x07 after writing 0xff (bit 4 stays writable)", 0x3d5, [[0x3d4, 0x07], [0x3d5, 0xef]]),
  read("CRTC register 0x01 after unlocking CR11 and writing 0x4e", 0x3d5, [[0x3d4, 0x11], [0x3d5, 0x0e], [0x3d4, 0x01], [0x3d5, 0x4e]]),
  read("PIC master IMR from SeaBIOS", 0x21), read("PIC slave IMR from SeaBIOS", 0xa1),
  read("PIC master IMR after ICW1-4 (PIT stopped first)", 0x21, [[0x43, 0x30], [0x20, 0x11], [0xa0, 0x11], [0x21, 0x20], [0xa1, 0x28], [0x21, 0x04], [0xa1, 0x02], [0x21, 0x01], [0xa1, 0x01]]),
  read("PIC slave IMR after ICW1-4", 0xa1), read("PIC master IRR after ICW1", 0x20), read("PIC slave IRR after ICW1", 0xa0),
  read("PIC master ISR (OCW3 0x0b)", 0x20, [[0x20, 0x0b]]), read("PIC master IMR 0xfc", 0x21, [[0x21, 0xfc]]), read("PIC slave IMR 0xff", 0xa1, [[0xa1, 0xff]]),
];

describe.skipIf(missing !== undefined)(`i386 fuzz: the in-game machine agrees with qemu-system-i386 ${missing ? `(skipped: ${missing})` : ""}`, () => {
  for (const seed of seeds([1, 2, 3])) {
    it(`seed ${seed}: ${CASES} cases of 1–4 random instructions print the same registers, flags and memory`, async () => {
      const r = await agree(generateFuzzKernel(seed, CASES), `fuzz-${seed}`);
      expect(r.lines).toBe(CASES);
    }, 60_000);
  }
  it("device registers (COM1, CRTC, PICs) and one IRQ 0 read back the same values", async () => {
    const kernel = deviceProbeKernel(DEVICE_PROBES);
    const built = buildKernel(kernel.sources, FUZZ_SCRIPT);
    if (!built.ok) throw new Error(built.error.message);
    const path = join(dir, "devices.elf");
    writeFileSync(path, built.value.elf);
    const ours = bootLikeQemu(built.value.elf, 10_000_000);
    const qemu = await bootInQemu(path, { marker: kernel.marker, timeoutMs: 20_000 });
    const names = [...DEVICE_PROBES.map((p) => p.name), ...IRQ0_PROBES];
    const a = ours.serial.split("\n")[0]!.trim().split(" "), b = qemu.serial.split("\n")[0]!.trim().split(" ");
    const table = names.map((n, i) => `${a[i] === b[i] ? " " : "≠"} ${n}: ours ${a[i]} QEMU ${b[i]}`);
    expect(table.filter((l) => l.startsWith("≠")), table.join("\n")).toEqual([]);
    expect(a.length).toBe(names.length);
    expect(qemu.serial).toBe(ours.serial);
  }, 30_000);

  for (const seed of seeds([1, 2])) {
    it(`faults, seed ${seed}: ${FAULT_CASES} divides, int n, int3, into, ud2 report the same vector, error code and saved EIP`, async () => {
      const kernel = generateFaultKernel(seed, FAULT_CASES);
      const r = await agree(kernel, `fault-${seed}`);
      expect(r.lines).toBe(FAULT_CASES);
    }, 60_000);
  }
});
