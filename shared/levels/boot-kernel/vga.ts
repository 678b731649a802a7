/**
 * VGA text mode 3 as the kernel sees it: 80x25 cells at physical 0xB8000, two bytes per cell (low byte a code page 437
 * character, high byte the attribute: bits 0-3 foreground, 4-6 background, 7 blink), and the CRT controller's index/data
 * ports 0x3D4/0x3D5 with the cursor location in registers 0x0E (high) and 0x0F (low) and the cursor shape in 0x0A/0x0B
 * (bit 5 of 0x0A hides it). The cells live in RAM (memory.ts); this file holds the CRTC and the views.
 *
 * What SeaBIOS leaves on screen: measured under Debian's QEMU 7.2 (SeaBIOS 1.16.2, iPXE option ROM for the default
 * NIC) by booting a kernel that only does `cli; hlt` and reading 0xB8000 with the monitor's `pmemsave`: three lines
 * in light grey on black (attribute 0x07) and the cursor at row 8, column 0 (CRTC 0x0E:0x0F = 0x0280).
 */

import { type MemoryState, read8, write8 } from "./memory.ts";

export const VGA_TEXT_BASE = 0xb8000;
export const VGA_COLUMNS = 80;
export const VGA_ROWS = 25;
export const VGA_TEXT_BYTES = VGA_COLUMNS * VGA_ROWS * 2;
export const CRTC_INDEX = 0x3d4;
export const CRTC_DATA = 0x3d5;
export const CRTC_CURSOR_START = 0x0a;
export const CRTC_CURSOR_END = 0x0b;
export const CRTC_CURSOR_HIGH = 0x0e;
export const CRTC_CURSOR_LOW = 0x0f;
const CRTC_REGISTER_COUNT = 0x19;

/** Lines SeaBIOS 1.16.2 (Debian QEMU 7.2) leaves on screen at the Multiboot entry: [row, text]. */
export const SEABIOS_SCREEN: readonly (readonly [number, string])[] = [
  [0, "SeaBIOS (version 1.16.2-debian-1.16.2-1)"],
  [3, "iPXE (http://ipxe.org) 00:03.0 CA00 PCI2.10 PnP PMM+06FCF100+06F0F100 CA00"],
  [7, "Booting from ROM..."],
];
export const SEABIOS_CURSOR = 8 * VGA_COLUMNS;
const BIOS_ATTRIBUTE = 0x07;

export interface VgaState {
  crtcIndex: number;
  /** CRTC registers 0x00-0x18 (only the cursor ones matter to text output). */
  crtc: number[];
}

/**
 * CRTC registers 0x00-0x18 as SeaBIOS programs mode 3 (read back from QEMU 7.2 by the device probe in
 * tests/integration/boot-kernel-fuzz-qemu.test.ts); the cursor location is set below.
 */
const MODE3_CRTC: readonly number[] = [
  0x5f, 0x4f, 0x50, 0x82, 0x55, 0x81, 0xbf, 0x1f, 0x00, 0x4f, 0x0d, 0x0e, 0x00, 0x00, 0x00, 0x00,
  0x9c, 0x8e, 0x8f, 0x28, 0x1f, 0x96, 0xb9, 0xa3, 0xff,
];

export function createVga(): VgaState {
  const crtc = [...MODE3_CRTC];
  crtc[CRTC_CURSOR_HIGH] = SEABIOS_CURSOR >> 8;
  crtc[CRTC_CURSOR_LOW] = SEABIOS_CURSOR & 0xff;
  return { crtcIndex: 0, crtc };
}

/** Writes the screen SeaBIOS leaves: blanks in attribute 0x07, then its three lines. */
export function paintBiosScreen(mem: MemoryState): void {
  for (let cell = 0; cell < VGA_COLUMNS * VGA_ROWS; cell++) {
    write8(mem, VGA_TEXT_BASE + cell * 2, 0x20);
    write8(mem, VGA_TEXT_BASE + cell * 2 + 1, BIOS_ATTRIBUTE);
  }
  for (const [row, text] of SEABIOS_SCREEN) {
    for (let col = 0; col < text.length; col++) write8(mem, VGA_TEXT_BASE + (row * VGA_COLUMNS + col) * 2, text.charCodeAt(col));
  }
}

const CRTC_OVERFLOW = 0x07;
const CRTC_VSYNC_END = 0x11;
/** CR11 bit 7 write-protects CR0-CR7 (bit 4 of CR7 stays writable), as in QEMU's vga_ioport_write. */
const CR11_LOCK = 0x80;

export function vgaWrite(vga: VgaState, port: number, value: number): void {
  if (port === CRTC_INDEX) { vga.crtcIndex = value & 0xff; return; }
  if (port !== CRTC_DATA || vga.crtcIndex >= CRTC_REGISTER_COUNT) return;
  const i = vga.crtcIndex;
  if (i <= CRTC_OVERFLOW && (vga.crtc[CRTC_VSYNC_END] & CR11_LOCK) !== 0) {
    if (i === CRTC_OVERFLOW) vga.crtc[i] = (vga.crtc[i] & ~0x10) | (value & 0x10);
    return;
  }
  vga.crtc[i] = value & 0xff;
}

/** Indexes past the CRTC registers read 0 (QEMU keeps 256 bytes there, zero at reset; writes to them are not kept here). */
export function vgaRead(vga: VgaState, port: number): number {
  if (port === CRTC_INDEX) return vga.crtcIndex;
  if (port === CRTC_DATA) return vga.crtcIndex < CRTC_REGISTER_COUNT ? vga.crtc[vga.crtcIndex] : 0;
  return 0xff;
}

export interface VgaCursor { row: number; column: number; offset: number; visible: boolean }

export function vgaCursor(vga: VgaState): VgaCursor {
  const offset = (vga.crtc[CRTC_CURSOR_HIGH] << 8) | vga.crtc[CRTC_CURSOR_LOW];
  return { row: Math.floor(offset / VGA_COLUMNS), column: offset % VGA_COLUMNS, offset, visible: (vga.crtc[CRTC_CURSOR_START] & 0x20) === 0 };
}

/** The 4000 bytes of text memory (character, attribute pairs), as QEMU's `pmemsave 0xb8000 4000` gives them. */
export function vgaCells(mem: MemoryState): Uint8Array {
  const out = new Uint8Array(VGA_TEXT_BYTES);
  for (let i = 0; i < VGA_TEXT_BYTES; i++) out[i] = read8(mem, VGA_TEXT_BASE + i);
  return out;
}

/** 25 lines of 80 characters, trailing spaces kept; bytes shown as Latin-1 characters. */
export function vgaLinesFromCells(cells: Uint8Array): string[] {
  const lines: string[] = [];
  for (let row = 0; row < VGA_ROWS; row++) {
    let line = "";
    for (let col = 0; col < VGA_COLUMNS; col++) line += String.fromCharCode(cells[(row * VGA_COLUMNS + col) * 2]);
    lines.push(line);
  }
  return lines;
}
