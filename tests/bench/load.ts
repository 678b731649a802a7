/**
 * `npm run bench:load`: a load generator on the Colyseus SDK against a server in its own process (loopback only).
 * It opens class rooms of STUDENTS_PER_ROOM students on stage 2 (a 10 Hz real-time stage), ramps the number of
 * connected clients in steps, and at each step has every student act every ACT_MS on average. Per step it reports
 * connections held, the act → answer round trip (p50/p99), and the server's CPU and resident memory. Bounded:
 * at most MAX_CLIENTS clients and STEP_SECONDS per step. "Breaks" is the first step whose p99 exceeds 50 ms or
 * whose clients cannot all connect.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Client, type Room } from "@colyseus/sdk";
import { spawnServer } from "../support/process.ts";

const PORT = Number(process.env.BENCH_PORT ?? 39331);
const STEPS = (process.env.LOAD_STEPS ?? "250,500,1000").split(",").map(Number);
const MAX_CLIENTS = Math.min(Number(process.env.LOAD_MAX ?? 2000), 5000);
const STUDENTS_PER_ROOM = 20;
const ACT_MS = Number(process.env.LOAD_ACT_MS ?? 2000);
const STEP_SECONDS = Number(process.env.LOAD_STEP_SECONDS ?? 10);
const P99_LIMIT_MS = 50;

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
const server = await spawnServer(PORT, dataDir);
const url = server.url;
const pid = server.child.pid!;
const newPlayer = async (nickname: string) => (await (await fetch(`${url}/api/players`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ nickname }) })).json()) as { token: string };

interface Student { room: Room; pending: Map<number, number>; timer?: ReturnType<typeof setInterval> }
const students: Student[] = [];
const hosts: Room[] = [];
const rtts: number[] = [];
let seq = 0;
let failedJoins = 0;

async function openRoom(): Promise<Room> {
  const { token } = await newPlayer("host");
  const host = await new Client(url).create("class", { role: "host", nickname: "host", token, level: "allocate-fast", stages: [2], timeLimitSec: 3600 });
  host.onMessage("*", () => {});
  host.send("start", { countdownSec: 0 });
  hosts.push(host);
  return host;
}

async function addStudent(roomId: string, i: number): Promise<void> {
  try {
    const { token } = await newPlayer(`s${i}`);
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
  let room: Room | null = null;
  for (const target of STEPS.filter((n) => n <= MAX_CLIENTS)) {
    while (students.length + failedJoins < target) {
      if (!room || students.length % STUDENTS_PER_ROOM === 0) room = await openRoom();
      await addStudent(room.roomId, students.length);
    }
    rtts.length = 0;
    const before = procStats(pid);
    const t0 = performance.now();
    await new Promise((r) => setTimeout(r, STEP_SECONDS * 1000));
    const wall = (performance.now() - t0) / 1000;
    const after = procStats(pid);
    const step = {
      clients: students.length, rooms: hosts.length, failedJoins,
      actRoundTrip: { samples: rtts.length, p50ms: round(percentile(rtts, 50)), p99ms: round(percentile(rtts, 99)) },
      server: { cpuPercent: round(((after.cpuSeconds - before.cpuSeconds) / wall) * 100), rssMB: after.rssMB },
    };
    report.push(step);
    process.stderr.write(`load: ${JSON.stringify(step)}\n`);
    if (breaks === null && (step.actRoundTrip.p99ms > P99_LIMIT_MS || failedJoins > 0)) breaks = students.length;
  }
} finally {
  for (const s of students) clearInterval(s.timer);
  await Promise.allSettled([...students.map((s) => s.room.leave()), ...hosts.map((h) => h.leave())]);
  await server.kill("SIGTERM");
  rmSync(dataDir, { recursive: true, force: true });
}
console.log(JSON.stringify({ studentsPerRoom: STUDENTS_PER_ROOM, actEveryMs: ACT_MS, stepSeconds: STEP_SECONDS, p99LimitMs: P99_LIMIT_MS, steps: report, breaksAt: breaks }));
process.exit(0);
