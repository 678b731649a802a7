/**
 * Nothing acknowledged is lost: a finished run's replay and a player's token survive a server killed with
 * SIGKILL, and the API serves the replay again after restart.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { Client } from "@colyseus/sdk";
import { spawnServer, type ServerProcess } from "../support/process.ts";
import { record, waitFor } from "../support/server.ts";

const PORT = 39221;
const dataDir = mkdtempSync(join(tmpdir(), "bma-persist-"));
const started: ServerProcess[] = [];

afterAll(async () => {
  for (const s of started) await s.kill();
  rmSync(dataDir, { recursive: true, force: true });
});

describe("persistence across a killed server", () => {
  it("keeps the acknowledged replay and the player's token", async () => {
    const first = await spawnServer(PORT, dataDir);
    started.push(first);
    const player = await (await fetch(`${first.url}/api/players`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ nickname: "grace" }) })).json() as { token: string };
    const p = record(await new Client(first.url).create("play", { role: "player", nickname: "grace", token: player.token, level: "allocate-fast", stage: 1 }));
    await waitFor(() => p.of("sync").length === 1, 5000, "sync");
    [0, 4, 8, 16, 18, 24, 32].forEach((addr, seq) => p.room.send("act", { seq, action: { type: "place", addr } }));
    await waitFor(() => p.of("finished").length === 1, 5000, "finished");
    const { replayId, finalHash } = p.of("finished")[0];
    expect(replayId).toMatch(/^[A-Za-z0-9_-]+$/);

    await first.kill("SIGKILL");
    const second = await spawnServer(PORT + 1, dataDir);
    started.push(second);
    const res = await fetch(`${second.url}/api/replays/${replayId}`);
    expect(res.status).toBe(200);
    const body = await res.json() as { nickname: string; replay: { finalHash: string } };
    expect(body.nickname).toBe("grace");
    expect(body.replay.finalHash).toBe(finalHash);
    const verified = await (await fetch(`${second.url}/api/replays/verify`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body.replay) })).json();
    expect(verified).toMatchObject({ valid: true, hashMatches: true, phase: "won" });

    // The browser's token still seats the same player after the restart.
    const again = await new Client(second.url).create("play", { role: "player", nickname: "grace", token: player.token, level: "allocate-fast", stage: 1 });
    expect(again.roomId).toBeTruthy();
    await again.leave();
  });
});
