/**
 * Agreement with the outside world, using the `serverboy` dev dependency (a headless build of Grant Galitz's
 * GameBoy-Online, an established emulator, from the npm registry). Nothing from it is copied into the project:
 * - its package carries Blargg's well-known test ROMs (cpu_instrs, instr_timing, mem_timing and its three parts);
 *   the project's reference core must pass every one, reading the verdict the way the ROMs report it (serial text,
 *   or the $A000 cartridge-RAM protocol for the mem_timing family), exactly as `bma gb run` does; and so must a
 *   player's core compiled from the game's reference microcode (the proof that the microcode language can express
 *   a core that passes them);
 * - the project's own Brickfall ROM must be a valid ROM for that emulator: its title screen is pixel-identical to
 *   ours (shades compared, since the two emulators use different RGB palettes), Start begins a game there too, and
 *   the game keeps drawing falling pieces.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { romVerdict } from "../../../bin/commands/gb.ts";
import { GameBoy } from "../../../shared/levels/cpu-core/machine.ts";
import { compileMicrocode, createPlayerGameBoy, REFERENCE_MICROCODE } from "../../../shared/levels/cpu-core/microcode/index.ts";
import { builtRomPath } from "../../../scripts/roms.ts";

const require = createRequire(import.meta.url);
const PACKAGE = join(require.resolve("serverboy/package.json"), "..");
const blargg = (name: string) => new Uint8Array(readFileSync(join(PACKAGE, "roms/blargg_tests", `${name}.gb`)));

interface Serverboy {
  loadRom(rom: Buffer): void;
  doFrame(): void;
  pressKeys(keys: number[]): void;
  getScreen(): number[];
  getMemory(): number[];
}
const Gameboy = require("serverboy") as { new (): Serverboy; KEYMAP: Record<string, number> };

/** Runs a test ROM on the reference core until it reports, as `bma gb run --until-result` does. */
function runTestRom(rom: Uint8Array, maxFrames: number, gb = new GameBoy(rom)) {
  let verdict = romVerdict(gb);
  for (let frame = 0; frame < maxFrames && !verdict.result; frame++) {
    gb.runFrame(0);
    if (frame % 30 === 0) verdict = romVerdict(gb);
  }
  return romVerdict(gb);
}

describe("Blargg's test ROMs (from the serverboy package) on the reference core", () => {
  it("cpu_instrs: all eleven groups ok", () => {
    const v = runTestRom(blargg("cpu_instrs"), 4000);
    expect(v.text).toContain("01:ok  02:ok  03:ok  04:ok  05:ok  06:ok  07:ok  08:ok  09:ok  10:ok  11:ok");
    expect(v.result).toBe("Passed");
  }, 120_000);

  it("instr_timing: every instruction takes the documented number of cycles", () => {
    const v = runTestRom(blargg("instr_timing"), 300);
    expect(v.result).toBe("Passed");
  }, 60_000);

  for (const name of ["mem_timing", "01-read_timing", "02-write_timing", "03-modify_timing"]) {
    it(`${name}: memory accesses happen on the right M-cycle (reported through cartridge RAM)`, () => {
      const v = runTestRom(blargg(name), 1200);
      expect(v.result).toBe("Passed");
      expect(v.text).toMatch(/Passed/);
    }, 60_000);
  }
});

describe("Blargg's test ROMs on a player core compiled from the reference microcode", () => {
  const program = compileMicrocode(REFERENCE_MICROCODE).program!;
  const playerCore = (rom: Uint8Array) => createPlayerGameBoy(rom, program, new Set());

  it("cpu_instrs: all eleven groups ok", () => {
    const rom = blargg("cpu_instrs");
    const v = runTestRom(rom, 4000, playerCore(rom));
    expect(v.text).toContain("01:ok  02:ok  03:ok  04:ok  05:ok  06:ok  07:ok  08:ok  09:ok  10:ok  11:ok");
    expect(v.result).toBe("Passed");
  }, 180_000);

  for (const name of ["instr_timing", "mem_timing"]) {
    it(`${name}: Passed`, () => {
      const rom = blargg(name);
      expect(runTestRom(rom, 1200, playerCore(rom)).result).toBe("Passed");
    }, 60_000);
  }
});

/** Serverboy's RGBA screen as DMG shades 0 (lightest) to 3, ranking its palette's colours by brightness. */
function serverboyShades(screen: number[]): Uint8Array {
  const colours = new Set<number>();
  for (let i = 0; i < screen.length; i += 4) colours.add(screen[i]! * 65536 + screen[i + 1]! * 256 + screen[i + 2]!);
  const luma = (c: number) => 299 * (c >> 16) + 587 * ((c >> 8) & 0xff) + 114 * (c & 0xff);
  const byBrightness = [...colours].sort((a, b) => luma(b) - luma(a));
  const out = new Uint8Array(screen.length / 4);
  for (let i = 0; i < out.length; i++) out[i] = byBrightness.indexOf(screen[i * 4]! * 65536 + screen[i * 4 + 1]! * 256 + screen[i * 4 + 2]!);
  return out;
}

/** Our framebuffer as shades ranked the same way (only the shades actually used, so palettes need not agree). */
function ourShades(framebuffer: Uint8Array): Uint8Array {
  const used = [...new Set(framebuffer)].sort((a, b) => a - b);
  return framebuffer.map((s) => used.indexOf(s));
}

describe("Brickfall on an established emulator (GameBoy-Online via serverboy)", () => {
  it("shows the same title screen, pixel for pixel, and plays after Start", () => {
    const rom = readFileSync(builtRomPath("brickfall"));
    const other = new Gameboy();
    other.loadRom(rom);
    const ours = new GameBoy(new Uint8Array(rom));
    for (let f = 0; f < 120; f++) {
      other.doFrame();
      ours.runFrame(0);
    }
    const theirs = serverboyShades(other.getScreen());
    const mine = ourShades(ours.ppu.framebuffer);
    let differing = 0;
    for (let i = 0; i < mine.length; i++) if (mine[i] !== theirs[i]) differing++;
    expect(new Set(mine).size).toBeGreaterThan(1); // not a blank screen
    expect(differing).toBe(0);

    // Start: the other emulator leaves the title and draws a game whose screen keeps changing as pieces fall.
    for (let f = 0; f < 6; f++) {
      other.pressKeys([Gameboy.KEYMAP.START!]);
      other.doFrame();
    }
    const screens: string[] = [];
    for (let f = 0; f < 240; f++) {
      other.doFrame();
      if (f % 60 === 59) screens.push(serverboyShades(other.getScreen()).join(""));
    }
    expect(screens[0]).not.toBe(theirs.join(""));
    expect(new Set(screens).size).toBeGreaterThan(1);
  }, 60_000);
});
