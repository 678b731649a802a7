/**
 * Incremental compilation: a family is compiled once per distinct text, so an edit recompiles only the family it
 * changed and every replica of a board reuses what the server (or another board) already compiled — with the same
 * handlers, the same errors and the same test results as a full compile.
 */
import { describe, expect, it } from "vitest";
import { familyCompileCount } from "../../../shared/levels/cpu-core/microcode/compile.ts";
import { compileMicrocode, REFERENCE_MICROCODE, runOpcodeTests, type MicroProgram } from "../../../shared/levels/cpu-core/microcode/index.ts";
import { initCpuCore, stepCpuCore } from "../../../shared/levels/cpu-core/level-state.ts";

const none = new Set<string>();
let fresh = 0;
/** The reference core with a comment no other test writes, so its families start uncompiled in this thread. */
function uniqueCore(): Record<string, string> {
  const tag = `# cache test ${fresh++}\n`;
  return Object.fromEntries(Object.entries(REFERENCE_MICROCODE).map(([id, text]) => [id, text + tag]));
}

/** Family compilations `run` caused. */
function compilesDuring(run: () => void): number {
  const before = familyCompileCount();
  run();
  return familyCompileCount() - before;
}

describe("microcode compile cache", () => {
  it("compiles each family once: the same sources again reuse every handler", { timeout: 20_000 }, () => {
    const core = uniqueCore();
    let first: MicroProgram | undefined, second: MicroProgram | undefined;
    expect(compilesDuring(() => { first = compileMicrocode(core).program!; })).toBe(Object.keys(core).length);
    expect(compilesDuring(() => { second = compileMicrocode({ ...core }).program!; })).toBe(0);
    expect(second!.handlers).toEqual(first!.handlers);
    expect(second!.handlers.every((h, op) => h === first!.handlers[op])).toBe(true);
  });

  it("a changed family recompiles alone, and the program runs it as changed", { timeout: 20_000 }, () => {
    const core = uniqueCore();
    const before = compileMicrocode(core).program!;
    const broken = { ...core, "and-a-r": core["and-a-r"]!.replace("A = A & v", "A = A & r[z]") };
    let after: MicroProgram | undefined;
    expect(compilesDuring(() => { after = compileMicrocode(broken).program!; })).toBe(1);
    const changed = new Set([...Array(0x100).keys()].filter((z) => z >= 0xa0 && z <= 0xa7));
    expect(after!.handlers.every((h, op) => changed.has(op) ? h !== before.handlers[op] : h === before.handlers[op])).toBe(true);
    // the extra (HL) read of the changed family fails its (HL) opcode; the reused ones still pass
    const s = runOpcodeTests(after!, none, [0xa0, 0xa6, 0x80, 0x86]);
    expect([s[0xa0], s[0xa6], s[0x80], s[0x86]]).toEqual([1, 2, 1, 1]);
  });

  it("errors come back the same from the cache, each with its own family", { timeout: 20_000 }, () => {
    const bad = `family scf matches 00 110 111\n  Z = 0\n  A = foo # ${fresh++}\n`;
    compileMicrocode(REFERENCE_MICROCODE);
    const first = compileMicrocode({ scf: bad }).errors;
    let again: typeof first = [];
    expect(compilesDuring(() => { again = compileMicrocode({ ...REFERENCE_MICROCODE, scf: bad }).errors; })).toBe(0);
    expect(first.map((e) => `${e.family} ${e.line}:${e.column} ${e.code} ${e.message}`)).toEqual([
      "scf 2:3 microcode.unknown-name Z is not a name: the flags are ZF NF HF CF",
      "scf 3:7 microcode.unknown-name unknown name \"foo\"",
    ]);
    expect(again).toEqual(first);
  });

  it("a board and its replica receiving a whole core as 75 patches compile each family once between them", { timeout: 30_000 }, () => {
    const core = uniqueCore();
    const server = initCpuCore(7, 1), replica = initCpuCore(7, 1);
    const families = Object.keys(server.sources);
    const carry = (board: typeof server) => {
      for (const family of families) stepCpuCore(board, { type: "patch", family, at: 0, remove: 0, insert: core[family]! });
    };
    expect(compilesDuring(() => carry(server))).toBe(families.length);
    expect(compilesDuring(() => carry(replica))).toBe(0);
    expect(families).toHaveLength(75);
    expect(server.errors).toEqual([]);
    expect(replica).toEqual(server);
  });
});
