/**
 * The ALU's hard cases: DAA checked exhaustively against the Pan Docs rule and, independently, by its meaning
 * (BCD addition and subtraction of every pair of two-digit numbers give the BCD result and the decimal carry);
 * named half-carry and carry cases for 8- and 16-bit arithmetic, with their literal expected values.
 */
import { describe, expect, it } from "vitest";
import { add16, add8, addSpE8, daa, dec8, inc8, sub8 } from "../../../shared/levels/cpu-core/alu.ts";
import { Cpu, POST_BOOT } from "../../../shared/levels/cpu-core/cpu.ts";
import { FakeBus } from "./fake-bus.ts";

/** Pan Docs' DAA, written with booleans: the adjustment after an addition or a subtraction. */
function panDocsDaa(a: number, n: boolean, h: boolean, c: boolean): { a: number; z: boolean; n: boolean; h: boolean; c: boolean } {
  let carry = c;
  if (!n) {
    if (c || a > 0x99) { a += 0x60; carry = true; }
    if (h || (a & 0x0f) > 0x09) a += 0x06;
  } else {
    if (c) a -= 0x60;
    if (h) a -= 0x06;
  }
  a &= 0xff;
  return { a, z: a === 0, n, h: false, c: carry };
}

const toBcd = (n: number) => ((Math.floor(n / 10) % 10) << 4) | (n % 10);

/** Runs a program on a fresh CPU and returns it after `steps` instructions. */
function run(program: number[], regs: Partial<typeof POST_BOOT>, steps: number) {
  const bus = new FakeBus();
  program.forEach((b, i) => (bus.memory[0x100 + i] = b));
  const cpu = new Cpu(bus, { ...POST_BOOT, ...regs });
  for (let i = 0; i < steps; i++) cpu.step();
  return cpu;
}

describe("DAA", () => {
  it("matches the Pan Docs rule for all 2048 combinations of A, N, H and C", () => {
    for (let a = 0; a < 256; a++) {
      for (let flags = 0; flags < 8; flags++) {
        const n = !!(flags & 4), h = !!(flags & 2), c = !!(flags & 1);
        const want = panDocsDaa(a, n, h, c);
        const f = (n ? 0x40 : 0) | (h ? 0x20 : 0) | (c ? 0x10 : 0) | 0x80;
        const cpu = run([0x27], { a, f }, 1);
        expect({ a: cpu.a, z: !!(cpu.f & 0x80), n: !!(cpu.f & 0x40), h: !!(cpu.f & 0x20), c: !!(cpu.f & 0x10), low: cpu.f & 0xf }, `A=${a} NHC=${flags}`)
          .toEqual({ ...want, low: 0 });
      }
    }
  });

  it("turns ADD/ADC of BCD numbers into the BCD sum with the decimal carry (every pair, carry in 0 and 1)", () => {
    for (let x = 0; x < 100; x++) for (let y = 0; y < 100; y++) for (const cin of [0, 1]) {
      // ADC A,B ; DAA
      const cpu = run([0x88, 0x27], { a: toBcd(x), b: toBcd(y), f: cin ? 0x10 : 0 }, 2);
      const sum = x + y + cin;
      expect([cpu.a, !!(cpu.f & 0x10)], `${x}+${y}+${cin}`).toEqual([toBcd(sum % 100), sum >= 100]);
    }
  });

  it("turns SUB/SBC of BCD numbers into the BCD difference with the decimal borrow (every pair, borrow 0 and 1)", () => {
    for (let x = 0; x < 100; x++) for (let y = 0; y < 100; y++) for (const cin of [0, 1]) {
      // SBC A,B ; DAA
      const cpu = run([0x98, 0x27], { a: toBcd(x), b: toBcd(y), f: cin ? 0x10 : 0 }, 2);
      const diff = x - y - cin;
      expect([cpu.a, !!(cpu.f & 0x10)], `${x}-${y}-${cin}`).toEqual([toBcd((diff + 100) % 100), diff < 0]);
    }
  });

  it("daa_after_15_plus_27_is_42", () => {
    expect(daa(0x3c, 0) & 0xff).toBe(0x42);
    expect(daa(0x3c, 0) >> 8).toBe(0);
  });
});

describe("named flag cases", () => {
  it("inc_b_half_carry: INC of $0F sets H, gives $10, keeps C", () => {
    expect(inc8(0x0f, 0x10)).toBe((0x30 << 8) | 0x10);
    const cpu = run([0x04], { b: 0x0f, f: 0x10 }, 1);
    expect([cpu.b, cpu.f, cpu.cycles]).toEqual([0x10, 0x30, 4]);
  });
  it("inc_ff_wraps_to_zero_with_z_and_h", () => expect(inc8(0xff, 0)).toBe(0xa0 << 8));
  it("dec_b_half_borrow: DEC of $10 sets N and H, gives $0F", () => expect(dec8(0x10, 0)).toBe((0x60 << 8) | 0x0f));
  it("dec_1_is_zero: Z and N, no H", () => expect(dec8(0x01, 0x10)).toBe(0xd0 << 8));
  it("add_half_carry_without_carry: $08 + $08 = $10, H", () => expect(add8(0x08, 0x08, 0)).toBe((0x20 << 8) | 0x10));
  it("add_carry_to_zero: $80 + $80 = $00, Z and C", () => expect(add8(0x80, 0x80, 0)).toBe(0x90 << 8));
  it("adc_carry_in_makes_half_carry: $0F + $00 + 1 = $10, H", () => expect(add8(0x0f, 0x00, 1)).toBe((0x20 << 8) | 0x10));
  it("sub_borrow: $00 - $01 = $FF, N H C", () => expect(sub8(0x00, 0x01, 0)).toBe((0x70 << 8) | 0xff));
  it("sbc_borrow_in_makes_half_borrow: $10 - $00 - 1 = $0F, N H", () => expect(sub8(0x10, 0x00, 1)).toBe((0x60 << 8) | 0x0f));
  it("cp_equal_sets_z_and_n_only", () => expect(sub8(0x42, 0x42, 0) >> 8).toBe(0xc0));
  it("add_hl_half_carry_from_bit_11: $0FFF + 1 = $1000, H, Z kept", () => expect(add16(0x0fff, 1, 0x80)).toBe((0xa0 << 16) | 0x1000));
  it("add_hl_carry_from_bit_15: $FFFF + 1 = 0, H and C, Z not set", () => expect(add16(0xffff, 1, 0)).toBe(0x30 << 16));
  it("add_sp_negative_offset_sets_h_and_c_from_low_byte: $FFF8 + (-8)", () => expect(addSpE8(0xfff8, 0xf8)).toBe((0x30 << 16) | 0xfff0));
  it("add_sp_no_carry: $0000 + 1", () => expect(addSpE8(0x0000, 0x01)).toBe(0x0001));
  it("ld_hl_sp_plus_e8: SP=$FFFE, e8=+1 gives HL=$FFFF, no flags, 12 cycles", () => {
    const cpu = run([0xf8, 0x01], { sp: 0xfffe }, 1);
    expect([cpu.hl, cpu.f, cpu.cycles]).toEqual([0xffff, 0, 12]);
  });
  it("rlca_clears_z_even_for_zero", () => expect(run([0x07], { a: 0, f: 0x80 }, 1).f).toBe(0));
  it("rl_through_carry_into_zero_sets_z_on_the_cb_page", () => expect(run([0xcb, 0x11], { c: 0x80, f: 0 }, 1).f).toBe(0x90));
  it("bit_7_h_set_keeps_c", () => {
    const cpu = run([0xcb, 0x7c], { h: 0x7f, f: 0x10 }, 1);
    expect([cpu.f, cpu.cycles]).toEqual([0xb0, 8]);
  });
  it("pop_af_drops_the_low_nibble_of_f", () => {
    const bus = new FakeBus();
    bus.memory[0x100] = 0xf1; bus.memory[0xc000] = 0xff; bus.memory[0xc001] = 0x12;
    const cpu = new Cpu(bus, { ...POST_BOOT, sp: 0xc000 });
    cpu.step();
    expect([cpu.a, cpu.f]).toEqual([0x12, 0xf0]);
  });
});
