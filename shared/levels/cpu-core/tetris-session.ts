/**
 * Brickfall played on the player's own core: one tick is one frame (GameBoy.runFrame with the keys held), and the
 * whole machine lives in the level state as a GameBoy snapshot (plain data and typed arrays), so replays, hashes
 * and worker hand-offs see everything. The score is what the ROM keeps in WRAM (6 BCD digits, least significant
 * byte first, at the `score` symbol); the game is over when its `state` variable reads STATE_OVER.
 *
 * Speed: a GameBoy per compiled program is kept off-state in a small per-thread cache, together with the snapshot
 * object it last wrote. If the state still holds that very object the machine is already there and runs on;
 * otherwise (a structured clone, another board, a replay) it is restored from the state first. Either way the
 * frame starts from exactly the state's machine, and the snapshot is rewritten after every frame.
 */
import type { GameBoy, MachineState } from "./machine.ts";
import { BRICKFALL, romImage } from "./level-roms.ts";
import { createPlayerGameBoy, type MicroProgram } from "./microcode/index.ts";

/** Brickfall's `state` value on the GAME OVER screen (assets/roms/brickfall.asm STATE_OVER). */
export const STATE_OVER = 4;

export interface PlaySession {
  /** The player's machine after the last frame (the board draws machine.ppu.framebuffer, 160×144 shades 0-3). */
  machine: MachineState;
  /** Joypad keys held (BUTTONS mask), applied from the next frame on. */
  buttons: number;
  frames: number;
  /** Decimal value of the ROM's BCD score. */
  score: number;
  /** Set when the run ends: "over" (GAME OVER), "time" (frame budget), "locked" (the core hung), or "". */
  ended: "" | "over" | "time" | "locked";
}

interface Live { gb: GameBoy; at: MachineState | null }
/** Machines kept per thread: enough for a class's worth of different cores on one worker. */
const LIVE_MACHINES = 64;
const live = new Map<string, Live>();

function machineFor(key: string, program: MicroProgram, provided: ReadonlySet<string>): Live {
  let entry = live.get(key);
  if (entry) {
    // Most recently used last, so the oldest machine is the one dropped.
    live.delete(key);
  } else {
    if (live.size >= LIVE_MACHINES) live.delete(live.keys().next().value!);
    entry = { gb: createPlayerGameBoy(romImage("brickfall"), program, provided), at: null };
  }
  live.set(key, entry);
  return entry;
}

/** A fresh Brickfall on the player's core, at power-on. */
export function startSession(key: string, program: MicroProgram, provided: ReadonlySet<string>): PlaySession {
  const entry = machineFor(key, program, provided);
  const fresh = createPlayerGameBoy(romImage("brickfall"), program, provided);
  const machine = fresh.snapshot();
  entry.gb.restore(machine);
  entry.at = machine;
  return { machine, buttons: 0, frames: 0, score: 0, ended: "" };
}

const wram = (m: MachineState, address: number) => m.wram[address - 0xc000]!;

/** The ROM's 6-digit BCD score as a number (a buggy DAA can leave non-decimal nibbles: they count as their value). */
export function scoreOf(m: MachineState): number {
  let score = 0;
  for (let i = 2; i >= 0; i--) {
    const b = wram(m, BRICKFALL.score + i);
    score = score * 100 + (b >> 4) * 10 + (b & 15);
  }
  return score;
}

export function gameStateOf(m: MachineState): number {
  return wram(m, BRICKFALL.state);
}

/** Runs one frame of the session on the player's core (the caller compiled `program` from the same sources as `key`). */
export function playFrame(session: PlaySession, key: string, program: MicroProgram, provided: ReadonlySet<string>, budget: number): void {
  const entry = machineFor(key, program, provided);
  const gb = entry.gb;
  if (entry.at !== session.machine) gb.restore(session.machine);
  entry.at = null;
  gb.runFrame(session.buttons);
  session.machine = gb.snapshot();
  entry.at = session.machine;
  session.frames++;
  session.score = scoreOf(session.machine);
  if (gb.cpu.locked) session.ended = "locked";
  else if (gameStateOf(session.machine) === STATE_OVER) session.ended = "over";
  else if (session.frames >= budget) session.ended = "time";
}
