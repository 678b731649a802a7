/**
 * The checker's search, pinned: over a corpus of programs (every stage's start, solution and seeded ordering
 * variants, the litmus table, the SPSC ring with planted bugs, tight loop and step bounds), the sequence of leaves
 * the search visits — kind, action path and the whole final machine — hashes to one pinned value per group.
 * Speed work on the checker (threads.ts, memory-model.ts, checker.ts) must leave every hash alone: a changed hash
 * means some player-visible verdict, counterexample or machine state changed. Pinned from the checker before the
 * throughput work (commit bea6128).
 */
import { describe, expect, it } from "vitest";
import { hashString, canonicalJson } from "../../../shared/engine/hash.ts";
import { compileSource, type Compiled } from "../../../shared/levels/race-free-queue/compile.ts";
import { check, explore, type CheckOptions } from "../../../shared/levels/race-free-queue/checker.ts";
import { LITMUS } from "../../../shared/levels/race-free-queue/litmus.ts";
import { spscRing } from "../../../shared/levels/race-free-queue/programs.ts";
import { sourceOf, STAGE_RULES } from "../../../shared/levels/race-free-queue/stages.ts";
import type { Ordering } from "../../../shared/levels/race-free-queue/ast.ts";

function compiled(src: string): Compiled {
  const r = compileSource(src);
  if (!r.ok) throw new Error(`${r.error.message} at line ${r.error.span.line}`);
  return r.program;
}

/** Every leaf in search order (capped), then the check's result: one canonical string. */
function searchText(prog: Compiled, opts: CheckOptions, cap = 400): string {
  const parts: string[] = [];
  explore(prog, { ...opts, maxExecutions: cap }, (l) => {
    parts.push(canonicalJson({ kind: l.kind, path: l.actions.map((a) => [a.thread, a.choice]), machine: l.machine }));
  });
  parts.push(canonicalJson(check(prog, { maxExecutions: cap * 5, ...opts })));
  return parts.join("\n");
}

const RING = spscRing({ capacity: 2, messages: 3 });
/** Planted bugs in the ring: lost, reordered, duplicated and phantom messages, no progress, assertion, panics. */
const MUTANTS: readonly [string, string][] = [
  ["while got < K", "while got < K - 1"], ["produced!(i);", "produced!(K + 1 - i);"], ["consumed!(v);", "consumed!(v); consumed!(v);"],
  ["while i <= K", "while i < K"], ["consumed!(v);", "consumed!(v + 10);"], ["let v = buf[h % N];", "let v = buf[(h + 1) % N];"],
  ["consumed!(v);", "assert!(v != 2); consumed!(v);"], ["consumed!(v);", "consumed!(v / (v - 1));"], ["buf[t % N] = i;", "buf[t % (N + 1)] = i;"],
  ["got += 1;", "got += 1 + 0 / (h - h + got - 1);"], ["i += 1;", "i += 1 + 0 / (2 - i);"],
];

describe("checker exploration is pinned (speed work changes no leaf)", () => {
  it("stages: start, solution and seeded ordering variants", { timeout: 30_000 }, () => {
    let seed = 12345;
    const rnd = (n: number) => { seed = (seed * 1103515245 + 12345) & 0x7fffffff; return seed % n; };
    const texts: string[] = [];
    for (const rules of STAGE_RULES) {
      const variants: [readonly Ordering[], boolean, boolean][] = [[rules.start, rules.startPadded, false], [rules.solution, true, true]];
      variants.push([rules.sites.map((s) => s.allowed[rnd(s.allowed.length)]!), rnd(2) === 1, rnd(2) === 1]);
      for (const [ords, padded, tagged] of variants) {
        const prog = compiled(sourceOf(rules, ords, padded, tagged));
        const opts = { preemptions: rules.preemptions, fifo: rules.fifo };
        texts.push(searchText(prog, opts), canonicalJson(check(prog, { ...opts, por: false, maxExecutions: 500 })));
      }
    }
    expect(hashString(texts.join("\n"))).toBe("9d15fd6dae9459b6");
  });
  it("litmus table, every interleaving", { timeout: 30_000 }, () => {
    const texts = LITMUS.map((t) => searchText(compiled(t.program), { preemptions: Infinity }));
    expect(hashString(texts.join("\n"))).toBe("27f7aeb2427b4f7b");
  });
  it("the ring with planted bugs, and with tight loop and step bounds", { timeout: 30_000 }, () => {
    const texts: string[] = [];
    for (const [from, to] of MUTANTS) {
      const prog = compiled(RING.replace(from, to));
      for (const preemptions of [2, Infinity]) texts.push(searchText(prog, { preemptions }));
    }
    const ring = compiled(RING);
    texts.push(searchText(ring, { preemptions: 2, loopBound: 1 }), searchText(ring, { preemptions: 2, stepBudget: 9 }));
    texts.push(searchText(compiled(spscRing({ capacity: 2, messages: 3, fullTest: "N + 1" })), { preemptions: 2 }));
    expect(hashString(texts.join("\n"))).toBe("b228eba3638dd2c3");
  });
});
