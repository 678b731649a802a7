/**
 * `npm run bench:load`: a load generator on the Colyseus SDK against a server in its own process (loopback only).
 * It opens class rooms of STUDENTS_PER_ROOM students on stage 2 (a 10 Hz real-time stage), ramps the number of
 * connected clients in steps, and at each step has every student act every ACT_MS on average. Per step it reports
 * connections held, the act → answer round trip (p50/p99), and the server's CPU and resident memory. Bounded:
 * at most MAX_CLIENTS clients and STEP_SECONDS per step. "Breaks" is the first step whose p99 exceeds 50 ms or
 * whose clients cannot all connect.
 *
 * Multi-process mode (`LOAD_PROCESSES=N`, N > 1, or `LOAD_SCALE_OUT=1` for one process on the same stack): a private
 * redis-server and PostgreSQL start, N server processes share them (RedisPresence + RedisDriver, each with its own
 * publicAddress), and hosts create rooms through the processes in turn (Colyseus' matchmaker places each room).
 * Each step then also reports every process's CPU and their sum: with the load fixed, each process's share shows
 * how the load spreads, and the sum's growth with N is the coordination cost (Redis presence and driver, per-process
 * fixed work) that keeps capacity from growing exactly linearly with the cores or machines given to them.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Client, type Room } from "@colyseus/sdk";
import { spawnServer, type ServerProcess } from "../support/process.ts";
import { startPostgres, startRedis, type Service } from "../support/services.ts";

const PORT = Number(process.env.BENCH_PORT ?? 39331);
const STEPS = (process.env.LOAD_STEPS ?? "250,500,1000").split(",").map(Number);
const MAX_CLIENTS = Math.min(Number(process.env.LOAD_MAX ?? 2000), 5000);
const STUDENTS_PER_ROOM = 20;
const ACT_MS = Number(process.env.LOAD_ACT_MS ?? 2000);
const STEP_SECONDS = Number(process.env.LOAD_STEP_SECONDS ?? 10);
const P99_LIMIT_MS = 50;
const PROCESSES = Math.max(1, Math.min(Number(process.env.LOAD_PROCESSES ?? 1), 8));
const SCALE_OUT = PROCESSES > 1 || process.env.LOAD_SCALE_OUT === "1";

const percentile = (xs: number[], p: number) => (xs.length ? [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]! : 0);
const round = (x: number) => Number(x.toFixed(2));
const CLK_TCK = 100;

function procStats(pid: number): { cpuSeconds: number; rssMB: number } {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
  const utime = Number(stat[11]), stime = Number(stat[12]);
  const rssPages = Number(stat[21]);
  return { cpuSeconds: (utime + stime) / CLK_TCK, rssMB: round((rssPages * 4096) / 2 ** 20) };
}

const dataDir = mkdtempSync(join(tmpdir(), "bma-load-"));
const services: Service[] = [];
const servers: ServerProcess[] = [];
if (SCALE_OUT) {
  const redis = await startRedis(PORT + 100);
  services.push(redis);
  const postgres = await startPostgres(PORT + 101);
  services.push(postgres);
  for (let i = 0; i < PROCESSES; i++) {
    const port = PORT + i;
    servers.push(await spawnServer(port, dataDir, { BMA_REDIS_URL: redis.url, BMA_DATABASE_URL: postgres.url, BMA_PUBLIC_ADDRESS: `localhost:${port}` }));
  }
} else {
  servers.push(await spawnServer(PORT, dataDir));
}
const urls = servers.map((s) => s.url);
const pids = servers.map((s) => s.child.pid!);
const newPlayer = async (url: string, nickname: string) => (await (await fetch(`${url}/api/players`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ nickname }) })).json()) as { token: string };

interface Student { room: Room; pending: Map<number, number>; timer?: ReturnType<typeof setInterval> }
const students: Student[] = [];
const hosts: Room[] = [];
const rtts: number[] = [];
let seq = 0;
let failedJoins = 0;

/** Hosts ask the processes in turn; students join by id through the same process (the driver routes them). */
async function openRoom(): Promise<{ room: Room; url: string }> {
  const url = urls[hosts.length % urls.length]!;
  const { token } = await newPlayer(url, "host");
  const host = await new Client(url).create("class", { role: "host", nickname: "host", token, level: "allocate-fast", stages: [2], timeLimitSec: 3600 });
  host.onMessage("*", () => {});
  host.send("start", { countdownSec: 0 });
  hosts.push(host);
  return { room: host, url };
}

async function addStudent(url: string, roomId: string, i: number): Promise<void> {
  try {
    const { token } = await newPlayer(url, `s${i}`);
    const room = await new Client(url).joinById(roomId, { role: "student", nickname: `student ${i}`, token });
    const s: Student = { room, pending: new Map() };
    room.onMessage("*", (type, body: any) => {
      if ((type === "action" || type === "error") && s.pending.has(body.seq)) {
        rtts.push(performance.now() - s.pending.get(body.seq)!);
        s.pending.delete(body.seq);
      }
    });
    // Each student acts every ACT_MS, starting at a random phase so the load is spread.
    setTimeout(() => {
      s.timer = setInterval(() => {
        const n = ++seq;
        s.pending.set(n, performance.now());
        room.send("act", { seq: n, action: { type: "place", addr: (n * 72) % 4096 } });
      }, ACT_MS);
    }, Math.floor((i * 7919) % ACT_MS));
    students.push(s);
  } catch {
    failedJoins++;
  }
}

const report: Record<string, unknown>[] = [];
let breaks: number | null = null;
try {
  let room: { room: Room; url: string } | null = null;
  for (const target of STEPS.filter((n) => n <= MAX_CLIENTS)) {
    while (students.length + failedJoins < target) {
      if (!room || students.length % STUDENTS_PER_ROOM === 0) room = await openRoom();
      await addStudent(room.url, room.room.roomId, students.length);
    }
    rtts.length = 0;
    const before = pids.map(procStats);
    const t0 = performance.now();
    await new Promise((r) => setTimeout(r, STEP_SECONDS * 1000));
    const wall = (performance.now() - t0) / 1000;
    const after = pids.map(procStats);
    const perProcess = after.map((a, i) => ({ cpuPercent: round(((a.cpuSeconds - before[i]!.cpuSeconds) / wall) * 100), rssMB: a.rssMB }));
    const sum = (xs: number[]) => round(xs.reduce((t, x) => t + x, 0));
    const step = {
      clients: students.length, rooms: hosts.length, failedJoins,
      actRoundTrip: { samples: rtts.length, p50ms: round(percentile(rtts, 50)), p99ms: round(percentile(rtts, 99)) },
      server: { cpuPercent: sum(perProcess.map((p) => p.cpuPercent)), rssMB: sum(perProcess.map((p) => p.rssMB)), ...(servers.length > 1 ? { perProcess } : {}) },
    };
    report.push(step);
    process.stderr.write(`load: ${JSON.stringify(step)}\n`);
    if (breaks === null && (step.actRoundTrip.p99ms > P99_LIMIT_MS || failedJoins > 0)) breaks = students.length;
  }
} finally {
  for (const s of students) clearInterval(s.timer);
  await Promise.allSettled([...students.map((s) => s.room.leave()), ...hosts.map((h) => h.leave())]);
  await Promise.all(servers.map((server) => server.kill("SIGTERM")));
  for (const service of services) await service.stop();
  rmSync(dataDir, { recursive: true, force: true });
}
console.log(JSON.stringify({ processes: servers.length, scaleOut: SCALE_OUT, studentsPerRoom: STUDENTS_PER_ROOM, actEveryMs: ACT_MS, stepSeconds: STEP_SECONDS, p99LimitMs: P99_LIMIT_MS, steps: report, breaksAt: breaks }));
process.exit(0);
