/**
 * End to end, a race-free-queue duel in two real browsers (separate Chromium profiles) against the real server and
 * the built client: Ada opens the stage select, creates a duel on the SPSC ring and gets its link; Bob opens the link
 * and takes the breaker's seat; Ada picks orderings with the keyboard — publishing tail with Relaxed — and submits;
 * Bob plays the schedule with the keyboard (thread keys, choice arrows, Enter) and reaches the data race; both see
 * the verdict with the checker's ground truth.
 */
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { SHOTS, people, useBrowserGame } from "../support/browser.ts";
import type { DuelProbe } from "../../client/app/hooks.ts";
import { check, compiled, sourceOf, STAGE_RULES } from "../../shared/levels/race-free-queue/index.ts";

const PORT = 39371;

const b = useBrowserGame(PORT, "duel");
const { browser, until, clickAt } = people(b);

type Duel = DuelProbe;
const duel = (page: Page, pred: (d: Duel) => boolean, what: string, timeoutMs?: number) =>
  until<Duel | null>(page, "window.__bma.duel()", (d) => d !== null && pred(d), what, timeoutMs) as Promise<Duel>;
const boardLog = (page: Page) => page.evaluate("window.__bma.board()?.log ?? 0") as Promise<number>;

/** Presses a key and waits until the server's accepted action reaches this page's replica. */
async function pressAccepted(page: Page, key: string): Promise<void> {
  const before = await boardLog(page);
  await page.keyboard.press(key);
  await until<number>(page, "window.__bma.board()?.log ?? 0", (n) => n > before, `action for ${key}`);
}

describe("a duel in two browsers", () => {
  it("create, join by link, write and submit a relaxed-publish ring, break it with the keyboard, verdict", { timeout: 120_000 }, async () => {
    const [ada, bob] = await Promise.all([browser("ada"), browser("bob")]);
    await ada.goto(`${b.game.url}/#/levels/race-free-queue`);
    await until<string>(ada, "window.__bma?.scene()", (s) => s === "stages", "stage select");
    await clickAt(ada, `window.__bma.locate("stages:duel")`, "the Duel button");
    await until<string>(ada, "window.__bma.scene()", (s) => s === "duel", "the duel lobby");
    await clickAt(ada, `window.__bma.locate("duel:create:2")`, "create a duel on stage 2");
    const created = await duel(ada, (d) => d.seat === "author" && d.roomId !== "" && d.phase === "waiting", "Ada seated as the author");
    expect(await ada.evaluate("location.hash")).toBe(`#/duel/${created.roomId}`);

    await bob.goto(`${b.game.url}/#/duel/${created.roomId}`);
    await duel(bob, (d) => d.seat === "breaker" && d.phase === "writing", "Bob seated as the breaker");
    await duel(ada, (d) => d.phase === "writing" && d.ticksLeft > 0, "Ada's clock running");
    await ada.screenshot({ path: join(SHOTS, "e2e-duel-writing.png") });

    // Bob cannot act on Ada's turn: his key is ignored by his read-only board and the server would refuse it anyway.
    const before = await boardLog(bob);
    await bob.keyboard.press("Enter");
    await bob.waitForTimeout(200);
    expect(await boardLog(bob)).toBe(before);

    // Sites: 0 producer tail Relaxed, 1 head Acquire, 2 publish tail Relaxed (the bug), 3 Relaxed, 4 tail Acquire, 5 head Release.
    await ada.keyboard.press("ArrowDown");
    await pressAccepted(ada, "ArrowRight");
    for (let i = 0; i < 3; i++) await ada.keyboard.press("ArrowDown");
    await pressAccepted(ada, "ArrowRight");
    await ada.keyboard.press("ArrowDown");
    await pressAccepted(ada, "ArrowRight");
    await clickAt(ada, `window.__bma.locate("duel:submit")`, "Submit");
    await duel(bob, (d) => d.phase === "breaking", "the breaker's turn", 20_000);
    await bob.screenshot({ path: join(SHOTS, "e2e-duel-breaking.png") });

    const rules = STAGE_RULES[1]!;
    const orderings = ["Relaxed", "Acquire", "Relaxed", "Relaxed", "Acquire", "Release"] as const;
    const cx = check(compiled(sourceOf(rules, orderings, false, false)), { preemptions: rules.preemptions, maxExecutions: rules.maxExecutions }).counterexample!;
    for (const a of cx.actions) {
      await bob.keyboard.press(String(a.thread + 1));
      for (let i = 0; i < a.choice; i++) await bob.keyboard.press("ArrowRight");
      await pressAccepted(bob, "Enter");
    }
    const bobSees = await duel(bob, (d) => d.phase === "verdict", "the verdict for Bob");
    expect(bobSees).toMatchObject({ winner: "breaker", reason: "violation", referee: "counterexample" });
    expect(bobSees.text).toContain("data race");
    const adaSees = await duel(ada, (d) => d.phase === "verdict", "the verdict for Ada");
    expect(adaSees).toMatchObject({ winner: "breaker", referee: "counterexample" });
    await bob.screenshot({ path: join(SHOTS, "e2e-duel-verdict.png") });

    // The stored duel opens in the replay viewer like any run: it re-simulates to the same final hash, and the
    // scrubber can go back to the author's turn and forward to the breaker's win.
    let stored: { id: string } | undefined;
    for (let i = 0; i < 50 && !stored; i++) {
      const list = (await (await fetch(`${b.game.url}/api/replays?level=race-free-queue-duel`)).json()) as { replays: { id: string }[] };
      stored = list.replays[0];
      if (!stored) await bob.waitForTimeout(100);
    }
    expect(stored).toBeDefined();
    await bob.goto(`${b.game.url}/#/replay/${stored!.id}`);
    type Probe = { tick: number; finalTick: number; hash: string; finalHash: string };
    const loaded = await until<Probe | null>(bob, "window.__bma.replay()", (r) => r !== null && r.finalTick > 0, "the duel in the replay viewer");
    await bob.keyboard.press("End");
    const end = await until<Probe | null>(bob, "window.__bma.replay()", (r) => r !== null && r.tick === loaded!.finalTick, "the end of the duel");
    expect(end!.hash).toBe(end!.finalHash);
    await bob.screenshot({ path: join(SHOTS, "e2e-duel-replay.png") });
  });
});
