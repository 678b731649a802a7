/**
 * The Multiboot loader as `qemu-system-i386 -kernel` runs it (loader.ts): every refusal in QEMU's own words, the
 * Multiboot information structure the kernel finds through EBX (QEMU 7.2, -m 128), and the register state at the
 * first instruction. The words and values were measured with Debian's QEMU (see loader.ts); the QEMU agreement tests
 * (tests/integration/boot-kernel-*.test.ts) boot the same kinds of image in real QEMU.
 */
import { describe, expect, it } from "vitest";
import {
  ENTRY_EDI, ENTRY_EDX, ENTRY_EFLAGS, ENTRY_ESP, loadMultiboot, MULTIBOOT_INFO_ADDR, MULTIBOOT_MMAP_ADDR, QEMU_BAD_ELF,
  QEMU_NO_MULTIBOOT, QEMU_VBE_WARNING, QEMU_X86_64, ROM_GDT_ADDR,
} from "../../../shared/levels/boot-kernel/loader.ts";
import { createMachine, runMachine } from "../../../shared/levels/boot-kernel/machine.ts";
import { read32, read8 } from "../../../shared/levels/boot-kernel/memory.ts";
import type { MemoryState } from "../../../shared/levels/boot-kernel/memory.ts";
import { EAX, EBP, EBX, ECX, EDI, EDX, ESI, ESP } from "../../../shared/levels/boot-kernel/registers.ts";
import { ENTRY, kernelElf, multibootHeader } from "./kernel-image.ts";

const CLI_HLT = [0xfa, 0xf4];

function refusal(elf: Uint8Array): { code: string; message: string } | undefined {
  const r = loadMultiboot(elf);
  return r.ok ? undefined : { code: r.error.code, message: r.error.message };
}

function cString(mem: MemoryState, at: number): string {
  let s = "";
  for (let c = read8(mem, at); c !== 0 && s.length < 256; c = read8(mem, at + s.length)) s += String.fromCharCode(c);
  return s;
}

describe("loader refusals, in QEMU's words", () => {
  const cases: [string, () => Uint8Array, string][] = [
    ["no header at all", () => kernelElf(CLI_HLT, { header: [0, 0, 0, 0] }), QEMU_NO_MULTIBOOT],
    ["a checksum off by one", () => kernelElf(CLI_HLT, { header: multibootHeader(3, 1) }), QEMU_NO_MULTIBOOT],
    ["a header 2 bytes off 4-byte alignment", () => kernelElf(CLI_HLT, { header: [0, 0, ...multibootHeader(), 0, 0] }), QEMU_NO_MULTIBOOT],
    ["a header past the first 8 KiB of the file", () => kernelElf(CLI_HLT, { header: [...new Array<number>(8192).fill(0), ...multibootHeader()] }), QEMU_NO_MULTIBOOT],
    ["an x86-64 ELF (e_machine 62)", () => { const e = kernelElf(CLI_HLT); e[18] = 62; e[19] = 0; return e; }, QEMU_X86_64],
    ["a header in a file that is not ELF", () => new Uint8Array([...multibootHeader(), ...CLI_HLT]), QEMU_BAD_ELF],
    ["an ELF for another machine (e_machine 40, ARM)", () => { const e = kernelElf(CLI_HLT); e[18] = 40; return e; }, QEMU_BAD_ELF],
  ];
  for (const [what, make, words] of cases) {
    it(`${what}: "${words}"`, () => {
      expect(refusal(make())?.message).toBe(words);
    });
  }

  it("QEMU's exact sentences (qemu-system-i386 7.2 stderr)", () => {
    expect(QEMU_NO_MULTIBOOT).toBe("qemu-system-i386: Error loading uncompressed kernel without PVH ELF Note");
    expect(QEMU_X86_64).toBe("qemu-system-i386: Cannot load x86-64 image, give a 32bit one.");
    expect(QEMU_BAD_ELF).toBe("qemu-system-i386: Error while loading elf kernel");
  });

  it("the a.out address-fields flag (bit 16) is refused with a typed error the player can act on", () => {
    const r = refusal(kernelElf(CLI_HLT, { header: multibootHeader(0x10003) }));
    expect(r?.code).toBe("E_AOUT_KLUDGE");
  });

  it("the video-mode flag (bit 2) only warns, with QEMU's words, and the kernel boots", () => {
    const r = loadMultiboot(kernelElf(CLI_HLT, { header: multibootHeader(7) }));
    expect(r.ok && r.value.boot.warnings).toEqual([QEMU_VBE_WARNING]);
  });

  it("segments below 1 MiB are not refused (QEMU loads them): a kernel at 0x20000 runs", () => {
    const elf = kernelElf([0xb0, 0x07, 0xe6, 0xf4], { textAt: 0x20000 }); // mov al, 7; out 0xf4, al
    const pc = createMachine(elf);
    expect(pc.ok).toBe(true);
    if (!pc.ok) return;
    runMachine(pc.value, { instructions: 100 });
    expect(pc.value.exitCode).toBe(15);
  });

  it("a refused image changes nothing and never throws, whatever the bytes", () => {
    for (const bytes of [new Uint8Array(0), new Uint8Array(3), new Uint8Array([0x7f, 0x45, 0x4c, 0x46]), kernelElf(CLI_HLT).slice(0, 60)]) {
      expect(() => loadMultiboot(bytes)).not.toThrow();
      expect(loadMultiboot(bytes).ok).toBe(false);
    }
  });
});

describe("what the kernel finds at its first instruction (QEMU 7.2, -m 128)", () => {
  const loaded = loadMultiboot(kernelElf(CLI_HLT), 128, "kernel.elf");
  if (!loaded.ok) throw new Error(loaded.error.message);
  const { cpu, mem, boot } = loaded.value;

  it("registers: EAX = 0x2BADB002, EBX = the info structure, ECX = entry, the option ROM's EDX/EDI/ESP, EFLAGS 0x6", () => {
    expect(cpu.regs[EAX] >>> 0).toBe(0x2badb002);
    expect(cpu.regs[EBX]).toBe(MULTIBOOT_INFO_ADDR);
    expect(cpu.regs[ECX]).toBe(ENTRY);
    expect(cpu.regs[EDX]).toBe(ENTRY_EDX);
    expect([cpu.regs[ESI], cpu.regs[EDI], cpu.regs[EBP], cpu.regs[ESP]]).toEqual([0, ENTRY_EDI, 0, ENTRY_ESP]);
    expect(cpu.eip).toBe(ENTRY);
    expect(cpu.eflags).toBe(ENTRY_EFLAGS);
    expect(cpu.eflags & 0x200).toBe(0); // interrupts disabled
    expect(cpu.eflags & (1 << 17)).toBe(0); // not virtual-8086
  });

  it("protected mode without paging, flat segments 0x08/0x10 from the option ROM's GDT, IDTR on the real-mode IVT", () => {
    expect(cpu.cr0).toBe(0x11);
    expect(cpu.segs.map((s) => s.selector)).toEqual([0x10, 0x08, 0x10, 0x10, 0x10, 0x10]);
    expect(cpu.gdtr).toEqual({ base: ROM_GDT_ADDR, limit: 0x27 });
    expect(read32(mem, ROM_GDT_ADDR + 8) >>> 0).toBe(0x0000ffff);
    expect(read32(mem, ROM_GDT_ADDR + 12) >>> 0).toBe(0x00cf9a00); // 0x08: 4 GiB 32-bit code
    expect(read32(mem, ROM_GDT_ADDR + 20) >>> 0).toBe(0x00cf9300); // 0x10: 4 GiB data
    expect(cpu.idtr).toEqual({ base: 0, limit: 0x3ff });
    expect(read32(mem, 8 * 4) >>> 0).toBe(0xf000fea5); // IVT vector 8: SeaBIOS's timer handler
  });

  it("info flags 0x24F, mem_lower 639 KiB, mem_upper 129920 KiB, boot device, no modules", () => {
    const field = (i: number) => read32(mem, MULTIBOOT_INFO_ADDR + i * 4) >>> 0;
    expect(field(0)).toBe(0x24f);
    expect(field(1)).toBe(639);
    expect(field(2)).toBe(129920);
    expect(field(3)).toBe(0x8000ffff);
    expect(field(5)).toBe(0); // mods_count
  });

  it("the command line is the -kernel argument and a space, at the first page after the image; loader name \"qemu\"", () => {
    const cmdline = read32(mem, MULTIBOOT_INFO_ADDR + 16);
    expect(cmdline % 0x1000).toBe(0);
    expect(cmdline).toBeGreaterThanOrEqual(boot.imageHigh);
    expect(cString(mem, cmdline)).toBe("kernel.elf ");
    expect(read32(mem, MULTIBOOT_INFO_ADDR + 24)).toBe(cmdline); // mods_addr
    expect(cString(mem, read32(mem, MULTIBOOT_INFO_ADDR + 64))).toBe("qemu");
  });

  it("the memory map: six e820 entries at 0x9000, RAM from 1 MiB to 128 MiB - 128 KiB", () => {
    expect(read32(mem, MULTIBOOT_INFO_ADDR + 44)).toBe(144);
    expect(read32(mem, MULTIBOOT_INFO_ADDR + 48)).toBe(MULTIBOOT_MMAP_ADDR);
    const entry = (i: number) => [0, 4, 12, 20].map((o) => read32(mem, MULTIBOOT_MMAP_ADDR + i * 24 + o) >>> 0);
    expect(entry(0)).toEqual([20, 0, 0x9fc00, 1]);
    expect(entry(3)).toEqual([20, 0x100000, 0x7ee0000, 1]);
    expect(entry(5)).toEqual([20, 0xfffc0000, 0x40000, 2]);
  });

  it("mem_upper follows -m: 64 MiB gives 64384 KiB", () => {
    const small = loadMultiboot(kernelElf(CLI_HLT), 64);
    expect(small.ok && read32(small.value.mem, MULTIBOOT_INFO_ADDR + 8)).toBe(64384);
  });
});
