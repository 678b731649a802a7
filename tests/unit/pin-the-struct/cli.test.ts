/** bma pin check: the verdict on a program file as JSON, with exit codes 0 (ran clean), 1 (error or UB), 2 (usage). */
import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = join(import.meta.dirname, "../../..");
const dir = mkdtempSync(join(tmpdir(), "bma-pin-"));

function check(program: string, ...flags: string[]) {
  const file = join(dir, `p${Math.abs(program.length * 31 + flags.length)}-${program.charCodeAt(4)}.rs`);
  writeFileSync(file, program);
  const r = spawnSync(process.execPath, [join(ROOT, "bin/bma.mjs"), "pin", "check", file, ...flags], { encoding: "utf8" });
  return { status: r.status, json: JSON.parse(r.stdout) };
}

describe("bma pin check", () => {
  it("prints rustc's codes and spans for a program that does not compile (exit 1)", () => {
    const r = check('let a = SelfRef::new("hi");\nlet b = a;\nlet c = &a;\n', "--stage", "1");
    expect(r.status).toBe(1);
    expect(r.json).toMatchObject({ compiles: false, errors: [{ code: "E0382", message: "borrow of moved value: `a`", line: 3, col: 9 }] });
  });
  it("runs a program that compiles and reports the UB with the statement that caused it (exit 1)", () => {
    const r = check('let mut a = SelfRef::new("hi");\na.init_early();\nlet p = Box::pin(a);\nlet s = p.value();\n', "--stage", "2");
    expect(r.status).toBe(1);
    expect(r.json.run).toMatchObject({ outcome: "undefined behaviour", statement: 4, goalMet: false });
    expect(r.json.run.ub).toMatch(/^Undefined Behavior: dangling pointer dereference/);
    expect(r.json.run.memory.find((m: { label: string }) => m.label === "a")).toMatchObject({ size: 32, region: "stack", state: "moved" });
  });
  it("accepts a whole fn main and prints the final memory of a clean run (exit 0)", () => {
    const r = check('fn main() {\n    let mut p = Box::pin(SelfRef::new("hi"));\n    p.as_mut().init();\n    let s = p.value();\n}\n', "--stage", "1");
    expect(r.status).toBe(0);
    expect(r.json.run).toMatchObject({ outcome: "finished", goalMet: true, metrics: { unsafeBlocks: 0, heapAllocations: 2, statements: 3 } });
    expect(r.json.run.memory.find((m: { label: string }) => m.label === "Box<SelfRef>")).toMatchObject({ pinned: true, state: "freed" });
  });
  it("exits 2 on a bad stage", () => {
    const r = check("let a = 1;", "--stage", "99");
    expect(r.status).toBe(2);
    expect(r.json.error.code).toBe("E_USAGE");
  });
});
