/**
 * cpu-core end to end in Debian's Chromium: open stage 1 ("Be the ALU") with seventeen families carried from this
 * browser's drafts, type ADD A,r with real keystrokes and its H flag taken from bit 4 instead of bit 3,
 * check, and see the first divergence name flag H and the ADD cells fail in the grid (a real click on the $80
 * cell reads back "failing"); retype the flag right, check again, and the stage is cleared. Screenshots go to
 * test-results/ (and one on any timeout).
 */
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { SHOTS, useBrowserGame } from "../support/browser.ts";
import { STAGE_RULES, writableFamilies } from "../../shared/levels/cpu-core/index.ts";
import { REFERENCE_MICROCODE } from "../../shared/levels/cpu-core/microcode/index.ts";

const PORT = 39353;

const b = useBrowserGame(PORT, "cpu-core");
const until = b.until;

/** What the board's live region says (the verdict, the divergence in words, failing opcodes, the cursor cell). */
const SAYS = `document.querySelector('[aria-label="cpu-core board"]')?.textContent ?? ""`;

/** What the editor starts an empty family with: its header and summary (picture.ts `starter`). */
const ADD_HEADER = "family add-a-r matches 10 000 zzz\n  # A = A + r[z]; Z, N=0, H from bit 3, C from bit 7.\n";
const HF_RIGHT = "HF = (A & 0xF) + (v & 0xF) > 0xF";
// The body typed key by key (headless Chromium without a GPU draws ~10 frames a second, one key per frame, so
// it is kept short). The classic slip: the half carry taken out of bit 4 instead of bit 3.
const ADD_BODY = "v = r[z]\nres = A + v\nHF = (A & 0x1F) + (v & 0x1F) > 0x1F\nCF = res > 0xFF\nA = res & 0xFF\nZF = A == 0\nNF = 0\n";
const ADD_WRONG = ADD_HEADER + ADD_BODY;
const ADD_RIGHT = ADD_WRONG.replace("HF = (A & 0x1F) + (v & 0x1F) > 0x1F", HF_RIGHT);

describe("cpu-core in a real browser", () => {
  it("a typed ADD with H from bit 4 diverges on flag H, the fix clears the ALU stage", async () => {
    expect(ADD_WRONG).not.toBe(ADD_RIGHT);
    await b.page.goto(b.game.url);
    await until<string>("window.__bma?.scene()", (s) => s === "title", "title screen");
    // This browser has written the other seventeen ALU families before (the board keeps drafts per family and
    // starts a stage from them); ADD A,r is new.
    const families = writableFamilies(STAGE_RULES[0]!);
    expect(families[0]).toBe("add-a-r");
    const drafts = Object.fromEntries(families.slice(1).map((f) => [f, REFERENCE_MICROCODE[f]!]));
    await b.page.evaluate((all) => localStorage.setItem("bma.cpu-core.sources", JSON.stringify(all)), drafts);
    await b.clickAt("door:cpu-core");
    await until<string>("window.__bma.scene()", (s) => s === "stages", "stage select");
    await b.clickAt("stage:1");
    await until<{ log: number } | null>("window.__bma.board()", (b) => b !== null && b.log >= families.length - 1, "the drafts carried as patches", 30_000);
    await b.page.screenshot({ path: join(SHOTS, "e2e-cpu-core-start.png") });

    const editor = b.page.getByLabel("microcode", { exact: true });
    await b.clickAt("cpu:editor");
    // ADD A,r by hand, key by key, under the header the editor starts it with.
    expect(await editor.inputValue()).toBe(ADD_HEADER);
    await b.page.keyboard.press("Control+End");
    await b.page.keyboard.type(ADD_BODY);
    expect(await editor.inputValue()).toBe(ADD_WRONG);
    await b.page.keyboard.press("Control+Enter");
    const said = await until<string>(SAYS, (s) => s.startsWith("Check 1:"), "the first check's verdict", 30_000);
    expect(said).toContain("failed");
    expect(said).toMatch(/flag H: reference 1, yours 0/);
    expect(said).toMatch(/Failing opcodes: 80 81 82 83 84 85 86 87\b/);
    // The grid: a real click on the $80 cell names its family and status.
    await editor.evaluate((e: HTMLTextAreaElement) => e.blur());
    await b.clickAt("cpu:cell:80");
    expect(await b.page.evaluate(SAYS)).toMatch(/Cell: \$80 {2}ADD A,B {3}ADD A,r \(yours\) {3}✗ failing/);
    // A hint from the keyboard (the board's H), shown in the column.
    const log = (await b.page.evaluate("window.__bma.board()") as { log: number }).log;
    await b.page.keyboard.press("h");
    await until<{ log: number }>("window.__bma.board()", (b) => b.log === log + 1, "the hint action");
    await b.page.screenshot({ path: join(SHOTS, "e2e-cpu-core-divergence.png") });
    // The check opened ADD A,r: fix the one line with the keyboard (select it with Home / Shift+End).
    await b.clickAt("cpu:editor");
    expect(await editor.inputValue()).toBe(ADD_WRONG);
    const lineOfH = ADD_WRONG.split("\n").findIndex((l) => l.includes("HF ="));
    await b.page.keyboard.press("Control+Home");
    for (let i = 0; i < lineOfH; i++) await b.page.keyboard.press("ArrowDown");
    await b.page.keyboard.press("Home");
    await b.page.keyboard.press("Shift+End");
    await b.page.keyboard.type(HF_RIGHT);
    expect(await editor.inputValue()).toBe(ADD_RIGHT);
    await b.page.keyboard.press("Control+Enter");
    await until<string>(SAYS, (s) => s.startsWith("Check 2:"), "the second check's verdict", 30_000);
    expect(await b.page.evaluate(SAYS)).toContain("passed");
    await b.page.screenshot({ path: join(SHOTS, "e2e-cpu-core-cleared.png") });
    await until<string>("window.__bma.scene()", (s) => s === "result", "the result screen");
  }, 90_000);

  it("a browser's microcode carries into the Tetris stage, boots Brickfall and plays it on the player's core", async () => {
    // This browser wrote every family before (the board keeps drafts per family): stage 8 starts from them.
    await b.page.goto(b.game.url);
    await until<string>("window.__bma?.scene()", (s) => s === "title", "title screen");
    await b.page.evaluate((all) => localStorage.setItem("bma.cpu-core.sources", JSON.stringify(all)), { ...REFERENCE_MICROCODE });
    await b.page.goto(`${b.game.url}#/play/cpu-core/8`);
    await until<{ phase: string; log: number } | null>("window.__bma.board()", (b) => b !== null && b.log >= 75, "the 75 families carried as patches", 30_000);
    await b.page.mouse.move(5, 5);
    await b.clickAt("cpu:check");
    const said = await until<string>(SAYS, (s) => s.startsWith("Check 1:"), "the boot check", 40_000);
    expect(said).toContain("passed");
    await b.clickAt("cpu:play");
    await until<string>(SAYS, (s) => /Brickfall on your core: frame [1-9]/.test(s), "Brickfall running", 20_000);
    // Start, then a few moves: keys go down and up as on a joypad.
    for (const key of ["Enter", "ArrowLeft", "x", "ArrowRight"]) {
      await b.page.keyboard.down(key);
      await b.page.waitForTimeout(150);
      await b.page.keyboard.up(key);
      await b.page.waitForTimeout(150);
    }
    const frame = (s: string) => Number(/frame (\d+)/.exec(s)?.[1] ?? 0);
    const before = frame(await b.page.evaluate(SAYS) as string);
    await until<string>(SAYS, (s) => frame(s) > before, "frames advancing", 20_000);
    await b.page.screenshot({ path: join(SHOTS, "e2e-cpu-core-tetris.png") });
  }, 120_000);
});
