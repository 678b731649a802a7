/**
 * Brickfall, the project's falling-blocks ROM, on the reference machine: a golden replay of a recorded input
 * script (shared/levels/cpu-core/fixtures/brickfall-golden.input, made by scripts/brickfall-autoplay.ts) pins the
 * framebuffer hash at several frames — title, play, line clears, a game over and a second game — and the score,
 * lines and level the ROM keeps in WRAM. If the machine or the ROM changes behaviour, these hashes move.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { keysAt, parseInputScript } from "../../../shared/levels/cpu-core/input-script.ts";
import { BUTTONS } from "../../../shared/levels/cpu-core/joypad.ts";
import { GameBoy } from "../../../shared/levels/cpu-core/machine.ts";
import { assembleRom, builtRomPath, ROOT } from "../../../scripts/roms.ts";

const rom = new Uint8Array(readFileSync(builtRomPath("brickfall")));
const { symbols } = assembleRom("brickfall");
const addr = (name: string) => symbols.get(name)!;
const input = parseInputScript(readFileSync(join(ROOT, "shared/levels/cpu-core/fixtures/brickfall-golden.input"), "utf8"));

/** Frame number (after that many frames) → framebuffer hash. */
const PINNED: Record<number, string> = {
  20: "fbe0744c79d13f9f",   // title screen
  300: "d6aa25d37e0b8054",  // first game in play
  1200: "5ded01770f6dd5a4", // first game, level 2
  1560: "c3342cb2ea3346d5", // GAME OVER written into the stack
  1650: "fbe0744c79d13f9f", // back on the title screen
  2400: "29eb33473f437184", // second game
  3600: "0528c136d73231b9", // second game, level 4, lines flashing
};

describe("Brickfall golden replay", { timeout: 120_000 }, () => {
  it("reproduces the pinned framebuffer hashes and the final score, lines and level", () => {
    const gb = new GameBoy(rom);
    const seen: Record<number, string> = {};
    let gameOvers = 0, clears = 0, lastState = -1;
    for (let f = 1; f <= 3600; f++) {
      gb.runFrame(keysAt(input, f - 1));
      if (f in PINNED) seen[f] = gb.framebufferHash();
      const state = gb.bus.read(addr("state"));
      if (state !== lastState && state === 4) gameOvers++;
      if (state !== lastState && state === 2) clears++;
      lastState = state;
    }
    expect(seen).toEqual(Object.fromEntries(Object.entries(PINNED).map(([k, v]) => [Number(k), v])));
    const bcd = (a: number, n: number) => Array.from({ length: n }, (_, i) => gb.bus.read(a + n - 1 - i).toString(16).padStart(2, "0")).join("");
    expect({ score: bcd(addr("score"), 3), lines: bcd(addr("lines_bcd"), 2), level: gb.bus.read(addr("level")) }).toEqual({ score: "007942", lines: "0044", level: 4 });
    expect(gameOvers).toBe(1);
    expect(clears).toBeGreaterThan(10);
  });

  it("does all its VRAM writing inside VBlank (or with the LCD off): none is dropped in mode 3", () => {
    const gb = new GameBoy(rom);
    const write = gb.bus.write.bind(gb.bus);
    let vramWrites = 0, dropped = 0, latest = 0;
    gb.bus.write = (address: number, value: number) => {
      if (address >= 0x8000 && address < 0xa000 && gb.ppu.lcdOn) {
        const now = gb.cpu.cycles;
        gb.ppu.sync(now);
        vramWrites++;
        if (gb.ppu.vramLocked()) dropped++;
        const intoVblank = gb.ppu.ly >= 144 ? (gb.ppu.ly - 144) * 456 + now - gb.ppu.lineStart : 10 * 456 + gb.ppu.ly * 456 + now - gb.ppu.lineStart;
        latest = Math.max(latest, intoVblank);
      }
      write(address, value);
    };
    for (let f = 0; f < 3600; f++) gb.runFrame(keysAt(input, f));
    expect(vramWrites).toBeGreaterThan(10_000);
    expect(dropped).toBe(0);
    expect(latest).toBeLessThan(10 * 456); // the handler is done before line 0
  });

  it("seeds the piece sequence from when Start is pressed", () => {
    const firstPieces = (startFrame: number) => {
      const gb = new GameBoy(rom);
      for (let f = 0; f < startFrame + 3; f++) gb.runFrame(f === startFrame ? BUTTONS.start : 0);
      return [gb.bus.read(addr("piece")), gb.bus.read(addr("next_piece")), gb.bus.read(addr("rng")), gb.bus.read(addr("rng") + 1)];
    };
    const a = firstPieces(30), b = firstPieces(31), c = firstPieces(30);
    expect(a).toEqual(c);
    expect(a).not.toEqual(b);
  });

  it("pauses with Start: nothing falls until Start is pressed again", () => {
    const gb = new GameBoy(rom);
    for (let f = 0; f < 40; f++) gb.runFrame(f === 30 ? BUTTONS.start : 0);
    gb.runFrame(BUTTONS.start);
    gb.runFrame(0);
    expect(gb.bus.read(addr("state"))).toBe(3);
    const py = gb.bus.read(addr("py"));
    for (let f = 0; f < 200; f++) gb.runFrame(0);
    expect(gb.bus.read(addr("py"))).toBe(py);
    gb.runFrame(BUTTONS.start);
    for (let f = 0; f < 100; f++) gb.runFrame(0);
    expect(gb.bus.read(addr("py"))).toBeGreaterThan(py);
  });

  it("snapshot mid-game and restore: the rest of the replay is identical", () => {
    const a = new GameBoy(rom);
    for (let f = 0; f < 500; f++) a.runFrame(keysAt(input, f));
    const b = new GameBoy(rom);
    b.restore(structuredClone(a.snapshot()));
    for (let f = 500; f < 800; f++) { a.runFrame(keysAt(input, f)); b.runFrame(keysAt(input, f)); }
    expect(b.framebufferHash()).toBe(a.framebufferHash());
    expect(b.snapshot()).toEqual(a.snapshot());
  });
});
