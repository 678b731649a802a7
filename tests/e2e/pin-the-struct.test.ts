/**
 * pin-the-struct end to end in Debian's Chromium: open the door, pick stage 1, type a program into the editor that
 * rustc rejects (E0599: `init` needs a pinned receiver), see the run refuse to step, type the pinned version, step
 * it statement by statement with the keyboard, and win, as the same actions do on the shared machine.
 */
import { describe, expect, it } from "vitest";
import { useBrowserGame } from "../support/browser.ts";
import { act, startRun } from "../../shared/engine/run.ts";
import { pinTheStruct, type PinState } from "../../shared/levels/pin-the-struct/index.ts";

const PORT = 39341;

const b = useBrowserGame(PORT, "pin");
const until = b.until;

type Board = { tick: number; hash: string; phase: string; log: number } | null;

const WRONG = 'let mut a = SelfRef::new("Hello, Pinning!");\na.init();';
const RIGHT = 'let a = SelfRef::new("Hello, Pinning!");\nlet mut p = pin!(a);\np.as_mut().init();\nlet s = p.value();';

describe("pin-the-struct in a real browser", () => {
  it("a typed program is judged like rustc, then stepped to a win with the keyboard", async () => {
    await b.page.goto(b.game.url);
    await until<string>("window.__bma?.scene()", (s) => s === "title", "title screen");
    await b.clickAt("door:pin-the-struct");
    await until<string>("window.__bma.scene()", (s) => s === "stages", "stage select");
    await b.clickAt("stage:1");
    await until<Board>("window.__bma.board()", (b) => b !== null && b.phase === "playing", "a live board");

    const editor = b.page.getByLabel("program: the body of fn main()");
    await editor.fill(WRONG);
    await editor.press("Control+Enter");
    await until<Board>("window.__bma.board()", (b) => b!.log === 1, "the submission accepted as a compile error");
    await editor.evaluate((e: HTMLTextAreaElement) => e.blur());
    // Nothing compiled, so a step is refused with the rule, and the run does not change.
    await b.clickAt("pin:step");
    const err = await until<{ code: string } | null>("window.__bma.lastError()", (e) => e !== null, "the refusal");
    expect(err!.code).toBe("E_NO_PROGRAM");

    await editor.fill(RIGHT);
    await editor.press("Control+Enter");
    await until<Board>("window.__bma.board()", (b) => b!.log === 2, "the pinned program accepted");
    await editor.evaluate((e: HTMLTextAreaElement) => e.blur());
    for (let i = 0; i < 5; i++) {
      await b.page.keyboard.press("Enter");
      await until<Board>("window.__bma.board()", (b) => b === null || b.log === 3 + i, `step ${i + 1}`);
    }
    // The same actions on the shared machine give the same final state.
    const run = startRun(pinTheStruct, 1, 0);
    for (const a of [{ type: "submit", program: WRONG }, { type: "submit", program: RIGHT }, ...Array.from({ length: 5 }, () => ({ type: "step" }))]) act(run, a);
    expect((run.state as PinState).phase).toBe("won");
    await until<string>("window.__bma.scene()", (s) => s === "result", "the result screen");
  }, 60_000);
});
