/**
 * SQLite through node:sqlite (the embedded default). WAL journal with synchronous=FULL: a write whose promise
 * resolved is on disk and survives a killed server (each write is its own transaction). The calls are synchronous
 * underneath; the promises give the same interface as the PostgreSQL store.
 */
import { createHash, randomBytes } from "node:crypto";
import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { DatabaseSync } from "node:sqlite";
import type { Replay } from "../../shared/engine/replay.ts";
import type { ClassResultRow, Player, ReplayFilter, ReplaySource, ReplaySummary, ScoreRow, Store, StoredReplay } from "./store.ts";

const MIGRATIONS: readonly string[] = [
  `CREATE TABLE players (
     id TEXT PRIMARY KEY,
     nickname TEXT NOT NULL,
     token_hash TEXT NOT NULL UNIQUE,
     created_at TEXT NOT NULL
   );
   CREATE TABLE replays (
     id TEXT PRIMARY KEY,
     player_id TEXT REFERENCES players(id),
     nickname TEXT NOT NULL,
     level TEXT NOT NULL,
     stage INTEGER NOT NULL,
     level_version INTEGER NOT NULL,
     seed INTEGER NOT NULL,
     phase TEXT NOT NULL,
     final_hash TEXT NOT NULL,
     metrics TEXT NOT NULL,
     body TEXT NOT NULL,
     created_at TEXT NOT NULL
   );
   CREATE INDEX replays_by_stage ON replays(level, stage, created_at);`,
  `ALTER TABLE replays ADD COLUMN room_id TEXT;
   ALTER TABLE replays ADD COLUMN source TEXT NOT NULL DEFAULT 'played';
   CREATE INDEX replays_by_room ON replays(room_id, created_at);
   CREATE INDEX replays_by_nickname ON replays(nickname, created_at);`,
  `CREATE TABLE class_results (
     class_id TEXT NOT NULL,
     code TEXT NOT NULL,
     level TEXT NOT NULL,
     host_player_id TEXT NOT NULL,
     stage INTEGER NOT NULL,
     nickname TEXT NOT NULL,
     player_id TEXT,
     phase TEXT NOT NULL,
     metrics TEXT NOT NULL,
     ticks INTEGER NOT NULL,
     failures TEXT NOT NULL,
     replay_id TEXT,
     created_at TEXT NOT NULL
   );
   CREATE INDEX class_results_by_class ON class_results(class_id, created_at);`,
];

function tokenHash(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

export function newId(bytes = 9): string {
  return randomBytes(bytes).toString("base64url");
}

export function openSqliteStore(file: string): Store {
  mkdirSync(dirname(file), { recursive: true });
  const db = new DatabaseSync(file);
  db.exec("PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 5000;");
  const version = (db.prepare("PRAGMA user_version").get() as { user_version: number }).user_version;
  for (let v = version; v < MIGRATIONS.length; v++) {
    db.exec("BEGIN");
    db.exec(MIGRATIONS[v]!);
    db.exec(`PRAGMA user_version = ${v + 1}`);
    db.exec("COMMIT");
  }

  const insertPlayer = db.prepare("INSERT INTO players (id, nickname, token_hash, created_at) VALUES (?, ?, ?, ?)");
  const selectPlayer = db.prepare("SELECT id, nickname FROM players WHERE token_hash = ?");
  const insertReplay = db.prepare(`INSERT INTO replays
    (id, player_id, nickname, level, stage, level_version, seed, phase, final_hash, metrics, body, created_at, room_id, source)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  const selectReplay = db.prepare("SELECT id, player_id, nickname, body, created_at, room_id, source FROM replays WHERE id = ?");
  const selectScores = db.prepare(`SELECT id, player_id, nickname, metrics, created_at FROM replays
    WHERE level = ? AND stage = ? AND phase = 'won' AND (? IS NULL OR room_id = ?) ORDER BY created_at DESC, id LIMIT ?`);

  const insertClassRow = db.prepare(`INSERT INTO class_results
    (class_id, code, level, host_player_id, stage, nickname, player_id, phase, metrics, ticks, failures, replay_id, created_at)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  const selectClassRows = db.prepare("SELECT * FROM class_results WHERE class_id = ? ORDER BY rowid");

  /** Filters are optional; each present one narrows the listing (built from a fixed set of clauses). */
  function listReplays(f: ReplayFilter): ReplaySummary[] {
    const where: string[] = [];
    const args: (string | number)[] = [];
    const add = (clause: string, value: string | number | undefined) => {
      if (value === undefined) return;
      where.push(clause);
      args.push(value);
    };
    add("level = ?", f.level);
    add("stage = ?", f.stage);
    add("nickname = ?", f.nickname);
    add("room_id = ?", f.roomId);
    add("phase = ?", f.phase);
    const sql = `SELECT id, level, stage, nickname, room_id, phase, metrics, created_at FROM replays
      ${where.length ? "WHERE " + where.join(" AND ") : ""} ORDER BY created_at DESC, id LIMIT ?`;
    const rows = db.prepare(sql).all(...args, f.limit) as { id: string; level: string; stage: number; nickname: string; room_id: string | null; phase: string; metrics: string; created_at: string }[];
    return rows.map((r) => ({ id: r.id, level: r.level, stage: r.stage, nickname: r.nickname, roomId: r.room_id, phase: r.phase, metrics: JSON.parse(r.metrics), createdAt: r.created_at }));
  }

  return {
    async createPlayer(nickname) {
      const player = { id: newId(), nickname };
      const token = randomBytes(24).toString("base64url");
      insertPlayer.run(player.id, nickname, tokenHash(token), new Date().toISOString());
      return { player, token };
    },
    async playerByToken(token) {
      const row = selectPlayer.get(tokenHash(token)) as { id: string; nickname: string } | undefined;
      return row ? { id: row.id, nickname: row.nickname } : null;
    },
    async saveReplay(replay: Replay, player: Player | null, nickname: string, meta: { roomId?: string; source: ReplaySource }) {
      const id = newId();
      insertReplay.run(id, player?.id ?? null, nickname, replay.level, replay.stage, replay.levelVersion, replay.seed,
        replay.phase, replay.finalHash, JSON.stringify(replay.metrics), JSON.stringify(replay), new Date().toISOString(),
        meta.roomId ?? null, meta.source);
      return id;
    },
    async getReplay(id): Promise<StoredReplay | null> {
      const row = selectReplay.get(id) as { id: string; player_id: string | null; nickname: string; body: string; created_at: string; room_id: string | null; source: ReplaySource } | undefined;
      if (!row) return null;
      return { id: row.id, playerId: row.player_id, nickname: row.nickname, createdAt: row.created_at, roomId: row.room_id, source: row.source, replay: JSON.parse(row.body) as Replay };
    },
    listReplays: async (filter) => listReplays(filter),
    async scores(level, stage, roomId, limit): Promise<ScoreRow[]> {
      const room = roomId ?? null;
      const rows = selectScores.all(level, stage, room, room, limit) as { id: string; player_id: string | null; nickname: string; metrics: string; created_at: string }[];
      return rows.map((r) => ({ id: r.id, playerId: r.player_id, nickname: r.nickname, metrics: JSON.parse(r.metrics), createdAt: r.created_at }));
    },
    async saveClassRound(classId, code, level, hostPlayerId, rows) {
      const at = new Date().toISOString();
      db.exec("BEGIN");
      try {
        for (const r of rows) {
          insertClassRow.run(classId, code, level, hostPlayerId, r.stage, r.nickname, r.playerId, r.phase, JSON.stringify(r.metrics),
            r.ticks, JSON.stringify(r.failures), r.replayId, at);
        }
        db.exec("COMMIT");
      } catch (e) {
        db.exec("ROLLBACK");
        throw e;
      }
    },
    async classResults(classId) {
      const rows = selectClassRows.all(classId) as Record<string, string | number | null>[];
      if (rows.length === 0) return null;
      return {
        hostPlayerId: String(rows[0]!.host_player_id), code: String(rows[0]!.code), level: String(rows[0]!.level),
        rows: rows.map((r) => ({
          nickname: String(r.nickname), playerId: r.player_id === null ? null : String(r.player_id), stage: Number(r.stage),
          phase: String(r.phase), metrics: JSON.parse(String(r.metrics)), ticks: Number(r.ticks),
          failures: JSON.parse(String(r.failures)), replayId: r.replay_id === null ? null : String(r.replay_id),
        })),
      };
    },
    async close() {
      db.close();
    },
  };
}
