/**
 * The serial port (Pan Docs, "Serial Data Transfer (Link Cable)"). Writing SC with bit 7 and bit 0 set starts a
 * transfer on the internal clock: 8 bits at 8192 Hz (512 T-cycles each, 4096 in all); with no partner connected
 * the received bits are all 1, so SB ends as $FF; SC bit 7 is cleared and the Serial interrupt requested. Every
 * byte sent is recorded in `output`, which is how test ROMs report ("Passed"/"Failed").
 * Omits: the bit clock's phase relative to DIV; external-clock transfers never complete (no partner).
 */
import { INT_SERIAL, NEVER, type Interrupts } from "./interrupts.ts";

export const SERIAL_TRANSFER_CYCLES = 8 * 512;

export interface SerialState { sb: number; sc: number; doneAt: number; output: number[] }

export class Serial implements SerialState {
  sb = 0;
  sc = 0x7e;
  doneAt = NEVER;
  output: number[] = [];
  irq: Interrupts;

  constructor(irq: Interrupts) {
    this.irq = irq;
  }

  sync(now: number): void {
    if (now < this.doneAt) return;
    this.sb = 0xff;
    this.sc &= 0x7f;
    this.doneAt = NEVER;
    this.irq.request(INT_SERIAL);
  }

  writeSc(now: number, value: number): void {
    this.sync(now);
    this.sc = value | 0x7e;
    if ((value & 0x81) === 0x81) {
      this.output.push(this.sb);
      this.doneAt = now + SERIAL_TRANSFER_CYCLES;
    } else this.doneAt = NEVER;
  }

  snapshot(): SerialState {
    return { sb: this.sb, sc: this.sc, doneAt: this.doneAt, output: this.output.slice() };
  }
  restore(s: SerialState): void {
    this.sb = s.sb; this.sc = s.sc; this.doneAt = s.doneAt; this.output = s.output.slice();
  }
}
