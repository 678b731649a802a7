/**
 * Interrupt dispatch, IME, EI's delay, HALT and the HALT bug, on the CPU alone with the flat fake bus
 * (IE at $FFFF, IF at $FF0F). Pan Docs, "Interrupts" and "halt".
 */
import { describe, expect, it } from "vitest";
import { Cpu, POST_BOOT } from "../../../shared/levels/cpu-core/cpu.ts";
import { FakeBus } from "./fake-bus.ts";

function machine(program: number[], regs: Partial<typeof POST_BOOT> = {}) {
  const bus = new FakeBus();
  program.forEach((b, i) => (bus.memory[0x100 + i] = b));
  const cpu = new Cpu(bus, { ...POST_BOOT, sp: 0xd000, ...regs });
  bus.cpu = cpu;
  return { bus, cpu };
}

describe("interrupt dispatch", () => {
  const vectors = [[0, 0x40, "VBlank"], [1, 0x48, "STAT"], [2, 0x50, "Timer"], [3, 0x58, "Serial"], [4, 0x60, "Joypad"]] as const;
  for (const [bitIndex, vector, name] of vectors) {
    it(`${name} jumps to $${vector.toString(16)} in 20 T-cycles, pushes PC, clears its IF bit and IME`, () => {
      const { bus, cpu } = machine([0x00], { ime: true });
      bus.memory[0xffff] = 0x1f;
      bus.memory[0xff0f] = 1 << bitIndex;
      cpu.step();
      expect([cpu.pc, cpu.cycles, cpu.ime, cpu.sp, bus.memory[0xff0f]]).toEqual([vector, 20, false, 0xcffe, 0]);
      expect([bus.memory[0xcfff], bus.memory[0xcffe]]).toEqual([0x01, 0x00]);
    });
  }
  it("takes the lowest-numbered pending interrupt first and leaves the others requested", () => {
    const { bus, cpu } = machine([0x00], { ime: true });
    bus.memory[0xffff] = 0x1f;
    bus.memory[0xff0f] = 0b10110;
    cpu.step();
    expect(cpu.pc).toBe(0x48);
    expect(bus.memory[0xff0f]).toBe(0b10100);
  });
  it("ignores requested interrupts that IE does not enable", () => {
    const { bus, cpu } = machine([0x00], { ime: true });
    bus.memory[0xffff] = 0x01;
    bus.memory[0xff0f] = 0x04;
    cpu.step();
    expect(cpu.pc).toBe(0x101);
  });
  it("does nothing with IME=0", () => {
    const { bus, cpu } = machine([0x00]);
    bus.memory[0xffff] = bus.memory[0xff0f] = 0x01;
    cpu.step();
    expect(cpu.pc).toBe(0x101);
  });
  it("writes the high byte of PC in the third M-cycle and the low byte in the fourth", () => {
    const { bus, cpu } = machine([0x00], { ime: true });
    bus.memory[0xffff] = bus.memory[0xff0f] = 0x01;
    cpu.step();
    expect(bus.log.filter((a) => a.kind === "w").map((a) => [a.address, a.value, a.cycle])).toEqual([[0xcfff, 0x01, 12], [0xcffe, 0x00, 16]]);
  });
  it("jumps to $0000 when pushing PC's high byte overwrites IE and cancels the interrupt (SP=$0000)", () => {
    const { bus, cpu } = machine([0x00], { ime: true, sp: 0x0000 });
    bus.memory[0xffff] = bus.memory[0xff0f] = 0x01; // PC high byte $01 → IE=$01 still enables VBlank
    cpu.pc = 0x0200;
    bus.memory[0x200] = 0x00; // high byte $02 written to IE disables VBlank
    cpu.step();
    expect(cpu.pc).toBe(0x0000);
    expect(bus.memory[0xff0f]).toBe(0x01);
  });
  it("RETI returns and sets IME at once", () => {
    const { bus, cpu } = machine([0xd9]);
    bus.memory[0xd000] = 0x34; bus.memory[0xd001] = 0x12;
    cpu.step();
    expect([cpu.pc, cpu.ime, cpu.cycles]).toEqual([0x1234, true, 16]);
  });
});

describe("EI and DI", () => {
  it("EI enables interrupts only after the next instruction", () => {
    const { bus, cpu } = machine([0xfb, 0x00, 0x00]);
    bus.memory[0xffff] = bus.memory[0xff0f] = 0x01;
    cpu.step(); // EI
    expect(cpu.ime).toBe(false);
    cpu.step(); // NOP runs; IME becomes 1 with it
    expect(cpu.pc).toBe(0x102);
    cpu.step(); // dispatch
    expect(cpu.pc).toBe(0x40);
    expect([cpu.bus.read(0xcffe), cpu.bus.read(0xcfff)]).toEqual([0x02, 0x01]);
  });
  it("EI immediately followed by DI never enables", () => {
    const { bus, cpu } = machine([0xfb, 0xf3, 0x00]);
    bus.memory[0xffff] = bus.memory[0xff0f] = 0x01;
    cpu.step(); cpu.step(); cpu.step();
    expect([cpu.pc, cpu.ime]).toEqual([0x103, false]);
  });
});

describe("HALT", () => {
  it("waits, one M-cycle at a time, until an interrupt is requested", () => {
    const { bus, cpu } = machine([0x76, 0x3c]);
    bus.memory[0xffff] = 0x04;
    cpu.step();
    expect(cpu.halted).toBe(true);
    for (let i = 0; i < 5; i++) cpu.step();
    expect([cpu.pc, cpu.cycles]).toEqual([0x101, 24]);
    bus.memory[0xff0f] = 0x04;
    cpu.step(); // leaves HALT (4) and, IME=0, runs INC A (4)
    expect([cpu.halted, cpu.a, cpu.pc, cpu.cycles, bus.memory[0xff0f]]).toEqual([false, 0x02, 0x102, 32, 0x04]);
  });
  it("with IME=1 is left through the interrupt, returning after the HALT (4 to leave + 20 to dispatch)", () => {
    const { bus, cpu } = machine([0x76, 0x00], { ime: true });
    bus.memory[0xffff] = 0x01;
    cpu.step();
    const before = cpu.cycles;
    bus.memory[0xff0f] = 0x01;
    cpu.step();
    expect([cpu.pc, cpu.cycles - before, bus.memory[0xcffe], bus.memory[0xcfff]]).toEqual([0x40, 24, 0x01, 0x01]);
  });
  it("HALT bug: with IME=0 and an interrupt pending, HALT does not halt and the next byte is read twice", () => {
    // HALT ; INC A ; (the INC A byte runs twice)
    const { bus, cpu } = machine([0x76, 0x3c, 0x00], { a: 0 });
    bus.memory[0xffff] = bus.memory[0xff0f] = 0x01;
    cpu.step();
    expect(cpu.halted).toBe(false);
    cpu.step();
    expect([cpu.a, cpu.pc]).toEqual([1, 0x101]);
    cpu.step();
    expect([cpu.a, cpu.pc]).toEqual([2, 0x102]);
  });
  it("HALT bug on a two-byte instruction: LD A,n8 reads its own opcode as the operand", () => {
    // HALT ; LD A,$3E... the opcode $3E is fetched, then fetched again as the immediate
    const { bus, cpu } = machine([0x76, 0x3e, 0x77]);
    bus.memory[0xffff] = bus.memory[0xff0f] = 0x01;
    cpu.step(); cpu.step();
    expect([cpu.a, cpu.pc]).toEqual([0x3e, 0x102]);
  });
});

describe("STOP", () => {
  it("is two bytes long, tells the bus, and stops the CPU", () => {
    const { bus, cpu } = machine([0x10, 0x00, 0x3c]);
    cpu.step();
    expect([cpu.pc, cpu.stopped, bus.stops, cpu.cycles]).toEqual([0x102, true, 1, 4]);
    cpu.step();
    expect(cpu.pc).toBe(0x102);
  });
});

describe("memory access timing", () => {
  it("CALL reads its operand in M-cycles 2-3, waits one, then pushes high then low", () => {
    const { bus, cpu } = machine([0xcd, 0x34, 0x12]);
    cpu.step();
    expect(bus.log.map((a) => [a.kind, a.address, a.cycle])).toEqual([["r", 0x100, 4], ["r", 0x101, 8], ["r", 0x102, 12], ["w", 0xcfff, 20], ["w", 0xcffe, 24]]);
  });
  it("INC [HL] reads in M-cycle 2 and writes in M-cycle 3", () => {
    const { bus, cpu } = machine([0x34], { h: 0xc0, l: 0x00 });
    cpu.step();
    expect(bus.log.map((a) => [a.kind, a.address, a.cycle])).toEqual([["r", 0x100, 4], ["r", 0xc000, 8], ["w", 0xc000, 12]]);
  });
});
