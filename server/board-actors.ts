/**
 * Boards whose ticks are heavy (Level.heavyTicks: Tetris on a player's core) live on worker threads as actors:
 * each board is pinned to one worker (server/board-worker.ts) that keeps its live state, and the room's thread only
 * sends it ops — "tick", "act", "release" — and streams the replies. The worker answers every op in order, so the
 * tick an action lands on is the number of ticks sent before it, decided on the room's thread, exactly as inline.
 *
 * Replies are streamed in the order they were produced: `clock()` (called on the room's tick) hands out the tick
 * messages that arrived, stopping at an action's result, which it settles so the room sends the action after those
 * ticks and before the next ones. A board runs at most MAX_AHEAD ticks ahead of its stream; when its worker falls
 * further behind, the room's clock skips the board (it runs slower, never out of step).
 *
 * A worker that dies is replaced, and each of its boards is rebuilt from its last checkpoint (sent every
 * CHECKPOINT_TICKS) plus the journal of ticks and accepted actions since, then the unanswered ops are sent again.
 */
import { Worker } from "node:worker_threads";
import type { AnyLevel, TickedState } from "../shared/engine/level.ts";
import type { GameError } from "../shared/engine/errors.ts";
import type { ServerMessages } from "../shared/protocol.ts";
import type { BoardOp, BoardReply, BoardView, JournalOp } from "./board-worker.ts";

/**
 * Ticks a board may be asked for before their replies have been streamed: room ticks of slack (100 ms) for a worker
 * that was descheduled to catch up in a burst instead of the board losing those ticks.
 */
const MAX_AHEAD = 6;

export interface BoardActor {
  /** What the stream has shown so far: the tick watchers have reached, the status and metrics there. */
  readonly view: { tick: number } & BoardView;
  /** The tick messages ready to stream (settling an action result met on the way), then asks for the next tick. */
  clock(): ServerMessages["tick"][];
  /** Applies a parsed action at the board's next tick; resolves with that tick, or the level's error. */
  act(action: unknown): Promise<{ tick: number; error: GameError | null }>;
  /** Brings the live state back (after every op sent before) and ends the actor. */
  release(): Promise<TickedState>;
  /** Forgets the board (room disposed): pending actions are refused. */
  stop(): void;
}

export interface BoardActors {
  host(level: AnyLevel, state: TickedState): BoardActor;
  /** The worker threads, for tests that crash one. */
  threads(): readonly Worker[];
  /** Waits (up to `ms`) for the boards being released to come home, so shutting down still records their runs. */
  settle(ms: number): Promise<void>;
  close(): Promise<void>;
}

type Inflight =
  | { t: "tick" }
  | { t: "act"; action: unknown; settle: (r: { tick: number; error: GameError | null }) => void }
  | { t: "release"; settle: (state: TickedState | null) => void };

type Received =
  | Extract<BoardReply, { t: "tick" }>
  | (Extract<BoardReply, { t: "act" }> & { settle: (r: { tick: number; error: GameError | null }) => void });

interface Slot { worker: Worker; batch: BoardOp[]; actors: Set<Actor> }

class Actor implements BoardActor {
  readonly view: { tick: number } & BoardView;
  /** Ops sent and not answered yet, in order. */
  readonly inflight: Inflight[] = [];
  /** Replies received and not streamed yet, in order. */
  readonly received: Received[] = [];
  /** Recovery: the last checkpoint and the ticks and accepted actions since. */
  checkpoint: TickedState;
  journal: JournalOp[] = [];
  /** Released or stopped: no more ops are sent. */
  stopped = false;

  readonly id: number;
  readonly level: AnyLevel;
  readonly slot: Slot;
  readonly send: (slot: Slot, op: BoardOp) => void;
  readonly gone: (actor: Actor) => void;

  constructor(id: number, level: AnyLevel, state: TickedState, slot: Slot, send: (slot: Slot, op: BoardOp) => void, gone: (actor: Actor) => void) {
    this.id = id;
    this.level = level;
    this.slot = slot;
    this.send = send;
    this.gone = gone;
    this.view = { tick: state.tick, status: level.status(state), metrics: level.metrics(state) };
    this.checkpoint = state;
    this.adopt();
  }

  adopt(): void {
    this.send(this.slot, { t: "adopt", board: this.id, level: this.level.id, version: this.level.version, state: this.checkpoint, journal: this.journal });
  }

  /** After a worker was replaced: rebuild here, then ask again what was never answered. */
  resend(): void {
    this.adopt();
    for (const op of this.inflight) {
      this.send(this.slot, op.t === "tick" ? { t: "tick", board: this.id } : op.t === "act" ? { t: "act", board: this.id, action: op.action } : { t: "release", board: this.id });
    }
  }

  ahead(): number {
    let n = 0;
    for (const op of this.inflight) if (op.t === "tick") n++;
    for (const r of this.received) if (r.t === "tick") n++;
    return n;
  }

  clock(): ServerMessages["tick"][] {
    const out: ServerMessages["tick"][] = [];
    while (this.received.length > 0) {
      const r = this.received.shift()!;
      this.show(r);
      if (r.t === "act") {
        r.settle({ tick: r.tick, error: r.error });
        break;
      }
      if (r.fault) console.error(`[board-actors] a tick of a ${this.level.id} board threw: ${r.fault}`);
      if (r.message) out.push(r.message);
    }
    if (!this.stopped && this.view.status.phase === "playing" && this.ahead() < MAX_AHEAD) {
      this.inflight.push({ t: "tick" });
      this.send(this.slot, { t: "tick", board: this.id });
    }
    return out;
  }

  show(r: Extract<BoardReply, { t: "tick" | "act" }>): void {
    if (r.t === "tick" && r.message) this.view.tick = r.message.tick;
    this.view.status = r.status;
    this.view.metrics = r.metrics;
  }

  act(action: unknown): Promise<{ tick: number; error: GameError | null }> {
    if (this.stopped) return Promise.resolve({ tick: this.view.tick, error: { code: "E_FINISHED", message: "This board is closed." } });
    return new Promise((settle) => {
      this.inflight.push({ t: "act", action, settle });
      this.send(this.slot, { t: "act", board: this.id, action });
    });
  }

  release(): Promise<TickedState> {
    if (this.stopped) return Promise.reject(new Error("the board was already released"));
    this.stopped = true;
    return new Promise((resolve, reject) => {
      this.inflight.push({ t: "release", settle: (state) => (state ? resolve(state) : reject(new Error("the board was not on its worker"))) });
      this.send(this.slot, { t: "release", board: this.id });
    });
  }

  stop(): void {
    if (!this.slot.actors.has(this)) return;
    this.stopped = true;
    this.send(this.slot, { t: "drop", board: this.id });
    for (const op of this.inflight.splice(0)) {
      if (op.t === "act") op.settle({ tick: this.view.tick, error: { code: "E_FINISHED", message: "This board is closed." } });
      if (op.t === "release") op.settle(null);
    }
    this.end();
  }

  /** The actor is gone: results not streamed yet are settled in order (their ticks are not streamed any more). */
  end(): void {
    this.stopped = true;
    this.slot.actors.delete(this);
    this.gone(this);
    for (const r of this.received.splice(0)) {
      this.show(r);
      if (r.t === "act") r.settle({ tick: r.tick, error: r.error });
    }
  }

  /** One reply from the worker, for the oldest unanswered op. */
  answer(reply: BoardReply): void {
    const op = this.inflight.shift();
    if (!op || op.t !== reply.t) throw new Error(`board ${this.id}: a ${reply.t} reply for a ${op?.t ?? "missing"} op`);
    if (reply.t === "release") {
      this.end();
      return (op as Extract<Inflight, { t: "release" }>).settle(reply.state);
    }
    if (reply.t === "tick") {
      if (reply.checkpoint) {
        this.checkpoint = reply.checkpoint;
        this.journal = [];
      } else if (reply.message) {
        this.journal.push({ t: "tick" });
      }
      this.received.push(reply);
      return;
    }
    if (!reply.error) this.journal.push({ t: "act", action: (op as Extract<Inflight, { t: "act" }>).action });
    const settle = (op as Extract<Inflight, { t: "act" }>).settle;
    // Nothing unstreamed before it: the room may send the action now.
    if (this.received.length === 0) {
      this.show(reply);
      settle({ tick: reply.tick, error: reply.error });
    } else {
      this.received.push({ ...reply, settle });
    }
  }
}

/** `size` workers, started on first use; a board goes to the one hosting the fewest. */
export function createBoardActors(size = 2): BoardActors {
  const slots: Slot[] = [];
  const byId = new Map<number, Actor>();
  let nextId = 1;
  let closing = false;

  const flush = (slot: Slot) => {
    const batch = slot.batch.splice(0);
    if (batch.length) slot.worker.postMessage(batch);
  };
  const send = (slot: Slot, op: BoardOp) => {
    if (slot.batch.push(op) === 1) queueMicrotask(() => flush(slot));
  };
  const start = (slot: Slot) => {
    const worker = new Worker(new URL("./board-worker.ts", import.meta.url));
    worker.on("message", (replies: BoardReply[]) => {
      for (const reply of replies) byId.get(reply.board)?.answer(reply);
    });
    worker.on("error", (e) => console.error(`[board-actors] a board worker failed: ${e.message}`));
    worker.on("exit", () => {
      if (closing || slot.worker !== worker) return;
      // Replace it and rebuild its boards. Ops still queued for the dead worker are among the boards' unanswered
      // ops, which resend() sends again after the rebuild.
      console.error(`[board-actors] a board worker exited: rebuilding its ${slot.actors.size} boards on a new one`);
      slot.batch.length = 0;
      start(slot);
      for (const actor of slot.actors) actor.resend();
    });
    worker.unref();
    slot.worker = worker;
  };
  const newSlot = (): Slot => {
    const slot = { batch: [], actors: new Set<Actor>() } as unknown as Slot;
    start(slot);
    slots.push(slot);
    return slot;
  };

  return {
    host(level, state) {
      const slot = slots.length < size ? newSlot() : slots.reduce((a, b) => (b.actors.size < a.actors.size ? b : a));
      const actor = new Actor(nextId++, level, state, slot, send, (a) => byId.delete(a.id));
      byId.set(actor.id, actor);
      slot.actors.add(actor);
      return actor;
    },
    threads: () => slots.map((s) => s.worker),
    async settle(ms) {
      const until = Date.now() + ms;
      const releasing = () => [...byId.values()].some((a) => a.inflight.some((op) => op.t === "release"));
      while (releasing() && Date.now() < until) await new Promise((r) => setTimeout(r, 10));
    },
    async close() {
      closing = true;
      for (const actor of [...byId.values()]) actor.stop();
      await Promise.all(slots.map((s) => s.worker.terminate()));
      slots.length = 0;
    },
  };
}
