/**
 * The ROM images the cpu-core stages run, unpacked from the generated level-rom-images.ts (shared/ cannot read
 * assets/roms/build, so the images travel as literals). Each image is unpacked once per thread and never written
 * to: the cartridge copies what it maps.
 */
import { PACKED_ROMS, type PackedRom, type RomName } from "./level-rom-images.ts";

const BASE64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
const SEXTET = new Map<string, number>([...BASE64].map((ch, i) => [ch, i]));

/** Decodes standard base64 (with "=" padding) into `out` at `offset`. */
function decodeInto(text: string, out: Uint8Array, offset: number): void {
  let bits = 0, count = 0, at = offset;
  for (const ch of text) {
    if (ch === "=") break;
    bits = (bits << 6) | SEXTET.get(ch)!;
    count += 6;
    if (count >= 8) {
      count -= 8;
      out[at++] = (bits >> count) & 0xff;
    }
  }
}

export function unpackRom(packed: PackedRom): Uint8Array {
  const rom = new Uint8Array(packed.size);
  for (const [offset, data] of packed.segments) decodeInto(data, rom, offset);
  return rom;
}

const unpacked = new Map<RomName, Uint8Array>();

/** The image of one of the level's ROMs. */
export function romImage(name: RomName): Uint8Array {
  let rom = unpacked.get(name);
  if (!rom) {
    rom = unpackRom(PACKED_ROMS[name]);
    unpacked.set(name, rom);
  }
  return rom;
}

export { BRICKFALL, REPORT_FRAMES, type RomName } from "./level-rom-images.ts";
