/**
 * A real class room full of Tetris games (part of `npm run bench`; prints one JSON line; nothing here passes or
 * fails). The game server runs in a child process (so the clients here do not share its thread) with the board
 * workers of server/board-actors.ts. Students join with SDK clients, type the game's reference core as patches,
 * boot Brickfall and play it, pressing keys four times a second; one more student boots but never plays: its
 * board ticks inline every room tick, so its tick is the room's clock. Boards start playing in steps of N = 10,
 * 20, 40 and each step is measured for a few seconds:
 *  - fps per playing board (ticks streamed to its student ÷ seconds; p50 and min), against the room's 1000/17 Hz;
 *  - tick lag: ticks a board's stream fell behind the room's clock during the window (p50, max);
 *  - act round trip (buttons → accepted action back) p50/p99, and the same for a player in another room;
 *  - the server's CPU (all threads, in cores) and its main thread's event-loop utilisation; the room's achieved clock
 *    rate (the idle board's ticks a second) and the clients' own thread utilisation.
 * The 1-minute load average is printed: on a shared machine the figures are only as good as it is idle.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { performance, type EventLoopUtilization } from "node:perf_hooks";
import { Client, type Room } from "@colyseus/sdk";
import { REFERENCE_MICROCODE } from "../../shared/levels/cpu-core/microcode/index.ts";
import { STAGE_RULES, writableFamilies } from "../../shared/levels/cpu-core/index.ts";
import { BUTTONS } from "../../shared/levels/cpu-core/joypad.ts";

const PORT = Number(process.env.BENCH_PORT ?? 39431);
const STEPS = (process.env.BENCH_BOARDS ?? "10,20,40").split(",").map(Number);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 8);
const TETRIS = STAGE_RULES.length;
const ROOM_HZ = 1000 / 17;

interface Stats { cpuMicros: number; elu: EventLoopUtilization }

// ---- the clients ----------------------------------------------------------------------------------------------
const percentile = (xs: number[], p: number) => xs.length ? [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]! : NaN;
const round = (x: number, d = 1) => Number(x.toFixed(d));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Student { room: Room; ticks: number; rtts: number[]; pending: Map<number, number>; seq: number; actions: number; errors: string[] }

function student(room: Room): Student {
  const s: Student = { room, ticks: 0, rtts: [], pending: new Map(), seq: 0, actions: 0, errors: [] };
  room.onMessage("*", (type, body: any) => {
    if (type === "clock") for (const t of body.boards) if (t.board === room.sessionId) s.ticks++;
    if (type === "action" || type === "error") {
      if (type === "action") s.actions++;
      else s.errors.push(body.code);
      const sent = s.pending.get(body.seq);
      if (sent !== undefined) { s.rtts.push(performance.now() - sent); s.pending.delete(body.seq); }
    }
  });
  return s;
}

function send(s: Student, action: unknown): void {
  const seq = ++s.seq;
  s.pending.set(seq, performance.now());
  s.room.send("act", { seq, action });
}

const waitFor = async (cond: () => boolean, ms: number, what: string) => {
  const t0 = Date.now();
  while (!cond()) { if (Date.now() - t0 > ms) throw new Error(`timed out: ${what}`); await sleep(20); }
};

async function bench(): Promise<void> {
  const child: ChildProcess = spawn(process.execPath, [import.meta.filename, "server"], { stdio: ["ignore", "inherit", "inherit", "ipc"] });
  await new Promise<void>((resolve) => child.once("message", () => resolve()));
  const stats = () => new Promise<Stats>((resolve) => { child.once("message", (m) => resolve(m as Stats)); child.send("stats"); });
  const url = `http://localhost:${PORT}`;
  const newPlayer = async (nickname: string) => (await (await fetch(`${url}/api/players`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ nickname }) })).json()) as { token: string };
  try {
    const host = await newPlayer("host");
    const hostRoom = await new Client(url).create("class", { role: "host", nickname: "host", token: host.token, level: "cpu-core", stages: [TETRIS] });
    hostRoom.onMessage("*", () => {});
    await waitFor(() => /^[A-Z0-9]{6}$/.test((hostRoom.state as any).code ?? ""), 10_000, "class code");
    const total = Math.max(...STEPS);
    const students: Student[] = [];
    for (let i = 0; i <= total; i++) {
      const { token } = await newPlayer(`s${i}`);
      students.push(student(await new Client(url).joinById(hostRoom.roomId, { role: "student", nickname: `student ${i}`, token })));
    }
    const clock = students[total]!; // boots, never plays: ticks inline, once per room tick
    hostRoom.send("start", { countdownSec: 0 });
    await sleep(300);

    // Everyone types the reference core and checks it (the checks run on the step pool, two at a time).
    const core = writableFamilies(STAGE_RULES[TETRIS - 1]!).flatMap((f) => {
      const src = REFERENCE_MICROCODE[f]!;
      return Array.from({ length: Math.ceil(src.length / 600) }, (_, k) => ({ type: "patch", family: f, at: k * 600, remove: 0, insert: src.slice(k * 600, k * 600 + 600) }));
    });
    const setup = [...core, { type: "check" }];
    const bootStart = performance.now();
    for (const s of students) for (const action of setup) send(s, action);
    await waitFor(() => students.every((s) => s.actions + s.errors.length >= setup.length), 600_000, "every core checked");
    const bootSeconds = (performance.now() - bootStart) / 1000;
    const failed = students.filter((s) => s.errors.length > 0).length;
    if (failed) throw new Error(`${failed} students' setup was refused: ${students.find((s) => s.errors.length)!.errors.slice(0, 3).join(", ")}`);

    // Another room's player acts ten times a second throughout.
    const other = student(await new Client(url).create("play", { role: "player", nickname: "other", token: (await newPlayer("other")).token, level: "allocate-fast", stage: 1 }));
    const otherTimer = setInterval(() => send(other, { type: "place", addr: (other.seq * 4) % 64 }), 100);

    const playing: Student[] = [];
    let keyTimer: ReturnType<typeof setInterval> | undefined;
    const keys = [BUTTONS.start, 0, BUTTONS.left, 0, BUTTONS.a, 0, BUTTONS.right, 0];
    let k = 0;
    const results = [];
    for (const n of STEPS) {
      while (playing.length < n) { const s = students[playing.length]!; playing.push(s); send(s, { type: "play" }); }
      clearInterval(keyTimer);
      keyTimer = setInterval(() => { const mask = keys[k++ % keys.length]!; for (const s of playing) send(s, { type: "buttons", mask }); }, 250);
      await sleep(2000); // new boards move to their workers, the pipeline settles
      const ticks0 = playing.map((s) => s.ticks);
      const clock0 = clock.ticks;
      for (const s of [...playing, other]) s.rtts.length = 0;
      const s0 = await stats();
      const clientElu0 = performance.eventLoopUtilization();
      const t0 = performance.now();
      await sleep(SECONDS * 1000);
      const s1 = await stats();
      const seconds = (performance.now() - t0) / 1000;
      const fps = playing.map((s, i) => (s.ticks - ticks0[i]!) / seconds).filter((f) => f > 0);
      const ended = playing.length - fps.length;
      const lags = playing.map((s, i) => (clock.ticks - clock0) - (s.ticks - ticks0[i]!));
      const rtts = playing.flatMap((s) => s.rtts);
      const elu = performance.eventLoopUtilization(s1.elu, s0.elu);
      results.push({
        boards: n, seconds: round(seconds), endedBoards: ended,
        fps: { p50: round(percentile(fps, 50)), min: round(Math.min(...fps)), roomHz: round(ROOM_HZ) },
        fits: Math.min(...fps) >= 0.95 * ROOM_HZ,
        tickLag: { p50: percentile(lags, 50), max: Math.max(...lags) },
        actRoundTripMs: { samples: rtts.length, p50: round(percentile(rtts, 50)), p99: round(percentile(rtts, 99)) },
        otherRoomRoundTripMs: { samples: other.rtts.length, p50: round(percentile(other.rtts, 50)), p99: round(percentile(other.rtts, 99)) },
        serverCpuCores: round((s1.cpuMicros - s0.cpuMicros) / 1e6 / seconds, 2),
        mainThreadBusy: round(elu.utilization, 2),
        // The clients' own thread: near 1 means the figures above are limited by this process, not the server.
        clientThreadBusy: round(performance.eventLoopUtilization(clientElu0).utilization, 2),
        roomClockHz: round((clock.ticks - clock0) / seconds),
        loadAverage1m: round(loadavg()[0]!, 2),
      });
    }
    clearInterval(keyTimer);
    clearInterval(otherTimer);
    for (const s of [...students, other]) await s.room.leave();
    await hostRoom.leave();
    console.log(JSON.stringify({ level: `cpu-core stage ${TETRIS} (Brickfall on player cores compiled from the game's reference microcode, typed as patches)`, bootSeconds: round(bootSeconds), steps: results, goal: { boards: 40, fps: round(ROOM_HZ) } }));
  } finally {
    child.send("stop");
    await new Promise((r) => child.once("exit", r));
  }
  process.exit(0);
}

// ---- the server process ---------------------------------------------------------------------------------------
if (process.argv[2] === "server") {
  const { startGameServer } = await import("../../server/app.ts");
  const dataDir = mkdtempSync(join(tmpdir(), "bma-bench-tetris-"));
  const game = await startGameServer({ port: PORT, dataDir, rate: { perSecond: 500, burst: 1000 } });
  process.on("message", async (m: string) => {
    if (m === "stats") {
      const cpu = process.cpuUsage();
      process.send!({ cpuMicros: cpu.user + cpu.system, elu: performance.eventLoopUtilization() } satisfies Stats);
    } else if (m === "stop") {
      await game.close();
      rmSync(dataDir, { recursive: true, force: true });
      process.exit(0);
    }
  });
  process.send!("ready");
} else {
  await bench();
}
