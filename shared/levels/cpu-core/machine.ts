/**
 * The whole DMG: CPU, bus, cartridge, PPU, timer, interrupts, serial, joypad and OAM DMA, started in the documented
 * post-boot state (Pan Docs, "Power Up Sequence": A=01 F=B0 B=00 C=13 D=00 E=D8 H=01 L=4D SP=FFFE PC=0100, I/O as in
 * registers.ts) with no boot ROM. Deterministic and integer-only; `snapshot()` is plain data (typed arrays
 * included) and `restore(snapshot())` followed by N frames equals N frames.
 *
 * Time is driven by the CPU; devices catch up lazily (bus.ts). Between instructions the machine services the
 * devices whose next event is due (a mode change, a timer reload, the end of a serial transfer), and while the CPU
 * is halted it jumps straight to the next event instead of ticking through the wait.
 * A frame ends when the PPU enters VBlank; with the LCD off, after 70224 T-cycles.
 */
import { MachineBus } from "./bus.ts";
import { Cpu, POST_BOOT, type Bus, type CpuState } from "./cpu.ts";
import { OamDma, type DmaState } from "./dma.ts";
import { Interrupts, type InterruptState } from "./interrupts.ts";
import { Joypad, type JoypadState } from "./joypad.ts";
import { Cartridge, type CartridgeState } from "./mbc1.ts";
import { DOTS_PER_FRAME, Ppu, type PpuState } from "./ppu.ts";
import { Serial, type SerialState } from "./serial.ts";
import { Timer, type TimerState } from "./timer.ts";

/** The T-cycle rate: 4.194304 MHz. */
export const CLOCK_HZ = 4_194_304;

export interface MachineState {
  cpu: CpuState;
  interrupts: InterruptState;
  timer: TimerState;
  ppu: PpuState;
  serial: SerialState;
  joypad: JoypadState;
  dma: DmaState;
  cartridge: CartridgeState;
  wram: Uint8Array;
  hram: Uint8Array;
  io: Uint8Array;
}

export class GameBoy {
  readonly cpu: Cpu;
  readonly bus: MachineBus;
  readonly cart: Cartridge;
  readonly ppu: Ppu;
  readonly timer: Timer;
  readonly irq: Interrupts;
  readonly serial: Serial;
  readonly joypad: Joypad;
  readonly dma: OamDma;

  /** `makeCpu` swaps in another core with the Cpu's shape (the player's microcode core); the reference by default. */
  constructor(rom: Uint8Array, makeCpu: (bus: Bus) => Cpu = (bus) => new Cpu(bus, POST_BOOT)) {
    this.irq = new Interrupts();
    this.irq.flags = 0x01; // IF = $E1 after boot
    this.cart = new Cartridge(rom);
    this.ppu = new Ppu(this.irq);
    this.timer = new Timer(this.irq);
    this.serial = new Serial(this.irq);
    this.joypad = new Joypad(this.irq);
    this.dma = new OamDma();
    this.bus = new MachineBus({ cart: this.cart, ppu: this.ppu, timer: this.timer, irq: this.irq, serial: this.serial, joypad: this.joypad, dma: this.dma });
    this.cpu = makeCpu(this.bus);
    this.bus.cpu = this.cpu;
  }

  /** T-cycles since power-on. */
  get cycles(): number {
    return this.cpu.cycles;
  }

  /** Sets the pressed keys (a mask of joypad BUTTONS); a key going down wakes STOP. */
  setButtons(mask: number): void {
    this.bus.syncAll(this.cpu.cycles);
    if (this.joypad.setPressed(mask) && this.cpu.stopped) this.cpu.stopped = false;
  }

  /**
   * Runs one frame with the given keys held: until VBlank starts (the first instruction boundary at or after it),
   * or, while the LCD is off, for 70224 T-cycles.
   */
  runFrame(buttons: number = this.joypad.pressed): void {
    if (buttons !== this.joypad.pressed) this.setButtons(buttons);
    this.ppu.frameReady = false;
    const start = this.cpu.cycles;
    // With the LCD on, VBlank comes within one frame (two if the LCD was just switched on); the limits only end
    // frames while it is off.
    for (let k = 1; k <= 2 && !this.ppu.frameReady; k++) {
      this.run(start + k * DOTS_PER_FRAME, true);
      if (!this.ppu.lcdOn) break;
    }
  }

  /** Runs for at least `tCycles` T-cycles (to the next instruction boundary). */
  runCycles(tCycles: number): void {
    this.run(this.cpu.cycles + tCycles, false);
  }

  /** Runs one instruction (or interrupt dispatch, or one HALT/STOP M-cycle). */
  step(): void {
    if (this.cpu.cycles >= this.bus.nextEvent) this.service();
    this.cpu.step();
  }

  private service(): void {
    const bus = this.bus;
    bus.syncAll(this.cpu.cycles);
    const t = this.timer.nextEvent();
    const p = this.ppu.nextAt;
    const s = this.serial.doneAt;
    bus.nextEvent = t < p ? (t < s ? t : s) : p < s ? p : s;
  }

  private run(limit: number, untilFrame: boolean): void {
    const cpu = this.cpu, bus = this.bus, ppu = this.ppu, irq = this.irq;
    while (cpu.cycles < limit) {
      if (cpu.cycles >= bus.nextEvent) this.service();
      if (untilFrame && ppu.frameReady) return;
      if ((cpu.halted && (irq.ie & irq.flags & 0x1f) === 0) || cpu.stopped || cpu.locked) {
        // Nothing can happen before the next device event: skip to it, in whole M-cycles.
        const target = bus.nextEvent < limit ? bus.nextEvent : limit;
        cpu.cycles += (target - cpu.cycles + 3) & ~3;
        continue;
      }
      cpu.step();
    }
  }

  /** The serial bytes sent so far, as text. */
  serialText(): string {
    return String.fromCharCode(...this.serial.output);
  }

  /** 16 hex digits over the 160×144 shades (two 32-bit FNV-1a lanes). */
  framebufferHash(): string {
    return hashBytes(this.ppu.framebuffer);
  }

  snapshot(): MachineState {
    return {
      cpu: this.cpu.snapshot(), interrupts: this.irq.snapshot(), timer: this.timer.snapshot(), ppu: this.ppu.snapshot(),
      serial: this.serial.snapshot(), joypad: this.joypad.snapshot(), dma: this.dma.snapshot(), cartridge: this.cart.snapshot(),
      wram: this.bus.wram.slice(), hram: this.bus.hram.slice(), io: this.bus.io.slice(),
    };
  }

  restore(s: MachineState): void {
    this.cpu.restore(s.cpu); this.irq.restore(s.interrupts); this.timer.restore(s.timer); this.ppu.restore(s.ppu);
    this.serial.restore(s.serial); this.joypad.restore(s.joypad); this.dma.restore(s.dma); this.cart.restore(s.cartridge);
    this.bus.wram.set(s.wram); this.bus.hram.set(s.hram); this.bus.io.set(s.io);
    this.bus.nextEvent = 0;
  }
}

export function hashBytes(bytes: Uint8Array): string {
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ 0x5bd1e995;
  for (let i = 0; i < bytes.length; i++) {
    const c = bytes[i]!;
    a = Math.imul(a ^ c, 0x01000193) >>> 0;
    b = Math.imul(b ^ c ^ (i & 0xff), 0x01000193) >>> 0;
  }
  return a.toString(16).padStart(8, "0") + b.toString(16).padStart(8, "0");
}
