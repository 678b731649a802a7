/**
 * The cartridge header (Pan Docs, "The Cartridge Header"): title $0134-$0143, cartridge type $0147, ROM size
 * $0148 (32 KiB << n), RAM size $0149, header checksum $014D over $0134-$014C (x = x - byte - 1), and the global
 * checksum $014E-$014F (big-endian sum of every other byte of the ROM).
 */
export const HEADER_START = 0x0134;
export const HEADER_CHECKSUM = 0x014d;
export const GLOBAL_CHECKSUM = 0x014e;

/** Cartridge RAM size in bytes by the $0149 code. */
export const RAM_SIZES = [0, 0x800, 0x2000, 0x8000, 0x20000, 0x10000] as const;

/** Cartridge types this machine runs (Pan Docs' $0147 codes). */
export const CARTRIDGE_TYPES: Readonly<Record<number, { name: string; mapper: "none" | "mbc1"; ram: boolean; battery: boolean }>> = {
  0x00: { name: "ROM ONLY", mapper: "none", ram: false, battery: false },
  0x01: { name: "MBC1", mapper: "mbc1", ram: false, battery: false },
  0x02: { name: "MBC1+RAM", mapper: "mbc1", ram: true, battery: false },
  0x03: { name: "MBC1+RAM+BATTERY", mapper: "mbc1", ram: true, battery: true },
  0x08: { name: "ROM+RAM", mapper: "none", ram: true, battery: false },
  0x09: { name: "ROM+RAM+BATTERY", mapper: "none", ram: true, battery: true },
};

export function headerChecksum(rom: Uint8Array): number {
  let x = 0;
  for (let i = HEADER_START; i < HEADER_CHECKSUM; i++) x = (x - rom[i]! - 1) & 0xff;
  return x;
}

export function globalChecksum(rom: Uint8Array): number {
  let sum = 0;
  for (let i = 0; i < rom.length; i++) if (i !== GLOBAL_CHECKSUM && i !== GLOBAL_CHECKSUM + 1) sum = (sum + rom[i]!) & 0xffff;
  return sum;
}

/** Writes both checksums into the ROM (as a ROM fix-up tool would). */
export function fixChecksums(rom: Uint8Array): void {
  rom[HEADER_CHECKSUM] = headerChecksum(rom);
  const g = globalChecksum(rom);
  rom[GLOBAL_CHECKSUM] = g >> 8;
  rom[GLOBAL_CHECKSUM + 1] = g & 0xff;
}

export interface CartridgeHeader {
  title: string;
  type: number;
  romSize: number;
  ramSize: number;
  headerChecksum: number;
  headerChecksumValid: boolean;
  globalChecksum: number;
  globalChecksumValid: boolean;
}

export function parseHeader(rom: Uint8Array): CartridgeHeader {
  let title = "";
  for (let i = HEADER_START; i < 0x0144; i++) {
    const c = rom[i] ?? 0;
    if (c === 0) break;
    title += c >= 0x20 && c < 0x7f ? String.fromCharCode(c) : "?";
  }
  const g = ((rom[GLOBAL_CHECKSUM] ?? 0) << 8) | (rom[GLOBAL_CHECKSUM + 1] ?? 0);
  return {
    title,
    type: rom[0x0147] ?? 0,
    romSize: 0x8000 << (rom[0x0148] ?? 0),
    ramSize: RAM_SIZES[rom[0x0149] ?? 0] ?? 0,
    headerChecksum: rom[HEADER_CHECKSUM] ?? 0,
    headerChecksumValid: rom.length > HEADER_CHECKSUM && rom[HEADER_CHECKSUM] === headerChecksum(rom),
    globalChecksum: g,
    globalChecksumValid: rom.length > GLOBAL_CHECKSUM + 1 && g === globalChecksum(rom),
  };
}
