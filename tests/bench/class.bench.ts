/**
 * Class-room figures (part of `npm run bench`): 40 students acting once a second on stage 2 (a real-time stage)
 * and 10 spectators watching the director's board. Reports the act → accepted-action round trip (p50/p99) and the
 * bytes per second each student receives (all WebSocket frames, on the wire).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Client, type Room } from "@colyseus/sdk";
import { startGameServer } from "../../server/app.ts";

const PORT = Number(process.env.BENCH_PORT ?? 39311);
const STUDENTS = 40;
const SPECTATORS = 10;
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);

const percentile = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!;
const round = (x: number) => Number(x.toFixed(2));

function countBytes(room: Room): { bytes: number } {
  const counter = { bytes: 0 };
  // The SDK uses the platform WebSocket (Node 24 has one built in): count every frame's payload.
  const ws = (room.connection as any).transport.ws as WebSocket;
  ws.addEventListener("message", (e: MessageEvent) => {
    const d = e.data as ArrayBuffer | Blob | string;
    counter.bytes += typeof d === "string" ? d.length : d instanceof ArrayBuffer ? d.byteLength : (d as Blob).size;
  });
  return counter;
}

const dataDir = mkdtempSync(join(tmpdir(), "bma-bench-class-"));
const game = await startGameServer({ port: PORT, dataDir });
const newPlayer = async (nickname: string) => (await (await fetch(`${game.url}/api/players`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ nickname }) })).json()) as { token: string };
try {
  const host = await newPlayer("host");
  const hostRoom = await new Client(game.url).create("class", { role: "host", nickname: "host", token: host.token, level: "allocate-fast", stages: [2], timeLimitSec: 600 });
  hostRoom.onMessage("*", () => {});
  const students: { room: Room; counter: { bytes: number }; rtts: number[]; pending: Map<number, number> }[] = [];
  for (let i = 0; i < STUDENTS; i++) {
    const { token } = await newPlayer(`s${i}`);
    const room = await new Client(game.url).joinById(hostRoom.roomId, { role: "student", nickname: `student ${i}`, token });
    const s = { room, counter: countBytes(room), rtts: [] as number[], pending: new Map<number, number>() };
    room.onMessage("*", (type, body: any) => {
      if ((type === "action" || type === "error") && s.pending.has(body.seq)) {
        s.rtts.push(performance.now() - s.pending.get(body.seq)!);
        s.pending.delete(body.seq);
      }
    });
    students.push(s);
  }
  for (let i = 0; i < SPECTATORS; i++) {
    const room = await new Client(game.url).joinById(hostRoom.roomId, { role: "spectator", nickname: `proj ${i}` });
    room.onMessage("*", () => {});
  }
  hostRoom.send("direct", { board: students[0]!.room.sessionId });
  hostRoom.send("start", { countdownSec: 0 });
  await new Promise((r) => setTimeout(r, 300));
  const before = students.map((s) => s.counter.bytes);
  const t0 = performance.now();
  let seq = 0;
  // Each student acts once a second, spread over the second; an address far out of bounds is a rejection,
  // a low one may be accepted: both are full round trips through validation and the level.
  const timers = students.map((s) => setInterval(() => {
    seq++;
    s.pending.set(seq, performance.now());
    s.room.send("act", { seq, action: { type: "place", addr: (seq * 64) % 8192 } });
  }, 1000));
  await new Promise((r) => setTimeout(r, SECONDS * 1000));
  timers.forEach(clearInterval);
  const elapsed = (performance.now() - t0) / 1000;
  const rtts = students.flatMap((s) => s.rtts);
  const perStudent = students.map((s, i) => (s.counter.bytes - before[i]!) / elapsed);
  console.log(JSON.stringify({
    students: STUDENTS, spectators: SPECTATORS, seconds: round(elapsed), stage: "allocate-fast 2 (10 Hz clock)",
    actRoundTrip: { samples: rtts.length, p50ms: round(percentile(rtts, 50)), p99ms: round(percentile(rtts, 99)) },
    bytesPerSecondPerStudent: { mean: round(perStudent.reduce((a, b) => a + b, 0) / perStudent.length), max: round(Math.max(...perStudent)) },
  }));
} finally {
  await game.close();
  rmSync(dataDir, { recursive: true, force: true });
}
process.exit(0);
