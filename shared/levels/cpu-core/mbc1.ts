/**
 * The cartridge: ROM only (32 KiB, optional 8 KiB RAM) or MBC1 (Pan Docs, "MBC1").
 *
 * MBC1 registers (written through the ROM area): $0000-$1FFF RAM enable ($A in the low nibble), $2000-$3FFF the
 * 5-bit ROM bank (0 reads as 1, so banks $20/$40/$60 are unreachable in mode 0), $4000-$5FFF a 2-bit register that
 * gives ROM bank bits 5-6 or the RAM bank, $6000-$7FFF the banking mode: in mode 1 the 2-bit register also banks
 * $0000-$3FFF and selects the RAM bank. Bank numbers wrap at the ROM's size. Disabled or absent RAM reads $FF.
 * Omits: MBC1M multicarts; other mappers (a ROM whose type is unknown runs as MBC1, and says so).
 */
import { CARTRIDGE_TYPES, parseHeader } from "./header.ts";

export interface CartridgeState {
  ram: Uint8Array;
  ramEnabled: boolean;
  /** ROM bank register, 5 bits (never 0). */
  bank1: number;
  /** The 2-bit upper register. */
  bank2: number;
  /** Banking mode (0 simple, 1 advanced). */
  mode: number;
}

export class Cartridge {
  readonly rom: Uint8Array;
  readonly mapper: "none" | "mbc1";
  readonly typeName: string;
  readonly supported: boolean;
  ram: Uint8Array;
  ramEnabled = false;
  bank1 = 1;
  bank2 = 0;
  mode = 0;
  /** Offsets into `rom` of what $0000 and $4000 show, and into `ram` of what $A000 shows. */
  rom0Base = 0;
  romxBase = 0x4000;
  ramBase = 0;
  private readonly romBankMask: number;

  constructor(image: Uint8Array) {
    const header = parseHeader(image);
    const type = CARTRIDGE_TYPES[header.type];
    this.supported = type !== undefined;
    this.mapper = type?.mapper ?? "mbc1";
    this.typeName = type?.name ?? `unsupported type $${header.type.toString(16).padStart(2, "0")} (run as MBC1)`;
    // Pad to a power-of-two number of 16 KiB banks (at least two) so bank arithmetic wraps as on hardware.
    let banks = 2;
    while (banks * 0x4000 < image.length) banks *= 2;
    this.rom = new Uint8Array(banks * 0x4000).fill(0xff);
    this.rom.set(image);
    this.romBankMask = banks - 1;
    const hasRam = type ? type.ram : header.ramSize > 0;
    this.ram = new Uint8Array(hasRam ? Math.max(header.ramSize, 0x2000) : 0);
    if (this.mapper === "none") this.ramEnabled = true;
    this.updateBanks();
  }

  private updateBanks(): void {
    if (this.mapper === "none") return;
    this.romxBase = (((this.bank2 << 5) | this.bank1) & this.romBankMask) * 0x4000;
    this.rom0Base = this.mode ? ((this.bank2 << 5) & this.romBankMask) * 0x4000 : 0;
    this.ramBase = this.mode && this.ram.length > 0x2000 ? (this.bank2 * 0x2000) % this.ram.length : 0;
  }

  /** A write to $0000-$7FFF: the MBC's registers. */
  writeRegister(address: number, value: number): void {
    if (this.mapper === "none") return;
    switch (address >> 13) {
      case 0: this.ramEnabled = (value & 0x0f) === 0x0a; break;
      case 1: this.bank1 = value & 0x1f || 1; break;
      case 2: this.bank2 = value & 3; break;
      default: this.mode = value & 1;
    }
    this.updateBanks();
  }

  readRam(address: number): number {
    if (!this.ramEnabled || this.ram.length === 0) return 0xff;
    return this.ram[(this.ramBase + (address & 0x1fff)) % this.ram.length]!;
  }

  writeRam(address: number, value: number): void {
    if (!this.ramEnabled || this.ram.length === 0) return;
    this.ram[(this.ramBase + (address & 0x1fff)) % this.ram.length] = value;
  }

  snapshot(): CartridgeState {
    return { ram: this.ram.slice(), ramEnabled: this.ramEnabled, bank1: this.bank1, bank2: this.bank2, mode: this.mode };
  }
  restore(s: CartridgeState): void {
    this.ram.set(s.ram);
    this.ramEnabled = s.ramEnabled; this.bank1 = s.bank1; this.bank2 = s.bank2; this.mode = s.mode;
    this.updateBanks();
  }
}
