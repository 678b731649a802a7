/**
 * Foundation figures (part of `npm run bench`), printed as JSON. Nothing here is a pass/fail test.
 *  - replay verification throughput (re-simulating the golden stage-2 replay from its seed);
 *  - state hash cost on a 4 KiB-heap state;
 *  - act → accepted-action round trip through a real server and SDK client on loopback;
 *  - tick cadence with many stage-2 rooms ticking at once (how late the 100 ms clock fires).
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Client } from "@colyseus/sdk";
import { startGameServer } from "../../server/app.ts";
import { verifyReplay, type Replay } from "../../shared/engine/replay.ts";
import { LEVELS } from "../../shared/levels/index.ts";
import { allocateFast } from "../../shared/levels/allocate-fast/index.ts";

const ROOT = join(import.meta.dirname, "../..");
const PORT = Number(process.env.BENCH_PORT ?? 39301);
const ROOMS = Number(process.env.BENCH_ROOMS ?? 100);

function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
}
const round = (x: number, d = 2) => Number(x.toFixed(d));

const results: Record<string, unknown> = {};

// 1. Replay verification.
const golden = JSON.parse(readFileSync(join(ROOT, "shared/levels/allocate-fast/fixtures/stage-2.replay.json"), "utf8")) as Replay;
let t0 = performance.now();
let n = 0;
while (performance.now() - t0 < 2000) {
  if (!verifyReplay(LEVELS, golden).valid) throw new Error("golden replay does not verify");
  n++;
}
let ms = performance.now() - t0;
results.replayVerify = { replay: "stage-2 golden", ticks: golden.finalTick, actions: golden.actions.length, perSecond: round((n * 1000) / ms), msEach: round(ms / n, 3) };

// 2. State hash.
const state = allocateFast.init(2, 20261122);
for (let i = 0; i < 300; i++) allocateFast.tick(state);
t0 = performance.now();
n = 0;
while (performance.now() - t0 < 1000) { allocateFast.hash(state); n++; }
ms = performance.now() - t0;
results.stateHash = { microsEach: round((ms * 1000) / n, 1) };

// 3 and 4 need a server.
const dataDir = mkdtempSync(join(tmpdir(), "bma-bench-"));
const game = await startGameServer({ port: PORT, dataDir });
try {
  const { token } = await (await fetch(`${game.url}/api/players`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ nickname: "bench" }) })).json() as { token: string };
  const room = await new Client(game.url).create("play", { role: "player", nickname: "bench", token, level: "allocate-fast", stage: 1 });
  const rtts: number[] = [];
  let pending: ((v: unknown) => void) | null = null;
  room.onMessage("*", (type) => {
    if (type === "error" || type === "action") pending?.(null);
  });
  for (let i = 0; i < 300; i++) {
    const start = performance.now();
    await new Promise((r) => { pending = r; room.send("act", { seq: i, action: { type: "place", addr: 99 } }); });
    rtts.push(performance.now() - start);
    await new Promise((r) => setTimeout(r, 5));
  }
  await room.leave();
  results.actRoundTrip = { samples: rtts.length, p50ms: round(percentile(rtts, 50)), p95ms: round(percentile(rtts, 95)), p99ms: round(percentile(rtts, 99)) };

  const gaps: number[] = [];
  const clients = await Promise.all(Array.from({ length: ROOMS }, async () => {
    const r = await new Client(game.url).create("play", { role: "player", nickname: "bench", token, level: "allocate-fast", stage: 2 });
    let last: number | undefined;
    r.onMessage("*", (type) => {
      if (type !== "tick") return;
      const now = performance.now();
      if (last !== undefined) gaps.push(now - last);
      last = now;
    });
    return r;
  }));
  await new Promise((r) => setTimeout(r, 5000));
  await Promise.all(clients.map((r) => r.leave()));
  results.tickCadence = { rooms: ROOMS, nominalMs: 100, samples: gaps.length, p50ms: round(percentile(gaps, 50)), p99ms: round(percentile(gaps, 99)), maxMs: round(Math.max(...gaps)) };
} finally {
  await game.close();
  rmSync(dataDir, { recursive: true, force: true });
}
console.log(JSON.stringify(results));
process.exit(0);
