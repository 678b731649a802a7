/**
 * The litmus suite: classic tests of weak memory as a table of (program, outcome, verdict under RC11). The machine
 * must reach exactly the outcomes RC11 allows (Lahav et al., PLDI 2017, whose §1–§3 discuss SB, MP, LB, IRIW, 2+2W,
 * the SC fixes and release sequences). Test shapes and names follow the herd/litmus convention (Alglave, Maranget,
 * Tautschnig, "Herding Cats", TOPLAS 2014); verdicts are RC11's.
 *
 * Known limit, kept as a row and never deleted: LB's (1, 1) is allowed by C11 and by ARM/POWER, forbidden by RC11
 * (po ∪ rf acyclic), and unreachable here as in loom. Where C++20 differs from RC11 (release sequences through
 * later relaxed stores of the same thread, P0982), the row says so.
 *
 * Each program's outcome names thread locals (`r1`) or statics (their final value: the last in modification order).
 */
import type { Compiled } from "./compile.ts";
import { explore } from "./checker.ts";
import type { Machine } from "./threads.ts";

export type Verdict = "allowed" | "forbidden";

export interface LitmusTest {
  readonly name: string;
  /** What the test is about, in one line (shown on the results page). */
  readonly about: string;
  readonly program: string;
  /** The outcome asked about: locals (`r1`) or statics (final values). */
  readonly outcome: Readonly<Record<string, number>>;
  /** RC11's verdict: the machine must agree. */
  readonly rc11: Verdict;
  /** Set when another model disagrees with RC11, saying who and why. */
  readonly note?: string;
}

const A = (names: string) => names.split(" ").map((n) => `static ${n}: AtomicUsize = AtomicUsize::new(0);`).join("\n");
const O = (o: string) => `Ordering::${o}`;

function sb(st: string, ld: string, fenceA = "", fenceB = ""): string {
  return `${A("X Y")}
fn t1() { X.store(1, ${O(st)}); ${fenceA} let r1 = Y.load(${O(ld)}); }
fn t2() { Y.store(1, ${O(st)}); ${fenceB} let r2 = X.load(${O(ld)}); }`;
}

function mp(dataSt: string, flagSt: string, flagLd: string, dataLd: string, fenceW = "", fenceR = ""): string {
  return `${A("DATA FLAG")}
fn writer() { DATA.store(42, ${O(dataSt)}); ${fenceW} FLAG.store(1, ${O(flagSt)}); }
fn reader() { let r1 = FLAG.load(${O(flagLd)}); ${fenceR} let r2 = DATA.load(${O(dataLd)}); }`;
}

function iriw(st: string, ld: string, fence = ""): string {
  return `${A("X Y")}
fn w1() { X.store(1, ${O(st)}); }
fn w2() { Y.store(1, ${O(st)}); }
fn r1() { let a = X.load(${O(ld)}); ${fence} let b = Y.load(${O(ld)}); }
fn r2() { let c = Y.load(${O(ld)}); ${fence} let d = X.load(${O(ld)}); }`;
}

const SCF = "fence(Ordering::SeqCst);";

export const LITMUS: readonly LitmusTest[] = [
  { name: "SB", about: "store buffering, relaxed: both loads may miss the other store", program: sb("Relaxed", "Relaxed"), outcome: { r1: 0, r2: 0 }, rc11: "allowed" },
  { name: "SB+rel+acq", about: "release/acquire does not order a store before a later load", program: sb("Release", "Acquire"), outcome: { r1: 0, r2: 0 }, rc11: "allowed" },
  { name: "SB+sc", about: "SeqCst stores and loads are one total order: someone sees the other's store", program: sb("SeqCst", "SeqCst"), outcome: { r1: 0, r2: 0 }, rc11: "forbidden" },
  { name: "SB+sc-stores+rlx-loads", about: "SeqCst stores alone do not stop later relaxed loads reading old values", program: sb("SeqCst", "Relaxed"), outcome: { r1: 0, r2: 0 }, rc11: "allowed" },
  { name: "SB+fence.scs", about: "SC fences between relaxed accesses forbid store buffering", program: sb("Relaxed", "Relaxed", SCF, SCF), outcome: { r1: 0, r2: 0 }, rc11: "forbidden" },
  { name: "SB+fence.sc+po", about: "an SC fence on one side only is not enough", program: sb("Relaxed", "Relaxed", SCF, ""), outcome: { r1: 0, r2: 0 }, rc11: "allowed" },

  { name: "MP+rel+acq", about: "message passing: an acquire that reads a release sees the data", program: mp("Relaxed", "Release", "Acquire", "Relaxed"), outcome: { r1: 1, r2: 0 }, rc11: "forbidden" },
  { name: "MP+rlx-publish", about: "the relaxed-publish bug: a relaxed flag store publishes nothing", program: mp("Relaxed", "Relaxed", "Acquire", "Relaxed"), outcome: { r1: 1, r2: 0 }, rc11: "allowed" },
  { name: "MP+rlx-read", about: "a relaxed flag load acquires nothing", program: mp("Relaxed", "Release", "Relaxed", "Relaxed"), outcome: { r1: 1, r2: 0 }, rc11: "allowed" },
  { name: "MP+fence.rel+fence.acq", about: "release and acquire fences around relaxed accesses synchronise", program: mp("Relaxed", "Relaxed", "Relaxed", "Relaxed", "fence(Ordering::Release);", "fence(Ordering::Acquire);"), outcome: { r1: 1, r2: 0 }, rc11: "forbidden" },
  { name: "MP+fence.rel+acq", about: "a release fence before a relaxed store pairs with an acquire load", program: mp("Relaxed", "Relaxed", "Acquire", "Relaxed", "fence(Ordering::Release);"), outcome: { r1: 1, r2: 0 }, rc11: "forbidden" },
  { name: "MP+rel+fence.acq", about: "a relaxed load followed by an acquire fence pairs with a release store", program: mp("Relaxed", "Release", "Relaxed", "Relaxed", "", "fence(Ordering::Acquire);"), outcome: { r1: 1, r2: 0 }, rc11: "forbidden" },

  {
    name: "LB", about: "load buffering: each load reads the other thread's later store",
    program: `${A("X Y")}
fn t1() { let r1 = X.load(Ordering::Relaxed); Y.store(1, Ordering::Relaxed); }
fn t2() { let r2 = Y.load(Ordering::Relaxed); X.store(1, Ordering::Relaxed); }`,
    outcome: { r1: 1, r2: 1 }, rc11: "forbidden",
    note: "Known limit: C11 and ARM/POWER allow (1, 1); RC11 forbids it (po ∪ rf acyclic) and this machine, like loom, cannot reach it (loads only read existing messages).",
  },

  { name: "IRIW+acq", about: "independent reads of independent writes: readers may disagree on the order of two stores", program: iriw("Release", "Acquire"), outcome: { a: 1, b: 0, c: 1, d: 0 }, rc11: "allowed" },
  { name: "IRIW+sc", about: "with SeqCst everywhere, all threads agree on one order", program: iriw("SeqCst", "SeqCst"), outcome: { a: 1, b: 0, c: 1, d: 0 }, rc11: "forbidden" },
  { name: "IRIW+fence.scs", about: "SC fences between the readers' loads restore agreement", program: iriw("Relaxed", "Relaxed", SCF), outcome: { a: 1, b: 0, c: 1, d: 0 }, rc11: "forbidden" },

  {
    name: "WRC+rel+acq", about: "write-to-read causality: happens-before is transitive",
    program: `${A("X Y")}
fn t1() { X.store(1, Ordering::Release); }
fn t2() { let r1 = X.load(Ordering::Acquire); Y.store(1, Ordering::Release); }
fn t3() { let r2 = Y.load(Ordering::Acquire); let r3 = X.load(Ordering::Relaxed); }`,
    outcome: { r1: 1, r2: 1, r3: 0 }, rc11: "forbidden",
  },
  {
    name: "WRC", about: "write-to-read causality fails with relaxed accesses",
    program: `${A("X Y")}
fn t1() { X.store(1, Ordering::Relaxed); }
fn t2() { let r1 = X.load(Ordering::Relaxed); Y.store(1, Ordering::Relaxed); }
fn t3() { let r2 = Y.load(Ordering::Relaxed); let r3 = X.load(Ordering::Relaxed); }`,
    outcome: { r1: 1, r2: 1, r3: 0 }, rc11: "allowed",
  },
  {
    name: "ISA2+rel+acq", about: "a chain of release/acquire pairs carries the first store along",
    program: `${A("X Y Z")}
fn t1() { X.store(1, Ordering::Relaxed); Y.store(1, Ordering::Release); }
fn t2() { let r1 = Y.load(Ordering::Acquire); Z.store(1, Ordering::Release); }
fn t3() { let r2 = Z.load(Ordering::Acquire); let r3 = X.load(Ordering::Relaxed); }`,
    outcome: { r1: 1, r2: 1, r3: 0 }, rc11: "forbidden",
  },
  {
    name: "ISA2", about: "the same chain with relaxed links carries nothing",
    program: `${A("X Y Z")}
fn t1() { X.store(1, Ordering::Relaxed); Y.store(1, Ordering::Relaxed); }
fn t2() { let r1 = Y.load(Ordering::Relaxed); Z.store(1, Ordering::Relaxed); }
fn t3() { let r2 = Z.load(Ordering::Relaxed); let r3 = X.load(Ordering::Relaxed); }`,
    outcome: { r1: 1, r2: 1, r3: 0 }, rc11: "allowed",
  },

  {
    name: "2+2W+rel", about: "two writes each: modification orders may disagree with program order (needs stores placed mid-order)",
    program: `${A("X Y")}
fn t1() { X.store(1, Ordering::Release); Y.store(2, Ordering::Release); }
fn t2() { Y.store(1, Ordering::Release); X.store(2, Ordering::Release); }`,
    outcome: { X: 1, Y: 1 }, rc11: "allowed",
  },
  {
    name: "2+2W+sc", about: "SeqCst stores follow one total order",
    program: `${A("X Y")}
fn t1() { X.store(1, Ordering::SeqCst); Y.store(2, Ordering::SeqCst); }
fn t2() { Y.store(1, Ordering::SeqCst); X.store(2, Ordering::SeqCst); }`,
    outcome: { X: 1, Y: 1 }, rc11: "forbidden",
  },
  {
    name: "R+rel+acq", about: "R: a store and a load race against two stores; allowed under release/acquire",
    program: `${A("X Y")}
fn t1() { X.store(1, Ordering::Release); Y.store(1, Ordering::Release); }
fn t2() { Y.store(2, Ordering::Release); let r = X.load(Ordering::Acquire); }`,
    outcome: { Y: 2, r: 0 }, rc11: "allowed",
  },
  {
    name: "R+sc", about: "R with SeqCst: forbidden",
    program: `${A("X Y")}
fn t1() { X.store(1, Ordering::SeqCst); Y.store(1, Ordering::SeqCst); }
fn t2() { Y.store(2, Ordering::SeqCst); let r = X.load(Ordering::SeqCst); }`,
    outcome: { Y: 2, r: 0 }, rc11: "forbidden",
  },
  {
    name: "S+rel+acq", about: "S: a store after an acquire is coherence-after the released store",
    program: `${A("X Y")}
fn t1() { X.store(2, Ordering::Relaxed); Y.store(1, Ordering::Release); }
fn t2() { let r = Y.load(Ordering::Acquire); X.store(1, Ordering::Relaxed); }`,
    outcome: { r: 1, X: 2 }, rc11: "forbidden",
  },
  {
    name: "S", about: "S relaxed: the later store may go earlier in modification order (needs stores placed mid-order)",
    program: `${A("X Y")}
fn t1() { X.store(2, Ordering::Relaxed); Y.store(1, Ordering::Relaxed); }
fn t2() { let r = Y.load(Ordering::Relaxed); X.store(1, Ordering::Relaxed); }`,
    outcome: { r: 1, X: 2 }, rc11: "allowed",
  },

  {
    name: "CoRR", about: "coherence read-read: two loads of one location never go back in time",
    program: `${A("X")}
fn t1() { X.store(1, Ordering::Relaxed); }
fn t2() { let r1 = X.load(Ordering::Relaxed); let r2 = X.load(Ordering::Relaxed); }`,
    outcome: { r1: 1, r2: 0 }, rc11: "forbidden",
  },
  {
    name: "CoRW", about: "coherence read-write: a load never reads a store that is coherence-after the thread's own later store",
    program: `${A("X")}
fn t1() { let r = X.load(Ordering::Relaxed); X.store(1, Ordering::Relaxed); }
fn t2() { X.store(2, Ordering::Relaxed); }`,
    outcome: { r: 2, X: 2 }, rc11: "forbidden",
  },
  {
    name: "CoWR", about: "coherence write-read: a thread reads its own store or a newer one",
    program: `${A("X")}
fn t1() { X.store(1, Ordering::Relaxed); let r = X.load(Ordering::Relaxed); }
fn t2() { X.store(2, Ordering::Relaxed); }`,
    outcome: { r: 0 }, rc11: "forbidden",
  },
  {
    name: "CoWW", about: "coherence write-write: one thread's two stores stay in program order",
    program: `${A("X")}
fn t1() { X.store(1, Ordering::Relaxed); X.store(2, Ordering::Relaxed); }
fn t2() { let r = X.load(Ordering::Relaxed); }`,
    outcome: { X: 1 }, rc11: "forbidden",
  },

  {
    name: "RMW-atomicity", about: "two relaxed fetch_adds never read the same value",
    program: `${A("X")}
fn t1() { let a = X.fetch_add(1, Ordering::Relaxed); }
fn t2() { let b = X.fetch_add(1, Ordering::Relaxed); }`,
    outcome: { a: 0, b: 0 }, rc11: "forbidden",
  },
  {
    name: "RMW-count", about: "two relaxed fetch_adds always add up",
    program: `${A("X")}
fn t1() { X.fetch_add(1, Ordering::Relaxed); }
fn t2() { X.fetch_add(1, Ordering::Relaxed); }`,
    outcome: { X: 1 }, rc11: "forbidden",
  },
  {
    name: "CAS-atomicity", about: "two compare_exchange(0, 1) never both succeed",
    program: `${A("X")}
fn t1() { let a = X.compare_exchange(0, 1, Ordering::Relaxed, Ordering::Relaxed).is_ok(); }
fn t2() { let b = X.compare_exchange(0, 1, Ordering::Relaxed, Ordering::Relaxed).is_ok(); }`,
    outcome: { a: 1, b: 1 }, rc11: "forbidden",
  },
  {
    name: "RMW-reads-old", about: "an RMW need not read the newest store another thread made visible (it reads its mo-predecessor)",
    program: `${A("X Y")}
fn t1() { X.store(2, Ordering::Relaxed); Y.store(1, Ordering::Relaxed); }
fn t2() { let r = Y.load(Ordering::Relaxed); let a = X.fetch_add(1, Ordering::Relaxed); }`,
    outcome: { r: 1, a: 0 }, rc11: "allowed",
  },

  {
    name: "release-sequence+rmw", about: "an RMW continues a release sequence: acquiring its value acquires the release",
    program: `${A("DATA X")}
fn t1() { DATA.store(1, Ordering::Relaxed); X.store(1, Ordering::Release); }
fn t2() { X.fetch_add(1, Ordering::Relaxed); }
fn t3() { let r = X.load(Ordering::Acquire); let d = DATA.load(Ordering::Relaxed); }`,
    outcome: { r: 2, d: 0 }, rc11: "forbidden",
  },
  {
    name: "release-sequence+store", about: "another thread's plain store ends the release sequence",
    program: `${A("DATA X")}
fn t1() { DATA.store(1, Ordering::Relaxed); X.store(1, Ordering::Release); }
fn t2() { X.store(2, Ordering::Relaxed); }
fn t3() { let r = X.load(Ordering::Acquire); let d = DATA.load(Ordering::Relaxed); }`,
    outcome: { r: 2, d: 0 }, rc11: "allowed",
  },
  {
    name: "release-sequence+po", about: "RC11: the releasing thread's later relaxed store to the same location stays in the release sequence",
    program: `${A("DATA X")}
fn t1() { DATA.store(1, Ordering::Relaxed); X.store(1, Ordering::Release); X.store(2, Ordering::Relaxed); }
fn t2() { let r = X.load(Ordering::Acquire); let d = DATA.load(Ordering::Relaxed); }`,
    outcome: { r: 2, d: 0 }, rc11: "forbidden",
    note: "C++20 (P0982R1) dropped same-thread stores from release sequences, so C++20 allows this outcome; RC11 and C11 forbid it.",
  },
];

/** Looks a name up in a finished execution: a thread local (last binding of that name) or a static's final value. */
export function observe(prog: Compiled, m: Machine, name: string): number | undefined {
  for (let tid = 0; tid < prog.threads.length; tid++) {
    const slot = prog.threads[tid]!.localNames.lastIndexOf(name);
    if (slot >= 0) return m.threads[tid]!.locals[slot];
  }
  const loc = prog.locNames.indexOf(name);
  if (loc >= 0) { const msgs = m.mem.locs[loc]!; return msgs[msgs.length - 1]!.val; }
  const cell = prog.cellNames.indexOf(name);
  if (cell >= 0) return m.cells[cell]!.val;
  return undefined;
}

export interface LitmusResult {
  readonly name: string;
  readonly rc11: Verdict;
  readonly reachable: boolean;
  /** The machine agrees with RC11. */
  readonly agrees: boolean;
  readonly executions: number;
  /** Every distinct outcome reached, over the names the test asks about. */
  readonly outcomes: string[];
  readonly note?: string;
}

/** Explores every interleaving (no preemption bound) and every read/placement choice of a litmus program. */
export function runLitmus(test: LitmusTest, prog: Compiled): LitmusResult {
  const names = Object.keys(test.outcome);
  const outcomes = new Set<string>();
  let reachable = false;
  const stats = explore(prog, { preemptions: Infinity }, (leaf) => {
    if (leaf.kind !== "complete") return;
    const vals = names.map((n) => observe(prog, leaf.machine, n));
    outcomes.add(names.map((n, i) => `${n}=${vals[i]}`).join(" "));
    if (names.every((n, i) => vals[i] === test.outcome[n])) reachable = true;
  });
  const agrees = reachable === (test.rc11 === "allowed");
  return { name: test.name, rc11: test.rc11, reachable, agrees, executions: stats.executions, outcomes: [...outcomes].sort(), ...(test.note ? { note: test.note } : {}) };
}
