/**
 * The PC devices a kernel programs through ports, one at a time: the two 8259 PICs (ICW1-4 remap, masks, EOI, fixed
 * priority, the slave cascaded through IRQ 2, IRR/ISR reads selected by OCW3), the 8254 PIT (mode, lo/hi divisor, the
 * IRQ 0 rate in machine time), the COM1 16550 (DLAB and divisor, LSR, loopback, scratch, MSR) and the VGA CRT
 * controller's cursor. Values the kernel reads back are QEMU 7.2's (hw/intc/i8259.c, hw/char/serial.c); the
 * differential test tests/integration/boot-kernel-fuzz-qemu.test.ts reads the same registers in real QEMU.
 */
import { describe, expect, it } from "vitest";
import { buildKernel } from "../../../shared/levels/boot-kernel/linker.ts";
import { createMachine, runMachine } from "../../../shared/levels/boot-kernel/machine.ts";
import { acknowledge, createPic, irqCanArrive, picHasInterrupt, picRead, type PicState, picWrite, raiseIrq } from "../../../shared/levels/boot-kernel/pic.ts";
import { createPit, INSTRUCTIONS_PER_SECOND, PIT_HZ, pitFire, pitRead, pitView, pitWrite } from "../../../shared/levels/boot-kernel/pit.ts";
import { portIn, portOut, type PortEffects } from "../../../shared/levels/boot-kernel/ports.ts";
import { createUart, uartRead, uartView, uartWrite } from "../../../shared/levels/boot-kernel/uart.ts";
import { createVga, vgaCursor, vgaRead, vgaWrite } from "../../../shared/levels/boot-kernel/vga.ts";
import { MULTIBOOT_HEADER, STANDARD_SCRIPT } from "./kernel-fixtures.ts";

/** The classic remap: ICW1 (edge, cascade, ICW4), ICW2 vectors 0x20/0x28, ICW3 slave on IRQ 2, ICW4 8086 mode. */
function remapped(icw4 = 0x01): PicState {
  const pic = createPic();
  for (const [port, value] of [[0x20, 0x11], [0xa0, 0x11], [0x21, 0x20], [0xa1, 0x28], [0x21, 0x04], [0xa1, 0x02], [0x21, icw4], [0xa1, icw4]]) {
    picWrite(pic, port!, value!);
  }
  return pic;
}

/** OCW3 selects which register the command port reads: 0x0a the IRR, 0x0b the ISR. */
function readIrr(pic: PicState, command = 0x20): number { picWrite(pic, command, 0x0a); return picRead(pic, command); }
function readIsr(pic: PicState, command = 0x20): number { picWrite(pic, command, 0x0b); return picRead(pic, command); }

describe("8259 PIC", () => {
  it("as SeaBIOS leaves it: vectors 0x08 and 0x70, IMR 0xb8 / 0x8e, so IRQ 0 would arrive on vector 8", () => {
    const pic = createPic();
    expect(picRead(pic, 0x21)).toBe(0xb8);
    expect(picRead(pic, 0xa1)).toBe(0x8e);
    raiseIrq(pic, 0);
    expect(acknowledge(pic)).toBe(0x08);
  });

  it("ICW1-ICW4 remap to 0x20/0x28, clears the masks; OCW1 masks read back from the data port", () => {
    const pic = remapped();
    expect(pic.master.vectorBase).toBe(0x20);
    expect(pic.slave.vectorBase).toBe(0x28);
    expect(picRead(pic, 0x21)).toBe(0);
    expect(picRead(pic, 0xa1)).toBe(0);
    picWrite(pic, 0x21, 0xfc);
    picWrite(pic, 0xa1, 0xff);
    expect(picRead(pic, 0x21)).toBe(0xfc);
    expect(picRead(pic, 0xa1)).toBe(0xff);
    raiseIrq(pic, 1);
    expect(acknowledge(pic)).toBe(0x21);
  });

  it("ICW2 keeps only the top five bits of the vector base", () => {
    const pic = createPic();
    picWrite(pic, 0x20, 0x11);
    picWrite(pic, 0x21, 0x27);
    expect(pic.master.vectorBase).toBe(0x20);
  });

  it("a masked line is latched in the IRR but raises no interrupt until unmasked", () => {
    const pic = remapped();
    picWrite(pic, 0x21, 0x01);
    raiseIrq(pic, 0);
    expect(picHasInterrupt(pic)).toBe(false);
    expect(irqCanArrive(pic, 0)).toBe(false);
    expect(readIrr(pic)).toBe(0x01);
    picWrite(pic, 0x21, 0x00);
    expect(picHasInterrupt(pic)).toBe(true);
  });

  it("INTA moves the line from IRR to ISR; without EOI the same and lower lines wait; EOI (0x20) releases them", () => {
    const pic = remapped();
    raiseIrq(pic, 0);
    expect(readIrr(pic)).toBe(0x01);
    expect(acknowledge(pic)).toBe(0x20);
    expect(readIrr(pic)).toBe(0);
    expect(readIsr(pic)).toBe(0x01);
    raiseIrq(pic, 0);
    raiseIrq(pic, 1);
    expect(picHasInterrupt(pic)).toBe(false); // the timer handler forgot nothing yet: it is still in service
    picWrite(pic, 0x20, 0x20);
    expect(readIsr(pic)).toBe(0);
    expect(acknowledge(pic)).toBe(0x20); // IRQ 0 before IRQ 1: fixed priority
    picWrite(pic, 0x20, 0x20);
    expect(acknowledge(pic)).toBe(0x21);
  });

  it("fixed priority: a higher line interrupts a lower one in service, a lower one waits", () => {
    const pic = remapped();
    raiseIrq(pic, 3);
    expect(acknowledge(pic)).toBe(0x23);
    raiseIrq(pic, 5);
    expect(picHasInterrupt(pic)).toBe(false);
    raiseIrq(pic, 1);
    expect(acknowledge(pic)).toBe(0x21);
    expect(readIsr(pic)).toBe(0x0a);
    picWrite(pic, 0x20, 0x20); // non-specific EOI clears the highest-priority bit in service: IRQ 1
    expect(readIsr(pic)).toBe(0x08);
  });

  it("specific EOI (0x60 + line) clears exactly that line's ISR bit", () => {
    const pic = remapped();
    raiseIrq(pic, 3);
    acknowledge(pic);
    raiseIrq(pic, 1);
    acknowledge(pic);
    picWrite(pic, 0x20, 0x63);
    expect(readIsr(pic)).toBe(0x02);
  });

  it("cascade: IRQ 12 arrives through the master's IRQ 2 as 0x2c and needs an EOI to both chips", () => {
    const pic = remapped();
    raiseIrq(pic, 12);
    expect(readIrr(pic, 0xa0)).toBe(0x10);
    expect(acknowledge(pic)).toBe(0x2c);
    expect(readIsr(pic, 0xa0)).toBe(0x10);
    expect(readIsr(pic)).toBe(0x04);
    picWrite(pic, 0xa0, 0x20); // slave EOI only: the master still has IRQ 2 in service
    raiseIrq(pic, 13);
    expect(picHasInterrupt(pic)).toBe(false);
    raiseIrq(pic, 0); // a higher master line still gets through
    expect(acknowledge(pic)).toBe(0x20);
    picWrite(pic, 0x20, 0x20);
    picWrite(pic, 0x20, 0x20);
    expect(acknowledge(pic)).toBe(0x2d);
  });

  it("a masked cascade line (IRQ 2) keeps every slave interrupt away", () => {
    const pic = remapped();
    picWrite(pic, 0x21, 0x04);
    raiseIrq(pic, 8);
    expect(picHasInterrupt(pic)).toBe(false);
    expect(irqCanArrive(pic, 8)).toBe(false);
    expect(irqCanArrive(pic, 0)).toBe(true);
  });

  it("auto-EOI (ICW4 bit 1) leaves nothing in service", () => {
    const pic = remapped(0x03);
    raiseIrq(pic, 0);
    expect(acknowledge(pic)).toBe(0x20);
    expect(readIsr(pic)).toBe(0);
  });

  it("ICW1 clears IRR, ISR and IMR and the OCW3 read select (reads give the IRR again)", () => {
    const pic = remapped();
    raiseIrq(pic, 0);
    acknowledge(pic);
    raiseIrq(pic, 1);
    picWrite(pic, 0x20, 0x0b);
    picWrite(pic, 0x20, 0x11);
    expect(picRead(pic, 0x20)).toBe(0); // IRR, not ISR
    expect(pic.master.isr).toBe(0);
    expect(picRead(pic, 0x21)).toBe(0);
  });
});

/** Machine time of the n-th IRQ 0 after a divisor is loaded at time `from` (exact, no drift). */
const tickAt = (from: number, divisor: number, n: number) => from + Math.floor((n * divisor * INSTRUCTIONS_PER_SECOND) / PIT_HZ);

describe("8254 PIT channel 0", () => {
  it("as SeaBIOS leaves it: mode 3, count 0 = 65536, 18.2 Hz", () => {
    const pit = createPit(0);
    expect(pitView(pit)).toMatchObject({ mode: 3, divisor: 65536, hz: "18.207", running: true });
    expect(pit.nextIrqAt).toBe(tickAt(0, 65536, 1));
  });

  it("mode 2, lo then hi: 1193 is 1000.15 Hz, and a hundred periods do not drift", () => {
    const pit = createPit(0);
    pitWrite(pit, 0x43, 0x34, 500);
    expect(pit.running).toBe(false); // a command byte stops the counter until the count is written
    expect(pit.nextIrqAt).toBe(-1);
    pitWrite(pit, 0x40, 1193 & 0xff, 510);
    expect(pit.running).toBe(false); // only the low byte so far
    pitWrite(pit, 0x40, 1193 >> 8, 520);
    expect(pitView(pit)).toMatchObject({ mode: 2, divisor: 1193, hz: "1000.153", running: true });
    for (let n = 1; n <= 100; n++) {
      expect(pit.nextIrqAt).toBe(tickAt(520, 1193, n));
      expect(pitFire(pit)).toBe(true);
    }
    expect(pit.irqs).toBe(100);
  });

  it("mode 3 (square wave) has the same IRQ rate; modes 6 and 7 alias 2 and 3", () => {
    const pit = createPit(0);
    pitWrite(pit, 0x43, 0x3e, 0); // mode 7
    expect(pit.mode).toBe(3);
    pitWrite(pit, 0x40, 0x9c, 0);
    pitWrite(pit, 0x40, 0x2e, 0); // 11932: 100 Hz
    expect(pit.nextIrqAt).toBe(tickAt(0, 11932, 1));
  });

  it("access modes: low byte only, high byte only", () => {
    const pit = createPit(0);
    pitWrite(pit, 0x43, 0x14, 0);
    pitWrite(pit, 0x40, 0x80, 0);
    expect(pit.divisor).toBe(0x80);
    pitWrite(pit, 0x43, 0x24, 0);
    pitWrite(pit, 0x40, 0x02, 0);
    expect(pit.divisor).toBe(0x200);
  });

  it("mode 0 interrupts once, at terminal count", () => {
    const pit = createPit(0);
    pitWrite(pit, 0x43, 0x30, 0);
    pitWrite(pit, 0x40, 0x00, 0);
    pitWrite(pit, 0x40, 0x10, 0);
    expect(pitFire(pit)).toBe(true);
    expect(pit.nextIrqAt).toBe(-1);
    expect(pitFire(pit)).toBe(false);
  });

  it("the latch command freezes the count for a low-then-high read", () => {
    const pit = createPit(0);
    pitWrite(pit, 0x43, 0x34, 0);
    pitWrite(pit, 0x40, 0x00, 0);
    pitWrite(pit, 0x40, 0x10, 0); // 4096
    const now = 1000; // 1000 instructions = 119 PIT ticks
    pitWrite(pit, 0x43, 0x00, now);
    const low = pitRead(pit, 0x40, now + 5000), high = pitRead(pit, 0x40, now + 9000);
    expect((high << 8) | low).toBe(4096 - Math.floor((1000 * PIT_HZ) / INSTRUCTIONS_PER_SECOND));
  });

  it("IRQ 0 rate in machine time: a kernel programming 1193 sees 100 ticks latched in a million instructions", () => {
    const source = `${MULTIBOOT_HEADER}
.text
.global _start
_start:
  mov al, 0x34
  out 0x43, al
  mov al, 0xa9
  out 0x40, al
  mov al, 0x04
  out 0x40, al
spin:
  jmp spin
`;
    const built = buildKernel([{ name: "pit.s", text: source }], STANDARD_SCRIPT);
    if (!built.ok) throw new Error(built.error.message);
    const pc = createMachine(built.value.elf);
    if (!pc.ok) throw new Error(pc.error.message);
    runMachine(pc.value, { instructions: 1_000_000 });
    expect(pc.value.pit.irqs).toBe(100);
    expect(pc.value.pic.master.irr & 1).toBe(1); // interrupts are off: the edge waits in the IRR
  });
});

describe("COM1 16550", () => {
  it("at reset: LSR 0x60 (THRE, TEMT), MSR 0xb0, IIR 0x01 (no interrupt), MCR 0x08 (OUT2), divisor 12 (9600 baud)", () => {
    const u = createUart();
    expect(uartRead(u, 4)).toBe(0x08);
    expect(uartRead(u, 5)).toBe(0x60);
    expect(uartRead(u, 6)).toBe(0xb0);
    expect(uartRead(u, 2)).toBe(0x01);
    expect(uartView(u).baud).toBe(9600);
  });

  it("DLAB (LCR bit 7) turns offsets 0 and 1 into the divisor latch: nothing is transmitted meanwhile", () => {
    const u = createUart();
    uartWrite(u, 1, 0x00, 0);
    uartWrite(u, 3, 0x80, 0);
    uartWrite(u, 0, 0x03, 0);
    uartWrite(u, 1, 0x00, 0);
    expect(uartRead(u, 0)).toBe(0x03);
    expect(uartRead(u, 1)).toBe(0x00);
    uartWrite(u, 3, 0x03, 0); // 8N1, DLAB off
    expect(uartView(u)).toMatchObject({ baud: 38400, dlab: false, lcr: 0x03 });
    expect(u.output).toBe("");
    expect(uartWrite(u, 0, 0x41, 0)).toBe(0x41);
    expect(u.output).toBe("A");
  });

  it("FCR bit 0 shows as the FIFO bits of IIR (0xc1)", () => {
    const u = createUart();
    uartWrite(u, 2, 0xc7, 0);
    expect(uartRead(u, 2)).toBe(0xc1);
  });

  it("loopback (MCR bit 4): a byte comes back in RBR with LSR.DR set and is not sent; MSR mirrors MCR", () => {
    const u = createUart();
    uartWrite(u, 4, 0x1e, 0);
    expect(uartWrite(u, 0, 0xae, 0)).toBe(-1);
    expect(u.output).toBe("");
    expect(uartRead(u, 5)).toBe(0x61);
    expect(uartRead(u, 0)).toBe(0xae);
    expect(uartRead(u, 5)).toBe(0x60);
    expect(uartRead(u, 6)).toBe(0xd0); // OUT2, OUT1, RTS → DCD, RI, CTS
    uartWrite(u, 4, 0x1f, 0);
    expect(uartRead(u, 6)).toBe(0xf0);
    uartWrite(u, 4, 0x0f, 0); // loopback off: the byte goes out
    uartWrite(u, 0, 0x42, 0);
    expect(u.output).toBe("B");
  });

  it("the scratch register keeps what was written; IER keeps 4 bits, MCR 5", () => {
    const u = createUart();
    uartWrite(u, 7, 0x5a, 0);
    expect(uartRead(u, 7)).toBe(0x5a);
    uartWrite(u, 1, 0xff, 0);
    expect(uartRead(u, 1)).toBe(0x0f);
    uartWrite(u, 4, 0xff, 0);
    expect(uartRead(u, 4)).toBe(0x1f);
  });
});

describe("VGA CRT controller", () => {
  it("the cursor starts where SeaBIOS left it (row 8) and moves with registers 0x0E (high) and 0x0F (low)", () => {
    const vga = createVga();
    expect(vgaCursor(vga)).toMatchObject({ row: 8, column: 0, visible: true });
    vgaWrite(vga, 0x3d4, 0x0e);
    vgaWrite(vga, 0x3d5, 0x01);
    vgaWrite(vga, 0x3d4, 0x0f);
    vgaWrite(vga, 0x3d5, 0x95);
    expect(vgaCursor(vga)).toMatchObject({ offset: 0x195, row: 5, column: 5 });
    expect(vgaRead(vga, 0x3d4)).toBe(0x0f);
    expect(vgaRead(vga, 0x3d5)).toBe(0x95);
  });

  it("bit 5 of register 0x0A hides the cursor; an index past the registers reads 0", () => {
    const vga = createVga();
    vgaWrite(vga, 0x3d4, 0x0a);
    vgaWrite(vga, 0x3d5, 0x20);
    expect(vgaCursor(vga).visible).toBe(false);
    vgaWrite(vga, 0x3d4, 0x40);
    expect(vgaRead(vga, 0x3d5)).toBe(0);
  });

  it("SeaBIOS's mode 3 timings are there, and CR11 bit 7 write-protects CR0-CR7 (bit 4 of CR7 excepted)", () => {
    const vga = createVga();
    const reg = (i: number) => { vgaWrite(vga, 0x3d4, i); return vgaRead(vga, 0x3d5); };
    const set = (i: number, v: number) => { vgaWrite(vga, 0x3d4, i); vgaWrite(vga, 0x3d5, v); };
    expect([reg(0x00), reg(0x01), reg(0x09), reg(0x11), reg(0x18)]).toEqual([0x5f, 0x4f, 0x4f, 0x8e, 0xff]);
    set(0x00, 0x12);
    expect(reg(0x00)).toBe(0x5f);
    set(0x07, 0xef);
    expect(reg(0x07)).toBe(0x0f);
    set(0x11, 0x0e);
    set(0x01, 0x4e);
    expect(reg(0x01)).toBe(0x4e);
  });

  it("COM1 loopback: RBR keeps the last byte after it is read (only LSR.DR clears)", () => {
    const u = createUart();
    uartWrite(u, 4, 0x10, 0);
    uartWrite(u, 0, 0x5c, 0);
    expect(uartRead(u, 0)).toBe(0x5c);
    expect(uartRead(u, 5) & 1).toBe(0);
    expect(uartRead(u, 0)).toBe(0x5c);
  });

  it("out dx, ax to 0x3d4 writes index and data at once (as QEMU splits a word access)", () => {
    const devices = { pic: createPic(), pit: createPit(0), uart: createUart(), vga: createVga() };
    const fx: PortEffects = { debugExit: -1, serialBytes: 0, picTouched: false };
    portOut(devices, 0x3d4, 2, 0x070e, 0, 0, fx);
    portOut(devices, 0x3d4, 2, 0xd00f, 0, 0, fx);
    expect(vgaCursor(devices.vga).offset).toBe(0x07d0);
    expect(portIn(devices, 0x3d4, 2, 0)).toBe(0xd00f);
  });
});

describe("port map", () => {
  it("unassigned ports read 0xff; isa-debug-exit takes the whole value of any width", () => {
    const devices = { pic: createPic(), pit: createPit(0), uart: createUart(), vga: createVga() };
    const fx: PortEffects = { debugExit: -1, serialBytes: 0, picTouched: false };
    expect(portIn(devices, 0x80, 1, 0)).toBe(0xff);
    expect(portIn(devices, 0x300, 4, 0)).toBe(0xffffffff);
    portOut(devices, 0xf4, 2, 0x1234, 0, 0, fx);
    expect(fx.debugExit).toBe(0x1234);
  });
});
