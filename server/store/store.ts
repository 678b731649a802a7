/**
 * The repository the server persists through: players (a nickname plus a secret token the browser keeps) and
 * verified replays. SQLite is the embedded default; a networked store implements the same interface.
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
  readonly replay: Replay;
}

export interface ReplaySummary {
  readonly id: string;
  readonly nickname: string;
  readonly phase: string;
  readonly metrics: Record<string, number>;
  readonly createdAt: string;
}

export interface Store {
  /** Creates a player; the token is returned once and only its hash is kept. */
  createPlayer(nickname: string): { player: Player; token: string };
  playerByToken(token: string): Player | null;
  /** Stores a replay that the caller has already verified by re-simulation. Durable when it returns. */
  saveReplay(replay: Replay, player: Player | null, nickname: string): string;
  getReplay(id: string): StoredReplay | null;
  listReplays(level: string, stage: number, limit: number): ReplaySummary[];
  close(): void;
}
