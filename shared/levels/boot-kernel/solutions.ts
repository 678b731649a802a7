/**
 * Golden solutions (one action list per stage, from the stage's kernel to a win) and one broken kernel per failure
 * class. Both are data: the golden replays, the QEMU agreement test and `bma kernel build <stage>` start here.
 */
import type { KernelAction, KernelSource } from "./actions.ts";
import { applyEdit } from "./actions.ts";
import type { Block } from "./blocks.ts";
import { BANNER, GOOD_SCRIPT, LINKED_AT_ZERO_SCRIPT, STAGE_SETUPS, TASK_DONE } from "./stages.ts";

export const GOLDEN_ACTIONS: readonly (readonly KernelAction[])[] = [
  [{ type: "set", block: 0, param: "checksum", value: "auto" }, { type: "script", text: GOOD_SCRIPT }, { type: "boot" }],
  [{ type: "script", text: GOOD_SCRIPT }, { type: "boot" }],
  [{ type: "add", at: 2, block: { kind: "stack", size: 16384 } }, { type: "set", block: 1, param: "stack", value: "stack_top" }, { type: "boot" }],
  [{ type: "add", at: 5, block: { kind: "vga-text", text: "Hello, World!", row: 12, col: 0, fg: 14, bg: 1, blink: false, volatile: true } }, { type: "boot" }],
  [{ type: "set", block: 4, param: "volatile", value: true }, { type: "set", block: 5, param: "volatile", value: true }, { type: "boot" }],
  [
    { type: "add", at: 3, block: { kind: "serial-init" } },
    { type: "set", block: 6, param: "waitReady", value: true },
    { type: "add", at: 7, block: { kind: "panic", message: "kernel panic: kmain returned" } },
    { type: "boot" },
  ],
  [
    { type: "add", at: 3, block: { kind: "exception-handler", vector: 0, message: "EXCEPTION: DIVIDE ERROR" } },
    { type: "set", block: 7, param: "vectors", value: [0] },
    { type: "boot" },
  ],
  [
    { type: "set", block: 12, param: "vectors", value: [8, 0x20] },
    { type: "add", at: 13, block: { kind: "pic-remap", master: 0x20, slave: 0x28, masterMask: 0xfe, slaveMask: 0xff } },
    { type: "set", block: 15, param: "eoi", value: true },
    { type: "boot" },
  ],
];

/** The kernel a stage's golden actions leave (edits applied, boots skipped). */
export function goldenKernel(stage: number): KernelSource {
  const setup = STAGE_SETUPS[stage - 1]!;
  const k: KernelSource = { blocks: structuredClone(setup.blocks) as Block[], linkerScript: setup.linkerScript, optLevel: setup.optLevel };
  for (const a of GOLDEN_ACTIONS[stage - 1]!) {
    if (a.type === "boot") continue;
    const r = applyEdit(k, a, { structure: true, optLocked: false });
    if (!r.ok) throw new Error(`golden action for stage ${stage} refused: ${r.error.message}`);
  }
  return k;
}

export interface BrokenKernel {
  readonly name: string;
  readonly misconception: string;
  readonly kernel: KernelSource;
}

const stageKernel = (stage: number): KernelSource => {
  const s = STAGE_SETUPS[stage - 1]!;
  return { blocks: structuredClone(s.blocks) as Block[], linkerScript: s.linkerScript, optLevel: s.optLevel };
};

/** One kernel per failure class, each failing the way it fails in QEMU. */
export function brokenKernels(): BrokenKernel[] {
  const withoutHeader = goldenKernel(1);
  withoutHeader.blocks = withoutHeader.blocks.filter((b) => b.kind !== "multiboot");
  const badChecksum = goldenKernel(1);
  badChecksum.blocks[0] = { kind: "multiboot", flags: 3, checksum: 0xe4524ffe };
  const headerBeyond8K = stageKernel(1);
  headerBeyond8K.blocks[0] = { kind: "multiboot", flags: 3, checksum: "auto" };
  const linkedAtZero = goldenKernel(2);
  linkedAtZero.linkerScript = LINKED_AT_ZERO_SCRIPT;
  return [
    { name: "no multiboot header", misconception: "no multiboot header", kernel: withoutHeader },
    { name: "bad checksum", misconception: "bad checksum", kernel: badChecksum },
    { name: "header beyond 8 KiB", misconception: "no multiboot header", kernel: headerBeyond8K },
    { name: "linked at 0", misconception: "linked below 1 MiB", kernel: linkedAtZero },
    { name: "no stack", misconception: "missing stack", kernel: stageKernel(3) },
    { name: "non-volatile VGA at opt-level 1", misconception: "non-volatile MMIO", kernel: stageKernel(5) },
    { name: "no IDT entry: triple fault", misconception: "triple fault", kernel: stageKernel(7) },
    { name: "unremapped PIC", misconception: "unremapped PIC", kernel: { ...goldenKernel(8), blocks: goldenKernel(8).blocks.filter((b) => b.kind !== "pic-remap") } },
    { name: "missing EOI", misconception: "missing EOI", kernel: withoutEoi() },
  ];
}

function withoutEoi(): KernelSource {
  const k = goldenKernel(8);
  k.blocks = k.blocks.map((b) => (b.kind === "executor" ? { ...b, eoi: false } : b));
  return k;
}

export { BANNER, TASK_DONE };
