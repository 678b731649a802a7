/**
 * The LR35902 opcode tables (Pan Docs, "CPU Instruction Set" and the opcode table): for each of the 256 opcodes
 * and the 256 CB-prefixed ones, the canonical mnemonic, the length in bytes, the T-cycle count (and the count when
 * a conditional branch is not taken) and the flag effect as a four-character Z N H C string ("-" unchanged,
 * "0"/"1" forced, the letter when computed).
 *
 * The CPU does not read this table: its timing comes from its own bus accesses and internal cycles. The table is
 * the independent statement the CPU's tests check against, and the one the assembler encodes from and the
 * disassembler decodes with.
 *
 * Operand placeholders: n8 / n16 immediates, a8 (LDH offset from $FF00), a16 address, e8 signed offset,
 * [..] a memory operand. Illegal opcodes (they lock the CPU up) have `illegal: true`.
 */

export interface OpcodeInfo {
  /** The opcode byte (for CB entries, the byte after the $CB prefix). */
  readonly code: number;
  readonly prefixed: boolean;
  /** Canonical assembly text, uppercase, operands separated by "," without spaces, e.g. "LD [HL+],A". */
  readonly mnemonic: string;
  /** Length in bytes including the prefix and operands. */
  readonly length: number;
  /** T-cycles (for conditional branches: when taken). */
  readonly cycles: number;
  /** T-cycles when a conditional branch is not taken (equal to `cycles` otherwise). */
  readonly cyclesNotTaken: number;
  /** Flag effect, Z N H C. */
  readonly flags: string;
  readonly illegal: boolean;
}

// [mnemonic, length, cycles, cyclesNotTaken (0 = same), flags]
type Row = readonly [string, number, number, number, string];
const X: Row = ["ILLEGAL", 1, 4, 0, "----"];

const R8 = ["B", "C", "D", "E", "H", "L", "[HL]", "A"] as const;
const ALU = ["ADD A,", "ADC A,", "SUB A,", "SBC A,", "AND A,", "XOR A,", "OR A,", "CP A,"] as const;
const ALU_FLAGS = ["Z0HC", "Z0HC", "Z1HC", "Z1HC", "Z010", "Z000", "Z000", "Z1HC"] as const;

function irregular(): Map<number, Row> {
  return new Map<number, Row>([
    [0x00, ["NOP", 1, 4, 0, "----"]], [0x01, ["LD BC,n16", 3, 12, 0, "----"]], [0x02, ["LD [BC],A", 1, 8, 0, "----"]],
    [0x03, ["INC BC", 1, 8, 0, "----"]], [0x04, ["INC B", 1, 4, 0, "Z0H-"]], [0x05, ["DEC B", 1, 4, 0, "Z1H-"]],
    [0x06, ["LD B,n8", 2, 8, 0, "----"]], [0x07, ["RLCA", 1, 4, 0, "000C"]], [0x08, ["LD [a16],SP", 3, 20, 0, "----"]],
    [0x09, ["ADD HL,BC", 1, 8, 0, "-0HC"]], [0x0a, ["LD A,[BC]", 1, 8, 0, "----"]], [0x0b, ["DEC BC", 1, 8, 0, "----"]],
    [0x0c, ["INC C", 1, 4, 0, "Z0H-"]], [0x0d, ["DEC C", 1, 4, 0, "Z1H-"]], [0x0e, ["LD C,n8", 2, 8, 0, "----"]],
    [0x0f, ["RRCA", 1, 4, 0, "000C"]],
    [0x10, ["STOP n8", 2, 4, 0, "----"]], [0x11, ["LD DE,n16", 3, 12, 0, "----"]], [0x12, ["LD [DE],A", 1, 8, 0, "----"]],
    [0x13, ["INC DE", 1, 8, 0, "----"]], [0x14, ["INC D", 1, 4, 0, "Z0H-"]], [0x15, ["DEC D", 1, 4, 0, "Z1H-"]],
    [0x16, ["LD D,n8", 2, 8, 0, "----"]], [0x17, ["RLA", 1, 4, 0, "000C"]], [0x18, ["JR e8", 2, 12, 0, "----"]],
    [0x19, ["ADD HL,DE", 1, 8, 0, "-0HC"]], [0x1a, ["LD A,[DE]", 1, 8, 0, "----"]], [0x1b, ["DEC DE", 1, 8, 0, "----"]],
    [0x1c, ["INC E", 1, 4, 0, "Z0H-"]], [0x1d, ["DEC E", 1, 4, 0, "Z1H-"]], [0x1e, ["LD E,n8", 2, 8, 0, "----"]],
    [0x1f, ["RRA", 1, 4, 0, "000C"]],
    [0x20, ["JR NZ,e8", 2, 12, 8, "----"]], [0x21, ["LD HL,n16", 3, 12, 0, "----"]], [0x22, ["LD [HL+],A", 1, 8, 0, "----"]],
    [0x23, ["INC HL", 1, 8, 0, "----"]], [0x24, ["INC H", 1, 4, 0, "Z0H-"]], [0x25, ["DEC H", 1, 4, 0, "Z1H-"]],
    [0x26, ["LD H,n8", 2, 8, 0, "----"]], [0x27, ["DAA", 1, 4, 0, "Z-0C"]], [0x28, ["JR Z,e8", 2, 12, 8, "----"]],
    [0x29, ["ADD HL,HL", 1, 8, 0, "-0HC"]], [0x2a, ["LD A,[HL+]", 1, 8, 0, "----"]], [0x2b, ["DEC HL", 1, 8, 0, "----"]],
    [0x2c, ["INC L", 1, 4, 0, "Z0H-"]], [0x2d, ["DEC L", 1, 4, 0, "Z1H-"]], [0x2e, ["LD L,n8", 2, 8, 0, "----"]],
    [0x2f, ["CPL", 1, 4, 0, "-11-"]],
    [0x30, ["JR NC,e8", 2, 12, 8, "----"]], [0x31, ["LD SP,n16", 3, 12, 0, "----"]], [0x32, ["LD [HL-],A", 1, 8, 0, "----"]],
    [0x33, ["INC SP", 1, 8, 0, "----"]], [0x34, ["INC [HL]", 1, 12, 0, "Z0H-"]], [0x35, ["DEC [HL]", 1, 12, 0, "Z1H-"]],
    [0x36, ["LD [HL],n8", 2, 12, 0, "----"]], [0x37, ["SCF", 1, 4, 0, "-001"]], [0x38, ["JR C,e8", 2, 12, 8, "----"]],
    [0x39, ["ADD HL,SP", 1, 8, 0, "-0HC"]], [0x3a, ["LD A,[HL-]", 1, 8, 0, "----"]], [0x3b, ["DEC SP", 1, 8, 0, "----"]],
    [0x3c, ["INC A", 1, 4, 0, "Z0H-"]], [0x3d, ["DEC A", 1, 4, 0, "Z1H-"]], [0x3e, ["LD A,n8", 2, 8, 0, "----"]],
    [0x3f, ["CCF", 1, 4, 0, "-00C"]],
    [0x76, ["HALT", 1, 4, 0, "----"]],
    [0xc0, ["RET NZ", 1, 20, 8, "----"]], [0xc1, ["POP BC", 1, 12, 0, "----"]], [0xc2, ["JP NZ,a16", 3, 16, 12, "----"]],
    [0xc3, ["JP a16", 3, 16, 0, "----"]], [0xc4, ["CALL NZ,a16", 3, 24, 12, "----"]], [0xc5, ["PUSH BC", 1, 16, 0, "----"]],
    [0xc6, ["ADD A,n8", 2, 8, 0, "Z0HC"]], [0xc7, ["RST $00", 1, 16, 0, "----"]], [0xc8, ["RET Z", 1, 20, 8, "----"]],
    [0xc9, ["RET", 1, 16, 0, "----"]], [0xca, ["JP Z,a16", 3, 16, 12, "----"]], [0xcb, ["PREFIX", 1, 4, 0, "----"]],
    [0xcc, ["CALL Z,a16", 3, 24, 12, "----"]], [0xcd, ["CALL a16", 3, 24, 0, "----"]], [0xce, ["ADC A,n8", 2, 8, 0, "Z0HC"]],
    [0xcf, ["RST $08", 1, 16, 0, "----"]],
    [0xd0, ["RET NC", 1, 20, 8, "----"]], [0xd1, ["POP DE", 1, 12, 0, "----"]], [0xd2, ["JP NC,a16", 3, 16, 12, "----"]],
    [0xd3, X], [0xd4, ["CALL NC,a16", 3, 24, 12, "----"]], [0xd5, ["PUSH DE", 1, 16, 0, "----"]],
    [0xd6, ["SUB A,n8", 2, 8, 0, "Z1HC"]], [0xd7, ["RST $10", 1, 16, 0, "----"]], [0xd8, ["RET C", 1, 20, 8, "----"]],
    [0xd9, ["RETI", 1, 16, 0, "----"]], [0xda, ["JP C,a16", 3, 16, 12, "----"]], [0xdb, X],
    [0xdc, ["CALL C,a16", 3, 24, 12, "----"]], [0xdd, X], [0xde, ["SBC A,n8", 2, 8, 0, "Z1HC"]],
    [0xdf, ["RST $18", 1, 16, 0, "----"]],
    [0xe0, ["LDH [a8],A", 2, 12, 0, "----"]], [0xe1, ["POP HL", 1, 12, 0, "----"]], [0xe2, ["LDH [C],A", 1, 8, 0, "----"]],
    [0xe3, X], [0xe4, X], [0xe5, ["PUSH HL", 1, 16, 0, "----"]], [0xe6, ["AND A,n8", 2, 8, 0, "Z010"]],
    [0xe7, ["RST $20", 1, 16, 0, "----"]], [0xe8, ["ADD SP,e8", 2, 16, 0, "00HC"]], [0xe9, ["JP HL", 1, 4, 0, "----"]],
    [0xea, ["LD [a16],A", 3, 16, 0, "----"]], [0xeb, X], [0xec, X], [0xed, X], [0xee, ["XOR A,n8", 2, 8, 0, "Z000"]],
    [0xef, ["RST $28", 1, 16, 0, "----"]],
    [0xf0, ["LDH A,[a8]", 2, 12, 0, "----"]], [0xf1, ["POP AF", 1, 12, 0, "ZNHC"]], [0xf2, ["LDH A,[C]", 1, 8, 0, "----"]],
    [0xf3, ["DI", 1, 4, 0, "----"]], [0xf4, X], [0xf5, ["PUSH AF", 1, 16, 0, "----"]], [0xf6, ["OR A,n8", 2, 8, 0, "Z000"]],
    [0xf7, ["RST $30", 1, 16, 0, "----"]], [0xf8, ["LD HL,SP+e8", 2, 12, 0, "00HC"]], [0xf9, ["LD SP,HL", 1, 8, 0, "----"]],
    [0xfa, ["LD A,[a16]", 3, 16, 0, "----"]], [0xfb, ["EI", 1, 4, 0, "----"]], [0xfc, X], [0xfd, X],
    [0xfe, ["CP A,n8", 2, 8, 0, "Z1HC"]], [0xff, ["RST $38", 1, 16, 0, "----"]],
  ]);
}

function info(code: number, prefixed: boolean, [mnemonic, length, cycles, notTaken, flags]: Row): OpcodeInfo {
  return { code, prefixed, mnemonic, length, cycles, cyclesNotTaken: notTaken || cycles, flags, illegal: mnemonic === "ILLEGAL" };
}

function buildMain(): OpcodeInfo[] {
  const fixed = irregular();
  const table: OpcodeInfo[] = [];
  for (let op = 0; op < 256; op++) {
    const row = fixed.get(op);
    if (row) table.push(info(op, false, row));
    else if (op >= 0x40 && op < 0x80) {
      const dst = R8[(op >> 3) & 7], src = R8[op & 7];
      const mem = dst === "[HL]" || src === "[HL]";
      table.push(info(op, false, [`LD ${dst},${src}`, 1, mem ? 8 : 4, 0, "----"]));
    } else if (op >= 0x80 && op < 0xc0) {
      const src = R8[op & 7];
      table.push(info(op, false, [ALU[(op >> 3) & 7] + src, 1, src === "[HL]" ? 8 : 4, 0, ALU_FLAGS[(op >> 3) & 7]]));
    } else throw new Error(`opcode table: no row for ${op.toString(16)}`);
  }
  return table;
}

const CB_OPS = ["RLC", "RRC", "RL", "RR", "SLA", "SRA", "SWAP", "SRL"] as const;
const CB_FLAGS = ["Z00C", "Z00C", "Z00C", "Z00C", "Z00C", "Z00C", "Z000", "Z00C"] as const;

function buildCb(): OpcodeInfo[] {
  const table: OpcodeInfo[] = [];
  for (let op = 0; op < 256; op++) {
    const reg = R8[op & 7];
    const mem = reg === "[HL]";
    const group = op >> 6, y = (op >> 3) & 7;
    if (group === 0) table.push(info(op, true, [`${CB_OPS[y]} ${reg}`, 2, mem ? 16 : 8, 0, CB_FLAGS[y]]));
    else if (group === 1) table.push(info(op, true, [`BIT ${y},${reg}`, 2, mem ? 12 : 8, 0, "Z01-"]));
    else table.push(info(op, true, [`${group === 2 ? "RES" : "SET"} ${y},${reg}`, 2, mem ? 16 : 8, 0, "----"]));
  }
  return table;
}

/** The 256 unprefixed opcodes, indexed by opcode. */
export const OPCODES: readonly OpcodeInfo[] = buildMain();
/** The 256 CB-prefixed opcodes, indexed by the byte after $CB. */
export const CB_OPCODES: readonly OpcodeInfo[] = buildCb();

/** Register names in the order the 3-bit register field encodes them (6 is [HL]). */
export const REGISTER_FIELD = R8;
