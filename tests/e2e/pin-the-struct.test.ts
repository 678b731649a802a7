/**
 * pin-the-struct end to end in Debian's Chromium: open the door, pick stage 1, type a program into the editor that
 * rustc rejects (E0599: `init` needs a pinned receiver), see the run refuse to step, type the pinned version, step
 * it statement by statement with the keyboard, and win, as the same actions do on the shared machine.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chromium, type BrowserContext, type Page } from "playwright-core";
import { startGameServer, type GameServer } from "../../server/app.ts";
import { act, startRun } from "../../shared/engine/run.ts";
import { pinTheStruct, type PinState } from "../../shared/levels/pin-the-struct/index.ts";

const ROOT = join(import.meta.dirname, "../..");
const PORT = 39341;
const CHROMIUM = process.env.BMA_CHROMIUM ?? "/usr/bin/chromium";
const CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--disable-background-networking",
  "--disable-component-update", "--disable-sync", "--no-first-run"];

let game: GameServer;
let context: BrowserContext;
let page: Page;
const tmp = mkdtempSync(join(tmpdir(), "bma-pin-e2e-"));

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

async function until<T>(expr: string, pred: (v: T) => boolean, what: string, timeoutMs = 15_000): Promise<T> {
  const start = Date.now();
  for (;;) {
    const v = await page.evaluate(expr) as T;
    if (pred(v)) return v;
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}; last value ${JSON.stringify(v)}`);
    await page.waitForTimeout(50);
  }
}

async function clickAt(expr: string, what: string): Promise<void> {
  const at = await until<{ x: number; y: number } | null>(expr, (v) => v !== null, what);
  await page.mouse.click(at!.x, at!.y);
}

type Board = { tick: number; hash: string; phase: string; log: number } | null;

const WRONG = 'let mut a = SelfRef::new("Hello, Pinning!");\na.init();';
const RIGHT = 'let a = SelfRef::new("Hello, Pinning!");\nlet mut p = pin!(a);\np.as_mut().init();\nlet s = p.value();';

describe("pin-the-struct in a real browser", () => {
  it("a typed program is judged like rustc, then stepped to a win with the keyboard", async () => {
    await page.goto(game.url);
    await until<string>("window.__bma?.scene()", (s) => s === "title", "title screen");
    await clickAt(`window.__bma.locate("door:pin-the-struct")`, "the pin-the-struct door");
    await until<string>("window.__bma.scene()", (s) => s === "stages", "stage select");
    await clickAt(`window.__bma.locate("stage:1")`, "stage 1");
    await until<Board>("window.__bma.board()", (b) => b !== null && b.phase === "playing", "a live board");

    const editor = page.getByLabel("program: the body of fn main()");
    await editor.fill(WRONG);
    await editor.press("Control+Enter");
    await until<Board>("window.__bma.board()", (b) => b!.log === 1, "the submission accepted as a compile error");
    await editor.evaluate((e: HTMLTextAreaElement) => e.blur());
    // Nothing compiled, so a step is refused with the rule, and the run does not change.
    await clickAt(`window.__bma.locate("pin:step")`, "the Step button");
    const err = await until<{ code: string } | null>("window.__bma.lastError()", (e) => e !== null, "the refusal");
    expect(err!.code).toBe("E_NO_PROGRAM");

    await editor.fill(RIGHT);
    await editor.press("Control+Enter");
    await until<Board>("window.__bma.board()", (b) => b!.log === 2, "the pinned program accepted");
    await editor.evaluate((e: HTMLTextAreaElement) => e.blur());
    for (let i = 0; i < 5; i++) {
      await page.keyboard.press("Enter");
      await until<Board>("window.__bma.board()", (b) => b === null || b.log === 3 + i, `step ${i + 1}`);
    }
    // The same actions on the shared machine give the same final state.
    const run = startRun(pinTheStruct, 1, 0);
    for (const a of [{ type: "submit", program: WRONG }, { type: "submit", program: RIGHT }, ...Array.from({ length: 5 }, () => ({ type: "step" }))]) act(run, a);
    expect((run.state as PinState).phase).toBe("won");
    await until<string>("window.__bma.scene()", (s) => s === "result", "the result screen");
  }, 60_000);
});
