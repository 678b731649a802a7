import { describe, expect, it } from "vitest";
import { recordReplay, verifyReplay } from "../../../shared/engine/replay.ts";
import { act, advance, runStatus, startRun, type Run } from "../../../shared/engine/run.ts";
import { check, compiled, sourceOf, STAGE_RULES } from "../../../shared/levels/race-free-queue/index.ts";
import {
  DUEL_STAGE_IDS, parseDuelMove, raceFreeQueueDuel, ticksLeft, type DuelState,
} from "../../../shared/levels/race-free-queue/duel.ts";
import type { Ordering } from "../../../shared/levels/race-free-queue/ast.ts";

const state = (r: Run) => r.state as DuelState;
function must(r: ReturnType<typeof act>) {
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
  return r.value;
}
function code(r: ReturnType<typeof act>): string {
  return r.ok ? "accepted" : r.error.code;
}

/** A duel of `stage` with both seats taken and short clocks. */
function started(stage = 2, writeTicks = 50, breakTicks = 40): Run {
  const r = startRun(raceFreeQueueDuel, stage, 7);
  must(act(r, { by: "room", move: { type: "limits", writeTicks, breakTicks } }));
  must(act(r, { by: "room", move: { type: "sit", seat: "author" } }));
  must(act(r, { by: "room", move: { type: "sit", seat: "breaker" } }));
  return r;
}

function submitWith(r: Run, orderings: readonly Ordering[]) {
  orderings.forEach((o, site) => must(act(r, { by: "author", move: { type: "order", site, ordering: o } })));
  must(act(r, { by: "author", move: { type: "submit" } }));
}

/** The checker's first counterexample on this stage with these orderings: a schedule the breaker can play. */
function counterexampleOf(stage: number, orderings: readonly Ordering[]) {
  const rules = STAGE_RULES[stage - 1]!;
  const cx = check(compiled(sourceOf(rules, orderings, false, false)), { preemptions: rules.preemptions, maxExecutions: rules.maxExecutions, fifo: rules.fifo }).counterexample;
  if (!cx) throw new Error("expected a bug");
  return cx;
}

const RELAXED_PUBLISH: readonly Ordering[] = ["Relaxed", "Acquire", "Relaxed", "Relaxed", "Acquire", "Release"];

describe("race-free-queue duel: phases", () => {
  it("waits for both players, then the author writes against a clock; nobody acts before both have joined", { timeout: 10_000 }, () => {
    const r = startRun(raceFreeQueueDuel, 2, 1);
    expect(state(r).phase).toBe("waiting");
    expect(code(act(r, { by: "author", move: { type: "order", site: 0, ordering: "Acquire" } }))).toBe("E_DUEL_PHASE");
    must(act(r, { by: "room", move: { type: "sit", seat: "author" } }));
    expect(code(act(r, { by: "room", move: { type: "sit", seat: "author" } }))).toBe("E_SEAT_TAKEN");
    expect(state(r).phase).toBe("waiting");
    must(act(r, { by: "room", move: { type: "sit", seat: "breaker" } }));
    expect(state(r).phase).toBe("writing");
    expect(ticksLeft(state(r))).toBe(900);
    expect(code(act(r, { by: "room", move: { type: "limits", writeTicks: 10, breakTicks: 10 } }))).toBe("E_DUEL_PHASE");
  });

  it("only the stages whose orderings are editable can be dueled, and each shows its own goal", () => {
    expect(DUEL_STAGE_IDS).toEqual([1, 2, 5, 8, 9]);
    for (const id of DUEL_STAGE_IDS) {
      expect(STAGE_RULES[id - 1]!.mode).toBe("programmer");
      expect(STAGE_RULES[id - 1]!.sites.length).toBeGreaterThan(0);
    }
    expect(raceFreeQueueDuel.stages.map((s) => s.id)).toEqual([1, 2, 5, 8, 9]);
    expect(raceFreeQueueDuel.stages[0]!.goal).toContain("Breaker");
  });

  it("out-of-turn moves are refused with typed errors and change nothing", () => {
    const r = started();
    const before = raceFreeQueueDuel.hash(state(r));
    expect(code(act(r, { by: "breaker", move: { type: "step", thread: 0, choice: 0 } }))).toBe("E_NOT_YOUR_TURN");
    expect(code(act(r, { by: "breaker", move: { type: "order", site: 0, ordering: "Acquire" } }))).toBe("E_NOT_YOUR_TURN");
    expect(code(act(r, { by: "author", move: { type: "step", thread: 0, choice: 0 } }))).toBe("E_DUEL_MOVE");
    expect(code(act(r, { by: "author", move: { type: "sit", seat: "breaker" } }))).toBe("E_FORBIDDEN");
    expect(code(act(r, { by: "room", move: { type: "submit" } }))).toBe("E_FORBIDDEN");
    expect(code(act(r, { by: "spectator", move: { type: "submit" } }))).toBe("E_BAD_ACTION");
    expect(raceFreeQueueDuel.hash(state(r))).toBe(before);
    submitWith(r, RELAXED_PUBLISH);
    expect(state(r).phase).toBe("breaking");
    const locked = raceFreeQueueDuel.hash(state(r));
    expect(code(act(r, { by: "author", move: { type: "order", site: 2, ordering: "Release" } }))).toBe("E_NOT_YOUR_TURN");
    expect(code(act(r, { by: "author", move: { type: "submit" } }))).toBe("E_NOT_YOUR_TURN");
    expect(code(act(r, { by: "breaker", move: { type: "check" } }))).toBe("E_DUEL_MOVE");
    expect(code(act(r, { by: "breaker", move: { type: "step", thread: 3, choice: 0 } }))).toBe("E_NO_THREAD");
    expect(code(act(r, { by: "breaker", move: { type: "step", thread: 0, choice: 200 } }))).toBe("E_BAD_CHOICE");
    expect(raceFreeQueueDuel.hash(state(r))).toBe(locked);
  });

  it("a player can never send the room's moves", () => {
    expect(parseDuelMove({ type: "sit", seat: "author" })).toMatchObject({ ok: false, error: { code: "E_FORBIDDEN" } });
    expect(parseDuelMove({ type: "limits", writeTicks: 1, breakTicks: 1 })).toMatchObject({ ok: false, error: { code: "E_FORBIDDEN" } });
    expect(parseDuelMove({ type: "resign" })).toEqual({ ok: true, value: { type: "resign" } });
    expect(parseDuelMove({ type: "step", thread: 0, choice: 0, extra: 1 }).ok).toBe(false);
    expect(raceFreeQueueDuel.parse({ by: "author", move: { type: "limits", writeTicks: 0, breakTicks: 5 } }).ok).toBe(false);
  });
});

describe("race-free-queue duel: the referee", () => {
  it("relaxed publish: the breaker who plays the bad schedule wins, and the checker agrees", { timeout: 20_000 }, () => {
    const r = started();
    submitWith(r, RELAXED_PUBLISH);
    expect(state(r).referee?.verdict).toBe("counterexample");
    expect(state(r).breaker?.source).toContain("tail.store(t + 1, Ordering::Relaxed)");
    const cx = counterexampleOf(2, RELAXED_PUBLISH);
    // A wrong first try, a restart, then the schedule.
    must(act(r, { by: "breaker", move: { type: "step", thread: 1, choice: 0 } }));
    must(act(r, { by: "breaker", move: { type: "restart" } }));
    for (const a of cx.actions) must(act(r, { by: "breaker", move: { type: "step", thread: a.thread, choice: a.choice } }));
    const s = state(r);
    expect(s.phase).toBe("verdict");
    expect(s.winner).toBe("breaker");
    expect(s.reason).toBe("violation");
    expect(s.found?.property).toBe("data-race");
    expect(runStatus(r)).toMatchObject({ phase: "won", misconception: "data race" });
    expect(s.text).toContain("The breaker wins");
    expect(s.text).toMatch(/counterexample in \d+ executions/);
    expect(raceFreeQueueDuel.metrics(s)).toMatchObject({ breakerWon: 1, refereeCounterexample: 1, restarts: 1, steps: cx.actions.length });
    expect(code(act(r, { by: "breaker", move: { type: "restart" } }))).toBe("E_FINISHED");
  });

  it("a correct queue: the author wins when the breaker's clock runs out, and the checker certifies it", { timeout: 20_000 }, () => {
    const r = started(2, 50, 40);
    must(act(r, { by: "author", move: { type: "check" } }));
    submitWith(r, STAGE_RULES[1]!.solution);
    must(act(r, { by: "breaker", move: { type: "step", thread: 0, choice: 0 } }));
    for (let i = 0; i < 39; i++) advance(r);
    expect(state(r).phase).toBe("breaking");
    expect(ticksLeft(state(r))).toBe(1);
    advance(r);
    const s = state(r);
    expect(s).toMatchObject({ phase: "verdict", winner: "author", reason: "time" });
    expect(s.text).toContain("verified within bounds");
    expect(runStatus(r).phase).toBe("lost");
    expect(raceFreeQueueDuel.metrics(s)).toMatchObject({ breakerWon: 0, refereeCounterexample: 0, orderingCost: 10 });
  });

  it("a buggy queue that survives the clock: the verdict says the opponent missed the checker's counterexample", { timeout: 20_000 }, () => {
    const r = started(1, 20, 5);
    must(act(r, { by: "author", move: { type: "submit" } }));
    for (let i = 0; i < 5; i++) advance(r);
    expect(state(r).winner).toBe("author");
    expect(state(r).text).toContain("Your opponent missed it");
  });

  it("the author's clock running out without a submit forfeits; resigning ends a turn at once", () => {
    const r = started(2, 30, 30);
    for (let i = 0; i < 30; i++) advance(r);
    expect(state(r)).toMatchObject({ phase: "verdict", winner: "breaker", reason: "no-submit" });
    expect(state(r).text).toContain("nothing to referee");

    const g = started(5, 30, 30);
    must(act(g, { by: "author", move: { type: "submit" } }));
    must(act(g, { by: "breaker", move: { type: "resign" } }));
    expect(state(g)).toMatchObject({ phase: "verdict", winner: "author", reason: "gave-up" });

    const f = started(9, 30, 30);
    expect(code(act(f, { by: "breaker", move: { type: "resign" } }))).toBe("E_NOT_YOUR_TURN");
    must(act(f, { by: "author", move: { type: "resign" } }));
    expect(state(f)).toMatchObject({ phase: "verdict", winner: "breaker", reason: "forfeit" });
  });

  it("a stack duel judges the stack as a stack: no FIFO complaint about LIFO order", { timeout: 20_000 }, () => {
    const r = started(5, 30, 400);
    submitWith(r, STAGE_RULES[4]!.solution);
    // Step the threads in turn to the end of one execution, always taking the first choice.
    for (let n = 0; n < 300 && state(r).phase === "breaking"; n++) {
      const exec = state(r).breaker!.exec!;
      if (exec.machine.threads.every((t) => t.status === "done") || exec.machine.bounded) break;
      const tid = [0, 1, 2].find((t) => raceFreeQueueDuel.step(state(r), { by: "breaker", move: { type: "step", thread: t, choice: 0 } }).ok);
      if (tid === undefined) break;
    }
    expect(state(r).breaker!.exec!.machine.threads.every((t) => t.status === "done")).toBe(true);
    expect(state(r).found).toBeNull();
    expect(state(r).phase).toBe("breaking");
  });

  it("the whole duel (both sides' moves) is one replay that re-simulates to the same hash", { timeout: 20_000 }, () => {
    const r = started();
    submitWith(r, RELAXED_PUBLISH);
    advance(r);
    for (const a of counterexampleOf(2, RELAXED_PUBLISH).actions) must(act(r, { by: "breaker", move: { type: "step", ...a } }));
    const replay = recordReplay(r);
    expect(replay.actions.map((a) => (a.action as { by: string }).by)).toEqual(expect.arrayContaining(["room", "author", "breaker"]));
    const verified = verifyReplay(new Map([[raceFreeQueueDuel.id, raceFreeQueueDuel]]), replay);
    expect(verified.valid).toBe(true);
    const forged = { ...replay, actions: replay.actions.map((a) => ({ ...a, action: { ...(a.action as object), by: (a.action as { by: string }).by === "breaker" ? "author" : (a.action as { by: string }).by } })) };
    expect(verifyReplay(new Map([[raceFreeQueueDuel.id, raceFreeQueueDuel]]), forged).valid).toBe(false);
  });
});
