/**
 * The PPU: mode timing on a line and over a frame (Pan Docs: 80 dots of mode 2, 172 + SCX mod 8 of mode 3, 456 per
 * line, VBlank at line 144, 70224 dots per frame), STAT interrupt sources and blocking, VRAM/OAM locking, and the
 * ppu-test ROM's screen against a reference image drawn here from the scene's description.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { Interrupts } from "../../../shared/levels/cpu-core/interrupts.ts";
import { GameBoy } from "../../../shared/levels/cpu-core/machine.ts";
import { Ppu } from "../../../shared/levels/cpu-core/ppu.ts";
import { builtRomPath } from "../../../scripts/roms.ts";

function lcdOnAt0() {
  const irq = new Interrupts();
  const ppu = new Ppu(irq);
  ppu.writeLcdc(0, 0x00);
  ppu.writeLcdc(0, 0x91);
  irq.flags = 0;
  return { ppu, irq };
}

describe("PPU timing", () => {
  it("a visible line is mode 2 for 80 dots, mode 3 for 172 (+ SCX mod 8), then mode 0 until dot 456", () => {
    const { ppu } = lcdOnAt0();
    const modeAt = (t: number) => { ppu.sync(t); return ppu.readStat() & 3; };
    expect([modeAt(0), modeAt(79), modeAt(80), modeAt(251), modeAt(252), modeAt(455)]).toEqual([2, 2, 3, 3, 0, 0]);
    expect([modeAt(456), ppu.ly]).toEqual([2, 1]);
    const other = lcdOnAt0().ppu;
    other.scx = 5;
    other.sync(80 + 172 + 4);
    expect(other.readStat() & 3).toBe(3);
    other.sync(80 + 172 + 5);
    expect(other.readStat() & 3).toBe(0);
  });
  it("VBlank starts at line 144 (65664 dots) with its interrupt; the frame is 154 lines, 70224 dots", () => {
    const { ppu, irq } = lcdOnAt0();
    ppu.sync(144 * 456 - 1);
    expect([ppu.ly, irq.flags & 1]).toEqual([143, 0]);
    ppu.sync(144 * 456);
    expect([ppu.ly, ppu.readStat() & 3, irq.flags & 1, ppu.frames]).toEqual([144, 1, 1, 1]);
    ppu.sync(153 * 456);
    expect(ppu.ly).toBe(153);
    ppu.sync(70224);
    expect([ppu.ly, ppu.readStat() & 3]).toEqual([0, 2]);
  });
  it("LYC=LY sets the coincidence bit and requests STAT once per match; sources share one line (blocking)", () => {
    const { ppu, irq } = lcdOnAt0();
    ppu.writeLyc(3);
    ppu.writeStat(0x40);
    ppu.sync(3 * 456 - 1);
    expect(irq.flags & 2).toBe(0);
    ppu.sync(3 * 456);
    expect([ppu.readStat() & 4, irq.flags & 2]).toEqual([4, 2]);
    irq.flags = 0;
    // Mode 0 and LYC both enabled: the line stays high from LY=3 through its HBlank, so no second request.
    ppu.writeStat(0x48);
    ppu.sync(3 * 456 + 300);
    expect(irq.flags & 2).toBe(0);
    ppu.sync(4 * 456 + 300);
    expect(irq.flags & 2).toBe(2); // LY=4's HBlank is a new rising edge
  });
  it("DMG STAT write quirk: writing STAT in HBlank requests STAT even with no source enabled; not in mode 3", () => {
    const { ppu, irq } = lcdOnAt0();
    ppu.writeLyc(100);
    ppu.sync(100); // mode 3
    ppu.writeStat(0x00);
    expect(irq.flags & 2).toBe(0);
    ppu.sync(300); // mode 0
    ppu.writeStat(0x00);
    expect(irq.flags & 2).toBe(2);
  });
  it("locks VRAM in mode 3 and OAM in modes 2 and 3, only while the LCD is on", () => {
    const { ppu } = lcdOnAt0();
    ppu.sync(10);
    expect([ppu.vramLocked(), ppu.oamLocked()]).toEqual([false, true]);
    ppu.sync(100);
    expect([ppu.vramLocked(), ppu.oamLocked()]).toEqual([true, true]);
    ppu.sync(300);
    expect([ppu.vramLocked(), ppu.oamLocked()]).toEqual([false, false]);
    ppu.sync(456 + 100);
    ppu.writeLcdc(456 + 100, 0x11);
    expect([ppu.vramLocked(), ppu.oamLocked(), ppu.ly, ppu.readStat() & 3]).toEqual([false, false, 0, 0]);
  });
});

/** The picture ppu-test.asm sets up, drawn from its description (shades 0 white … 3 black). */
function referenceImage(): Uint8Array {
  const img = new Uint8Array(160 * 144);
  const bgColour = (x: number, y: number) => {
    if (x >= 96 && y >= 80) return 3; // the window: tile 3 everywhere
    const row = ((y + 5) >> 3) & 31, col = ((x + 3) >> 3) & 31;
    return (row + col) & 1 ? 2 : 0;
  };
  for (let y = 0; y < 144; y++) for (let x = 0; x < 160; x++) img[y * 160 + x] = bgColour(x, y); // BGP is the identity
  const put = (x: number, y: number, shade: number, behindBg = false) => {
    if (behindBg && bgColour(x, y) !== 0) return;
    img[y * 160 + x] = shade;
  };
  const gamma = (x0: number, y0: number, flipX: boolean, flipY: boolean) => {
    const rowY = flipY ? y0 + 7 : y0, colX = flipX ? x0 + 7 : x0;
    for (let i = 0; i < 8; i++) { put(x0 + i, rowY, 3); put(colX, y0 + i, 3); }
  };
  const block = (x0: number, y0: number, shade: number, behindBg = false) => {
    for (let y = y0; y < y0 + 8; y++) for (let x = x0 + 1; x < x0 + 7; x++) put(x, y, shade, behindBg);
  };
  gamma(16, 16, false, false);
  gamma(40, 16, true, false);
  gamma(64, 16, false, true);
  gamma(24, 40, false, false); // drawn first: the block at X=20 has the smaller X and wins where both are opaque
  block(20, 40, 1);            // palette 1: colour 1 is light grey
  block(30, 60, 1, true);      // behind the background: only on colour-0 squares
  for (let k = 0; k < 10; k++) block(10 + 12 * k, 100, 0); // OBP0: colour 1 is white; the 11th (x=130) is not drawn
  return img;
}

describe("ppu-test ROM", () => {
  it("draws exactly the reference image", () => {
    const gb = new GameBoy(new Uint8Array(readFileSync(builtRomPath("ppu-test"))));
    for (let f = 0; f < 5; f++) gb.runFrame(0);
    const want = referenceImage();
    const got = gb.ppu.framebuffer;
    const wrong: string[] = [];
    for (let i = 0; i < want.length && wrong.length < 10; i++) if (got[i] !== want[i]) wrong.push(`(${i % 160},${Math.floor(i / 160)}) got ${got[i]} want ${want[i]}`);
    expect(wrong).toEqual([]);
  });
});
