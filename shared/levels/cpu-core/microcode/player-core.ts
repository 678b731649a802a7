import type { GameBoy } from "../machine.ts";
import type { MicroProgram } from "./compile.ts";

/** Work in progress: lands with the compiler. */
export function createPlayerGameBoy(rom: Uint8Array, program: MicroProgram, provided: ReadonlySet<string>): GameBoy {
  void rom; void program; void provided;
  throw new Error("createPlayerGameBoy: not written yet");
}
