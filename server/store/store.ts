/**
 * The repository the server persists through: players (a nickname plus a secret token the browser keeps),
 * verified replays and class results. SQLite (node:sqlite) is the embedded default; PostgreSQL implements the same
 * interface for several server processes. Every write is durable when its promise resolves.
 */
import type { Replay } from "../../shared/engine/replay.ts";

export interface Player {
  readonly id: string;
  readonly nickname: string;
}

export interface StoredReplay {
  readonly id: string;
  readonly playerId: string | null;
  readonly nickname: string;
  readonly createdAt: string;
  readonly roomId: string | null;
  readonly source: ReplaySource;
  readonly replay: Replay;
}

export interface ReplaySummary {
  readonly id: string;
  readonly level: string;
  readonly stage: number;
  readonly nickname: string;
  readonly roomId: string | null;
  readonly phase: string;
  readonly metrics: Record<string, number>;
  readonly createdAt: string;
}

/** Where a stored replay came from: played on this server, or uploaded and verified. */
export type ReplaySource = "played" | "imported";

export interface ReplayFilter {
  readonly level?: string;
  readonly stage?: number;
  readonly nickname?: string;
  readonly roomId?: string;
  readonly phase?: string;
  readonly limit: number;
}

/** A verified result for comparison and leaderboards. */
export interface ScoreRow {
  readonly id: string;
  readonly playerId: string | null;
  readonly nickname: string;
  readonly metrics: Record<string, number>;
  readonly createdAt: string;
}

/** One student's result in a class round, for the host's results screen and CSV export. */
export interface ClassResultRow {
  readonly nickname: string;
  readonly playerId: string | null;
  readonly stage: number;
  readonly phase: string;
  readonly metrics: Record<string, number>;
  readonly ticks: number;
  readonly failures: Record<string, number>;
  readonly replayId: string | null;
}

export interface ClassResults {
  readonly hostPlayerId: string;
  readonly code: string;
  readonly level: string;
  readonly rows: ClassResultRow[];
}

export interface Store {
  /** Creates a player; the token is returned once and only its hash is kept. */
  createPlayer(nickname: string): Promise<{ player: Player; token: string }>;
  playerByToken(token: string): Promise<Player | null>;
  /** Stores a replay that the caller has already verified by re-simulation. Durable when it returns. */
  saveReplay(replay: Replay, player: Player | null, nickname: string, meta: { roomId?: string; source: ReplaySource }): Promise<string>;
  getReplay(id: string): Promise<StoredReplay | null>;
  /** Newest first. */
  listReplays(filter: ReplayFilter): Promise<ReplaySummary[]>;
  /** Won runs of a stage (optionally of one room), newest first: the population leaderboards and charts use. */
  scores(level: string, stage: number, roomId: string | undefined, limit: number): Promise<ScoreRow[]>;
  /** Records a finished class round (one row per student), durably. */
  saveClassRound(classId: string, code: string, level: string, hostPlayerId: string, rows: readonly ClassResultRow[]): Promise<void>;
  /** All rounds of a class, in order, with the host who ran them. */
  classResults(classId: string): Promise<ClassResults | null>;
  close(): Promise<void>;
}
