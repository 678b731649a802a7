/**
 * boot-kernel as a level: readable plain state, typed refusals that change nothing, build errors that point at the
 * guilty block and line without ending the run, boots that record what the board draws (screen, serial, fault log,
 * IDT, stack) and a verdict tagged with the misconception.
 */
import { describe, expect, it } from "vitest";
import { act, advance, startRun } from "../../../shared/engine/run.ts";
import { LEVELS } from "../../../shared/levels/index.ts";
import type { KernelState } from "../../../shared/levels/boot-kernel/index.ts";

const level = LEVELS.get("boot-kernel")!;
const state = (run: { state: unknown }) => run.state as KernelState;

describe("boot-kernel level", () => {
  it("starts each stage from its handed-over kernel, as plain named data that structuredClone copies", { timeout: 10_000 }, () => {
    const s = level.init(1, 1) as KernelState;
    expect(s).toMatchObject({ tick: 0, stage: 1, optLevel: 0, lastBuild: null, lastBoot: null, builds: 0, faults: 0, phase: "playing" });
    expect(s.blocks[0]).toEqual({ kind: "multiboot", flags: 3, checksum: 0xe4524ffe });
    expect(s.linkerScript).toContain(".multiboot BLOCK(4K)");
    expect(structuredClone(s)).toEqual(s);
    expect(level.stages).toHaveLength(8);
  });

  it("only boot is heavy (the server runs it on a worker)", { timeout: 10_000 }, () => {
    expect(level.heavy!({ type: "boot" })).toBe(true);
    expect(level.heavy!({ type: "opt", level: 1 })).toBe(false);
  });

  it("a refused edit (locked structure, locked opt-level, bad value) leaves the state and its hash unchanged", { timeout: 10_000 }, () => {
    const run = startRun(level, 5, 1);
    const before = level.hash(run.state);
    for (const a of [{ type: "add", at: 0, block: { kind: "sti" } }, { type: "opt", level: 0 }, { type: "set", block: 4, param: "row", value: 25 }]) {
      const r = act(run, a);
      expect(r.ok).toBe(false);
    }
    expect(level.hash(run.state)).toBe(before);
  });

  it("a typo in an assembly block is a build error pointing at that block and line; the run goes on", { timeout: 20_000 }, () => {
    const run = startRun(level, 3, 1);
    expect(act(run, { type: "add", at: 3, block: { kind: "asm", text: "nop\nmvo eax, 1" } }).ok).toBe(true);
    const r = act(run, { type: "boot" });
    expect(r.ok && r.value.events[0]).toMatchObject({ kind: "build-failed", sound: "reject" });
    const s = state(run);
    expect(s.lastBuild?.ok).toBe(false);
    expect(s.lastBuild?.errors[0]).toMatchObject({ code: "E_ASM", block: 3, blockLine: 2, line: expect.any(Number) });
    expect(s.lastBuild?.errors[0]?.message).toMatch(/unknown instruction 'mvo'/);
    expect(s.lastBoot).toBeNull();
    expect(s.builds).toBe(1);
    expect(level.status(run.state).phase).toBe("playing");
  });

  it("a boot records the screen, serial, IDT, stack and the verdict with its misconception", { timeout: 20_000 }, () => {
    const run = startRun(level, 7, 1);
    const r = act(run, { type: "boot" });
    expect(r.ok && r.value.events[0]).toMatchObject({ kind: "boot", misconception: "triple fault" });
    const boot = state(run).lastBoot!;
    expect(boot.vga).toHaveLength(25);
    expect(boot.vga[0]!.trimEnd()).toBe("Kernel loaded.");
    expect(boot.attributes[0]!.slice(0, 2)).toBe("07");
    expect(boot.resets).toBeGreaterThan(0);
    expect(boot.faults.some((l) => l.startsWith("check_exception old: 0x0 new 0xd"))).toBe(true);
    expect(boot.exceptions.slice(0, 2)).toEqual([0, 8]);
    expect(boot.verdict).toMatchObject({ met: false, misconception: "triple fault" });
    expect(state(run).faults).toBeGreaterThan(0);
    const build = state(run).lastBuild!;
    expect(build.map.find((m) => m.name === ".text")?.addr).toBe(0x100000);
    expect(build.sizes.bss).toBeGreaterThanOrEqual(16384);
    expect(JSON.stringify(run.state).length).toBeLessThan(40_000);
  });

  it("the stage-3 win measures the stack: ESP back at stack_top, inside the kernel's own .bss", { timeout: 20_000 }, () => {
    const run = startRun(level, 3, 1);
    act(run, { type: "add", at: 2, block: { kind: "stack", size: 8192 } });
    act(run, { type: "set", block: 1, param: "stack", value: "stack_top" });
    advance(run);
    act(run, { type: "boot" });
    const s = state(run);
    const top = s.lastBuild!.symbols.find((x) => x.name === "stack_top")!.addr;
    expect(s.lastBoot!.esp).toBe(top);
    expect(level.status(run.state)).toMatchObject({ phase: "won" });
    expect(level.metrics(run.state)).toMatchObject({ builds: 1, faults: 0, instructions: expect.any(Number) });
    expect(level.metrics(run.state).instructions).toBeGreaterThan(100);
    expect(act(run, { type: "boot" }).ok).toBe(false);
  });
});
