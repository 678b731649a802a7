import { FAMILY_OF_OPCODE } from "./families.ts";

export interface MicroError { code: string; message: string; line: number; column: number }

/** A compiled set of families: opaque to the level. */
export interface MicroProgram {
  readonly families: readonly string[];
  /** Opcode (0-511, 512 = interrupt dispatch) → handler, or null when no compiled family covers it. */
  readonly handlers: readonly (Handler | null)[];
}

export type Handler = (cpu: never) => void;

/** Work in progress: the compiler lands in the next commit. */
export function compileMicrocode(sources: Readonly<Record<string, string>>): { program?: MicroProgram; errors: (MicroError & { family: string })[] } {
  void sources; void FAMILY_OF_OPCODE;
  return { errors: [{ family: "", code: "microcode.unavailable", message: "the compiler is not written yet", line: 1, column: 1 }] };
}
