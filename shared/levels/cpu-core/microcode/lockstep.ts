import type { MicroProgram } from "./compile.ts";

export interface TraceEntry { pc: number; opcode: number; a: number; f: number; b: number; c: number; d: number; e: number; h: number; l: number; sp: number; cycles: number; ime: boolean; writes: readonly [number, number][] }
export interface Divergence { instruction: number; opcode: number; family: string; fields: readonly string[]; reference: TraceEntry; player: TraceEntry; before: readonly TraceEntry[] }
export interface LockstepReport { instructions: number; frames: number; divergence?: Divergence; opcodeStatus: Uint8Array; cycleError: number }
export interface LockstepLimits { instructions?: number; frames?: number; inputs?: readonly { frame: number; mask: number }[] }

/** Work in progress. */
export function runLockstep(rom: Uint8Array, program: MicroProgram, provided: ReadonlySet<string>, limits: LockstepLimits): LockstepReport {
  void rom; void program; void provided; void limits;
  return { instructions: 0, frames: 0, opcodeStatus: new Uint8Array(512), cycleError: 0 };
}
