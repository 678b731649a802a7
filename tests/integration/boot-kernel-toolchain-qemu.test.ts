// Real QEMU boots what our toolchain builds: `qemu-system-i386 -kernel` runs the kernel (serial "OK", debug-exit 33),
// and its Multiboot header scan accepts exactly the files findMultibootHeader accepts.
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { buildKernel } from "../../shared/levels/boot-kernel/linker.ts";
import { findMultibootHeader } from "../../shared/levels/boot-kernel/multiboot.ts";
import { OK_KERNEL, STANDARD_SCRIPT } from "../unit/boot-kernel/kernel-fixtures.ts";

const QEMU = "qemu-system-i386";
const HAVE_QEMU = spawnSync(QEMU, ["--version"], { timeout: 10000 }).status === 0;
const dir = mkdtempSync(join(tmpdir(), "bma-k1-qemu-"));

interface Boot { exitCode: number | null; serial: string; stderr: string }

/** Boots a kernel with a 10 s limit; QEMU is killed in finally whatever happens. */
async function boot(elf: Uint8Array, name: string): Promise<Boot> {
  const kernel = join(dir, `${name}.elf`);
  const serialFile = join(dir, `${name}.serial`);
  writeFileSync(kernel, elf);
  const child = spawn(QEMU, ["-kernel", kernel, "-display", "none", "-serial", `file:${serialFile}`, "-monitor", "none",
    "-device", "isa-debug-exit,iobase=0xf4,iosize=0x04", "-no-reboot"], { stdio: ["ignore", "ignore", "pipe"] });
  let stderr = "";
  child.stderr.on("data", (d: Buffer) => { stderr += d.toString(); });
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    const exitCode = await new Promise<number | null>((resolve) => {
      timer = setTimeout(() => resolve(null), 10000);
      child.on("exit", (code) => resolve(code));
    });
    return { exitCode, serial: existsSync(serialFile) ? readFileSync(serialFile, "utf8") : "", stderr };
  } finally {
    if (timer) clearTimeout(timer);
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  }
}

function build(text: string, script = STANDARD_SCRIPT): Uint8Array {
  const r = buildKernel([{ name: "kernel.s", text }], script);
  if (!r.ok) throw new Error(r.error.message);
  return r.value.elf;
}

/** A kernel whose header sits `pad` bytes into the first output section, with a checksum off by `delta`. */
function headerAt(pad: number, delta = 0): string {
  return `.intel_syntax noprefix
.section .multiboot, "a"
.skip ${pad}
.long 0x1BADB002, 0, -0x1BADB002 + ${delta}
.text
.global _start
_start:
  mov dx, 0x3f8
  mov al, 'K'
  out dx, al
  mov al, 0x10
  out 0xf4, al
`;
}

describe.skipIf(!HAVE_QEMU)("qemu-system-i386 -kernel boots our toolchain's output", () => {
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("the OK kernel writes OK to COM1 and exits through isa-debug-exit with (0x10 << 1) | 1 = 33", { timeout: 20000 }, async () => {
    const r = await boot(build(OK_KERNEL), "ok");
    expect(r.serial).toBe("OK");
    expect(r.exitCode).toBe(33);
  });

  it.each([
    ["header at file offset 8140 (last one QEMU checks)", 8140 - 4096, 0, true],
    ["header at file offset 8144", 8144 - 4096, 0, false],
    ["header beyond 8 KiB", 12288 - 4096, 0, false],
    ["checksum off by one", 0, 1, false],
  ])("%s: QEMU boots it exactly when findMultibootHeader finds it", { timeout: 20000 }, async (name, pad, delta, bootable) => {
    const elf = build(headerAt(pad as number, delta as number), "ENTRY(_start)\nSECTIONS { . = 1M; .text : { KEEP(*(.multiboot)) *(.text) } }");
    expect(findMultibootHeader(elf) !== undefined).toBe(bootable);
    const r = await boot(elf, String(name).replace(/\W+/g, "-"));
    if (bootable) expect([r.serial, r.exitCode]).toEqual(["K", 33]);
    else {
      expect(r.exitCode).toBe(1);
      expect(r.stderr).toContain("Error loading uncompressed kernel without PVH ELF Note");
    }
  });
});
