/**
 * How many Tetris sessions on player cores fit on this machine at 59.73 frames per second (part of `npm run bench`;
 * prints one JSON line; nothing here is a pass/fail test). A session is the cpu-core level's Tetris stage in play:
 * Brickfall on a core compiled from the game's reference microcode (a complete player core), one `tick` per frame
 * — the same code path the server's room runs, snapshot into the state included — with the golden input's keys.
 *  - singleThread: frames per second of one session ticked as fast as possible, next to the reference GameBoy's
 *    own runFrame on the same ROM (the player's core speed relative to the reference).
 *  - workers: W worker threads (one per core) each tick their share of S sessions round-robin as fast as they can
 *    for a few seconds: capacity = total frames/s ÷ 59.73. Then a paced run at the claimed count (each worker
 *    ticks all its sessions once per 16.74 ms frame): it fits if every session reached ≥ 95 % of real time.
 * The 1-minute load average is printed with the figures: on a shared machine they are only as good as it is idle.
 * Every session has the same sources here, so the live-machine cache restores each session's snapshot before its
 * frame (the slow path: a class of different cores takes the same path once the cache is shared).
 */
import { readFileSync } from "node:fs";
import { availableParallelism, loadavg } from "node:os";
import { join } from "node:path";
import { isMainThread, parentPort, Worker, workerData } from "node:worker_threads";
import { keysAt, parseInputScript } from "../../shared/levels/cpu-core/input-script.ts";
import { GameBoy } from "../../shared/levels/cpu-core/machine.ts";
import { cpuCore, STAGE_RULES, writableFamilies, type CpuCoreState } from "../../shared/levels/cpu-core/index.ts";
import { romImage } from "../../shared/levels/cpu-core/level-roms.ts";
import { REFERENCE_MICROCODE } from "../../shared/levels/cpu-core/microcode/index.ts";

const FRAME_MS = 1000 / 59.7275;
const ROOT = join(import.meta.dirname, "../..");
const script = parseInputScript(readFileSync(join(ROOT, "shared/levels/cpu-core/fixtures/brickfall-golden.input"), "utf8"));
const round = (x: number, d = 1) => Number(x.toFixed(d));

/** A Tetris-stage board in play (checked once, then cloned: every clone starts Brickfall at power-on). */
function sessions(n: number): CpuCoreState[] {
  const stage = STAGE_RULES.length;
  const base = cpuCore.init(stage, 1);
  for (const family of writableFamilies(STAGE_RULES[stage - 1]!)) cpuCore.step(base, { type: "edit", family, source: REFERENCE_MICROCODE[family] ?? "" });
  cpuCore.step(base, { type: "check" });
  if (!base.booted) throw new Error(`the reference microcode does not boot Brickfall: ${base.report?.summary}`);
  return Array.from({ length: n }, (_, i) => {
    const s = structuredClone(base);
    cpuCore.step(s, { type: "play" });
    // Stagger the sessions so they are not all on the same frame of the game.
    for (let f = 0; f < i * 7; f++) frame(s);
    return s;
  });
}

function frame(s: CpuCoreState): void {
  const keys = keysAt(script, s.play!.frames);
  if (keys !== s.play!.buttons) cpuCore.step(s, { type: "buttons", mask: keys });
  cpuCore.tick(s);
  if (s.tick % 10 === 0) cpuCore.hash(s); // the server hashes every HASH_EVERY_TICKS ticks
  if (s.phase !== "playing") Object.assign(s, sessions(1)[0]); // a finished game is replaced by a new one
}

interface Job { sessions: number; ms: number; paced: boolean }
const SLEEP = new Int32Array(new SharedArrayBuffer(4));
interface Done { frames: number[]; ms: number }

function work(job: Job): Done {
  const all = sessions(job.sessions);
  const frames = all.map(() => 0);
  const t0 = performance.now();
  if (!job.paced) {
    while (performance.now() - t0 < job.ms) all.forEach((s, i) => { frame(s); frames[i]!++; });
  } else {
    // Frame k is due at k × 16.74 ms; a worker that falls behind simply runs late and its count shows it.
    for (let k = 0; performance.now() - t0 < job.ms; k++) {
      const wait = k * FRAME_MS - (performance.now() - t0);
      if (wait > 0) Atomics.wait(SLEEP, 0, 0, wait); // sleep until the frame is due, as a server's timer would
      all.forEach((s, i) => { frame(s); frames[i]!++; });
    }
  }
  return { frames, ms: performance.now() - t0 };
}

if (!isMainThread && parentPort) {
  parentPort.postMessage(work(workerData as Job));
} else {
  const workers = Math.max(1, Math.min(2, availableParallelism()));
  const onWorkers = (total: number, ms: number, paced: boolean) => Promise.all(Array.from({ length: workers }, (_, w) => {
    const share = Math.floor(total / workers) + (w < total % workers ? 1 : 0);
    return new Promise<Done>((resolve, reject) => {
      const worker = new Worker(new URL(import.meta.url), { workerData: { sessions: share, ms, paced } satisfies Job });
      worker.once("message", (d: Done) => { resolve(d); void worker.terminate(); });
      worker.once("error", reject);
    });
  }));

  // Single thread: the player's core through the level, and the reference machine alone.
  const one = work({ sessions: 1, ms: 3000, paced: false });
  const playerFps = one.frames[0]! / (one.ms / 1000);
  const ref = new GameBoy(romImage("brickfall"));
  let refFrames = 0;
  const r0 = performance.now();
  while (performance.now() - r0 < 3000) { ref.runFrame(keysAt(script, refFrames % 3600)); refFrames++; }
  const refFps = refFrames / ((performance.now() - r0) / 1000);

  // Capacity, unpaced, with enough sessions per worker that the machine cache is exercised.
  const capacityRun = await onWorkers(8 * workers, 4000, false);
  const fps = capacityRun.reduce((s, d) => s + d.frames.reduce((a, b) => a + b, 0) / (d.ms / 1000), 0);
  const capacity = Math.floor(fps / 59.7275);

  // Paced runs: the claimed capacity, and the target of 40.
  const paced = async (n: number) => {
    const runs = await onWorkers(n, 4000, true);
    const rates = runs.flatMap((d) => d.frames.map((f) => f / (d.ms / 1000)));
    const worst = Math.min(...rates);
    return { sessions: n, worstSessionFps: round(worst), fits: worst >= 0.95 * 59.7275 };
  };
  const atCapacity = await paced(Math.max(1, Math.floor(capacity * 0.9)));
  const at40 = await paced(40);

  console.log(JSON.stringify({
    singleThread: { playerCoreFps: round(playerFps), referenceFps: round(refFps), playerVsReference: round(playerFps / refFps, 2) },
    workers,
    capacity: { framesPerSecond: round(fps), sessionsAt60fps: capacity },
    paced: [atCapacity, at40],
    goal: { sessions: 40 },
    // Other processes on the machine take cores from the workers: read the figures against this.
    loadAverage1m: round(loadavg()[0]!, 2),
  }));
}
