/**
 * End-to-end harness: builds the client with Vite into a temporary folder, starts the game server on a port of the
 * test's own, opens Debian's Chromium at 1280×720 in a fresh profile (and more browsers, each its own profile, for
 * tests with several people), and gives polling and clicking helpers that take a screenshot into test-results/ when
 * they time out. `close` stops everything it started.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium, type BrowserContext, type Page } from "playwright-core";
import { afterAll, beforeAll } from "vitest";
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
  /** Polls `expr` in a page (the first unless given) until `pred` holds; on timeout saves a screenshot and throws. */
  until<T>(expr: string, pred: (v: T) => boolean, what: string, timeoutMs?: number, page?: Page): Promise<T>;
  /** A real mouse click at a named target (window.__bma.locate). */
  clickAt(target: string, page?: Page): Promise<void>;
  /** A real mouse click at the point `expr` evaluates to (e.g. `window.__bma.cellCenter(8)`). */
  clickPoint(expr: string, what: string, page?: Page): Promise<void>;
  /** Another person: a second Chromium with its own profile (its own player token), on the same server. */
  newPage(name: string): Promise<Page>;
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
  const contexts: BrowserContext[] = [];
  const close = async () => {
    await Promise.allSettled(contexts.map((c) => c.close()));
    await game?.close();
    rmSync(tmp, { recursive: true, force: true });
  };
  const open = async (name: string): Promise<Page> => {
    const context = await chromium.launchPersistentContext(join(tmp, `profile-${name}`), {
      executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS, viewport: { width: 1280, height: 720 }, acceptDownloads: true,
    });
    contexts.push(context);
    const page = context.pages()[0] ?? await context.newPage();
    page.on("pageerror", (e) => console.error(`[${prefix}/${name} page error]`, e.message));
    return page;
  };
  let page: Page;
  try {
    game = await startGameServer({ port, dataDir: join(tmp, "data"), staticDir: outDir });
    mkdirSync(SHOTS, { recursive: true });
    page = await open("main");
  } catch (e) {
    await close();
    throw e;
  }
  const shot = async (name: string) => { await page.screenshot({ path: join(SHOTS, `e2e-${prefix}-${name}.png`) }); };
  const until = async <T>(expr: string, pred: (v: T) => boolean, what: string, timeoutMs = 15_000, on: Page = page): Promise<T> => {
    const start = Date.now();
    for (;;) {
      const v = await on.evaluate(expr) as T;
      if (pred(v)) return v;
      if (Date.now() - start > timeoutMs) {
        await on.screenshot({ path: join(SHOTS, `e2e-${prefix}-timeout.png`) }).catch(() => undefined);
        throw new Error(`timed out waiting for ${what}; last value ${JSON.stringify(v)?.slice(0, 600)} (screenshot: test-results/e2e-${prefix}-timeout.png)`);
      }
      await on.waitForTimeout(50);
    }
  };
  const clickPoint = async (expr: string, what: string, on: Page = page) => {
    const at = await until<{ x: number; y: number } | null>(expr, (v) => v !== null, what, 15_000, on);
    await on.mouse.click(at!.x, at!.y);
  };
  const clickAt = (target: string, on: Page = page) => clickPoint(`window.__bma.locate(${JSON.stringify(target)})`, `the target ${target}`, on);
  return { game: game!, page, shot, until, clickAt, clickPoint, newPage: open, close };
}

/**
 * A test file's browser game: starts before its tests (vite build, server, Chromium) and stops after them. The handle
 * works once the tests run (its `page` and `game` are the started ones).
 */
export function useBrowserGame(port: number, prefix: string): BrowserGame {
  let started: BrowserGame | undefined;
  beforeAll(async () => { started = await startBrowserGame(port, prefix); }, 180_000);
  afterAll(async () => { await started?.close(); });
  const live = (): BrowserGame => {
    if (!started) throw new Error(`the ${prefix} browser game did not start (see the beforeAll error)`);
    return started;
  };
  return {
    get game() { return live().game; },
    get page() { return live().page; },
    shot: (name) => live().shot(name),
    until: (expr, pred, what, timeoutMs, page) => live().until(expr, pred, what, timeoutMs, page),
    clickAt: (target, page) => live().clickAt(target, page),
    clickPoint: (expr, what, page) => live().clickPoint(expr, what, page),
    newPage: (name) => live().newPage(name),
    close: () => live().close(),
  };
}

/**
 * Helpers for tests with several people, page first: `browser(name)` is one person at one browser (its own profile,
 * localStorage and player token; the first person gets the game's own page).
 */
export function people(b: BrowserGame) {
  let opened = 0;
  return {
    browser: (name: string): Promise<Page> => (opened++ === 0 ? Promise.resolve(b.page) : b.newPage(name)),
    until: <T>(page: Page, expr: string, pred: (v: T) => boolean, what: string, timeoutMs?: number) => b.until<T>(expr, pred, what, timeoutMs, page),
    clickAt: (page: Page, expr: string, what: string) => b.clickPoint(expr, what, page),
  };
}
