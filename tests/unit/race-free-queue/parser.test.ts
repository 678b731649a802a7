import { describe, expect, it } from "vitest";
import { compileSource } from "../../../shared/levels/race-free-queue/compile.ts";
import { parseProgram } from "../../../shared/levels/race-free-queue/parser.ts";
import { spscRing } from "../../../shared/levels/race-free-queue/programs.ts";

function error(src: string) {
  const r = compileSource(src);
  if (r.ok) throw new Error("expected an error");
  return r.error;
}

const HEADER = "static X: AtomicUsize = AtomicUsize::new(0);\n";

describe("thread language: parsing", () => {
  it("parses the SPSC ring into statics, constants and two threads with cache-line layout", () => {
    const r = compileSource(spscRing({ capacity: 2, messages: 3, padded: true }));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const p = r.program;
    expect(p.threads.map((t) => t.name)).toEqual(["producer", "consumer"]);
    expect(p.locNames).toEqual(["head", "tail"]);
    expect(p.cellNames).toEqual(["buf[0]", "buf[1]"]);
    expect(p.cellSlot).toEqual([true, true]);
    // CachePadded: head and tail on lines 0 and 1, the slots after them on line 2.
    expect(p.locLine).toEqual([0, 1]);
    expect(p.cellLine).toEqual([2, 2]);
    const unpadded = compileSource(spscRing({ capacity: 2, messages: 3 }));
    expect(unpadded.ok && unpadded.program.locLine).toEqual([0, 0]);
  });

  it("accepts the Rust spellings of orderings, fences, spin hints and CAS results", () => {
    const r = compileSource(`use std::sync::atomic::{AtomicUsize, Ordering};
static X: AtomicUsize = AtomicUsize::new(0);
fn t() {
  std::sync::atomic::fence(Ordering::SeqCst);
  std::hint::spin_loop();
  let r = X.compare_exchange_weak(0, 1, std::sync::atomic::Ordering::AcqRel, Ordering::Acquire);
  match r { Ok(_) => {} Err(cur) => { assert!(cur != 0); } }
  if X.compare_exchange(1, 2, Ordering::SeqCst, Ordering::Relaxed).is_err() { return; }
  let v = X.fetch_add(1, Ordering::Relaxed).wrapping_add(1);
  assert_eq!(v, 3, "fetch_add returns the old value");
}`);
    expect(r.ok).toBe(true);
  });

  it("reports a syntax error with its line and column", () => {
    const e = error(`${HEADER}fn t() {\n  let a = X.load(Ordering::Acquire)\n  let b = 1;\n}`);
    expect(e.code).toBe("E_PARSE");
    expect(e.message).toContain("expected `;`");
    expect(e.span).toMatchObject({ line: 4, col: 3 });
  });

  it("reports a lexing error at the offending character", () => {
    const e = error(`${HEADER}fn t() { let a = 1 @ 2; }`);
    expect(e.code).toBe("E_LEX");
    expect(e.span).toMatchObject({ line: 2, col: 20 });
  });

  it("refuses orderings Rust panics on, pointing at the call", () => {
    const load = error(`${HEADER}fn t() {\n  let a = X.load(Ordering::Release);\n}`);
    expect(load.message).toContain("no such thing as a release load");
    expect(load.span.line).toBe(3);
    expect(error(`${HEADER}fn t() { X.store(1, Ordering::Acquire); }`).message).toContain("acquire store");
    expect(error(`${HEADER}fn t() { let r = X.compare_exchange(0, 1, Ordering::SeqCst, Ordering::Release).is_ok(); }`).message).toContain("failure ordering");
  });

  it("refuses atomics used as plain data and plain data used as atomics", () => {
    expect(error(`${HEADER}fn t() { X = 1; }`).message).toContain("it is atomic");
    expect(error(`static mut D: usize = 0;\nfn t() { D.store(1, Ordering::Relaxed); }`).message).toContain("it is not atomic");
    expect(error(`static D: usize = 0;\nfn t() { }`).message).toContain("static mut");
  });

  it("refuses unknown names, break outside loops and unknown orderings", () => {
    expect(error(`${HEADER}fn t() { let a = b + 1; }`).message).toContain("cannot find value `b`");
    expect(error(`${HEADER}fn t() { break; }`).message).toContain("outside of a loop");
    const ord = error(`${HEADER}fn t() { let a = X.load(Ordering::Consume); }`);
    expect(ord.message).toContain("memory ordering");
    expect(ord.span.line).toBe(2);
  });

  it("never evaluates player text: a JavaScript payload is just a parse error", () => {
    const r = parseProgram(`fn t() { globalThis.process.exit(1); }`);
    expect(r.ok).toBe(false);
  });
});
