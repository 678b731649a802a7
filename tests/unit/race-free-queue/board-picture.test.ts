import { describe, expect, it } from "vitest";
import { act, startRun } from "../../../shared/engine/run.ts";
import { raceFreeQueue, STAGE_RULES, type QueueState } from "../../../shared/levels/race-free-queue/index.ts";
import { picture } from "../../../client/boards/race-free-queue/picture.ts";

function must(r: ReturnType<typeof act>) {
  if (!r.ok) throw new Error(r.error.message);
}

/** A duel on the correct ring, submitted, with the producer run until it has published tail once. */
function published() {
  const run = startRun(raceFreeQueue, 10, 1);
  STAGE_RULES[9]!.solution.forEach((o, i) => must(act(run, { type: "order", site: i, ordering: o })));
  must(act(run, { type: "submit" }));
  for (let i = 0; i < 4; i++) must(act(run, { type: "step", thread: 0, choice: 0 })); // tail, head, buf[0] = 1, tail.store
  return run;
}

describe("race-free-queue board picture", () => {
  it("shows the consumer's choices for its tail load: the released message and the initial one", () => {
    const run = published();
    must(act(run, { type: "step", thread: 1, choice: 0 })); // head.load
    const p = picture(run.state as QueueState, null, 1);
    expect(p.candidates.map((c) => c.text)).toEqual([
      "read 1  (#1, producer's Release write)",
      "read 0  (#0, the initial value)",
    ]);
    expect(p.locations.find((l) => l.name === "tail")!.messages.map((m) => m.val)).toEqual([0, 1]);
    // The consumer has not seen tail = 1 yet; the producer has.
    expect(p.locations.find((l) => l.name === "tail")!.views).toEqual([1, 0]);
  });

  it("draws a happens-before arrow when the acquire reads the release, and none for the stale read", () => {
    const run = published();
    must(act(run, { type: "step", thread: 1, choice: 0 }));
    const stale = structuredClone(run.state) as QueueState;
    must(act(run, { type: "step", thread: 1, choice: 0 })); // reads tail = 1 (Acquire of a Release)
    const p = picture(run.state as QueueState, null, 1);
    expect(p.arrows).toEqual([{ loc: 1, msg: 1, tid: 1, line: expect.any(Number) }]);
    expect(raceFreeQueue.step(stale, { type: "step", thread: 1, choice: 1 }).ok).toBe(true); // reads tail = 0
    expect(picture(stale, null, 1).arrows).toEqual([]);
  });

  it("shows each thread's lane at its program counter and the slot as unread", () => {
    const p = picture(published().state as QueueState, null, 0);
    expect(p.lanes.map((l) => l.name)).toEqual(["producer", "consumer"]);
    expect(p.lanes[0]!.lines.find((l) => l.pc)!.text).toContain("tail.load");
    expect(p.cells.find((c) => c.name === "buf[0]")).toMatchObject({ slot: true, full: true, val: 1 });
  });

  it("scrubs a failed check's counterexample from its first step to the violation", () => {
    const run = startRun(raceFreeQueue, 2, 1);
    must(act(run, { type: "check" }));
    const state = run.state as QueueState;
    const n = state.lastCheck!.counterexample!.actions.length;
    const start = picture(state, 0, -1);
    expect(start.caption).toBe(`counterexample: step 0 of ${n}  ([ and ] to scrub)`);
    expect(start.violation).toBe("");
    const end = picture(state, n, -1);
    expect(end.violation).toContain("data race");
    expect(end.events.length).toBe(n);
  });

  it("marks freed nodes in the ABA boss once t2 frees them", () => {
    const run = startRun(raceFreeQueue, 6, 1);
    const state = () => run.state as QueueState;
    const freed = () => picture(state(), null, 1).cells.filter((c) => c.node > 0 && !c.live).map((c) => c.name).sort();
    expect(freed()).toEqual(["value[3]"]); // node 3 starts in the pool's free list
    // t2 pops A and B (4 steps each) and frees both.
    for (let i = 0; i < 10; i++) must(act(run, { type: "step", thread: 1, choice: 0 }));
    expect(freed()).toEqual(["value[1]", "value[2]", "value[3]"]);
  });
});
