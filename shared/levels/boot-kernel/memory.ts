/**
 * Physical memory of the PC as QEMU `-m 128` gives it: 128 MiB of RAM starting at address 0, paging off, A20 on.
 *
 * Representation (why it is sparse): a 128 MiB Uint8Array would make every snapshot (structuredClone, replay
 * checkpoints, worker hand-off) copy 128 MiB. RAM is instead a holey array of 4 KiB pages indexed by page number; a
 * page exists only once something writes to it, and an absent page reads as zeros (QEMU's RAM starts zeroed). A kernel
 * of a few pages, its stack, the loader's structures and the VGA text page make a state of a few dozen KiB.
 *
 * Omitted, on purpose: the BIOS/option-ROM window (0xC0000-0xFFFFF) and the VGA window (0xA0000-0xBFFFF) are plain RAM
 * here (QEMU routes them to ROM and to VGA memory; for text mode reads and writes at 0xB8000 behave the same); memory
 * above 128 MiB reads as 0 and ignores writes (QEMU's unassigned memory).
 */

export const PAGE_SHIFT = 12;
export const PAGE_SIZE = 1 << PAGE_SHIFT;
export const RAM_MIB = 128;
export const RAM_BYTES = RAM_MIB * 1024 * 1024;
export const RAM_PAGES = RAM_BYTES >>> PAGE_SHIFT;

export interface MemoryState {
  /** Page number → 4 KiB of bytes; holes are pages never written (all zero). */
  pages: Uint8Array[];
}

export function createMemory(): MemoryState {
  return { pages: new Array<Uint8Array>(RAM_PAGES) };
}

/** The page holding `addr`, created on demand; undefined above RAM. */
export function pageForWrite(mem: MemoryState, addr: number): Uint8Array | undefined {
  const n = addr >>> PAGE_SHIFT;
  if (n >= RAM_PAGES) return undefined;
  let page = mem.pages[n];
  if (page === undefined) {
    page = new Uint8Array(PAGE_SIZE);
    mem.pages[n] = page;
  }
  return page;
}

export function read8(mem: MemoryState, addr: number): number {
  const page = mem.pages[addr >>> PAGE_SHIFT];
  return page === undefined ? 0 : page[addr & 0xfff];
}

export function read16(mem: MemoryState, addr: number): number {
  if ((addr & 0xfff) <= 0xffe) {
    const page = mem.pages[addr >>> PAGE_SHIFT];
    if (page === undefined) return 0;
    const o = addr & 0xfff;
    return page[o] | (page[o + 1] << 8);
  }
  return read8(mem, addr) | (read8(mem, (addr + 1) >>> 0) << 8);
}

/** Little-endian 32-bit read as a signed int32 (registers are Int32Array). */
export function read32(mem: MemoryState, addr: number): number {
  if ((addr & 0xfff) <= 0xffc) {
    const page = mem.pages[addr >>> PAGE_SHIFT];
    if (page === undefined) return 0;
    const o = addr & 0xfff;
    return page[o] | (page[o + 1] << 8) | (page[o + 2] << 16) | (page[o + 3] << 24);
  }
  return read16(mem, addr) | (read16(mem, (addr + 2) >>> 0) << 16);
}

export function write8(mem: MemoryState, addr: number, value: number): void {
  const page = mem.pages[addr >>> PAGE_SHIFT] ?? pageForWrite(mem, addr);
  if (page !== undefined) page[addr & 0xfff] = value;
}

export function write16(mem: MemoryState, addr: number, value: number): void {
  write8(mem, addr, value & 0xff);
  write8(mem, (addr + 1) >>> 0, (value >>> 8) & 0xff);
}

export function write32(mem: MemoryState, addr: number, value: number): void {
  if ((addr & 0xfff) <= 0xffc) {
    const page = mem.pages[addr >>> PAGE_SHIFT] ?? pageForWrite(mem, addr);
    if (page === undefined) return;
    const o = addr & 0xfff;
    page[o] = value; page[o + 1] = value >>> 8; page[o + 2] = value >>> 16; page[o + 3] = value >>> 24;
    return;
  }
  write16(mem, addr, value & 0xffff);
  write16(mem, (addr + 2) >>> 0, (value >>> 16) & 0xffff);
}

export function writeBytes(mem: MemoryState, addr: number, bytes: Uint8Array): void {
  for (let i = 0; i < bytes.length; i++) write8(mem, (addr + i) >>> 0, bytes[i]);
}

export function readBytes(mem: MemoryState, addr: number, length: number): Uint8Array {
  const out = new Uint8Array(length);
  for (let i = 0; i < length; i++) out[i] = read8(mem, (addr + i) >>> 0);
  return out;
}

/** Pages that exist (were written), ascending: the memory-region view and snapshot size come from this. */
export function residentPages(mem: MemoryState): number[] {
  const out: number[] = [];
  mem.pages.forEach((_page, n) => out.push(n));
  return out;
}
