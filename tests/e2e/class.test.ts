/**
 * End to end, a class in real browsers: the real server and the built client, a host and two students in
 * separate Chromium profiles, real clicks and typing. The host creates a class through the UI; the students
 * type the code and a nickname; the host starts; Ada wins stage 1 with clicks on her canvas while Bob's
 * misaligned click is refused with the rule; the host sees both live thumbnails and Bob's failure count,
 * opens a board full size and projects it (a projector browser on #/spectate/<CODE> follows it), pauses (Bob's
 * click is refused with E_PAUSED), resumes and ends; the results rank Ada first for everyone and
 * the host's CSV download has one row per student.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { SHOTS, people, useBrowserGame } from "../support/browser.ts";
import { CODE_PATTERN } from "../../shared/class.ts";

const PORT = 39271;

const b = useBrowserGame(PORT, "class");
const { browser, until, clickAt } = people(b);

const scene = (page: Page, key: string) => until<string>(page, "window.__bma?.scene()", (s) => s === key, `scene ${key}`);

interface ClassInfo {
  role: string; code: string; phase: string; students: number; spectators: number; boards: number; rank?: number;
  failures?: Record<string, Record<string, number>>; results?: { nickname: string; rank: number; phase: string }[]; csv?: string;
}
const info = (page: Page, pred: (c: ClassInfo) => boolean, what: string) =>
  until<ClassInfo | null>(page, "window.__bma.classInfo()", (c) => c !== null && pred(c), what) as Promise<ClassInfo>;
type Board = { tick: number; hash: string; phase: string; log: number } | null;

async function joinAs(page: Page, code: string, nickname: string): Promise<void> {
  await page.goto(b.game.url);
  await scene(page, "title");
  await clickAt(page, `window.__bma.locate("class:join")`, "the join-a-class button");
  await scene(page, "class-join");
  await page.locator('input[aria-label="join code"]').fill(code.toLowerCase());
  await page.locator('input[aria-label="nickname"]').fill(nickname);
  await clickAt(page, `window.__bma.locate("class:join")`, "join as a student");
  await scene(page, "class-student");
  await info(page, (c) => c.role === "student" && c.code === code, `${nickname} in the class`);
}

describe("a class in real browsers", () => {
  it("host and two students: join by code, play, project, pause, end, results and CSV", async () => {
    const [host, ada, bob, projector] = await Promise.all([browser("host"), browser("ada"), browser("bob"), browser("projector")]);

    // The host creates a class through the UI: allocate-fast, its first two stages (the default), in order.
    await host.goto(b.game.url);
    await scene(host, "title");
    await clickAt(host, `window.__bma.locate("class:host")`, "the host-a-class button");
    await scene(host, "class-setup");
    await clickAt(host, `window.__bma.locate("class:level:allocate-fast")`, "the allocate-fast level");
    await host.waitForTimeout(100); // the setup screen restarts with the choice
    await host.screenshot({ path: join(SHOTS, "e2e-class-setup.png") });
    await clickAt(host, `window.__bma.locate("class:host")`, "create class");
    await scene(host, "class-lobby");
    const { code } = await info(host, (c) => CODE_PATTERN.test(c.code), "a join code");

    await Promise.all([joinAs(ada, code, "Ada"), joinAs(bob, code, "Bob")]);
    await info(host, (c) => c.students === 2 && c.boards === 2, "both students on the host's roster");
    await host.screenshot({ path: join(SHOTS, "e2e-class-lobby.png") });
    await bob.screenshot({ path: join(SHOTS, "e2e-class-waiting.png") });

    await clickAt(host, `window.__bma.locate("class:start")`, "start");
    await info(ada, (c) => c.phase === "countdown", "the countdown");
    await scene(host, "class-host");
    await Promise.all([ada, bob].map((p) => info(p, (c) => c.phase === "running", "the round running")));

    // Bob's u32 at 0x02 is misaligned: refused with the rule, his board unchanged.
    await clickAt(bob, "window.__bma.cellCenter(2)", "Bob's byte 0x02");
    const misaligned = await until<{ code: string } | null>(bob, "window.__bma.lastError()", (e) => e !== null, "Bob's rejection");
    expect(misaligned!.code).toBe("E_MISALIGNED");
    expect((await bob.evaluate("window.__bma.board()") as Board)!.log).toBe(0);

    // Ada wins stage 1 with clicks on her canvas.
    const answer = [0, 4, 8, 16, 18, 24, 32];
    for (let i = 0; i < answer.length; i++) {
      await clickAt(ada, `window.__bma.cellCenter(${answer[i]})`, `Ada's byte ${answer[i]}`);
      await until<Board>(ada, "window.__bma.board()", (b) => b !== null && b.log === i + 1, `Ada's placement ${i + 1}`);
    }
    await until<Board>(ada, "window.__bma.board()", (b) => b?.phase === "won", "Ada's win");
    await info(ada, (c) => c.rank === 1, "Ada leads the class");

    // The host sees both boards live and Bob's failure count.
    const seen = await info(host, (c) => c.boards === 2 && c.failures?.["Bob"]?.["E_MISALIGNED"] === 1, "Bob's failure on the dashboard");
    expect(seen.students).toBe(2);
    for (const i of [0, 1]) expect(await host.evaluate(`window.__bma.locate("class:thumb:${i}")`)).not.toBeNull();
    await host.waitForTimeout(200); // one dashboard redraw (10 per second) for the screenshot
    await host.screenshot({ path: join(SHOTS, "e2e-class-dashboard.png") });
    await ada.screenshot({ path: join(SHOTS, "e2e-class-student.png") });

    // A projector follows the link; with no board chosen it shows the leaderboard. The host opens the first
    // thumbnail full size and projects it: the projector then shows that board, in the same state.
    await projector.goto(`${b.game.url}/#/spectate/${code}`);
    await scene(projector, "class-spectate");
    await info(host, (c) => c.spectators === 1, "the projector counted");
    await projector.screenshot({ path: join(SHOTS, "e2e-class-projector-leaderboard.png") });
    await clickAt(host, `window.__bma.locate("class:thumb:0")`, "the first thumbnail");
    await scene(host, "class-board");
    const opened = await until<Board>(host, "window.__bma.board()", (b) => b !== null, "the board full size");
    await clickAt(host, `window.__bma.locate("class:project")`, "project");
    await info(projector, (c) => c.boards === 1, "the projector receives the board");
    const shown = await until<Board>(projector, "window.__bma.board()", (b) => b !== null, "the projected board drawn");
    expect(shown!.log).toBe(opened!.log);
    await host.screenshot({ path: join(SHOTS, "e2e-class-board.png") });
    await projector.screenshot({ path: join(SHOTS, "e2e-class-projector.png") });
    await host.keyboard.press("Escape");
    await scene(host, "class-host");

    // Pause: Bob's click is refused with E_PAUSED; resume.
    await clickAt(host, `window.__bma.locate("class:pause")`, "pause");
    await info(bob, (c) => c.phase === "paused", "Bob sees the pause");
    await clickAt(bob, "window.__bma.cellCenter(0)", "Bob's byte 0x00");
    await until<{ code: string } | null>(bob, "window.__bma.lastError()", (e) => e?.code === "E_PAUSED", "E_PAUSED");
    expect((await bob.evaluate("window.__bma.board()") as Board)!.log).toBe(0);
    await bob.screenshot({ path: join(SHOTS, "e2e-class-paused.png") });
    await clickAt(host, `window.__bma.locate("class:pause")`, "resume");
    await info(bob, (c) => c.phase === "running", "Bob sees the resume");

    // End: everyone gets the results, Ada first.
    await clickAt(host, `window.__bma.locate("class:end")`, "end");
    await scene(host, "class-results");
    const results = await info(host, (c) => (c.results?.length ?? 0) === 2, "the results");
    expect(results.results![0]).toMatchObject({ nickname: "Ada", rank: 1, phase: "won" });
    expect(results.results![1]).toMatchObject({ nickname: "Bob", rank: 2, phase: "playing" });
    await scene(ada, "class-results");
    expect((await info(ada, (c) => c.results !== undefined, "Ada's results")).rank).toBe(1);
    await host.screenshot({ path: join(SHOTS, "e2e-class-results.png") });
    await ada.screenshot({ path: join(SHOTS, "e2e-class-results-student.png") });

    // Ada compares her run: first with the class (her win is the only one and so the front), then with the world.
    await clickAt(ada, `window.__bma.locate("class:compare")`, "compare");
    await scene(ada, "result");
    type Stats = { count: number; front: string[]; scope: string };
    const inClass = await until<Stats>(ada, "window.__bma.stats()", (s) => s !== null && s.scope === "room" && s.count >= 1, "the class comparison");
    expect(inClass.count).toBe(1);
    await ada.keyboard.press("c");
    await until<Stats>(ada, "window.__bma.stats()", (s) => s !== null && s.scope === "world" && s.count >= 1, "the world comparison");
    await ada.keyboard.press("Escape");
    await scene(ada, "class-results");

    // The CSV: the download button saves it, and the host's token reads it (one header and two rows).
    const download = host.waitForEvent("download");
    await clickAt(host, `window.__bma.locate("class:csv")`, "download CSV");
    const file = await (await download).path();
    const saved = readFileSync(file, "utf8").trim().split("\r\n");
    expect(saved).toHaveLength(3);
    const token = await host.evaluate(() => (JSON.parse(localStorage.getItem("bma.player") ?? "{}") as { token: string }).token);
    const res = await fetch(`${b.game.url}${results.csv}`, { headers: { "x-bma-token": token } });
    expect(res.status).toBe(200);
    const lines = (await res.text()).trim().split("\r\n");
    expect(lines).toHaveLength(3);
    expect(lines[1]).toMatch(/^Ada,1,won,/);
    expect(lines[2]).toMatch(/^Bob,1,playing,.*E_MISALIGNED x1/);
  }, 120_000);
});
