/**
 * Multi-process mode: two server processes sharing Redis (presence and matchmaking) and PostgreSQL (the store),
 * each with its own public address. A class room is created on one process and students join it through the other;
 * their replays land in PostgreSQL.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Client, type Room } from "@colyseus/sdk";
import { spawnServer, type ServerProcess } from "../support/process.ts";
import { startPostgres, startRedis, type Service } from "../support/services.ts";
import { waitFor } from "../support/server.ts";

const REDIS_PORT = 39401, PG_PORT = 39402, A = 39411, B = 39412;
const dataDir = mkdtempSync(join(tmpdir(), "bma-scale-"));
let redis: Service, postgres: Service;
const servers: ServerProcess[] = [];

beforeAll(async () => {
  redis = await startRedis(REDIS_PORT);
  postgres = await startPostgres(PG_PORT);
  for (const port of [A, B]) {
    servers.push(await spawnServer(port, dataDir, {
      BMA_REDIS_URL: redis.url, BMA_DATABASE_URL: postgres.url, BMA_PUBLIC_ADDRESS: `localhost:${port}`,
    }));
  }
}, 90_000);

afterAll(async () => {
  for (const s of servers) await s.kill("SIGTERM");
  await postgres?.stop();
  await redis?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

async function newPlayer(url: string, nickname: string) {
  return (await (await fetch(`${url}/api/players`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ nickname }) })).json()) as { token: string };
}

describe("two processes, Redis and PostgreSQL", () => {
  it("a class created on one process is joined through the other, and its replays land in PostgreSQL", async () => {
    const [a, b] = servers as [ServerProcess, ServerProcess];
    const host = await newPlayer(a.url, "teacher");
    const hostRoom = await new Client(a.url).create("class", { role: "host", nickname: "teacher", token: host.token, level: "allocate-fast", stages: [1] });
    const results: any[] = [];
    hostRoom.onMessage("*", (type, body) => { if (type === "results") results.push(body); });
    await waitFor(() => /^[A-Z2-9]{6}$/.test((hostRoom.state as any).code ?? ""), 5000, "code");
    const code = (hostRoom.state as any).code as string;

    // Through process B: find the class by code, register players (in the shared PostgreSQL), and join.
    const found = await (await fetch(`${b.url}/api/classes/code/${code}`)).json() as { roomId: string };
    expect(found.roomId).toBe(hostRoom.roomId);
    const students: Room[] = [];
    for (let i = 0; i < 3; i++) {
      const { token } = await newPlayer(b.url, `kid${i}`);
      students.push(await new Client(b.url).joinById(found.roomId, { role: "student", nickname: `kid ${i}`, token }));
    }
    for (const s of students) s.onMessage("*", () => {});
    await waitFor(() => (hostRoom.state as any).students === 3, 5000, "three students");
    hostRoom.send("start", { countdownSec: 0 });
    await waitFor(() => (hostRoom.state as any).phase === "running", 5000, "running");
    for (const s of students) [0, 4, 8, 16, 18, 24, 32].forEach((addr, seq) => s.send("act", { seq, action: { type: "place", addr } }));
    await waitFor(() => results.length === 1, 10_000, "the round ends when everyone has finished");
    expect(results[0].rows.map((r: any) => r.phase)).toEqual(["won", "won", "won"]);

    const db = new pg.Client({ connectionString: postgres.url });
    await db.connect();
    const stored = await db.query("SELECT count(*)::int AS n FROM replays WHERE room_id = $1 AND phase = 'won'", [found.roomId]);
    const classRows = await db.query("SELECT count(*)::int AS n FROM class_results WHERE class_id = $1", [found.roomId]);
    await db.end();
    expect(stored.rows[0].n).toBe(3);
    expect(classRows.rows[0].n).toBe(3);
    // Either process serves any replay.
    expect((await fetch(`${b.url}/api/replays/${results[0].rows[0].replayId}`)).status).toBe(200);
    await Promise.all([...students.map((s) => s.leave()), hostRoom.leave()]);
  }, 60_000);
});
