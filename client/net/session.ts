/**
 * One play session: a Colyseus room (player or spectator) plus the lockstep replica it feeds. The room is
 * only a transport; all rules run in the shared level through net/replica.ts. The SDK reconnects by itself;
 * the server then sends a fresh sync and the replica is rebuilt from it.
 */
import { Client, type Room } from "@colyseus/sdk";
import { gameError, type GameError } from "../../shared/engine/errors.ts";
import type { LevelEvent } from "../../shared/engine/level.ts";
import type { Run } from "../../shared/engine/run.ts";
import { DUEL_ROOM, PLAY_ROOM, type ClientMessages, type DuelJoinOptions, type JoinOptions, type ServerMessages } from "../../shared/protocol.ts";
import { LEVELS } from "../../shared/levels/index.ts";
import { applyStream, newReplica, type Replica, type StreamMessage } from "../../shared/replica.ts";

export interface SessionListener {
  /** A (re)built replica: draw it from scratch. */
  synced(run: Run, msg: ServerMessages["sync"]): void;
  /** Events from an accepted action or a tick, already applied to the replica. */
  events(run: Run, events: LevelEvent[], source: "action" | "tick"): void;
  /** A rejection of one of this client's actions (`addr` is what it tried), or a session failure. */
  rejected(error: GameError, target: unknown): void;
  diverged(d: { tick: number; hash: string; expected: string }): void;
  finished(msg: ServerMessages["finished"]): void;
  connection(state: "connecting" | "online" | "reconnecting" | "offline", detail?: string): void;
}

export type SessionTarget =
  | { role: "player"; nickname: string; token: string; level: string; stage: number }
  | { role: "player"; nickname: string; token: string; fork: { replay: string; tick: number } }
  | { role: "spectator"; nickname: string; roomId: string }
  /** A duel: create one on a stage, or join one by id (a full duel seats the joiner as a spectator). */
  | { role: "duel"; nickname: string; token: string; stage: number }
  | { role: "duel"; nickname: string; token: string; roomId: string };

export class PlaySession {
  private readonly replica: Replica = newReplica();
  room: Room | null = null;
  private seq = 0;
  private readonly pending = new Map<number, unknown>();
  private closed = false;
  private readonly listener: SessionListener;

  constructor(listener: SessionListener) {
    this.listener = listener;
  }

  async open(target: SessionTarget): Promise<void> {
    this.listener.connection("connecting");
    const client = new Client(location.origin);
    try {
      if (target.role === "duel") {
        const options: DuelJoinOptions = { role: "player", nickname: target.nickname, token: target.token };
        this.room = "roomId" in target ? await client.joinById(target.roomId, options) : await client.create(DUEL_ROOM, { ...options, stage: target.stage });
      } else if (target.role === "player") {
        const options: JoinOptions = "fork" in target
          ? { role: "player", nickname: target.nickname, token: target.token, fork: target.fork }
          : { role: "player", nickname: target.nickname, token: target.token, level: target.level, stage: target.stage };
        this.room = await client.create(PLAY_ROOM, options);
      } else {
        const options: JoinOptions = { role: "spectator", nickname: target.nickname };
        this.room = await client.joinById(target.roomId, options);
      }
    } catch (e) {
      this.listener.connection("offline", errorText(e));
      return;
    }
    if (this.closed) {
      void this.room.leave(true);
      return;
    }
    this.wire(this.room);
    this.listener.connection("online");
  }

  private wire(room: Room): void {
    // The seat survives 20 s; reconnect even when the drop comes right after joining.
    room.reconnection.minUptime = 0;
    room.onMessage("sync", (msg: ServerMessages["sync"]) => {
      const level = LEVELS.get(msg.level);
      if (level && level.version !== msg.levelVersion) {
        this.replica.run = null;
        this.listener.rejected(gameError("E_LEVEL_VERSION", `The server runs ${msg.level} v${msg.levelVersion}; this page has v${level.version}. Reload the page.`), undefined);
        return;
      }
      if (!this.feed({ type: "sync", body: msg })) return;
      this.listener.synced(this.replica.run!, msg);
    });
    room.onMessage("action", (msg: ServerMessages["action"]) => {
      this.pending.delete(msg.seq);
      this.feed({ type: "action", body: msg });
    });
    room.onMessage("tick", (msg: ServerMessages["tick"]) => this.feed({ type: "tick", body: msg }));
    room.onMessage("error", (msg: ServerMessages["error"]) => {
      const target = msg.seq === undefined ? undefined : this.pending.get(msg.seq);
      if (msg.seq !== undefined) this.pending.delete(msg.seq);
      this.listener.rejected(gameError(msg.code, msg.message), target);
    });
    room.onMessage("finished", (msg: ServerMessages["finished"]) => this.listener.finished(msg));
    room.onDrop(() => { if (!this.closed) this.listener.connection("reconnecting"); });
    room.onReconnect(() => this.listener.connection("online"));
    room.onLeave((code, reason) => { if (!this.closed) this.listener.connection("offline", `left the room (${code}${reason ? ": " + reason : ""})`); });
    room.onError((code, message) => this.listener.connection("offline", `room error ${code}${message ? ": " + message : ""}`));
  }

  get run(): Run | null {
    return this.replica.run;
  }

  /** One lockstep message into the shared replica; reports events and any divergence. */
  private feed(message: StreamMessage): boolean {
    const before = this.replica.desyncs.length;
    let out: ReturnType<typeof applyStream>;
    try {
      out = applyStream(this.replica, message);
    } catch (e) {
      this.replica.run = null;
      this.listener.rejected(gameError("E_BAD_SYNC", errorText(e)), undefined);
      return false;
    }
    if (message.type !== "sync" && this.replica.run) this.listener.events(this.replica.run, out.events, message.type);
    if (out.desync) this.send("desync", out.desync);
    const d = this.replica.desyncs[before];
    if (d) this.listener.diverged(d);
    return true;
  }

  /** Sends an action for this player's board; `target` comes back with a rejection (e.g. the address tried). */
  act(action: unknown, target: unknown): void {
    const seq = ++this.seq;
    this.pending.set(seq, target);
    this.send("act", { seq, action });
  }

  private send<K extends keyof ClientMessages>(type: K, body: ClientMessages[K]): void {
    try {
      this.room?.send(type, body);
    } catch (e) {
      this.listener.rejected(gameError("E_NETWORK", errorText(e)), undefined);
    }
  }

  close(): void {
    this.closed = true;
    if (this.room) void this.room.leave(true).catch(() => undefined);
    this.room = null;
  }
}

function errorText(e: unknown): string {
  if (e && typeof e === "object" && "message" in e) return String((e as { message: unknown }).message);
  return String(e);
}
