/** The pin-the-struct board's picture: what a player sees for a run, computed without Phaser. */
import { describe, expect, it } from "vitest";
import { act, startRun } from "../../../shared/engine/run.ts";
import { pinTheStruct, type PinState } from "../../../shared/levels/pin-the-struct/index.ts";
import { picture } from "../../../client/boards/pin-the-struct/picture.ts";

function played(stage: number, program: string, steps: number | "run") {
  const run = startRun(pinTheStruct, stage, 1);
  const r = act(run, { type: "submit", program });
  if (!r.ok) throw new Error(r.error.message);
  if (steps === "run") act(run, { type: "run" });
  else for (let i = 0; i < steps; i++) act(run, { type: "step" });
  return picture(run.state as PinState);
}

describe("pin-the-struct board picture", () => {
  it("after a move into Box::pin, the stale self-pointer is a dangling arrow into the ghost of the stack slot", () => {
    const p = played(2, 'let mut a = SelfRef::new("x");\na.init_early();\nlet p = Box::pin(a);', 3);
    const ghost = p.stack.find((b) => b.label === "a")!;
    expect(ghost).toMatchObject({ state: "ghost", size: 32 });
    expect(ghost.why).toMatch(/^moved → 0x6000/);
    const heapSelf = p.heap.find((b) => b.label === "Box<SelfRef>")!;
    expect(heapSelf.pinned).toBe(true);
    expect(heapSelf.fields.map((f) => [f.name, f.offset, f.size])).toEqual([["data", 0, 24], ["ptr", 24, 8], ["_pin", 32, 0]]);
    expect(heapSelf.fields[2]!.marker).toBe(true);
    const fromHeapPtr = p.arrows.find((a) => a.from.alloc === heapSelf.id && a.from.offset === 24)!;
    expect(fromHeapPtr).toMatchObject({ dangling: true, toAlloc: ghost.id, toOffset: 0 });
    // The String's buffer pointer survived the move: a live arrow into the heap.
    const buf = p.arrows.find((a) => a.from.alloc === heapSelf.id && a.from.offset === 0)!;
    expect(buf.dangling).toBe(false);
    expect(p.listing.map((l) => l.state)).toEqual(["done", "done", "done", "current"]);
  });
  it("shows the executor panel with each poll and the waker's address, and the listing finished", () => {
    const p = played(8, 'let waker = noop_waker();\nlet mut cx = Context::from_waker(&waker);\nlet mut f = pin!(Countdown::new("ab", 1));\nlet a = f.as_mut().poll(&mut cx);\nlet b = f.as_mut().poll(&mut cx);', "run");
    expect(p.executor!.polls.map((s) => s.replace(/0x[0-9a-f]+/, "ADDR"))).toEqual(["poll #1 at ADDR → Pending", "poll #2 at ADDR → Ready"]);
    expect(p.executor!.waker).toBe("0x" + p.stack.find((b) => b.label === "waker")!.addr.toString(16));
    expect(p.listing.every((l) => l.state === "done")).toBe(true);
  });
  it("marks the statement that caused UB and shows the report", () => {
    const p = played(4, 'let mut a = Three::new("abc");\na.init();\nlet b = a;\nlet f = b.read_field();', "run");
    expect(p.listing.map((l) => l.state)).toEqual(["done", "done", "done", "failed", "todo"]);
    expect(p.verdict).toMatch(/^Undefined Behavior: dangling pointer dereference/);
  });
  it("a compile error fills the compiler panel and leaves memory empty", () => {
    const run = startRun(pinTheStruct, 1, 1);
    act(run, { type: "submit", program: 'let a = SelfRef::new("x");\nlet b = a;\nlet c = a;' });
    const p = picture(run.state as PinState);
    expect(p.diagnostics.map((d) => `${d.code} ${d.line}:${d.col}`)).toEqual(["E0382 3:9"]);
    expect(p.stack).toEqual([]);
  });
});
