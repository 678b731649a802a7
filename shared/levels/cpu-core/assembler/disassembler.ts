/**
 * The disassembler: bytes to assembly text the assembler reads back to the same bytes. Decoding uses the opcode
 * table (opcodes.ts) that the encoder uses; relative jumps print their target address, LDH its $FF00-based
 * address, and illegal opcodes (or an instruction cut off by the end of the range) become DB.
 */
import { CB_OPCODES, OPCODES, type OpcodeInfo } from "../opcodes.ts";
import { REGISTER_NAMES } from "../registers.ts";

export interface DisassembledLine {
  readonly address: number;
  readonly bytes: readonly number[];
  /** Assembly text, e.g. "ld a, [hl+]" or "jr nz, $0150". */
  readonly text: string;
  readonly info: OpcodeInfo | null;
  /** The hardware register an LDH or absolute access names (from registers.ts), e.g. "LY", or "". */
  readonly register: string;
}

const h2 = (n: number) => "$" + n.toString(16).toUpperCase().padStart(2, "0");
const h4 = (n: number) => "$" + n.toString(16).toUpperCase().padStart(4, "0");

/** Decodes one instruction at `offset` of `bytes`, which sits at CPU address `address`. */
export function decodeAt(bytes: ArrayLike<number>, offset: number, address: number): DisassembledLine {
  const op = bytes[offset]!;
  const info = op === 0xcb && offset + 1 < bytes.length ? CB_OPCODES[bytes[offset + 1]!]! : OPCODES[op]!;
  if (info.illegal || op === 0xcb && offset + 1 >= bytes.length || offset + info.length > bytes.length) {
    return { address, bytes: [op], text: `db ${h2(op)}`, info: null, register: "" };
  }
  const raw = Array.from({ length: info.length }, (_, k) => bytes[offset + k]!);
  const operandAt = info.prefixed ? 2 : 1;
  const n8 = raw[operandAt] ?? 0;
  const n16 = n8 | ((raw[operandAt + 1] ?? 0) << 8);
  const signed = n8 >= 0x80 ? n8 - 0x100 : n8;
  const space = info.mnemonic.indexOf(" ");
  const name = (space < 0 ? info.mnemonic : info.mnemonic.slice(0, space)).toLowerCase();
  const words = space < 0 ? [] : info.mnemonic.slice(space + 1).split(",");
  const operands = words.map((w) => {
    switch (w) {
      case "n8": return h2(n8);
      case "n16": case "a16": return h4(n16);
      case "[a16]": return `[${h4(n16)}]`;
      case "[a8]": return `[${h4(0xff00 + n8)}]`;
      case "e8": {
        if (name !== "jr") return String(signed);
        const target = address + info.length + signed;
        // A target outside $0000-$FFFF (a jump that wraps) is written relative to "@", this instruction's address.
        return target >= 0 && target <= 0xffff ? h4(target) : `@ + ${info.length + signed}`;
      }
      case "SP+e8": return signed < 0 ? `sp - ${-signed}` : `sp + ${signed}`;
      default: return w.startsWith("$") ? w : w.toLowerCase();
    }
  });
  const target = words.includes("[a8]") ? 0xff00 + n8 : words.includes("[a16]") ? n16 : -1;
  const register = REGISTER_NAMES.get(target) ?? "";
  return { address, bytes: raw, text: operands.length ? `${name} ${operands.join(", ")}` : name, info, register };
}

/** Disassembles a whole range linearly. */
export function disassemble(bytes: ArrayLike<number>, address = 0, offset = 0, end = bytes.length): DisassembledLine[] {
  const out: DisassembledLine[] = [];
  let i = offset;
  while (i < end) {
    const line = decodeAt(bytes, i, address + (i - offset));
    // Do not decode across the range's end.
    if (i + line.bytes.length > end) {
      out.push({ address: address + (i - offset), bytes: [bytes[i]!], text: `db ${h2(bytes[i]!)}`, info: null, register: "" });
      i++;
      continue;
    }
    out.push(line);
    i += line.bytes.length;
  }
  return out;
}

/**
 * A whole ROM as assembler source: one SECTION per 16 KiB bank, every instruction on its own line. Assembling the
 * result (without checksum fixing) gives the same bytes.
 */
export function disassembleRom(rom: Uint8Array): string {
  const lines: string[] = [];
  for (let bank = 0; bank * 0x4000 < rom.length; bank++) {
    const base = bank === 0 ? 0 : 0x4000;
    lines.push(bank === 0 ? `SECTION "bank0", ROM0[$0000]` : `SECTION "bank${bank}", ROMX[$4000], BANK[${bank}]`);
    for (const l of disassemble(rom, base, bank * 0x4000, Math.min(rom.length, (bank + 1) * 0x4000))) lines.push(`    ${l.text}${l.register ? ` ; ${l.register}` : ""}`);
  }
  return lines.join("\n") + "\n";
}
