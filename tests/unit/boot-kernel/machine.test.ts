/**
 * The whole PC: the Multiboot loader (QEMU's messages and entry state), devices through ports, time and hlt,
 * halted-forever, isa-debug-exit, the triple-fault reset loop and -no-reboot, snapshots. Kernels are hand-encoded
 * (kernel-image.ts); the QEMU agreement is in tests/integration/boot-kernel-machine-qemu.test.ts.
 */
import { describe, expect, it } from "vitest";
import { faultLogHeadlines } from "../../../shared/levels/boot-kernel/fault-log.ts";
import { QEMU_BAD_ELF, QEMU_NO_MULTIBOOT, QEMU_VBE_WARNING } from "../../../shared/levels/boot-kernel/loader.ts";
import { createMachine, runMachine, serialOutput, stackView, vgaText, type PcState } from "../../../shared/levels/boot-kernel/machine.ts";
import { read32, residentPages } from "../../../shared/levels/boot-kernel/memory.ts";
import { picView } from "../../../shared/levels/boot-kernel/pic.ts";
import { pitView } from "../../../shared/levels/boot-kernel/pit.ts";
import { EAX, EBX, ESP } from "../../../shared/levels/boot-kernel/registers.ts";
import { vgaCursor } from "../../../shared/levels/boot-kernel/vga.ts";
import { ENTRY, kernelElf, le32, multibootHeader } from "./kernel-image.ts";

function boot(code: number[], opts: Parameters<typeof createMachine>[1] = {}): PcState {
  const m = createMachine(kernelElf(code), opts);
  if (!m.ok) throw new Error(m.error.message);
  return m.value;
}

const CLI_HLT = [0xfa, 0xf4];
/** mov dx, 0x3f8; mov al, c; out dx, al  — for each character. */
const serialChars = (s: string) => [...s].flatMap((c) => [0x66, 0xba, 0xf8, 0x03, 0xb0, c.charCodeAt(0), 0xee]);

describe("Multiboot loader", () => {
  it("rejects a kernel without a header in QEMU's words", () => {
    const m = createMachine(kernelElf(CLI_HLT, { header: [0, 0, 0, 0] }));
    expect(m.ok).toBe(false);
    if (!m.ok) expect(m.error.message).toBe(QEMU_NO_MULTIBOOT);
  });
  it("a bad checksum is the same as no header", () => {
    const m = createMachine(kernelElf(CLI_HLT, { header: multibootHeader(3, 1) }));
    expect(!m.ok && m.error.message).toBe(QEMU_NO_MULTIBOOT);
  });
  it("a header on a file that is not an ELF: Error while loading elf kernel", () => {
    const raw = new Uint8Array([...multibootHeader(), ...CLI_HLT]);
    const m = createMachine(raw);
    expect(!m.ok && m.error.message).toBe(QEMU_BAD_ELF);
  });
  it("the video flag only warns, as QEMU does", () => {
    const m = createMachine(kernelElf(CLI_HLT, { header: multibootHeader(7) }));
    expect(m.ok && m.value.boot.warnings).toEqual([QEMU_VBE_WARNING]);
  });
  it("entry state is QEMU's: EAX magic, EBX 0x9500, ESP 0x6f08, EFLAGS 0x6, IDTR = real-mode IVT", () => {
    const pc = boot(CLI_HLT);
    expect(pc.cpu.regs[EAX] >>> 0).toBe(0x2badb002);
    expect(pc.cpu.regs[EBX]).toBe(0x9500);
    expect(pc.cpu.regs[ESP]).toBe(0x6f08);
    expect(pc.cpu.eflags).toBe(0x6);
    expect(pc.cpu.eip).toBe(ENTRY);
    expect(pc.cpu.idtr).toEqual({ base: 0, limit: 0x3ff });
    expect(read32(pc.mem, 0x9500)).toBe(0x24f);
    expect(read32(pc.mem, 0x9504)).toBe(639);
    expect(read32(pc.mem, 0x9508)).toBe(129920);
    expect(read32(pc.mem, 0x9500 + 48)).toBe(0x9000);
  });
  it("bss is zeroed and the SeaBIOS screen is there with the cursor on row 8", () => {
    const pc = boot(CLI_HLT);
    expect(read32(pc.mem, 0x101000)).toBe(0);
    expect(vgaText(pc)[0]!.trimEnd()).toBe("SeaBIOS (version 1.16.2-debian-1.16.2-1)");
    expect(vgaText(pc)[7]!.trimEnd()).toBe("Booting from ROM...");
    expect(vgaCursor(pc.vga)).toMatchObject({ row: 8, column: 0 });
  });
  it("state stays small: only touched 4 KiB pages exist", () => {
    const pc = boot(CLI_HLT);
    expect(residentPages(pc.mem).length).toBeLessThan(12);
  });
});

describe("running", () => {
  it("cli; hlt is halted forever and the run stops early", () => {
    const pc = boot(CLI_HLT);
    const ev = runMachine(pc, { instructions: 1_000_000 });
    expect(ev.stop).toBe("halted-forever");
    expect(ev.executed).toBe(2);
  });
  it("serial bytes appear in order and debug-exit stops with (v << 1) | 1", () => {
    const pc = boot([...serialChars("hi\n"), 0xb0, 0x10, 0xe6, 0xf4, ...CLI_HLT]);
    const ev = runMachine(pc, { instructions: 1000 });
    expect(ev.serial).toBe("hi\n");
    expect(serialOutput(pc)).toBe("hi\n");
    expect(ev.stop).toBe("exited");
    expect(pc.exitCode).toBe(0x21);
  });
  it("a budget stops a spinning kernel exactly and a second run continues it", () => {
    const pc = boot([0xeb, 0xfe]); // jmp .
    expect(runMachine(pc, { instructions: 5000 }).executed).toBe(5000);
    expect(runMachine(pc, { instructions: 7 }).executed).toBe(7);
    expect(pc.instructions).toBe(5007);
  });
  it("sti; hlt sleeps until the BIOS-programmed PIT tick (18.2 Hz) without spinning", () => {
    // IDT with limit 0 would triple-fault: instead point vector 8 at `cli; hlt` via an IDT at 0x3000 built in code.
    const gateLow = (ENTRY + 64) & 0xffff, gateHigh = (ENTRY + 64) >>> 16;
    const code = [
      0xc7, 0x05, ...le32(0x3000 + 64), ...le32((0x08 << 16) | gateLow), // mov dword ptr [0x3040], sel:offset low
      0xc7, 0x05, ...le32(0x3000 + 68), ...le32((gateHigh << 16) | 0x8e00), // mov dword ptr [0x3044], offset high | type
      0x0f, 0x01, 0x1d, ...le32(ENTRY + 48), // lidt [idtr]
      0xbc, ...le32(0x80000), // mov esp, 0x80000
      0xfb, 0xf4, // sti; hlt
    ];
    while (code.length < 48) code.push(0x90);
    const idtr = [0xff, 0x00, ...le32(0x3000)]; // at ENTRY + 48
    const body = [...code, ...idtr, ...Array(10).fill(0x90), ...serialChars("T"), ...CLI_HLT]; // handler at ENTRY + 64
    const pc = boot(body);
    const ev = runMachine(pc, { instructions: 10_000 });
    expect(ev.serial).toBe("T");
    expect(ev.executed).toBeLessThan(100);
    expect(pc.time).toBeGreaterThan(500_000); // 65536 / 1.193182 MHz = 54.9 ms = 549,254 instructions at 10 MIPS
    expect(faultLogHeadlines(pc.faults)[0]).toBe("Servicing hardware INT=0x08");
  });
  it("a triple fault reboots the image (count resets) until the reboot-loop limit; -no-reboot shuts down", () => {
    const pc = boot([...serialChars("B"), 0x0f, 0x0b], { resetLimit: 3 }); // print B, then ud2 with the IVT as IDT
    const ev = runMachine(pc, { instructions: 10_000 });
    expect(ev.stop).toBe("reboot-loop");
    expect(pc.resets).toBe(4);
    expect(serialOutput(pc)).toBe("BBBB");
    expect(faultLogHeadlines(pc.faults).filter((l) => l === "Triple fault")).toHaveLength(4);
    const once = boot([0x0f, 0x0b], { noReboot: true });
    expect(runMachine(once, { instructions: 100 }).stop).toBe("shutdown");
  });
  it("snapshots: structuredClone then N instructions equals N instructions on the original", () => {
    const pc = boot([0x40, 0x01, 0xc3, 0xeb, 0xfb]); // inc eax; add ebx, eax; jmp back
    runMachine(pc, { instructions: 100 });
    const copy = structuredClone(pc);
    runMachine(pc, { instructions: 1000 });
    runMachine(copy, { instructions: 1000 });
    expect(Array.from(copy.cpu.regs)).toEqual(Array.from(pc.cpu.regs));
    expect(copy.instructions).toBe(pc.instructions);
  });
  it("views: PIC as SeaBIOS leaves it, PIT at 18.2 Hz, stack depth against the stack symbols", () => {
    const pc = boot(CLI_HLT);
    expect(picView(pc.pic).map((c) => [c.vectorBase, c.imr, c.initialisedByKernel])).toEqual([[8, 0xb8, false], [0x70, 0x8e, false]]);
    expect(pitView(pc.pit)).toMatchObject({ mode: 3, divisor: 65536, hz: "18.207" });
    pc.cpu.regs[ESP] = 0x101f00;
    expect(stackView(pc, { low: 0x101000, high: 0x102000 })).toMatchObject({ depth: 0x100, inRange: true });
  });
});
