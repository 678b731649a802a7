/**
 * The Multiboot v1 loader as QEMU 7.2's `-kernel` runs it (hw/i386/multiboot.c and its option ROM), measured with
 * Debian's qemu-system-i386 here. Every rejected image gets QEMU's own words (it prints them and exits with status 1):
 *
 *  - no header in the first 8 KiB (or a bad checksum, or misaligned): QEMU falls through to its Linux/PVH loader:
 *      "qemu-system-i386: Error loading uncompressed kernel without PVH ELF Note"
 *  - header found, e_machine = EM_X86_64:  "qemu-system-i386: Cannot load x86-64 image, give a 32bit one."
 *  - header found, not a loadable 32-bit ELF (raw binary, wrong machine, truncated):
 *      "qemu-system-i386: Error while loading elf kernel"
 *  - header flag bit 2 (video mode): QEMU warns "multiboot knows VBE. we don't" and boots anyway.
 *  - header flag bit 16 (a.out kludge address fields): not modelled here (the toolchain never sets it): an error.
 * QEMU does NOT reject segments below 1 MiB: a kernel linked at 0x10000 boots (and shares low memory with the IVT,
 * the loader's structures and the stack the option ROM left in ESP).
 *
 * What the kernel finds at entry (read back by a probe kernel and `-d int` register dumps, QEMU 7.2, -m 128):
 *  EAX = 0x2BADB002, EBX = 0x9500 (the info structure), ECX = the entry point, EDX = 0x00010511, ESI = 0, EDI = 0x1000,
 *  EBP = 0, ESP = 0x6F08 (the option ROM's stack, inside conventional memory: "ESP undefined, don't rely on it"),
 *  EFLAGS = 0x00000006 (PF set, IF clear), CR0 = 0x11 (PE, ET), paging off, CS = 0x08, DS = ES = FS = GS = SS = 0x10
 *  from a GDT the ROM left at 0xCB2B8 (limit 0x27), IDTR = base 0, limit 0x3FF (the real-mode IVT!).
 *  Info structure at 0x9500: flags 0x24F (mem, boot_device, cmdline, mods, mmap, boot_loader_name), mem_lower 639,
 *  mem_upper 129920 (KiB from 1 MiB to 0x7FE0000), boot_device 0x8000FFFF, cmdline and mods_addr at the first page
 *  boundary after the kernel image (the cmdline is the -kernel path plus a space), mods_count 0, mmap (6 entries,
 *  144 bytes) at 0x9000, boot_loader_name "qemu" right after the cmdline.
 * The IVT entries, the ROM's GDT and SeaBIOS's screen are written too, since a kernel that takes an exception before
 * `lidt` (or dumps memory) sees them.
 */

import { fail, ok, type Result } from "../../engine/errors.ts";
import { alignUp, parseElf, PT_LOAD } from "./elf.ts";
import { createMemory, type MemoryState, write32, write8, writeBytes } from "./memory.ts";
import { findMultibootHeader, MULTIBOOT_BOOTLOADER_MAGIC, MULTIBOOT_HEADER_FLAGS } from "./multiboot.ts";
import { createCpu, type CpuState, CS, EAX, EBP, EBX, ECX, EDI, EDX, ESI, ESP } from "./registers.ts";
import { paintBiosScreen } from "./vga.ts";

export const QEMU_NO_MULTIBOOT = "qemu-system-i386: Error loading uncompressed kernel without PVH ELF Note";
export const QEMU_X86_64 = "qemu-system-i386: Cannot load x86-64 image, give a 32bit one.";
export const QEMU_BAD_ELF = "qemu-system-i386: Error while loading elf kernel";
export const QEMU_VBE_WARNING = "qemu-system-i386: multiboot knows VBE. we don't";

export const MULTIBOOT_INFO_ADDR = 0x9500;
export const MULTIBOOT_MMAP_ADDR = 0x9000;
export const ENTRY_ESP = 0x6f08;
export const ENTRY_EDX = 0x00010511;
export const ENTRY_EDI = 0x1000;
export const ENTRY_EFLAGS = 0x6;
export const ROM_GDT_ADDR = 0xcb2b8;
/** The option ROM's GDT: null, 0x08 flat 32-bit code, 0x10 flat 32-bit data, 0x18/0x20 16-bit code/data. */
const ROM_GDT = [0, 0, 0x0000ffff, 0x00cf9a00, 0x0000ffff, 0x00cf9300, 0x0000ffff, 0x00009e00, 0x0000ffff, 0x00009200];
const CODE_FLAGS = 0x00cf9a00;
const DATA_FLAGS = 0x00cf9300;
/** SeaBIOS's IVT: most vectors point at F000:FF53 (an iret); these differ (vector → segment:offset as a dword). */
const IVT_DEFAULT = 0xf000ff53;
const IVT_ENTRIES: Readonly<Record<number, number>> = {
  0x02: 0xf000e2c3, 0x05: 0xf000ff54, 0x08: 0xf000fea5, 0x09: 0xf000e987, 0x0a: 0xf000d42e, 0x0b: 0xf000d42e,
  0x0c: 0xf000d42e, 0x0d: 0xf000d42e, 0x0e: 0xf000ef57, 0x0f: 0xf000d42e, 0x10: 0xc000578b, 0x11: 0xf000f84d,
  0x12: 0xf000f841, 0x13: 0xf000e3fe, 0x14: 0xf000e739, 0x15: 0xf000f859, 0x16: 0xf000e82e, 0x17: 0xf000efd2,
  0x18: 0xf000d453, 0x19: 0xf000e6f2, 0x1a: 0xf000fe6e, 0x1e: 0xf000601c, 0x1f: 0xc00095c0, 0x40: 0xf000ec59,
  0x43: 0xc00073c0, 0x60: 0, 0x61: 0, 0x62: 0, 0x63: 0, 0x64: 0, 0x65: 0, 0x66: 0, 0x70: 0xf000d413,
  0x71: 0xf000d437, 0x72: 0xf000d437, 0x73: 0xf000d437, 0x74: 0xf000d41c, 0x75: 0xf000d425, 0x76: 0xf000d40a,
  0x77: 0xf000d437, 0x79: 0,
};
/** The BIOS e820 map QEMU's ROM copies to 0x9000 for -m 128: [base, length, type] (1 = RAM, 2 = reserved). */
function e820(memoryMiB: number): [number, number, number][] {
  const top = memoryMiB * 0x100000 - 0x20000;
  return [
    [0, 0x9fc00, 1], [0x9fc00, 0x400, 2], [0xf0000, 0x10000, 2], [0x100000, top - 0x100000, 1], [top, 0x20000, 2],
    [0xfffc0000, 0x40000, 2],
  ];
}

export interface LoadedRegion { name: string; start: number; end: number; kind: "kernel" | "loader" | "bios" | "vga" }

export interface BootInfo {
  entry: number;
  infoAddr: number;
  cmdline: string;
  /** Lowest and highest (exclusive) physical addresses of the loaded image. */
  imageLow: number;
  imageHigh: number;
  regions: LoadedRegion[];
  warnings: string[];
}

export interface BootedMachineState {
  cpu: CpuState;
  mem: MemoryState;
  boot: BootInfo;
}

function u16(b: Uint8Array, at: number): number {
  return at + 1 < b.length ? b[at] | (b[at + 1] << 8) : 0;
}

/**
 * Loads an ELF as `qemu-system-i386 -kernel` does and returns the machine at the kernel's first instruction.
 * `kernelName` is what QEMU was given as -kernel (it becomes the Multiboot command line).
 */
export function loadMultiboot(elf: Uint8Array, memoryMiB = 128, kernelName = "kernel.elf"): Result<BootedMachineState> {
  const header = findMultibootHeader(elf);
  if (header === undefined) return fail("E_NO_MULTIBOOT", QEMU_NO_MULTIBOOT);
  const warnings: string[] = [];
  if ((header.flags & MULTIBOOT_HEADER_FLAGS.addressFields) !== 0) {
    return fail("E_AOUT_KLUDGE", "The header sets flag bit 16 (a.out load addresses); this machine only loads ELF kernels, so clear it.");
  }
  if ((header.flags & MULTIBOOT_HEADER_FLAGS.videoMode) !== 0) warnings.push(QEMU_VBE_WARNING);
  if (u16(elf, 18) === 62) return fail("E_X86_64", QEMU_X86_64);
  const parsed = parseElf(elf);
  if (!parsed.ok) return fail("E_BAD_ELF", QEMU_BAD_ELF);
  const image = parsed.value;
  const loads = image.segments.filter((s) => s.type === PT_LOAD && s.memsz > 0);
  if (loads.length === 0) return fail("E_BAD_ELF", QEMU_BAD_ELF);

  const mem = createMemory();
  paintBiosScreen(mem);
  for (let v = 0; v < 256; v++) write32(mem, v * 4, IVT_ENTRIES[v] ?? IVT_DEFAULT);
  ROM_GDT.forEach((word, i) => write32(mem, ROM_GDT_ADDR + i * 4, word));

  const imageLow = Math.min(...loads.map((s) => s.paddr));
  const imageHigh = Math.max(...loads.map((s) => s.paddr + s.memsz));
  const cmdlineAddr = imageLow + alignUp(imageHigh - imageLow, 0x1000);
  const cmdline = `${kernelName} `;
  const loaderName = "qemu";
  const loaderNameAddr = cmdlineAddr + cmdline.length + 1;
  const text = (addr: number, s: string) => { for (let i = 0; i < s.length; i++) write8(mem, addr + i, s.charCodeAt(i) & 0xff); write8(mem, addr + s.length, 0); };
  text(cmdlineAddr, cmdline);
  text(loaderNameAddr, loaderName);

  const map = e820(memoryMiB);
  map.forEach(([base, length, type], i) => {
    const at = MULTIBOOT_MMAP_ADDR + i * 24;
    write32(mem, at, 20); write32(mem, at + 4, base); write32(mem, at + 8, 0);
    write32(mem, at + 12, length); write32(mem, at + 16, 0); write32(mem, at + 20, type);
  });
  const info = [
    0x24f, 639, (map[3][0] + map[3][1] - 0x100000) / 1024, 0x8000ffff, cmdlineAddr, 0, cmdlineAddr, 0, 0, 0, 0,
    map.length * 24, MULTIBOOT_MMAP_ADDR, 0, 0, 0, loaderNameAddr, 0,
  ];
  info.forEach((word, i) => write32(mem, MULTIBOOT_INFO_ADDR + i * 4, word));

  // The kernel is copied last: in QEMU the image owns its addresses even where they overlap low-memory structures.
  for (const seg of loads) {
    const fileBytes = elf.subarray(seg.offset, seg.offset + Math.min(seg.filesz, seg.memsz));
    writeBytes(mem, seg.paddr, fileBytes);
    for (let i = fileBytes.length; i < seg.memsz; i++) write8(mem, (seg.paddr + i) >>> 0, 0);
  }

  const cpu = createCpu();
  cpu.regs[EAX] = MULTIBOOT_BOOTLOADER_MAGIC | 0;
  cpu.regs[EBX] = MULTIBOOT_INFO_ADDR;
  cpu.regs[ECX] = image.entry | 0;
  cpu.regs[EDX] = ENTRY_EDX;
  cpu.regs[ESI] = 0;
  cpu.regs[EDI] = ENTRY_EDI;
  cpu.regs[EBP] = 0;
  cpu.regs[ESP] = ENTRY_ESP;
  cpu.eip = image.entry >>> 0;
  cpu.eflags = ENTRY_EFLAGS;
  cpu.segs = cpu.segs.map((_s, i) => (i === CS ? { selector: 0x08, flags: CODE_FLAGS } : { selector: 0x10, flags: DATA_FLAGS }));
  cpu.gdtr = { base: ROM_GDT_ADDR, limit: 0x27 };
  cpu.idtr = { base: 0, limit: 0x3ff };
  cpu.cr0 = 0x11;

  const regions: LoadedRegion[] = [
    { name: "IVT (real-mode vectors; IDTR points here at entry)", start: 0, end: 0x400, kind: "bios" },
    { name: "option ROM stack (ESP at entry)", start: 0x6000, end: ENTRY_ESP, kind: "loader" },
    { name: "Multiboot memory map", start: MULTIBOOT_MMAP_ADDR, end: MULTIBOOT_MMAP_ADDR + map.length * 24, kind: "loader" },
    { name: "Multiboot info (EBX)", start: MULTIBOOT_INFO_ADDR, end: MULTIBOOT_INFO_ADDR + info.length * 4, kind: "loader" },
    { name: "VGA text buffer", start: 0xb8000, end: 0xb8fa0, kind: "vga" },
    { name: "option ROM GDT", start: ROM_GDT_ADDR, end: ROM_GDT_ADDR + 0x28, kind: "bios" },
    ...loads.map((s, i) => ({ name: `kernel segment ${i} (${(s.flags & 1) !== 0 ? "R-X" : (s.flags & 2) !== 0 ? "RW-" : "R--"})`, start: s.paddr, end: s.paddr + s.memsz, kind: "kernel" as const })),
    { name: "Multiboot command line", start: cmdlineAddr, end: loaderNameAddr + loaderName.length + 1, kind: "loader" },
  ];
  return ok({ cpu, mem, boot: { entry: image.entry >>> 0, infoAddr: MULTIBOOT_INFO_ADDR, cmdline, imageLow, imageHigh, regions, warnings } });
}
