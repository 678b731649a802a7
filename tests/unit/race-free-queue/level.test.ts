import { describe, expect, it } from "vitest";
import { act, advance, runStatus, startRun } from "../../../shared/engine/run.ts";
import {
  cacheRun, check, compiled, ORDERING_COST, raceFreeQueue, render, runnable, sourceOf, STAGE_RULES, type QueueState,
} from "../../../shared/levels/race-free-queue/index.ts";

function run(stage: number) {
  return startRun(raceFreeQueue, stage, 1);
}
function must(r: ReturnType<typeof act>) {
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}
const state = (r: ReturnType<typeof run>) => r.state as QueueState;

describe("race-free-queue level: programmer mode", () => {
  it("stage 1: a relaxed flag fails the check with a data race; Release/Acquire wins", () => {
    const r = run(1);
    const first = must(act(r, { type: "check" }));
    expect(first.events.some((e) => e.kind === "violation")).toBe(true);
    expect(state(r).lastCheck?.counterexample?.property).toBe("data-race");
    expect(runStatus(r).phase).toBe("playing");
    must(act(r, { type: "order", site: 0, ordering: "Release" }));
    must(act(r, { type: "order", site: 1, ordering: "Acquire" }));
    must(act(r, { type: "check" }));
    expect(runStatus(r).phase).toBe("won");
    expect(runStatus(r).text).toContain("Guaranteed");
    expect(raceFreeQueue.metrics(state(r))).toMatchObject({ verified: 1, orderingCost: 4, checks: 2 });
  });

  it("SeqCst everywhere is correct but not the weakest: verified, still playing", () => {
    const r = run(1);
    must(act(r, { type: "order", site: 0, ordering: "SeqCst" }));
    must(act(r, { type: "order", site: 1, ordering: "SeqCst" }));
    const res = must(act(r, { type: "check" }));
    expect(state(r).lastCheck?.verdict).toBe("verified");
    expect(res.events.map((e) => e.text).join(" ")).toContain("ordering cost 8 > 4");
    expect(runStatus(r).phase).toBe("playing");
  });

  it("refuses an ordering Rust panics on, leaving the state untouched", () => {
    const r = run(1);
    const before = raceFreeQueue.hash(state(r));
    const res = act(r, { type: "order", site: 0, ordering: "Acquire" });
    expect(!res.ok && res.error.code).toBe("E_BAD_ORDERING");
    expect(raceFreeQueue.hash(state(r))).toBe(before);
    expect(!act(r, { type: "order", site: 9, ordering: "Relaxed" }).ok).toBe(true);
    expect(!act(r, { type: "step", thread: 0, choice: 0 }).ok).toBe(true);
  });

  it("stage 4: the correct ring wins only once head and tail are padded, and padding raises throughput", () => {
    const r = run(4);
    must(act(r, { type: "check" }));
    expect(state(r).lastCheck?.verdict).toBe("verified");
    expect(runStatus(r).phase).toBe("playing");
    const unpadded = raceFreeQueue.metrics(state(r));
    must(act(r, { type: "pad", padded: true }));
    must(act(r, { type: "check" }));
    expect(runStatus(r).phase).toBe("won");
    const padded = raceFreeQueue.metrics(state(r));
    expect(padded.throughput).toBeGreaterThan(unpadded.throughput!);
    expect(padded.lineTransfers).toBeLessThan(unpadded.lineTransfers!);
  });
});

describe("race-free-queue level: every programmer stage's target is the weakest correct choice", () => {
  for (const rules of STAGE_RULES.filter((s) => s.mode !== "scheduler")) {
    it(`stage ${rules.stage}: the reference orderings verify at cost ${rules.targetCost}, and weakening any site is caught`, () => {
      const opts = { preemptions: rules.preemptions, fifo: rules.fifo };
      expect(rules.solution.reduce((s, o) => s + ORDERING_COST[o], 0)).toBe(rules.targetCost);
      expect(check(compiled(sourceOf(rules, rules.solution, true, true)), opts).verdict).toBe("verified");
      rules.solution.forEach((o, i) => {
        for (const weaker of rules.sites[i]!.allowed.filter((w) => ORDERING_COST[w] < ORDERING_COST[o])) {
          const ords = rules.solution.slice();
          ords[i] = weaker;
          const r = check(compiled(sourceOf(rules, ords, true, true)), opts);
          expect(r.verdict, `site ${i} (${rules.sites[i]!.label}) as ${weaker}`).toBe("counterexample");
        }
      });
    });
  }
});

describe("race-free-queue level: the ABA boss and its fix", () => {
  it("stage 6: the checker's counterexample is the curriculum's A/B trace, and stepping it wins the boss", () => {
    const r = run(6);
    const cx = check(compiled(state(r).source), { fifo: false }).counterexample!;
    expect(cx.property).toBe("use-after-free");
    expect(cx.misconception).toBe("ABA");
    const t = cx.trace.join("\n");
    expect(t).toMatch(/t2: free\(2\)\nt2: free\(1\)\nt2: alloc\(\) returns node 1 \(reused/);
    expect(t).toMatch(/t1: head\.compare_exchange\(1, 2\) succeeds/);
    for (const a of cx.actions) must(act(r, { type: "step", thread: a.thread, choice: a.choice }));
    expect(runStatus(r).phase).toBe("won");
    expect(runStatus(r).misconception).toBe("ABA");
  });
  it("stage 7: the untagged stack fails the check; with the tag it verifies and wins", () => {
    const r = run(7);
    must(act(r, { type: "check" }));
    expect(state(r).lastCheck?.counterexample?.property).toBe("use-after-free");
    must(act(r, { type: "tag", tagged: true }));
    expect(state(r).source).toContain("<< 16");
    must(act(r, { type: "check" }));
    expect(state(r).lastCheck?.verdict).toBe("verified");
    expect(runStatus(r).phase).toBe("won");
    expect(!act(run(2), { type: "tag", tagged: true }).ok).toBe(true);
  });
  it("the pool reports a double free", () => {
    const cx = check(compiled(`#[nodes(live = 1)]\nstatic next: [AtomicUsize; 3] = [const { AtomicUsize::new(0) }; 3];\nfn t() { free(1); free(1); }`)).counterexample!;
    expect(cx.property).toBe("double-free");
  });
});

describe("race-free-queue level: scheduler mode", () => {
  it("stage 3: stepping the checker's counterexample breaks the relaxed-publish ring (a data race), and the player wins", () => {
    const r = run(3);
    const cx = check(compiled(state(r).source)).counterexample!;
    expect(cx.property).toBe("data-race");
    for (const a of cx.actions) must(act(r, { type: "step", thread: a.thread, choice: a.choice }));
    expect(runStatus(r).phase).toBe("won");
    expect(runStatus(r).misconception).toBe("data race");
    expect(state(r).exec!.events.at(-1)!.text).toContain("data race");
  });

  it("refuses a choice the model does not offer and a thread that is spinning", () => {
    const r = run(3);
    const before = raceFreeQueue.hash(state(r));
    const bad = act(r, { type: "step", thread: 0, choice: 9 });
    expect(!bad.ok && bad.error.code).toBe("E_BAD_CHOICE");
    expect(raceFreeQueue.hash(state(r))).toBe(before);
    // The consumer finds the ring empty and spins: it cannot step again until tail changes.
    must(act(r, { type: "step", thread: 1, choice: 0 }));
    must(act(r, { type: "step", thread: 1, choice: 0 }));
    must(act(r, { type: "step", thread: 1, choice: 0 }));
    const spin = act(r, { type: "step", thread: 1, choice: 0 });
    expect(!spin.ok && spin.error.code).toBe("E_NOT_RUNNABLE");
  });

  it("a schedule that breaks nothing on a correct queue finishes cleanly and can be restarted", () => {
    const r = run(10);
    STAGE_RULES[9]!.solution.forEach((o, i) => must(act(r, { type: "order", site: i, ordering: o })));
    must(act(r, { type: "submit" }));
    let last: string | undefined;
    for (let i = 0; i < 300 && state(r).exec!.machine.threads.some((t) => t.status !== "done"); i++) {
      const m = state(r).exec!.machine;
      const tid = runnable(m, i % 2) ? i % 2 : 1 - (i % 2);
      last = must(act(r, { type: "step", thread: tid, choice: 0 })).events.at(-1)!.text;
    }
    expect(last).toContain("every message arrived intact");
    expect(runStatus(r).phase).toBe("playing");
    expect(state(r).exec!.machine.threads.map((t) => t.consumed.length)).toEqual([0, 3]);
    must(act(r, { type: "restart" }));
    expect(state(r).exec!.actions.length).toBe(0);
  });
});

describe("race-free-queue level: duel", () => {
  it("the breaker wins by breaking a weak submitted queue", () => {
    const r = run(10);
    for (let i = 0; i < 6; i++) must(act(r, { type: "order", site: i, ordering: ["Relaxed", "Acquire", "Relaxed", "Relaxed", "Acquire", "Release"][i] as "Relaxed" }));
    expect(!act(r, { type: "step", thread: 0, choice: 0 }).ok).toBe(true);
    must(act(r, { type: "submit" }));
    expect(state(r).lastCheck?.verdict).toBe("counterexample");
    expect(!act(r, { type: "order", site: 2, ordering: "Release" }).ok).toBe(true);
    for (const a of state(r).lastCheck!.counterexample!.actions) must(act(r, { type: "step", thread: a.thread, choice: a.choice }));
    expect(runStatus(r).phase).toBe("won");
    expect(runStatus(r).text).toMatch(/^The breaker wins/);
  });

  it("the builder of a correct queue wins when the clock runs out, certified by the checker", () => {
    const r = run(10);
    STAGE_RULES[9]!.solution.forEach((o, i) => must(act(r, { type: "order", site: i, ordering: o })));
    must(act(r, { type: "submit" }));
    while (runStatus(r).phase === "playing") advance(r);
    expect(runStatus(r).phase).toBe("lost");
    expect(runStatus(r).text).toContain("the builder wins");
    expect(r.state.tick).toBe(STAGE_RULES[9]!.duelTicks);
  });
});

describe("race-free-queue level: contract", () => {
  it("parse refuses malformed actions with a readable error and never throws", () => {
    for (const bad of [null, 3, "x", { type: "jump" }, { type: "step", thread: 0 }, { type: "step", thread: 9, choice: 0 },
      { type: "order", site: 0, ordering: "Consume" }, { type: "pad", padded: 1 }, { type: "check", extra: 1 }]) {
      const r = raceFreeQueue.parse(bad);
      expect(r.ok).toBe(false);
      expect(!r.ok && r.error.code).toBe("E_BAD_ACTION");
    }
  });
  it("snapshot/restore: the same actions on a structured clone give the same hash", () => {
    const a = raceFreeQueue.init(3, 1);
    const b = structuredClone(a);
    for (const s of [a, b]) {
      for (const [thread, choice] of [[0, 0], [0, 0], [0, 0], [1, 0], [0, 0]] as const) {
        const r = raceFreeQueue.step(s, { type: "step", thread, choice });
        expect(r.ok).toBe(true);
      }
    }
    expect(raceFreeQueue.hash(a)).toBe(raceFreeQueue.hash(b));
  });
  it("the cache model charges false sharing: the unpadded ring moves its one line more often", () => {
    const rules = STAGE_RULES[3]!;
    const unpadded = cacheRun(compiled(render(rules.template, rules.solution, false)));
    const padded = cacheRun(compiled(render(rules.template, rules.solution, true)));
    expect(unpadded.perLine.length).toBe(1);
    expect(padded.perLine.length).toBe(3);
    expect(padded.cycles).toBeLessThan(unpadded.cycles);
  });
});
