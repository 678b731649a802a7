/**
 * boot-kernel as a level: the contract object the server, the board and the replay viewer share.
 *
 * The player edits a kernel made of blocks (blocks.ts) and a linker script, then boots it: the blocks become GNU as
 * source, the project's assembler and linker make a Multiboot ELF, and the i386 machine runs it for the stage's
 * instruction budget. A boot is one action (heavy: the server runs it on a worker); the clock only counts time.
 * Failed builds and failed boots do not end the run: they are recorded, tagged with a misconception, and counted.
 *
 * State (plain data, small: the machine itself is not kept, only what the board draws of its last run):
 *   tick, stage, seed
 *   blocks: Block[]                 the kernel, in order (step blocks run in this order inside kmain)
 *   linkerScript: string, optLevel: 0 | 1
 *   lastBuild: null | { ok, errors: [{code, message, block?, line?, column?}], deleted (stores the optimizer removed),
 *                       map: [{name, addr, size}] (output sections), symbols: [{name, addr}], sizes: {text, data, bss} }
 *   lastBoot: null | BootView (boot.ts): { loaderError, vga: 25 strings, attributes: 25 hex strings (2 digits a cell),
 *                       serial, cursor {row, column, visible}, faults (fault log lines, `qemu -d int` style), exceptions (vectors delivered), faultCount,
 *                       stop, registers, idt (present gates), pic, pit, resets, exitCode, instructions, esp, stackDepth,
 *                       haltedForever,
 *                       verdict: {met, text, misconception?} }
 *   builds, faults (exceptions + resets over all boots before the win), winInstructions
 *   phase, endText
 */
import { ok, type Result } from "../../engine/errors.ts";
import { hashState } from "../../engine/hash.ts";
import type { Level, LevelEvent, SoundCue, Status } from "../../engine/level.ts";
import { applyEdit, type KernelAction, parseKernelAction } from "./actions.ts";
import type { Block } from "./blocks.ts";
import { type BootView, type BuildSummary, buildAndBoot } from "./boot.ts";
import { STAGE_CHECKS, STAGE_SETUPS, STAGES } from "./stages.ts";

export interface KernelState {
  tick: number;
  stage: number;
  seed: number;
  blocks: Block[];
  linkerScript: string;
  optLevel: number;
  lastBuild: BuildSummary | null;
  lastBoot: BootView | null;
  builds: number;
  faults: number;
  winInstructions: number;
  phase: "playing" | "won";
  endText: string;
}

export interface KernelEvent extends LevelEvent {
  readonly kind: "edit" | "build-failed" | "boot" | "won";
  readonly misconception?: string;
}

function init(stage: number, seed: number): KernelState {
  const setup = STAGE_SETUPS[Math.min(Math.max(stage, 1), STAGE_SETUPS.length) - 1]!;
  return {
    tick: 0, stage, seed, blocks: structuredClone(setup.blocks) as Block[], linkerScript: setup.linkerScript, optLevel: setup.optLevel,
    lastBuild: null, lastBoot: null, builds: 0, faults: 0, winInstructions: 0, phase: "playing", endText: "",
  };
}

const event = (kind: KernelEvent["kind"], sound: SoundCue, text: string, misconception?: string): KernelEvent =>
  ({ kind, sound, text, ...(misconception ? { misconception } : {}) });

function step(state: KernelState, action: KernelAction): Result<KernelEvent[]> {
  const setup = STAGE_SETUPS[state.stage - 1]!;
  if (action.type !== "boot") {
    const draft = { blocks: state.blocks.slice(), linkerScript: state.linkerScript, optLevel: state.optLevel };
    const applied = applyEdit(draft, action, setup);
    if (!applied.ok) return applied;
    Object.assign(state, draft);
    return ok([event("edit", "place", applied.value)]);
  }
  state.builds++;
  const run = buildAndBoot(state, setup.budget);
  state.lastBuild = run.build;
  state.lastBoot = null;
  if (!run.boot || !run.report) {
    const first = run.build.errors[0];
    return ok([event("build-failed", "reject", first ? first.message : "The build failed.")]);
  }
  const gap = STAGE_CHECKS[state.stage - 1]!(run.report, state.blocks);
  run.boot.verdict = gap ? { met: false, text: gap.text, ...(gap.misconception ? { misconception: gap.misconception } : {}) } : { met: true, text: STAGES[state.stage - 1]!.victory };
  state.lastBoot = run.boot;
  if (gap) {
    state.faults += run.boot.faultCount + run.boot.resets;
    return ok([event("boot", "reject", gap.text, gap.misconception)]);
  }
  state.phase = "won";
  state.winInstructions = run.boot.instructions;
  state.endText = STAGES[state.stage - 1]!.victory;
  return ok([event("boot", "tick", "The kernel booted and met the goal."), event("won", "win", state.endText)]);
}

function tick(state: KernelState): KernelEvent[] {
  state.tick++;
  return [];
}

function status(state: KernelState): Status {
  return { phase: state.phase, text: state.endText };
}

function metrics(state: KernelState): Record<string, number> {
  const sizes = state.lastBuild?.sizes ?? { text: 0, data: 0, bss: 0 };
  return {
    instructions: state.winInstructions, textBytes: sizes.text, dataBytes: sizes.data, bssBytes: sizes.bss,
    faults: state.faults, builds: state.builds,
  };
}

export const bootKernel: Level<KernelState, KernelAction, KernelEvent> = {
  id: "boot-kernel",
  title: "boot your kernel",
  blurb: "Assemble a Multiboot kernel from blocks and boot it — in game and in QEMU.",
  built: true,
  version: 1,
  stages: STAGES,
  init,
  parse: parseKernelAction,
  step,
  heavy: (action) => action.type === "boot",
  tick,
  status,
  metrics,
  hash: hashState,
};
