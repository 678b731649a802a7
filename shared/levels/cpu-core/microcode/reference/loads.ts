/**
 * Reference microcode, topic "loads and decoding": 8- and 16-bit loads, the indirect and high-page forms, and the
 * 16-bit arithmetic that shares their decoding (INC/DEC rr, ADD HL,rr, ADD SP,e8, LD HL,SP+e8). Internal
 * M-cycles are where the reference core spends them (Pan Docs timings: INC rr 8, ADD SP,e8 16, ...).
 */
export const LOADS_MICROCODE: Readonly<Record<string, string>> = {
  "ld-r-r": `family ld-r-r matches 01 yyy zzz except 01 110 110
  r[y] = r[z]                      # (HL) on either side is a bus access
`,
  "ld-r-n": `family ld-r-n matches 00 yyy 110
  r[y] = imm8
`,
  "ld-rp-nn": `family ld-rp-nn matches 00 pp0 001
  rp[p] = imm16
`,
  "ld-ind-a": `family ld-ind-a matches 00 pp0 010
  if p == 0 {
    write(BC, A)
  } else if p == 1 {
    write(DE, A)
  } else {                         # [HL+] and [HL-]
    write(HL, A)
    HL = p == 2 ? (HL + 1) & 0xFFFF : (HL - 1) & 0xFFFF
  }
`,
  "ld-a-ind": `family ld-a-ind matches 00 pp1 010
  if p == 0 {
    A = read(BC)
  } else if p == 1 {
    A = read(DE)
  } else {
    A = read(HL)
    HL = p == 2 ? (HL + 1) & 0xFFFF : (HL - 1) & 0xFFFF
  }
`,
  "ld-nn-sp": `family ld-nn-sp matches 00 001 000
  addr = imm16
  write(addr, SP & 0xFF)           # little-endian: low byte first
  write((addr + 1) & 0xFFFF, SP >> 8)
`,
  "ldh-n-a": `family ldh-n-a matches 11 100 000
  write(0xFF00 | imm8, A)
`,
  "ldh-a-n": `family ldh-a-n matches 11 110 000
  A = read(0xFF00 | imm8)
`,
  "ldh-c-a": `family ldh-c-a matches 11 100 010
  write(0xFF00 | C, A)
`,
  "ldh-a-c": `family ldh-a-c matches 11 110 010
  A = read(0xFF00 | C)
`,
  "ld-nn-a": `family ld-nn-a matches 11 101 010
  write(imm16, A)
`,
  "ld-a-nn": `family ld-a-nn matches 11 111 010
  A = read(imm16)
`,
  "ld-sp-hl": `family ld-sp-hl matches 11 111 001
  SP = HL
  internal
`,
  "ld-hl-sp-e": `family ld-hl-sp-e matches 11 111 000
  e = simm8
  HF = (SP & 0xF) + (e & 0xF) > 0xF      # H and C come from the unsigned low-byte sum
  CF = (SP & 0xFF) + (e & 0xFF) > 0xFF
  HL = (SP + e) & 0xFFFF
  ZF = 0
  NF = 0
  internal
`,
  "inc-rp": `family inc-rp matches 00 pp0 011
  rp[p] = (rp[p] + 1) & 0xFFFF     # no flags
  internal
`,
  "dec-rp": `family dec-rp matches 00 pp1 011
  rp[p] = (rp[p] - 1) & 0xFFFF
  internal
`,
  "add-hl-rp": `family add-hl-rp matches 00 pp1 001
  v = rp[p]
  HF = (HL & 0xFFF) + (v & 0xFFF) > 0xFFF    # carry out of bit 11
  CF = HL + v > 0xFFFF
  HL = (HL + v) & 0xFFFF
  NF = 0
  internal
`,
  "add-sp-e": `family add-sp-e matches 11 101 000
  e = simm8
  HF = (SP & 0xF) + (e & 0xF) > 0xF
  CF = (SP & 0xFF) + (e & 0xFF) > 0xFF
  SP = (SP + e) & 0xFFFF
  ZF = 0
  NF = 0
  internal
  internal
`,
};
