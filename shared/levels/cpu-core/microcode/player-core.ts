/**
 * The player's CPU: the reference Cpu's public shape (registers, step, snapshot, restore, cycles, halted...) with
 * every opcode run by a compiled microcode handler. What is not an instruction is the reference Cpu's own step
 * prologue and fetch: waking from HALT (one M-cycle), deciding to dispatch an interrupt (IME and a pending
 * interrupt; the dispatch itself is the `interrupt-dispatch` family), EI's one-instruction delay, the opcode fetch
 * (which the HALT bug repeats). This file adds locking up on an illegal opcode or one no family covers.
 */
import { Cpu, POST_BOOT, type Bus, type CpuState } from "../cpu.ts";
import { GameBoy } from "../machine.ts";
import { compileMicrocode, DISPATCH_INDEX, type Core, type Handler, type MicroProgram } from "./compile.ts";
import { FAMILY_OF_OPCODE } from "./families.ts";
import { REFERENCE_MICROCODE } from "./reference/index.ts";

/** An illegal opcode, or one whose family is neither provided nor written: the CPU hangs on it. */
const lockUp: Handler = (c) => { c.locked = true; c.pc = (c.pc - 1) & 0xffff; };
const lockUpCb: Handler = (c) => { c.locked = true; c.pc = (c.pc - 2) & 0xffff; };

export class MicroCpu extends Cpu implements Core {
  table: readonly Handler[];

  constructor(bus: Bus, table: readonly Handler[], state: Readonly<CpuState> = POST_BOOT) {
    super(bus, state);
    this.table = table;
  }

  /** The reference core's prologue and fetch (cpu.ts), then the opcode's handler. */
  override step(): void {
    if (this.beginStep()) this.table[this.fetchOpcode()]!(this);
  }

  /** The `interrupt-dispatch` family. */
  protected override dispatch(): void {
    this.table[DISPATCH_INDEX]!(this);
  }
}

let reference: MicroProgram | undefined;

/** The game's own microcode, compiled once. */
export function referenceProgram(): MicroProgram {
  if (!reference) {
    const { program, errors } = compileMicrocode(REFERENCE_MICROCODE);
    if (!program) throw new Error(`reference microcode: ${errors.map((e) => `${e.family} ${e.line}:${e.column} ${e.message}`).join("; ")}`);
    reference = program;
  }
  return reference;
}

/**
 * The handler table for a core: families in `provided` run the reference microcode, the rest the player's
 * program; an opcode covered by neither locks the CPU up when executed.
 */
export function handlerTable(program: MicroProgram, provided: ReadonlySet<string>): Handler[] {
  const ref = provided.size ? referenceProgram() : undefined;
  const table = new Array<Handler>(DISPATCH_INDEX + 1);
  for (let op = 0; op <= DISPATCH_INDEX; op++) {
    const family = op === DISPATCH_INDEX ? "interrupt-dispatch" : FAMILY_OF_OPCODE[op]!;
    const chosen = family && ref && provided.has(family) ? ref.handlers[op] : program.handlers[op];
    table[op] = chosen ?? (op >= 0x100 && op < DISPATCH_INDEX ? lockUpCb : lockUp);
  }
  return table;
}

/** A whole Game Boy whose CPU is the player's microcode (and the reference for the `provided` families). */
export function createPlayerGameBoy(rom: Uint8Array, program: MicroProgram, provided: ReadonlySet<string>): GameBoy {
  const table = handlerTable(program, provided);
  return new GameBoy(rom, (bus) => new MicroCpu(bus, table));
}
