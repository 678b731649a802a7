/**
 * Every message between client and server, with its runtime validator. Clients are untrusted: the server runs
 * `parseClientMessage` on everything it receives and `parseJoinOptions` on every join; a failure becomes a typed
 * error sent to that client only.
 *
 * Boards travel as a lockstep stream (sync, then actions and ticks in order), not as state patches: each client
 * runs the same level machine on its replica and the server's periodic state hash catches any divergence.
 */
import { gameError, type GameError, type Result } from "./engine/errors.ts";
import type { Phase } from "./engine/level.ts";
import type { LoggedAction } from "./engine/run.ts";
import { anything, int, isRecord, oneOf, optional, shape, str, type Check } from "./engine/validate.ts";

/** The Colyseus room name of a play session. */
export const PLAY_ROOM = "play";

export type Role = "player" | "spectator";

/** Seconds a dropped player keeps their seat. */
export const RECONNECT_SECONDS = 20;
/** The server sends its state hash with every tick whose number is a multiple of this. */
export const HASH_EVERY_TICKS = 10;
/** Largest client message accepted, measured as JSON text. */
export const MAX_MESSAGE_CHARS = 1024;
/** Token bucket per client: sustained messages per second and burst size. */
export const RATE_PER_SECOND = 20;
export const RATE_BURST = 30;

export const NICKNAME_PATTERN = /^[\p{L}\p{N} _.-]{1,24}$/u;
export const TOKEN_PATTERN = /^[A-Za-z0-9_-]{20,64}$/;
/** HTTP header carrying the browser's player token (never in a URL, where it would end up in logs). */
export const TOKEN_HEADER = "x-bma-token";

/** Options a client passes when creating or joining a play room. */
export interface JoinOptions {
  readonly role: Role;
  readonly nickname: string;
  /** The browser's player token (from POST /api/players); spectators may omit it. */
  readonly token?: string;
  /** Creating a room: which level and stage to play. */
  readonly level?: string;
  readonly stage?: number;
  /** Creating a room: continue a stored replay from this tick in a solo sandbox ("fork from here"). */
  readonly fork?: { readonly replay: string; readonly tick: number };
}

const checkJoin = shape({
  role: oneOf("player", "spectator"),
  nickname: str(1, 24, NICKNAME_PATTERN),
  token: optional(str(20, 64, TOKEN_PATTERN)),
  level: optional(str(1, 64, /^[a-z0-9-]+$/)),
  stage: optional(int(1, 99)),
  fork: optional(shape({ replay: str(1, 32, /^[A-Za-z0-9_-]+$/), tick: int(0, 0x7fffffff) })),
});

export function parseJoinOptions(untrusted: unknown): Result<JoinOptions> {
  const why = checkJoin(untrusted, "options");
  return why ? { ok: false, error: gameError("E_BAD_JOIN", why) } : { ok: true, value: untrusted as JoinOptions };
}

// ---- duels ------------------------------------------------------------------------------------------------------

/** The Colyseus room name of a race-free-queue duel (two seats, spectators; rules in race-free-queue/duel.ts). */
export const DUEL_ROOM = "duel";

/** A duel seat; "" in a sync means a spectator. */
export type DuelSeatName = "author" | "breaker";

/** Creating or joining a duel: players take the seat they ask for, else the first free one (a third is a spectator). */
export interface DuelJoinOptions {
  readonly role: Role;
  readonly nickname: string;
  readonly token?: string;
  readonly seat?: DuelSeatName;
  /** Creating a duel: the race-free-queue stage and each turn's clock. */
  readonly stage?: number;
  readonly writeSeconds?: number;
  readonly breakSeconds?: number;
}

const checkDuelJoin = shape({
  role: oneOf("player", "spectator"),
  nickname: str(1, 24, NICKNAME_PATTERN),
  token: optional(str(20, 64, TOKEN_PATTERN)),
  seat: optional(oneOf("author", "breaker")),
  stage: optional(int(1, 99)),
  writeSeconds: optional(int(1, 1800)),
  breakSeconds: optional(int(1, 1800)),
});

export function parseDuelJoin(untrusted: unknown): Result<DuelJoinOptions> {
  const why = checkDuelJoin(untrusted, "options");
  return why ? { ok: false, error: gameError("E_BAD_JOIN", why) } : { ok: true, value: untrusted as DuelJoinOptions };
}

// ---- client → server ----------------------------------------------------------------------------------------

/** Messages a client may send, by type. */
export interface ClientMessages {
  /** An intent for the sender's own board; `seq` lets the sender match a rejection to its request. */
  act: { seq: number; action: unknown };
  /** The client's replica hash disagreed with the server's at `tick`. */
  desync: { tick: number; hash: string };
}
export type ClientMessageType = keyof ClientMessages;

const CLIENT_CHECKS: { [K in ClientMessageType]: Check } = {
  act: shape({ seq: int(0, 0x7fffffff), action: anything }),
  desync: shape({ tick: int(0, 0x7fffffff), hash: str(16, 16, /^[0-9a-f]{16}$/) }),
};

/** What a client may send depends on its role: spectators may only report desyncs. */
export const ALLOWED: { readonly [R in Role]: readonly ClientMessageType[] } = {
  player: ["act", "desync"],
  spectator: ["desync"],
};

export type ClientMessage = { [K in ClientMessageType]: { type: K; body: ClientMessages[K] } }[ClientMessageType];

export function jsonLength(x: unknown): number {
  try {
    return JSON.stringify(x)?.length ?? 0;
  } catch {
    return Infinity;
  }
}

/** Validates one untrusted message. Checks size first so nothing large is walked. */
export function parseClientMessage(type: unknown, payload: unknown): Result<ClientMessage> {
  if (typeof type !== "string" || !Object.hasOwn(CLIENT_CHECKS, type)) {
    return { ok: false, error: gameError("E_UNKNOWN_MESSAGE", `Unknown message type ${JSON.stringify(String(type)).slice(0, 40)}.`) };
  }
  if (jsonLength(payload) > MAX_MESSAGE_CHARS) {
    return { ok: false, error: gameError("E_TOO_LARGE", `Messages are limited to ${MAX_MESSAGE_CHARS} characters.`) };
  }
  const why = CLIENT_CHECKS[type as ClientMessageType](payload, type);
  if (why) return { ok: false, error: gameError("E_BAD_MESSAGE", why) };
  return { ok: true, value: { type, body: payload } as ClientMessage };
}

// ---- server → client ----------------------------------------------------------------------------------------

/** Messages the server sends, by type. */
export interface ServerMessages {
  /** Everything needed to rebuild the watched board: the run's identity and its log so far. */
  sync: {
    role: Role;
    seat: string;
    level: string;
    stage: number;
    levelVersion: number;
    seed: number;
    tick: number;
    log: LoggedAction[];
  };
  /** An accepted action, applied at `tick`; `seq` echoes the sender's number; `board` names it in class rooms. */
  action: { tick: number; action: unknown; seq: number; board?: string };
  /** The clock advanced to `tick`; every HASH_EVERY_TICKS ticks (and at the end) it carries the state hash. */
  tick: { tick: number; hash?: string };
  /** A rejected message or action, sent to its sender only. */
  error: GameError & { seq?: number };
  /** The run ended; the replay was stored (replayId) unless storage failed. */
  finished: { phase: Phase; text: string; metrics: Record<string, number>; finalHash: string; replayId: string | null; board?: string };
}
export type ServerMessageType = keyof ServerMessages;

export function isServerError(x: unknown): x is ServerMessages["error"] {
  return isRecord(x) && typeof x.code === "string" && typeof x.message === "string";
}
