/**
 * The race-free-queue duel: two players in one room. The AUTHOR writes a queue (chooses its orderings, padding, tag)
 * against a clock and submits it; the BREAKER then has a clock of their own to break that very program as the
 * scheduler (step threads, choose which store each load reads). The referee:
 *  - the breaker wins by reaching any property violation the checker knows (lost or duplicated message, read of an
 *    unwritten slot, overwrite of an unread one, data race, FIFO, assertion, …) before their time runs out;
 *  - the author wins when the breaker's time runs out or the breaker gives up;
 *  - an author who lets the writing clock run out without submitting, or resigns, loses by forfeit.
 * At the submit the bounded model checker runs on the submitted program (the stage's bounds and budget), and its
 * verdict is the ground truth shown with the result: "the checker found a counterexample your opponent missed" or
 * "verified within bounds".
 *
 * The duel is a level of its own (`raceFreeQueueDuel`, played only in duel rooms): one deterministic state machine
 * whose actions carry the seat that made them ({by, move}), so one log holds both sides' moves and one replay
 * re-simulates the whole duel. The room stamps `by` from the sender's seat; a player never names their own seat.
 * The author's board is a programmer-mode QueueState (stepped by game.ts); the breaker's board is a scheduler-mode
 * QueueState over the submitted source, stepped here with the stage's own bounds (FIFO off for stacks).
 *
 * Duel stages are the programmer stages whose orderings are the program (editable sites): 1 publish, 2 SPSC ring,
 * 5 Treiber stack, 8 Michael–Scott, 9 MPSC. Not dueled: 4 (only padding changes, never correctness), 7 (a single tag
 * toggle; the ABA schedule is long for a timed turn), the scheduler stages (fixed programs) and 10 (the solo duel on
 * the same ring as 2).
 *
 * Known limit: every client replays the whole duel, so a breaker's browser holds the submitted program and could run
 * the checker on it; the duel client shows the referee's verdict only after the round.
 */
import { fail, ok, type Result } from "../../engine/errors.ts";
import { hashState } from "../../engine/hash.ts";
import type { Level, LevelEvent, MetricInfo, StageInfo, Status } from "../../engine/level.ts";
import { isRecord } from "../../engine/validate.ts";
import { check, replayActions } from "./checker.ts";
import { compileSource } from "./compile.ts";
import { compiled, initQueue, orderingCost, stepQueue, type CheckRecord, type QueueAction, type QueueState } from "./game.ts";
import { raceFreeQueue } from "./index.ts";
import { STAGE_RULES, STAGES, TICK_MS } from "./stages.ts";
import { choices, initMachine, MISCONCEPTION, runnable, type Property } from "./threads.ts";

export const DUEL_LEVEL_ID = "race-free-queue-duel";
export const DUEL_STAGE_IDS: readonly number[] = [1, 2, 5, 8, 9];
export const DEFAULT_DUEL_STAGE = 2;

export type Seat = "author" | "breaker";
export const SEATS: readonly Seat[] = ["author", "breaker"];
export type DuelPhase = "waiting" | "writing" | "breaking" | "verdict";

/** Three minutes at five ticks a second, for each turn (a room may choose other limits before the duel starts). */
export const DEFAULT_TURN_TICKS = (3 * 60 * 1000) / TICK_MS;
/** Longest turn a room may set: 30 minutes. */
export const MAX_TURN_TICKS = (30 * 60 * 1000) / TICK_MS;

export type DuelMove =
  | QueueAction
  /** The room seats a player (room-only: a client never sends it). */
  | { readonly type: "sit"; readonly seat: Seat }
  /** The room sets both clocks before the duel starts (room-only). */
  | { readonly type: "limits"; readonly writeTicks: number; readonly breakTicks: number }
  /** The author forfeits while writing, or the breaker gives up while breaking. */
  | { readonly type: "resign" };

export interface DuelAction {
  readonly by: Seat | "room";
  readonly move: DuelMove;
}

export type DuelReason = "" | "violation" | "time" | "gave-up" | "forfeit" | "no-submit";

export interface DuelState {
  tick: number;
  stage: number;
  phase: DuelPhase;
  seated: { author: boolean; breaker: boolean };
  writeTicks: number;
  breakTicks: number;
  /** The tick at which the current turn's clock runs out (0 while waiting and after the verdict). */
  deadline: number;
  /** The author's editor: a programmer board of the stage. */
  author: QueueState;
  /** The breaker's scheduler board over the submitted program (null until the submit). */
  breaker: QueueState | null;
  /** The checker's verdict on the submitted program: the ground truth shown after the round. */
  referee: CheckRecord | null;
  winner: Seat | null;
  reason: DuelReason;
  /** The violation the breaker reached. */
  found: { property: Property; message: string } | null;
  text: string;
}

export type DuelEvent = LevelEvent & { readonly by?: Seat | "room" };

const DUEL_METRICS: readonly MetricInfo[] = [
  { key: "breakerWon", label: "Breaker won", unit: "count", better: "higher" },
  { key: "orderingCost", label: "Ordering cost", unit: "count", better: "lower" },
  { key: "refereeCounterexample", label: "Checker found a bug", unit: "count", better: "lower" },
  { key: "steps", label: "Scheduler steps", unit: "count", better: "lower" },
  { key: "restarts", label: "Restarts", unit: "count", better: "lower" },
  { key: "ticks", label: "Time", unit: "ticks", better: "lower" },
];

export const DUEL_STAGES: readonly StageInfo[] = DUEL_STAGE_IDS.map((id) => {
  const solo = STAGES[id - 1]!;
  return {
    ...solo,
    goal: `Author: write "${solo.title}" with orderings that survive any schedule, and submit. ` +
      "Breaker: step the submitted program as the scheduler until a message is lost, duplicated or torn, or a race shows.",
    metrics: DUEL_METRICS,
  };
});

export function isDuelStage(stage: number): boolean {
  return DUEL_STAGE_IDS.includes(stage);
}

export function initDuel(stage: number): DuelState {
  const id = isDuelStage(stage) ? stage : DEFAULT_DUEL_STAGE;
  // The author edits a programmer board; its solo win condition (an ordering-cost target) plays no part here.
  const author: QueueState = { ...initQueue(id), mode: "programmer" };
  return {
    tick: 0, stage: id, phase: "waiting", seated: { author: false, breaker: false },
    writeTicks: DEFAULT_TURN_TICKS, breakTicks: DEFAULT_TURN_TICKS, deadline: 0,
    author, breaker: null, referee: null, winner: null, reason: "", found: null, text: "",
  };
}

// ---- parsing ----------------------------------------------------------------------------------------------------

const ROOM_MOVES = new Set(["sit", "limits"]);

/** A move a player sends (the room adds the seat). Room-only moves are refused. Never throws. */
export function parseDuelMove(untrusted: unknown): Result<DuelMove> {
  if (isRecord(untrusted) && untrusted.type === "resign") {
    return Object.keys(untrusted).length === 1 ? ok({ type: "resign" }) : fail("E_BAD_ACTION", "A resign action has exactly the field type.");
  }
  if (isRecord(untrusted) && typeof untrusted.type === "string" && ROOM_MOVES.has(untrusted.type)) {
    return fail("E_FORBIDDEN", `Only the room may send "${untrusted.type}".`);
  }
  return raceFreeQueue.parse(untrusted);
}

const turnTicks = (v: unknown): v is number => typeof v === "number" && Number.isInteger(v) && v >= 1 && v <= MAX_TURN_TICKS;

function parseRoomMove(m: Record<string, unknown>): Result<DuelMove> {
  const keys = Object.keys(m);
  if (m.type === "sit") {
    return keys.length === 2 && (m.seat === "author" || m.seat === "breaker") ? ok({ type: "sit", seat: m.seat }) : fail("E_BAD_ACTION", "A sit action has exactly the fields type and seat (author or breaker).");
  }
  if (keys.length !== 3 || !turnTicks(m.writeTicks) || !turnTicks(m.breakTicks)) {
    return fail("E_BAD_ACTION", `A limits action has writeTicks and breakTicks, each 1 to ${MAX_TURN_TICKS}.`);
  }
  return ok({ type: "limits", writeTicks: m.writeTicks, breakTicks: m.breakTicks });
}

/** A logged duel action {by, move}: what the room applies and what a replay holds. Never throws. */
export function parseDuelAction(untrusted: unknown): Result<DuelAction> {
  if (!isRecord(untrusted) || Object.keys(untrusted).length !== 2 || !isRecord(untrusted.move)) {
    return fail("E_BAD_ACTION", "A duel action is {by, move}.");
  }
  const by = untrusted.by;
  if (by !== "author" && by !== "breaker" && by !== "room") return fail("E_BAD_ACTION", "by must be author, breaker or room.");
  const raw = untrusted.move;
  const roomMove = typeof raw.type === "string" && ROOM_MOVES.has(raw.type);
  const move = roomMove ? parseRoomMove(raw) : parseDuelMove(raw);
  if (!move.ok) return move;
  return ok({ by, move: move.value });
}

// ---- the referee ------------------------------------------------------------------------------------------------

const AUTHOR_MOVES = new Set(["order", "pad", "tag", "check", "submit"]);
const BREAKER_MOVES = new Set(["step", "restart"]);

const seconds = (ticks: number): number => Math.round((ticks * TICK_MS) / 1000);

/** Whose turn a phase is. */
export function turnOf(phase: DuelPhase): Seat | null {
  return phase === "writing" ? "author" : phase === "breaking" ? "breaker" : null;
}

/** Why `by` may not make `move` now, or null if they may. */
function refusal(state: DuelState, by: Seat | "room", move: DuelMove): Result<never> | null {
  if (by === "room") {
    if (!ROOM_MOVES.has(move.type)) return fail("E_FORBIDDEN", "The room only seats players and sets the clocks.");
    if (state.phase !== "waiting") return fail("E_DUEL_PHASE", "The duel has started: seats and clocks are fixed.");
    return null;
  }
  if (ROOM_MOVES.has(move.type)) return fail("E_FORBIDDEN", `Only the room may send "${move.type}".`);
  if (state.phase === "waiting") return fail("E_DUEL_PHASE", "The duel starts when both the author and the breaker have joined.");
  if (state.phase === "verdict") return fail("E_DUEL_PHASE", "The duel is over.");
  const turn = turnOf(state.phase)!;
  if (by !== turn) {
    return fail("E_NOT_YOUR_TURN", turn === "author" ? "The author is still writing the queue: wait for the submit." : "The queue has been submitted: it is the breaker's turn.");
  }
  if (move.type === "resign") return null;
  const mine = by === "author" ? AUTHOR_MOVES : BREAKER_MOVES;
  if (!mine.has(move.type)) {
    return fail("E_DUEL_MOVE", by === "author" ? "The author edits orderings, checks and submits; the breaker steps." : "The breaker steps threads and restarts; the program is the author's.");
  }
  return null;
}

export function stepDuel(state: DuelState, action: DuelAction): Result<DuelEvent[]> {
  const refused = refusal(state, action.by, action.move);
  if (refused) return refused;
  const { by, move } = action;
  switch (move.type) {
    case "sit": return sit(state, move.seat);
    case "limits":
      state.writeTicks = move.writeTicks;
      state.breakTicks = move.breakTicks;
      return ok([{ kind: "limits", by, text: `Clocks: ${seconds(move.writeTicks)} s to write, ${seconds(move.breakTicks)} s to break.` }]);
    case "resign":
      return ok(by === "author"
        ? decide(state, "breaker", "forfeit", "The author resigned: the breaker wins by forfeit.")
        : decide(state, "author", "gave-up", "The breaker gave up: the author's queue stands."));
    case "submit": return submit(state);
    case "step": return breakerStep(state, move.thread, move.choice);
    case "restart": {
      const board = state.breaker!;
      board.exec = { machine: initMachine(compiled(board.source)), actions: [], events: [] };
      board.restarts++;
      return ok([{ kind: "restarted", by, sound: "tick", text: "A fresh execution: every thread back at its first line." }]);
    }
    default: return authorEdit(state, move);
  }
}

function sit(state: DuelState, seat: Seat): Result<DuelEvent[]> {
  if (state.seated[seat]) return fail("E_SEAT_TAKEN", `The ${seat} seat is already taken.`);
  state.seated[seat] = true;
  const events: DuelEvent[] = [{ kind: "sat", by: seat, text: `The ${seat} has joined.` }];
  if (state.seated.author && state.seated.breaker) {
    state.phase = "writing";
    state.deadline = state.tick + state.writeTicks;
    events.push({ kind: "writing", sound: "place", text: `The author has ${seconds(state.writeTicks)} s to write and submit the queue.` });
  }
  return ok(events);
}

/** order/pad/tag/check on the author's board, through the level's own rules. */
function authorEdit(state: DuelState, move: QueueAction): Result<DuelEvent[]> {
  const board = state.author;
  const stepped = stepQueue(board, move);
  if (!stepped.ok) return stepped;
  // A programmer board ends itself on a verified check at the cost target; in a duel only the submit ends the turn.
  board.phase = "playing";
  board.endText = "";
  return ok(stepped.value.filter((e) => e.kind !== "won").map((e) => ({ ...e, by: "author" as const })));
}

function submit(state: DuelState): Result<DuelEvent[]> {
  const author = state.author;
  const compiledOk = compileSource(author.source);
  if (!compiledOk.ok) return fail("E_COMPILE", `The queue does not compile: ${compiledOk.error.message} (line ${compiledOk.error.span.line}).`);
  const rules = STAGE_RULES[state.stage - 1]!;
  const prog = compiled(author.source);
  // The author's own check of this very program is the same search with the same bounds: reuse it.
  const own = author.lastCheck?.source === author.source ? author.lastCheck : null;
  const r = own ?? (() => {
    const c = check(prog, { preemptions: rules.preemptions, maxExecutions: rules.maxExecutions, fifo: rules.fifo });
    return { source: author.source, verdict: c.verdict, executions: c.executions, summary: c.summary, counterexample: c.counterexample ?? null };
  })();
  state.referee = r;
  state.breaker = {
    tick: state.tick, stage: state.stage, mode: "scheduler", orderings: author.orderings.slice(), padded: author.padded, tagged: author.tagged,
    source: author.source, checks: 0, lastCheck: null, exec: { machine: initMachine(prog), actions: [], events: [] }, restarts: 0,
    submitted: true, duelEnds: state.tick + state.breakTicks, phase: "playing", endText: "", misconception: "",
  };
  state.phase = "breaking";
  state.deadline = state.tick + state.breakTicks;
  return ok([{ kind: "submitted", by: "author", sound: "place", text: `Submitted. The breaker has ${seconds(state.breakTicks)} s to break it.` }]);
}

function breakerStep(state: DuelState, thread: number, choice: number): Result<DuelEvent[]> {
  const board = state.breaker!;
  const exec = board.exec!;
  const prog = compiled(board.source);
  const m = exec.machine;
  if (m.violation || m.bounded) return fail("E_FINISHED", "This execution has ended: restart to try another schedule.");
  if (thread >= prog.threads.length) return fail("E_NO_THREAD", `There are ${prog.threads.length} threads (0 to ${prog.threads.length - 1}).`);
  if (!runnable(m, thread)) {
    const name = prog.threads[thread]!.name;
    return fail("E_NOT_RUNNABLE", m.threads[thread]!.status === "done" ? `${name} has finished.` : `${name} is spinning: nothing it waits on has changed yet.`);
  }
  const count = choices(prog, m, thread).length;
  if (choice >= count) return fail("E_BAD_CHOICE", `That step has ${count} allowed choice${count === 1 ? "" : "s"} (0 to ${count - 1}).`);
  // Re-running the whole schedule with the stage's bounds (FIFO off for stacks) gives the same machine the checker
  // would reach along this path, including the end-of-run checks and a stuck run's progress violation.
  const rules = STAGE_RULES[state.stage - 1]!;
  const actions = [...exec.actions, { thread, choice }];
  const replayed = replayActions(prog, actions, { fifo: rules.fifo });
  if (!replayed.ok) return fail("E_BAD_CHOICE", replayed.message);
  const machine = replayed.machine;
  board.exec = { machine, actions, events: replayed.events };
  const last = replayed.events[replayed.events.length - 1]!;
  const events: DuelEvent[] = [{ kind: "stepped", by: "breaker", sound: "tick", text: last.text }];
  if (machine.violation) {
    const v = machine.violation;
    state.found = { property: v.property, message: v.message };
    board.phase = "won";
    board.misconception = MISCONCEPTION[v.property];
    events.push({ kind: "violation", by: "breaker", sound: "lose", text: `${MISCONCEPTION[v.property]}: ${v.message}` });
    events.push(...decide(state, "breaker", "violation", `The breaker wins: ${v.message}.`));
  } else if (machine.threads.every((t) => t.status === "done")) {
    events.push({ kind: "finished", text: "Every thread finished and every message arrived intact: restart (N) and try another schedule." });
  } else if (machine.bounded) {
    events.push({ kind: "finished", text: `This execution hit the ${machine.bounded}: restart (N).` });
  }
  return ok(events);
}

function decide(state: DuelState, winner: Seat, reason: DuelReason, text: string): DuelEvent[] {
  state.phase = "verdict";
  state.winner = winner;
  state.reason = reason;
  state.deadline = 0;
  state.text = `${text} ${groundTruth(state)}`.trim();
  return [{ kind: "verdict", sound: winner === "breaker" ? "win" : "lose", text: state.text }];
}

/** The checker's word on the submitted program, phrased for the round that just ended. */
export function groundTruth(state: DuelState): string {
  const r = state.referee;
  if (!r) return "No queue was submitted, so the checker had nothing to referee.";
  if (r.verdict === "counterexample") {
    const cx = r.counterexample!;
    const missed = state.winner === "author" ? " Your opponent missed it." : "";
    return `The checker found a counterexample in ${r.executions} executions (${cx.misconception}: ${cx.message}).${missed}`;
  }
  if (r.verdict === "verified") return `The checker: verified within bounds (${r.executions} executions).`;
  return `The checker ran out of budget after ${r.executions} executions without finding a bug.`;
}

export function tickDuel(state: DuelState): DuelEvent[] {
  state.tick++;
  if (state.breaker) state.breaker.tick = state.tick;
  if (state.deadline === 0 || state.tick < state.deadline) return [];
  if (state.phase === "writing") return decide(state, "breaker", "no-submit", "The author's time ran out before a submit: the breaker wins by forfeit.");
  if (state.phase === "breaking") return decide(state, "author", "time", "Time is up: the breaker did not break the queue, the author wins.");
  return [];
}

/** Ticks left on the current turn's clock (0 when no clock runs). */
export function ticksLeft(state: DuelState): number {
  return state.deadline === 0 ? 0 : Math.max(0, state.deadline - state.tick);
}

/** The engine's view: still playing until the verdict; then "won" when the breaker broke the queue, else "lost". */
export function duelStatus(state: DuelState): Status {
  if (state.phase !== "verdict") return { phase: "playing", text: "" };
  const cx = state.referee?.counterexample;
  const misconception = state.found ? MISCONCEPTION[state.found.property] : cx?.misconception;
  return { phase: state.winner === "breaker" ? "won" : "lost", text: state.text, ...(misconception ? { misconception } : {}) };
}

export function duelMetrics(state: DuelState): Record<string, number> {
  return {
    breakerWon: state.winner === "breaker" ? 1 : 0,
    orderingCost: orderingCost(state.author),
    refereeCounterexample: state.referee?.verdict === "counterexample" ? 1 : 0,
    steps: state.breaker?.exec?.actions.length ?? 0,
    restarts: state.breaker?.restarts ?? 0,
    ticks: state.tick,
  };
}

export const raceFreeQueueDuel: Level<DuelState, DuelAction, DuelEvent> = {
  id: DUEL_LEVEL_ID,
  title: "race-free queue duel",
  blurb: "One player writes a queue, the other breaks it as the scheduler; the model checker referees.",
  built: true,
  version: 1,
  stages: DUEL_STAGES,
  init: (stage) => initDuel(stage),
  parse: parseDuelAction,
  step: stepDuel,
  // The author's check and the submit run the bounded model checker: off the room's thread.
  heavy: (action) => action.move.type === "check" || action.move.type === "submit",
  tick: tickDuel,
  status: duelStatus,
  metrics: duelMetrics,
  hash: hashState,
};
