/**
 * Reference microcode, topic "be the ALU": the eight 8-bit ALU operations on r[z] and on imm8, INC r and DEC r,
 * with every flag rule of Pan Docs ("CPU Instruction Set": 8-bit arithmetic and logic). The r and n8 forms share
 * one body; only the operand line differs.
 */

/** ALU operation bodies, given the operand in `v`. */
const BODIES: Readonly<Record<string, string>> = {
  add: `res = A + v
  HF = (A & 0xF) + (v & 0xF) > 0xF
  CF = res > 0xFF
  A = res & 0xFF
  ZF = A == 0
  NF = 0`,
  adc: `cin = CF                         # the carry going in counts in both H and C
  res = A + v + cin
  HF = (A & 0xF) + (v & 0xF) + cin > 0xF
  CF = res > 0xFF
  A = res & 0xFF
  ZF = A == 0
  NF = 0`,
  sub: `res = A - v
  HF = (A & 0xF) < (v & 0xF)       # borrow into bit 4
  CF = A < v
  A = res & 0xFF
  ZF = A == 0
  NF = 1`,
  sbc: `cin = CF
  res = A - v - cin
  HF = (A & 0xF) - (v & 0xF) - cin < 0
  CF = res < 0
  A = res & 0xFF
  ZF = A == 0
  NF = 1`,
  and: `A = A & v
  ZF = A == 0
  NF = 0
  HF = 1
  CF = 0`,
  xor: `A = A ^ v
  ZF = A == 0
  NF = 0
  HF = 0
  CF = 0`,
  or: `A = A | v
  ZF = A == 0
  NF = 0
  HF = 0
  CF = 0`,
  cp: `res = A - v                      # SUB without keeping the result
  ZF = (res & 0xFF) == 0
  NF = 1
  HF = (A & 0xF) < (v & 0xF)
  CF = A < v`,
};

const OPS = ["add", "adc", "sub", "sbc", "and", "xor", "or", "cp"] as const;
const bits3 = (n: number) => n.toString(2).padStart(3, "0");

function aluFamilies(): Record<string, string> {
  const out: Record<string, string> = {};
  OPS.forEach((op, y) => {
    out[`${op}-a-r`] = `family ${op}-a-r matches 10 ${bits3(y)} zzz
  v = r[z]                         # B C D E H L (HL) A; (HL) is a bus read
  ${BODIES[op]}
`;
    out[`${op}-a-n`] = `family ${op}-a-n matches 11 ${bits3(y)} 110
  v = imm8
  ${BODIES[op]}
`;
  });
  return out;
}

export const ALU_MICROCODE: Readonly<Record<string, string>> = {
  ...aluFamilies(),
  "inc-r": `family inc-r matches 00 yyy 100
  v = r[y]
  res = (v + 1) & 0xFF
  r[y] = res                       # (HL): read, then write back
  ZF = res == 0
  NF = 0
  HF = (v & 0xF) == 0xF            # carry out of bit 3; C is kept
`,
  "dec-r": `family dec-r matches 00 yyy 101
  v = r[y]
  res = (v - 1) & 0xFF
  r[y] = res
  ZF = res == 0
  NF = 1
  HF = (v & 0xF) == 0              # borrow into bit 4; C is kept
`,
};
