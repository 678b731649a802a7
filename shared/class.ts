/**
 * Class rooms: the rules a host, students and spectators share — join codes, nicknames, phases, host commands
 * and the live leaderboard order. Pure: the server enforces these, the client uses them to validate early.
 */
import { rank } from "./engine/compare.ts";
import { gameError, type GameError, type Result } from "./engine/errors.ts";
import type { MetricInfo } from "./engine/level.ts";
import { int, oneOf, optional, shape, str, type Check } from "./engine/validate.ts";
import { jsonLength, MAX_MESSAGE_CHARS, parseClientMessage, type ClientMessages } from "./protocol.ts";

/** The Colyseus room name of a class session. */
export const CLASS_ROOM = "class";

/** Join-code alphabet without look-alikes: no 0/O, no 1/I/L. */
export const CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";
export const CODE_LENGTH = 6;
export const CODE_PATTERN = new RegExp(`^[${CODE_ALPHABET}]{${CODE_LENGTH}}$`);

/** Codes are typed by people: accept lower case and ignore spaces and dashes. */
export function normaliseCode(typed: string): string {
  return typed.toUpperCase().replace(/[\s-]/g, "");
}

/** A code from 6 random integers (the server draws them from its CSPRNG). */
export function codeFrom(randoms: readonly number[]): string {
  return randoms.slice(0, CODE_LENGTH).map((r) => CODE_ALPHABET[Math.abs(r) % CODE_ALPHABET.length]).join("");
}

export type ClassRole = "host" | "student" | "spectator";

/**
 * lobby: students join; countdown: the round is about to start; running: boards tick and accept actions;
 * paused: the clock stops and actions are refused; ended: results are final.
 */
export type ClassPhase = "lobby" | "countdown" | "running" | "paused" | "ended";

export const MAX_STUDENTS = 60;
export const NICK_MIN = 2;
export const NICK_MAX = 16;
const NICK_CHARS = /^[\p{L}\p{N} _.-]+$/u;

/** A small word filter for a classroom (matched on letters only, so "b.a.d" is caught too). */
const BLOCKED = ["fuck", "shit", "cunt", "nigger", "faggot", "bitch", "whore", "slut", "nazi", "rape"];

export function checkNickname(raw: string): Result<string> {
  const nick = raw.normalize("NFC").trim().replace(/\s+/g, " ");
  if (nick.length < NICK_MIN || nick.length > NICK_MAX) {
    return { ok: false, error: gameError("E_NICKNAME", `A nickname has ${NICK_MIN} to ${NICK_MAX} characters.`) };
  }
  if (!NICK_CHARS.test(nick)) return { ok: false, error: gameError("E_NICKNAME", "Use letters, digits, spaces, dots, dashes or underscores.") };
  const letters = nick.toLowerCase().replace(/[^\p{L}]/gu, "");
  if (BLOCKED.some((w) => letters.includes(w))) return { ok: false, error: gameError("E_NICKNAME", "Please choose another nickname.") };
  return { ok: true, value: nick };
}

/** Duplicates get a suffix: "ada", "ada 2", "ada 3" (compared without case). */
export function uniqueNickname(wanted: string, taken: Iterable<string>): string {
  const lower = new Set([...taken].map((t) => t.toLowerCase()));
  if (!lower.has(wanted.toLowerCase())) return wanted;
  for (let n = 2; ; n++) {
    const candidate = `${wanted.slice(0, NICK_MAX - 1 - String(n).length)} ${n}`;
    if (!lower.has(candidate.toLowerCase())) return candidate;
  }
}

export interface ClassJoinOptions {
  readonly role: ClassRole;
  readonly nickname: string;
  readonly token?: string;
  /** Host creating the room: */
  readonly level?: string;
  readonly stages?: readonly number[];
  readonly timeLimitSec?: number;
  readonly lateJoin?: boolean;
}

const checkClassJoin = shape({
  role: oneOf("host", "student", "spectator"),
  nickname: str(1, 40),
  token: optional(str(20, 64, /^[A-Za-z0-9_-]+$/)),
  level: optional(str(1, 64, /^[a-z0-9-]+$/)),
  stages: optional((v, path) => (Array.isArray(v) && v.length >= 1 && v.length <= 16 && v.every((s) => Number.isInteger(s) && s >= 1 && s <= 99) ? null : `${path} must be 1 to 16 stage numbers`)),
  timeLimitSec: optional(int(30, 3 * 3600)),
  lateJoin: optional((v, path) => (typeof v === "boolean" ? null : `${path} must be true or false`)),
});

export function parseClassJoin(untrusted: unknown): Result<ClassJoinOptions> {
  const why = checkClassJoin(untrusted, "options");
  return why ? { ok: false, error: gameError("E_BAD_JOIN", why) } : { ok: true, value: untrusted as ClassJoinOptions };
}

/** Commands only the host may send, with their payloads. */
export interface HostCommands {
  start: { countdownSec: number };
  pause: Record<string, never>;
  resume: Record<string, never>;
  hint: { text: string };
  lock: { locked: boolean };
  end: Record<string, never>;
  kick: { student: string; reason: string };
  lateJoin: { on: boolean };
  nextStage: Record<string, never>;
  /** Which board the projector (director view) shows; "" for the leaderboard. */
  direct: { board: string };
}
export type HostCommand = keyof HostCommands;

const bool: Check = (v, path) => (typeof v === "boolean" ? null : `${path} must be true or false`);
const empty = shape({});
export const HOST_CHECKS: { [K in HostCommand]: Check } = {
  start: shape({ countdownSec: int(0, 30) }),
  pause: empty,
  resume: empty,
  hint: shape({ text: str(1, 280) }),
  lock: shape({ locked: bool }),
  end: empty,
  kick: shape({ student: str(1, 64), reason: str(0, 140) }),
  lateJoin: shape({ on: bool }),
  nextStage: empty,
  direct: shape({ board: str(0, 64) }),
};

/** Messages a class-room client may send: the play messages, `watch`, and the host commands. */
export type ClassMessage =
  | { type: "act"; body: ClientMessages["act"] }
  | { type: "desync"; body: ClientMessages["desync"] }
  | { type: "watch"; body: { board: string } }
  | { [K in HostCommand]: { type: K; body: HostCommands[K] } }[HostCommand];

export const CLASS_ALLOWED: { readonly [R in ClassRole]: readonly ClassMessage["type"][] } = {
  host: ["desync", "watch", ...(Object.keys(HOST_CHECKS) as HostCommand[])],
  student: ["act", "desync"],
  spectator: ["desync", "watch"],
};

const checkWatch = shape({ board: str(0, 64) });

export function isHostCommand(type: string): type is HostCommand {
  return Object.hasOwn(HOST_CHECKS, type);
}

export function parseClassMessage(type: unknown, payload: unknown): Result<ClassMessage> {
  if (typeof type === "string" && (type === "watch" || isHostCommand(type))) {
    if (jsonLength(payload) > MAX_MESSAGE_CHARS) return { ok: false, error: gameError("E_TOO_LARGE", `Messages are limited to ${MAX_MESSAGE_CHARS} characters.`) };
    const why = (type === "watch" ? checkWatch : HOST_CHECKS[type])(payload, type);
    return why ? { ok: false, error: gameError("E_BAD_MESSAGE", why) } : { ok: true, value: { type, body: payload } as ClassMessage };
  }
  return parseClientMessage(type, payload);
}

export interface LeaderRow {
  readonly board: string;
  readonly nickname: string;
  readonly phase: string;
  readonly metrics: Readonly<Record<string, number>>;
}

/** Winners first, ranked on the stage's first metric (ties by time); then everyone still playing; then losses. */
export function leaderboard(rows: readonly LeaderRow[], metrics: readonly MetricInfo[]): LeaderRow[] {
  const order = (phase: string) => (phase === "won" ? 0 : phase === "playing" ? 1 : 2);
  const won = rank(rows.filter((r) => r.phase === "won"), metrics[0]!);
  const rest = rows.filter((r) => r.phase !== "won").sort((a, b) => order(a.phase) - order(b.phase) || a.nickname.localeCompare(b.nickname));
  return [...won, ...rest];
}

export function hostCommandError(type: string): GameError {
  return gameError("E_FORBIDDEN", `Only the host may send "${type}".`);
}

/** Messages the class room sends besides the play stream (`sync`, `action`, `error`, `finished` carry `board`). */
export interface ClassServerMessages {
  /** One room tick: the boards this client watches that advanced, with hashes every HASH_EVERY_TICKS ticks. */
  clock: { boards: { board: string; tick: number; hash?: string }[] };
  /** A board this client no longer receives (the student left or was kicked, or the spectator switched). */
  unwatch: { board: string };
  hint: { text: string };
  kicked: { reason: string };
  /** Host only: a student's rejected attempts by error code. */
  failures: { board: string; nickname: string; failures: Record<string, number> };
  /** The round ended: one row per student; `csv` is the export URL (host token required). */
  results: { stage: number; rows: (LeaderRow & { rank: number; replayId: string | null; failures: Record<string, number> })[]; csv: string };
}
