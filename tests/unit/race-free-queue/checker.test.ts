import { describe, expect, it } from "vitest";
import { compileSource, type Compiled } from "../../../shared/levels/race-free-queue/compile.ts";
import { check, replayActions } from "../../../shared/levels/race-free-queue/checker.ts";
import { spscRing } from "../../../shared/levels/race-free-queue/programs.ts";

function compiled(src: string): Compiled {
  const r = compileSource(src);
  if (!r.ok) throw new Error(`${r.error.message} at line ${r.error.span.line}`);
  return r.program;
}

function caught(src: string, opts = {}) {
  const prog = compiled(src);
  const r = check(prog, opts);
  expect(r.verdict).toBe("counterexample");
  const cx = r.counterexample!;
  // The counterexample replays: the same actions reach the same violation.
  const replay = replayActions(prog, cx.actions);
  expect(replay.ok).toBe(true);
  if (replay.ok) {
    expect(replay.machine.violation?.property).toBe(cx.property);
    expect(replay.machine.violation?.message).toBe(cx.message);
  }
  expect(cx.trace.length).toBe(cx.actions.length);
  return cx;
}

describe("checker: the SPSC ring", () => {
  it("certifies the correct ring (capacity 2, 3 messages, 2 preemptions)", () => {
    const r = check(compiled(spscRing({ capacity: 2, messages: 3 })), { preemptions: 2 });
    expect(r.verdict).toBe("verified");
    expect(r.summary).toMatch(/^verified within bounds \(\d+ executions\)$/);
    expect(r.executions).toBeGreaterThan(50);
  });

  it("certifies it with every interleaving too (no preemption bound)", () => {
    expect(check(compiled(spscRing({ capacity: 2, messages: 3 })), { preemptions: Infinity }).verdict).toBe("verified");
  });

  it("catches the relaxed publish: a data race on the slot, with the guilty lines", () => {
    const cx = caught(spscRing({ capacity: 2, messages: 3, orderings: { publish: "Relaxed" } }));
    expect(cx.property).toBe("data-race");
    expect(cx.misconception).toBe("data race");
    expect(cx.message).toMatch(/data race on buf\[\d\]: consumer reads it/);
    expect(cx.trace.some((t) => /tail\.store\(\d, Relaxed\)/.test(t))).toBe(true);
  });

  it("catches a relaxed head release: the producer overwrites a slot the consumer may still be reading", () => {
    const cx = caught(spscRing({ capacity: 2, messages: 3, orderings: { release: "Relaxed" } }));
    expect(cx.property).toBe("data-race");
    expect(cx.message).toMatch(/producer writes it/);
  });

  it("catches an off-by-one full test: overwrite of an unread slot (a lost message)", () => {
    const cx = caught(spscRing({ capacity: 2, messages: 3, fullTest: "N + 1" }));
    expect(cx.property).toBe("overwrite");
    expect(cx.misconception).toBe("lost message");
  });

  it("catches a consumer that never waits: read of an unwritten slot", () => {
    const src = spscRing({ capacity: 2, messages: 2 }).replace("while tail.load(Ordering::Acquire) == h {", "if tail.load(Ordering::Acquire) == h + 100 {");
    const cx = caught(src);
    expect(["unwritten-slot", "data-race"]).toContain(cx.property);
  });

  it("catches a lost message: a consumer that stops early", () => {
    const src = spscRing({ capacity: 2, messages: 2 }).replace("while got < K {", "while got < K - 1 {");
    expect(caught(src).property).toBe("lost");
  });

  it("catches a missing wake-up as a progress violation", () => {
    const src = spscRing({ capacity: 2, messages: 2 }).replace("while got < K {", "while got < K + 1 {");
    const cx = caught(src);
    expect(cx.property).toBe("progress");
    expect(cx.message).toContain("consumer");
  });

  it("checks assertions and reports the assertion's text", () => {
    const cx = caught(`static X: AtomicUsize = AtomicUsize::new(0);
fn a() { X.store(1, Ordering::Relaxed); }
fn b() { let v = X.load(Ordering::Relaxed); assert!(v == 1, "b saw the store"); }`);
    expect(cx.property).toBe("assertion");
    expect(cx.message).toContain("b saw the store");
  });

  it("a duplicated message is caught when it is consumed the second time", () => {
    const cx = caught(`static X: AtomicUsize = AtomicUsize::new(0);
fn p() { produced!(7); X.store(7, Ordering::Release); }
fn c1() { let v = X.load(Ordering::Acquire); if v == 7 { consumed!(v); } }
fn c2() { let v = X.load(Ordering::Acquire); if v == 7 { consumed!(v); } }`);
    expect(cx.property).toBe("duplicate");
  });

  it("a replayed action that the model does not allow is refused", () => {
    const prog = compiled(spscRing({ capacity: 2, messages: 1 }));
    const r = replayActions(prog, [{ thread: 1, choice: 5 }]);
    expect(r.ok).toBe(false);
  });

  it("stops at the execution budget with verdict \"budget\"", () => {
    const r = check(compiled(spscRing({ capacity: 2, messages: 3 })), { preemptions: 2, maxExecutions: 10 });
    expect(r.verdict).toBe("budget");
    expect(r.executions).toBe(10);
  });
});
