/**
 * Fuzz figures (part of `npm run bench`): 100,000 hostile messages (tests/support/fuzz.ts) spread over a play room
 * (player and spectator) and a class room (host, student, spectator). Reports throughput, answers by error code,
 * disconnections, and whether every board still re-simulates from its log to its own state.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Client, type Room } from "@colyseus/sdk";
import { matchMaker } from "@colyseus/core";
import { startGameServer } from "../../server/app.ts";
import { simulate } from "../../shared/engine/replay.ts";
import { fuzzMessages } from "../support/fuzz.ts";

const PORT = Number(process.env.BENCH_PORT ?? 39321);
const TOTAL = Number(process.env.FUZZ_MESSAGES ?? 100_000);
const dataDir = mkdtempSync(join(tmpdir(), "bma-bench-fuzz-"));
const game = await startGameServer({ port: PORT, dataDir, rate: { perSecond: 1e9, burst: 1e9 } });
const newPlayer = async (nickname: string) => (await (await fetch(`${game.url}/api/players`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ nickname }) })).json()) as { token: string };

const codes: Record<string, number> = {};
let answers = 0;
let disconnects = 0;
function watch(room: Room): Room {
  room.onMessage("*", (type, body: any) => {
    if (type === "error") codes[body.code] = (codes[body.code] ?? 0) + 1;
    if (type === "error" || type === "action") answers++;
  });
  room.onLeave(() => disconnects++);
  return room;
}

try {
  const player = await newPlayer("p");
  const play = watch(await new Client(game.url).create("play", { role: "player", nickname: "p", token: player.token, level: "allocate-fast", stage: 1 }));
  const playSpec = watch(await new Client(game.url).joinById(play.roomId, { role: "spectator", nickname: "s" }));
  const host = await newPlayer("h");
  const cls = watch(await new Client(game.url).create("class", { role: "host", nickname: "h", token: host.token, level: "allocate-fast", stages: [1] }));
  const student = watch(await new Client(game.url).joinById(cls.roomId, { role: "student", nickname: "student", token: (await newPlayer("st")).token }));
  const clsSpec = watch(await new Client(game.url).joinById(cls.roomId, { role: "spectator", nickname: "spec" }));
  cls.send("start", { countdownSec: 0 });
  const senders = [play, playSpec, student, clsSpec, cls];
  const msgs = fuzzMessages(424242, TOTAL);
  const t0 = performance.now();
  const BATCH = 2000;
  for (let i = 0; i < msgs.length; i += BATCH) {
    msgs.slice(i, i + BATCH).forEach((m, j) => senders[(i + j) % senders.length]!.send(m.type as any, m.payload));
    await new Promise((r) => setTimeout(r, 20));
  }
  const settle = performance.now();
  while (performance.now() - settle < 3000) await new Promise((r) => setTimeout(r, 100));
  const seconds = (performance.now() - t0) / 1000;
  const consistent = [matchMaker.getLocalRoomById(play.roomId) as any, matchMaker.getLocalRoomById(cls.roomId) as any]
    .filter(Boolean)
    .flatMap((room) => (room.board ? [room.board] : [...room.session.students.values()].map((s: any) => s.board)))
    .every((b: any) => {
      const again = simulate(b.run.level, { stage: b.run.stage, seed: b.run.seed, actions: b.run.log, finalTick: b.run.state.tick });
      return again.ok && b.run.level.hash(again.value.state) === b.run.level.hash(b.run.state);
    });
  const apiAlive = (await fetch(`${game.url}/api/levels`)).status === 200;
  console.log(JSON.stringify({ messages: TOTAL, seconds: Number(seconds.toFixed(2)), messagesPerSecond: Math.round(TOTAL / seconds), answers, disconnects, consistentBoards: consistent, apiAlive, errorCodes: codes }));
} finally {
  await game.close();
  rmSync(dataDir, { recursive: true, force: true });
}
process.exit(0);
