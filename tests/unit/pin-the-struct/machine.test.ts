/**
 * The memory machine as a player sees it: moves copy bytes to new addresses, pointers left behind dangle and the
 * run ends with Miri-style undefined behaviour, Vec growth moves elements, Box::pin keeps the pointee still, and
 * hostile input gets a diagnostic instead of a crash. Layouts are checked against rustc's size_of/offset_of.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { act, startRun, type Run } from "../../../shared/engine/run.ts";
import { compile, stageEnv } from "../../../shared/levels/pin-the-struct/compile.ts";
import { pinTheStruct } from "../../../shared/levels/pin-the-struct/index.ts";
import { layoutOf } from "../../../shared/levels/pin-the-struct/layout.ts";
import type { PinState } from "../../../shared/levels/pin-the-struct/machine.ts";
import { PRELUDES } from "../../../shared/levels/pin-the-struct/preludes/index.ts";
import { adt } from "../../../shared/levels/pin-the-struct/types.ts";

function play(stage: number, program: string): { run: Run; state: PinState } {
  const run = startRun(pinTheStruct, stage, 7);
  const sub = act(run, { type: "submit", program });
  if (!sub.ok) throw new Error(sub.error.message);
  if ((run.state as PinState).program) {
    const r = act(run, { type: "run" });
    if (!r.ok) throw new Error(r.error.message);
  }
  return { run, state: run.state as PinState };
}

describe("undefined behaviour ends the run, like Miri", () => {
  const traps: [number, string, string, RegExp][] = [
    [2, 'let mut a = SelfRef::new("x");\na.init_early();\nlet p = Box::pin(a);\nlet s = p.value();', "dangling self-pointer", /dangling pointer dereference: `Box<SelfRef>\.ptr` holds 0x7ffd\w+, but `a` \(SelfRef\) moved from there to 0x6000\w+/],
    [3, 'let mut v: Vec<Node> = Vec::with_capacity(1);\nv.push(Node::new("a"));\nv[0].init();\nv.push(Node::new("b"));\nlet s = v[0].value();', "dangling self-pointer", /has been freed when the Vec reallocated/],
    [4, 'let mut a = Three::new("abc");\na.init();\nlet b = a;\nlet f = b.read_field();', "dangling self-pointer", /`b\.to_field` holds/],
    [4, 'let mut a = Three::new("abc");\na.init();\nlet b = a;\nlet x = b.read_array();', "dangling self-pointer", /`b\.into_array` holds/],
    [5, 'let mut p = Box::pin(SelfRef::new("a"));\np.as_mut().init();\nlet r = unsafe { p.as_mut().get_unchecked_mut() };\nlet old = mem::replace(r, SelfRef::new("b"));', "moved a pinned value", /moved a pinned value/],
    [1, 'let mut a = SelfRef::new("a");\nlet p = unsafe { Pin::new_unchecked(&mut a) };\np.init();\nlet b = a;', "moved a pinned value", /`a` \(SelfRef\)|a \(SelfRef\)/],
    [6, 'let mut r = Box::pin(Recycler::new("a"));\nr.as_mut().init();', "Drop moved a pinned field", /Drop moved a pinned field: Recycler's Drop moved `inner`/],
    [7, 'let mut p = Box::pin(Tracked::new("a"));\nlet d = unsafe { p.as_mut().map_unchecked_mut(|t| &mut t.data) };\nlet e = unsafe { &mut p.as_mut().get_unchecked_mut().data };\ne.push_str("?");', "inconsistent projection", /inconsistent projection: .*data was projected as pinned and now as unpinned/],
  ];
  it.each(traps)("stage %i: %s", (stage, program, misconception, text) => {
    const { run, state } = play(stage, program);
    expect(pinTheStruct.status(state)).toMatchObject({ phase: "lost", misconception });
    expect(state.run!.ub!.text).toMatch(text);
    expect(act(run, { type: "step" }).ok).toBe(false);
  });
  it("dereferencing a null self-pointer (read before init) is UB too", () => {
    const { state } = play(1, 'let a = SelfRef::new("x");\nlet s = unsafe { &*a.ptr };');
    expect(state.run!.ub!.text).toMatch(/null pointer/);
  });
});

describe("moves, pins and growth", () => {
  it("a move copies the bytes to a lower stack address and leaves a ghost; the heap buffer stays", () => {
    const { state } = play(4, 'let mut a = Three::new("abc");\na.init();\nlet b = a;\nlet h = b.read_heap();');
    expect(state.phase).toBe("won");
    const [a, b] = ["a", "b"].map((n) => state.run!.mem.allocs.find((x) => x.label === n)!);
    expect(a!.size).toBe(64);
    expect(b!.addr).toBeLessThan(a!.addr);
    expect(a!.movedTo).toBe(b!.addr);
    expect(a!.death).toBe("moved");
    expect(state.run!.trace.find((e) => e.kind === "move")!.text).toBe(`moved 64 bytes of Three from 0x${a!.addr.toString(16)} to 0x${b!.addr.toString(16)} (b)`);
  });
  it("Vec::with_capacity(1) grows to 4 then 8, moving every element to the new buffer and freeing the old", () => {
    const pushes = Array.from({ length: 5 }, (_, i) => `v.push(Box::new(Node::new("${i}")));`).join("\n");
    const { state } = play(3, `let mut v: Vec<Box<Node>> = Vec::with_capacity(1);\n${pushes}\nlet c = v.capacity();`);
    const reallocs = state.run!.trace.filter((e) => e.kind === "realloc");
    expect(reallocs.map((e) => e.text.match(/from (\d+) to (\d+)/)!.slice(1).join("→"))).toEqual(["1→4", "4→8"]);
    expect(reallocs[1]!.size).toBe(4 * 8);
    const buffers = state.run!.mem.allocs.filter((a) => a.label.startsWith("Vec buffer"));
    expect(buffers.map((b) => b.death)).toEqual(["freed when the Vec reallocated", "freed when the Vec reallocated", "freed"]);
  });
  it("moving a Pin<Box<SelfRef>> handle moves 8 bytes; the SelfRef keeps its heap address", () => {
    const { state } = play(5, 'let mut p = Box::pin(SelfRef::new("a"));\np.as_mut().init();\nlet q = p;\nlet s = q.value();');
    expect(state.phase).toBe("won");
    const move = state.run!.trace.find((e) => e.kind === "move")!;
    expect(move.size).toBe(8);
    const read = state.run!.trace.find((e) => e.kind === "read")!;
    const heap = state.run!.mem.allocs.find((a) => a.label === "Box<SelfRef>")!;
    expect(read.addr).toBe(heap.addr);
    expect(heap.addr).toBeGreaterThanOrEqual(0x6000_0000_0000);
    expect(heap.pinned).toEqual([""]);
  });
  it("the future is polled Pending, Pending, Ready at one address with the waker's address reported", () => {
    const { state } = play(8, 'let waker = noop_waker();\nlet mut cx = Context::from_waker(&waker);\nlet mut f = Box::pin(Countdown::new("abc", 2));\nlet a = f.as_mut().poll(&mut cx);\nlet b = f.as_mut().poll(&mut cx);\nlet mut g = f;\nlet c = g.as_mut().poll(&mut cx);');
    const polls = state.run!.trace.filter((e) => e.kind === "poll");
    expect(polls.map((p) => p.ok)).toEqual([false, false, true]);
    expect(new Set(polls.map((p) => p.addr)).size).toBe(1);
    const waker = state.run!.mem.allocs.find((a) => a.label === "waker")!;
    expect(polls[0]!.to).toBe(waker.addr);
    expect(state.phase).toBe("won");
  });
  it("a program that finishes without meeting the goal leaves the stage open and says what is missing", () => {
    const { run, state } = play(5, 'let mut p = Box::pin(SelfRef::new("a"));\np.as_mut().init();\nlet s = p.value();');
    expect(state.phase).toBe("playing");
    expect(state.goalGap).toMatch(/move the initialised Pin<Box<SelfRef>> handle/);
    expect(act(run, { type: "submit", program: 'let mut p = Box::pin(SelfRef::new("a"));\np.as_mut().init();\nlet q = p;\nlet s = q.value();' }).ok).toBe(true);
    expect(act(run, { type: "run" }).ok).toBe(true);
    expect(run.state.tick).toBe(0);
    expect((run.state as PinState).phase).toBe("won");
  });
  it("stepping one statement at a time reaches the same state as running", () => {
    const program = 'let mut a = SelfRef::new("x");\na.init_early();\nlet mut p = Box::pin(a);\np.as_mut().init();\nlet s = p.value();';
    const ran = play(2, program).state;
    const stepped = startRun(pinTheStruct, 2, 7);
    act(stepped, { type: "submit", program });
    for (let i = 0; i < 6; i++) expect(act(stepped, { type: "step" }).ok).toBe(true);
    expect(pinTheStruct.hash(stepped.state as PinState)).toBe(pinTheStruct.hash(ran));
    const copy = structuredClone(stepped.state as PinState);
    expect(pinTheStruct.hash(copy)).toBe(pinTheStruct.hash(ran));
  });
});

describe("compile errors and hostile input", () => {
  it("a compile error is counted, shown rustc-style, and runs nothing", () => {
    const { run, state } = play(1, 'let mut a = SelfRef::new("hi");\na.init();');
    expect(state.compileErrors).toBe(1);
    expect(state.diagnostics[0]!.rendered).toBe([
      "error[E0599]: no method named `init` found for struct `SelfRef` in the current scope",
      " --> src/main.rs:2:3", "  |", "2 | a.init();", "  |   ^^^^ method not found in `SelfRef`", "  |",
      "  = help: consider pinning the expression",
    ].join("\n"));
    expect(act(run, { type: "step" })).toMatchObject({ ok: false, error: { code: "E_NO_PROGRAM" } });
  });
  const hostile: [string, string, RegExp][] = [
    ["a syntax error", "let a = ;", /^syntax$/],
    ["a for loop", "for i in 0..10 { }", /^unsupported$/],
    ["a loop", "loop { let a = 1; }", /^unsupported$/],
    ["deep nesting", "let a = " + "&".repeat(500) + "1;", /^unsupported$/],
    ["an unterminated string", 'let a = "abc', /^syntax$/],
    ["too many statements", "let a = 1;\n".repeat(70), /^unsupported$/],
    ["an unknown macro", "assert!(true);", /^unsupported$/],
  ];
  it.each(hostile)("%s gets a diagnostic, not a crash", (_what, program, code) => {
    const c = compile(1, program);
    expect(c.ok).toBe(false);
    expect(!c.ok && c.diagnostics[0]!.code).toMatch(code);
  });
  it("oversized programs are refused by parse with a readable error", () => {
    expect(pinTheStruct.parse({ type: "submit", program: "x".repeat(5000) })).toMatchObject({ ok: false, error: { code: "E_PROGRAM_TOO_LONG" } });
    expect(pinTheStruct.parse({ type: "jump" })).toMatchObject({ ok: false, error: { code: "E_BAD_ACTION" } });
    expect(pinTheStruct.parse({ type: "step", extra: 1 }).ok).toBe(false);
  });
  it("random token soup never throws (seeded fuzz; seed printed in the name)", () => {
    const words = ["let", "mut", "a", "b", "p", "=", ";", "&", "&mut", "*", ".", "(", ")", "{", "}", "unsafe", "pin!", "Box::pin", "SelfRef::new", "\"x\"", "init", "value", "as_mut", "get_unchecked_mut", "mem::swap", ",", "|", "1", "Pin::new", "v", "[", "]", "+="];
    let seed = 12345;
    const next = () => { seed = (Math.imul(seed, 1103515245) + 12345) >>> 0; return seed; };
    for (let i = 0; i < 400; i++) {
      const n = 1 + (next() % 24);
      const text = Array.from({ length: n }, () => words[next() % words.length]).join(" ");
      const run = startRun(pinTheStruct, 1 + (i % 8), 1);
      expect(() => { act(run, { type: "submit", program: text }); act(run, { type: "run" }); }).not.toThrow();
    }
  });
});

const hasRustc = spawnSync("rustc", ["--version"]).status === 0;

describe("layouts", () => {
  // Recorded from rustc 1.95 (size_of, align_of, offset_of! of every field) on x86_64.
  const RECORDED: Record<string, string> = {
    SelfRef: "32 8 0 24 32", Node: "32 8 0 24", Three: "64 8 0 24 40 48 56", Holder: "32 8 0", Recycler: "32 8 0",
    Tracked: "40 8 0 24 32 36", Countdown: "40 8 0 24 32 36",
  };
  const STAGE_OF: Record<string, number> = { SelfRef: 1, Node: 3, Three: 4, Holder: 6, Recycler: 6, Tracked: 7, Countdown: 8 };
  it("the machine lays out every stage type as recorded", () => {
    for (const [name, want] of Object.entries(RECORDED)) {
      const l = layoutOf(stageEnv(STAGE_OF[name]!).world, adt(name));
      expect(`${l.size} ${l.align} ${l.offsets.join(" ")}`).toBe(want);
    }
  });
  it.skipIf(!hasRustc)("rustc lays them out the same (size_of / offset_of! on the real preludes)", () => {
    const dir = mkdtempSync(join(tmpdir(), "pin-layout-"));
    const got: Record<string, string> = {};
    for (const stage of [...new Set(Object.values(STAGE_OF))]) {
      const names = Object.keys(STAGE_OF).filter((n) => STAGE_OF[n] === stage);
      const body = names.map((n) => {
        const fields = stageEnv(stage).world.structs.get(n)!.fields;
        return `println!("${n} {} {}${" {}".repeat(fields.length)}", std::mem::size_of::<${n}>(), std::mem::align_of::<${n}>()${fields.map((f) => `, std::mem::offset_of!(${n}, ${f.name})`).join("")});`;
      }).join("\n");
      const file = join(dir, `l${stage}.rs`);
      writeFileSync(file, `${PRELUDES[stage - 1]}\nfn main() {\n${body}\n}\n`);
      execFileSync("rustc", ["--edition", "2021", "-o", join(dir, `l${stage}`), file]);
      for (const line of execFileSync(join(dir, `l${stage}`), { encoding: "utf8" }).trim().split("\n")) {
        const [n, ...rest] = line.split(" ");
        got[n!] = rest.join(" ");
      }
    }
    expect(got).toEqual(RECORDED);
  }, 30_000);
});
