/**
 * Reference microcode, topic "jumps, calls, returns and the stack". A taken branch costs one internal M-cycle
 * (RET cc spends one more testing its condition); push(v) is the internal M-cycle and two writes, high byte
 * first; pop reads low then high. PUSH is spelled out longhand to show what push(v) does.
 */
export const FLOW_MICROCODE: Readonly<Record<string, string>> = {
  "jp-nn": `family jp-nn matches 11 000 011
  PC = imm16
  internal
`,
  "jp-cc": `family jp-cc matches 11 0cc 010
  addr = imm16                     # fetched whether or not the jump is taken
  if cc[y] {
    PC = addr
    internal
  }
`,
  "jp-hl": `family jp-hl matches 11 101 001
  PC = HL
`,
  "jr-e": `family jr-e matches 00 011 000
  e = simm8
  PC = (PC + e) & 0xFFFF
  internal
`,
  "jr-cc": `family jr-cc matches 00 1cc 000
  e = simm8
  if cc[y - 4] {                   # y is 4-7 here: NZ Z NC C
    PC = (PC + e) & 0xFFFF
    internal
  }
`,
  "call-nn": `family call-nn matches 11 001 101
  addr = imm16
  push(PC)
  PC = addr
`,
  "call-cc": `family call-cc matches 11 0cc 100
  addr = imm16
  if cc[y] {
    push(PC)
    PC = addr
  }
`,
  ret: `family ret matches 11 001 001
  PC = pop
  internal
`,
  "ret-cc": `family ret-cc matches 11 0cc 000
  internal                         # testing the condition
  if cc[y] {
    PC = pop
    internal
  }
`,
  reti: `family reti matches 11 011 001
  PC = pop
  internal
  ime = true                       # at once, unlike EI
`,
  rst: `family rst matches 11 yyy 111
  push(PC)
  PC = y << 3
`,
  push: `family push matches 11 pp0 101
  v = rp2[p]
  internal
  SP = (SP - 1) & 0xFFFF
  write(SP, v >> 8)
  SP = (SP - 1) & 0xFFFF
  write(SP, v & 0xFF)
`,
  pop: `family pop matches 11 pp0 001
  rp2[p] = pop                     # POP AF: F's low nibble stays 0
`,
};
