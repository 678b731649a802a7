/**
 * The joypad (Pan Docs, "Joypad Input"). P1 bit 4 = 0 selects the d-pad (Right Left Up Down on bits 0-3), bit 5 = 0
 * the buttons (A B Select Start); a pressed key reads 0. A selected line going from 1 to 0 requests the Joypad
 * interrupt (and ends STOP). Input arrives between frames as a mask of BUTTONS.
 */
import { INT_JOYPAD, type Interrupts } from "./interrupts.ts";

export const BUTTONS = { right: 0x01, left: 0x02, up: 0x04, down: 0x08, a: 0x10, b: 0x20, select: 0x40, start: 0x80 } as const;
export type ButtonName = keyof typeof BUTTONS;

export interface JoypadState { select: number; pressed: number }

export class Joypad implements JoypadState {
  /** P1 bits 5-4 as written (both groups selected after boot: P1 reads $CF). */
  select = 0x00;
  /** Pressed keys, a mask of BUTTONS. */
  pressed = 0;
  irq: Interrupts;

  constructor(irq: Interrupts) {
    this.irq = irq;
  }

  /** The low nibble's lines, 1 = pressed. */
  private lines(): number {
    return ((this.select & 0x10) === 0 ? this.pressed & 0x0f : 0) | ((this.select & 0x20) === 0 ? this.pressed >> 4 : 0);
  }

  read(): number {
    return 0xc0 | this.select | (~this.lines() & 0x0f);
  }

  write(value: number): void {
    const before = this.lines();
    this.select = value & 0x30;
    if (this.lines() & ~before) this.irq.request(INT_JOYPAD);
  }

  /** New input; returns true when a key went down (which also wakes STOP). */
  setPressed(mask: number): boolean {
    const before = this.lines();
    const newlyDown = mask & ~this.pressed;
    this.pressed = mask & 0xff;
    if (this.lines() & ~before) this.irq.request(INT_JOYPAD);
    return newlyDown !== 0;
  }

  snapshot(): JoypadState {
    return { select: this.select, pressed: this.pressed };
  }
  restore(s: JoypadState): void {
    this.select = s.select;
    this.pressed = s.pressed;
  }
}
