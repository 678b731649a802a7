/**
 * Reads the level's KernelState (shared/levels/boot-kernel/index.ts) into the board's model (model.ts): the edit
 * rules of the stage, build problems sorted by where they point (a block, a linker-script line, a line of the
 * generated source), the last boot's views (attribute hex strings to bytes, register record to a list, fault log
 * headlines without QEMU's register dumps) and the memory layout from the link map and the stack symbols.
 */
import { bootKernel, type KernelState } from "../../../shared/levels/boot-kernel/index.ts";
import type { BuildError, BootView, BuildSummary } from "../../../shared/levels/boot-kernel/boot.ts";
import type { PicView } from "../../../shared/levels/boot-kernel/pic.ts";
import type { PitView } from "../../../shared/levels/boot-kernel/pit.ts";
import { REGISTER_NAMES } from "../../../shared/levels/boot-kernel/registers.ts";
import { STAGE_SETUPS } from "../../../shared/levels/boot-kernel/stages.ts";
import type { BoardModel, BootSnapshot, BuildProblem, MemoryRegion } from "./model.ts";

/** A build error pointing into the linker script (its parser, or ENTRY's symbol) rather than the generated source. */
function scriptError(e: BuildError): boolean {
  return e.code.startsWith("E_LD_SCRIPT") || e.code === "E_LD_ENTRY" || e.message.startsWith("linker script:");
}

export function problemsOf(build: BuildSummary | null): BuildProblem[] {
  if (!build) return [];
  return build.errors.map((e): BuildProblem => {
    if (scriptError(e)) return { code: e.code, message: e.message.replace(/^linker script:\d+:\d+: /, ""), where: "script", ...(e.line !== undefined ? { line: e.line } : {}) };
    if (e.block !== undefined) {
      return { code: e.code, message: e.message, block: e.block, where: e.line !== undefined ? "source" : "block",
        ...(e.line !== undefined ? { line: e.line } : {}), ...(e.blockLine !== undefined ? { blockLine: e.blockLine } : {}) };
    }
    return { code: e.code, message: e.message, where: "link" };
  });
}

const SECTION_KIND: Record<string, MemoryRegion["kind"]> = { ".multiboot": "header", ".text": "text", ".rodata": "rodata", ".data": "data", ".bss": "bss" };

export function regionsOf(build: BuildSummary | null): MemoryRegion[] {
  if (!build) return [];
  const regions: MemoryRegion[] = build.map.filter((s) => s.size > 0).map((s) => ({
    name: s.name, addr: s.addr, size: s.size, kind: SECTION_KIND[s.name] ?? "other",
    ...(s.name === ".text" && build.symbols.some((y) => y.name === "multiboot_header" && y.addr === s.addr) ? { note: "header first" } : {}),
  }));
  const header = build.symbols.find((y) => y.name === "multiboot_header");
  if (header && !regions.some((r) => r.name === ".multiboot")) regions.push({ name: "Multiboot header", addr: header.addr, size: 12, kind: "header" });
  const bottom = build.symbols.find((y) => y.name === "stack_bottom")?.addr;
  const top = build.symbols.find((y) => y.name === "stack_top")?.addr;
  if (bottom !== undefined && top !== undefined && top > bottom) regions.push({ name: "stack", addr: bottom, size: top - bottom, kind: "bss", note: "↓ grows down" });
  return regions;
}

/** QEMU's fault log without its register dumps: the lines a player compares with `-d int`. */
export function faultHeadlines(lines: readonly string[]): string[] {
  return lines.filter((l) => /^(check_exception|\s*\d+: v=|Servicing hardware|Triple fault|CPU Reset)/.test(l));
}

function attributesOf(rows: readonly string[]): number[] {
  const out: number[] = [];
  for (let row = 0; row < 25; row++) {
    const hex = rows[row] ?? "";
    for (let col = 0; col < 80; col++) {
      const v = parseInt(hex.slice(col * 2, col * 2 + 2), 16);
      out.push(Number.isNaN(v) ? 0x07 : v);
    }
  }
  return out;
}

export function bootOf(boot: BootView | null, build: BuildSummary | null): BootSnapshot | null {
  if (!boot) return null;
  const regs = boot.registers;
  const has = Object.keys(regs).length > 0;
  const bottom = build?.symbols.find((y) => y.name === "stack_bottom")?.addr;
  const top = build?.symbols.find((y) => y.name === "stack_top")?.addr;
  const extra = boot as BootView & { cursor?: { row: number; column: number; visible: boolean } };
  return {
    loaderError: boot.loaderError,
    lines: boot.vga,
    attributes: attributesOf(boot.attributes),
    cursor: extra.cursor ?? null,
    serial: boot.serial,
    registers: has ? { general: REGISTER_NAMES.map((name) => ({ name, value: (regs[name] ?? 0) >>> 0 })), eip: (regs.EIP ?? 0) >>> 0, eflags: (regs.EFLAGS ?? 0) >>> 0 } : null,
    idt: boot.idt.map((g) => ({ vector: g.vector, selector: g.selector, offset: g.handler, type: g.type, present: g.present })),
    pic: Array.isArray(boot.pic) ? (boot.pic as PicView[]) : [],
    pit: (boot.pit as PitView | null) ?? null,
    faults: faultHeadlines(boot.faults),
    faultCount: boot.faultCount,
    resets: boot.resets,
    status: boot.stop,
    instructions: boot.instructions,
    regions: regionsOf(build),
    stack: bottom !== undefined && top !== undefined && top > bottom && !boot.loaderError ? { bottom, top, esp: boot.esp } : null,
  };
}

export function readModel(raw: unknown): BoardModel {
  const s = raw as KernelState;
  const setup = STAGE_SETUPS[Math.min(Math.max(s.stage, 1), STAGE_SETUPS.length) - 1]!;
  const build = s.lastBuild;
  const verdict = s.phase === "won" ? s.endText
    : build && !build.ok ? `Build failed: ${build.errors[0]?.message ?? "unknown error"}`
    : s.lastBoot?.verdict?.text ?? "";
  return {
    stage: s.stage, blocks: s.blocks, linkerScript: s.linkerScript, optLevel: s.optLevel, structure: setup.structure, optLocked: setup.optLocked,
    problems: problemsOf(build), deleted: build?.deleted ?? 0, sizes: build?.ok ? build.sizes : null, layout: regionsOf(build),
    boot: bootOf(s.lastBoot, build), boots: s.builds, phase: s.phase, verdict, metrics: bootKernel.metrics(s),
  };
}
