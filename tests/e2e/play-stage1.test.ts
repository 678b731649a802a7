/**
 * End to end, as a newcomer plays: the real server, the built client in Debian's Chromium (playwright-core),
 * real mouse clicks on the canvas. Title → allocate-fast → stage 1 → one wrong click (rejected with the rule)
 * → the winning placements → result → watch the replay to its end, which must reach the same final state.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chromium, type BrowserContext, type Page } from "playwright-core";
import { startGameServer, type GameServer } from "../../server/app.ts";

const ROOT = join(import.meta.dirname, "../..");
const PORT = 39231;
const CHROMIUM = process.env.BMA_CHROMIUM ?? "/usr/bin/chromium";
const CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--disable-background-networking",
  "--disable-component-update", "--disable-sync", "--no-first-run"];

let game: GameServer;
let context: BrowserContext;
let page: Page;
const tmp = mkdtempSync(join(tmpdir(), "bma-e2e-"));

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM}: apt-get install -y chromium (or set BMA_CHROMIUM).`);
  const outDir = join(tmp, "dist");
  const build = spawnSync(process.execPath, [join(ROOT, "node_modules/vite/bin/vite.js"), "build", "--outDir", outDir, "--emptyOutDir", "--logLevel", "warn"],
    { cwd: ROOT, encoding: "utf8", timeout: 120_000 });
  if (build.status !== 0) throw new Error(`vite build failed:\n${build.stdout}\n${build.stderr}`);
  game = await startGameServer({ port: PORT, dataDir: join(tmp, "data"), staticDir: outDir });
  context = await chromium.launchPersistentContext(join(tmp, "profile"), {
    executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS, viewport: { width: 1280, height: 720 },
  });
  page = context.pages()[0] ?? await context.newPage();
  page.on("pageerror", (e) => console.error("[page error]", e.message));
}, 180_000);

afterAll(async () => {
  await context?.close();
  await game?.close();
  rmSync(tmp, { recursive: true, force: true });
});

async function hook<T>(expr: string): Promise<T> {
  return page.evaluate(expr) as Promise<T>;
}

async function until<T>(expr: string, pred: (v: T) => boolean, what: string, timeoutMs = 15_000): Promise<T> {
  const start = Date.now();
  for (;;) {
    const v = await hook<T>(expr);
    if (pred(v)) return v;
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}; last value ${JSON.stringify(v)}`);
    await page.waitForTimeout(50);
  }
}

async function clickAt(expr: string, what: string): Promise<void> {
  const at = await until<{ x: number; y: number } | null>(expr, (v) => v !== null, what);
  await page.mouse.click(at!.x, at!.y);
}

type BoardView = { tick: number; hash: string; phase: string; log: number } | null;

describe("a newcomer in a real browser", () => {
  it("wins allocate-fast stage 1 with clicks on the canvas and the replay reaches the same final state", async () => {
    await page.goto(game.url);
    await until<string>("window.__bma?.scene()", (s) => s === "title", "title screen");

    await clickAt(`window.__bma.locate("door:allocate-fast")`, "the allocate-fast door");
    await until<string>("window.__bma.scene()", (s) => s === "stages", "stage select");
    await clickAt(`window.__bma.locate("stage:1")`, "stage 1");
    await until<BoardView>("window.__bma.board()", (b) => b !== null && b.phase === "playing", "a live board");

    // A u32 at 0x02 is misaligned: the server refuses it with the rule and the board does not change.
    await clickAt("window.__bma.cellCenter(2)", "byte 0x02");
    const err = await until<{ code: string; message: string } | null>("window.__bma.lastError()", (e) => e !== null, "the rejection");
    expect(err!.code).toBe("E_MISALIGNED");
    expect((await hook<BoardView>("window.__bma.board()"))!.log).toBe(0);

    const answer = [0, 4, 8, 16, 18, 24, 32];
    for (let i = 0; i < answer.length; i++) {
      await clickAt(`window.__bma.cellCenter(${answer[i]})`, `byte ${answer[i]}`);
      await until<BoardView>("window.__bma.board()", (b) => b !== null && b.log === i + 1, `placement ${i + 1} accepted`);
    }
    const final = await until<BoardView>("window.__bma.board()", (b) => b !== null && b.phase === "won", "the win");
    await until<string>("window.__bma.scene()", (s) => s === "result", "result screen");
    mkdirSync(join(ROOT, "test-results"), { recursive: true });
    await page.screenshot({ path: join(ROOT, "test-results/e2e-result.png") });

    // The server stored the replay after verifying it; its final hash is the board's.
    const list = await (await fetch(`${game.url}/api/replays?level=allocate-fast&stage=1`)).json() as { replays: { id: string }[] };
    expect(list.replays).toHaveLength(1);
    const stored = await (await fetch(`${game.url}/api/replays/${list.replays[0]!.id}`)).json() as { replay: { finalHash: string; finalTick: number } };
    expect(stored.replay.finalHash).toBe(final!.hash);

    await clickAt(`window.__bma.locate("result:replay")`, "watch replay");
    await until<string>("window.__bma.scene()", (s) => s === "replay", "replay viewer");
    await clickAt(`window.__bma.locate("replay:end")`, "seek to end");
    const end = await until<{ tick: number; finalTick: number; hash: string; finalHash: string } | null>(
      "window.__bma.replay()", (r) => r !== null && r.tick === r.finalTick, "replay at its end");
    expect(end!.finalTick).toBe(stored.replay.finalTick);
    expect(end!.hash).toBe(final!.hash);
    expect(end!.finalHash).toBe(final!.hash);
    await page.screenshot({ path: join(ROOT, "test-results/e2e-replay.png") });
  }, 120_000);
});
