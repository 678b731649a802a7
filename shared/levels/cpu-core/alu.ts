/**
 * The LR35902 arithmetic and logic unit as pure functions (Pan Docs, "CPU Instruction Set": arithmetic, bit
 * operations, rotates and shifts, DAA). Each 8-bit operation returns `flags << 8 | result`, where flags is the new
 * value of F (Z=0x80 N=0x40 H=0x20 C=0x10, low nibble always 0); operations that keep a flag take the old F.
 *
 * The half-carry rule: H is the carry out of bit 3 (borrow into bit 3 for subtraction); for 16-bit ADD HL,rr it is
 * the carry out of bit 11; for ADD SP,e8 and LD HL,SP+e8 both H and C come from the unsigned low-byte addition.
 */

export const FLAG_Z = 0x80;
export const FLAG_N = 0x40;
export const FLAG_H = 0x20;
export const FLAG_C = 0x10;

/** ADD / ADC: a + v + carry. */
export function add8(a: number, v: number, carry: number): number {
  const r = a + v + carry;
  const f = ((r & 0xff) === 0 ? FLAG_Z : 0) | ((a & 0xf) + (v & 0xf) + carry > 0xf ? FLAG_H : 0) | (r > 0xff ? FLAG_C : 0);
  return (f << 8) | (r & 0xff);
}

/** SUB / SBC / CP: a - v - carry (CP keeps A and uses only the flags). */
export function sub8(a: number, v: number, carry: number): number {
  const r = a - v - carry;
  const f = FLAG_N | ((r & 0xff) === 0 ? FLAG_Z : 0) | ((a & 0xf) - (v & 0xf) - carry < 0 ? FLAG_H : 0) | (r < 0 ? FLAG_C : 0);
  return (f << 8) | (r & 0xff);
}

export function and8(a: number, v: number): number {
  const r = a & v;
  return ((r === 0 ? FLAG_Z | FLAG_H : FLAG_H) << 8) | r;
}

export function xor8(a: number, v: number): number {
  const r = (a ^ v) & 0xff;
  return ((r === 0 ? FLAG_Z : 0) << 8) | r;
}

export function or8(a: number, v: number): number {
  const r = (a | v) & 0xff;
  return ((r === 0 ? FLAG_Z : 0) << 8) | r;
}

/** INC r: C unchanged. */
export function inc8(v: number, f: number): number {
  const r = (v + 1) & 0xff;
  return (((f & FLAG_C) | (r === 0 ? FLAG_Z : 0) | ((v & 0xf) === 0xf ? FLAG_H : 0)) << 8) | r;
}

/** DEC r: C unchanged. */
export function dec8(v: number, f: number): number {
  const r = (v - 1) & 0xff;
  return (((f & FLAG_C) | FLAG_N | (r === 0 ? FLAG_Z : 0) | ((v & 0xf) === 0 ? FLAG_H : 0)) << 8) | r;
}

/** ADD HL,rr: Z unchanged, N=0, H from bit 11, C from bit 15. Returns `flags << 16 | result`. */
export function add16(hl: number, v: number, f: number): number {
  const r = hl + v;
  const flags = (f & FLAG_Z) | ((hl & 0xfff) + (v & 0xfff) > 0xfff ? FLAG_H : 0) | (r > 0xffff ? FLAG_C : 0);
  return (flags << 16) | (r & 0xffff);
}

/** ADD SP,e8 and LD HL,SP+e8: e is the raw byte; Z=0 N=0, H and C from the unsigned low-byte sum. */
export function addSpE8(sp: number, e: number): number {
  const signed = e >= 0x80 ? e - 0x100 : e;
  const r = (sp + signed) & 0xffff;
  const flags = ((sp & 0xf) + (e & 0xf) > 0xf ? FLAG_H : 0) | ((sp & 0xff) + e > 0xff ? FLAG_C : 0);
  return (flags << 16) | r;
}

/**
 * DAA (Pan Docs): after an addition (N=0) add $06 if H or the low nibble is above 9 and $60 if C or A is above $99
 * (which sets C); after a subtraction (N=1) subtract $06 if H and $60 if C. Z from the result, H cleared, N kept.
 */
export function daa(a: number, f: number): number {
  let adjust = 0;
  let carry = f & FLAG_C;
  if (f & FLAG_N) {
    if (f & FLAG_H) adjust |= 0x06;
    if (carry) adjust |= 0x60;
    a = (a - adjust) & 0xff;
  } else {
    if (f & FLAG_H || (a & 0x0f) > 0x09) adjust |= 0x06;
    if (carry || a > 0x99) { adjust |= 0x60; carry = FLAG_C; }
    a = (a + adjust) & 0xff;
  }
  return (((a === 0 ? FLAG_Z : 0) | (f & FLAG_N) | carry) << 8) | a;
}

// Rotates and shifts of the CB page (Z from the result). RLCA/RRCA/RLA/RRA use the same and clear Z.
export function rlc(v: number): number {
  const r = ((v << 1) | (v >> 7)) & 0xff;
  return (((r === 0 ? FLAG_Z : 0) | (v & 0x80 ? FLAG_C : 0)) << 8) | r;
}
export function rrc(v: number): number {
  const r = ((v >> 1) | (v << 7)) & 0xff;
  return (((r === 0 ? FLAG_Z : 0) | (v & 1 ? FLAG_C : 0)) << 8) | r;
}
export function rl(v: number, f: number): number {
  const r = ((v << 1) | (f & FLAG_C ? 1 : 0)) & 0xff;
  return (((r === 0 ? FLAG_Z : 0) | (v & 0x80 ? FLAG_C : 0)) << 8) | r;
}
export function rr(v: number, f: number): number {
  const r = ((v >> 1) | (f & FLAG_C ? 0x80 : 0)) & 0xff;
  return (((r === 0 ? FLAG_Z : 0) | (v & 1 ? FLAG_C : 0)) << 8) | r;
}
export function sla(v: number): number {
  const r = (v << 1) & 0xff;
  return (((r === 0 ? FLAG_Z : 0) | (v & 0x80 ? FLAG_C : 0)) << 8) | r;
}
export function sra(v: number): number {
  const r = (v >> 1) | (v & 0x80);
  return (((r === 0 ? FLAG_Z : 0) | (v & 1 ? FLAG_C : 0)) << 8) | r;
}
export function swap(v: number): number {
  const r = ((v << 4) | (v >> 4)) & 0xff;
  return ((r === 0 ? FLAG_Z : 0) << 8) | r;
}
export function srl(v: number): number {
  const r = v >> 1;
  return (((r === 0 ? FLAG_Z : 0) | (v & 1 ? FLAG_C : 0)) << 8) | r;
}

/** BIT n,r: Z if the bit is clear, N=0, H=1, C unchanged. Returns the new F only. */
export function bit(n: number, v: number, f: number): number {
  return (f & FLAG_C) | FLAG_H | (v & (1 << n) ? 0 : FLAG_Z);
}
