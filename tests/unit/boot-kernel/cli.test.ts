/**
 * bma kernel: build a stage's golden kernel (or a kernel JSON file) into a Multiboot ELF with the project's own
 * toolchain, and run an ELF in the in-game machine, printing VGA text, serial output and faults as JSON.
 * Exit codes 0 (built / ran), 1 (build failed or loader refused), 2 (usage or input error).
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { goldenKernel } from "../../../shared/levels/boot-kernel/solutions.ts";

const ROOT = join(import.meta.dirname, "../../..");
const dir = mkdtempSync(join(tmpdir(), "bma-kernel-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function bma(...args: string[]) {
  const r = spawnSync(process.execPath, [join(ROOT, "bin/bma.mjs"), "kernel", ...args], { encoding: "utf8", timeout: 30_000 });
  return { status: r.status, json: JSON.parse(r.stdout) };
}

describe("bma kernel", () => {
  it("builds stage 8's golden kernel into an ELF whose run shows the banner and the executor's log (exit 0)", { timeout: 60_000 }, () => {
    const elf = join(dir, "k8.elf");
    const built = bma("build", "8", "-o", elf, "--source", join(dir, "k8.s"));
    expect(built.status).toBe(0);
    expect(built.json).toMatchObject({ built: true, entry: expect.any(Number) });
    expect(built.json.sections.map((s: { name: string }) => s.name)).toEqual([".text", ".rodata", ".data", ".bss"]);
    expect([...readFileSync(elf).subarray(0, 4)]).toEqual([0x7f, 0x45, 0x4c, 0x46]);
    expect(readFileSync(join(dir, "k8.s"), "utf8")).toMatch(/^\.intel_syntax noprefix/);
    const ran = bma("run", elf);
    expect(ran.status).toBe(0);
    expect(ran.json.vga.slice(0, 6)).toContain("RUST KERNEL v0.1.0");
    expect(ran.json.vga).toContain("Hello, World!");
    expect(ran.json.serial).toBe("[executor] timer task completed\n");
    expect(ran.json.stop).toBe("halted-forever");
  });

  it("builds a kernel JSON file; a kernel without a Multiboot header is refused by the loader in QEMU's words (exit 1)", { timeout: 60_000 }, () => {
    const k = goldenKernel(1);
    const file = join(dir, "headless.json");
    writeFileSync(file, JSON.stringify({ ...k, blocks: k.blocks.filter((b) => b.kind !== "multiboot") }));
    const elf = join(dir, "headless.elf");
    expect(bma("build", file, "-o", elf).status).toBe(0);
    const ran = bma("run", elf);
    expect(ran.status).toBe(1);
    expect(ran.json.loaderError).toBe("qemu-system-i386: Error loading uncompressed kernel without PVH ELF Note");
  });

  it("a triple-faulting kernel shows its resets and the fault log", { timeout: 60_000 }, () => {
    const file = join(dir, "df.json");
    const k = goldenKernel(7);
    const blocks = k.blocks.filter((b) => b.kind !== "exception-handler").map((b) => (b.kind === "idt" ? { ...b, vectors: [] } : b));
    writeFileSync(file, JSON.stringify({ ...k, blocks }));
    expect(bma("build", file, "-o", join(dir, "df.elf")).status).toBe(0);
    const ran = bma("run", join(dir, "df.elf"));
    expect(ran.json.resets).toBeGreaterThan(0);
    expect(ran.json.faults.some((l: string) => l.startsWith("check_exception old: 0x0 new 0xd"))).toBe(true);
  });

  it("exits 2 on a bad stage, a malformed kernel file or a missing -o", { timeout: 60_000 }, () => {
    expect(bma("build", "9", "-o", join(dir, "x.elf")).status).toBe(2);
    const bad = join(dir, "bad.json");
    writeFileSync(bad, JSON.stringify({ blocks: [{ kind: "pit", hz: 1 }], linkerScript: "", optLevel: 0 }));
    const r = bma("build", bad, "-o", join(dir, "x.elf"));
    expect(r.status).toBe(2);
    expect(r.json.error.message).toMatch(/block 0: hz must be an integer/);
    expect(bma("build", "1").status).toBe(2);
  });
});
