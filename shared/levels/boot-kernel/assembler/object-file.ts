/**
 * The assembler's output, the linker's input: an ELF relocatable object held as plain data (what `as` would write
 * to a .o, minus the container). Relocations are REL-style like i386 ELF: the addend is stored in the section bytes
 * at `offset` and repeated in `addend` for convenience.
 */
import type { GameError } from "../../../engine/errors.ts";

export interface ObjectSection {
  name: string;
  /** SHT_PROGBITS (1) or SHT_NOBITS (8). */
  type: number;
  /** SHF_* bits: WRITE 1, ALLOC 2, EXECINSTR 4. */
  flags: number;
  /** Largest alignment requested inside the section (`.align`), at least 1. */
  align: number;
  size: number;
  /** Contents; empty for NOBITS. */
  data: Uint8Array;
  relocations: ObjectRelocation[];
}

export interface ObjectRelocation {
  offset: number;
  /** R_386_32 (1) or R_386_PC32 (2). */
  type: number;
  /**
   * What the relocation refers to: a global or undefined symbol by name, or — for labels local to this file — the
   * section they live in (as GNU as does: `.data + 12`), with the label's offset folded into the addend.
   */
  target: { kind: "symbol"; name: string } | { kind: "section"; name: string };
  addend: number;
  /** Source position of the operand, so the linker can point at the line that uses an undefined symbol. */
  line: number;
  column: number;
}

export interface ObjectSymbol {
  name: string;
  /** A section name, or "*ABS*" for `.equ` constants, "*UND*" for undefined, "*COM*" for `.comm`. */
  section: string;
  /** Offset in the section; the constant for *ABS*; the alignment for *COM*. */
  value: number;
  /** Bytes (only `.comm` and `.size` give one). */
  size: number;
  global: boolean;
  line: number;
}

export interface ObjectFile {
  fileName: string;
  sections: ObjectSection[];
  symbols: ObjectSymbol[];
}

/** An error in a source file: the position is 1-based line and column. */
export interface SourceError extends GameError {
  readonly fileName: string;
  readonly line: number;
  readonly column: number;
}
