/**
 * The assembler and disassembler: every opcode round-trips (assemble → disassemble → assemble gives the same
 * bytes, also for random byte soup and multi-bank images), labels and local labels, constants and expressions,
 * DB/DW/DS, sections, includes, macros, REPT, checksums, and errors that name the file and line.
 */
import { describe, expect, it } from "vitest";
import { assemble, assembleText } from "../../../shared/levels/cpu-core/assembler/assembler.ts";
import { disassemble, disassembleRom } from "../../../shared/levels/cpu-core/assembler/disassembler.ts";
import { parseHeader } from "../../../shared/levels/cpu-core/header.ts";
import { CB_OPCODES, OPCODES } from "../../../shared/levels/cpu-core/opcodes.ts";
import { assembleRom, romSources } from "../../../scripts/roms.ts";

const noFix = { fixChecksums: false };
const code = (src: string, at = 0x150) => Array.from(assembleText(`SECTION "t", ROM0[${at}]\n${src}`, noFix).rom.slice(at, at + 64));

describe("round trip", () => {
  it("every legal opcode and every CB opcode disassembles to text that assembles to the same bytes", () => {
    for (const info of [...OPCODES, ...CB_OPCODES]) {
      if (info.illegal || info.mnemonic === "PREFIX") continue;
      const bytes = info.prefixed ? [0xcb, info.code, 0x12, 0x34] : [info.code, 0x92, 0x34, 0x00];
      const line = disassemble(bytes, 0x200, 0, info.length)[0]!;
      expect(line.info, info.mnemonic).toBe(info);
      const again = code(line.text, 0x200).slice(0, info.length);
      expect(again, `${info.mnemonic} → "${line.text}"`).toEqual(bytes.slice(0, info.length));
    }
  });
  it("random byte soup over two banks round-trips byte for byte (illegal opcodes become DB)", () => {
    let x = 12345;
    const rom = new Uint8Array(0x8000).map(() => ((x = (Math.imul(x, 1103515245) + 12345) >>> 0) >>> 16) & 0xff);
    const source = disassembleRom(rom);
    const again = assembleText(source, noFix).rom;
    expect(Buffer.compare(Buffer.from(again), Buffer.from(rom))).toBe(0);
  });
  it("every project ROM: assemble → disassemble → assemble gives the same bytes", () => {
    for (const name of romSources()) {
      const rom = assembleRom(name).rom;
      const again = assembleText(disassembleRom(rom), noFix).rom;
      expect(Buffer.compare(Buffer.from(again), Buffer.from(rom)), name).toBe(0);
    }
  });
  it("relative jumps print their target and wrap-around jumps use @", () => {
    expect(disassemble([0x18, 0xfe], 0x150)[0]!.text).toBe("jr $0150");
    expect(disassemble([0x20, 0x80], 0x0000)[0]!.text).toBe("jr nz, @ + -126");
    expect(disassemble([0xf8, 0xfb], 0)[0]!.text).toBe("ld hl, sp - 5");
    expect(disassemble([0xe0, 0x44], 0)[0]!.text).toBe("ldh [$FF44], a");
    expect(disassemble([0xe0, 0x44], 0)[0]!.register).toBe("LY");
    expect(disassemble([0xea, 0xff, 0xff], 0)[0]!.register).toBe("IE");
  });
});

describe("assembling", () => {
  it("encodes operand forms, aliases and both memory syntaxes", () => {
    expect(code("ld a, [hl+]\nldi a, [hl]\nld a, (hli)\nld [hl-], a\nldd [hl], a")).toEqual([0x2a, 0x2a, 0x2a, 0x32, 0x32, ...Array(59).fill(0)]);
    expect(code("ldh [$ff40], a\nldh a, [$44]\nld [c], a\nldh a, [c]\nld a, [$ff00+c]").slice(0, 8)).toEqual([0xe0, 0x40, 0xf0, 0x44, 0xe2, 0xf2, 0xf2, 0]);
    expect(code("sub b\nsub a, b\ncp $10\nadd a, [hl]\nadd hl, sp\nadd sp, -2\nld hl, sp+3").slice(0, 12)).toEqual([0x90, 0x90, 0xfe, 0x10, 0x86, 0x39, 0xe8, 0xfe, 0xf8, 0x03, 0, 0]);
    expect(code("jp [hl]\njp hl\njp c, $1234\nret c\nrst $38\nrst 8\nbit 7, h\nset 0, [hl]\nstop").slice(0, 15))
      .toEqual([0xe9, 0xe9, 0xda, 0x34, 0x12, 0xd8, 0xff, 0xcf, 0xcb, 0x7c, 0xcb, 0xc6, 0x10, 0x00, 0]);
  });
  it("labels, local labels, forward references, constants and expressions", () => {
    const r = assembleText(`
COUNT EQU 3
DEF MASK EQU (1 << COUNT) - 1
SECTION "main", ROM0[$0150]
main:
  ld b, COUNT * 2 + 1
.loop:
  dec b
  jr nz, .loop
  jp later
  ld hl, HIGH(later) << 8 | LOW(main)
  ld a, MASK & %110
later:
  jr main.loop
`, noFix);
    expect(r.symbols.get("main")).toBe(0x150);
    expect(r.symbols.get("main.loop")).toBe(0x152);
    expect(r.symbols.get("later")).toBe(0x15d);
    expect(r.symbols.get("MASK")).toBe(7);
    expect(Array.from(r.rom.slice(0x150, 0x163))).toEqual([0x06, 7, 0x05, 0x20, 0xfd, 0xc3, 0x5d, 0x01, 0x21, 0x50, 0x01, 0x3e, 6, 0x18, 0xf3, 0, 0, 0, 0]);
  });
  it("DB, DW, DS with strings, words and fill; RAM sections only define labels", () => {
    const r = assembleText(`
SECTION "vars", WRAM0[$C000]
counter: ds 2
flag: ds 1
SECTION "data", ROM0[$0200]
  db "Hi", 0, -1, 'A'
  dw $1234, counter
  ds 3, $AA
  db flag & $FF
`, noFix);
    expect(r.symbols.get("flag")).toBe(0xc002);
    expect(Array.from(r.rom.slice(0x200, 0x20d))).toEqual([0x48, 0x69, 0, 0xff, 0x41, 0x34, 0x12, 0x00, 0xc0, 0xaa, 0xaa, 0xaa, 0x02]);
  });
  it("places ROMX sections in their bank and pads to a power of two", () => {
    const r = assembleText(`SECTION "a", ROM0[$0100]\n nop\nSECTION "b", ROMX[$4000], BANK[3]\nfar: db 1, 2\n`, noFix);
    expect(r.rom.length).toBe(0x10000);
    expect([r.rom[3 * 0x4000], r.rom[3 * 0x4000 + 1]]).toEqual([1, 2]);
    expect(r.symbols.get("far")).toBe(0x4000);
  });
  it("expands includes through the reader, macros with arguments and unique labels, and REPT", () => {
    const files: Record<string, string> = {
      "src/main.asm": `INCLUDE "inc/defs.inc"\nSECTION "m", ROM0[$0150]\n  wait 3\n  wait 4\nREPT 2\n  inc a\nENDR\n  store $C000, 9\n`,
      "src/inc/defs.inc": `MACRO wait\n  ld b, \\1\n.w\\@: dec b\n  jr nz, .w\\@\nENDM\nMACRO store\n  ld a, \\2\n  ld [\\1], a\nENDM\n`,
    };
    const r = assemble("src/main.asm", (p) => files[p] ?? (() => { throw new Error("missing " + p); })(), noFix);
    expect(Array.from(r.rom.slice(0x150, 0x15f))).toEqual([0x06, 3, 0x05, 0x20, 0xfd, 0x06, 4, 0x05, 0x20, 0xfd, 0x3c, 0x3c, 0x3e, 9, 0xea]);
  });
  it("writes valid header and global checksums", () => {
    const r = assembleText(`SECTION "h", ROM0[$0134]\n db "TEST"\nSECTION "c", ROM0[$0150]\n halt\n`);
    const h = parseHeader(r.rom);
    expect(h.title).toBe("TEST");
    expect(h.headerChecksumValid).toBe(true);
    expect(h.globalChecksumValid).toBe(true);
  });
  it("reports errors with file and line", () => {
    expect(() => assembleText(`SECTION "a", ROM0[$150]\n nop\n ld a, b, c\n`)).toThrow(/main.asm:3: no form of LD/);
    expect(() => assembleText(`SECTION "a", ROM0[$150]\n jp nowhere\n`)).toThrow(/main.asm:2: unknown symbol 'nowhere'/);
    expect(() => assembleText(`SECTION "a", ROM0[$150]\nx:\n ds 200\n jr x\n`)).toThrow(/main.asm:4: relative jump distance/);
    expect(() => assembleText(` nop\n`)).toThrow(/main.asm:1: instruction outside any SECTION/);
    expect(() => assembleText(`SECTION "a", ROM0[$150]\n db 1\nSECTION "b", ROM0[$150]\n db 2\n`)).toThrow(/main.asm:4: overlaps/);
    expect(() => assembleText(`SECTION "a", ROM0[$150]\n ld a, 300\n`)).toThrow(/8-bit value 300 out of range/);
  });
});
