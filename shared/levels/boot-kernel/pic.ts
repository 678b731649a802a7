/**
 * The two Intel 8259A programmable interrupt controllers of the PC/AT: master at ports 0x20/0x21 (IRQ 0-7), slave at
 * 0xA0/0xA1 (IRQ 8-15) cascaded into the master's IRQ 2 (8259A datasheet; OSDev "8259 PIC").
 *
 * Modelled: the ICW1-ICW4 initialisation sequence (ICW1 clears IMR, ISR and the edge-triggered IRR as QEMU's
 * pic_init_reset does), vector offsets from ICW2, auto-EOI from ICW4, OCW1 masks, OCW2 non-specific and specific EOI,
 * OCW3 IRR/ISR read select, fixed priority (IRQ 0 highest), cascade, INTA (interrupt acknowledge).
 * Omitted: rotating priorities (treated as plain EOIs), special mask mode, poll mode, level-triggered mode (ELCR),
 * spurious IRQ 7/15.
 *
 * The state at kernel entry is what SeaBIOS leaves under QEMU 7.2, read back with `in al, 0x21` / `in al, 0xa1` by a
 * probe kernel: master vectors 0x08-0x0F, slave 0x70-0x77, IMR master 0xB8 (IRQ 0, 1, 2, 6 unmasked), slave 0x8E. So
 * an unremapped IRQ 0 (the PIT) arrives on vector 8, the double-fault vector.
 */

export interface PicChip {
  /** Interrupt request register: lines raised and not yet acknowledged. */
  irr: number;
  /** In-service register: acknowledged and not yet EOId. */
  isr: number;
  /** Interrupt mask register (OCW1): a set bit masks that line. */
  imr: number;
  /** ICW2: the vector of line 0 (a multiple of 8). */
  vectorBase: number;
  /** 0 = operating; 1..3 = waiting for ICW2, ICW3, ICW4. */
  initStep: number;
  icw4Expected: boolean;
  singleMode: boolean;
  autoEoi: boolean;
  /** OCW3: reads of the command port return the ISR instead of the IRR. */
  readIsr: boolean;
  /** The kernel has run an ICW1-ICW4 sequence on this chip (false: still as the BIOS left it). */
  initialisedByKernel: boolean;
}

export interface PicState { master: PicChip; slave: PicChip }

export const PIC_MASTER_COMMAND = 0x20;
export const PIC_MASTER_DATA = 0x21;
export const PIC_SLAVE_COMMAND = 0xa0;
export const PIC_SLAVE_DATA = 0xa1;
export const CASCADE_IRQ = 2;

function chip(vectorBase: number, imr: number): PicChip {
  return { irr: 0, isr: 0, imr, vectorBase, initStep: 0, icw4Expected: false, singleMode: false, autoEoi: false, readIsr: false, initialisedByKernel: false };
}

/** As SeaBIOS leaves them at the Multiboot entry (measured, see the file comment). */
export function createPic(): PicState {
  return { master: chip(0x08, 0xb8), slave: chip(0x70, 0x8e) };
}

/** Highest-priority line that is requested, unmasked and not blocked by an equal or higher one in service; -1 if none. */
function pendingLine(c: PicChip, requests: number): number {
  const candidates = requests & ~c.imr & 0xff;
  if (candidates === 0) return -1;
  for (let line = 0; line < 8; line++) {
    if ((c.isr & (1 << line)) !== 0) return -1;
    if ((candidates & (1 << line)) !== 0) return line;
  }
  return -1;
}

function masterRequests(pic: PicState): number {
  const slaveWants = pendingLine(pic.slave, pic.slave.irr) >= 0;
  return pic.master.irr | (slaveWants ? 1 << CASCADE_IRQ : 0);
}

/** Is the INTR line to the CPU raised? */
export function picHasInterrupt(pic: PicState): boolean {
  return pendingLine(pic.master, masterRequests(pic)) >= 0;
}

/** An edge on IRQ line 0-15. */
export function raiseIrq(pic: PicState, irq: number): void {
  if (irq < 8) pic.master.irr |= 1 << irq;
  else pic.slave.irr |= 1 << (irq - 8);
}

/** Could this line ever reach the CPU without the kernel running (unmasked on its chip and the cascade, not blocked)? */
export function irqCanArrive(pic: PicState, irq: number): boolean {
  const reachable = (c: PicChip, line: number) => (c.imr & (1 << line)) === 0 && (c.isr & ((2 << line) - 1)) === 0;
  if (irq < 8) return reachable(pic.master, irq);
  return reachable(pic.slave, irq - 8) && reachable(pic.master, CASCADE_IRQ);
}

/** INTA: the vector the CPU receives; marks the line in service (unless auto-EOI). Call only if picHasInterrupt. */
export function acknowledge(pic: PicState): number {
  const m = pic.master;
  const line = pendingLine(m, masterRequests(pic));
  if (line === CASCADE_IRQ && !m.singleMode) {
    const s = pic.slave;
    const sl = pendingLine(s, s.irr);
    s.irr &= ~(1 << sl);
    if (!s.autoEoi) s.isr |= 1 << sl;
    if (!m.autoEoi) m.isr |= 1 << CASCADE_IRQ;
    return (s.vectorBase + sl) & 0xff;
  }
  m.irr &= ~(1 << line);
  if (!m.autoEoi) m.isr |= 1 << line;
  return (m.vectorBase + line) & 0xff;
}

function writeCommand(c: PicChip, value: number): void {
  if ((value & 0x10) !== 0) { // ICW1
    c.irr = 0; c.isr = 0; c.imr = 0; c.readIsr = false; c.autoEoi = false;
    c.icw4Expected = (value & 1) !== 0;
    c.singleMode = (value & 2) !== 0;
    c.initStep = 1;
    c.initialisedByKernel = true;
    return;
  }
  if ((value & 0x08) !== 0) { // OCW3
    if ((value & 0x02) !== 0) c.readIsr = (value & 1) !== 0;
    return;
  }
  const command = value >> 5; // OCW2
  if (command === 1 || command === 5) { // non-specific EOI (rotation not modelled)
    for (let line = 0; line < 8; line++) if ((c.isr & (1 << line)) !== 0) { c.isr &= ~(1 << line); break; }
  } else if (command === 3 || command === 7) {
    c.isr &= ~(1 << (value & 7));
  }
}

function writeData(c: PicChip, value: number): void {
  switch (c.initStep) {
    case 1:
      c.vectorBase = value & 0xf8;
      c.initStep = c.singleMode ? (c.icw4Expected ? 3 : 0) : 2;
      return;
    case 2:
      c.initStep = c.icw4Expected ? 3 : 0;
      return;
    case 3:
      c.autoEoi = (value & 2) !== 0;
      c.initStep = 0;
      return;
    default:
      c.imr = value & 0xff;
  }
}

export function picWrite(pic: PicState, port: number, value: number): void {
  const c = port === PIC_SLAVE_COMMAND || port === PIC_SLAVE_DATA ? pic.slave : pic.master;
  if ((port & 1) === 0) writeCommand(c, value);
  else writeData(c, value);
}

export function picRead(pic: PicState, port: number): number {
  const c = port === PIC_SLAVE_COMMAND || port === PIC_SLAVE_DATA ? pic.slave : pic.master;
  if ((port & 1) === 0) return c.readIsr ? c.isr : c.irr;
  return c.imr;
}

export interface PicView {
  chip: "master" | "slave"; vectorBase: number; irqs: string; imr: number; irr: number; isr: number;
  initialisedByKernel: boolean; autoEoi: boolean;
}

export function picView(pic: PicState): PicView[] {
  const view = (name: "master" | "slave", c: PicChip, first: number): PicView => ({
    chip: name, vectorBase: c.vectorBase, irqs: `IRQ ${first}-${first + 7} → vectors 0x${c.vectorBase.toString(16)}-0x${(c.vectorBase + 7).toString(16)}`,
    imr: c.imr, irr: c.irr, isr: c.isr, initialisedByKernel: c.initialisedByKernel, autoEoi: c.autoEoi,
  });
  return [view("master", pic.master, 0), view("slave", pic.slave, 8)];
}
