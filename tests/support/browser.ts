/**
 * End-to-end harness: builds the client with Vite into a temporary folder, starts the game server on a port of the
 * test's own, opens Debian's Chromium at 1280×720 in a fresh profile, and gives polling and clicking helpers that
 * take a screenshot into test-results/ when they time out. `close` stops everything it started.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium, type BrowserContext, type Page } from "playwright-core";
import { startGameServer, type GameServer } from "../../server/app.ts";

const ROOT = join(import.meta.dirname, "../..");
const CHROMIUM = process.env.BMA_CHROMIUM ?? "/usr/bin/chromium";
const CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--disable-background-networking",
  "--disable-component-update", "--disable-sync", "--no-first-run"];
export const SHOTS = join(ROOT, "test-results");

export interface BrowserGame {
  readonly game: GameServer;
  readonly page: Page;
  /** Saves test-results/e2e-<prefix>-<name>.png. */
  shot(name: string): Promise<void>;
  /** Polls `expr` in the page until `pred` holds; on timeout saves a screenshot and throws with the last value. */
  until<T>(expr: string, pred: (v: T) => boolean, what: string, timeoutMs?: number): Promise<T>;
  /** A real mouse click at a named target (window.__bma.locate). */
  clickAt(target: string): Promise<void>;
  close(): Promise<void>;
}

export async function startBrowserGame(port: number, prefix: string): Promise<BrowserGame> {
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM}: apt-get install -y chromium (or set BMA_CHROMIUM).`);
  const tmp = mkdtempSync(join(tmpdir(), `bma-${prefix}-e2e-`));
  const outDir = join(tmp, "dist");
  const build = spawnSync(process.execPath, [join(ROOT, "node_modules/vite/bin/vite.js"), "build", "--outDir", outDir, "--emptyOutDir", "--logLevel", "warn"],
    { cwd: ROOT, encoding: "utf8", timeout: 120_000 });
  if (build.status !== 0) {
    rmSync(tmp, { recursive: true, force: true });
    throw new Error(`vite build failed:\n${build.stdout}\n${build.stderr}`);
  }
  let game: GameServer | undefined;
  let context: BrowserContext | undefined;
  const close = async () => {
    await context?.close();
    await game?.close();
    rmSync(tmp, { recursive: true, force: true });
  };
  try {
    game = await startGameServer({ port, dataDir: join(tmp, "data"), staticDir: outDir });
    mkdirSync(SHOTS, { recursive: true });
    context = await chromium.launchPersistentContext(join(tmp, "profile"), {
      executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS, viewport: { width: 1280, height: 720 },
    });
  } catch (e) {
    await close();
    throw e;
  }
  const page = context.pages()[0] ?? await context.newPage();
  page.on("pageerror", (e) => console.error(`[${prefix} page error]`, e.message));
  const shot = async (name: string) => { await page.screenshot({ path: join(SHOTS, `e2e-${prefix}-${name}.png`) }); };
  const until = async <T>(expr: string, pred: (v: T) => boolean, what: string, timeoutMs = 15_000): Promise<T> => {
    const start = Date.now();
    for (;;) {
      const v = await page.evaluate(expr) as T;
      if (pred(v)) return v;
      if (Date.now() - start > timeoutMs) {
        await shot("timeout").catch(() => undefined);
        throw new Error(`timed out waiting for ${what}; last value ${JSON.stringify(v)?.slice(0, 600)} (screenshot: test-results/e2e-${prefix}-timeout.png)`);
      }
      await page.waitForTimeout(50);
    }
  };
  const clickAt = async (target: string) => {
    const at = await until<{ x: number; y: number } | null>(`window.__bma.locate(${JSON.stringify(target)})`, (v) => v !== null, `the target ${target}`);
    await page.mouse.click(at!.x, at!.y);
  };
  return { game: game!, page, shot, until, clickAt, close };
}
