/**
 * boot-kernel end to end in Debian's Chromium, with real clicks and keys on the canvas:
 *  - stage 1: boot the kernel as handed over and see QEMU's loader refuse it (the header sits beyond the first
 *    8 KiB and its checksum is wrong), type "auto" into the header's checksum, move the header to the start of .text
 *    in the linker script, boot again, see "Booted." on the VGA screen and the stage cleared;
 *  - stage 4: add a VGA text block after the screen clear, put it on row 12, boot (white on black: not yet the goal),
 *    pick yellow on blue from the swatches, boot, and the screen shows "Hello, World!" in attribute 0x1E;
 *  - stage 5: the release build deletes non-volatile VGA stores (blank screen); tick volatile on both text blocks,
 *    boot, and the text is there.
 * Screenshots go to test-results/ (and one on failure).
 */
import { describe, expect, it } from "vitest";
import { GOOD_SCRIPT } from "../../shared/levels/boot-kernel/stages.ts";
import { useBrowserGame } from "../support/browser.ts";

const PORT = 39381;

const b = useBrowserGame(PORT, "boot-kernel");

const shot = (name: string) => b.shot(name);
const until = <T>(expr: string, pred: (v: T) => boolean, what: string, timeoutMs?: number) => b.until<T>(expr, pred, what, timeoutMs);
const clickAt = (target: string) => b.clickAt(target);

/** Runs a scenario; a failure leaves test-results/e2e-boot-kernel-failure.png behind. */
async function scenario(body: () => Promise<void>): Promise<void> {
  try {
    await body();
  } catch (e) {
    await shot("failure").catch(() => undefined);
    throw e;
  }
}

type Board = { tick: number; hash: string; phase: string; log: number } | null;
interface Shown { phase: string; verdict: string; overlay: string; vga: string[]; attributes: number[]; selected: number; blocks: string[]; scriptDirty: boolean }

const shown = "window.__bma.shown()";
const logIs = (n: number) => until<Board>("window.__bma.board()", (b) => b !== null && b.log >= n, `${n} accepted actions`, 30_000);

/** Opens a parameter's text field with a click, types the value and presses Enter. */
async function typeParam(block: number, param: string, value: string): Promise<void> {
  await clickAt(`boot:param:${param}`);
  const field = b.page.getByLabel(`block ${block} ${param}`);
  await field.fill(value);
  await field.press("Enter");
}

describe("boot-kernel in a real browser", () => {
  it("stage 1: QEMU refuses the header, the player fixes checksum and script, the kernel boots", () => scenario(async () => {
    await b.page.goto(b.game.url);
    await until<string>("window.__bma?.scene()", (s) => s === "title", "title screen");
    await clickAt("door:boot-kernel");
    await until<string>("window.__bma.scene()", (s) => s === "stages", "stage select");
    await clickAt("stage:1");
    await until<Board>("window.__bma.board()", (b) => b !== null && b.phase === "playing", "a live board");
    await until<Shown | null>(shown, (s) => s !== null && s.overlay.includes("No signal"), "the powered-off screen");
    await shot("stage1-start");

    await b.page.keyboard.press("b");
    await logIs(1);
    const refused = await until<Shown>(shown, (s) => s.overlay.includes("PVH"), "QEMU's loader error on the screen");
    expect(refused.overlay).toContain("qemu-system-i386: Error loading uncompressed kernel without PVH ELF Note");
    expect(refused.phase).toBe("playing");
    await shot("stage1-refused");

    await clickAt("boot:block:0");
    await typeParam(0, "checksum", "auto");
    await logIs(2);
    const script = b.page.getByLabel("linker script");
    await script.fill(GOOD_SCRIPT);
    await until<Shown>(shown, (s) => s.scriptDirty, "the edited script marked as not applied");
    await clickAt("boot:boot");
    await logIs(4);
    const booted = await until<Shown>(shown, (s) => s.phase === "won", "the stage cleared");
    expect(booted.overlay).toBe("");
    expect(booted.vga[0]!.startsWith("Booted.")).toBe(true);
    await shot("stage1-booted");
    await until<string>("window.__bma.scene()", (s) => s === "result", "the result screen");
  }), 60_000);

  it("stage 4: a VGA text block in yellow on blue, picked from the swatches, shows at attribute 0x1E", () => scenario(async () => {
    await b.page.goto(`${b.game.url}#/play/boot-kernel/4`);
    await until<Board>("window.__bma.board()", (b) => b !== null && b.phase === "playing" && b.log === 0, "a live stage 4 board");
    await clickAt("boot:block:4");
    await clickAt("boot:add");
    await clickAt("boot:add:vga-text");
    await logIs(1);
    await until<Shown>(shown, (s) => s.blocks[5] === "vga-text" && s.selected === 5, "the new block selected");
    await typeParam(5, "row", "12");
    await logIs(2);
    // A first boot in the fresh block's white on black: the text is there, the goal (attribute 0x1E) is not.
    await b.page.keyboard.press("b");
    await logIs(3);
    const white = await until<Shown>(shown, (v) => v.verdict !== "", "the first boot's verdict");
    expect(white.phase).toBe("playing");
    expect(white.vga[12]!.startsWith("Hello, World!")).toBe(true);
    expect(white.attributes[12 * 80]).toBe(0x0f);
    await shot("stage4-white");
    await clickAt("boot:swatch:fg:14");
    await logIs(4);
    await clickAt("boot:swatch:bg:1");
    await logIs(5);
    await shot("stage4-inspector");
    await b.page.keyboard.press("b");
    await logIs(6);
    const s = await until<Shown>(shown, (v) => v.phase === "won", "the stage cleared");
    expect(s.vga[12]!.startsWith("Hello, World!")).toBe(true);
    expect(s.attributes.slice(12 * 80, 12 * 80 + 13).every((a) => a === 0x1e)).toBe(true);
    await shot("stage4-hello");
    await until<string>("window.__bma.scene()", (v) => v === "result", "the result screen");
  }), 60_000);

  it("stage 5: non-volatile VGA stores vanish at opt-level 1 until volatile is ticked", () => scenario(async () => {
    await b.page.goto(`${b.game.url}#/play/boot-kernel/5`);
    await until<Board>("window.__bma.board()", (b) => b !== null && b.phase === "playing" && b.log === 0, "a live stage 5 board");
    await b.page.keyboard.press("b");
    await logIs(1);
    const blank = await until<Shown>(shown, (v) => v.verdict !== "", "the first boot's verdict");
    expect(blank.vga.some((l) => l.includes("Hello, World!"))).toBe(false);
    await shot("stage5-blank");
    for (const block of [4, 5]) {
      await clickAt(`boot:block:${block}`);
      await clickAt("boot:param:volatile");
    }
    await logIs(3);
    await b.page.keyboard.press("b");
    await logIs(4);
    const s = await until<Shown>(shown, (v) => v.phase === "won", "the stage cleared");
    expect(s.vga.some((l) => l.includes("Hello, World!"))).toBe(true);
    await shot("stage5-volatile");
    await until<string>("window.__bma.scene()", (v) => v === "result", "the result screen");
  }), 60_000);
});
