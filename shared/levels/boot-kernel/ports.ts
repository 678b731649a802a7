/**
 * The I/O port map of the PC as QEMU's `-kernel` machine (i440FX/PIIX, `-device isa-debug-exit,iobase=0xf4,iosize=4`)
 * presents it to this game's kernels. One table, one line per device; ports nobody decodes read 0xFF and ignore writes
 * (QEMU's unassigned I/O). Wider accesses to byte devices are split into byte accesses at consecutive ports, as QEMU's
 * portio layer does (so `out dx, ax` to 0x3D4 writes the CRTC index and data at once).
 */

import { picRead, type PicState, picWrite } from "./pic.ts";
import { pitRead, type PitState, pitWrite } from "./pit.ts";
import { COM1, uartRead, type UartState, uartWrite } from "./uart.ts";
import { vgaRead, type VgaState, vgaWrite } from "./vga.ts";

export const DEBUG_EXIT_PORT = 0xf4;

export const PORT_MAP = [
  { first: 0x20, last: 0x21, device: "pic", note: "master 8259 PIC: command/status, data/IMR" },
  { first: 0x40, last: 0x43, device: "pit", note: "8254 PIT: counters 0-2, mode/command" },
  { first: 0xa0, last: 0xa1, device: "pic", note: "slave 8259 PIC: command/status, data/IMR" },
  { first: 0xf4, last: 0xf7, device: "debug-exit", note: "isa-debug-exit: writing v exits QEMU with status (v << 1) | 1" },
  { first: 0x3d4, last: 0x3d5, device: "vga", note: "VGA CRT controller: index, data (cursor 0x0E/0x0F)" },
  { first: COM1, last: COM1 + 7, device: "uart", note: "COM1 16550A UART" },
] as const;

export interface PortDevices {
  pic: PicState;
  pit: PitState;
  uart: UartState;
  vga: VgaState;
}

/** What a port write did that the machine must act on. */
export interface PortEffects {
  /** Value written to isa-debug-exit, or -1. */
  debugExit: number;
  /** Bytes transmitted by COM1 during this run. */
  serialBytes: number;
  /** A PIC register changed (the machine re-checks its interrupt line). */
  picTouched: boolean;
}

function deviceAt(port: number): string | undefined {
  for (const range of PORT_MAP) if (port >= range.first && port <= range.last) return range.device;
  return undefined;
}

function readByte(d: PortDevices, port: number, now: number): number {
  switch (deviceAt(port)) {
    case "pic": return picRead(d.pic, port);
    case "pit": return pitRead(d.pit, port, now);
    case "vga": return vgaRead(d.vga, port);
    case "uart": return uartRead(d.uart, port - COM1);
    default: return 0xff;
  }
}

function writeByte(d: PortDevices, port: number, value: number, now: number, at: number, fx: PortEffects): void {
  switch (deviceAt(port)) {
    case "pic": picWrite(d.pic, port, value); fx.picTouched = true; return;
    case "pit": pitWrite(d.pit, port, value, now); return;
    case "vga": vgaWrite(d.vga, port, value); return;
    case "uart": if (uartWrite(d.uart, port - COM1, value, at) >= 0) fx.serialBytes++; return;
    default:
  }
}

export function portIn(d: PortDevices, port: number, size: number, now: number): number {
  let v = 0;
  for (let i = 0; i < size; i++) v |= readByte(d, (port + i) & 0xffff, now) << (8 * i);
  return size === 4 ? v >>> 0 : v;
}

export function portOut(d: PortDevices, port: number, size: number, value: number, now: number, at: number, fx: PortEffects): void {
  if (port >= DEBUG_EXIT_PORT && port < DEBUG_EXIT_PORT + 4) { // one access of any width: QEMU passes the whole value
    fx.debugExit = size === 4 ? value >>> 0 : value & (size === 2 ? 0xffff : 0xff);
    return;
  }
  for (let i = 0; i < size; i++) writeByte(d, (port + i) & 0xffff, (value >>> (8 * i)) & 0xff, now, at, fx);
}
