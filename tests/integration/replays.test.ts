/**
 * Replays as a library: storage round trips of every golden replay, import and export, tampering refused,
 * fork-from-tick, error markers, and verified comparison (histograms, Pareto front, leaderboard, personal bests).
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { simulate, type Replay } from "../../shared/engine/replay.ts";
import { LEVELS } from "../../shared/levels/index.ts";
import { record, startTestServer, waitFor, type TestServer } from "../support/server.ts";

const PORT = 39241;
const LEVELS_DIR = join(import.meta.dirname, "../../shared/levels");
let srv: TestServer;

beforeAll(async () => { srv = await startTestServer(PORT); });
afterAll(async () => srv?.stop());

function goldens(): { name: string; replay: Replay }[] {
  const out: { name: string; replay: Replay }[] = [];
  for (const level of readdirSync(LEVELS_DIR, { withFileTypes: true }).filter((d) => d.isDirectory())) {
    const dir = join(LEVELS_DIR, level.name, "fixtures");
    let files: string[] = [];
    try { files = readdirSync(dir).filter((f) => f.endsWith(".replay.json")); } catch { continue; }
    for (const f of files) out.push({ name: `${level.name}/${f}`, replay: JSON.parse(readFileSync(join(dir, f), "utf8")) });
  }
  return out;
}

async function post(path: string, body: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(`${srv.url}${path}`, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: JSON.stringify(body) });
  return { status: res.status, body: await res.json() as any };
}
async function get(path: string, headers: Record<string, string> = {}) {
  const res = await fetch(`${srv.url}${path}`, { headers });
  return { status: res.status, body: await res.json() as any, headers: res.headers };
}

async function play(token: string, stage: number, addrs: number[], extra: Record<string, unknown> = {}) {
  const p = record(await srv.client().create("play", { role: "player", nickname: "x", token, level: "allocate-fast", stage, ...extra }));
  await waitFor(() => p.of("sync").length === 1, 5000, "sync");
  addrs.forEach((addr, seq) => p.room.send("act", { seq, action: { type: "place", addr } }));
  await waitFor(() => p.of("finished").length === 1, 5000, "finished");
  await p.room.leave();
  return p;
}

describe("replay storage", () => {
  it.each(goldens().map((g) => [g.name, g.replay] as const))("%s round-trips through import, open and export unchanged", async (_name, replay) => {
    const imported = await post("/api/replays", replay);
    expect(imported.status).toBe(201);
    expect(imported.body.verification).toMatchObject({ valid: true, hashMatches: true });
    const opened = await get(`/api/replays/${imported.body.id}`);
    expect(opened.body.replay).toEqual(replay);
    expect(opened.body.source).toBe("imported");
    const file = await get(`/api/replays/${imported.body.id}/file`);
    expect(file.headers.get("content-disposition")).toMatch(/attachment; filename=".+\.replay\.json"/);
    expect(file.body).toEqual(replay);
  });

  it("a tampered replay is refused and not stored", async () => {
    const replay = goldens().find((g) => g.name.endsWith("stage-1.replay.json"))!.replay;
    const before = (await get("/api/replays?level=allocate-fast&stage=1")).body.replays.length;
    const bad = { ...replay, actions: replay.actions.map((a, i) => (i === 6 ? { ...a, action: { type: "place", addr: 48 } } : a)) };
    const r = await post("/api/replays", bad);
    expect(r.status).toBe(422);
    expect(r.body.code).toBe("E_HASH_MISMATCH");
    const claims = await post("/api/replays", { ...replay, metrics: { padding: 0, peakFootprint: 1, ticks: 1 } });
    expect(claims.status).toBe(201);
    expect((await get(`/api/replays/${claims.body.id}`)).body.replay.metrics).toEqual(replay.metrics);
    expect((await get("/api/replays?level=allocate-fast&stage=1")).body.replays.length).toBe(before + 1);
    expect((await post("/api/replays", { format: 1 })).body.code).toBe("E_BAD_REPLAY");
  });
});

describe("fork from here", () => {
  it("starts a sandbox whose state is the replay's at that tick, then plays on to a verified replay of its own", async () => {
    const replay = goldens().find((g) => g.name.endsWith("stage-1.replay.json"))!.replay;
    const { body } = await post("/api/replays", replay);
    const { token } = await srv.newPlayer("forker");
    const p = record(await srv.client().create("play", { role: "player", nickname: "forker", token, fork: { replay: body.id, tick: 45 } }));
    await waitFor(() => p.of("sync").length === 1, 5000, "sync");
    expect(p.of("sync")[0]).toMatchObject({ level: "allocate-fast", stage: 1, seed: replay.seed, tick: 45 });
    expect(p.of("sync")[0].log).toHaveLength(3);
    // The fork's log re-simulated to tick 45 is the replay at tick 45; and the replica, which may already have
    // clocked a few ticks past the sync on a busy machine, holds exactly that log run to its own tick.
    const level = LEVELS.get("allocate-fast")!;
    const forkLog = p.of("sync")[0].log as Replay["actions"];
    const hashAt = (r: ReturnType<typeof simulate>) => (r.ok ? level.hash(r.value.state) : r.error.message);
    expect(hashAt(simulate(level, { stage: 1, seed: replay.seed, actions: forkLog, finalTick: 45 }))).toBe(hashAt(simulate(level, replay, 45)));
    const run = p.replica.run!;
    expect(run.level.hash(run.state)).toBe(hashAt(simulate(level, { stage: 1, seed: replay.seed, actions: forkLog, finalTick: run.state.tick })));
    // Play the rest differently: the __m128 goes at 48 instead of 32.
    [16, 18, 24, 48].forEach((addr, seq) => p.room.send("act", { seq, action: { type: "place", addr } }));
    await waitFor(() => p.of("finished").length === 1, 5000, "finished");
    const finished = p.of("finished")[0];
    expect(finished.metrics.padding).toBe(26);
    const stored = await get(`/api/replays/${finished.replayId}`);
    expect(stored.body.replay.forkOf).toEqual({ replay: body.id, tick: 45 });
    expect(stored.body.replay.actions).toHaveLength(7);
    expect((await post("/api/replays/verify", stored.body.replay)).body).toMatchObject({ valid: true });
    expect((await get(`/api/replays?room=${p.room.roomId}`)).body.replays.map((r: any) => r.id)).toEqual([finished.replayId]);
    await p.room.leave();
  });

  it("refuses forks past the end, of a finished run, or of an unknown replay", async () => {
    const replay = goldens().find((g) => g.name.endsWith("stage-1.replay.json"))!.replay;
    const { body } = await post("/api/replays", replay);
    const { token } = await srv.newPlayer("forker");
    const create = (fork: unknown) => srv.client().create("play", { role: "player", nickname: "forker", token, fork });
    await expect(create({ replay: body.id, tick: replay.finalTick + 1 })).rejects.toThrow(/E_FORK_TICK/);
    await expect(create({ replay: body.id, tick: replay.finalTick })).rejects.toThrow(/E_FORK_ENDED/);
    await expect(create({ replay: "nope", tick: 1 })).rejects.toThrow(/E_NOT_FOUND/);
    await expect(create({ replay: body.id, tick: -1 })).rejects.toThrow(/E_BAD_JOIN/);
  });
});

describe("verified comparison", () => {
  it("rejected attempts become error markers in the stored replay", async () => {
    const { token } = await srv.newPlayer("marker");
    const p = await play(token, 1, [0, 4, 5, 8, 16, 18, 24, 32]);
    const stored = await get(`/api/replays/${p.of("finished")[0].replayId}`);
    expect(stored.body.replay.notes).toEqual([expect.objectContaining({ code: "E_MISALIGNED" })]);
    expect(stored.body.replay.actions).toHaveLength(7);
  });

  it("leaderboard, histogram and Pareto front count verified wins; personal bests follow the token", async () => {
    const ada = await srv.newPlayer("ada");
    const bob = await srv.newPlayer("bob");
    await play(ada.token, 1, [0, 4, 8, 16, 18, 24, 32]);        // padding 10 (the bump answer)
    await play(bob.token, 1, [0, 4, 16, 24, 32, 40, 64]);       // padding 11 + 6 + 5 + 20 = 42
    await play(bob.token, 1, [0, 8, 16, 24, 26, 32, 48]);       // padding 4 + 7 + 3 + 12 = 26
    const board = await get("/api/leaderboard?level=allocate-fast&stage=1&metric=padding");
    expect(board.status).toBe(200);
    const names = board.body.rows.map((r: any) => r.nickname);
    expect(names.indexOf("ada")).toBeLessThan(names.indexOf("bob"));
    expect(names.filter((n: string) => n === "bob")).toHaveLength(1);
    expect(board.body.rows.find((r: any) => r.nickname === "bob").metrics.padding).toBe(26);

    const stats = await get("/api/stats?level=allocate-fast&stage=1&x=padding&y=peakFootprint");
    expect(stats.body.count).toBeGreaterThanOrEqual(3);
    const padding = stats.body.metrics.find((m: any) => m.key === "padding");
    expect(padding.histogram.counts.reduce((a: number, b: number) => a + b, 0)).toBe(stats.body.count);
    // bob's 42-byte run has more padding and a larger footprint than ada's (10, 48): dominated.
    const bobs = (await get("/api/replays?player=bob&stage=1&level=allocate-fast")).body.replays;
    expect(stats.body.front.length).toBeGreaterThan(0);
    expect(stats.body.front).not.toContain(bobs.find((r: any) => r.metrics.padding === 42).id);

    const me = await get("/api/players/me", { "x-bma-token": bob.token });
    expect(me.body.bests).toEqual([expect.objectContaining({ level: "allocate-fast", stage: 1, best: expect.objectContaining({ metrics: expect.objectContaining({ padding: 26 }) }) })]);
    expect((await get("/api/players/me")).status).toBe(401);
    expect((await get("/api/stats?level=allocate-fast&stage=1&x=bogus")).status).toBe(400);
    expect((await get("/api/leaderboard?level=allocate-fast&stage=42")).status).toBe(404);
  });
});
