import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { checkInWorker } from "../../../server/checker-worker.ts";
import { spscRing } from "../../../shared/levels/race-free-queue/programs.ts";

const ROOT = join(import.meta.dirname, "../../..");
const dir = mkdtempSync(join(tmpdir(), "bma-queue-"));

function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

function bma(...args: string[]) {
  const r = spawnSync(process.execPath, [join(ROOT, "bin/bma.mjs"), ...args], { encoding: "utf8" });
  return { status: r.status, json: JSON.parse(r.stdout) };
}

describe("bma queue check", () => {
  it("prints a verified verdict as JSON for the correct ring and exits 0", () => {
    const r = bma("queue", "check", file("ring.rs", spscRing({ capacity: 2, messages: 3, padded: true })));
    expect(r.status).toBe(0);
    expect(r.json).toMatchObject({ verdict: "verified", preemptions: 2 });
    expect(r.json.summary).toMatch(/^verified within bounds \(\d+ executions\)$/);
  });
  it("prints the counterexample of a relaxed publish and exits 1", () => {
    const r = bma("queue", "check", file("bad.rs", spscRing({ capacity: 2, messages: 3, orderings: { publish: "Relaxed" } })), "--preemptions", "1");
    expect(r.status).toBe(1);
    expect(r.json.verdict).toBe("counterexample");
    expect(r.json.counterexample.property).toBe("data-race");
    expect(r.json.counterexample.actions.length).toBeGreaterThan(3);
  });
  it("reports a compile error with file, line and column, exit 2", () => {
    const r = bma("queue", "check", file("broken.rs", "static X: AtomicUsize = AtomicUsize::new(0);\nfn t() { X.load(Ordering::Release); }\n"));
    expect(r.status).toBe(2);
    expect(r.json.error).toMatchObject({ code: "E_PARSE", line: 2 });
    expect(r.json.error.message).toContain("release load");
  });
  it("bma queue litmus: every row agrees with RC11", () => {
    const r = bma("queue", "litmus");
    expect(r.status).toBe(0);
    expect(r.json.agreeWithRc11).toBe(r.json.tests);
    expect(r.json.results.find((x: { name: string }) => x.name === "LB").note).toMatch(/Known limit/);
  });
});

describe("checker worker thread", () => {
  it("returns the verdict without blocking the caller's event loop", async () => {
    let ticks = 0;
    const timer = setInterval(() => ticks++, 5);
    const v = await checkInWorker(spscRing({ capacity: 2, messages: 4 }), { preemptions: Infinity, maxMs: 20_000 });
    clearInterval(timer);
    expect(v.ok && v.result.verdict).toBe("verified");
    // The search takes far longer than 5 ms; the interval kept firing while it ran.
    expect(ticks).toBeGreaterThan(2);
  });
  it("stops at its time budget with verdict \"budget\"", async () => {
    const v = await checkInWorker(spscRing({ capacity: 3, messages: 4 }), { preemptions: Infinity, maxMs: 50 });
    expect(v.ok && v.result.verdict).toBe("budget");
  });
  it("stops at its execution budget", async () => {
    const v = await checkInWorker(spscRing({ capacity: 2, messages: 3 }), { maxExecutions: 7 });
    expect(v.ok && v.result.executions).toBe(7);
  });
  it("returns a compile error instead of throwing", async () => {
    const v = await checkInWorker("fn t() { let a = ; }");
    expect(v.ok).toBe(false);
    expect(!v.ok && v.error.code).toBe("E_PARSE");
  });
});
