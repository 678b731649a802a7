/**
 * bma kernel build <stage number | kernel.json> -o kernel.elf — a boot-kernel kernel built by the project's own
 *   assembler and linker into a Multiboot ELF that `qemu-system-i386 -kernel` boots. A number builds that stage's
 *   golden solution; a JSON file holds {blocks, linkerScript, optLevel} (the level state's fields). `--source f.s`
 *   also writes the generated GNU as source.
 * bma kernel run <kernel.elf> [--budget N] — boots an ELF in the in-game machine and prints, as JSON, the VGA text,
 *   the serial output, the fault log (`qemu -d int` style), resets and the isa-debug-exit code.
 * bma kernel compare <kernel.elf> [--budget N] [--settle-ms N] [--marker TEXT] — boots any ELF in the in-game machine
 *   and in Debian's real `qemu-system-i386 -kernel … -no-reboot`, and prints whether they agree on what a player can
 *   see (loader error, serial output, all 4000 bytes of VGA text memory, shutdown, debug-exit code) and where not.
 *   QEMU runs until the kernel exits, shuts down, halts for good (cli; hlt), prints TEXT on serial, or `--settle-ms`
 *   passes (default 5000).
 * Exit codes: 0 success (compare: they agree), 1 the build failed, the loader refused the file, or (compare) they
 *   disagree, 2 usage or input error (or QEMU is not installed).
 */
import { readFileSync, writeFileSync } from "node:fs";
import { parseBlock, type KernelSource } from "../../shared/levels/boot-kernel/actions.ts";
import { generate, MAX_SCRIPT_CHARS } from "../../shared/levels/boot-kernel/blocks.ts";
import { faultLogText } from "../../shared/levels/boot-kernel/fault-log.ts";
import { buildKernel } from "../../shared/levels/boot-kernel/linker.ts";
import { createMachine, runMachine, serialOutput, vgaText } from "../../shared/levels/boot-kernel/machine.ts";
import { goldenKernel } from "../../shared/levels/boot-kernel/solutions.ts";
import { STAGES } from "../../shared/levels/boot-kernel/stages.ts";
import { bootLikeQemu, compareWithQemu } from "../../shared/levels/boot-kernel/agreement.ts";
import { vgaLinesFromCells } from "../../shared/levels/boot-kernel/vga.ts";
import { bootInQemu, qemuMissingReason } from "../qemu.ts";
import { fail, print, type Command } from "./io.ts";

export const usage = "bma kernel build <stage|kernel.json> -o <kernel.elf> [--source <kernel.s>] | bma kernel run <kernel.elf> [--budget N] | bma kernel compare <kernel.elf> [--budget N] [--settle-ms N] [--marker TEXT]";

const MAX_FILE = 1 << 20;
const DEFAULT_BUDGET = 5_000_000;

function readOrFail(file: string): Buffer {
  try {
    const bytes = readFileSync(file);
    if (bytes.length > MAX_FILE) fail("E_TOO_BIG", `${file} is larger than ${MAX_FILE} bytes.`);
    return bytes;
  } catch (e) {
    return fail("E_READ", `Cannot read ${file}: ${(e as Error).message}`);
  }
}

function option(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
}

/** A kernel from a stage number (its golden solution) or a JSON file of blocks, script and opt-level. */
function kernelFrom(spec: string): KernelSource {
  if (/^\d+$/.test(spec)) {
    const stage = Number(spec);
    if (!STAGES.some((s) => s.id === stage)) fail("E_USAGE", `stage must be one of ${STAGES.map((s) => s.id).join(", ")}`);
    return goldenKernel(stage);
  }
  let json: unknown;
  try {
    json = JSON.parse(readOrFail(spec).toString("utf8"));
  } catch (e) {
    fail("E_JSON", `${spec} is not JSON: ${(e as Error).message}`);
  }
  const o = json as Partial<Record<keyof KernelSource, unknown>>;
  if (!Array.isArray(o.blocks) || typeof o.linkerScript !== "string" || o.linkerScript.length > MAX_SCRIPT_CHARS || (o.optLevel !== 0 && o.optLevel !== 1)) {
    fail("E_KERNEL", `${spec} must be {blocks: [...], linkerScript: string (≤ ${MAX_SCRIPT_CHARS} chars), optLevel: 0 | 1}`);
  }
  const blocks = o.blocks.map((b, i) => {
    const parsed = parseBlock(b);
    if (!parsed.ok) fail(parsed.error.code, `block ${i}: ${parsed.error.message}`);
    return parsed.value;
  });
  return { blocks, linkerScript: o.linkerScript, optLevel: o.optLevel };
}

export const run: Command = (args) => {
  const [sub, target] = args;
  if (sub === "build" && target) {
    const out = option(args, "-o");
    if (!out) fail("E_USAGE", `usage: ${usage}`);
    const k = kernelFrom(target);
    const g = generate(k.blocks, k.optLevel);
    const sourceOut = option(args, "--source");
    if (sourceOut) writeFileSync(sourceOut, g.source);
    if (g.errors.length > 0) {
      print({ built: false, errors: g.errors });
      return 1;
    }
    const linked = buildKernel([{ name: "kernel.s", text: g.source }], k.linkerScript);
    if (!linked.ok) {
      print({ built: false, errors: [linked.error] });
      return 1;
    }
    writeFileSync(out, linked.value.elf);
    print({ built: true, file: out, bytes: linked.value.elf.length, entry: linked.value.image.entry, deletedStores: g.deleted,
      sections: linked.value.image.sections.filter((s) => s.addr !== 0).map((s) => ({ name: s.name, addr: `0x${s.addr.toString(16)}`, size: s.size })) });
    return 0;
  }
  if (sub === "run" && target) {
    const budget = budgetOption(args);
    const machine = createMachine(new Uint8Array(readOrFail(target)));
    if (!machine.ok) {
      print({ file: target, loaded: false, loaderError: machine.error.message });
      return 1;
    }
    const pc = machine.value;
    const ran = runMachine(pc, { instructions: budget });
    print({
      file: target, loaded: true, stop: ran.stop, instructions: pc.instructions, resets: pc.resets, exitCode: pc.exitCode,
      vga: vgaText(pc).map((l) => l.trimEnd()), serial: serialOutput(pc), faults: faultLogText(pc.faults).split("\n").filter((l) => l),
    });
    return 0;
  }
  if (sub === "compare" && target) return compare(target, args);
  return fail("E_USAGE", `usage: ${usage}`);
};

function budgetOption(args: string[]): number {
  const text = option(args, "--budget");
  const budget = text === undefined ? DEFAULT_BUDGET : Number(text);
  if (!Number.isInteger(budget) || budget < 1 || budget > 1_000_000_000) fail("E_USAGE", "--budget must be an integer from 1 to 1000000000");
  return budget;
}

async function compare(file: string, args: string[]): Promise<number> {
  const missing = qemuMissingReason();
  if (missing) fail("E_NO_QEMU", missing);
  const settleText = option(args, "--settle-ms");
  const settleMs = settleText === undefined ? 5_000 : Number(settleText);
  if (!Number.isInteger(settleMs) || settleMs < 100 || settleMs > 60_000) fail("E_USAGE", "--settle-ms must be an integer from 100 to 60000");
  const marker = option(args, "--marker");
  const ours = bootLikeQemu(new Uint8Array(readOrFail(file)), budgetOption(args));
  const qemu = await bootInQemu(file, { settleMs, timeoutMs: settleMs + 15_000, ...(marker !== undefined ? { marker } : {}) });
  const verdict = compareWithQemu(ours, qemu);
  const screen = (vga: Uint8Array | null) => (vga ? vgaLinesFromCells(vga).map((l) => l.trimEnd()) : null);
  print({
    file, agree: verdict.agree, differences: verdict.differences, rows: verdict.rows,
    ours: { loaderError: ours.loaderError, serial: ours.serial, shutdown: ours.shutdown, exitCode: ours.exitCode, vga: screen(ours.vga) },
    qemu: { stderr: qemu.stderr.trim(), serial: qemu.serial, shutdown: qemu.shutdown, exitCode: qemu.exitCode, vga: screen(qemu.vga) },
  });
  return verdict.agree ? 0 : 1;
}
