/**
 * A class session as plain data and functions, without Colyseus: students with their boards (same stage and
 * seed for everyone), the room-wide clock, phases, host commands, kicks and results. The class room routes
 * messages here and sends what these functions return.
 */
import type { GameError, Result } from "../../shared/engine/errors.ts";
import { fail, ok } from "../../shared/engine/errors.ts";
import type { AnyLevel, StageInfo } from "../../shared/engine/level.ts";
import { leaderboard, type ClassPhase, type LeaderRow } from "../../shared/class.ts";
import type { ServerMessages } from "../../shared/protocol.ts";
import { actOnBoardAsync, boardMetrics, boardStatus, clockBoard, isOver, noteRejection, openBoard, type Board } from "../lockstep.ts";
import type { StepPool } from "../step-worker.ts";
import type { Player } from "../store/store.ts";

export interface Student {
  readonly id: string;
  readonly nickname: string;
  readonly player: Player;
  board: Board;
  /** Rejections by code, for the host's misconception view ("E_MISALIGNED ×3"). */
  failures: Record<string, number>;
  connected: boolean;
}

export interface ClassSession {
  readonly level: AnyLevel;
  readonly stages: readonly number[];
  stageIndex: number;
  seed: number;
  phase: ClassPhase;
  /** Ticks left in the countdown. */
  countdown: number;
  /** Ticks the round has been running (not counting pauses). */
  elapsed: number;
  /** 0 for no limit. */
  timeLimitTicks: number;
  lateJoin: boolean;
  locked: boolean;
  director: string;
  readonly students: Map<string, Student>;
  /** Player ids kicked from this session: they cannot rejoin. */
  readonly banned: Set<string>;
  hints: string[];
}

export function stageInfo(s: ClassSession): StageInfo {
  const id = s.stages[s.stageIndex]!;
  return s.level.stages.find((st) => st.id === id)!;
}

export function newSession(level: AnyLevel, stages: readonly number[], seed: number, timeLimitSec: number, lateJoin: boolean): ClassSession {
  const s: ClassSession = {
    level, stages, stageIndex: 0, seed, phase: "lobby", countdown: 0, elapsed: 0, timeLimitTicks: 0, lateJoin, locked: false,
    director: "", students: new Map(), banned: new Set(), hints: [],
  };
  s.timeLimitTicks = timeLimitSec > 0 ? Math.ceil((timeLimitSec * 1000) / stageInfo(s).tickMs) : 0;
  return s;
}

export function canJoinAsStudent(s: ClassSession, player: Player): Result<null> {
  if (s.banned.has(player.id)) return fail("E_KICKED", "The host removed you from this class.");
  if (s.phase === "ended") return fail("E_CLASS_ENDED", "This class round has ended.");
  if (!s.lateJoin && s.phase !== "lobby") return fail("E_LATE", "The round has started and the host does not allow late joins.");
  return ok(null);
}

export function addStudent(s: ClassSession, id: string, nickname: string, player: Player): Student {
  const stage = s.stages[s.stageIndex]!;
  const student: Student = { id, nickname, player, board: openBoard(s.level, stage, s.seed), failures: {}, connected: true };
  s.students.set(id, student);
  return student;
}

/** A student's action. Refused while the round is not running or edits are locked; rule errors are counted. */
export async function studentAct(s: ClassSession, student: Student, action: unknown, seq: number, steps: StepPool): Promise<Result<ServerMessages["action"]>> {
  if (s.phase === "paused") return fail("E_PAUSED", "The host paused the class: wait for the round to resume.");
  if (s.phase !== "running") return fail("E_NOT_RUNNING", s.phase === "ended" ? "The round is over." : "The round has not started yet.");
  if (s.locked) return fail("E_LOCKED", "The host locked edits for now.");
  const accepted = await actOnBoardAsync(student.board, action, seq, steps);
  if (!accepted.ok) {
    noteRejection(student.board, accepted.error);
    student.failures[accepted.error.code] = (student.failures[accepted.error.code] ?? 0) + 1;
    return accepted;
  }
  return ok({ ...accepted.value, board: student.id });
}

export interface ClockStep {
  /** Per board that advanced: its tick messages, in order (a board ticking on a worker may stream several). */
  readonly ticks: { board: string; tick: ServerMessages["tick"] }[];
  readonly started: boolean;
  readonly timeUp: boolean;
}

/** One room tick: counts the countdown down, or advances every live board while running. */
export function tickClass(s: ClassSession): ClockStep {
  if (s.phase === "countdown") {
    s.countdown--;
    if (s.countdown > 0) return { ticks: [], started: false, timeUp: false };
    s.phase = "running";
    return { ticks: [], started: true, timeUp: false };
  }
  if (s.phase !== "running") return { ticks: [], started: false, timeUp: false };
  const ticks: { board: string; tick: ServerMessages["tick"] }[] = [];
  for (const st of s.students.values()) {
    for (const tick of clockBoard(st.board)) ticks.push({ board: st.id, tick });
  }
  s.elapsed++;
  const allDone = s.students.size > 0 && [...s.students.values()].every((st) => isOver(st.board));
  const timeUp = (s.timeLimitTicks > 0 && s.elapsed >= s.timeLimitTicks) || allDone;
  return { ticks, started: false, timeUp };
}

export type HostResult = Result<{ note?: string }>;

export function startRound(s: ClassSession, countdownSec: number): HostResult {
  if (s.phase !== "lobby") return fail("E_PHASE", "The round has already started.");
  s.countdown = Math.ceil((countdownSec * 1000) / stageInfo(s).tickMs);
  s.phase = s.countdown > 0 ? "countdown" : "running";
  return ok({});
}

export function pauseRound(s: ClassSession, paused: boolean): HostResult {
  if (paused && s.phase !== "running") return fail("E_PHASE", "Only a running round can be paused.");
  if (!paused && s.phase !== "paused") return fail("E_PHASE", "The round is not paused.");
  s.phase = paused ? "paused" : "running";
  return ok({});
}

/** Moves everyone to the next stage of the sequence with fresh boards; back to the lobby for a new start. */
export function nextStage(s: ClassSession, seed: number): HostResult {
  if (s.stageIndex + 1 >= s.stages.length) return fail("E_LAST_STAGE", "This was the last stage of the sequence.");
  s.stageIndex++;
  s.seed = seed;
  s.phase = "lobby";
  s.elapsed = 0;
  s.director = "";
  for (const st of s.students.values()) {
    st.board = openBoard(s.level, s.stages[s.stageIndex]!, seed);
    st.failures = {};
  }
  return ok({});
}

export function leaderRows(s: ClassSession): LeaderRow[] {
  const rows = [...s.students.values()].map((st) => {
    return { board: st.id, nickname: st.nickname, phase: boardStatus(st.board).phase, metrics: boardMetrics(st.board) };
  });
  return leaderboard(rows, stageInfo(s).metrics);
}

export function kickError(reason: string): GameError {
  return { code: "E_KICKED", message: reason ? `The host removed you: ${reason}` : "The host removed you from this class." };
}
