import { describe, expect, it } from "vitest";
import { allocateFast, currentRequest, type AllocState } from "../../shared/levels/allocate-fast/index.ts";
import { act, advance, startRun } from "../../shared/engine/run.ts";

function place(run: ReturnType<typeof startRun>, addr: number) {
  return act(run, { type: "place", addr });
}

describe("allocate-fast stage 1: the 100-byte arena", () => {
  it("the curriculum answer: u32 at 0, u8 at 4, u64 at 8 leaves 3 bytes of padding", () => {
    const run = startRun(allocateFast, 1, 7);
    expect(place(run, 0).ok).toBe(true);
    expect(place(run, 4).ok).toBe(true);
    expect(place(run, 8).ok).toBe(true);
    expect(allocateFast.metrics(run.state as AllocState).padding).toBe(3);
  });
  it("rejects a misaligned u64 with the round-up formula and changes nothing", () => {
    const run = startRun(allocateFast, 1, 7);
    place(run, 0); place(run, 4);
    const before = allocateFast.hash(run.state as AllocState);
    const r = place(run, 5);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe("E_MISALIGNED");
      expect(r.error.message).toContain("(5 + 7) & !7 = 8");
    }
    expect(allocateFast.hash(run.state as AllocState)).toBe(before);
    expect(run.log).toHaveLength(2);
  });
  it("rejects overlap, out of bounds and going behind the bump pointer", () => {
    const run = startRun(allocateFast, 1, 7);
    place(run, 8); // u32 at 8..12
    const overlap = place(run, 9);
    expect(!overlap.ok && overlap.error.code).toBe("E_OVERLAP");
    const behind = place(run, 2);
    expect(!behind.ok && behind.error.code).toBe("E_BEHIND_BUMP");
    const oob = place(run, 100);
    expect(!oob.ok && oob.error.code).toBe("E_OUT_OF_BOUNDS");
  });
  it("wins when every value is placed, with the bump answer's 10 bytes of padding", () => {
    const run = startRun(allocateFast, 1, 7);
    for (const addr of [0, 4, 8, 16, 18, 24, 32]) expect(place(run, addr).ok).toBe(true);
    expect(allocateFast.status(run.state as AllocState).phase).toBe("won");
    expect(allocateFast.metrics(run.state as AllocState)).toMatchObject({ padding: 10, peakFootprint: 48 });
  });
  it("loses with 'arena exhausted' when the rest no longer fits after the bump pointer", () => {
    const run = startRun(allocateFast, 1, 7);
    expect(place(run, 92).ok).toBe(true); // u32 at 92..96
    expect(place(run, 96).ok).toBe(true); // u8 at 96..97: a u64 cannot fit before 100
    const s = allocateFast.status(run.state as AllocState);
    expect(s.phase).toBe("lost");
    expect(s.misconception).toBe("arena exhausted");
  });
});

describe("allocate-fast stage 2: a 4 KiB heap on a clock", () => {
  it("the seeded trace has about 40 requests and every free follows its alloc", () => {
    const state = allocateFast.init(2, 12345);
    expect(state.trace.length).toBeGreaterThanOrEqual(34);
    expect(state.trace.length).toBeLessThanOrEqual(50);
    const allocated = new Set<number>();
    for (const r of state.trace) {
      if (r.op === "alloc") allocated.add(r.id);
      else expect(allocated.has(r.id)).toBe(true);
    }
    expect(allocateFast.init(2, 12345).trace).toEqual(state.trace);
    expect(allocateFast.init(2, 54321).trace).not.toEqual(state.trace);
  });
  it("overflows the queue when the player is too slow", () => {
    const run = startRun(allocateFast, 2, 99);
    while (allocateFast.status(run.state as AllocState).phase === "playing") advance(run);
    const s = allocateFast.status(run.state as AllocState);
    expect(s.phase).toBe("lost");
    expect(s.text).toContain("queue overflowed");
  });
  it("a first-fit player wins and frees are applied in order", () => {
    const run = startRun(allocateFast, 2, 99);
    let freed = 0;
    for (let guard = 0; guard < 10_000 && allocateFast.status(run.state as AllocState).phase === "playing"; guard++) {
      const st = run.state as AllocState;
      const req = currentRequest(st);
      if (req && req.op === "alloc") {
        let addr = 0;
        while (!place(run, addr).ok) addr++;
      } else {
        for (const e of advance(run)) if (e.kind === "freed") freed++;
      }
    }
    expect(allocateFast.status(run.state as AllocState).phase).toBe("won");
    expect(freed).toBeGreaterThan(5);
    const m = allocateFast.metrics(run.state as AllocState);
    expect(m.utilisation).toBeGreaterThan(0);
    expect(m.peakFootprint).toBeLessThanOrEqual(4096);
  });
});
