/**
 * PostgreSQL through `pg`: the store for several server processes sharing one database. Same tables and the same
 * interface as the SQLite store; each write is one statement or one transaction and is durable when it resolves
 * (PostgreSQL's default synchronous_commit). Schema versions are tracked in bma_schema, applied in a transaction.
 */
import { createHash, randomBytes } from "node:crypto";
import pg from "pg";
import type { Replay } from "../../shared/engine/replay.ts";
import { newId } from "./sqlite.ts";
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
     seed BIGINT NOT NULL,
     phase TEXT NOT NULL,
     final_hash TEXT NOT NULL,
     metrics TEXT NOT NULL,
     body TEXT NOT NULL,
     created_at TEXT NOT NULL,
     room_id TEXT,
     source TEXT NOT NULL DEFAULT 'played'
   );
   CREATE INDEX replays_by_stage ON replays(level, stage, created_at);
   CREATE INDEX replays_by_room ON replays(room_id, created_at);
   CREATE INDEX replays_by_nickname ON replays(nickname, created_at);
   CREATE TABLE class_results (
     seq BIGSERIAL PRIMARY KEY,
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
   CREATE INDEX class_results_by_class ON class_results(class_id, seq);`,
];

function tokenHash(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

async function migrate(pool: pg.Pool): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query("BEGIN");
    // One migrator at a time across processes.
    await client.query("SELECT pg_advisory_xact_lock(20261122)");
    await client.query("CREATE TABLE IF NOT EXISTS bma_schema (version INTEGER NOT NULL)");
    const row = (await client.query("SELECT version FROM bma_schema")).rows[0] as { version: number } | undefined;
    const version = row?.version ?? 0;
    for (let v = version; v < MIGRATIONS.length; v++) await client.query(MIGRATIONS[v]!);
    if (!row) await client.query("INSERT INTO bma_schema (version) VALUES ($1)", [MIGRATIONS.length]);
    else await client.query("UPDATE bma_schema SET version = $1", [MIGRATIONS.length]);
    await client.query("COMMIT");
  } catch (e) {
    await client.query("ROLLBACK");
    throw e;
  } finally {
    client.release();
  }
}

type ReplayRow = { id: string; level: string; stage: number; nickname: string; room_id: string | null; phase: string; metrics: string; created_at: string };

export async function openPostgresStore(connectionString: string): Promise<Store> {
  const pool = new pg.Pool({ connectionString, max: 10 });
  await migrate(pool);

  return {
    async createPlayer(nickname) {
      const player = { id: newId(), nickname };
      const token = randomBytes(24).toString("base64url");
      await pool.query("INSERT INTO players (id, nickname, token_hash, created_at) VALUES ($1, $2, $3, $4)",
        [player.id, nickname, tokenHash(token), new Date().toISOString()]);
      return { player, token };
    },
    async playerByToken(token) {
      const row = (await pool.query("SELECT id, nickname FROM players WHERE token_hash = $1", [tokenHash(token)])).rows[0] as Player | undefined;
      return row ? { id: row.id, nickname: row.nickname } : null;
    },
    async saveReplay(replay: Replay, player: Player | null, nickname: string, meta: { roomId?: string; source: ReplaySource }) {
      const id = newId();
      await pool.query(`INSERT INTO replays
        (id, player_id, nickname, level, stage, level_version, seed, phase, final_hash, metrics, body, created_at, room_id, source)
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)`,
        [id, player?.id ?? null, nickname, replay.level, replay.stage, replay.levelVersion, replay.seed, replay.phase, replay.finalHash,
          JSON.stringify(replay.metrics), JSON.stringify(replay), new Date().toISOString(), meta.roomId ?? null, meta.source]);
      return id;
    },
    async getReplay(id): Promise<StoredReplay | null> {
      const row = (await pool.query("SELECT id, player_id, nickname, body, created_at, room_id, source FROM replays WHERE id = $1", [id])).rows[0] as
        { id: string; player_id: string | null; nickname: string; body: string; created_at: string; room_id: string | null; source: ReplaySource } | undefined;
      if (!row) return null;
      return { id: row.id, playerId: row.player_id, nickname: row.nickname, createdAt: row.created_at, roomId: row.room_id, source: row.source, replay: JSON.parse(row.body) as Replay };
    },
    async listReplays(f: ReplayFilter): Promise<ReplaySummary[]> {
      const where: string[] = [];
      const args: (string | number)[] = [];
      const add = (column: string, value: string | number | undefined) => {
        if (value === undefined) return;
        args.push(value);
        where.push(`${column} = $${args.length}`);
      };
      add("level", f.level);
      add("stage", f.stage);
      add("nickname", f.nickname);
      add("room_id", f.roomId);
      add("phase", f.phase);
      args.push(f.limit);
      const rows = (await pool.query(`SELECT id, level, stage, nickname, room_id, phase, metrics, created_at FROM replays
        ${where.length ? "WHERE " + where.join(" AND ") : ""} ORDER BY created_at DESC, id LIMIT $${args.length}`, args)).rows as ReplayRow[];
      return rows.map((r) => ({ id: r.id, level: r.level, stage: r.stage, nickname: r.nickname, roomId: r.room_id, phase: r.phase, metrics: JSON.parse(r.metrics), createdAt: r.created_at }));
    },
    async scores(level, stage, roomId, limit): Promise<ScoreRow[]> {
      const rows = (await pool.query(`SELECT id, player_id, nickname, metrics, created_at FROM replays
        WHERE level = $1 AND stage = $2 AND phase = 'won' AND ($3::text IS NULL OR room_id = $3) ORDER BY created_at DESC, id LIMIT $4`,
        [level, stage, roomId ?? null, limit])).rows as { id: string; player_id: string | null; nickname: string; metrics: string; created_at: string }[];
      return rows.map((r) => ({ id: r.id, playerId: r.player_id, nickname: r.nickname, metrics: JSON.parse(r.metrics), createdAt: r.created_at }));
    },
    async saveClassRound(classId, code, level, hostPlayerId, rows: readonly ClassResultRow[]) {
      const client = await pool.connect();
      const at = new Date().toISOString();
      try {
        await client.query("BEGIN");
        for (const r of rows) {
          await client.query(`INSERT INTO class_results
            (class_id, code, level, host_player_id, stage, nickname, player_id, phase, metrics, ticks, failures, replay_id, created_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`,
            [classId, code, level, hostPlayerId, r.stage, r.nickname, r.playerId, r.phase, JSON.stringify(r.metrics), r.ticks, JSON.stringify(r.failures), r.replayId, at]);
        }
        await client.query("COMMIT");
      } catch (e) {
        await client.query("ROLLBACK");
        throw e;
      } finally {
        client.release();
      }
    },
    async classResults(classId) {
      const rows = (await pool.query("SELECT * FROM class_results WHERE class_id = $1 ORDER BY seq", [classId])).rows as Record<string, string | number | null>[];
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
      await pool.end();
    },
  };
}
