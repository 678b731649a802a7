/**
 * cpu-core in a class room, with real SDK clients: the host opens a class on the ALU stage, three students type
 * their microcode as patches (each message under the protocol's 1024 characters), checks run on the worker pool,
 * the host's replica of every board agrees with the server (opcode grids included), a correct core wins and ranks
 * first, a core with a missing family does not, and the results name both. Then a Tetris round: a student types a
 * whole core, boots Brickfall, and plays it on the server at one frame per tick while the host's replica runs the
 * same frames (state hashes agree, no desync).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CODE_PATTERN } from "../../shared/class.ts";
import { REFERENCE_MICROCODE } from "../../shared/levels/cpu-core/microcode/index.ts";
import { STAGE_RULES, writableFamilies } from "../../shared/levels/cpu-core/index.ts";
import { BUTTONS } from "../../shared/levels/cpu-core/joypad.ts";
import { recordClass, startTestServer, waitFor, type ClassRecorded, type TestServer } from "../support/server.ts";

const PORT = 39297;
let srv: TestServer;

beforeAll(async () => { srv = await startTestServer(PORT); });
afterAll(async () => srv?.stop());


/** The actions that type `source` into `family` in chunks small enough for one client message each. */
function typing(family: string, source: string): unknown[] {
  const out: unknown[] = [];
  for (let at = 0; at < source.length; at += 600) out.push({ type: "patch", family, at, remove: 0, insert: source.slice(at, at + 600) });
  return out;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("cpu-core in a class room", () => {
  it("students write the ALU on the server, checks run on workers, the correct core wins and the host sees every grid", async () => {
    const hostPlayer = await srv.newPlayer("teacher");
    const h = recordClass(await srv.client().create("class", { role: "host", nickname: "teacher", token: hostPlayer.token, level: "cpu-core", stages: [1] }));
    await waitFor(() => CODE_PATTERN.test((h.room.state as any).code ?? ""), 5000, "join code");
    const code = (h.room.state as any).code as string;
    const found = await (await fetch(`${srv.url}/api/classes/code/${code.toLowerCase()}`)).json() as { roomId: string };
    const students: ClassRecorded[] = [];
    for (const name of ["ada", "grace", "linus"]) {
      const p = await srv.newPlayer(name);
      students.push(recordClass(await srv.client().joinById(found.roomId, { role: "student", nickname: name, token: p.token })));
    }
    await waitFor(() => h.boards.size === 3, 5000, "host watches every board");
    h.room.send("start", { countdownSec: 0 });
    await waitFor(() => (h.room.state as any).phase === "running", 5000, "running");

    const families = writableFamilies(STAGE_RULES[0]!);
    const plan = (skip: string | null) => families.filter((f) => f !== skip).flatMap((f) => typing(f, REFERENCE_MICROCODE[f]!)).concat([{ type: "check" }]);
    const plans = [plan(null), plan("cp-a-r"), [{ type: "check" }]];
    plans.forEach((actions, i) => actions.forEach((action, seq) => students[i]!.room.send("act", { seq, action })));
    for (const [i, actions] of plans.entries()) {
      await waitFor(() => students[i]!.of("action").length === actions.length || students[i]!.of("error").length > 0, 90_000, `student ${i} checked`);
      expect(students[i]!.of("error")).toEqual([]);
    }
    const ada = students[0]!.room.sessionId, grace = students[1]!.room.sessionId, linus = students[2]!.room.sessionId;
    await waitFor(() => h.of("finished").some((f) => f.board === ada), 20_000, "ada's win reaches the host");
    expect(h.of("finished").find((f) => f.board === ada)).toMatchObject({ phase: "won" });
    await waitFor(() => (h.room.state as any).members.get(ada)?.rank === 1, 5000, "ada leads");

    // The host's replicas ran the same checks: the same grids and verdicts as the students' own boards.
    await waitFor(() => [grace, linus].every((b) => h.boards.get(b)!.run!.log.length === students[[grace, linus].indexOf(b) + 1]!.of("action").length), 10_000, "host replicas caught up");
    const hostState = (b: string) => h.boards.get(b)!.run!.state as any;
    expect(hostState(ada).report.passed).toBe(true);
    expect(hostState(grace).report.passed).toBe(false);
    expect(hostState(grace).report.misconception).toBe("family not written");
    expect(hostState(grace).report.opcodeStatus[0xb8]).toBe("x"); // CP A,B
    expect(hostState(grace).report.opcodeStatus[0x80]).toBe("+"); // ADD A,B
    expect(hostState(linus).report.passed).toBe(false);
    const own = students[1]!.boards.get(grace)!.run!;
    expect(own.level.hash(own.state)).toBe(h.boards.get(grace)!.run!.level.hash(hostState(grace)));

    h.room.send("end", {});
    await waitFor(() => h.of("results").length === 1, 10_000, "results");
    const rows = h.of("results")[0].rows as any[];
    expect(rows.find((r) => r.board === ada)).toMatchObject({ phase: "won", rank: 1 });
    expect(rows.find((r) => r.board === grace).phase).not.toBe("won");
    for (const s of students) await s.room.leave();
    await h.room.leave();
  }, 180_000);

  it("a Tetris round: a whole core typed in, Brickfall booted and played on the server, the host's replica in step", async () => {
    const hostPlayer = await srv.newPlayer("teacher2");
    const h = recordClass(await srv.client().create("class", { role: "host", nickname: "teacher", token: hostPlayer.token, level: "cpu-core", stages: [STAGE_RULES.length] }));
    await waitFor(() => CODE_PATTERN.test((h.room.state as any).code ?? ""), 5000, "join code");
    const found = await (await fetch(`${srv.url}/api/classes/code/${((h.room.state as any).code as string).toLowerCase()}`)).json() as { roomId: string };
    const p = await srv.newPlayer("alan");
    const s = recordClass(await srv.client().joinById(found.roomId, { role: "student", nickname: "alan", token: p.token }));
    await waitFor(() => h.boards.size === 1, 5000, "host watches the board");
    expect((h.room.state as any).tickMs).toBe(17);
    h.room.send("start", { countdownSec: 0 });
    await waitFor(() => (h.room.state as any).phase === "running", 5000, "running");

    const actions = writableFamilies(STAGE_RULES[STAGE_RULES.length - 1]!).flatMap((f) => typing(f, REFERENCE_MICROCODE[f]!));
    actions.push({ type: "check" });
    // Typed at 15 messages a second, under the room's flood limit.
    for (const [seq, action] of actions.entries()) { s.room.send("act", { seq, action }); await sleep(66); }
    await waitFor(() => s.of("action").length === actions.length || s.of("error").length > 0, 60_000, "boot check");
    expect(s.of("error")).toEqual([]);
    const board = s.room.sessionId;
    await waitFor(() => h.boards.get(board)!.run!.log.length === actions.length, 10_000, "host replica has the check");
    expect((h.boards.get(board)!.run!.state as any).booted).toBe(true);

    let seq = actions.length;
    s.room.send("act", { seq: seq++, action: { type: "play" } });
    await waitFor(() => ((h.boards.get(board)!.run!.state as any).play?.frames ?? 0) > 40, 20_000, "the title screen runs");
    s.room.send("act", { seq: seq++, action: { type: "buttons", mask: BUTTONS.start } });
    await sleep(100);
    s.room.send("act", { seq: seq++, action: { type: "buttons", mask: 0 } });
    await waitFor(() => ((h.boards.get(board)!.run!.state as any).play?.frames ?? 0) > 200, 20_000, "the game runs");
    const state = h.boards.get(board)!.run!.state as any;
    expect(state.play.machine.wram[0x200]).toBe(1); // Brickfall's state variable: STATE_PLAY — Start reached the game
    // The clock carries the server's state hash every 10 ticks; the replica compares it and would report a desync.
    expect(h.of("clock").filter((c) => c.boards.some((t: any) => t.board === board && t.hash)).length).toBeGreaterThan(10);
    expect(h.boards.get(board)!.desyncs).toEqual([]);
    expect(s.boards.get(board)!.desyncs).toEqual([]);
    await s.room.leave();
    await h.room.leave();
  }, 180_000);
});
