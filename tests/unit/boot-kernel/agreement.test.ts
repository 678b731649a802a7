import { describe, expect, it } from "vitest";
import { bootLikeQemu, compareWithQemu, type BootOutcome } from "../../../shared/levels/boot-kernel/agreement.ts";
import { buildKernel } from "../../../shared/levels/boot-kernel/linker.ts";
import { generate } from "../../../shared/levels/boot-kernel/blocks.ts";
import { QEMU_NO_MULTIBOOT } from "../../../shared/levels/boot-kernel/loader.ts";
import { goldenKernel } from "../../../shared/levels/boot-kernel/solutions.ts";

function screen(text: string, attribute = 0x07): Uint8Array {
  const vga = new Uint8Array(4000);
  for (let i = 0; i < 2000; i++) { vga[i * 2] = 0x20; vga[i * 2 + 1] = 0x07; }
  for (let i = 0; i < text.length; i++) { vga[i * 2] = text.charCodeAt(i); vga[i * 2 + 1] = attribute; }
  return vga;
}
const base: BootOutcome = { loaderError: "", serial: "ok\n", vga: screen("Hello"), shutdown: false, exitCode: null };
const qemuOf = (o: BootOutcome, stderr = o.loaderError) => ({ serial: o.serial, vga: o.vga, shutdown: o.shutdown, exitCode: o.exitCode, stderr: stderr + "\n" });

describe("agreement with QEMU: what is compared", () => {
  it("equal outcomes agree", () => {
    expect(compareWithQemu(base, qemuOf(base))).toEqual({ agree: true, differences: [], rows: [] });
  });

  it("each part a player can see is compared: serial, loader error, shutdown, debug-exit, characters, colours", () => {
    expect(compareWithQemu(base, { ...qemuOf(base), serial: "ok" }).differences).toEqual(['serial: ours "ok\\n", QEMU "ok"']);
    expect(compareWithQemu(base, qemuOf(base, QEMU_NO_MULTIBOOT)).differences[0]).toMatch(/^loader: ours "", QEMU "qemu-system-i386: Error loading/);
    expect(compareWithQemu(base, { ...qemuOf(base), shutdown: true }).differences).toEqual(["shutdown: ours false, QEMU true"]);
    expect(compareWithQemu(base, { ...qemuOf(base), vga: null, exitCode: 33 }).differences).toEqual(["debug-exit: ours null, QEMU 33"]);
    const text = compareWithQemu(base, { ...qemuOf(base), vga: screen("Hellp") });
    expect(text.rows).toEqual([{ row: 0, ours: "Hello", qemu: "Hellp" }]);
    const colour = compareWithQemu(base, { ...qemuOf(base), vga: screen("Hello", 0x1f) });
    expect(colour.differences).toEqual(["VGA: 1 row differ (0)"]);
    expect(colour.rows[0]!.ours).toBe("(same characters, other colours)");
  });

  it("our machine boots a golden kernel as QEMU -no-reboot would: banner on screen, the task on serial", () => {
    const k = goldenKernel(8);
    const linked = buildKernel([{ name: "kernel.s", text: generate(k.blocks, k.optLevel).source }], k.linkerScript);
    if (!linked.ok) throw new Error(linked.error.message);
    const o = bootLikeQemu(linked.value.elf, 5_000_000);
    expect(o.loaderError).toBe("");
    expect(o.serial).toContain("timer task completed");
    expect(String.fromCharCode(...Array.from({ length: 18 }, (_, i) => o.vga![i * 2]!))).toBe("RUST KERNEL v0.1.0");
    expect(bootLikeQemu(new Uint8Array(64), 1000).loaderError).not.toBe("");
  });
});
