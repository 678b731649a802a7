/**
 * Class rooms with real SDK clients: a host, 40 students and 5 spectators; join codes; host controls; role
 * restrictions; per-client views (students only ever receive their own board); reconnection; results and CSV.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CODE_PATTERN } from "../../shared/class.ts";
import { recordClass, startTestServer, waitFor, type ClassRecorded, type TestServer } from "../support/server.ts";

const PORT = 39261;
const ANSWER = [0, 4, 8, 16, 18, 24, 32];
let srv: TestServer;

beforeAll(async () => { srv = await startTestServer(PORT); });
afterAll(async () => srv?.stop());


async function openClass(extra: Record<string, unknown> = {}) {
  const host = await srv.newPlayer("teacher");
  const room = await srv.client().create("class", { role: "host", nickname: "teacher", token: host.token, level: "allocate-fast", stages: [1, 2], ...extra });
  const h = recordClass(room);
  await waitFor(() => CODE_PATTERN.test((room.state as any).code ?? ""), 5000, "join code");
  return { h, host, code: (room.state as any).code as string };
}

async function joinStudent(code: string, nickname: string) {
  const found = await (await fetch(`${srv.url}/api/classes/code/${code.toLowerCase()}`)).json() as { roomId: string };
  const p = await srv.newPlayer(nickname.replace(/\s/g, "_"));
  const room = await srv.client().joinById(found.roomId, { role: "student", nickname, token: p.token });
  return { c: recordClass(room), token: p.token, roomId: found.roomId };
}

function act(c: ClassRecorded, addrs: number[]) {
  addrs.forEach((addr, seq) => c.room.send("act", { seq, action: { type: "place", addr } }));
}

describe("a class of 40 students and 5 spectators", () => {
  it("joins by code, plays, is paused, kicked, directed and ended by the host, with results and CSV", async () => {
    const { h, host, code } = await openClass({ timeLimitSec: 600 });
    const students: Awaited<ReturnType<typeof joinStudent>>[] = [];
    for (let i = 0; i < 40; i++) students.push(await joinStudent(code, `student ${i}`));
    const roomId = students[0]!.roomId;
    const spectators = await Promise.all(Array.from({ length: 5 }, (_, i) => srv.client().joinById(roomId, { role: "spectator", nickname: `proj ${i}` }).then(recordClass)));
    await waitFor(() => (h.room.state as any).students === 40 && (h.room.state as any).spectators === 5, 5000, "roster");
    await waitFor(() => h.boards.size === 40, 5000, "host watches every board");

    // Nothing can be placed before the round starts.
    act(students[0]!.c, [0]);
    await waitFor(() => students[0]!.c.of("error").length === 1, 5000, "refused before start");
    expect(students[0]!.c.of("error")[0].code).toBe("E_NOT_RUNNING");

    h.room.send("start", { countdownSec: 1 });
    await waitFor(() => (h.room.state as any).phase === "countdown", 5000, "countdown");
    await waitFor(() => (h.room.state as any).phase === "running", 5000, "running");

    // Half the class answers like a bump allocator; a quarter makes a misaligned attempt first.
    students.slice(0, 20).forEach((s, i) => act(s.c, i % 2 ? [0, 4, 5, 8] : [0, 4, 8]));
    await waitFor(() => students.slice(0, 20).every((s) => s.c.of("action").length === 3), 10_000, "first placements");
    expect(students[1]!.c.of("error").map((e) => e.code)).toContain("E_MISALIGNED");
    await waitFor(() => h.of("failures").some((f) => f.board === students[1]!.c.room.sessionId && f.failures.E_MISALIGNED === 1), 5000, "host sees failures");

    // Students only ever receive their own board.
    for (const s of students) {
      expect(s.c.of("sync").every((m) => m.seat === s.c.room.sessionId)).toBe(true);
      expect(s.c.of("action").every((m) => m.board === s.c.room.sessionId)).toBe(true);
      expect([...s.c.boards.keys()]).toEqual([s.c.room.sessionId]);
    }

    // Pause: the clock stops and actions are refused with a clear message.
    h.room.send("pause", {});
    await waitFor(() => (h.room.state as any).phase === "paused", 5000, "paused");
    const boardTick = () => h.boards.get(students[2]!.c.room.sessionId)!.run!.state.tick;
    await new Promise((r) => setTimeout(r, 150));
    const tickAtPause = boardTick();
    act(students[2]!.c, [16]);
    await waitFor(() => students[2]!.c.of("error").some((e) => e.code === "E_PAUSED"), 5000, "refused while paused");
    await new Promise((r) => setTimeout(r, 500));
    expect(boardTick()).toBe(tickAtPause);
    h.room.send("resume", {});
    await waitFor(() => (h.room.state as any).phase === "running", 5000, "resumed");
    await waitFor(() => boardTick() > tickAtPause, 5000, "the clock runs again");

    // A hint reaches everyone.
    h.room.send("hint", { text: "Round 5 up to a multiple of 8." });
    await waitFor(() => students.every((s) => s.c.of("hint").length === 1) && spectators.every((s) => s.of("hint").length === 1), 5000, "hint");

    // Director: the projector shows student 3's board.
    const s3 = students[3]!.c.room.sessionId;
    h.room.send("direct", { board: s3 });
    await waitFor(() => spectators.every((s) => s.boards.has(s3)), 5000, "spectators follow the director");
    act(students[3]!.c, [16, 18, 24, 32]);
    await waitFor(() => spectators.every((s) => s.of("finished").some((f) => f.board === s3 && f.phase === "won")), 5000, "spectators see the win");
    const hb = h.boards.get(s3)!.run!, sb = spectators[0]!.boards.get(s3)!.run!;
    expect(sb.level.hash(sb.state)).toBe(hb.level.hash(hb.state));

    // Kick: the student is told why and cannot come back with the same token.
    const kicked = students[39]!;
    h.room.send("kick", { student: kicked.c.room.sessionId, reason: "be kind" });
    await waitFor(() => kicked.c.of("kicked").length === 1, 5000, "kicked message");
    expect(kicked.c.of("kicked")[0].reason).toContain("be kind");
    await expect(srv.client().joinById(roomId, { role: "student", nickname: "again", token: kicked.token })).rejects.toThrow(/E_KICKED/);
    await waitFor(() => (h.room.state as any).students === 39, 5000, "roster shrinks");

    // The leaderboard in the shared state ranks the winner first.
    await waitFor(() => (h.room.state as any).members.get(s3)?.rank === 1, 5000, "leader");

    h.room.send("end", {});
    await waitFor(() => h.of("results").length === 1 && students[0]!.c.of("results").length === 1, 5000, "results");
    const results = h.of("results")[0];
    expect(results.rows).toHaveLength(39);
    expect(results.rows[0]).toMatchObject({ board: s3, phase: "won", rank: 1 });
    expect(results.rows.find((r: any) => r.board === students[1]!.c.room.sessionId).failures).toEqual({ E_MISALIGNED: 1 });
    expect(results.rows.every((r: any) => typeof r.replayId === "string")).toBe(true);
    expect([...h.boards.values()].every((r) => r.desyncs.length === 0)).toBe(true);

    const csv = await fetch(`${srv.url}${results.csv}`, { headers: { "x-bma-token": host.token } });
    expect(csv.status).toBe(200);
    const lines = (await csv.text()).trim().split("\r\n");
    expect(lines[0]).toBe("nickname,stage,status,padding,peakFootprint,ticks,time_s,failure_classes,replay");
    expect(lines).toHaveLength(40);
    expect(lines.find((l) => l.startsWith("student 1,"))).toContain("E_MISALIGNED x1");
    expect((await fetch(`${srv.url}${results.csv}`)).status).toBe(403);
    expect((await fetch(`${srv.url}${results.csv}`, { headers: { "x-bma-token": students[0]!.token } })).status).toBe(403);

    // Each student's replay was stored and verifies.
    const replay = await (await fetch(`${srv.url}/api/replays/${results.rows[0].replayId}`)).json() as { replay: unknown };
    const verified = await (await fetch(`${srv.url}/api/replays/verify`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(replay.replay) })).json();
    expect(verified).toMatchObject({ valid: true, phase: "won" });

    await Promise.all([...students.slice(0, 39).map((s) => s.c.room.leave()), ...spectators.map((s) => s.room.leave()), h.room.leave()]);
  }, 60_000);
});

describe("roles and joining", () => {
  it("only the host may run the class; forged commands are refused", async () => {
    const { h, code } = await openClass();
    const s = await joinStudent(code, "mallory");
    const spec = recordClass(await srv.client().joinById(s.roomId, { role: "spectator", nickname: "eve" }));
    s.c.room.send("start", { countdownSec: 0 });
    s.c.room.send("kick", { student: s.c.room.sessionId, reason: "" });
    spec.room.send("end", {});
    spec.room.send("act", { seq: 1, action: { type: "place", addr: 0 } });
    s.c.room.send("watch", { board: "" });
    h.room.send("act", { seq: 1, action: { type: "place", addr: 0 } });
    await waitFor(() => s.c.of("error").length === 3 && spec.of("error").length === 2 && h.of("error").length === 1, 5000, "refusals");
    expect(s.c.of("error").map((e) => e.code)).toEqual(["E_FORBIDDEN", "E_FORBIDDEN", "E_FORBIDDEN"]);
    expect(spec.of("error").map((e) => e.code)).toEqual(["E_FORBIDDEN", "E_FORBIDDEN"]);
    expect(h.of("error")[0].code).toBe("E_FORBIDDEN");
    expect((h.room.state as any).phase).toBe("lobby");
    h.room.send("start", { countdownSec: "soon" });
    await waitFor(() => h.of("error").length === 2, 5000, "bad payload");
    expect(h.of("error")[1].code).toBe("E_BAD_MESSAGE");
    await Promise.all([s.c.room.leave(), spec.room.leave(), h.room.leave()]);
  });

  it("codes are case-insensitive; nicknames are filtered and de-duplicated; late join can be refused", async () => {
    const { h, code } = await openClass({ lateJoin: false });
    const a = await joinStudent(code, "Ada");
    const b = await joinStudent(code, "ada");
    await waitFor(() => (h.room.state as any).students === 2, 5000, "two students");
    const names = [...(h.room.state as any).members.values()].map((m: any) => m.nickname).sort();
    expect(names).toEqual(["Ada", "ada 2", "teacher"]);
    await expect(joinStudent(code, "x")).rejects.toThrow(/E_NICKNAME/);
    await expect(joinStudent(code, "shithead")).rejects.toThrow(/E_NICKNAME/);
    expect((await fetch(`${srv.url}/api/classes/code/ABCDE0`)).status).toBe(400);
    expect((await fetch(`${srv.url}/api/classes/code/ABCDEF`)).status).toBe(404);
    h.room.send("start", { countdownSec: 0 });
    await waitFor(() => (h.room.state as any).phase === "running", 5000, "running");
    await expect(joinStudent(code, "latecomer")).rejects.toThrow(/E_LATE/);
    await Promise.all([a.c.room.leave(), b.c.room.leave(), h.room.leave()]);
  });

  it("one student's flood is throttled without slowing another student", async () => {
    const { h } = await openClass();
    const join = async (name: string) => recordClass(await srv.client().joinById(h.room.roomId, { role: "student", nickname: name, token: (await srv.newPlayer(name)).token }));
    const flooder = await join("flood");
    const calm = await join("calm");
    h.room.send("start", { countdownSec: 0 });
    await waitFor(() => (h.room.state as any).phase === "running", 5000, "running");
    for (let i = 0; i < 400; i++) flooder.room.send("act", { seq: i, action: { type: "place", addr: 99 } });
    const addrs = [0, 4, 8, 16, 18, 24, 32];
    for (let i = 0; i < addrs.length; i++) {
      calm.room.send("act", { seq: i, action: { type: "place", addr: addrs[i] } });
      await new Promise((r) => setTimeout(r, 60));
    }
    await waitFor(() => calm.of("finished").length === 1, 5000, "calm student finishes");
    expect(calm.of("error")).toEqual([]);
    await waitFor(() => flooder.of("error").length === 400, 5000, "flooder answered");
    expect(flooder.of("error").filter((e) => e.code === "E_RATE_LIMITED").length).toBeGreaterThan(300);
    await Promise.all([flooder.room.leave(), calm.room.leave(), h.room.leave()]);
  });

  it("a student who disconnects for 10 s returns to the same board; the host can also drop and return", async () => {
    const { h, host, code } = await openClass();
    const s = await joinStudent(code, "grace");
    h.room.send("start", { countdownSec: 0 });
    await waitFor(() => (h.room.state as any).phase === "running", 5000, "running");
    act(s.c, [0, 4]);
    await waitFor(() => s.c.of("action").length === 2, 5000, "two placements");
    s.c.room.reconnection.enabled = false;
    const { sessionId, reconnectionToken } = s.c.room;
    s.c.room.connection.close();
    await waitFor(() => (h.room.state as any).members.get(sessionId)?.connected === false, 5000, "drop noticed");
    await new Promise((r) => setTimeout(r, 10_000));
    const back = recordClass(await srv.client().reconnect(reconnectionToken));
    await waitFor(() => back.of("sync").length === 1, 5000, "resync");
    expect(back.room.sessionId).toBe(sessionId);
    expect(back.of("sync")[0].log).toHaveLength(2);
    back.room.send("act", { seq: 9, action: { type: "place", addr: 8 } });
    await waitFor(() => back.of("action").length === 1, 5000, "plays on");

    // The host drops; the room waits and students keep playing.
    h.room.reconnection.enabled = false;
    const hostToken = h.room.reconnectionToken;
    h.room.connection.close();
    await waitFor(() => [...(back.room.state as any).members.values()].some((m: any) => m.role === "host" && !m.connected), 5000, "host drop seen");
    back.room.send("act", { seq: 10, action: { type: "place", addr: 16 } });
    await waitFor(() => back.of("action").length === 2, 5000, "student plays while the host is away");
    const h2 = recordClass(await srv.client().reconnect(hostToken));
    await waitFor(() => h2.boards.get(sessionId)?.run?.log.length === 4, 5000, "host resynced with the board");
    void host;
    await Promise.all([back.room.leave(), h2.room.leave()]);
  }, 30_000);
});
