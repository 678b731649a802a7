/**
 * Heavy level steps (a model-checker run) go to a worker thread: the room keeps answering other messages while
 * one runs, the board's clock waits for it, and the result is exactly what an inline step would give.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { matchMaker } from "@colyseus/core";
import { simulate } from "../../shared/engine/replay.ts";
import { LEVELS } from "../../shared/levels/index.ts";
import { record, startTestServer, waitFor, type TestServer } from "../support/server.ts";

let srv: TestServer;
beforeAll(async () => { srv = await startTestServer(39285); });
afterAll(async () => srv?.stop());

describe("heavy steps on a worker", () => {
  it("a race-free-queue check runs off the room's thread and lands at the tick it was sent", async () => {
    const level = LEVELS.get("race-free-queue")!;
    expect(level.heavy?.({ type: "check" })).toBe(true);
    const { token } = await srv.newPlayer("checker");
    const p = record(await srv.client().create("play", { role: "player", nickname: "checker", token, level: "race-free-queue", stage: 2 }));
    const s = record(await srv.client().joinById(p.room.roomId, { role: "spectator", nickname: "watch" }));
    await waitFor(() => p.of("sync").length === 1 && s.of("sync").length === 1, 5000, "syncs");
    p.room.send("act", { seq: 1, action: { type: "check" } });
    // While the checker runs, the room still answers: a malformed message is refused at once.
    s.room.send("act", { seq: 2, action: { type: "check" } });
    await waitFor(() => s.of("error").length === 1, 5000, "the room answers during the check");
    // Inline, the spectator's message would have waited behind the check and been answered after its verdict.
    expect(p.of("action")).toHaveLength(0);
    await waitFor(() => p.of("action").length === 1 || p.of("error").length > 0, 20_000, "the check's verdict");
    expect(p.of("error")).toEqual([]);
    const board = (matchMaker.getLocalRoomById(p.room.roomId) as any).board;
    const again = simulate(level, { stage: 2, seed: board.run.seed, actions: board.run.log, finalTick: board.run.state.tick });
    expect(again.ok && level.hash(again.value.state)).toBe(level.hash(board.run.state));
    await waitFor(() => p.replica.run!.state.tick === board.run.state.tick, 5000, "replica caught up");
    expect(p.replica.run!.level.hash(p.replica.run!.state)).toBe(level.hash(board.run.state));
    await s.room.leave();
    await p.room.leave();
  }, 40_000);
});
