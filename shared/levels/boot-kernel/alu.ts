/**
 * The i386 integer ALU: results and the six arithmetic flags (CF PF AF ZF SF OF) of add/sub/logic/inc/dec/neg/shifts/
 * rotates/multiplies (Intel SDM vol. 1 §3.4.3 and each instruction's "Flags Affected" in vol. 2).
 *
 * Where the SDM says a flag is "undefined", the value is the one QEMU's TCG leaves (target/i386 cc_helper: AF = 0 after
 * logic ops, shifts and multiplies; SF/ZF/PF of the low half after mul), because agreement with QEMU is what a player
 * can check. Operands are unsigned values already masked to the operand size (1, 2 or 4 bytes).
 */

export const CF = 1 << 0;
export const PF = 1 << 2;
export const AF = 1 << 4;
export const ZF = 1 << 6;
export const SF = 1 << 7;
export const TF = 1 << 8;
export const IF = 1 << 9;
export const DF = 1 << 10;
export const OF = 1 << 11;
/** Bit 1 of EFLAGS always reads as 1. */
export const EFLAGS_FIXED = 1 << 1;
export const ARITH_FLAGS = CF | PF | AF | ZF | SF | OF;
/**
 * Bits `popfd`/`iret` can change at CPL 0 in protected mode: the arithmetic flags, IF, DF, IOPL, NT, AC, ID.
 * TF is left out: single-step traps (#DB) are not modelled, so a kernel cannot turn them on.
 */
export const EFLAGS_WRITABLE = ARITH_FLAGS | IF | DF | (3 << 12) | (1 << 14) | (1 << 18) | (1 << 21);

export const MASK = [0, 0xff, 0xffff, 0, 0xffffffff] as const;
export const SIGN = [0, 0x80, 0x8000, 0, 0x80000000] as const;

/** PF is set when the low byte of the result has an even number of 1 bits. */
export const PARITY: Uint8Array = (() => {
  const t = new Uint8Array(256);
  for (let i = 0; i < 256; i++) {
    let bits = 0;
    for (let b = i; b !== 0; b >>= 1) bits += b & 1;
    t[i] = (bits & 1) === 0 ? PF : 0;
  }
  return t;
})();

/** PF, ZF, SF of a masked result. */
export function szp(res: number, size: number): number {
  return PARITY[res & 0xff] | (res === 0 ? ZF : 0) | ((res & SIGN[size]) !== 0 ? SF : 0);
}

function wrap(value: number, size: number): number {
  return size === 4 ? value >>> 0 : value & MASK[size];
}

/** Holder for the flags an operation computes; the CPU merges them into EFLAGS. */
export interface FlagsOut { flags: number }

export function add(a: number, b: number, carryIn: number, size: number, out: FlagsOut): number {
  const sum = a + b + carryIn;
  const res = wrap(sum, size);
  out.flags = szp(res, size) | (sum > MASK[size] ? CF : 0) | ((a ^ b ^ res) & AF) |
    ((((a ^ res) & (b ^ res)) & SIGN[size]) !== 0 ? OF : 0);
  return res;
}

export function sub(a: number, b: number, borrowIn: number, size: number, out: FlagsOut): number {
  const diff = a - b - borrowIn;
  const res = wrap(diff, size);
  out.flags = szp(res, size) | (diff < 0 ? CF : 0) | ((a ^ b ^ res) & AF) |
    ((((a ^ b) & (a ^ res)) & SIGN[size]) !== 0 ? OF : 0);
  return res;
}

/** and/or/xor/test: CF = OF = 0, AF = 0 (QEMU). */
export function logic(res: number, size: number, out: FlagsOut): number {
  const r = wrap(res, size);
  out.flags = szp(r, size);
  return r;
}

/** The eight group-1 operations in ModRM reg-field order: add or adc sbb and sub xor cmp. */
export function alu8ops(op: number, a: number, b: number, cf: number, size: number, out: FlagsOut): number {
  switch (op) {
    case 0: return add(a, b, 0, size, out);
    case 1: return logic(a | b, size, out);
    case 2: return add(a, b, cf, size, out);
    case 3: return sub(a, b, cf, size, out);
    case 4: return logic(a & b, size, out);
    case 5: return sub(a, b, 0, size, out);
    case 6: return logic(a ^ b, size, out);
    default: return sub(a, b, 0, size, out);
  }
}

/** inc/dec keep CF: the caller merges with ARITH_FLAGS & ~CF. */
export function incDec(a: number, delta: 1 | -1, size: number, out: FlagsOut): number {
  const res = wrap(a + delta, size);
  const of = delta === 1 ? res === SIGN[size] : res === SIGN[size] - 1;
  out.flags = szp(res, size) | ((a ^ res ^ 1) & AF) | (of ? OF : 0);
  return res;
}

export function neg(a: number, size: number, out: FlagsOut): number {
  return sub(0, a, 0, size, out);
}

/**
 * shl/shr/sar/rol/ror/rcl/rcr (ModRM reg field 0..7, 6 = sal = shl). `count` is already masked to 5 bits;
 * count 0 changes nothing (the caller skips the flag merge). Returns the result; `out.flags` holds the new
 * arithmetic flags, with `keep` telling which bits of the old EFLAGS survive.
 */
export function shift(op: number, a: number, count: number, cfIn: number, size: number, out: FlagsOut & { keep: number }): number {
  const bits = size * 8;
  const sign = SIGN[size];
  switch (op) {
    case 0: case 1: { // rol, ror: only CF and OF change
      const n = count % bits;
      let res = a;
      if (n !== 0) res = op === 0 ? wrap((a << n) | (a >>> (bits - n)), size) : wrap((a >>> n) | (a << (bits - n)), size);
      const cf = op === 0 ? res & 1 : (res & sign) !== 0 ? 1 : 0;
      const msb = (res & sign) !== 0 ? 1 : 0;
      const of = op === 0 ? msb ^ cf : msb ^ ((res & (sign >>> 1)) !== 0 ? 1 : 0);
      out.flags = (cf ? CF : 0) | (of ? OF : 0);
      out.keep = ~(CF | OF);
      return res;
    }
    case 2: case 3: { // rcl, rcr: rotate through CF, a (bits+1)-bit rotation
      const n = count % (bits + 1);
      // QEMU (helper_rcl/rcr): a count that is a multiple of bits+1 changes no flag at all.
      if (n === 0) { out.flags = 0; out.keep = -1; return a; }
      let res = a;
      let cf = cfIn;
      for (let i = 0; i < n; i++) {
        if (op === 2) { const out1 = (res & sign) !== 0 ? 1 : 0; res = wrap((res << 1) | cf, size); cf = out1; }
        else { const out1 = res & 1; res = (res >>> 1) | (cf ? sign : 0); res = wrap(res, size); cf = out1; }
      }
      // OF: the SDM defines it for a count of 1 only; QEMU sets it to MSB(original) xor MSB(result) for every count,
      // which is the SDM's value when the count is 1.
      const of = ((a ^ res) & sign) !== 0 ? 1 : 0;
      out.flags = (cf ? CF : 0) | (of ? OF : 0);
      out.keep = ~(CF | OF);
      return res;
    }
    case 4: case 6: { // shl/sal: CF = last bit out, OF = MSB(result) xor CF
      const cf = count > bits ? 0 : (a >>> (bits - count)) & 1;
      const res = count >= bits ? 0 : wrap(a << count, size);
      const of = ((res & sign) !== 0 ? 1 : 0) ^ cf;
      out.flags = szp(res, size) | (cf ? CF : 0) | (of ? OF : 0);
      out.keep = 0;
      return res;
    }
    case 5: { // shr: CF = last bit out, OF = MSB of the original operand
      const cf = count > bits ? 0 : (a >>> (count - 1)) & 1;
      const res = count >= bits ? 0 : a >>> count;
      const before = count > bits ? 0 : a >>> (count - 1);
      const of = ((before ^ res) & sign) !== 0 ? 1 : 0;
      out.flags = szp(res, size) | (cf ? CF : 0) | (of ? OF : 0);
      out.keep = 0;
      return res;
    }
    default: { // sar: the sign fills in, OF = 0
      const signed = size === 4 ? a | 0 : (a ^ sign) - sign;
      const cf = (signed >> (count - 1)) & 1;
      const res = wrap(signed >> count, size);
      out.flags = szp(res, size) | (cf ? CF : 0);
      out.keep = 0;
      return res;
    }
  }
}

/** Unsigned 32x32 → 64-bit product as [low, high] (both unsigned). */
export function mulU32(a: number, b: number): [number, number] {
  const aLo = a & 0xffff, aHi = a >>> 16, bLo = b & 0xffff, bHi = b >>> 16;
  const ll = aLo * bLo, lh = aLo * bHi, hl = aHi * bLo, hh = aHi * bHi;
  const mid = (ll >>> 16) + (lh & 0xffff) + (hl & 0xffff);
  const low = ((mid & 0xffff) << 16 | (ll & 0xffff)) >>> 0;
  const high = (hh + (lh >>> 16) + (hl >>> 16) + (mid >>> 16)) >>> 0;
  return [low, high];
}

/** Signed 32x32 → 64-bit product as [low, high] (unsigned words of the two's complement result). */
export function mulS32(a: number, b: number): [number, number] {
  const [low, high] = mulU32(a >>> 0, b >>> 0);
  let h = high;
  if ((a | 0) < 0) h = (h - (b >>> 0)) >>> 0;
  if ((b | 0) < 0) h = (h - (a >>> 0)) >>> 0;
  return [low, h];
}

/** Flags after mul/imul (QEMU compute_all_mul): CF = OF = overflowed; SZP from the low result; AF = 0. */
export function mulFlags(low: number, overflow: boolean, size: number): number {
  return szp(low, size) | (overflow ? CF | OF : 0);
}
