/**
 * OAM DMA (Pan Docs, "OAM DMA Transfer"). Writing XX to $FF46 copies $XX00-$XX9F into OAM; the transfer starts one
 * M-cycle after the write and takes 160 M-cycles (640 T), during which the CPU can reach only HRAM and the I/O
 * registers: other reads give $FF and writes are dropped. Sources $E0-$FF read through echo RAM.
 * Omits: the byte-by-byte progress of the copy (the bytes are taken at the write and OAM is locked to the CPU
 * until the end, which no CPU program can tell apart); bus-conflict values.
 */
export const DMA_START_DELAY = 4;
export const DMA_CYCLES = 160 * 4;

export interface DmaState { source: number; activeFrom: number; activeUntil: number }

export class OamDma implements DmaState {
  /** The last value written to $FF46 (it reads back). */
  source = 0xff;
  activeFrom = -1;
  activeUntil = -1;

  /** Starts a transfer: `read` gives the source bytes, `oam` receives them. */
  start(now: number, value: number, read: (address: number) => number, oam: Uint8Array): void {
    this.source = value;
    const base = (value >= 0xe0 ? value - 0x20 : value) << 8;
    for (let i = 0; i < 0xa0; i++) oam[i] = read(base + i);
    this.activeFrom = now + DMA_START_DELAY;
    this.activeUntil = this.activeFrom + DMA_CYCLES;
  }

  /** Whether the transfer holds the bus at cycle `now`. */
  active(now: number): boolean {
    return now > this.activeFrom && now <= this.activeUntil;
  }

  snapshot(): DmaState {
    return { source: this.source, activeFrom: this.activeFrom, activeUntil: this.activeUntil };
  }
  restore(s: DmaState): void {
    this.source = s.source; this.activeFrom = s.activeFrom; this.activeUntil = s.activeUntil;
  }
}
