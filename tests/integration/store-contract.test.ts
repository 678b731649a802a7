/**
 * The store contract, run against both implementations: the embedded SQLite file and PostgreSQL. Whatever one
 * answers, the other must answer too.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Replay } from "../../shared/engine/replay.ts";
import { openPostgresStore } from "../../server/store/postgres.ts";
import { openSqliteStore } from "../../server/store/sqlite.ts";
import type { ClassResultRow, Store } from "../../server/store/store.ts";
import { startPostgres, type Service } from "../support/services.ts";

const golden = JSON.parse(readFileSync(join(import.meta.dirname, "../../shared/levels/allocate-fast/fixtures/stage-1.replay.json"), "utf8")) as Replay;
const dir = mkdtempSync(join(tmpdir(), "bma-store-"));
let postgres: Service;
const stores: Record<string, Store> = {};

beforeAll(async () => {
  postgres = await startPostgres(39403);
  stores.sqlite = openSqliteStore(join(dir, "contract.sqlite"));
  stores.postgres = await openPostgresStore(postgres.url);
}, 60_000);
afterAll(async () => {
  for (const s of Object.values(stores)) await s.close();
  await postgres?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe.each(["sqlite", "postgres"])("%s store", (kind) => {
  it("players: a token finds its player, a wrong one finds nobody", async () => {
    const store = stores[kind]!;
    const { player, token } = await store.createPlayer("ada");
    expect(await store.playerByToken(token)).toEqual(player);
    expect(await store.playerByToken(token.slice(0, -1) + (token.endsWith("A") ? "B" : "A"))).toBeNull();
  });
  it("replays: save, open, filter, and scores of won runs", async () => {
    const store = stores[kind]!;
    const { player } = await store.createPlayer("bob");
    const id = await store.saveReplay(golden, player, "bob", { roomId: "room1", source: "played" });
    const lost = await store.saveReplay({ ...golden, phase: "lost" }, null, "eve", { source: "imported" });
    expect(await store.getReplay(id)).toMatchObject({ id, playerId: player.id, nickname: "bob", roomId: "room1", source: "played", replay: golden });
    expect(await store.getReplay("missing")).toBeNull();
    expect((await store.listReplays({ roomId: "room1", limit: 10 })).map((r) => r.id)).toEqual([id]);
    expect((await store.listReplays({ nickname: "eve", limit: 10 })).map((r) => r.id)).toEqual([lost]);
    const scores = await store.scores("allocate-fast", 1, undefined, 100);
    expect(scores.map((s) => s.id)).toContain(id);
    expect(scores.map((s) => s.id)).not.toContain(lost);
    expect((await store.scores("allocate-fast", 1, "room1", 100)).map((s) => s.id)).toEqual([id]);
  });
  it("class results: rows come back in order with their host", async () => {
    const store = stores[kind]!;
    const rows: ClassResultRow[] = [
      { nickname: "a", playerId: null, stage: 1, phase: "won", metrics: { padding: 10 }, ticks: 5, failures: {}, replayId: "r1" },
      { nickname: "b", playerId: "p2", stage: 1, phase: "lost", metrics: { padding: 0 }, ticks: 9, failures: { E_MISALIGNED: 2 }, replayId: null },
    ];
    await store.saveClassRound("class1", "ABCDEF", "allocate-fast", "host1", rows);
    expect(await store.classResults("class1")).toEqual({ hostPlayerId: "host1", code: "ABCDEF", level: "allocate-fast", rows });
    expect(await store.classResults("nope")).toBeNull();
  });
});
