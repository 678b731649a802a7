/**
 * The interrupt controller (Pan Docs, "Interrupts"): IE ($FFFF) and IF ($FF0F). Devices request by setting an
 * IF bit; the CPU (cpu.ts) dispatches the lowest-numbered one that IE enables when IME is set, and wakes from
 * HALT on any. Bits: VBlank 0, STAT 1, Timer 2, Serial 3, Joypad 4 (vectors $40 + 8 × bit, registers.ts).
 */
export const INT_VBLANK = 0;
export const INT_STAT = 1;
export const INT_TIMER = 2;
export const INT_SERIAL = 3;
export const INT_JOYPAD = 4;

export interface InterruptState { ie: number; if: number }

export class Interrupts {
  /** IE: all 8 bits are stored (only the low 5 matter). */
  ie = 0;
  /** IF: the low 5 bits; bits 7-5 read as 1. */
  flags = 0;

  request(bit: number): void {
    this.flags |= 1 << bit;
  }
  pending(): number {
    return this.ie & this.flags & 0x1f;
  }
  readIf(): number {
    return this.flags | 0xe0;
  }
  writeIf(value: number): void {
    this.flags = value & 0x1f;
  }
  snapshot(): InterruptState {
    return { ie: this.ie, if: this.flags };
  }
  restore(s: InterruptState): void {
    this.ie = s.ie;
    this.flags = s.if;
  }
}

/** A cycle number that never comes: the time of an event that is not scheduled (plain data, unlike Infinity). */
export const NEVER = Number.MAX_SAFE_INTEGER;
