/**
 * Game Boy figures (part of `npm run bench`), printed as one JSON line. Nothing here is a pass/fail test.
 *  - cpuBound: assets/roms/build/bench-cpu.gb, a ROM that never halts (LCD on), run for about 3 s of wall time;
 *  - brickfall: the project's game replaying its golden input script (title, play, line clears, game over).
 * Emulated MHz = emulated T-cycles per wall-clock second / 1e6 (the DMG runs at 4.194304 MHz); fps = frames per second.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { keysAt, parseInputScript } from "../../shared/levels/cpu-core/input-script.ts";
import { CLOCK_HZ, GameBoy } from "../../shared/levels/cpu-core/machine.ts";

const ROOT = join(import.meta.dirname, "../..");
const rom = (name: string) => new Uint8Array(readFileSync(join(ROOT, "assets/roms/build", `${name}.gb`)));
const round = (x: number, d = 1) => Number(x.toFixed(d));

function measure(name: string, frames: number, keys: (frame: number) => number, minMs: number) {
  const image = rom(name);
  // Warm-up run so the figures are for optimised code.
  const warm = new GameBoy(image);
  for (let f = 0; f < Math.min(frames, 600); f++) warm.runFrame(keys(f));
  let totalFrames = 0, totalCycles = 0, ms = 0;
  while (ms < minMs) {
    const gb = new GameBoy(image);
    const t0 = performance.now();
    for (let f = 0; f < frames; f++) gb.runFrame(keys(f));
    ms += performance.now() - t0;
    totalFrames += frames;
    totalCycles += gb.cycles;
  }
  const seconds = ms / 1000;
  return {
    rom: `${name}.gb`, frames: totalFrames, seconds: round(seconds, 2),
    fps: round(totalFrames / seconds), emulatedMHz: round(totalCycles / seconds / 1e6),
    timesRealTime: round(totalCycles / seconds / CLOCK_HZ),
  };
}

const script = parseInputScript(readFileSync(join(ROOT, "shared/levels/cpu-core/fixtures/brickfall-golden.input"), "utf8"));
const results = {
  cpuBound: measure("bench-cpu", 1800, () => 0, 3000),
  brickfall: measure("brickfall", 3600, (f) => keysAt(script, f), 3000),
  goal: { cpuBoundMHz: 90 },
};
console.log(JSON.stringify(results));
