/**
 * Test support: a Multiboot ELF from hand-encoded machine code, written with the toolchain's writeElf (so machine and
 * loader tests do not depend on the assembler). Code starts at 0x100010, right after the 12-byte header + padding.
 */
import { PF_R, PF_W, PF_X, SHF_ALLOC, SHF_EXECINSTR, SHF_WRITE, SHT_NOBITS, SHT_PROGBITS, writeElf } from "../../../shared/levels/boot-kernel/elf.ts";

export const TEXT = 0x100000;
export const ENTRY = 0x100010;

export function le32(v: number): number[] {
  return [v & 0xff, (v >>> 8) & 0xff, (v >>> 16) & 0xff, (v >>> 24) & 0xff];
}

export function multibootHeader(flags = 3, checksumDelta = 0): number[] {
  return [...le32(0x1badb002), ...le32(flags), ...le32((-(0x1badb002 + flags) + checksumDelta) >>> 0), 0, 0, 0, 0];
}

export function kernelElf(code: readonly number[], opts: { bssSize?: number; header?: number[]; textAt?: number } = {}): Uint8Array {
  const textAt = opts.textAt ?? TEXT;
  const text = new Uint8Array([...(opts.header ?? multibootHeader()), ...code]);
  const bssSize = opts.bssSize ?? 0x1000;
  const bssAt = textAt + 0x1000 * Math.ceil(text.length / 0x1000);
  return writeElf({
    entry: textAt + 16,
    sections: [
      { name: ".text", type: SHT_PROGBITS, flags: SHF_ALLOC | SHF_EXECINSTR, addr: textAt, size: text.length, align: 4096, data: text },
      { name: ".bss", type: SHT_NOBITS, flags: SHF_ALLOC | SHF_WRITE, addr: bssAt, size: bssSize, align: 16, data: new Uint8Array(0) },
    ],
    segments: [{ flags: PF_R | PF_X, sections: [".text"] }, { flags: PF_R | PF_W, sections: [".bss"] }],
    symbols: [],
  });
}
