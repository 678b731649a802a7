/**
 * A race-free-queue duel: two seats (author and breaker) and any number of spectators around one duel board.
 * A routing table like the play room: every message is validated, checked against the sender's role, and turned
 * into a duel action stamped with the sender's seat — a client never names its own seat, so a spectator or the
 * wrong seat can never act. The rules (turns, clocks, referee) live in shared/levels/race-free-queue/duel.ts; the
 * board is streamed and recorded by server/lockstep.ts like a play room's, so the replay holds both sides' moves.
 */
import { randomInt } from "node:crypto";
import { Room, type Client } from "@colyseus/core";
import {
  DEFAULT_DUEL_STAGE, isDuelStage, parseDuelMove, raceFreeQueueDuel, SEATS, turnOf, type DuelAction, type DuelState, type Seat,
} from "../../shared/levels/race-free-queue/duel.ts";
import { TICK_MS } from "../../shared/levels/race-free-queue/stages.ts";
import {
  RECONNECT_SECONDS, parseDuelJoin,
  type ClientMessages, type DuelJoinOptions, type Role,
} from "../../shared/protocol.ts";
import { actOnBoard, actOnBoardAsync, admitMessage, finishBoard, isOver, noteRejection, openBoard, serially, syncMessage, tickBoard, type Board } from "../lockstep.ts";
import type { Bucket } from "../rate-limit.ts";
import type { Player } from "../store/store.ts";
import type { RoomContext } from "./play-room.ts";
import { Member, PlayState } from "./play-state.ts";
import { refuse, reject, send, spectatorCount } from "./replies.ts";

const ticksOf = (seconds: number) => Math.round((seconds * 1000) / TICK_MS);

interface Visitor {
  readonly role: Role;
  readonly seat: Seat | null;
  readonly nickname: string;
  readonly bucket: Bucket;
}

/** A seat belongs to a player (by id) for the whole duel; a new session with their token takes it back. */
interface SeatHolder {
  readonly player: Player;
  readonly nickname: string;
  session: string;
  connected: boolean;
}

type Auth = Omit<DuelJoinOptions, "seat"> & { player: Player | null; seat: Seat | null };

export function defineDuelRoom(ctx: RoomContext) {
  return class DuelRoom extends Room<{ state: PlayState }> {
    state = new PlayState();
    maxClients = 64;
    board!: Board;
    visitors = new Map<string, Visitor>();
    holders: Partial<Record<Seat, SeatHolder>> = {};

    onCreate(options: unknown) {
      const parsed = parseDuelJoin(options);
      if (!parsed.ok) refuse(parsed.error);
      const { role, stage = DEFAULT_DUEL_STAGE, writeSeconds, breakSeconds } = parsed.value;
      if (role !== "player") refuse({ code: "E_BAD_JOIN", message: "A duel is created by a player." });
      if (!isDuelStage(stage)) refuse({ code: "E_UNKNOWN_STAGE", message: `Stage ${stage} cannot be dueled: pick one of ${raceFreeQueueDuel.stages.map((s) => s.id).join(", ")}.` });
      this.board = openBoard(raceFreeQueueDuel, stage, randomInt(0, 0xffffffff));
      if (writeSeconds !== undefined || breakSeconds !== undefined) {
        const init = this.duel();
        const limits = actOnBoard(this.board, {
          by: "room", move: { type: "limits", writeTicks: writeSeconds ? ticksOf(writeSeconds) : init.writeTicks, breakTicks: breakSeconds ? ticksOf(breakSeconds) : init.breakTicks },
        }, 0);
        if (!limits.ok) refuse(limits.error);
      }
      this.state.level = raceFreeQueueDuel.id;
      this.state.stage = stage;
      this.state.phase = this.duel().phase;
      this.setMetadata({ level: raceFreeQueueDuel.id, stage });
      this.onMessage("*", (client: Client, type: string | number, payload: unknown) => this.route(client, type, payload));
      this.setSimulationInterval(() => this.onTick(), TICK_MS);
    }

    duel(): DuelState {
      return this.board.run.state as DuelState;
    }

    /** Seats are reserved here, before any await can interleave another join. */
    async onAuth(client: Client, options: unknown): Promise<Auth> {
      const parsed = parseDuelJoin(options);
      if (!parsed.ok) refuse(parsed.error);
      const join = parsed.value;
      const player = join.token ? await ctx.store.playerByToken(join.token) : null;
      if (join.role === "spectator") return { ...join, player, seat: null };
      if (!player) refuse({ code: "E_UNKNOWN_PLAYER", message: "Players need the token from POST /api/players." });
      const mine = SEATS.find((s) => this.holders[s]?.player.id === player.id);
      if (mine) {
        const holder = this.holders[mine]!;
        if (holder.connected) refuse({ code: "E_ALREADY_JOINED", message: `You already hold the ${mine} seat (in another tab?).` });
        holder.session = client.sessionId;
        holder.connected = true;
        return { ...join, player, seat: mine };
      }
      const free = SEATS.filter((s) => !this.holders[s]);
      if (join.seat && !free.includes(join.seat)) refuse({ code: "E_SEAT_TAKEN", message: `The ${join.seat} seat is taken; join as a spectator.` });
      const seat = join.seat ?? free[0] ?? null;
      if (seat) this.holders[seat] = { player, nickname: player.nickname, session: client.sessionId, connected: true };
      return { ...join, player, seat };
    }

    onJoin(client: Client, _options: unknown, auth: Auth) {
      const role: Role = auth.seat ? "player" : "spectator";
      const nickname = auth.player?.nickname ?? auth.nickname;
      this.visitors.set(client.sessionId, { role, seat: auth.seat, nickname, bucket: ctx.limiter.bucket() });
      this.state.members.set(client.sessionId, new Member({ nickname, role: auth.seat ?? "spectator", connected: true }));
      this.state.spectators = spectatorCount(this.visitors.values());
      this.sendSync(client);
      const seat = auth.seat;
      if (seat && !this.duel().seated[seat]) {
        serially(this.board, async () => {
          const sat = actOnBoard(this.board, { by: "room", move: { type: "sit", seat } } satisfies DuelAction, 0);
          if (sat.ok) this.broadcast("action", sat.value);
          this.state.phase = this.duel().phase;
        });
      }
      if (this.board.finished) send(client, "finished", this.board.finished);
    }

    sendSync(client: Client) {
      const visitor = this.visitors.get(client.sessionId);
      if (visitor) send(client, "sync", syncMessage(this.board, visitor.role, visitor.seat ?? ""));
    }

    onDrop(client: Client) {
      const member = this.state.members.get(client.sessionId);
      if (member) member.connected = false;
      const holder = this.holderOf(client.sessionId);
      if (holder) {
        holder.connected = false;
        // Refused while the room is being disposed (server shutdown): nothing to wait for then.
        if (!isOver(this.board)) Promise.resolve(this.allowReconnection(client, RECONNECT_SECONDS)).catch(() => undefined);
      }
    }

    onReconnect(client: Client) {
      const member = this.state.members.get(client.sessionId);
      if (member) member.connected = true;
      const holder = this.holderOf(client.sessionId);
      if (holder) holder.connected = true;
      this.sendSync(client);
    }

    onLeave(client: Client) {
      // The seat stays the player's: joining again with the same token takes it back.
      const holder = this.holderOf(client.sessionId);
      if (holder) holder.connected = false;
      this.visitors.delete(client.sessionId);
      this.state.members.delete(client.sessionId);
      this.state.spectators = spectatorCount(this.visitors.values());
    }

    holderOf(session: string): SeatHolder | undefined {
      return SEATS.map((s) => this.holders[s]).find((h) => h?.session === session);
    }

    /** The clock runs only while the player whose turn it is is connected: a dropped connection costs no time. */
    onTick() {
      const turn = turnOf(this.duel().phase);
      if (!turn || !this.holders[turn]?.connected) return;
      const tick = tickBoard(this.board);
      if (!tick) return;
      this.state.tick = tick.tick;
      this.broadcast("tick", tick);
      void this.finishIfOver();
    }

    route(client: Client, type: string | number, payload: unknown) {
      const visitor = this.visitors.get(client.sessionId);
      if (!visitor) return;
      const admitted = admitMessage(ctx.limiter, visitor.bucket, visitor.role, type, payload);
      if (!admitted.ok) return reject(client, admitted.error);
      const message = admitted.value;
      if (message.type === "act") this.onAct(client, visitor, message.body);
      else console.warn(`[duel ${this.roomId}] client ${client.sessionId} reports a desync at tick ${message.body.tick} (hash ${message.body.hash})`);
    }

    onAct(client: Client, visitor: Visitor, body: ClientMessages["act"]) {
      const seat = visitor.seat;
      if (!seat) return reject(client, { code: "E_FORBIDDEN", message: "Only the author and the breaker act in a duel." }, body.seq);
      const move = parseDuelMove(body.action);
      if (!move.ok) return reject(client, move.error, body.seq);
      serially(this.board, async () => {
        const action: DuelAction = { by: seat, move: move.value };
        const accepted = await actOnBoardAsync(this.board, action, body.seq, ctx.steps);
        if (!accepted.ok) {
          noteRejection(this.board, accepted.error);
          return reject(client, accepted.error, body.seq);
        }
        this.broadcast("action", accepted.value);
        this.state.phase = this.duel().phase;
        void this.finishIfOver();
      });
    }

    /** Once the verdict is in: verify and store the duel's replay (both sides' moves), then tell everyone. */
    async finishIfOver() {
      if (!isOver(this.board) || this.board.finishing) return;
      this.state.phase = this.duel().phase;
      const author = this.holders.author;
      const names = `${author?.nickname ?? "?"} vs ${this.holders.breaker?.nickname ?? "?"}`;
      const finished = await finishBoard(this.board, (replay) =>
        ctx.store.saveReplay(replay, author?.player ?? null, names, { roomId: this.roomId, source: "played" }));
      this.state.replayId = finished.replayId ?? "";
      this.broadcast("finished", finished);
    }
  };
}
