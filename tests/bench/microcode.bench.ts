/**
 * Microcode figures (part of `npm run bench`), one JSON line: the player's core compiled from the complete
 * reference microcode against the reference Cpu, on Brickfall's golden input script and on the CPU-bound ROM;
 * plus the compile time of all families and the time of the 501-opcode randomized test. Goal: ratio ≥ 0.5.
 * `carryCoreMs`: a stage-7 board receiving the whole reference core as 75 patches (one per family, as a player who
 * carries their core forward pastes it), each recompiling the board's sources, on text not compiled before.
 *
 * The machine is shared with other engineers' jobs, so wall time swings several-fold from run to run. Each figure
 * is therefore the best of several rounds of the process's own CPU time (user + system), which other processes
 * disturb far less; `wallFps` is kept beside it for reference.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { keysAt, parseInputScript } from "../../shared/levels/cpu-core/input-script.ts";
import { initCpuCore, stepCpuCore } from "../../shared/levels/cpu-core/level-state.ts";
import { GameBoy } from "../../shared/levels/cpu-core/machine.ts";
import { compileMicrocode, createPlayerGameBoy, REFERENCE_MICROCODE, runOpcodeTests } from "../../shared/levels/cpu-core/microcode/index.ts";

const ROOT = join(import.meta.dirname, "../..");
const rom = (name: string) => new Uint8Array(readFileSync(join(ROOT, "assets/roms/build", `${name}.gb`)));
const round = (x: number, d = 1) => Number(x.toFixed(d));
const script = parseInputScript(readFileSync(join(ROOT, "shared/levels/cpu-core/fixtures/brickfall-golden.input"), "utf8"));

let t0 = performance.now();
const { program } = compileMicrocode(REFERENCE_MICROCODE);
const compileMs = performance.now() - t0;

// the carried core differs from the one compiled above (as a player's does), so its families start uncompiled
const board = initCpuCore(7, 1);
const carried = Object.keys(board.sources);
t0 = performance.now();
for (const family of carried) stepCpuCore(board, { type: "patch", family, at: 0, remove: 0, insert: `${REFERENCE_MICROCODE[family]!}# carried\n` });
const carryCoreMs = performance.now() - t0;
if (board.errors.length) throw new Error(`carried core does not compile: ${board.errors[0]!.message}`);

t0 = performance.now();
runOpcodeTests(program!, new Set());
const opcodeTestsMs = performance.now() - t0;

const cpuMs = (since: NodeJS.CpuUsage) => { const u = process.cpuUsage(since); return (u.user + u.system) / 1000; };

/** Frames per second of CPU time, best round of `rounds` (each a fresh machine running `frames` frames). */
function fps(make: (image: Uint8Array) => GameBoy, name: string, frames: number, keys: (f: number) => number, rounds: number) {
  const image = rom(name);
  const warm = make(image);
  for (let f = 0; f < Math.min(frames, 600); f++) warm.runFrame(keys(f));
  let best = Infinity, cycles = 0, wallMs = 0;
  for (let r = 0; r < rounds; r++) {
    const gb = make(image);
    const wall = performance.now(), cpu = process.cpuUsage();
    for (let f = 0; f < frames; f++) gb.runFrame(keys(f));
    const ms = cpuMs(cpu);
    wallMs += performance.now() - wall;
    if (ms < best) { best = ms; cycles = gb.cycles; }
  }
  return { fps: round(frames / (best / 1000)), emulatedMHz: round(cycles / (best / 1000) / 1e6), wallFps: round((frames * rounds) / (wallMs / 1000)) };
}

const none = new Set<string>();
const reference = (image: Uint8Array) => new GameBoy(image);
const player = (image: Uint8Array) => createPlayerGameBoy(image, program!, none);
const brickKeys = (f: number) => keysAt(script, f);
const refBrick = fps(reference, "brickfall", 3600, brickKeys, 5);
const microBrick = fps(player, "brickfall", 3600, brickKeys, 5);
const refCpu = fps(reference, "bench-cpu", 300, () => 0, 10);
const microCpu = fps(player, "bench-cpu", 300, () => 0, 10);
console.log(JSON.stringify({
  brickfall: { reference: refBrick, microcode: microBrick, ratio: round(microBrick.fps / refBrick.fps, 2) },
  cpuBound: { reference: refCpu, microcode: microCpu, ratio: round(microCpu.fps / refCpu.fps, 2) },
  compileMs: round(compileMs), carryCoreMs: round(carryCoreMs), carryCorePatches: carried.length, opcodeTestsMs: round(opcodeTestsMs),
  goal: { ratio: 0.5 },
}));
