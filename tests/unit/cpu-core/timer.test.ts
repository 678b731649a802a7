/**
 * The timer (Pan Docs, "Timer and Divider Registers", "Timer Obscure Behaviour"): DIV, the TAC rates, falling
 * edges caused by DIV and TAC writes, the one-M-cycle delayed reload and its write rules — and the lazy timer
 * agreeing with a T-cycle-by-T-cycle model over a seeded random program of register writes.
 */
import { describe, expect, it } from "vitest";
import { Interrupts } from "../../../shared/levels/cpu-core/interrupts.ts";
import { Timer } from "../../../shared/levels/cpu-core/timer.ts";

function timerAt0(tac: number, tima = 0, tma = 0) {
  const irq = new Interrupts();
  const t = new Timer(irq);
  t.writeDiv(0);
  t.writeTac(0, tac);
  t.writeTima(0, tima);
  t.writeTma(0, tma);
  return { t, irq };
}

describe("timer", () => {
  it("DIV is the counter's high byte, $AB after boot, counting every 256 T-cycles; a write clears it", () => {
    const t = new Timer(new Interrupts());
    expect(t.readDiv(0)).toBe(0xab);
    t.writeDiv(100);
    expect([t.readDiv(100 + 255), t.readDiv(100 + 256), t.readDiv(100 + 256 * 300)]).toEqual([0, 1, 300 & 0xff]);
  });
  it("TIMA counts at 4096, 262144, 65536 and 16384 Hz for TAC 4..7", () => {
    for (const [tac, period] of [[4, 1024], [5, 16], [6, 64], [7, 256]] as const) {
      const { t } = timerAt0(tac);
      expect([t.readTima(period - 1), t.readTima(period), t.readTima(period * 10)], `TAC ${tac}`).toEqual([0, 1, 10]);
    }
  });
  it("does not count when TAC bit 2 is clear", () => {
    const { t } = timerAt0(0x01);
    expect(t.readTima(10000)).toBe(0);
  });
  it("overflow: TIMA reads 0 for one M-cycle, then TMA with the interrupt", () => {
    const { t, irq } = timerAt0(5, 0xff, 0x42);
    expect([t.readTima(16), irq.flags & 4]).toEqual([0, 0]);
    expect([t.readTima(19), irq.flags & 4]).toEqual([0, 0]);
    expect([t.readTima(20), irq.flags & 4]).toEqual([0x42, 4]);
    expect(t.nextEvent()).toBe(20 + (0x100 - 0x42) * 16);
  });
  it("writing TIMA in the M-cycle after the overflow cancels the reload and the interrupt", () => {
    const { t, irq } = timerAt0(5, 0xff, 0x42);
    t.writeTima(16, 0x10);
    expect([t.readTima(24), irq.flags & 4]).toEqual([0x10, 0]);
  });
  it("writing TIMA in the reload M-cycle is ignored; writing TMA then also loads TIMA", () => {
    const a = timerAt0(5, 0xff, 0x42);
    a.t.writeTima(20, 0x10);
    expect(a.t.readTima(20)).toBe(0x42);
    const b = timerAt0(5, 0xff, 0x42);
    b.t.writeTma(20, 0x77);
    expect(b.t.readTima(20)).toBe(0x77);
  });
  it("a DIV write while the selected bit is 1 is a falling edge: TIMA counts it", () => {
    const { t } = timerAt0(5); // bit 3
    t.writeDiv(8); // counter was 8: bit 3 set
    expect(t.readTima(8)).toBe(1);
    t.writeDiv(8 + 4); // counter 4: bit 3 clear
    expect(t.readTima(12)).toBe(1);
  });
  it("a TAC write that drops the selected bit is a falling edge (disabling, or switching to a bit that is 0)", () => {
    const { t } = timerAt0(5);
    t.writeTac(8, 0x01); // disable while bit 3 is 1
    expect(t.readTima(8)).toBe(1);
    const other = timerAt0(5);
    other.t.writeTac(8, 0x04); // switch to bit 9, which is 0
    expect(other.t.readTima(8)).toBe(1);
  });

  it("the lazy timer equals a T-cycle-by-T-cycle model over a seeded random program of writes", () => {
    let seed = 20261122;
    const rand = (n: number) => { seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0; return seed % n; };
    const BIT = [9, 3, 5, 7];
    const irq = new Interrupts();
    const lazy = new Timer(irq);
    // The eager model: the counter, the AND signal and its falling edge, every T-cycle.
    let counter = 0xabcc, tima = 0, tma = 0, tac = 0xf8, reloadIn = -1, ifTimer = 0, justReloaded = false;
    const signal = () => (tac & 4) !== 0 && ((counter >> BIT[tac & 3]!) & 1) === 1;
    const inc = () => { if (tima === 0xff) { tima = 0; reloadIn = 4; } else tima++; };
    let now = 0;
    for (let op = 0; op < 3000; op++) {
      const gap = 4 * (1 + rand(40));
      for (let k = 0; k < gap; k++) {
        now++;
        justReloaded = false;
        const before = signal();
        counter = (counter + 1) & 0xffff;
        if (reloadIn > 0 && --reloadIn === 0) { tima = tma; ifTimer = 1; reloadIn = -1; justReloaded = true; }
        if (before && !signal()) inc();
      }
      const v = rand(256);
      switch (rand(6)) {
        case 0: { const b = signal(); counter = 0; if (b) inc(); lazy.writeDiv(now); break; }
        case 1: { const b = signal(); tac = v | 0xf8; if (b && !signal()) inc(); lazy.writeTac(now, v); break; }
        case 2: if (!justReloaded) { if (reloadIn > 0) reloadIn = -1; tima = v; } lazy.writeTima(now, v); break;
        case 3: tma = v; if (justReloaded) tima = v; lazy.writeTma(now, v); break;
        default: break;
      }
      expect([lazy.readTima(now), lazy.readDiv(now), (irq.flags >> 2) & 1], `op ${op} at ${now}`).toEqual([tima, counter >> 8, ifTimer]);
    }
  });
});
