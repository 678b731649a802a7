/**
 * The DMG memory map (Pan Docs, "Memory Map"). Regions in address order; the bus (bus.ts) decodes with the
 * same boundaries.
 */
export const MEMORY_MAP = [
  { name: "ROM0", start: 0x0000, end: 0x3fff, description: "ROM bank 0 (MBC1 mode 1 can bank it on large ROMs)" },
  { name: "ROMX", start: 0x4000, end: 0x7fff, description: "switchable ROM bank" },
  { name: "VRAM", start: 0x8000, end: 0x9fff, description: "video RAM: tile data $8000-$97FF, tile maps $9800/$9C00; locked in mode 3" },
  { name: "SRAM", start: 0xa000, end: 0xbfff, description: "cartridge RAM, when present and enabled" },
  { name: "WRAM", start: 0xc000, end: 0xdfff, description: "work RAM (8 KiB)" },
  { name: "ECHO", start: 0xe000, end: 0xfdff, description: "echo RAM: mirror of $C000-$DDFF" },
  { name: "OAM", start: 0xfe00, end: 0xfe9f, description: "object attribute memory, 40 × 4 bytes; locked in modes 2 and 3" },
  { name: "UNUSABLE", start: 0xfea0, end: 0xfeff, description: "prohibited: reads $00 ($FF while OAM is locked), writes ignored" },
  { name: "IO", start: 0xff00, end: 0xff7f, description: "I/O registers" },
  { name: "HRAM", start: 0xff80, end: 0xfffe, description: "high RAM, the only memory the CPU can use during OAM DMA" },
  { name: "IE", start: 0xffff, end: 0xffff, description: "interrupt enable register" },
] as const;

export type RegionName = (typeof MEMORY_MAP)[number]["name"];

export function regionOf(address: number): RegionName {
  for (const r of MEMORY_MAP) if (address <= r.end) return r.name;
  return "IE";
}

export const WRAM_SIZE = 0x2000;
export const HRAM_SIZE = 0x7f;
export const VRAM_SIZE = 0x2000;
export const OAM_SIZE = 0xa0;
