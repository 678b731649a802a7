/**
 * The play room with real SDK clients over real WebSockets: join, act, lockstep replicas, rejections to the
 * sender only, spectators, bad input for every message type, reconnection, and replay storage.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { matchMaker } from "@colyseus/core";
import { record, startTestServer, waitFor, type Recorded, type TestServer } from "../support/server.ts";
import { verifyReplay, type Replay } from "../../shared/engine/replay.ts";
import { LEVELS } from "../../shared/levels/index.ts";
import { MAX_MESSAGE_CHARS, RATE_BURST } from "../../shared/protocol.ts";

const PORT = 39211;
const STAGE1_ANSWER = [0, 4, 8, 16, 18, 24, 32];

let srv: TestServer;
let token: string;

beforeAll(async () => {
  srv = await startTestServer(PORT);
  token = (await srv.newPlayer("ada")).token;
});
afterAll(async () => srv?.stop());

async function openBoard(stage = 1): Promise<Recorded> {
  const room = await srv.client().create("play", { role: "player", nickname: "ada", token, level: "allocate-fast", stage });
  const rec = record(room);
  await waitFor(() => rec.of("sync").length === 1, 5000, "sync");
  return rec;
}

function serverBoard(roomId: string): any {
  return (matchMaker.getLocalRoomById(roomId) as any).board;
}

describe("a player's board", () => {
  it("plays stage 1 to a win; the replica tracks the server; the replay is stored and verifies", async () => {
    const p = await openBoard(1);
    expect(p.of("sync")[0]).toMatchObject({ role: "player", level: "allocate-fast", stage: 1, levelVersion: 1, log: [] });
    STAGE1_ANSWER.forEach((addr, seq) => p.room.send("act", { seq, action: { type: "place", addr } }));
    await waitFor(() => p.of("finished").length === 1, 5000, "finished");
    expect(p.of("action").map((a) => a.seq)).toEqual([0, 1, 2, 3, 4, 5, 6]);
    const finished = p.of("finished")[0];
    expect(finished).toMatchObject({ phase: "won", metrics: { padding: 10, peakFootprint: 48 } });
    expect(p.replica.run!.level.hash(p.replica.run!.state)).toBe(finished.finalHash);
    expect(p.replica.desyncs).toEqual([]);

    const res = await fetch(`${srv.url}/api/replays/${finished.replayId}`);
    expect(res.status).toBe(200);
    const { replay } = (await res.json()) as { replay: Replay };
    expect(replay.actions.map((a) => (a.action as { addr: number }).addr)).toEqual(STAGE1_ANSWER);
    expect(verifyReplay(LEVELS, replay)).toMatchObject({ valid: true, hashMatches: true, phase: "won" });

    const list = await (await fetch(`${srv.url}/api/replays?level=allocate-fast&stage=1`)).json() as { replays: { id: string }[] };
    expect(list.replays.map((r) => r.id)).toContain(finished.replayId);
    await p.room.leave();
  });

  it("an illegal placement is rejected to the sender only, with the rule, and changes nothing", async () => {
    const p = await openBoard(1);
    const s = record(await srv.client().joinById(p.room.roomId, { role: "spectator", nickname: "watcher" }));
    await waitFor(() => s.of("sync").length === 1, 5000, "spectator sync");
    p.room.send("act", { seq: 1, action: { type: "place", addr: 0 } });
    p.room.send("act", { seq: 2, action: { type: "place", addr: 4 } });
    await waitFor(() => s.of("action").length === 2, 5000, "two actions");
    const before = serverBoard(p.room.roomId).run.level.hash(serverBoard(p.room.roomId).run.state);
    p.room.send("act", { seq: 3, action: { type: "place", addr: 5 } });
    await waitFor(() => p.of("error").length === 1, 5000, "rejection");
    expect(p.of("error")[0]).toMatchObject({ code: "E_MISALIGNED", seq: 3 });
    expect(p.of("error")[0].message).toContain("not a multiple of 8");
    const board = serverBoard(p.room.roomId);
    expect(board.run.level.hash(board.run.state)).toBe(before);
    expect(board.run.log).toHaveLength(2);
    await new Promise((r) => setTimeout(r, 100));
    expect(s.of("error")).toEqual([]);
    await s.room.leave();
    await p.room.leave();
  });
});

describe("spectators", () => {
  it("see the same board, including what happened before they joined, and cannot act", async () => {
    const p = await openBoard(1);
    p.room.send("act", { seq: 0, action: { type: "place", addr: 0 } });
    await waitFor(() => p.of("action").length === 1, 5000, "first action");
    const s = record(await srv.client().joinById(p.room.roomId, { role: "spectator", nickname: "proj" }));
    await waitFor(() => s.of("sync").length === 1, 5000, "spectator sync");
    expect(s.of("sync")[0].role).toBe("spectator");
    expect(s.of("sync")[0].log).toHaveLength(1);
    await waitFor(() => (matchMaker.getLocalRoomById(p.room.roomId) as any).state.spectators === 1, 5000, "spectator count");

    s.room.send("act", { seq: 9, action: { type: "place", addr: 4 } });
    await waitFor(() => s.of("error").length === 1, 5000, "spectator rejection");
    expect(s.of("error")[0].code).toBe("E_FORBIDDEN");
    expect(serverBoard(p.room.roomId).run.log).toHaveLength(1);

    p.room.send("act", { seq: 1, action: { type: "place", addr: 4 } });
    await waitFor(() => s.of("action").length === 1, 5000, "spectator sees the action");
    const sr = s.replica.run!, pr = p.replica.run!;
    await waitFor(() => sr.state.tick === pr.state.tick, 2000, "same tick");
    expect(sr.level.hash(sr.state)).toBe(pr.level.hash(pr.state));
    await s.room.leave();
    await p.room.leave();
  });

  it("a second player cannot take a seated board, and joins without a valid token are refused", async () => {
    const p = await openBoard(1);
    await expect(srv.client().joinById(p.room.roomId, { role: "player", nickname: "eve", token })).rejects.toThrow(/E_SEAT_TAKEN/);
    await expect(srv.client().create("play", { role: "player", nickname: "eve", level: "allocate-fast", stage: 1 })).rejects.toThrow(/E_UNKNOWN_PLAYER/);
    await expect(srv.client().create("play", { role: "player", nickname: "eve", token, level: "no-such-level", stage: 1 })).rejects.toThrow(/E_BAD_JOIN/);
    await expect(srv.client().create("play", { role: "player", nickname: "eve", token, level: "allocate-fast", stage: 42 })).rejects.toThrow(/E_UNKNOWN_STAGE/);
    await expect(srv.client().joinById(p.room.roomId, { role: "admin", nickname: "eve" })).rejects.toThrow(/E_BAD_JOIN/);
    await expect(srv.client().joinById(p.room.roomId, { role: "spectator", nickname: "x".repeat(500) })).rejects.toThrow(/E_BAD_JOIN/);
    await p.room.leave();
  });
});

describe("bad input never changes a board or crashes the room", () => {
  const cases: [string, string, unknown, string][] = [
    ["unknown message type", "teleport", { x: 1 }, "E_UNKNOWN_MESSAGE"],
    ["act without seq", "act", { action: { type: "place", addr: 0 } }, "E_BAD_MESSAGE"],
    ["act with a string seq", "act", { seq: "1", action: { type: "place", addr: 0 } }, "E_BAD_MESSAGE"],
    ["act with an extra field", "act", { seq: 1, action: { type: "place", addr: 0 }, admin: true }, "E_BAD_MESSAGE"],
    ["act as a bare number", "act", 42, "E_BAD_MESSAGE"],
    ["unknown action", "act", { seq: 1, action: { type: "free", id: 1 } }, "E_BAD_ACTION"],
    ["negative address", "act", { seq: 1, action: { type: "place", addr: -8 } }, "E_BAD_ACTION"],
    ["fractional address", "act", { seq: 1, action: { type: "place", addr: 4.5 } }, "E_BAD_ACTION"],
    ["huge payload", "act", { seq: 1, action: { type: "place", addr: 0, pad: "x".repeat(MAX_MESSAGE_CHARS * 4) } }, "E_TOO_LARGE"],
    ["desync with a bad hash", "desync", { tick: 1, hash: "nothex" }, "E_BAD_MESSAGE"],
    ["desync without tick", "desync", { hash: "0123456789abcdef" }, "E_BAD_MESSAGE"],
  ];
  it.each(cases)("%s → %s… is answered with a typed error to the sender", async (_name, type, payload, code) => {
    const p = await openBoard(1);
    const board = serverBoard(p.room.roomId);
    // The clock keeps ticking; everything else about the board must be exactly as it was.
    const untimed = () => board.run.level.hash({ ...board.run.state, tick: 0 });
    const before = untimed();
    p.room.send(type as any, payload);
    await waitFor(() => p.of("error").length === 1, 5000, "typed error");
    expect(p.of("error")[0].code).toBe(code);
    expect(board.run.log).toHaveLength(0);
    expect(untimed()).toBe(before);
    // The room is still alive and the board still accepts a legal action.
    p.room.send("act", { seq: 2, action: { type: "place", addr: 0 } });
    await waitFor(() => p.of("action").length === 1, 5000, "legal action after bad input");
    await p.room.leave();
  });

  it("a frame larger than the transport limit closes only that connection; the room and its spectators go on", async () => {
    const p = await openBoard(1);
    const s = record(await srv.client().joinById(p.room.roomId, { role: "spectator", nickname: "proj" }));
    s.room.reconnection.enabled = false;
    await waitFor(() => s.of("sync").length === 1, 5000, "spectator sync");
    let spectatorClosed = false;
    s.room.onLeave(() => (spectatorClosed = true));
    s.room.onDrop(() => (spectatorClosed = true));
    s.room.send("act", { seq: 1, action: { type: "place", addr: 0, pad: "x".repeat(64 * 1024) } });
    await waitFor(() => spectatorClosed, 5000, "the oversized sender is disconnected");
    // The player, on another connection, is untouched and still plays.
    p.room.send("act", { seq: 2, action: { type: "place", addr: 0 } });
    await waitFor(() => p.of("action").length === 1, 5000, "player still acts");
    expect(p.of("error")).toEqual([]);
    await p.room.leave();
  });

  it("a flood is rate-limited with E_RATE_LIMITED and the board takes only what passed the limit", async () => {
    const p = await openBoard(2);
    for (let i = 0; i < RATE_BURST + 40; i++) p.room.send("act", { seq: i, action: { type: "place", addr: 100000 } });
    await waitFor(() => p.of("error").length === RATE_BURST + 40, 5000, "an answer per message");
    const codes = p.of("error").map((e) => e.code);
    expect(codes).toContain("E_RATE_LIMITED");
    expect(codes.filter((c) => c !== "E_RATE_LIMITED").length).toBeLessThanOrEqual(RATE_BURST + 5);
    expect(serverBoard(p.room.roomId).run.log).toHaveLength(0);
    await p.room.leave();
  });
});

describe("desync reports", () => {
  it("a client's desync report is counted in the room state where a host or operator can see it", async () => {
    const p = await openBoard(1);
    p.room.send("desync", { tick: 3, hash: "0123456789abcdef" });
    const serverRoom = matchMaker.getLocalRoomById(p.room.roomId) as any;
    await waitFor(() => serverRoom.state.desyncs === 1, 5000, "desync counted");
    expect(p.of("error")).toEqual([]);
    await p.room.leave();
  });
});

describe("the clock and reconnection", () => {
  it("stage 2 ticks reach the replica in lockstep with periodic hashes that match", async () => {
    const p = await openBoard(2);
    await waitFor(() => p.of("tick").filter((t) => t.hash).length >= 2, 5000, "two hashed ticks");
    expect(p.replica.desyncs).toEqual([]);
    expect(p.replica.run!.state.tick).toBeGreaterThanOrEqual(20);
    await p.room.leave();
  });

  it("a dropped player reconnects automatically to the same seat and resyncs", async () => {
    const p = await openBoard(2);
    p.room.reconnection.minUptime = 0;
    await waitFor(() => p.of("tick").length >= 3, 5000, "ticks");
    const serverRoom = matchMaker.getLocalRoomById(p.room.roomId) as any;
    const sessionId = p.room.sessionId;
    (serverRoom.clients[0] as any).ref.terminate();
    await waitFor(() => p.of("sync").length === 2, 10000, "resync after reconnect");
    expect(p.room.sessionId).toBe(sessionId);
    expect(serverRoom.state.members.get(sessionId)?.connected).toBe(true);
    const tickAfter = p.replica.run!.state.tick;
    await waitFor(() => p.of("tick").some((t) => t.tick > tickAfter + 10 && t.hash), 5000, "hashed tick after reconnect");
    expect(p.replica.desyncs).toEqual([]);
    await p.room.leave();
  });

  it("while the player's seat is empty the clock stops; the seat is kept and the board resumes", async () => {
    const p = await openBoard(2);
    p.room.reconnection.enabled = false;
    await waitFor(() => p.of("tick").length >= 3, 5000, "ticks");
    const serverRoom = matchMaker.getLocalRoomById(p.room.roomId) as any;
    const { sessionId, reconnectionToken } = p.room;
    (serverRoom.clients[0] as any).ref.terminate();
    await waitFor(() => serverRoom.state.members.get(sessionId)?.connected === false, 5000, "drop noticed");
    const tickAtDrop = serverRoom.board.run.state.tick;
    await new Promise((r) => setTimeout(r, 500));
    expect(serverRoom.board.run.state.tick).toBe(tickAtDrop);
    const back = record(await srv.client().reconnect(reconnectionToken));
    await waitFor(() => back.of("sync").length === 1, 5000, "sync on manual reconnect");
    expect(back.room.sessionId).toBe(sessionId);
    expect(back.of("sync")[0].tick).toBe(tickAtDrop);
    await waitFor(() => back.of("tick").some((t) => t.hash), 5000, "hashed tick after resuming");
    expect(back.replica.desyncs).toEqual([]);
    await back.room.leave();
  });
});
