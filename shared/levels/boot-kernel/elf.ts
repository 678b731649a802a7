/**
 * ELF32 little-endian i386 files (System V ABI, "Object Files" chapter, and its i386 supplement): the reader the
 * machine's Multiboot loader and the tests use, and the writer the linker uses for ET_EXEC kernels.
 *
 * Public API (imported by the machine and level code; keep stable):
 *   parseElf(bytes) → Result<ElfImage>   header, program headers, section headers, symbols; never throws.
 *   writeElf(image)  → Uint8Array        an ET_EXEC with PT_LOAD segments, section headers, .symtab/.strtab/.shstrtab.
 *   sectionData(bytes, section)          the file bytes of one section (empty for SHT_NOBITS).
 *   alignUp(n, a)                        round up to a multiple (file offsets, addresses, QEMU's page-aligned cmdline).
 *
 * Omitted: 64-bit ELF, big-endian, dynamic linking (PT_DYNAMIC, .dynsym), RELA on i386 (gas never emits it).
 * Symbols name their section by its name; the special indices are spelled as objdump spells them:
 * "*UND*" (SHN_UNDEF), "*ABS*" (SHN_ABS), "*COM*" (SHN_COMMON).
 */
import type { Result } from "../../engine/errors.ts";
import { fail, ok } from "../../engine/errors.ts";

export const ET_REL = 1;
export const ET_EXEC = 2;
export const EM_386 = 3;

export const PT_NULL = 0;
export const PT_LOAD = 1;
export const PF_X = 1;
export const PF_W = 2;
export const PF_R = 4;

export const SHT_NULL = 0;
export const SHT_PROGBITS = 1;
export const SHT_SYMTAB = 2;
export const SHT_STRTAB = 3;
export const SHT_NOBITS = 8;
export const SHT_REL = 9;

export const SHF_WRITE = 1;
export const SHF_ALLOC = 2;
export const SHF_EXECINSTR = 4;

export const SHN_UNDEF = 0;
export const SHN_ABS = 0xfff1;
export const SHN_COMMON = 0xfff2;

export const STB_LOCAL = 0;
export const STB_GLOBAL = 1;
export const STT_NOTYPE = 0;
export const STT_OBJECT = 1;
export const STT_FUNC = 2;
export const STT_SECTION = 3;
export const STT_FILE = 4;

/** i386 relocation types (i386 psABI table 4.3): S + A and S + A - P. */
export const R_386_32 = 1;
export const R_386_PC32 = 2;

export const UNDEFINED_SECTION = "*UND*";
export const ABSOLUTE_SECTION = "*ABS*";
export const COMMON_SECTION = "*COM*";

const EHDR_SIZE = 52;
const PHDR_SIZE = 32;
const SHDR_SIZE = 40;
const SYM_SIZE = 16;

export interface ElfSegment { type: number; offset: number; vaddr: number; paddr: number; filesz: number; memsz: number; flags: number; align: number }
export interface ElfSection { name: string; type: number; flags: number; addr: number; offset: number; size: number }
/** `value` is an address in ET_EXEC and an offset into `section` in ET_REL (the size of a COMMON symbol's alignment for *COM*). */
export interface ElfSymbol { name: string; value: number; size: number; section: string; global: boolean; /** STT_* (st_info & 0xf). */ kind?: number }
/** A REL relocation of an ET_REL file: patch `offset` in `section` with `type` against `symbol` (implicit addend in place). */
export interface ElfRelocation { section: string; offset: number; type: number; symbol: string }
export interface ElfImage {
  entry: number;
  segments: ElfSegment[];
  sections: ElfSection[];
  symbols: ElfSymbol[];
  /** e_type: ET_REL for objects (`as` output), ET_EXEC for kernels. */
  fileType: number;
  /** Only filled for ET_REL. */
  relocations: ElfRelocation[];
}

/* ------------------------------------------------------------------------------------------------ reader */

function u16(b: Uint8Array, at: number): number { return b[at] | (b[at + 1] << 8); }
function u32(b: Uint8Array, at: number): number { return (b[at] | (b[at + 1] << 8) | (b[at + 2] << 16) | (b[at + 3] << 24)) >>> 0; }

function cString(b: Uint8Array, at: number, end: number): string {
  let s = "";
  for (let i = at; i < end && b[i] !== 0; i++) s += String.fromCharCode(b[i]);
  return s;
}

interface RawSection extends ElfSection { link: number; info: number; entsize: number }

function fitsIn(bytes: Uint8Array, offset: number, size: number): boolean {
  return offset >= 0 && size >= 0 && offset + size <= bytes.length;
}

/** Reads an ELF32 LSB i386 file. Every malformed field is a typed error naming the field, as `readelf` would complain. */
export function parseElf(bytes: Uint8Array): Result<ElfImage> {
  if (bytes.length < EHDR_SIZE) return fail("E_ELF_TRUNCATED", `The file is ${bytes.length} bytes long; an ELF header alone is ${EHDR_SIZE}.`);
  if (bytes[0] !== 0x7f || bytes[1] !== 0x45 || bytes[2] !== 0x4c || bytes[3] !== 0x46) {
    return fail("E_ELF_MAGIC", "Not an ELF file: it does not start with the bytes 7f 45 4c 46 (\"\\x7fELF\").");
  }
  if (bytes[4] !== 1) return fail("E_ELF_CLASS", `EI_CLASS is ${bytes[4]}; only ELFCLASS32 (1) files are i386 kernels.`);
  if (bytes[5] !== 1) return fail("E_ELF_DATA", `EI_DATA is ${bytes[5]}; i386 files are little-endian (ELFDATA2LSB, 1).`);
  const fileType = u16(bytes, 16);
  const machine = u16(bytes, 18);
  if (machine !== EM_386) return fail("E_ELF_MACHINE", `e_machine is ${machine}; an i386 file has EM_386 (3).`);
  if (fileType !== ET_REL && fileType !== ET_EXEC) return fail("E_ELF_TYPE", `e_type is ${fileType}; expected ET_REL (1) or ET_EXEC (2).`);
  const entry = u32(bytes, 24);
  const phoff = u32(bytes, 28);
  const shoff = u32(bytes, 32);
  const phentsize = u16(bytes, 42);
  const phnum = u16(bytes, 44);
  const shentsize = u16(bytes, 46);
  const shnum = u16(bytes, 48);
  const shstrndx = u16(bytes, 50);

  const segments: ElfSegment[] = [];
  if (phnum > 0) {
    if (phentsize !== PHDR_SIZE) return fail("E_ELF_PHDR", `e_phentsize is ${phentsize}; ELF32 program headers are ${PHDR_SIZE} bytes.`);
    if (!fitsIn(bytes, phoff, phnum * PHDR_SIZE)) return fail("E_ELF_TRUNCATED", `The ${phnum} program headers at offset ${phoff} run past the end of the file.`);
    for (let i = 0; i < phnum; i++) {
      const at = phoff + i * PHDR_SIZE;
      const seg: ElfSegment = {
        type: u32(bytes, at), offset: u32(bytes, at + 4), vaddr: u32(bytes, at + 8), paddr: u32(bytes, at + 12),
        filesz: u32(bytes, at + 16), memsz: u32(bytes, at + 20), flags: u32(bytes, at + 24), align: u32(bytes, at + 28),
      };
      if (seg.type === PT_LOAD && !fitsIn(bytes, seg.offset, seg.filesz)) {
        return fail("E_ELF_TRUNCATED", `Segment ${i} claims ${seg.filesz} file bytes at offset ${seg.offset}, past the end of the file.`);
      }
      if (seg.type === PT_LOAD && seg.memsz < seg.filesz) return fail("E_ELF_PHDR", `Segment ${i} has p_memsz ${seg.memsz} smaller than p_filesz ${seg.filesz}.`);
      segments.push(seg);
    }
  }

  const raw: RawSection[] = [];
  if (shnum > 0) {
    if (shentsize !== SHDR_SIZE) return fail("E_ELF_SHDR", `e_shentsize is ${shentsize}; ELF32 section headers are ${SHDR_SIZE} bytes.`);
    if (!fitsIn(bytes, shoff, shnum * SHDR_SIZE)) return fail("E_ELF_TRUNCATED", `The ${shnum} section headers at offset ${shoff} run past the end of the file.`);
    if (shstrndx >= shnum) return fail("E_ELF_SHDR", `e_shstrndx ${shstrndx} is not one of the ${shnum} sections.`);
    const nameOffsets: number[] = [];
    for (let i = 0; i < shnum; i++) {
      const at = shoff + i * SHDR_SIZE;
      nameOffsets.push(u32(bytes, at));
      const sec: RawSection = {
        name: "", type: u32(bytes, at + 4), flags: u32(bytes, at + 8), addr: u32(bytes, at + 12), offset: u32(bytes, at + 16),
        size: u32(bytes, at + 20), link: u32(bytes, at + 24), info: u32(bytes, at + 28), entsize: u32(bytes, at + 36),
      };
      if (sec.type !== SHT_NOBITS && sec.type !== SHT_NULL && !fitsIn(bytes, sec.offset, sec.size)) {
        return fail("E_ELF_TRUNCATED", `Section ${i} claims ${sec.size} bytes at offset ${sec.offset}, past the end of the file.`);
      }
      raw.push(sec);
    }
    const names = raw[shstrndx];
    for (let i = 0; i < shnum; i++) {
      if (nameOffsets[i] >= names.size && i !== 0) return fail("E_ELF_SHDR", `Section ${i}'s name offset ${nameOffsets[i]} lies outside the section-name table.`);
      raw[i].name = cString(bytes, names.offset + nameOffsets[i], names.offset + names.size);
    }
  }

  const sectionName = (index: number): string =>
    index === SHN_UNDEF ? UNDEFINED_SECTION : index === SHN_ABS ? ABSOLUTE_SECTION : index === SHN_COMMON ? COMMON_SECTION :
    index < raw.length ? raw[index].name : `#${index}`;

  const symbols: ElfSymbol[] = [];
  const symbolNamesByTable = new Map<number, string[]>();
  for (let t = 0; t < raw.length; t++) {
    const tab = raw[t];
    if (tab.type !== SHT_SYMTAB) continue;
    if (tab.link >= raw.length) return fail("E_ELF_SHDR", `The symbol table's string table index ${tab.link} is not a section.`);
    const strtab = raw[tab.link];
    const names: string[] = [];
    for (let at = tab.offset; at + SYM_SIZE <= tab.offset + tab.size; at += SYM_SIZE) {
      const nameOffset = u32(bytes, at);
      const info = bytes[at + 12];
      const shndx = u16(bytes, at + 14);
      let name = cString(bytes, strtab.offset + nameOffset, strtab.offset + strtab.size);
      if ((info & 0xf) === STT_SECTION && name === "") name = sectionName(shndx);
      names.push(name);
      if (at === tab.offset) continue; // entry 0 is the null symbol
      symbols.push({ name, value: u32(bytes, at + 4), size: u32(bytes, at + 8), section: sectionName(shndx), global: (info >> 4) !== STB_LOCAL, kind: info & 0xf });
    }
    symbolNamesByTable.set(t, names);
  }

  const relocations: ElfRelocation[] = [];
  if (fileType === ET_REL) {
    for (const rel of raw) {
      if (rel.type !== SHT_REL) continue;
      const names = symbolNamesByTable.get(rel.link) ?? [];
      const target = sectionName(rel.info);
      for (let at = rel.offset; at + 8 <= rel.offset + rel.size; at += 8) {
        const info = u32(bytes, at + 4);
        relocations.push({ section: target, offset: u32(bytes, at), type: info & 0xff, symbol: names[info >>> 8] ?? `#${info >>> 8}` });
      }
    }
  }

  const sections: ElfSection[] = raw.map(({ name, type, flags, addr, offset, size }) => ({ name, type, flags, addr, offset, size }));
  return ok({ entry, segments, sections, symbols, fileType, relocations });
}

/** The bytes a section occupies in the file (a view, not a copy); NOBITS sections have none. */
export function sectionData(bytes: Uint8Array, section: ElfSection): Uint8Array {
  if (section.type === SHT_NOBITS || section.type === SHT_NULL) return new Uint8Array(0);
  return bytes.subarray(section.offset, section.offset + section.size);
}

/* ------------------------------------------------------------------------------------------------ writer */

/** An output section placed by the linker. `data` holds the file bytes (length = size) unless type is SHT_NOBITS. */
export interface LinkedSection { name: string; type: number; flags: number; addr: number; size: number; align: number; data: Uint8Array }
/** A PT_LOAD segment as the linker grouped it: the named output sections, in address order, and its p_flags. */
export interface LinkedSegment { flags: number; sections: string[] }
/** A symbol for .symtab; `value` is an absolute address, `section` an output section name or "*ABS*". */
export interface LinkedSymbol { name: string; value: number; size: number; section: string; global: boolean; kind: number }
export interface LinkedImage { entry: number; sections: LinkedSection[]; segments: LinkedSegment[]; symbols: LinkedSymbol[] }

/** Page size ld uses for i386 PT_LOAD alignment (max-page-size); file offsets are congruent to addresses modulo it. */
export const ELF_PAGE_SIZE = 0x1000;

class ByteWriter {
  bytes: Uint8Array;
  constructor(size: number) { this.bytes = new Uint8Array(size); }
  u8(at: number, v: number): void { this.bytes[at] = v & 0xff; }
  u16(at: number, v: number): void { this.bytes[at] = v & 0xff; this.bytes[at + 1] = (v >>> 8) & 0xff; }
  u32(at: number, v: number): void { for (let i = 0; i < 4; i++) this.bytes[at + i] = (v >>> (8 * i)) & 0xff; }
}

/** n rounded up to a multiple of a; exact for any 32-bit unsigned n (no bitwise ops). */
export function alignUp(n: number, a: number): number { return a <= 1 ? n : Math.ceil(n / a) * a; }

class StringTable {
  readonly parts: string[] = [""];
  private size = 1;
  private readonly seen = new Map<string, number>();
  add(s: string): number {
    if (s === "") return 0;
    const known = this.seen.get(s);
    if (known !== undefined) return known;
    const at = this.size;
    this.seen.set(s, at);
    this.parts.push(s);
    this.size += s.length + 1;
    return at;
  }
  get length(): number { return this.size; }
  write(into: Uint8Array, at: number): void {
    let p = at;
    for (const s of this.parts) {
      for (let i = 0; i < s.length; i++) into[p++] = s.charCodeAt(i) & 0xff;
      into[p++] = 0;
    }
  }
}

/**
 * Lays out an executable as ld does for a static kernel: ELF header and program headers first, then each segment's
 * sections at file offsets congruent to their addresses modulo the page size (so a loader may map them), then the
 * symbol and string tables and the section header table. p_paddr = p_vaddr (no AT() support).
 */
export function writeElf(image: LinkedImage): Uint8Array {
  const byName = new Map(image.sections.map((s) => [s.name, s]));
  const segmentOf = new Map<string, number>();
  image.segments.forEach((seg, i) => seg.sections.forEach((n) => segmentOf.set(n, i)));

  // File offsets: sections in address order; each segment starts at an offset ≡ its vaddr (mod page).
  const offsets = new Map<string, number>();
  let cursor = EHDR_SIZE + PHDR_SIZE * image.segments.length;
  let currentSegment = -1;
  const ordered = [...image.sections].sort((a, b) => a.addr - b.addr);
  for (const s of ordered) {
    const seg = segmentOf.get(s.name);
    if (seg !== undefined && seg !== currentSegment) {
      currentSegment = seg;
      const want = s.addr % ELF_PAGE_SIZE;
      cursor = cursor % ELF_PAGE_SIZE <= want ? cursor - (cursor % ELF_PAGE_SIZE) + want : alignUp(cursor, ELF_PAGE_SIZE) + want;
    } else if (seg !== undefined && s.type !== SHT_NOBITS) {
      // Inside a segment the file image mirrors memory, gaps included.
      const first = byName.get(image.segments[seg].sections[0])!;
      cursor = offsets.get(first.name)! + (s.addr - first.addr);
    } else if (seg === undefined) {
      cursor = alignUp(cursor, Math.max(1, s.align));
    }
    offsets.set(s.name, cursor);
    if (s.type !== SHT_NOBITS) cursor += s.size;
  }

  const shstr = new StringTable();
  const strtab = new StringTable();
  const outSections = [...image.sections];
  const sectionIndex = new Map(outSections.map((s, i) => [s.name, i + 1]));
  const symtabIndex = outSections.length + 1;
  const strtabIndex = outSections.length + 2;
  const shstrtabIndex = outSections.length + 3;
  const shnum = outSections.length + 4;

  // .symtab: null, a section symbol per output section, locals, then globals (sh_info = first global).
  const locals = image.symbols.filter((s) => !s.global);
  const globals = image.symbols.filter((s) => s.global);
  const symCount = 1 + outSections.length + locals.length + globals.length;
  cursor = alignUp(cursor, 4);
  const symtabOffset = cursor;
  cursor += symCount * SYM_SIZE;
  const symNames = [...locals, ...globals].map((s) => strtab.add(s.name));
  const strtabOffset = cursor;
  cursor += strtab.length;
  const names = outSections.map((s) => shstr.add(s.name));
  const symtabName = shstr.add(".symtab");
  const strtabName = shstr.add(".strtab");
  const shstrtabName = shstr.add(".shstrtab");
  const shstrtabOffset = cursor;
  cursor += shstr.length;
  cursor = alignUp(cursor, 4);
  const shoff = cursor;
  cursor += shnum * SHDR_SIZE;

  const w = new ByteWriter(cursor);
  const b = w.bytes;
  b.set([0x7f, 0x45, 0x4c, 0x46, 1, 1, 1, 0], 0);
  w.u16(16, ET_EXEC);
  w.u16(18, EM_386);
  w.u32(20, 1);
  w.u32(24, image.entry);
  w.u32(28, image.segments.length > 0 ? EHDR_SIZE : 0);
  w.u32(32, shoff);
  w.u32(36, 0);
  w.u16(40, EHDR_SIZE);
  w.u16(42, image.segments.length > 0 ? PHDR_SIZE : 0);
  w.u16(44, image.segments.length);
  w.u16(46, SHDR_SIZE);
  w.u16(48, shnum);
  w.u16(50, shstrtabIndex);

  image.segments.forEach((seg, i) => {
    const secs = seg.sections.map((n) => byName.get(n)!);
    const first = secs[0];
    const last = secs[secs.length - 1];
    const lastFile = [...secs].reverse().find((s) => s.type !== SHT_NOBITS);
    const at = EHDR_SIZE + i * PHDR_SIZE;
    w.u32(at, PT_LOAD);
    w.u32(at + 4, offsets.get(first.name)!);
    w.u32(at + 8, first.addr);
    w.u32(at + 12, first.addr);
    w.u32(at + 16, lastFile ? lastFile.addr + lastFile.size - first.addr : 0);
    w.u32(at + 20, last.addr + last.size - first.addr);
    w.u32(at + 24, seg.flags);
    w.u32(at + 28, ELF_PAGE_SIZE);
  });

  for (const s of outSections) if (s.type !== SHT_NOBITS) b.set(s.data.subarray(0, s.size), offsets.get(s.name)!);

  const writeSym = (at: number, name: number, value: number, size: number, info: number, shndx: number): void => {
    w.u32(at, name); w.u32(at + 4, value); w.u32(at + 8, size); w.u8(at + 12, info); w.u8(at + 13, 0); w.u16(at + 14, shndx);
  };
  let symAt = symtabOffset + SYM_SIZE;
  outSections.forEach((s, i) => { writeSym(symAt, 0, s.addr, 0, (STB_LOCAL << 4) | STT_SECTION, i + 1); symAt += SYM_SIZE; });
  const indexOf = (section: string): number => section === ABSOLUTE_SECTION ? SHN_ABS : sectionIndex.get(section) ?? SHN_ABS;
  [...locals, ...globals].forEach((s, i) => {
    writeSym(symAt, symNames[i], s.value, s.size, ((s.global ? STB_GLOBAL : STB_LOCAL) << 4) | s.kind, indexOf(s.section));
    symAt += SYM_SIZE;
  });
  strtab.write(b, strtabOffset);
  shstr.write(b, shstrtabOffset);

  const writeShdr = (index: number, f: { name: number; type: number; flags: number; addr: number; offset: number; size: number; link: number; info: number; align: number; entsize: number }): void => {
    const at = shoff + index * SHDR_SIZE;
    w.u32(at, f.name); w.u32(at + 4, f.type); w.u32(at + 8, f.flags); w.u32(at + 12, f.addr); w.u32(at + 16, f.offset);
    w.u32(at + 20, f.size); w.u32(at + 24, f.link); w.u32(at + 28, f.info); w.u32(at + 32, f.align); w.u32(at + 36, f.entsize);
  };
  outSections.forEach((s, i) => writeShdr(i + 1, {
    name: names[i], type: s.type, flags: s.flags, addr: s.addr, offset: offsets.get(s.name)!, size: s.size,
    link: 0, info: 0, align: Math.max(1, s.align), entsize: 0,
  }));
  writeShdr(symtabIndex, { name: symtabName, type: SHT_SYMTAB, flags: 0, addr: 0, offset: symtabOffset, size: symCount * SYM_SIZE, link: strtabIndex, info: 1 + outSections.length + locals.length, align: 4, entsize: SYM_SIZE });
  writeShdr(strtabIndex, { name: strtabName, type: SHT_STRTAB, flags: 0, addr: 0, offset: strtabOffset, size: strtab.length, link: 0, info: 0, align: 1, entsize: 0 });
  writeShdr(shstrtabIndex, { name: shstrtabName, type: SHT_STRTAB, flags: 0, addr: 0, offset: shstrtabOffset, size: shstr.length, link: 0, info: 0, align: 1, entsize: 0 });
  return b;
}
