/**
 * Reference microcode, topic "CB: rotates, shifts, BIT/RES/SET", with the prefix itself and the four one-byte
 * rotates of A (which always clear Z). Pan Docs: "Rotate and Shift instructions", "Single-bit Operation instructions".
 */
const shift = (name: string, y: number, res: string, carry: string) => `family cb-${name} matches cb 00 ${y.toString(2).padStart(3, "0")} zzz
  v = r[z]
  res = ${res}
  CF = ${carry}
  r[z] = res                       # (HL): read, then write back
  ZF = res == 0
  NF = 0
  HF = 0
`;

export const CB_MICROCODE: Readonly<Record<string, string>> = {
  "prefix-cb": `family prefix-cb matches 11 001 011
  prefix                           # fetch the next byte and run its CB family
`,
  rlca: `family rlca matches 00 000 111
  CF = (A & 0x80) != 0
  A = ((A << 1) | (A >> 7)) & 0xFF
  ZF = 0
  NF = 0
  HF = 0
`,
  rrca: `family rrca matches 00 001 111
  CF = (A & 1) != 0
  A = ((A >> 1) | (A << 7)) & 0xFF
  ZF = 0
  NF = 0
  HF = 0
`,
  rla: `family rla matches 00 010 111
  cin = CF
  CF = (A & 0x80) != 0
  A = ((A << 1) | cin) & 0xFF
  ZF = 0
  NF = 0
  HF = 0
`,
  rra: `family rra matches 00 011 111
  cin = CF
  CF = (A & 1) != 0
  A = (A >> 1) | (cin ? 0x80 : 0)
  ZF = 0
  NF = 0
  HF = 0
`,
  "cb-rlc": shift("rlc", 0, "((v << 1) | (v >> 7)) & 0xFF", "(v & 0x80) != 0"),
  "cb-rrc": shift("rrc", 1, "((v >> 1) | (v << 7)) & 0xFF", "(v & 1) != 0"),
  "cb-rl": shift("rl", 2, "((v << 1) | CF) & 0xFF", "(v & 0x80) != 0"),
  "cb-rr": shift("rr", 3, "(v >> 1) | (CF ? 0x80 : 0)", "(v & 1) != 0"),
  "cb-sla": shift("sla", 4, "(v << 1) & 0xFF", "(v & 0x80) != 0"),
  "cb-sra": shift("sra", 5, "(v >> 1) | (v & 0x80)", "(v & 1) != 0"),
  "cb-swap": shift("swap", 6, "((v << 4) | (v >> 4)) & 0xFF", "false"),
  "cb-srl": shift("srl", 7, "v >> 1", "(v & 1) != 0"),
  "cb-bit": `family cb-bit matches cb 01 bbb zzz
  ZF = (r[z] & (1 << y)) == 0
  NF = 0
  HF = 1
`,
  "cb-res": `family cb-res matches cb 10 bbb zzz
  r[z] = r[z] & ~(1 << y)
`,
  "cb-set": `family cb-set matches cb 11 bbb zzz
  r[z] = r[z] | (1 << y)
`,
};
