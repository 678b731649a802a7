/**
 * One browser's connection to a class room, whatever its role: the Colyseus room, a snapshot of the roster
 * state, a lockstep replica per watched board (fed by sync/action/clock), and what the room has said (hints,
 * failure counts, results, a kick). It outlives scenes: the lobby, dashboard, board and results screens all
 * listen to the same link, adding a listener on create and removing it on shutdown.
 */
import { Client, type Room } from "@colyseus/sdk";
import { CLASS_ROOM, type ClassRole, type ClassServerMessages, type HostCommands } from "../../shared/class.ts";
import { gameError, type GameError, type Result } from "../../shared/engine/errors.ts";
import type { LevelEvent } from "../../shared/engine/level.ts";
import type { Run } from "../../shared/engine/run.ts";
import type { ServerMessages } from "../../shared/protocol.ts";
import { applyStream, newReplica, type Replica, type StreamMessage } from "../../shared/replica.ts";
import { EMPTY_SNAPSHOT, snapshot, type ClassSnapshot } from "./roster.ts";

export type Finished = ServerMessages["finished"] & { board: string };
export type Results = ClassServerMessages["results"];
export type ConnectionState = "online" | "reconnecting" | "offline";

export interface ClassListener {
  state?(s: ClassSnapshot): void;
  /** A board's replica was (re)built from a sync: draw it from scratch. */
  synced?(board: string, run: Run): void;
  /** Events from an action or a tick, already applied to that board's replica. */
  events?(board: string, run: Run, events: readonly LevelEvent[]): void;
  finished?(f: Finished): void;
  unwatched?(board: string): void;
  hint?(text: string): void;
  failures?(board: string): void;
  results?(r: Results): void;
  /** A refusal of something this client sent (`target` is what an `act` aimed at). */
  rejected?(error: GameError, target: unknown): void;
  kicked?(reason: string): void;
  connection?(state: ConnectionState, detail?: string): void;
}

export interface HostOptions {
  nickname: string;
  token: string;
  level: string;
  stages: number[];
  timeLimitSec?: number;
  lateJoin: boolean;
}

export class ClassLink {
  readonly role: ClassRole;
  readonly room: Room;
  snap: ClassSnapshot = EMPTY_SNAPSHOT;
  readonly replicas = new Map<string, Replica>();
  readonly finished = new Map<string, Finished>();
  /** Host only: rejected attempts per board, by error code. */
  readonly failures = new Map<string, { nickname: string; failures: Record<string, number> }>();
  readonly hints: string[] = [];
  results: Results | null = null;
  kickedReason: string | null = null;
  connection: ConnectionState = "online";
  lastError: GameError | null = null;
  /** The host's player token (the CSV export asks for it). */
  token = "";
  private readonly listeners = new Set<ClassListener>();
  private readonly pending = new Map<number, unknown>();
  private seq = 0;
  private closed = false;

  private constructor(role: ClassRole, room: Room) {
    this.role = role;
    this.room = room;
    this.wire();
  }

  /** Creates a class room as its host. */
  static async host(o: HostOptions): Promise<Result<ClassLink>> {
    const link = await ClassLink.open("host", () => new Client(location.origin).create(CLASS_ROOM, {
      role: "host", nickname: o.nickname, token: o.token, level: o.level, stages: o.stages, lateJoin: o.lateJoin,
      ...(o.timeLimitSec ? { timeLimitSec: o.timeLimitSec } : {}),
    }));
    if (link.ok) link.value.token = o.token;
    return link;
  }

  /** Joins a found class as a student (token required) or a spectator. */
  static async join(roomId: string, role: "student" | "spectator", nickname: string, token?: string): Promise<Result<ClassLink>> {
    return ClassLink.open(role, () => new Client(location.origin).joinById(roomId, { role, nickname, ...(token ? { token } : {}) }));
  }

  private static async open(role: ClassRole, connect: () => Promise<Room>): Promise<Result<ClassLink>> {
    try {
      return { ok: true, value: new ClassLink(role, await connect()) };
    } catch (e) {
      return { ok: false, error: refusal(e) };
    }
  }

  /** This client's own seat id (a student's board id). */
  get me(): string {
    return this.room.sessionId;
  }

  get roomId(): string {
    return this.room.roomId;
  }

  listen(l: ClassListener): () => void {
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  }

  private emit<K extends keyof ClassListener>(key: K, ...args: Parameters<NonNullable<ClassListener[K]>>): void {
    for (const l of [...this.listeners]) (l[key] as ((...a: unknown[]) => void) | undefined)?.(...args);
  }

  private wire(): void {
    const room = this.room;
    room.reconnection.minUptime = 0;
    const refresh = () => {
      const before = this.snap;
      this.snap = snapshot(room.state);
      // A new stage (the host's "next stage"): fresh boards, so last round's failures and endings no longer apply.
      if (before.code && (before.stageIndex !== this.snap.stageIndex || before.stage !== this.snap.stage)) {
        this.failures.clear();
        this.finished.clear();
      }
      this.emit("state", this.snap);
    };
    room.onStateChange(refresh);
    if (room.state) refresh();
    room.onMessage("sync", (msg: ServerMessages["sync"]) => {
      const replica = newReplica();
      this.replicas.set(msg.seat, replica);
      this.finished.delete(msg.seat);
      if (this.feed(msg.seat, replica, { type: "sync", body: msg })) this.emit("synced", msg.seat, replica.run!);
    });
    room.onMessage("action", (msg: ServerMessages["action"]) => {
      if (msg.board === this.me) this.pending.delete(msg.seq);
      const replica = msg.board ? this.replicas.get(msg.board) : undefined;
      if (replica) this.feed(msg.board!, replica, { type: "action", body: msg });
    });
    room.onMessage("clock", (msg: ClassServerMessages["clock"]) => {
      for (const t of msg.boards) {
        const replica = this.replicas.get(t.board);
        if (replica) this.feed(t.board, replica, { type: "tick", body: t });
      }
    });
    room.onMessage("finished", (msg: Finished) => {
      this.finished.set(msg.board, msg);
      this.emit("finished", msg);
    });
    room.onMessage("unwatch", (msg: ClassServerMessages["unwatch"]) => {
      this.replicas.delete(msg.board);
      this.emit("unwatched", msg.board);
    });
    room.onMessage("hint", (msg: ClassServerMessages["hint"]) => {
      this.hints.push(msg.text);
      this.emit("hint", msg.text);
    });
    room.onMessage("failures", (msg: ClassServerMessages["failures"]) => {
      this.failures.set(msg.board, { nickname: msg.nickname, failures: msg.failures });
      this.emit("failures", msg.board);
    });
    room.onMessage("results", (msg: Results) => {
      this.results = msg;
      this.emit("results", msg);
    });
    room.onMessage("kicked", (msg: ClassServerMessages["kicked"]) => {
      this.kickedReason = msg.reason;
      this.emit("kicked", msg.reason);
    });
    room.onMessage("error", (msg: ServerMessages["error"]) => {
      const target = msg.seq === undefined ? undefined : this.pending.get(msg.seq);
      if (msg.seq !== undefined) this.pending.delete(msg.seq);
      this.lastError = gameError(msg.code, msg.message);
      this.emit("rejected", this.lastError, target);
    });
    room.onDrop(() => this.setConnection("reconnecting"));
    room.onReconnect(() => this.setConnection("online"));
    room.onLeave((code, reason) => {
      if (this.kickedReason !== null) return this.setConnection("offline", "kicked");
      this.setConnection("offline", `left the class (${code}${reason ? ": " + reason : ""})`);
    });
    room.onError((code, message) => this.setConnection("offline", `room error ${code}${message ? ": " + message : ""}`));
  }

  private setConnection(state: ConnectionState, detail?: string): void {
    if (this.closed) return;
    this.connection = state;
    this.emit("connection", state, detail);
  }

  /** One lockstep message into a board's replica; reports events and answers a hash mismatch with `desync`. */
  private feed(board: string, replica: Replica, message: StreamMessage): boolean {
    let out: ReturnType<typeof applyStream>;
    try {
      out = applyStream(replica, message);
    } catch (e) {
      replica.run = null;
      this.lastError = gameError("E_BAD_SYNC", String(e));
      this.emit("rejected", this.lastError, undefined);
      return false;
    }
    if (out.desync) this.send("desync", out.desync);
    if (message.type !== "sync" && replica.run) this.emit("events", board, replica.run, out.events);
    return true;
  }

  /** A student's action on their own board; `target` comes back with a refusal. */
  act(action: unknown, target: unknown): void {
    const seq = ++this.seq;
    this.pending.set(seq, target);
    this.send("act", { seq, action });
  }

  command<K extends keyof HostCommands>(type: K, body: HostCommands[K]): void {
    this.send(type, body);
  }

  /** Spectators: which board to watch ("" follows the director). Host: re-sync one board. */
  watch(board: string): void {
    this.send("watch", { board });
  }

  private send(type: string, body: unknown): void {
    try {
      this.room.send(type, body);
    } catch (e) {
      this.lastError = gameError("E_NETWORK", String(e));
      this.emit("rejected", this.lastError, undefined);
    }
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.listeners.clear();
    void this.room.leave(true).catch(() => undefined);
  }
}

/** A refused join ("E_KICKED: The host removed you…") as a GameError. */
export function refusal(e: unknown): GameError {
  const text = e && typeof e === "object" && "message" in e ? String((e as { message: unknown }).message) : String(e);
  const m = /^(E_[A-Z_]+): (.*)$/s.exec(text);
  return m ? gameError(m[1]!, m[2]!) : gameError("E_JOIN", text || "The class could not be joined.");
}
