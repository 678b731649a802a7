/**
 * The timer (Pan Docs, "Timer and Divider Registers" and "Timer Obscure Behaviour").
 *
 * A 16-bit system counter runs at the T-cycle rate; DIV is its high byte and any write to DIV clears it. TIMA
 * counts the falling edges of one counter bit ANDed with the enable bit (TAC bit 2): bit 9, 3, 5 or 7 for clock
 * selects 00, 01, 10, 11 (4096, 262144, 65536, 16384 Hz). Because the edge detector sees the AND, clearing DIV
 * or changing TAC while the selected bit is 1 also counts an edge. On overflow TIMA reads $00 for one M-cycle,
 * then TMA is loaded and the Timer interrupt requested; writing TIMA in that M-cycle cancels the reload, a write
 * to TIMA in the reload M-cycle itself is ignored, and a TMA write in it is copied to TIMA too.
 *
 * The timer is computed lazily: `sync(now)` counts the edges since the last sync in closed form, and
 * `nextEvent()` tells the machine when the next interrupt request is due, so an idle timer costs nothing.
 */
import { INT_TIMER, NEVER, type Interrupts } from "./interrupts.ts";

/** The counter bit whose falling edge clocks TIMA, by TAC bits 1-0. */
export const TAC_BIT = [9, 3, 5, 7] as const;

export interface TimerState {
  /** The cycle at which the system counter was zero: counter(now) = now - counterZeroAt. */
  counterZeroAt: number;
  tima: number;
  tma: number;
  tac: number;
  /** The cycle up to which edges have been counted. */
  synced: number;
  /** The cycle of a pending TMA reload after an overflow, or -1. */
  reloadAt: number;
  /** The cycle of the last reload (for writes in the reload M-cycle), or -1. */
  lastReloadAt: number;
}

/** The system counter after the DMG boot ROM: DIV reads $AB. */
export const POST_BOOT_COUNTER = 0xabcc;

export class Timer implements TimerState {
  counterZeroAt = -POST_BOOT_COUNTER;
  tima = 0;
  tma = 0;
  tac = 0xf8;
  synced = 0;
  reloadAt = -1;
  lastReloadAt = -1;
  irq: Interrupts;

  constructor(irq: Interrupts) {
    this.irq = irq;
  }

  /** Brings TIMA up to `now`: counts falling edges, performs overflows and reloads in order. */
  sync(now: number): void {
    for (;;) {
      if (this.reloadAt >= 0 && this.reloadAt <= now) {
        this.tima = this.tma;
        this.irq.request(INT_TIMER);
        this.lastReloadAt = this.reloadAt;
        this.synced = this.reloadAt;
        this.reloadAt = -1;
      }
      if ((this.tac & 4) === 0) break;
      const period = 2 << TAC_BIT[this.tac & 3];
      const before = Math.floor((this.synced - this.counterZeroAt) / period);
      const edges = Math.floor((now - this.counterZeroAt) / period) - before;
      if (edges <= 0) break;
      if (this.tima + edges <= 0xff) {
        this.tima += edges;
        break;
      }
      const overflowAt = (before + 0x100 - this.tima) * period + this.counterZeroAt;
      this.tima = 0;
      this.reloadAt = overflowAt + 4;
      this.synced = overflowAt;
      if (this.reloadAt > now) break;
    }
    this.synced = now;
  }

  /** The cycle of the next Timer interrupt request (NEVER when none is coming). */
  nextEvent(): number {
    if (this.reloadAt >= 0) return this.reloadAt;
    if ((this.tac & 4) === 0) return NEVER;
    const period = 2 << TAC_BIT[this.tac & 3];
    const before = Math.floor((this.synced - this.counterZeroAt) / period);
    return (before + 0x100 - this.tima) * period + this.counterZeroAt + 4;
  }

  /** The edge detector's input: enable AND the selected counter bit. */
  private signal(now: number, tac: number): boolean {
    return (tac & 4) !== 0 && (((now - this.counterZeroAt) >> TAC_BIT[tac & 3]) & 1) === 1;
  }

  /** One TIMA increment outside the regular clock (a falling edge caused by a DIV or TAC write). */
  private increment(now: number): void {
    if (this.tima === 0xff) {
      this.tima = 0;
      this.reloadAt = now + 4;
    } else this.tima++;
  }

  readDiv(now: number): number {
    return ((now - this.counterZeroAt) >> 8) & 0xff;
  }
  writeDiv(now: number): void {
    this.sync(now);
    if (this.signal(now, this.tac)) this.increment(now);
    this.counterZeroAt = now;
  }
  readTima(now: number): number {
    this.sync(now);
    return this.tima;
  }
  writeTima(now: number, value: number): void {
    this.sync(now);
    if (this.lastReloadAt === now) return; // the reload M-cycle wins
    if (this.reloadAt >= 0) this.reloadAt = -1; // a write in the M-cycle after overflow cancels the reload
    this.tima = value;
  }
  writeTma(now: number, value: number): void {
    this.sync(now);
    this.tma = value;
    if (this.lastReloadAt === now) this.tima = value;
  }
  readTac(): number {
    return this.tac | 0xf8;
  }
  writeTac(now: number, value: number): void {
    this.sync(now);
    const next = value | 0xf8;
    if (this.signal(now, this.tac) && !this.signal(now, next)) this.increment(now);
    this.tac = next;
  }

  snapshot(): TimerState {
    const { counterZeroAt, tima, tma, tac, synced, reloadAt, lastReloadAt } = this;
    return { counterZeroAt, tima, tma, tac, synced, reloadAt, lastReloadAt };
  }
  restore(s: TimerState): void {
    Object.assign(this, s);
  }
}
