/**
 * A Tetris class round with boards ticking on worker threads, with real SDK clients: three students type a whole
 * core, boot Brickfall and play it; each board moves to a board worker, the host's replicas (and a spectator who
 * joins mid-game) agree with the server's hashes; a board worker killed mid-game is replaced and its boards carry on
 * in step; meanwhile another room answers its player; ending the round verifies every board's replay on the worker
 * pool (the other room still answers while that runs) and stores replays that re-simulate to their final hash.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { matchMaker } from "@colyseus/core";
import type { Replica } from "../../shared/replica.ts";
import { verifyReplay } from "../../shared/engine/replay.ts";
import { RULES } from "../../shared/levels/index.ts";
import { REFERENCE_MICROCODE } from "../../shared/levels/cpu-core/microcode/index.ts";
import { STAGE_RULES, writableFamilies } from "../../shared/levels/cpu-core/index.ts";
import { BUTTONS } from "../../shared/levels/cpu-core/joypad.ts";
import type { Board } from "../../server/lockstep.ts";
import { record, recordClass, startTestServer, waitFor, type ClassRecorded, type TestServer } from "../support/server.ts";

const PORT = 39421;
const TETRIS = STAGE_RULES.length;
let srv: TestServer;

// Typing a whole core is a few dozen patches: a raised flood limit keeps the test short.
beforeAll(async () => { srv = await startTestServer(PORT, { rate: { perSecond: 500, burst: 1000 } }); });
afterAll(async () => srv?.stop());


const typing = (family: string, source: string) => {
  const out: unknown[] = [];
  for (let at = 0; at < source.length; at += 600) out.push({ type: "patch", family, at, remove: 0, insert: source.slice(at, at + 600) });
  return out;
};
const frames = (r: Replica) => ((r.run?.state as any)?.play?.frames ?? 0) as number;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("Tetris boards on worker threads", () => {
  it("boards tick on workers in step with the replicas, survive a worker crash, and their replays verify on the pool", async () => {
    const teacher = await srv.newPlayer("teacher");
    const h = recordClass(await srv.client().create("class", { role: "host", nickname: "teacher", token: teacher.token, level: "cpu-core", stages: [TETRIS] }));
    await waitFor(() => /^[A-Z0-9]{6}$/.test((h.room.state as any).code ?? ""), 5000, "join code");
    const roomId = h.room.roomId;
    const students: ClassRecorded[] = [];
    for (const name of ["ada", "grace", "linus"]) {
      const p = await srv.newPlayer(name);
      students.push(recordClass(await srv.client().joinById(roomId, { role: "student", nickname: name, token: p.token })));
    }
    await waitFor(() => h.boards.size === 3, 5000, "host watches every board");
    h.room.send("start", { countdownSec: 0 });
    await waitFor(() => (h.room.state as any).phase === "running", 5000, "running");

    const core = writableFamilies(STAGE_RULES[TETRIS - 1]!).flatMap((f) => typing(f, REFERENCE_MICROCODE[f]!));
    const plan = [...core, { type: "check" }, { type: "play" }];
    for (const s of students) plan.forEach((action, seq) => s.room.send("act", { seq, action }));
    for (const s of students) {
      await waitFor(() => s.of("action").length === plan.length || s.of("error").length > 0, 120_000, "booted and playing");
      expect(s.of("error")).toEqual([]);
    }
    const ids = students.map((s) => s.room.sessionId);
    await waitFor(() => ids.every((b) => frames(h.boards.get(b)!) > 30), 20_000, "Brickfall runs on every board");

    // Each board is hosted by an actor on a board worker; the room's own copy of the state stays at the hand-off.
    const room = matchMaker.getLocalRoomById(roomId) as any;
    const boardOf = (id: string) => room.session.students.get(id).board as Board;
    for (const id of ids) expect(boardOf(id).hosted).toBeDefined();
    const threads = boardOf(ids[0]!).steps!.boards.threads();
    expect(threads.length).toBe(2);

    // Everyone presses Start; a spectator joins mid-game and follows grace's board from a sync.
    students.forEach((s, i) => s.room.send("act", { seq: 1000, action: { type: "buttons", mask: BUTTONS.start } }));
    await sleep(150);
    students.forEach((s) => s.room.send("act", { seq: 1001, action: { type: "buttons", mask: 0 } }));
    const spectator = recordClass(await srv.client().joinById(roomId, { role: "spectator", nickname: "projector" }));
    spectator.room.send("watch", { board: ids[1] });
    await waitFor(() => (spectator.boards.get(ids[1]!)?.run?.log.length ?? 0) > 0, 5000, "spectator synced");

    // Kill a board worker mid-game: its boards are rebuilt on a new one from checkpoint and journal.
    const before = ids.map((b) => frames(h.boards.get(b)!));
    const hashesBefore = ids.map((b) => h.hashes.get(b) ?? 0);
    await threads[0]!.terminate();
    await waitFor(() => ids.every((b, i) => frames(h.boards.get(b)!) > before[i]! + 120), 30_000, "boards carry on after the crash");
    expect(boardOf(ids[0]!).steps!.boards.threads()[0]).not.toBe(threads[0]);
    ids.forEach((b, i) => expect(h.hashes.get(b)!).toBeGreaterThan(hashesBefore[i]! + 5));
    for (const id of ids) {
      expect(h.boards.get(id)!.desyncs).toEqual([]);
      expect((h.boards.get(id)!.run!.state as any).play.machine.wram[0x200]).toBe(1); // STATE_PLAY: Start reached every game
    }
    for (const [i, s] of students.entries()) expect(s.boards.get(ids[i]!)!.desyncs).toEqual([]);
    expect(spectator.of("clock").some((c) => c.boards.some((t: any) => t.board === ids[1] && t.hash))).toBe(true);
    expect(spectator.boards.get(ids[1]!)!.desyncs).toEqual([]);

    // Another room's player is answered at once while three Tetris boards play.
    const { token } = await srv.newPlayer("other");
    const other = record(await srv.client().create("play", { role: "player", nickname: "other", token, level: "allocate-fast", stage: 1 }));
    await waitFor(() => other.of("sync").length === 1, 5000, "other room synced");
    other.room.send("act", { seq: 1, action: { type: "place", addr: 0 } });
    await waitFor(() => other.of("action").length + other.of("error").length === 1, 5000, "other room answers during play");

    // Ending the round verifies three replays on the pool (each re-runs the boot check and every frame); the other
    // room answers before the results are out.
    h.room.send("end", {});
    other.room.send("act", { seq: 2, action: { type: "place", addr: 4 } });
    await waitFor(() => other.of("action").length + other.of("error").length === 2, 5000, "other room answers during verification");
    expect(h.of("results")).toEqual([]);
    await waitFor(() => h.of("results").length === 1, 120_000, "results");
    const rows = h.of("results")[0].rows as any[];
    expect(rows).toHaveLength(3);
    for (const row of rows) {
      expect(row.replayId).toBeTruthy();
      const stored = await srv.game.store.getReplay(row.replayId);
      expect(stored!.replay.actions.some((a: any) => a.action.type === "buttons")).toBe(true);
      expect(stored!.replay.metrics.framesPlayed).toBeGreaterThan(150);
      expect(verifyReplay(RULES, stored!.replay).valid).toBe(true);
    }
    for (const id of ids) expect(boardOf(id).hosted).toBeUndefined();

    for (const s of [...students, spectator]) await s.room.leave();
    await other.room.leave();
    await h.room.leave();
  }, 240_000);
});
