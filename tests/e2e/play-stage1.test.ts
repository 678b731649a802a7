/**
 * End to end, as a newcomer plays: the real server, the built client in Debian's Chromium (playwright-core),
 * real mouse clicks on the canvas. Title → allocate-fast → stage 1 → one wrong click (rejected with the rule)
 * → the winning placements → result → watch the replay to its end, which must reach the same final state.
 */
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { SHOTS, useBrowserGame } from "../support/browser.ts";

const PORT = 39231;

const b = useBrowserGame(PORT, "stage1");
const until = b.until;
const hook = <T,>(expr: string) => b.page.evaluate(expr) as Promise<T>;

type BoardView = { tick: number; hash: string; phase: string; log: number } | null;

describe("a newcomer in a real browser", () => {
  it("wins allocate-fast stage 1 with clicks on the canvas and the replay reaches the same final state", async () => {
    await b.page.goto(b.game.url);
    await until<string>("window.__bma?.scene()", (s) => s === "title", "title screen");

    await b.clickAt("door:allocate-fast");
    await until<string>("window.__bma.scene()", (s) => s === "stages", "stage select");
    await b.clickAt("stage:1");
    await until<BoardView>("window.__bma.board()", (b) => b !== null && b.phase === "playing", "a live board");

    // A u32 at 0x02 is misaligned: the server refuses it with the rule and the board does not change.
    await b.clickPoint("window.__bma.cellCenter(2)", "byte 0x02");
    const err = await until<{ code: string; message: string } | null>("window.__bma.lastError()", (e) => e !== null, "the rejection");
    expect(err!.code).toBe("E_MISALIGNED");
    expect((await hook<BoardView>("window.__bma.board()"))!.log).toBe(0);

    const answer = [0, 4, 8, 16, 18, 24, 32];
    for (let i = 0; i < answer.length; i++) {
      await b.clickPoint(`window.__bma.cellCenter(${answer[i]})`, `byte ${answer[i]}`);
      await until<BoardView>("window.__bma.board()", (b) => b !== null && b.log === i + 1, `placement ${i + 1} accepted`);
    }
    const final = await until<BoardView>("window.__bma.board()", (b) => b !== null && b.phase === "won", "the win");
    await until<string>("window.__bma.scene()", (s) => s === "result", "result screen");
    await b.page.screenshot({ path: join(SHOTS, "e2e-result.png") });

    // The server stored the replay after verifying it; its final hash is the board's.
    const list = await (await fetch(`${b.game.url}/api/replays?level=allocate-fast&stage=1`)).json() as { replays: { id: string }[] };
    expect(list.replays).toHaveLength(1);
    const stored = await (await fetch(`${b.game.url}/api/replays/${list.replays[0]!.id}`)).json() as { replay: { finalHash: string; finalTick: number } };
    expect(stored.replay.finalHash).toBe(final!.hash);

    await b.clickAt("result:replay");
    await until<string>("window.__bma.scene()", (s) => s === "replay", "replay viewer");
    await b.clickAt("replay:end");
    const end = await until<{ tick: number; finalTick: number; hash: string; finalHash: string } | null>(
      "window.__bma.replay()", (r) => r !== null && r.tick === r.finalTick, "replay at its end");
    expect(end!.finalTick).toBe(stored.replay.finalTick);
    expect(end!.hash).toBe(final!.hash);
    expect(end!.finalHash).toBe(final!.hash);
    await b.page.screenshot({ path: join(SHOTS, "e2e-replay.png") });
  }, 120_000);
});
