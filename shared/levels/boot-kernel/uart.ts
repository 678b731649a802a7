/**
 * COM1: a National Semiconductor 16550A UART at ports 0x3F8-0x3FF (PC16550D datasheet, register table below),
 * as QEMU's `-serial stdio` presents it: every byte written to THR appears on the host at once.
 *
 * Transmitter timing: the transmitter is always ready. LSR reads 0x60 (THRE, bit 5, and TEMT, bit 6, set) because
 * QEMU's serial backend drains THR immediately; a "wait for transmit ready" loop therefore runs its test once and
 * passes. Modelled: DLAB and the divisor latch, IER, FCR, LCR, MCR, the scratch register, loopback mode (MCR bit 4:
 * a byte written comes back in RBR and is not sent; serial-init routines use it as a self test). Omitted: receive
 * from the host, UART interrupts (IRQ 4 never fires, and IIR never reports one: QEMU's reads 0x02, THR empty, once
 * IER bit 1 is set), line errors, modem status changes.
 */

export const COM1 = 0x3f8;

/** Register offsets from the base port (DLAB = LCR bit 7 selects the divisor latch at offsets 0 and 1). */
export const UART_REGISTERS = [
  { offset: 0, read: "RBR", write: "THR", dlab: "DLL", note: "receive buffer / transmit holding / divisor low" },
  { offset: 1, read: "IER", write: "IER", dlab: "DLM", note: "interrupt enable / divisor high" },
  { offset: 2, read: "IIR", write: "FCR", dlab: "", note: "interrupt identification / FIFO control" },
  { offset: 3, read: "LCR", write: "LCR", dlab: "", note: "line control (bit 7 = DLAB)" },
  { offset: 4, read: "MCR", write: "MCR", dlab: "", note: "modem control (bit 4 = loopback)" },
  { offset: 5, read: "LSR", write: "", dlab: "", note: "line status (bit 5 THRE, bit 6 TEMT)" },
  { offset: 6, read: "MSR", write: "", dlab: "", note: "modem status" },
  { offset: 7, read: "SCR", write: "SCR", dlab: "", note: "scratch" },
] as const;

const LSR_DATA_READY = 0x01;
const LSR_THRE = 0x20;
const LSR_TEMT = 0x40;
/** QEMU's modem status with nothing attached: DCD, DSR, CTS. */
const MSR_IDLE = 0xb0;
const WRITE_LOG_LIMIT = 64;

export interface UartState {
  ier: number; lcr: number; mcr: number; fcr: number; scr: number; dll: number; dlm: number;
  /** The last byte received (loopback only): RBR keeps it after it is read, as QEMU's does. */
  rbr: number;
  /** LSR.DR: a received byte has not been read yet. */
  dataReady: boolean;
  /** Everything transmitted, as Latin-1 text. */
  output: string;
  /** The last register writes (offset, value, instruction count), oldest first, for the board. */
  writes: { reg: number; value: number; at: number }[];
}

/**
 * As SeaBIOS leaves COM1 (it does not program it; QEMU's serial_reset values: divisor 0x0C = 9600 baud, LCR 0, MCR
 * 0x08 = OUT2, read back by the device probe in tests/integration/boot-kernel-fuzz-qemu.test.ts).
 */
export function createUart(): UartState {
  return { ier: 0, lcr: 0, mcr: 0x08, fcr: 0, scr: 0, dll: 0x0c, dlm: 0, rbr: 0, dataReady: false, output: "", writes: [] };
}

/** Returns the byte transmitted (0-255) or -1 when the write was to a register. */
export function uartWrite(u: UartState, offset: number, value: number, at: number): number {
  const v = value & 0xff;
  u.writes.push({ reg: offset, value: v, at });
  if (u.writes.length > WRITE_LOG_LIMIT) u.writes.shift();
  const dlab = (u.lcr & 0x80) !== 0;
  switch (offset) {
    case 0:
      if (dlab) { u.dll = v; return -1; }
      if ((u.mcr & 0x10) !== 0) { u.rbr = v; u.dataReady = true; return -1; }
      u.output += String.fromCharCode(v);
      return v;
    case 1: if (dlab) u.dlm = v; else u.ier = v & 0x0f; return -1;
    case 2: u.fcr = v; return -1;
    case 3: u.lcr = v; return -1;
    case 4: u.mcr = v & 0x1f; return -1;
    case 7: u.scr = v; return -1;
    default: return -1;
  }
}

export function uartRead(u: UartState, offset: number): number {
  const dlab = (u.lcr & 0x80) !== 0;
  switch (offset) {
    case 0: {
      if (dlab) return u.dll;
      u.dataReady = false;
      return u.rbr;
    }
    case 1: return dlab ? u.dlm : u.ier;
    case 2: return 0x01 | ((u.fcr & 1) !== 0 ? 0xc0 : 0);
    case 3: return u.lcr;
    case 4: return u.mcr;
    case 5: return LSR_THRE | LSR_TEMT | (u.dataReady ? LSR_DATA_READY : 0);
    case 6: return (u.mcr & 0x10) !== 0 ? ((u.mcr & 0x0c) << 4) | ((u.mcr & 0x01) << 5) | ((u.mcr & 0x02) << 3) : MSR_IDLE;
    default: return u.scr;
  }
}

export interface UartView { baud: number; lcr: number; ier: number; mcr: number; fcr: number; scr: number; dlab: boolean; loopback: boolean; bytesSent: number }

export function uartView(u: UartState): UartView {
  const divisor = (u.dlm << 8) | u.dll;
  return {
    baud: divisor === 0 ? 0 : Math.floor(115200 / divisor), lcr: u.lcr, ier: u.ier, mcr: u.mcr, fcr: u.fcr, scr: u.scr,
    dlab: (u.lcr & 0x80) !== 0, loopback: (u.mcr & 0x10) !== 0, bytesSent: u.output.length,
  };
}
