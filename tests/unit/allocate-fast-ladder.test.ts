/**
 * allocate-fast stages 3–10 as a player meets them: the GlobalAlloc contract in manual mode, design runs, false
 * sharing, the threaded bump and the kernel heap that never frees. Every stage is winnable by its reference player and losable the way its lesson says.
 */
import { describe, expect, it } from "vitest";
import type { AnyLevel } from "../../shared/engine/level.ts";
import { act, advance, runStatus, startRun, type Run } from "../../shared/engine/run.ts";
import { manualMove, PADDED_COUNTERS, WINNING_DESIGNS } from "../../shared/levels/allocate-fast/autoplay.ts";
import { runThreaded } from "../../shared/levels/allocate-fast/concurrent-bump.ts";
import { alignUp, allocateFast, ladderState, manualHead, type DesignState, type ManualState } from "../../shared/levels/allocate-fast/index.ts";
import { kernelProgram } from "../../shared/levels/allocate-fast/programs.ts";
import { createRng } from "../../shared/engine/rng.ts";

/** The level with its state type widened to every stage's machine. */
const level: AnyLevel = allocateFast;
const manual = (run: Run) => ladderState(run.state) as ManualState;

/** Advances until the head request satisfies `want` (or the run ends). */
function until(run: Run, want: (s: ManualState) => boolean, play = true): void {
  for (let guard = 0; guard < 5000 && runStatus(run).phase === "playing" && !want(manual(run)); guard++) {
    const move = play ? manualMove(manual(run)) : null;
    if (move) expect(act(run, move).ok).toBe(true);
    else advance(run);
  }
}

function playOut(run: Run): void {
  until(run, () => false);
}

describe("the ladder", () => {
  it("has ten stages, each with a goal, a concept, at most three hints and a victory text", () => {
    expect(allocateFast.stages.map((s) => s.id)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    for (const s of allocateFast.stages) {
      expect(s.goal.length).toBeGreaterThan(20);
      expect(s.concept.length).toBeGreaterThan(20);
      expect(s.hints.length).toBeGreaterThan(0);
      expect(s.hints.length).toBeLessThanOrEqual(3);
      expect(s.victory.length).toBeGreaterThan(20);
    }
  });
  it("stages 1–2 still refuse the new action kinds", () => {
    const run = startRun(allocateFast, 1, 1);
    const r = act(run, { type: "reset" });
    expect(!r.ok && r.error.code).toBe("E_BAD_ACTION");
  });
});

describe("stage 3: per-request reset arena", () => {
  it("the reference player wins at 1.8 ns per alloc, far under the reference malloc on the same program", () => {
    const run = startRun(allocateFast, 3, 11);
    playOut(run);
    expect(runStatus(run).phase).toBe("won");
    const m = level.metrics(run.state);
    expect(m.costPerAllocPs).toBe(1800);
    expect(m.mallocCostPerAllocPs).toBeGreaterThan(20 * 1800);
    expect(m.resets).toBe(5);
  });
  it("a zero-sized request must not reach alloc: place is refused with E_ZERO_SIZE, dangling is accepted", () => {
    let seed = 1;
    let run = startRun(allocateFast, 3, seed);
    // Find a seed whose program has a zero-sized value, and play up to it.
    while (!manual(run).trace.some((r) => r.op === "alloc" && r.size === 0)) run = startRun(allocateFast, 3, ++seed);
    until(run, (s) => manualHead(s)?.op === "alloc" && (manualHead(s) as { size: number }).size === 0);
    const before = level.hash(run.state);
    const r = act(run, { type: "place", addr: manual(run).bump });
    expect(!r.ok && r.error.code).toBe("E_ZERO_SIZE");
    expect(!r.ok && r.error.message).toContain("Layout { size: 0, align: 1 }");
    expect(level.hash(run.state)).toBe(before);
    expect(act(run, { type: "dangling" }).ok).toBe(true);
    const next = manualHead(manual(run));
    if (next?.op === "alloc" && next.size > 0) expect(act(run, { type: "dangling" })).toMatchObject({ ok: false, error: { code: "E_NOT_ZERO_SIZED" } });
  });
  it("resetting while the request still reads its values loses with use after reset when it reads", () => {
    const run = startRun(allocateFast, 3, 3);
    until(run, (s) => s.blocks.length >= 2);
    expect(act(run, { type: "reset" }).ok).toBe(true);
    playOut(run);
    expect(runStatus(run)).toMatchObject({ phase: "lost", misconception: "use after reset" });
    expect(runStatus(run).text).toContain("the arena has been reset");
  });
  it("never resetting runs the 512-byte arena out of room before the program ends", () => {
    const run = startRun(allocateFast, 3, 3);
    let outOfRoom = false;
    for (let guard = 0; guard < 5000 && runStatus(run).phase === "playing"; guard++) {
      const head = manualHead(manual(run));
      const move = head?.op === "alloc" ? (head.size ? { type: "place", addr: alignUp(manual(run).bump, head.align) } : { type: "dangling" }) : null;
      if (move) {
        const r = act(run, move);
        if (!r.ok) {
          expect(r.error.code).toBe("E_OUT_OF_BOUNDS");
          outOfRoom = true;
          break;
        }
      } else advance(run);
    }
    expect(outOfRoom).toBe(true);
  });
});

describe("stage 4: a slab and the dealloc contract", () => {
  function atFirstDrop(seed = 8) {
    const run = startRun(allocateFast, 4, seed);
    until(run, (s) => manualHead(s)?.op === "free");
    return run;
  }
  it("the reference player wins; every node takes a whole 32-byte slot", () => {
    const run = startRun(allocateFast, 4, 8);
    playOut(run);
    expect(runStatus(run).phase).toBe("won");
    expect(level.metrics(run.state).internalFrag).toBeGreaterThan(250);
  });
  it("placing off a slot boundary is refused", () => {
    const run = startRun(allocateFast, 4, 8);
    until(run, (s) => manualHead(s)?.op === "alloc" && (manualHead(s) as { size: number }).size > 0, false);
    expect(act(run, { type: "place", addr: 8 })).toMatchObject({ ok: false, error: { code: "E_NOT_A_SLOT" } });
  });
  it("dealloc with the slot's layout instead of the value's is E_WRONG_LAYOUT, worded as Miri does", () => {
    const run = atFirstDrop();
    const head = manualHead(manual(run)) as { id: number };
    const block = manual(run).blocks.find((b) => b.id === head.id)!;
    const r = act(run, { type: "dealloc", addr: block.addr, size: 32, align: 8 });
    expect(!r.ok && r.error.code).toBe("E_WRONG_LAYOUT");
    expect(!r.ok && r.error.message).toContain(`has size ${block.size} and alignment 8, but gave size 32 and alignment 8`);
  });
  it("a pointer the allocator never returned is E_FOREIGN_FREE; freeing a freed block is E_DOUBLE_FREE", () => {
    const run = atFirstDrop();
    expect(act(run, { type: "dealloc", addr: 4, size: 24, align: 8 })).toMatchObject({ ok: false, error: { code: "E_FOREIGN_FREE" } });
    const first = manualMove(manual(run))!;
    expect(act(run, first).ok).toBe(true);
    until(run, (s) => manualHead(s)?.op === "free" && !s.blocks.some((b) => first.type === "dealloc" && b.addr === first.addr));
    if (runStatus(run).phase === "playing") {
      expect(act(run, first)).toMatchObject({ ok: false, error: { code: "E_DOUBLE_FREE" } });
    }
  });
  it("freeing the wrong live node is legal for the allocator but the program then fails (use after free or double free)", () => {
    const run = atFirstDrop();
    const head = manualHead(manual(run)) as { id: number };
    const other = manual(run).blocks.find((b) => b.id !== head.id && b.size === manual(run).blocks.find((x) => x.id === head.id)!.size)!;
    expect(act(run, { type: "dealloc", addr: other.addr, size: other.size, align: other.align }).ok).toBe(true);
    playOut(run);
    expect(runStatus(run).phase).toBe("lost");
    expect(["use after free", "double free"]).toContain(runStatus(run).misconception);
  });
});

describe("design stages 5, 6 and 9", () => {
  it("refuse a malformed design with the path and keep the state", () => {
    const run = startRun(allocateFast, 5, 1);
    const before = level.hash(run.state);
    expect(act(run, { type: "design", allocator: { kind: "buddy", max: 3000 } })).toMatchObject({ ok: false, error: { code: "E_BAD_DESIGN", message: "allocator.max must be a power of two (it is 3000)." } });
    expect(act(run, { type: "design", allocator: { kind: "buddy", heap: 1 << 20 } })).toMatchObject({ ok: false, error: { code: "E_BAD_DESIGN" } });
    expect(level.hash(run.state)).toBe(before);
  });
  it("a failing design is recorded and the player may try again; the buddy wins stage 5", () => {
    const run = startRun(allocateFast, 5, 3);
    expect(act(run, { type: "design", allocator: { kind: "slab", slot: 64 } }).ok).toBe(true);
    const s = ladderState(run.state) as DesignState;
    expect(s.attempts[0]!.failure?.code).toBe("E_NO_PART"); // a 64-byte slab cannot hold the 1024-byte pages
    expect(runStatus(run).phase).toBe("playing");
    expect(act(run, { type: "design", allocator: WINNING_DESIGNS[5] }).ok).toBe(true);
    expect(runStatus(run).phase).toBe("won");
  });
  it("stage 6: in the tight heap first fit runs out of memory where best fit fits (same seed)", () => {
    const first = startRun(allocateFast, 6, 3);
    act(first, { type: "design", allocator: { kind: "fit", fit: "first" } });
    expect(runStatus(first).phase).toBe("playing");
    expect((ladderState(first.state) as DesignState).attempts[0]!.failure).toMatchObject({ code: "E_OOM", misconception: "fragmentation" });
    const best = startRun(allocateFast, 6, 3);
    act(best, { type: "design", allocator: WINNING_DESIGNS[6] });
    expect(runStatus(best).phase).toBe("won");
  });
  it("stage 9: a design without a lock fails on the threaded phase; thread caches over size classes beat malloc", () => {
    const run = startRun(allocateFast, 9, 4);
    act(run, { type: "design", allocator: { kind: "fit" } });
    expect((ladderState(run.state) as DesignState).attempts[0]!.failure?.code).toBe("E_DATA_RACE");
    act(run, { type: "design", allocator: WINNING_DESIGNS[9] });
    expect(runStatus(run).phase).toBe("won");
    const m = level.metrics(run.state);
    expect(m.costPerAllocPs).toBeLessThan(m.mallocCostPerAllocPs!);
  });
});

describe("stage 7: false sharing", () => {
  it("one counter per line wins; four on a line lose 37× with the misconception", () => {
    const padded = startRun(allocateFast, 7, 1);
    for (const addr of PADDED_COUNTERS) expect(act(padded, { type: "place", addr }).ok).toBe(true);
    expect(runStatus(padded).phase).toBe("won");
    const packed = startRun(allocateFast, 7, 1);
    for (const addr of [0, 8, 16, 24, 64, 72, 128, 136]) act(packed, { type: "place", addr });
    expect(runStatus(packed)).toMatchObject({ phase: "lost", misconception: "false sharing" });
    expect(runStatus(packed).text).toContain("37×");
    const all = startRun(allocateFast, 7, 1);
    for (let i = 0; i < 8; i++) act(all, { type: "place", addr: i * 8 });
    expect(level.metrics(all.state).incrementPs).toBe(85_000); // 1 + 7 × 12 ns: inside "10-100x"
  });
  it("misaligned counters are refused", () => {
    const run = startRun(allocateFast, 7, 1);
    expect(act(run, { type: "place", addr: 4 })).toMatchObject({ ok: false, error: { code: "E_MISALIGNED" } });
  });
});

describe("stage 8: thread-safe bump under eight threads", () => {
  it("an unsynchronised bump hands two threads the same bytes", () => {
    const r = runThreaded({ kind: "bump", sync: "none", boundsCheck: true, tlab: 256 }, 1);
    expect(r.code).toBe("E_DATA_RACE");
  });
  it("a CAS loop without the bounds check runs past the arena (the homework's bug); with it, allocations past the end return null", () => {
    expect(runThreaded({ kind: "bump", sync: "cas", boundsCheck: false, tlab: 256 }, 1).code).toBe("E_OUT_OF_BOUNDS");
    const ok = runThreaded({ kind: "bump", sync: "cas", boundsCheck: true, tlab: 256 }, 1);
    expect(ok.code).toBe("");
    expect(ok.nulls).toBeGreaterThan(0);
    expect(ok.casRetries).toBeGreaterThan(0);
    for (const [, end] of ok.blocks) expect(end).toBeLessThanOrEqual(4096);
  });
  it("per-thread chunks finish sooner than a CAS per allocation, which beats a spinlock", () => {
    const t = (sync: "spinlock" | "cas" | "tlab") => runThreaded({ kind: "bump", sync, boundsCheck: true, tlab: 256 }, 2).makespanPs;
    expect(t("tlab")).toBeLessThan(t("cas"));
    expect(t("cas")).toBeLessThan(t("spinlock"));
  });
  it("the level: a lost run names the misconception; the same seed interleaves the same way", () => {
    const run = startRun(allocateFast, 8, 5);
    act(run, { type: "design", allocator: { kind: "bump", sync: "none" } });
    expect(runStatus(run)).toMatchObject({ phase: "lost", misconception: "data race" });
    const a = runThreaded({ kind: "bump", sync: "cas", boundsCheck: true, tlab: 256 }, 9);
    expect(runThreaded({ kind: "bump", sync: "cas", boundsCheck: true, tlab: 256 }, 9)).toEqual(a);
  });
});

describe("stage 10: a 4 KiB kernel heap that never frees", () => {
  const head = (run: Run) => manualHead(manual(run));
  /** Ticks until an allocation is at the head, then returns it. */
  function nextAlloc(run: Run) {
    until(run, (s) => manualHead(s)?.op === "alloc", false);
    const h = head(run);
    if (h?.op !== "alloc") throw new Error("no allocation came");
    return h;
  }

  it("boot placements on seed 1, computed by hand: 2 bytes of padding before the 8-aligned frame bitmap", () => {
    const run = startRun(allocateFast, 10, 1);
    // Vec<MemoryRegion> 6 × 24 = 144 B @0, cmdline 20 B @144, TSS 104 B (align 4) @164, SerialPort 2 B @268, scancode ring 128 B @270.
    for (const addr of [0, 144, 164, 268, 270]) {
      nextAlloc(run);
      expect(act(run, { type: "place", addr }).ok).toBe(true);
    }
    expect(nextAlloc(run).size).toBe(0); // Box<IdleTask>: zero-sized, never reaches alloc
    expect(act(run, { type: "place", addr: 398 })).toMatchObject({ ok: false, error: { code: "E_ZERO_SIZE" } });
    expect(act(run, { type: "dangling" }).ok).toBe(true);
    expect(nextAlloc(run)).toMatchObject({ size: 512, align: 8 });
    const before = level.hash(run.state);
    const r = act(run, { type: "place", addr: 398 });
    expect(!r.ok && r.error.code).toBe("E_MISALIGNED");
    expect(!r.ok && r.error.message).toContain("(398 + 7) & !7 = 400");
    expect(level.hash(run.state)).toBe(before);
    expect(act(run, { type: "place", addr: 400 }).ok).toBe(true);
    nextAlloc(run);
    expect(act(run, { type: "place", addr: 912 }).ok).toBe(true);
    expect(manual(run).bump).toBe(1168);
    expect(level.metrics(run.state)).toMatchObject({ padding: 2, peakFootprint: 1168, liveBytes: 1166, neverReturned: 0 });
  });

  it("a dropped log line stays below the bump pointer: live bytes fall, the bump pointer does not, its bytes cannot be reused", () => {
    const run = startRun(allocateFast, 10, 1);
    until(run, (s) => manualHead(s)?.op === "alloc" && (manualHead(s) as { lives?: string }).lives === "tick");
    const line = head(run) as { id: number; size: number };
    expect(act(run, { type: "place", addr: 1168 }).ok).toBe(true);
    until(run, (s) => !s.handles.some((h) => h.id === line.id && h.state === "live"), false);
    const s = manual(run);
    expect(s.bump).toBe(1168 + line.size);
    expect(s.liveBytes).toBe(1166);
    expect(level.metrics(run.state)).toMatchObject({ liveBytes: 1166, neverReturned: line.size, peakFootprint: 1168 + line.size });
    nextAlloc(run);
    expect(act(run, { type: "place", addr: 1168 })).toMatchObject({ ok: false, error: { code: "E_BEHIND_BUMP" } });
    expect(act(run, { type: "dealloc", addr: 1168, size: line.size, align: 1 })).toMatchObject({ ok: false, error: { code: "E_NO_DEALLOC", message: expect.stringContaining("never come back") } });
    expect(act(run, { type: "reset" })).toMatchObject({ ok: false, error: { code: "E_NO_RESET", message: expect.stringContaining("never moves back") } });
  });

  it("only a value that dies in its tick may go to the stack buffer: boot data is E0597 and changes nothing", () => {
    const run = startRun(allocateFast, 10, 2);
    nextAlloc(run);
    const before = level.hash(run.state);
    const r = act(run, { type: "stack" });
    expect(!r.ok && r.error.code).toBe("E0597");
    expect(!r.ok && r.error.message).toContain("does not live long enough");
    expect(level.hash(run.state)).toBe(before);
    until(run, (s) => manualHead(s)?.op === "alloc" && (manualHead(s) as { lives?: string }).lives === "tick");
    const bump = manual(run).bump;
    expect(act(run, { type: "stack" }).ok).toBe(true);
    expect(manual(run).bump).toBe(bump);
    expect(manual(run).stackLine).toBeGreaterThan(0);
    until(run, (s) => s.stackLine === 0, false);
    expect(manual(run).stackWrites).toBe(1);
  });

  it("the reference player (boot data on the heap, lines on the stack) wins on every seed with nothing dropped on the heap", () => {
    for (const seed of [1, 5, 9]) {
      const run = startRun(allocateFast, 10, seed);
      playOut(run);
      expect(runStatus(run).phase).toBe("won");
      const m = level.metrics(run.state);
      expect(m.neverReturned).toBe(0);
      expect(m.peakFootprint).toBe(m.liveBytes! + m.padding!);
      expect(m.peakFootprint).toBeLessThan(2048);
    }
  });

  it("putting every log line on the heap marches the bump pointer to the end: alloc returns null, the alloc error handler halts the kernel", () => {
    for (const seed of [1, 4, 11]) {
      const run = startRun(allocateFast, 10, seed);
      let nulls = 0;
      for (let guard = 0; guard < 5000 && runStatus(run).phase === "playing"; guard++) {
        const h = head(run);
        const r = h?.op === "alloc"
          ? act(run, h.size ? { type: "place", addr: alignUp(manual(run).bump, h.align) } : { type: "dangling" })
          : { ok: true as const, value: { events: advance(run) } };
        expect(r.ok).toBe(true);
        if (r.ok) nulls += r.value.events.filter((e) => e.kind === "null").length;
      }
      expect(runStatus(run)).toMatchObject({ phase: "lost", misconception: "memory never returns" });
      expect(runStatus(run).text).toContain("returned null");
      expect(manual(run).failCode).toBe("E_ALLOC_ERROR");
      expect(nulls).toBe(1);
      const m = level.metrics(run.state);
      expect(m.peakFootprint).toBeGreaterThan(4096 - 64);
      expect(m.liveBytes).toBeLessThan(1600); // live data stayed small; the dropped lines hold the rest
      expect(m.neverReturned).toBeGreaterThan(2400);
    }
  });

  it("keeping the heap for lines while they fit still loses: a task spawned later finds no room", () => {
    const run = startRun(allocateFast, 10, 3);
    for (let guard = 0; guard < 5000 && runStatus(run).phase === "playing"; guard++) {
      const h = head(run);
      const move = manualMove(manual(run));
      if (h?.op === "alloc" && move?.type === "stack" && alignUp(manual(run).bump, h.align) + h.size <= 4096) act(run, { type: "place", addr: alignUp(manual(run).bump, h.align) });
      else if (move) expect(act(run, move).ok).toBe(true);
      else advance(run);
    }
    expect(runStatus(run)).toMatchObject({ phase: "lost", misconception: "memory never returns" });
    expect(runStatus(run).text).toMatch(/Box<(Timer|Shell)Task>/);
  });

  it("the program: boot data and tasks need under 1.8 KiB, the 56 log lines at least 2 688 bytes, each fits a heapless::String<64>", () => {
    for (const seed of [1, 2, 3, 4, 5, 6, 7, 8]) {
      const p = kernelProgram(createRng(seed), 56);
      const allocs = p.filter((r) => r.op === "alloc");
      const forever = allocs.filter((r) => r.lives === "forever").reduce((n, r) => n + r.size, 0);
      const lines = allocs.filter((r) => r.lives === "tick");
      expect(forever).toBeLessThan(1800);
      expect(lines).toHaveLength(56);
      expect(lines.reduce((n, r) => n + r.size, 0)).toBeGreaterThanOrEqual(2688);
      for (const l of lines) expect(l.size).toBeLessThanOrEqual(64);
      expect(allocs.at(-1)!.label).toContain("ShellTask");
    }
  });

  it("other stages have no stack buffer", () => {
    const run = startRun(allocateFast, 3, 1);
    until(run, (s) => manualHead(s)?.op === "alloc", false);
    expect(act(run, { type: "stack" })).toMatchObject({ ok: false, error: { code: "E_NO_STACK_BUFFER" } });
    expect(act(startRun(allocateFast, 1, 1), { type: "stack" })).toMatchObject({ ok: false, error: { code: "E_BAD_ACTION" } });
  });
});

describe("determinism", () => {
  it("snapshot/restore on a manual stage: N ticks and moves after a structured clone equal the original", () => {
    const run = startRun(allocateFast, 4, 2);
    const copy = { ...run, state: structuredClone(run.state), log: [] as never[] };
    for (const r of [run, copy]) playOut(r as Run);
    expect(level.hash(copy.state)).toBe(level.hash(run.state));
  });
});
