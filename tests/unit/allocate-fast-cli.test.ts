/** `bma alloc`: a teacher's trace file and a design file in, the metrics as JSON out; typed errors with exit 2. */
import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = join(import.meta.dirname, "../..");
const dir = mkdtempSync(join(tmpdir(), "bma-alloc-"));

function bma(...args: string[]) {
  const r = spawnSync(process.execPath, [join(ROOT, "bin/bma.mjs"), "alloc", ...args], { encoding: "utf8" });
  return { status: r.status, stdout: r.stdout, json: () => JSON.parse(r.stdout) };
}

function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

describe("bma alloc run", () => {
  it("runs the buddy example from a trace file and a design file, printing hand-checkable metrics", () => {
    const trace = file("buddy.rep", "# the curriculum's buddy example\na 1 100 1\na 2 200 1\nf 1\n");
    const design = file("buddy.json", JSON.stringify({ kind: "buddy", min: 32, max: 1024, heap: 1024 }));
    const r = bma("run", "--trace", trace, "--allocator", design);
    expect(r.status).toBe(0);
    expect(r.json()).toMatchObject({ ok: true, operations: 3, metrics: { peakLive: 300, highWater: 1024, peakUtil: 293, internalFrag: 219, largestFree: 800 } });
  });
  it("exits 1 with the contract breach when the trace frees twice", () => {
    const r = bma("run", "--trace", file("double.rep", "a 1 16\nf 1\nf 1\n"), "--allocator", "malloc");
    expect(r.status).toBe(1);
    expect(r.json()).toMatchObject({ ok: false, failure: { code: "E_DOUBLE_FREE", op: 2, misconception: "double free" } });
  });
  it("exits 2 naming the line of a malformed trace, and the field of a malformed design", () => {
    const bad = bma("run", "--trace", file("bad.rep", "a 1 16\na 2 16 3\n"), "--allocator", "malloc");
    expect(bad.status).toBe(2);
    expect(bad.json().error.message).toContain("line 2: alignment 3 is not a power of two");
    const design = bma("run", "--trace", "workload:reference", "--allocator", file("d.json", '{"kind": "fit", "fit": "worst"}'));
    expect(design.status).toBe(2);
    expect(design.json().error).toMatchObject({ code: "E_BAD_DESIGN" });
  });
  it("bma alloc trace writes a workload that bma alloc run reads back", () => {
    const t = bma("trace", "packets", "--seed", "4");
    expect(t.status).toBe(0);
    expect(t.stdout).toMatch(/^# packets \(seed 4, scale 1\)/);
    expect(t.stdout).toContain("a 1 1500 64");
    const r = bma("run", "--trace", file("packets.rep", t.stdout), "--allocator", "slab");
    expect(r.json().failure.code).toBe("E_NO_PART");
  });
});
