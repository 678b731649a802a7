/**
 * The opcode families of the microcode level: every legal opcode (245 unprefixed, 256 CB-prefixed) belongs to
 * exactly one family, and each family is described by bit patterns over the opcode byte in the x-y-z decoding
 * scheme (x = bits 7-6, y = bits 5-3, z = bits 2-0, p = bits 5-4, q = bit 3). A pattern is eight characters,
 * `0`/`1` fixed bits and any letter a free bit (letters only document which field varies), optionally after `cb`
 * for the CB page. The same pattern syntax is what a family's `matches` header says in microcode, so the header
 * a player reads is checked against this table.
 *
 * Opcode numbers: 0x00-0xFF unprefixed, 0x100 + n for `CB n`.
 */

export interface FamilyInfo {
  readonly id: string;
  readonly title: string;
  /** 0x00-0xFF unprefixed, 0x100 + n for CB n; empty for pseudo-families run by the core (interrupt dispatch). */
  readonly opcodes: readonly number[];
  readonly summary: string;
  /** The ladder topic whose reference file holds the family's microcode (reference/<topic>.ts). */
  readonly topic: string;
  /** The `matches` clause as written in the family header ("" for pseudo-families). */
  readonly pattern: string;
}

/** Opcodes a `matches` clause selects, or an error message. Clause: `pat [, pat]* [except pat [, pat]*]`. */
export function patternOpcodes(clause: string): number[] | string {
  const [include, exclude = ""] = clause.split(/\bexcept\b/);
  const take = patternList(include!);
  if (typeof take === "string") return take;
  const drop = exclude.trim() ? patternList(exclude) : [];
  if (typeof drop === "string") return drop;
  const dropped = new Set(drop);
  return take.filter((op) => !dropped.has(op));
}

function patternList(text: string): number[] | string {
  const out = new Set<number>();
  for (const raw of text.split(",")) {
    let bits = raw.trim().toLowerCase();
    let base = 0;
    if (bits.startsWith("cb")) { base = 0x100; bits = bits.slice(2); }
    bits = bits.replace(/\s+/g, "");
    if (bits.length !== 8 || !/^[01a-z]{8}$/.test(bits)) return `"${raw.trim()}" is not an opcode pattern: write 8 bits, 0/1 fixed and a letter for each free bit (e.g. 10 000 zzz)`;
    for (let op = 0; op < 256; op++) {
      let fits = true;
      for (let i = 0; i < 8 && fits; i++) {
        const ch = bits[i]!, bit = (op >> (7 - i)) & 1;
        if ((ch === "0" && bit !== 0) || (ch === "1" && bit !== 1)) fits = false;
      }
      if (fits) out.add(base + op);
    }
  }
  return [...out].sort((a, b) => a - b);
}

type Row = readonly [id: string, title: string, pattern: string, summary: string];

const TOPICS: Record<string, readonly Row[]> = {
  alu: [
    ["add-a-r", "ADD A,r", "10 000 zzz", "A = A + r[z]; Z, N=0, H from bit 3, C from bit 7."],
    ["adc-a-r", "ADC A,r", "10 001 zzz", "A = A + r[z] + C; the carry counts in both H and C."],
    ["sub-a-r", "SUB A,r", "10 010 zzz", "A = A - r[z]; N=1, H and C are borrows."],
    ["sbc-a-r", "SBC A,r", "10 011 zzz", "A = A - r[z] - C."],
    ["and-a-r", "AND A,r", "10 100 zzz", "A = A & r[z]; H=1, C=0."],
    ["xor-a-r", "XOR A,r", "10 101 zzz", "A = A ^ r[z]; only Z can be set."],
    ["or-a-r", "OR A,r", "10 110 zzz", "A = A | r[z]; only Z can be set."],
    ["cp-a-r", "CP A,r", "10 111 zzz", "Flags of A - r[z]; A is kept."],
    ["add-a-n", "ADD A,n8", "11 000 110", "A = A + imm8."],
    ["adc-a-n", "ADC A,n8", "11 001 110", "A = A + imm8 + C."],
    ["sub-a-n", "SUB A,n8", "11 010 110", "A = A - imm8."],
    ["sbc-a-n", "SBC A,n8", "11 011 110", "A = A - imm8 - C."],
    ["and-a-n", "AND A,n8", "11 100 110", "A = A & imm8."],
    ["xor-a-n", "XOR A,n8", "11 101 110", "A = A ^ imm8."],
    ["or-a-n", "OR A,n8", "11 110 110", "A = A | imm8."],
    ["cp-a-n", "CP A,n8", "11 111 110", "Flags of A - imm8."],
    ["inc-r", "INC r", "00 yyy 100", "r[y] = r[y] + 1; C is kept."],
    ["dec-r", "DEC r", "00 yyy 101", "r[y] = r[y] - 1; C is kept."],
  ],
  daa: [
    ["daa", "DAA", "00 100 111", "Adjusts A back to BCD after an addition (N=0) or subtraction (N=1)."],
    ["cpl", "CPL", "00 101 111", "A = ~A; N=1, H=1."],
    ["scf", "SCF", "00 110 111", "C=1, N=0, H=0."],
    ["ccf", "CCF", "00 111 111", "C = !C, N=0, H=0."],
  ],
  loads: [
    ["ld-r-r", "LD r,r'", "01 yyy zzz except 01 110 110", "r[y] = r[z]; (HL) on either side is a bus access."],
    ["ld-r-n", "LD r,n8", "00 yyy 110", "r[y] = imm8."],
    ["ld-rp-nn", "LD rr,n16", "00 pp0 001", "rp[p] = imm16."],
    ["ld-ind-a", "LD [rr],A", "00 pp0 010", "write A to [BC], [DE], [HL+] or [HL-]."],
    ["ld-a-ind", "LD A,[rr]", "00 pp1 010", "A from [BC], [DE], [HL+] or [HL-]."],
    ["ld-nn-sp", "LD [a16],SP", "00 001 000", "SP stored little-endian at imm16."],
    ["ldh-n-a", "LDH [a8],A", "11 100 000", "write A to $FF00 + imm8."],
    ["ldh-a-n", "LDH A,[a8]", "11 110 000", "A from $FF00 + imm8."],
    ["ldh-c-a", "LDH [C],A", "11 100 010", "write A to $FF00 + C."],
    ["ldh-a-c", "LDH A,[C]", "11 110 010", "A from $FF00 + C."],
    ["ld-nn-a", "LD [a16],A", "11 101 010", "write A to imm16."],
    ["ld-a-nn", "LD A,[a16]", "11 111 010", "A from imm16."],
    ["ld-sp-hl", "LD SP,HL", "11 111 001", "SP = HL, one internal M-cycle."],
    ["ld-hl-sp-e", "LD HL,SP+e8", "11 111 000", "HL = SP + simm8; H and C from the low byte."],
    ["inc-rp", "INC rr", "00 pp0 011", "rp[p] + 1, no flags, one internal M-cycle."],
    ["dec-rp", "DEC rr", "00 pp1 011", "rp[p] - 1, no flags, one internal M-cycle."],
    ["add-hl-rp", "ADD HL,rr", "00 pp1 001", "HL = HL + rp[p]; H from bit 11, C from bit 15, Z kept."],
    ["add-sp-e", "ADD SP,e8", "11 101 000", "SP = SP + simm8; Z=0, H and C from the low byte."],
  ],
  flow: [
    ["jp-nn", "JP a16", "11 000 011", "PC = imm16."],
    ["jp-cc", "JP cc,a16", "11 0cc 010", "PC = imm16 if cc[y]; one more M-cycle when taken."],
    ["jp-hl", "JP HL", "11 101 001", "PC = HL."],
    ["jr-e", "JR e8", "00 011 000", "PC = PC + simm8."],
    ["jr-cc", "JR cc,e8", "00 1cc 000", "PC = PC + simm8 if cc[y-4]."],
    ["call-nn", "CALL a16", "11 001 101", "push PC, PC = imm16."],
    ["call-cc", "CALL cc,a16", "11 0cc 100", "CALL if cc[y]."],
    ["ret", "RET", "11 001 001", "PC = pop."],
    ["ret-cc", "RET cc", "11 0cc 000", "RET if cc[y], after an internal M-cycle to test it."],
    ["reti", "RETI", "11 011 001", "RET and IME = 1 at once."],
    ["rst", "RST", "11 yyy 111", "push PC, PC = y * 8."],
    ["push", "PUSH rr", "11 pp0 101", "push rp2[p]."],
    ["pop", "POP rr", "11 pp0 001", "rp2[p] = pop (POP AF keeps F's low nibble 0)."],
  ],
  cb: [
    ["prefix-cb", "PREFIX CB", "11 001 011", "Fetches the next byte and runs the CB family it selects."],
    ["rlca", "RLCA", "00 000 111", "Rotate A left; Z=0."],
    ["rrca", "RRCA", "00 001 111", "Rotate A right; Z=0."],
    ["rla", "RLA", "00 010 111", "Rotate A left through C; Z=0."],
    ["rra", "RRA", "00 011 111", "Rotate A right through C; Z=0."],
    ["cb-rlc", "RLC r", "cb 00 000 zzz", "Rotate left, bit 7 to C and bit 0."],
    ["cb-rrc", "RRC r", "cb 00 001 zzz", "Rotate right, bit 0 to C and bit 7."],
    ["cb-rl", "RL r", "cb 00 010 zzz", "Rotate left through C."],
    ["cb-rr", "RR r", "cb 00 011 zzz", "Rotate right through C."],
    ["cb-sla", "SLA r", "cb 00 100 zzz", "Shift left, bit 7 to C."],
    ["cb-sra", "SRA r", "cb 00 101 zzz", "Shift right keeping bit 7, bit 0 to C."],
    ["cb-swap", "SWAP r", "cb 00 110 zzz", "Swap nibbles; C=0."],
    ["cb-srl", "SRL r", "cb 00 111 zzz", "Shift right, bit 0 to C."],
    ["cb-bit", "BIT b,r", "cb 01 bbb zzz", "Z = bit y of r[z] is 0; N=0, H=1."],
    ["cb-res", "RES b,r", "cb 10 bbb zzz", "Clears bit y of r[z]."],
    ["cb-set", "SET b,r", "cb 11 bbb zzz", "Sets bit y of r[z]."],
  ],
  interrupts: [
    ["nop", "NOP", "00 000 000", "Nothing, in one M-cycle."],
    ["stop", "STOP", "00 010 000", "Skips its second byte and stops until a button is pressed."],
    ["halt", "HALT", "01 110 110", "Halts until an interrupt is pending; with IME=0 and one already pending, the HALT bug."],
    ["di", "DI", "11 110 011", "IME = 0 (and cancels a pending EI)."],
    ["ei", "EI", "11 111 011", "IME = 1 after the next instruction."],
    ["interrupt-dispatch", "Interrupt dispatch", "", "Run by the core instead of an opcode when IME=1 and an interrupt is pending: 5 M-cycles."],
  ],
};

export const FAMILIES: readonly FamilyInfo[] = Object.entries(TOPICS).flatMap(([topic, rows]) =>
  rows.map(([id, title, pattern, summary]) => {
    const opcodes = pattern ? patternOpcodes(pattern) : [];
    if (typeof opcodes === "string") throw new Error(`family ${id}: ${opcodes}`);
    return { id, title, opcodes, summary, topic, pattern };
  }));

export const FAMILY_BY_ID: ReadonlyMap<string, FamilyInfo> = new Map(FAMILIES.map((f) => [f.id, f]));

/** Opcode (0-511) → family id; "" for the 11 illegal opcodes. */
export const FAMILY_OF_OPCODE: readonly string[] = (() => {
  const table = new Array<string>(512).fill("");
  for (const f of FAMILIES) for (const op of f.opcodes) table[op] = f.id;
  return table;
})();

/** The pseudo-family the core runs for an interrupt dispatch. */
export const DISPATCH_FAMILY = "interrupt-dispatch";

/** "$3E" or "CB $11". */
export function opcodeName(op: number): string {
  const hex = (n: number) => "$" + n.toString(16).toUpperCase().padStart(2, "0");
  return op >= 0x100 ? `CB ${hex(op & 0xff)}` : hex(op);
}
