/**
 * Lockstep: the reference GameBoy and the player's GameBoy run the same ROM with the same inputs, frame by frame;
 * every instruction each CPU executes is recorded (registers, F, SP, PC, IME, cycle count, and the memory writes it
 * made), and the two records are compared entry by entry. The first difference is reported with both entries, the
 * fields that differ, the entries before it, the opcode and its family. Each machine runs its own `runFrame`, so
 * the frame and HALT skipping behave exactly as in play.
 */
import { keysAt } from "../input-script.ts";
import { GameBoy } from "../machine.ts";
import type { MicroProgram } from "./compile.ts";
import { DISPATCH_FAMILY, FAMILY_OF_OPCODE } from "./families.ts";
import { OPCODE_STATUS } from "./opcode-tests.ts";
import { createPlayerGameBoy } from "./player-core.ts";

export interface TraceEntry {
  /** PC after the instruction (`at` is where it started). */
  pc: number; opcode: number; a: number; f: number; b: number; c: number; d: number; e: number; h: number; l: number;
  sp: number; cycles: number; ime: boolean; writes: readonly [number, number][];
  /** Address of the instruction. */
  at: number;
}
export interface Divergence {
  /** 0-based index of the diverging instruction. */
  instruction: number; opcode: number; family: string; fields: readonly string[];
  reference: TraceEntry; player: TraceEntry; before: readonly TraceEntry[];
}
export interface LockstepReport { instructions: number; frames: number; divergence?: Divergence; opcodeStatus: Uint8Array; cycleError: number }
export interface LockstepLimits { instructions?: number; frames?: number; inputs?: readonly { frame: number; mask: number }[] }

/** The opcode a TraceEntry shows for an interrupt dispatch, and for a step that fetched nothing. */
export const DISPATCH_OPCODE = 512;
export const NO_OPCODE = -1;

/** Frames run when neither limit is given, and at most when only `instructions` is. */
const DEFAULT_FRAMES = 60, MAX_FRAMES = 36_000;
const BEFORE = 8;

// Flat record layout: one stride per instruction.
const AT = 0, OP = 1, A = 2, F = 3, B = 4, C = 5, D = 6, E = 7, H = 8, L = 9, SP = 10, PC = 11, CYC = 12, IME = 13, W0 = 14, W1 = 15, STRIDE = 16;
const FIELD_NAMES: readonly [number, string][] = [[A, "A"], [F, "F"], [B, "B"], [C, "C"], [D, "D"], [E, "E"], [H, "H"], [L, "L"], [SP, "SP"], [PC, "PC"], [CYC, "cycles"], [IME, "IME"]];

/** Records every instruction a GameBoy's CPU runs during one frame. */
class Recorder {
  rec: number[] = [];
  writes: number[] = [];
  prevRec: number[] = [];
  prevWrites: number[] = [];
  private reads = 0;
  private first = 0;
  private second = 0;

  constructor(gb: GameBoy) {
    const cpu = gb.cpu, bus = gb.bus;
    const read = bus.read.bind(bus), write = bus.write.bind(bus), step = cpu.step.bind(cpu);
    bus.read = (address) => {
      const v = read(address);
      if (this.reads === 0) this.first = v;
      else if (this.reads === 1) this.second = v;
      this.reads++;
      return v;
    };
    bus.write = (address, value) => { this.writes.push(address, value); write(address, value); };
    cpu.step = () => {
      const at = cpu.pc;
      const dispatch = cpu.ime && !cpu.locked && !cpu.stopped && bus.pendingInterrupts() !== 0;
      const w0 = this.writes.length;
      this.reads = 0;
      step();
      const op = dispatch ? DISPATCH_OPCODE : this.reads === 0 ? NO_OPCODE : this.first === 0xcb && this.reads > 1 ? 0x100 | this.second : this.first;
      this.rec.push(at, op, cpu.a, cpu.f, cpu.b, cpu.c, cpu.d, cpu.e, cpu.h, cpu.l, cpu.sp, cpu.pc, cpu.cycles, cpu.ime ? 1 : 0, w0, this.writes.length);
    };
  }

  nextFrame(): void {
    this.prevRec = this.rec; this.prevWrites = this.writes;
    this.rec = []; this.writes = [];
  }

  entry(i: number, previous = false): TraceEntry {
    const r = previous ? this.prevRec : this.rec, w = previous ? this.prevWrites : this.writes;
    const o = i * STRIDE;
    const writes: [number, number][] = [];
    for (let k = r[o + W0]!; k < r[o + W1]!; k += 2) writes.push([w[k]!, w[k + 1]!]);
    return {
      at: r[o + AT]!, opcode: r[o + OP]!, a: r[o + A]!, f: r[o + F]!, b: r[o + B]!, c: r[o + C]!, d: r[o + D]!, e: r[o + E]!,
      h: r[o + H]!, l: r[o + L]!, sp: r[o + SP]!, pc: r[o + PC]!, cycles: r[o + CYC]!, ime: r[o + IME] === 1, writes,
    };
  }

  /** The up to `n` entries before entry i of this frame, reaching into the previous frame. */
  before(i: number, n: number): TraceEntry[] {
    const out: TraceEntry[] = [];
    for (let k = i - 1; k >= 0 && out.length < n; k--) out.unshift(this.entry(k));
    for (let k = this.prevRec.length / STRIDE - 1; k >= 0 && out.length < n; k--) out.unshift(this.entry(k, true));
    return out;
  }
}

/** Field names that differ between entry i of the two recorders (empty when equal). */
function differences(ref: Recorder, pl: Recorder, i: number): string[] {
  const r = ref.rec, p = pl.rec, o = i * STRIDE;
  const out: string[] = [];
  for (const [k, name] of FIELD_NAMES) if (r[o + k] !== p[o + k]) out.push(name);
  const rn = r[o + W1]! - r[o + W0]!, pn = p[o + W1]! - p[o + W0]!;
  let same = rn === pn;
  for (let k = 0; same && k < rn; k++) same = ref.writes[r[o + W0]! + k] === pl.writes[p[o + W0]! + k];
  if (!same) out.push("writes");
  return out;
}

export function runLockstep(rom: Uint8Array, program: MicroProgram, provided: ReadonlySet<string>, limits: LockstepLimits): LockstepReport {
  const maxInstructions = limits.instructions ?? Infinity;
  const maxFrames = Math.min(limits.frames ?? (limits.instructions === undefined ? DEFAULT_FRAMES : MAX_FRAMES), MAX_FRAMES);
  const inputs = limits.inputs ?? [];
  const ref = new GameBoy(rom), player = createPlayerGameBoy(rom, program, provided);
  const refRec = new Recorder(ref), plRec = new Recorder(player);
  const status = new Uint8Array(512);
  let done = 0, frames = 0;
  while (frames < maxFrames && done < maxInstructions) {
    const keys = keysAt(inputs, frames);
    ref.runFrame(keys);
    player.runFrame(keys);
    const rn = refRec.rec.length / STRIDE, pn = plRec.rec.length / STRIDE;
    const n = Math.min(rn, pn, maxInstructions - done);
    for (let i = 0; i < n; i++) {
      const op = refRec.rec[i * STRIDE + OP]!;
      const fields = differences(refRec, plRec, i);
      if (fields.length) return diverged(i, op, fields);
      if (op >= 0 && op < 512 && status[op] === OPCODE_STATUS.untested) status[op] = OPCODE_STATUS.passing;
    }
    if (n < Math.min(rn, maxInstructions - done) || (n === pn && rn !== pn && done + n < maxInstructions)) {
      // Equal so far, but one machine ran more instructions in this frame than the other.
      return diverged(n, n < rn ? refRec.rec[n * STRIDE + OP]! : NO_OPCODE, ["instruction count"]);
    }
    done += n;
    frames++;
    refRec.nextFrame();
    plRec.nextFrame();
  }
  return { instructions: done, frames, opcodeStatus: status, cycleError: 0 };

  function diverged(i: number, op: number, fields: string[]): LockstepReport {
    const reference = i < refRec.rec.length / STRIDE ? refRec.entry(i) : missing();
    const player = i < plRec.rec.length / STRIDE ? plRec.entry(i) : missing();
    if (op >= 0 && op < 512) status[op] = OPCODE_STATUS.failing;
    const family = op === DISPATCH_OPCODE ? DISPATCH_FAMILY : op >= 0 ? FAMILY_OF_OPCODE[op]! : "";
    return {
      instructions: done + i, frames, opcodeStatus: status, cycleError: Math.abs(player.cycles - reference.cycles),
      divergence: { instruction: done + i, opcode: op, family, fields, reference, player, before: refRec.before(i, BEFORE) },
    };
  }
}

function missing(): TraceEntry {
  return { at: -1, opcode: NO_OPCODE, a: 0, f: 0, b: 0, c: 0, d: 0, e: 0, h: 0, l: 0, sp: 0, pc: 0, cycles: 0, ime: false, writes: [] };
}
