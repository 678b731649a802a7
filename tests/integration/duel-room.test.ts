/**
 * The duel room with real SDK clients: an author and a breaker (first two players), a spectator (the third), the
 * author's submit checked on a worker, the breaker's schedule, the verdict, the stored replay of both sides, refusals
 * for spectators and the wrong seat, and reconnection to the same seat.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { matchMaker } from "@colyseus/core";
import { record, startTestServer, waitFor, type Recorded, type TestServer } from "../support/server.ts";
import { verifyReplay, type Replay } from "../../shared/engine/replay.ts";
import { RULES } from "../../shared/levels/index.ts";
import { check, compiled, sourceOf, STAGE_RULES } from "../../shared/levels/race-free-queue/index.ts";
import type { Ordering } from "../../shared/levels/race-free-queue/ast.ts";
import type { DuelState } from "../../shared/levels/race-free-queue/duel.ts";
import { DUEL_ROOM } from "../../shared/protocol.ts";

const PORT = 39361;
const RELAXED_PUBLISH: readonly Ordering[] = ["Relaxed", "Acquire", "Relaxed", "Relaxed", "Acquire", "Release"];

let srv: TestServer;
let ada: string, bob: string, cy: string;

beforeAll(async () => {
  srv = await startTestServer(PORT);
  ada = (await srv.newPlayer("ada")).token;
  bob = (await srv.newPlayer("bob")).token;
  cy = (await srv.newPlayer("cy")).token;
});
afterAll(async () => srv?.stop());

const duelOf = (r: Recorded) => r.replica.run!.state as DuelState;

async function synced(room: Promise<import("@colyseus/sdk").Room>): Promise<Recorded> {
  const rec = record(await room);
  await waitFor(() => rec.of("sync").length === 1, 5000, "sync");
  return rec;
}

/** A duel on `stage` with the author and breaker seated (and a spectator), clocks in seconds. */
async function openDuel(writeSeconds: number, breakSeconds: number, stage = 2) {
  const author = await synced(srv.client().create(DUEL_ROOM, { role: "player", nickname: "ada", token: ada, stage, writeSeconds, breakSeconds }));
  const id = author.room.roomId;
  const breaker = await synced(srv.client().joinById(id, { role: "player", nickname: "bob", token: bob }));
  const spectator = await synced(srv.client().joinById(id, { role: "spectator", nickname: "watcher" }));
  await waitFor(() => author.replica.run !== null && duelOf(author).phase === "writing", 5000, "writing phase");
  return { author, breaker, spectator, id };
}

function orderAndSubmit(author: Recorded, orderings: readonly Ordering[]) {
  orderings.forEach((ordering, site) => author.room.send("act", { seq: site + 1, action: { type: "order", site, ordering } }));
  author.room.send("act", { seq: 100, action: { type: "submit" } });
}

async function leaveAll(...rs: Recorded[]) {
  for (const r of rs) await r.room.leave().catch(() => undefined);
}

describe("a duel", () => {
  it("relaxed publish: the breaker plays the bad schedule and wins; everyone sees it; the replay holds both sides and verifies", { timeout: 40_000 }, async () => {
    const { author, breaker, spectator } = await openDuel(60, 60);
    expect(author.of("sync")[0]).toMatchObject({ role: "player", seat: "author", level: "race-free-queue-duel", stage: 2 });
    expect(breaker.of("sync")[0]).toMatchObject({ role: "player", seat: "breaker" });
    expect(spectator.of("sync")[0]).toMatchObject({ role: "spectator", seat: "" });

    // Out of turn: the breaker cannot step or edit while the author writes; a spectator cannot act at all.
    breaker.room.send("act", { seq: 7, action: { type: "step", thread: 0, choice: 0 } });
    breaker.room.send("act", { seq: 8, action: { type: "order", site: 2, ordering: "SeqCst" } });
    breaker.room.send("act", { seq: 9, action: { type: "sit", seat: "author" } });
    spectator.room.send("act", { seq: 1, action: { type: "submit" } });
    await waitFor(() => breaker.of("error").length === 3 && spectator.of("error").length === 1, 5000, "refusals");
    expect(breaker.of("error").map((e) => [e.seq, e.code]).sort()).toEqual([[7, "E_NOT_YOUR_TURN"], [8, "E_NOT_YOUR_TURN"], [9, "E_FORBIDDEN"]]);
    expect(spectator.of("error")[0]).toMatchObject({ code: "E_FORBIDDEN" });

    orderAndSubmit(author, RELAXED_PUBLISH);
    await waitFor(() => duelOf(breaker).phase === "breaking", 10_000, "breaking phase");
    expect(duelOf(breaker).breaker!.source).toContain("tail.store(t + 1, Ordering::Relaxed)");
    author.room.send("act", { seq: 200, action: { type: "order", site: 2, ordering: "Release" } });
    await waitFor(() => author.of("error").some((e) => e.seq === 200), 5000, "author refused after submit");
    expect(author.of("error").find((e) => e.seq === 200).code).toBe("E_NOT_YOUR_TURN");

    const rules = STAGE_RULES[1]!;
    const cx = check(compiled(sourceOf(rules, RELAXED_PUBLISH, false, false)), { preemptions: rules.preemptions, maxExecutions: rules.maxExecutions }).counterexample!;
    cx.actions.forEach((a, i) => breaker.room.send("act", { seq: 300 + i, action: { type: "step", thread: a.thread, choice: a.choice } }));
    await waitFor(() => [author, breaker, spectator].every((r) => r.of("finished").length === 1), 10_000, "finished everywhere");

    const finished = breaker.of("finished")[0];
    expect(finished).toMatchObject({ phase: "won", metrics: { breakerWon: 1, refereeCounterexample: 1, steps: cx.actions.length } });
    expect(finished.text).toContain("The breaker wins: data race on buf");
    expect(finished.replayId).toBeTruthy();
    for (const r of [author, breaker, spectator]) {
      expect(duelOf(r)).toMatchObject({ phase: "verdict", winner: "breaker", reason: "violation" });
      expect(r.replica.run!.level.hash(r.replica.run!.state)).toBe(finished.finalHash);
      expect(r.replica.desyncs).toEqual([]);
    }

    const res = await fetch(`${srv.url}/api/replays/${finished.replayId}`);
    const { replay, nickname } = (await res.json()) as { replay: Replay; nickname: string };
    expect(nickname).toBe("ada vs bob");
    const by = new Set(replay.actions.map((a) => (a.action as { by: string }).by));
    expect([...by].sort()).toEqual(["author", "breaker", "room"]);
    expect(verifyReplay(RULES, replay)).toMatchObject({ valid: true, hashMatches: true, phase: "won" });
    const verified = await (await fetch(`${srv.url}/api/replays/verify`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(replay) })).json();
    expect(verified).toMatchObject({ valid: true });
    await leaveAll(author, breaker, spectator);
  });

  it("a correct queue: the breaker's clock runs out and the author wins; the checker certifies the queue", { timeout: 40_000 }, async () => {
    const { author, breaker, spectator } = await openDuel(60, 2);
    author.room.send("act", { seq: 1, action: { type: "check" } });
    orderAndSubmit(author, STAGE_RULES[1]!.solution);
    await waitFor(() => duelOf(breaker).phase === "breaking", 10_000, "breaking phase");
    breaker.room.send("act", { seq: 1, action: { type: "step", thread: 0, choice: 0 } });
    await waitFor(() => spectator.of("finished").length === 1, 10_000, "time runs out");
    const finished = spectator.of("finished")[0];
    expect(finished).toMatchObject({ phase: "lost", metrics: { breakerWon: 0, refereeCounterexample: 0, steps: 1 } });
    expect(finished.text).toContain("Time is up");
    expect(finished.text).toContain("verified within bounds");
    expect(duelOf(author)).toMatchObject({ winner: "author", reason: "time" });
    expect(duelOf(author).tick - duelOf(author).breaker!.duelEnds).toBe(0);
    await leaveAll(author, breaker, spectator);
  });

  it("seats: a third player becomes a spectator, a taken seat is refused, a dropped player reconnects to their seat", { timeout: 40_000 }, async () => {
    const { author, breaker, spectator, id } = await openDuel(60, 60);
    const third = await synced(srv.client().joinById(id, { role: "player", nickname: "cy", token: cy }));
    expect(third.of("sync")[0]).toMatchObject({ role: "spectator", seat: "" });
    third.room.send("act", { seq: 1, action: { type: "order", site: 0, ordering: "Acquire" } });
    await waitFor(() => third.of("error").length === 1, 5000, "third refused");
    expect(third.of("error")[0].code).toBe("E_FORBIDDEN");
    await expect(srv.client().joinById(id, { role: "player", nickname: "cy", token: cy, seat: "breaker" })).rejects.toThrow(/E_SEAT_TAKEN/);
    await expect(srv.client().joinById(id, { role: "player", nickname: "bob", token: bob })).rejects.toThrow(/E_ALREADY_JOINED/);

    // The author's connection drops: the SDK reconnects to the same session and seat, the clock having waited.
    author.room.reconnection.minUptime = 0;
    const serverRoom = matchMaker.getLocalRoomById(id) as any;
    const sessionId = author.room.sessionId;
    const client = serverRoom.clients.find((c: any) => c.sessionId === sessionId);
    client.ref.terminate();
    await waitFor(() => author.of("sync").length === 2, 10_000, "resync after reconnect");
    expect(author.room.sessionId).toBe(sessionId);
    expect(author.of("sync")[1]).toMatchObject({ seat: "author" });
    author.room.send("act", { seq: 1, action: { type: "order", site: 1, ordering: "Acquire" } });
    await waitFor(() => duelOf(breaker).author.orderings[1] === "Acquire", 5000, "author acts after reconnect");

    // Leaving for good and coming back with the same token takes the seat back.
    await author.room.leave();
    const back = await synced(srv.client().joinById(id, { role: "player", nickname: "ada", token: ada }));
    expect(back.of("sync")[0]).toMatchObject({ role: "player", seat: "author" });
    back.room.send("act", { seq: 2, action: { type: "resign" } });
    await waitFor(() => spectator.of("finished").length === 1, 5000, "finished");
    expect(duelOf(spectator)).toMatchObject({ winner: "breaker", reason: "forfeit" });
    for (const r of [back, breaker, spectator, third]) expect(r.replica.desyncs).toEqual([]);
    await leaveAll(back, breaker, spectator, third);
  });

  it("bad creations are refused: a stage that cannot be dueled, a spectator creating, a seat name that is not one", { timeout: 20_000 }, async () => {
    await expect(srv.client().create(DUEL_ROOM, { role: "player", nickname: "ada", token: ada, stage: 3 })).rejects.toThrow(/E_UNKNOWN_STAGE/);
    await expect(srv.client().create(DUEL_ROOM, { role: "spectator", nickname: "ada" })).rejects.toThrow(/E_BAD_JOIN/);
    await expect(srv.client().create(DUEL_ROOM, { role: "player", nickname: "ada", token: ada, seat: "judge" })).rejects.toThrow(/E_BAD_JOIN/);
  });
});
