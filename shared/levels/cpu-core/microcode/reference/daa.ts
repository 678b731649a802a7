/** Reference microcode, topic "DAA, the boss" (Pan Docs: DAA), with its neighbours CPL, SCF and CCF. */
export const DAA_MICROCODE: Readonly<Record<string, string>> = {
  daa: `family daa matches 00 100 111
  if NF {                          # after a subtraction: undo the borrows that happened
    adj = (CF ? 0x60 : 0) | (HF ? 0x06 : 0)
    A = (A - adj) & 0xFF
  } else {                         # after an addition: fix digits above 9, and carries
    adj = (CF || A > 0x99 ? 0x60 : 0) | (HF || (A & 0xF) > 9 ? 0x06 : 0)
    CF = CF || A > 0x99
    A = (A + adj) & 0xFF
  }
  ZF = A == 0
  HF = 0                           # N is kept
`,
  cpl: `family cpl matches 00 101 111
  A = ~A
  NF = 1
  HF = 1
`,
  scf: `family scf matches 00 110 111
  CF = 1
  NF = 0
  HF = 0
`,
  ccf: `family ccf matches 00 111 111
  CF = !CF
  NF = 0
  HF = 0
`,
};
