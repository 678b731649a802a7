/**
 * The class room's shared state as the client reads it: a plain snapshot of the schema the SDK decodes by
 * reflection (roster, phase, clock, director, counts). Scenes only ever see snapshots, never schema objects.
 */
import type { ClassPhase, ClassRole } from "../../shared/class.ts";

export interface SeatView {
  /** The member's sessionId; for a student also the id of their board. */
  readonly id: string;
  readonly nickname: string;
  readonly role: ClassRole;
  readonly connected: boolean;
  readonly boardPhase: string;
  readonly rank: number;
  readonly score: number;
  readonly ticks: number;
}

export interface ClassSnapshot {
  readonly code: string;
  readonly level: string;
  readonly stage: number;
  readonly stageIndex: number;
  readonly stageCount: number;
  readonly phase: ClassPhase;
  /** Ticks left in the countdown. */
  readonly countdown: number;
  /** Whole seconds the round has run (pauses excluded). */
  readonly elapsed: number;
  /** Ticks; 0 = no limit. */
  readonly timeLimit: number;
  readonly tickMs: number;
  readonly lateJoin: boolean;
  readonly locked: boolean;
  readonly director: string;
  readonly students: number;
  readonly spectators: number;
  /** Every member in join order. */
  readonly seats: readonly SeatView[];
}

export const EMPTY_SNAPSHOT: ClassSnapshot = {
  code: "", level: "", stage: 0, stageIndex: 0, stageCount: 1, phase: "lobby", countdown: 0, elapsed: 0, timeLimit: 0,
  tickMs: 100, lateJoin: true, locked: false, director: "", students: 0, spectators: 0, seats: [],
};

interface DecodedSeat {
  nickname?: string;
  role?: string;
  connected?: boolean;
  boardPhase?: string;
  rank?: number;
  score?: number;
  ticks?: number;
}

interface DecodedState extends Partial<Omit<ClassSnapshot, "seats">> {
  members?: { forEach(cb: (seat: DecodedSeat, id: string) => void): void };
}

/** Copies the decoded schema into a snapshot (missing fields keep their defaults). */
export function snapshot(raw: unknown): ClassSnapshot {
  const s = (raw ?? {}) as DecodedState;
  const seats: SeatView[] = [];
  s.members?.forEach((seat, id) => seats.push({
    id, nickname: seat.nickname ?? "", role: (seat.role ?? "student") as ClassRole, connected: seat.connected ?? true,
    boardPhase: seat.boardPhase ?? "playing", rank: seat.rank ?? 0, score: seat.score ?? 0, ticks: seat.ticks ?? 0,
  }));
  const d = EMPTY_SNAPSHOT;
  return {
    code: s.code ?? d.code, level: s.level ?? d.level, stage: s.stage ?? d.stage, stageIndex: s.stageIndex ?? d.stageIndex,
    stageCount: s.stageCount ?? d.stageCount, phase: (s.phase ?? d.phase) as ClassPhase, countdown: s.countdown ?? 0,
    elapsed: s.elapsed ?? 0, timeLimit: s.timeLimit ?? 0, tickMs: s.tickMs ?? d.tickMs, lateJoin: s.lateJoin ?? true,
    locked: s.locked ?? false, director: s.director ?? "", students: s.students ?? 0, spectators: s.spectators ?? 0, seats,
  };
}

export function studentsOf(s: ClassSnapshot): SeatView[] {
  return s.seats.filter((m) => m.role === "student");
}

/** Students in leaderboard order (rank 1 first; unranked last, by nickname). */
export function byRank(s: ClassSnapshot): SeatView[] {
  return studentsOf(s).sort((a, b) => (a.rank || 1e9) - (b.rank || 1e9) || a.nickname.localeCompare(b.nickname));
}

/** "03:07" for seconds. */
export function clock(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  return `${String(Math.floor(s / 60)).padStart(2, "0")}:${String(s % 60).padStart(2, "0")}`;
}

/** Seconds left in the countdown, rounded up (3, 2, 1). */
export function countdownSeconds(s: ClassSnapshot): number {
  return Math.ceil((s.countdown * s.tickMs) / 1000);
}

/** The round clock line: "01:23" or "01:23 / 10:00". */
export function roundClock(s: ClassSnapshot): string {
  const limit = s.timeLimit > 0 ? ` / ${clock((s.timeLimit * s.tickMs) / 1000)}` : "";
  return clock(s.elapsed) + limit;
}
