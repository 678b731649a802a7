/**
 * A play session: one seated player's board, watched by any number of spectators. The room is a routing table:
 * it validates each message into a typed intent and hands it to the lockstep host; rules live in shared/.
 */
import { randomInt } from "node:crypto";
import { Room, type Client } from "@colyseus/core";
import { LEVELS } from "../../shared/levels/index.ts";
import {
  RECONNECT_SECONDS, parseJoinOptions,
  type ClientMessages, type JoinOptions, type Role,
} from "../../shared/protocol.ts";
import { actOnBoardAsync, admitMessage, clockBoard, closeBoard, finishBoard, forkBoard, isOver, noteRejection, openBoard, serially, syncMessage, type Board } from "../lockstep.ts";
import type { StepPool } from "../step-worker.ts";
import type { Bucket, Limiter } from "../rate-limit.ts";
import type { Player, Store } from "../store/store.ts";
import { Member, PlayState } from "./play-state.ts";
import { refuse, reject, send, spectatorCount } from "./replies.ts";

interface Seat {
  readonly role: Role;
  readonly nickname: string;
  readonly player: Player | null;
  readonly bucket: Bucket;
}

export interface RoomContext {
  readonly store: Store;
  /** Per-client flood control shared by every room of the server. */
  readonly limiter: Limiter;
  /** Worker threads for heavy level steps (Level.heavy). */
  readonly steps: StepPool;
}

export function definePlayRoom(ctx: RoomContext) {
  return class PlayRoom extends Room<{ state: PlayState }> {
    state = new PlayState();
    maxClients = 64;
    board!: Board;
    seats = new Map<string, Seat>();
    /** The seated player's session id (the board's owner). */
    owner = "";

    async onCreate(options: unknown) {
      const parsed = parseJoinOptions(options);
      if (!parsed.ok) refuse(parsed.error);
      const { role, fork } = parsed.value;
      const stored = fork ? await ctx.store.getReplay(fork.replay) : null;
      if (fork && !stored) refuse({ code: "E_NOT_FOUND", message: `No replay ${fork.replay} to fork.` });
      const levelId = stored?.replay.level ?? parsed.value.level;
      const stage = stored?.replay.stage ?? parsed.value.stage;
      const level = levelId === undefined ? undefined : LEVELS.get(levelId);
      if (role !== "player" || !level || stage === undefined) {
        refuse({ code: "E_BAD_JOIN", message: "A play room is created by a player naming a built level and a stage, or a replay to fork." });
      }
      const stageInfo = level.stages.find((s) => s.id === stage);
      if (!stageInfo) refuse({ code: "E_UNKNOWN_STAGE", message: `${level.id} has no stage ${stage}.` });
      if (fork && stored) {
        const forked = forkBoard(level, stored.replay, stored.id, fork.tick);
        if (!forked.ok) refuse(forked.error);
        this.board = forked.value;
      } else {
        this.board = openBoard(level, stage, randomInt(0, 0xffffffff));
      }
      this.state.level = level.id;
      this.state.stage = stage;
      this.state.tick = this.board.run.state.tick;
      this.setMetadata({ level: level.id, stage });
      this.onMessage("*", (client: Client, type: string | number, payload: unknown) => this.route(client, type, payload));
      this.setSimulationInterval(() => this.onTick(), stageInfo.tickMs);
    }

    async onAuth(_client: Client, options: unknown): Promise<JoinOptions & { player: Player | null }> {
      const parsed = parseJoinOptions(options);
      if (!parsed.ok) refuse(parsed.error);
      const join = parsed.value;
      const player = join.token ? await ctx.store.playerByToken(join.token) : null;
      if (join.role === "player") {
        if (!player) refuse({ code: "E_UNKNOWN_PLAYER", message: "Players need the token from POST /api/players." });
        if (this.owner) refuse({ code: "E_SEAT_TAKEN", message: "This board already has its player; join as a spectator." });
      }
      return { ...join, player };
    }

    onJoin(client: Client, _options: unknown, auth: JoinOptions & { player: Player | null }) {
      const seat: Seat = { role: auth.role, nickname: auth.player?.nickname ?? auth.nickname, player: auth.player, bucket: ctx.limiter.bucket() };
      this.seats.set(client.sessionId, seat);
      if (seat.role === "player") this.owner = client.sessionId;
      this.state.members.set(client.sessionId, new Member({ nickname: seat.nickname, role: seat.role, connected: true }));
      this.state.spectators = spectatorCount(this.seats.values());
      send(client, "sync", syncMessage(this.board, seat.role, this.owner));
      if (this.board.finished) send(client, "finished", this.board.finished);
    }

    onDrop(client: Client) {
      const member = this.state.members.get(client.sessionId);
      if (member) member.connected = false;
      if (client.sessionId === this.owner && !isOver(this.board)) this.allowReconnection(client, RECONNECT_SECONDS);
    }

    onReconnect(client: Client) {
      const member = this.state.members.get(client.sessionId);
      if (member) member.connected = true;
      const seat = this.seats.get(client.sessionId);
      if (seat) send(client, "sync", syncMessage(this.board, seat.role, this.owner));
    }

    onLeave(client: Client) {
      this.seats.delete(client.sessionId);
      this.state.members.delete(client.sessionId);
      this.state.spectators = spectatorCount(this.seats.values());
    }

    /** The clock stops while the player's seat is empty, so a dropped connection costs no game time. */
    onTick() {
      const ownerHere = this.clients.some((c) => c.sessionId === this.owner);
      if (!ownerHere) return;
      const ticks = clockBoard(this.board);
      if (!ticks.length) return;
      for (const tick of ticks) this.broadcast("tick", tick);
      this.state.tick = ticks[ticks.length - 1]!.tick;
      void this.finishIfOver();
    }

    /** A board ticking on a worker stops there too. */
    onDispose() {
      if (this.board) closeBoard(this.board);
    }

    route(client: Client, type: string | number, payload: unknown) {
      const seat = this.seats.get(client.sessionId);
      if (!seat) return;
      const admitted = admitMessage(ctx.limiter, seat.bucket, seat.role, type, payload);
      if (!admitted.ok) return reject(client, admitted.error);
      const message = admitted.value;
      if (message.type === "act") this.onAct(client, message.body);
      else this.onDesync(client, message.body);
    }

    onAct(client: Client, body: ClientMessages["act"]) {
      if (client.sessionId !== this.owner) {
        return reject(client, { code: "E_FORBIDDEN", message: "Only the board's player may act on it." }, body.seq);
      }
      serially(this.board, async () => {
        const accepted = await actOnBoardAsync(this.board, body.action, body.seq, ctx.steps);
        if (!accepted.ok) {
          noteRejection(this.board, accepted.error);
          return reject(client, accepted.error, body.seq);
        }
        this.broadcast("action", accepted.value);
        void this.finishIfOver();
      });
    }

    onDesync(client: Client, body: ClientMessages["desync"]) {
      this.state.desyncs++;
      console.warn(`[play ${this.roomId}] client ${client.sessionId} reports a desync at tick ${body.tick} (hash ${body.hash})`);
    }

    /** Once the run ends: store its replay, then tell everyone (the message names a durable replay). */
    async finishIfOver() {
      if (!isOver(this.board) || this.board.finishing) return;
      const owner = this.seats.get(this.owner);
      const finished = await finishBoard(this.board, (replay) =>
        ctx.store.saveReplay(replay, owner?.player ?? null, owner?.nickname ?? "anonymous", { roomId: this.roomId, source: "played" }));
      this.state.phase = finished.phase;
      this.state.replayId = finished.replayId ?? "";
      this.broadcast("finished", finished);
    }
  };
}
