/**
 * The DMG's address decoder: routes each CPU access to the cartridge, VRAM, WRAM (and its echo), OAM, the I/O
 * registers, HRAM or IE (memory-map.ts), applying the access rules of the moment: VRAM locked in mode 3, OAM in
 * modes 2-3 and during OAM DMA, everything but HRAM and I/O during OAM DMA.
 *
 * Devices run lazily: before an access that can observe or change a device, the bus brings that device up to the
 * current cycle (`cpu.cycles`, which already counts the access's M-cycle). `nextEvent` is the earliest cycle at
 * which some device will request an interrupt; a register write that can move it sets it to 0 so the machine
 * recomputes it before the next instruction.
 */
import type { Bus, Cpu } from "./cpu.ts";
import type { OamDma } from "./dma.ts";
import type { Interrupts } from "./interrupts.ts";
import type { Joypad } from "./joypad.ts";
import type { Cartridge } from "./mbc1.ts";
import { HRAM_SIZE, WRAM_SIZE } from "./memory-map.ts";
import type { Ppu } from "./ppu.ts";
import { REGISTERS } from "./registers.ts";
import type { Serial } from "./serial.ts";
import type { Timer } from "./timer.ts";

/** Bits that read as 1 for each I/O address $FF00-$FF7F that is a plain stored register; 0xFF = not mapped. */
const IO_READ_MASK = (() => {
  const mask = new Uint8Array(0x80).fill(0xff);
  for (const r of REGISTERS) if (r.address < 0xff80) mask[r.address - 0xff00] = r.unused;
  for (let a = 0x30; a < 0x40; a++) mask[a] = 0; // wave RAM
  return mask;
})();

export interface Devices {
  cart: Cartridge; ppu: Ppu; timer: Timer; irq: Interrupts; serial: Serial; joypad: Joypad; dma: OamDma;
}

export class MachineBus implements Bus {
  readonly wram = new Uint8Array(WRAM_SIZE);
  readonly hram = new Uint8Array(HRAM_SIZE);
  /** Stored I/O registers without behaviour (sound, wave RAM). */
  readonly io = new Uint8Array(0x80);
  nextEvent = 0;
  cpu!: Cpu;
  readonly cart: Cartridge;
  readonly ppu: Ppu;
  readonly timer: Timer;
  readonly irq: Interrupts;
  readonly serial: Serial;
  readonly joypad: Joypad;
  readonly dma: OamDma;

  constructor(d: Devices) {
    this.cart = d.cart; this.ppu = d.ppu; this.timer = d.timer; this.irq = d.irq;
    this.serial = d.serial; this.joypad = d.joypad; this.dma = d.dma;
    for (const r of REGISTERS) if (r.address >= 0xff10 && r.address < 0xff40) this.io[r.address - 0xff00] = r.reset;
  }

  read(address: number): number {
    const now = this.cpu.cycles;
    if (now <= this.dma.activeUntil && address < 0xff00 && this.dma.active(now)) return 0xff;
    switch (address >> 12) {
      case 0x0: case 0x1: case 0x2: case 0x3:
        return this.cart.rom[this.cart.rom0Base + address]!;
      case 0x4: case 0x5: case 0x6: case 0x7:
        return this.cart.rom[this.cart.romxBase + (address & 0x3fff)]!;
      case 0x8: case 0x9: {
        const ppu = this.ppu;
        if (now >= ppu.nextAt) ppu.sync(now);
        return ppu.vramLocked() ? 0xff : ppu.vram[address & 0x1fff]!;
      }
      case 0xa: case 0xb:
        return this.cart.readRam(address);
      case 0xc: case 0xd: case 0xe:
        return this.wram[address & 0x1fff]!;
      default:
        if (address < 0xfe00) return this.wram[address & 0x1fff]!;
        if (address >= 0xff80) return address === 0xffff ? this.irq.ie : this.hram[address - 0xff80]!;
        if (address >= 0xff00) return this.readIo(address, now);
        if (now >= this.ppu.nextAt) this.ppu.sync(now);
        if (this.ppu.oamLocked()) return 0xff;
        return address < 0xfea0 ? this.ppu.oam[address - 0xfe00]! : 0x00;
    }
  }

  write(address: number, value: number): void {
    const now = this.cpu.cycles;
    if (now <= this.dma.activeUntil && address < 0xff00 && this.dma.active(now)) return;
    switch (address >> 12) {
      case 0x0: case 0x1: case 0x2: case 0x3: case 0x4: case 0x5: case 0x6: case 0x7:
        this.cart.writeRegister(address, value);
        return;
      case 0x8: case 0x9: {
        const ppu = this.ppu;
        if (now >= ppu.nextAt) ppu.sync(now);
        if (!ppu.vramLocked()) ppu.vram[address & 0x1fff] = value;
        return;
      }
      case 0xa: case 0xb:
        this.cart.writeRam(address, value);
        return;
      case 0xc: case 0xd: case 0xe:
        this.wram[address & 0x1fff] = value;
        return;
      default:
        if (address < 0xfe00) this.wram[address & 0x1fff] = value;
        else if (address >= 0xff80) {
          if (address === 0xffff) this.irq.ie = value;
          else this.hram[address - 0xff80] = value;
        } else if (address >= 0xff00) this.writeIo(address, value, now);
        else if (address < 0xfea0) {
          if (now >= this.ppu.nextAt) this.ppu.sync(now);
          if (!this.ppu.oamLocked()) this.ppu.oam[address - 0xfe00] = value;
        }
    }
  }

  pendingInterrupts(): number {
    return this.irq.ie & this.irq.flags & 0x1f;
  }

  acknowledgeInterrupt(bit: number): void {
    this.irq.flags &= ~(1 << bit);
  }

  stop(): void {
    this.timer.writeDiv(this.cpu.cycles);
    this.nextEvent = 0;
  }

  /** Brings every device to `now`. */
  syncAll(now: number): void {
    if (now >= this.ppu.nextAt) this.ppu.sync(now);
    this.timer.sync(now);
    this.serial.sync(now);
  }

  /** Memory as the DMA unit sees it (no CPU access rules). */
  readonly dmaRead = (address: number): number => {
    if (address < 0x8000) return address < 0x4000 ? this.cart.rom[this.cart.rom0Base + address]! : this.cart.rom[this.cart.romxBase + (address & 0x3fff)]!;
    if (address < 0xa000) return this.ppu.vram[address & 0x1fff]!;
    if (address < 0xc000) return this.cart.readRam(address);
    return this.wram[address & 0x1fff]!;
  };

  private readIo(address: number, now: number): number {
    const ppu = this.ppu;
    switch (address) {
      case 0xff00: return this.joypad.read();
      case 0xff01: this.serial.sync(now); return this.serial.sb;
      case 0xff02: this.serial.sync(now); return this.serial.sc;
      case 0xff04: return this.timer.readDiv(now);
      case 0xff05: return this.timer.readTima(now);
      case 0xff06: return this.timer.tma;
      case 0xff07: return this.timer.readTac();
      case 0xff0f: this.syncAll(now); return this.irq.readIf();
    }
    if (address >= 0xff40 && address <= 0xff4b) {
      if (now >= ppu.nextAt) ppu.sync(now);
      switch (address) {
        case 0xff40: return ppu.lcdc;
        case 0xff41: return ppu.readStat();
        case 0xff42: return ppu.scy;
        case 0xff43: return ppu.scx;
        case 0xff44: return ppu.ly;
        case 0xff45: return ppu.lyc;
        case 0xff46: return this.dma.source;
        case 0xff47: return ppu.bgp;
        case 0xff48: return ppu.obp0;
        case 0xff49: return ppu.obp1;
        case 0xff4a: return ppu.wy;
        default: return ppu.wx;
      }
    }
    const i = address - 0xff00;
    return this.io[i]! | IO_READ_MASK[i]!;
  }

  private writeIo(address: number, value: number, now: number): void {
    const ppu = this.ppu;
    switch (address) {
      case 0xff00: this.joypad.write(value); return;
      case 0xff01: this.serial.sync(now); this.serial.sb = value; return;
      case 0xff02: this.serial.writeSc(now, value); this.nextEvent = 0; return;
      case 0xff04: this.timer.writeDiv(now); this.nextEvent = 0; return;
      case 0xff05: this.timer.writeTima(now, value); this.nextEvent = 0; return;
      case 0xff06: this.timer.writeTma(now, value); this.nextEvent = 0; return;
      case 0xff07: this.timer.writeTac(now, value); this.nextEvent = 0; return;
      case 0xff0f: this.syncAll(now); this.irq.writeIf(value); return;
    }
    if (address >= 0xff40 && address <= 0xff4b) {
      if (now >= ppu.nextAt) ppu.sync(now);
      switch (address) {
        case 0xff40: ppu.writeLcdc(now, value); this.nextEvent = 0; return;
        case 0xff41: ppu.writeStat(value); return;
        case 0xff42: ppu.scy = value; return;
        case 0xff43: ppu.scx = value; return;
        case 0xff44: return; // LY is read-only
        case 0xff45: ppu.writeLyc(value); return;
        case 0xff46: this.dma.start(now, value, this.dmaRead, ppu.oam); return;
        case 0xff47: ppu.bgp = value; return;
        case 0xff48: ppu.obp0 = value; return;
        case 0xff49: ppu.obp1 = value; return;
        case 0xff4a: ppu.wy = value; return;
        default: ppu.wx = value; return;
      }
    }
    this.io[address - 0xff00] = value;
  }
}
