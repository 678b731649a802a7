/**
 * Crash safety: kill -9 the server in the middle of a class round while replays are being written. On restart
 * every replay a student was told about is there, the database passes SQLite's integrity check, and members who
 * try to reconnect to the lost room get a clean refusal instead of a hang.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DatabaseSync } from "node:sqlite";
import { afterAll, describe, expect, it } from "vitest";
import { Client, type Room } from "@colyseus/sdk";
import { spawnServer, type ServerProcess } from "../support/process.ts";
import { waitFor } from "../support/server.ts";

const PORT = 39291;
const dataDir = mkdtempSync(join(tmpdir(), "bma-crash-"));
const started: ServerProcess[] = [];
afterAll(async () => {
  for (const s of started) await s.kill();
  rmSync(dataDir, { recursive: true, force: true });
});

async function newPlayer(url: string, nickname: string) {
  return (await (await fetch(`${url}/api/players`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ nickname }) })).json()) as { token: string };
}

describe("kill -9 during a class round", () => {
  it("loses nothing acknowledged, keeps the database intact, and refuses reconnection to the lost room cleanly", async () => {
    const first = await spawnServer(PORT, dataDir);
    started.push(first);
    const host = await newPlayer(first.url, "teacher");
    const hostRoom = await new Client(first.url).create("class", { role: "host", nickname: "teacher", token: host.token, level: "allocate-fast", stages: [1] });
    hostRoom.onMessage("*", () => {});
    const acknowledged: string[] = [];
    const students: Room[] = [];
    for (let i = 0; i < 12; i++) {
      const room = await new Client(first.url).joinById(hostRoom.roomId, { role: "student", nickname: `kid ${i}`, token: (await newPlayer(first.url, `kid${i}`)).token });
      room.reconnection.enabled = false;
      room.onMessage("*", (type, body: any) => { if (type === "finished" && body.replayId) acknowledged.push(body.replayId); });
      students.push(room);
    }
    hostRoom.send("start", { countdownSec: 0 });
    await new Promise((r) => setTimeout(r, 300));
    // Students finish one after another while the server is killed part-way through.
    const answer = [0, 4, 8, 16, 18, 24, 32];
    students.forEach((room, i) => setTimeout(() => answer.forEach((addr, seq) => room.send("act", { seq, action: { type: "place", addr } })), i * 15));
    await waitFor(() => acknowledged.length >= 4, 5000, "some replays acknowledged");
    await first.kill("SIGKILL");
    const seen = acknowledged.slice();

    const second = await spawnServer(PORT + 1, dataDir);
    started.push(second);
    for (const id of seen) expect((await fetch(`${second.url}/api/replays/${id}`)).status).toBe(200);
    const db = new DatabaseSync(join(dataDir, "bma.sqlite"), { readOnly: true });
    expect(db.prepare("PRAGMA integrity_check").get()).toEqual({ integrity_check: "ok" });
    db.close();

    // The room did not survive the restart: a reconnect is refused promptly and says so.
    const started0 = Date.now();
    await expect(new Client(second.url).reconnect(students[0]!.reconnectionToken)).rejects.toThrow(/./);
    expect(Date.now() - started0).toBeLessThan(5000);
    await expect(new Client(second.url).joinById(hostRoom.roomId, { role: "spectator", nickname: "late" })).rejects.toThrow(/not found|expired|invalid|No room/i);
  }, 60_000);
});
