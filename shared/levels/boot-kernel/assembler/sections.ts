/**
 * Section attributes as GNU as assigns them on ELF (bfd's special-section table): `.text`/`.text.*` are
 * alloc+exec, `.data*` alloc+write, `.bss*` alloc+write NOBITS, `.rodata*` alloc; any other name gets no flags
 * unless the `.section` directive gives a flags string — so `.section .multiboot` alone is not even allocated;
 * the linker script's `KEEP(*(.multiboot))` inside `.text` is what puts it in memory.
 */
import { SHF_ALLOC, SHF_EXECINSTR, SHF_WRITE, SHT_NOBITS, SHT_PROGBITS } from "../elf.ts";

export interface SectionKind { type: number; flags: number }

const SPECIAL: readonly { prefix: string; kind: SectionKind }[] = [
  { prefix: ".text", kind: { type: SHT_PROGBITS, flags: SHF_ALLOC | SHF_EXECINSTR } },
  { prefix: ".data", kind: { type: SHT_PROGBITS, flags: SHF_ALLOC | SHF_WRITE } },
  { prefix: ".bss", kind: { type: SHT_NOBITS, flags: SHF_ALLOC | SHF_WRITE } },
  { prefix: ".rodata", kind: { type: SHT_PROGBITS, flags: SHF_ALLOC } },
];

export function defaultSectionKind(name: string): SectionKind {
  for (const s of SPECIAL) if (name === s.prefix || name.startsWith(s.prefix + ".")) return s.kind;
  return { type: SHT_PROGBITS, flags: 0 };
}

const FLAG_LETTERS: Record<string, number> = { a: SHF_ALLOC, w: SHF_WRITE, x: SHF_EXECINSTR };

/** Parses the `"awx"` flags string of `.section`; returns undefined for a letter we do not model. */
export function parseSectionFlags(text: string): number | undefined {
  let flags = 0;
  for (const c of text) {
    const bit = FLAG_LETTERS[c];
    if (bit === undefined) return undefined;
    flags |= bit;
  }
  return flags;
}

export const SECTION_TYPES: Record<string, number> = { progbits: SHT_PROGBITS, nobits: SHT_NOBITS };
