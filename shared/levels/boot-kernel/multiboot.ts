/**
 * The Multiboot v1 header (Multiboot Specification 0.6.96, §3.1 "OS image format") and how QEMU's `-kernel` finds it.
 *
 * Public API (imported by the machine's loader and the level's stage 1; keep stable):
 *   MULTIBOOT_HEADER_MAGIC, MULTIBOOT_BOOTLOADER_MAGIC, MULTIBOOT_SEARCH_BYTES, MULTIBOOT_HEADER_FLAGS
 *   findMultibootHeader(file)      → the header QEMU would use, or undefined
 *   diagnoseMultibootHeader(file)  → why a file has no usable header, in words for the player
 *   multibootChecksum(flags)       → the checksum word that makes magic + flags + checksum ≡ 0 (mod 2^32)
 *
 * The spec says the header must lie entirely within the first 8192 bytes, 32-bit aligned. QEMU (hw/i386/multiboot.c)
 * scans offsets 0, 4, … while offset < 8192 − 48 (it reserves room for a full 48-byte header), comparing the magic
 * and then the checksum; the first offset whose magic matches AND whose checksum sums to zero wins. A matching magic
 * with a bad checksum is skipped silently and the scan goes on.
 */

export const MULTIBOOT_HEADER_MAGIC = 0x1badb002;
export const MULTIBOOT_BOOTLOADER_MAGIC = 0x2badb002;
export const MULTIBOOT_SEARCH_BYTES = 8192;
/** QEMU stops its scan 48 bytes (a full header with address and video fields) before the search limit. */
export const MULTIBOOT_SCAN_LIMIT = MULTIBOOT_SEARCH_BYTES - 48;

/** Header flag bits (spec §3.1.2). */
export const MULTIBOOT_HEADER_FLAGS = {
  pageAlignModules: 1 << 0,
  memoryInfo: 1 << 1,
  videoMode: 1 << 2,
  addressFields: 1 << 16,
} as const;

export interface MultibootHeader { offset: number; flags: number; checksum: number }

function word(file: Uint8Array, at: number): number {
  return (file[at] | (file[at + 1] << 8) | (file[at + 2] << 16) | (file[at + 3] << 24)) >>> 0;
}

export function multibootChecksum(flags: number): number {
  return (-(MULTIBOOT_HEADER_MAGIC + flags)) >>> 0;
}

function checksumOk(file: Uint8Array, at: number): boolean {
  return ((word(file, at) + word(file, at + 4) + word(file, at + 8)) >>> 0) === 0;
}

/** The header QEMU's -kernel would accept: first 4-aligned offset below 8144 with magic and a zero sum. */
export function findMultibootHeader(file: Uint8Array): MultibootHeader | undefined {
  const limit = Math.min(MULTIBOOT_SCAN_LIMIT, file.length - 11);
  for (let at = 0; at < limit; at += 4) {
    if (word(file, at) === MULTIBOOT_HEADER_MAGIC && checksumOk(file, at)) {
      return { offset: at, flags: word(file, at + 4), checksum: word(file, at + 8) };
    }
  }
  return undefined;
}

export type MultibootDiagnosis =
  | { kind: "ok"; header: MultibootHeader; message: string }
  | { kind: "no-magic"; message: string }
  | { kind: "beyond-search"; offset: number; message: string }
  | { kind: "misaligned"; offset: number; message: string }
  | { kind: "bad-checksum"; offset: number; flags: number; checksum: number; expected: number; off: number; message: string };

function hex(n: number): string { return "0x" + (n >>> 0).toString(16); }

/** Every byte offset (any alignment) where the magic appears, little-endian, in the whole file. */
function magicOffsets(file: Uint8Array): number[] {
  const found: number[] = [];
  for (let at = 0; at + 4 <= file.length; at++) if (word(file, at) === MULTIBOOT_HEADER_MAGIC) found.push(at);
  return found;
}

/**
 * Explains the header situation the way stage 1 shows it: the header QEMU uses, or the nearest miss in order of
 * how close it came (a checksum off by X inside the window, a magic at a non-multiple of 4, a magic beyond 8 KiB,
 * no magic at all).
 */
export function diagnoseMultibootHeader(file: Uint8Array): MultibootDiagnosis {
  const header = findMultibootHeader(file);
  if (header) {
    return { kind: "ok", header, message: `Multiboot header at file offset ${header.offset} (${hex(header.offset)}), flags ${hex(header.flags)}, checksum ${hex(header.checksum)}.` };
  }
  const offsets = magicOffsets(file);
  const inWindow = offsets.filter((at) => at < MULTIBOOT_SCAN_LIMIT);
  const aligned = inWindow.find((at) => at % 4 === 0 && at + 12 <= file.length);
  if (aligned !== undefined) {
    const flags = word(file, aligned + 4);
    const checksum = word(file, aligned + 8);
    const expected = multibootChecksum(flags);
    const off = (checksum - expected) >>> 0;
    return {
      kind: "bad-checksum", offset: aligned, flags, checksum, expected, off,
      message: `The magic 0x1badb002 is at offset ${aligned}, but magic + flags + checksum = ${hex(MULTIBOOT_HEADER_MAGIC + flags + checksum)}, not 0: the checksum ${hex(checksum)} is wrong by ${hex(off)}; for flags ${hex(flags)} it must be ${hex(expected)}.`,
    };
  }
  const misaligned = inWindow.find((at) => at % 4 !== 0);
  if (misaligned !== undefined) {
    return { kind: "misaligned", offset: misaligned, message: `The magic 0x1badb002 is at offset ${misaligned}, which is not a multiple of 4; the loader only looks at 32-bit aligned offsets.` };
  }
  if (offsets.length > 0) {
    const at = offsets[0];
    const where = at < MULTIBOOT_SEARCH_BYTES
      ? `inside the first 8 KiB but past offset ${MULTIBOOT_SCAN_LIMIT - 4}, the last one the loader checks (it wants room for a full 48-byte header before 8192)`
      : "beyond the first 8 KiB the loader searches";
    return { kind: "beyond-search", offset: at, message: `The magic 0x1badb002 is at offset ${at} (${hex(at)}), ${where}: put the header's section first in the image.` };
  }
  return { kind: "no-magic", message: "No Multiboot magic 0x1badb002 in the first 8 KiB (or anywhere in the file): the kernel needs a header section kept first by the linker script." };
}
