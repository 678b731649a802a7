/**
 * The picture processing unit (Pan Docs: "Rendering Overview", "LCD Control", "LCD Status Registers",
 * "Scrolling", "Palettes", "OAM", "Tile Data", "Tile Maps", "Pixel FIFO" for the mode 3 length).
 *
 * Timing: 456 dots per line, 154 lines (144 visible + 10 of VBlank), 70224 dots per frame; on visible lines mode 2
 * (OAM scan, 80 dots), mode 3 (drawing, 172 dots + SCX mod 8 + 6 when the window starts + a penalty per object)
 * and mode 0 (HBlank, the rest); mode 1 on lines 144-153. VBlank interrupt at line 144; STAT interrupt on the rising
 * edge of (LY=LYC and bit 6) or (mode 0 and bit 3) or (mode 1 and bit 4) or (mode 2 and bit 5) — STAT blocking.
 * VRAM is locked (reads $FF, writes dropped) in mode 3, OAM in modes 2 and 3, only while the LCD is on.
 * Picture: background and window from the tile maps chosen by LCDC, 8×8 or 8×16 objects, at most 10 per line
 * picked in OAM order, drawn with DMG priority (smaller X first, then lower OAM index) and the BG-over-OBJ bit;
 * LCDC bit 0 off blanks the background and window layers. The window layer keeps its own line counter and appears once WY has
 * matched LY in the frame. Each line is drawn at the end of its mode 3 with the register values of that moment.
 * The DMG's spurious STAT interrupt on a STAT write is modelled (writeStat).
 * Omits: mid-line register changes (the picture is drawn a line at a time), the line-153 LY=0 quirk, the
 * shortened first line after the LCD is switched on, OAM corruption.
 *
 * Runs lazily: `sync(now)` performs every mode change up to `now`; `nextAt` is the next one.
 */
import { INT_STAT, INT_VBLANK, NEVER, type Interrupts } from "./interrupts.ts";
import { OAM_SIZE, VRAM_SIZE } from "./memory-map.ts";

export const SCREEN_WIDTH = 160;
export const SCREEN_HEIGHT = 144;
export const DOTS_PER_LINE = 456;
export const LINES_PER_FRAME = 154;
export const DOTS_PER_FRAME = DOTS_PER_LINE * LINES_PER_FRAME; // 70224
export const MODE2_DOTS = 80;
export const MODE3_MIN_DOTS = 172;
export const MAX_OBJECTS_PER_LINE = 10;

export interface PpuState {
  vram: Uint8Array;
  oam: Uint8Array;
  /** 160×144 shades 0 (white) to 3 (black), after the palettes. */
  framebuffer: Uint8Array;
  lcdc: number; statEnable: number; scy: number; scx: number; ly: number; lyc: number;
  bgp: number; obp0: number; obp1: number; wy: number; wx: number;
  mode: number;
  /** Cycle at which the current line began. */
  lineStart: number;
  /** Cycle of the next mode change (NEVER while the LCD is off). */
  nextAt: number;
  /** The window's own line counter. */
  windowLine: number;
  /** WY has matched LY in this frame. */
  windowTriggered: boolean;
  /** The STAT interrupt line (its rising edge requests the interrupt). */
  statLine: boolean;
  /** OAM indices of the objects on this line, in OAM order (chosen at the end of mode 2). */
  lineObjects: number[];
  /** Frames completed (VBlank entries). */
  frames: number;
  /** Set at VBlank entry; the machine clears it when it starts a frame. */
  frameReady: boolean;
}

export class Ppu implements PpuState {
  vram = new Uint8Array(VRAM_SIZE);
  oam = new Uint8Array(OAM_SIZE);
  framebuffer = new Uint8Array(SCREEN_WIDTH * SCREEN_HEIGHT);
  lcdc = 0x91; statEnable = 0; scy = 0; scx = 0; ly = 0; lyc = 0;
  bgp = 0xfc; obp0 = 0xff; obp1 = 0xff; wy = 0; wx = 0;
  mode = 2;
  lineStart = 0;
  nextAt = MODE2_DOTS;
  windowLine = 0;
  windowTriggered = true; // WY = LY = 0 at power-up
  statLine = false;
  lineObjects: number[] = [];
  frames = 0;
  frameReady = false;
  irq: Interrupts;
  // Scratch for drawing one line (not state: rebuilt for every line).
  private readonly bgIndex = new Uint8Array(SCREEN_WIDTH);
  private readonly objColor = new Uint8Array(SCREEN_WIDTH);
  private readonly objAttr = new Uint8Array(SCREEN_WIDTH);

  constructor(irq: Interrupts) {
    this.irq = irq;
  }

  get lcdOn(): boolean {
    return (this.lcdc & 0x80) !== 0;
  }

  sync(now: number): void {
    while (now >= this.nextAt) this.advance();
  }

  private advance(): void {
    switch (this.mode) {
      case 2:
        this.selectObjects();
        this.mode = 3;
        this.nextAt = this.lineStart + MODE2_DOTS + this.mode3Length();
        break;
      case 3:
        this.drawLine();
        this.mode = 0;
        this.nextAt = this.lineStart + DOTS_PER_LINE;
        break;
      case 0:
        this.lineStart += DOTS_PER_LINE;
        this.ly++;
        if (this.ly === SCREEN_HEIGHT) {
          this.mode = 1;
          this.nextAt = this.lineStart + DOTS_PER_LINE;
          this.irq.request(INT_VBLANK);
          this.frames++;
          this.frameReady = true;
        } else this.startLine();
        break;
      default: // mode 1
        this.lineStart += DOTS_PER_LINE;
        this.ly++;
        if (this.ly === LINES_PER_FRAME) {
          this.ly = 0;
          this.windowLine = 0;
          this.windowTriggered = false;
          this.startLine();
        } else this.nextAt = this.lineStart + DOTS_PER_LINE;
    }
    this.updateStatLine();
  }

  private startLine(): void {
    this.mode = 2;
    this.nextAt = this.lineStart + MODE2_DOTS;
    if (this.ly === this.wy) this.windowTriggered = true;
  }

  /** The window is drawn on this line: enabled, WY matched earlier in the frame, WX on screen. */
  private windowOnLine(): boolean {
    return (this.lcdc & 0x21) === 0x21 && this.windowTriggered && this.wx <= 166;
  }

  /** Mode 3 length: 172 dots + SCX mod 8 + 6 if the window starts + per object 6 to 11 (Pan Docs, mode 3 length). */
  private mode3Length(): number {
    let dots = MODE3_MIN_DOTS + (this.scx & 7) + (this.windowOnLine() ? 6 : 0);
    if (this.lcdc & 2) {
      for (const i of this.lineObjects) {
        const x = this.oam[i * 4 + 1]!;
        dots += x === 0 ? 11 : 6 + Math.max(0, 5 - ((x + this.scx) & 7));
      }
    }
    return dots;
  }

  private selectObjects(): void {
    const height = this.lcdc & 4 ? 16 : 8;
    const objects: number[] = [];
    for (let i = 0; i < 40 && objects.length < MAX_OBJECTS_PER_LINE; i++) {
      const y = this.oam[i * 4]! - 16;
      if (this.ly >= y && this.ly < y + height) objects.push(i);
    }
    this.lineObjects = objects;
  }

  private drawLine(): void {
    const ly = this.ly, bgIndex = this.bgIndex;
    const base = ly * SCREEN_WIDTH;
    const unsignedTiles = (this.lcdc & 0x10) !== 0;
    if (this.lcdc & 1) {
      const map = this.lcdc & 0x08 ? 0x1c00 : 0x1800;
      const y = (this.scy + ly) & 0xff;
      this.drawTiles(map, y, this.scx, 0, unsignedTiles);
      if (this.windowOnLine()) {
        const start = this.wx - 7;
        this.drawTiles(this.lcdc & 0x40 ? 0x1c00 : 0x1800, this.windowLine, -start, Math.max(0, start), unsignedTiles);
        this.windowLine++;
      }
    } else bgIndex.fill(0);

    const fb = this.framebuffer, bgp = this.bgp;
    if (this.lcdc & 2 && this.lineObjects.length) {
      this.drawObjects();
      const objColor = this.objColor, objAttr = this.objAttr;
      for (let x = 0; x < SCREEN_WIDTH; x++) {
        const c = objColor[x]!, bg = bgIndex[x]!;
        if (c !== 0 && !(objAttr[x]! & 0x80 && bg !== 0)) {
          fb[base + x] = ((objAttr[x]! & 0x10 ? this.obp1 : this.obp0) >> (c * 2)) & 3;
        } else fb[base + x] = (bgp >> (bg * 2)) & 3;
      }
    } else {
      for (let x = 0; x < SCREEN_WIDTH; x++) fb[base + x] = (bgp >> (bgIndex[x]! * 2)) & 3;
    }
  }

  /** Colour indices of a tile map row into bgIndex from screen column `from` on; map column = x + scroll. */
  private drawTiles(map: number, y: number, scroll: number, from: number, unsignedTiles: boolean): void {
    const vram = this.vram, bgIndex = this.bgIndex;
    const row = map + ((y >> 3) & 31) * 32;
    const fine = (y & 7) * 2;
    for (let x = from; x < SCREEN_WIDTH; x++) {
      const mx = (x + scroll) & 0xff;
      const tile = vram[row + (mx >> 3)]!;
      const addr = (unsignedTiles ? tile * 16 : 0x1000 + ((tile ^ 0x80) - 0x80) * 16) + fine;
      const bit = 7 - (mx & 7);
      bgIndex[x] = (((vram[addr + 1]! >> bit) & 1) << 1) | ((vram[addr]! >> bit) & 1);
    }
  }

  /** The winning object pixel per column: lower X wins, then lower OAM index (DMG priority). */
  private drawObjects(): void {
    const objColor = this.objColor, objAttr = this.objAttr, oam = this.oam, vram = this.vram;
    objColor.fill(0);
    const height = this.lcdc & 4 ? 16 : 8;
    // Paint from the lowest priority to the highest so the winner is painted last.
    const order = this.lineObjects.slice().sort((a, b) => oam[b * 4 + 1]! - oam[a * 4 + 1]! || b - a);
    for (const i of order) {
      const y = oam[i * 4]! - 16, x = oam[i * 4 + 1]! - 8, attr = oam[i * 4 + 3]!;
      let tile = oam[i * 4 + 2]!;
      if (height === 16) tile &= 0xfe;
      let row = this.ly - y;
      if (attr & 0x40) row = height - 1 - row;
      const addr = tile * 16 + row * 2;
      const lo = vram[addr]!, hi = vram[addr + 1]!;
      for (let px = 0; px < 8; px++) {
        const sx = x + px;
        if (sx < 0 || sx >= SCREEN_WIDTH) continue;
        const bit = attr & 0x20 ? px : 7 - px;
        const c = (((hi >> bit) & 1) << 1) | ((lo >> bit) & 1);
        if (c !== 0) {
          objColor[sx] = c;
          objAttr[sx] = attr;
        }
      }
    }
  }

  private updateStatLine(): void {
    const e = this.statEnable;
    const line = this.lcdOn && (
      (e & 0x40 && this.ly === this.lyc) || (e & 0x08 && this.mode === 0) || (e & 0x10 && this.mode === 1) || (e & 0x20 && this.mode === 2));
    if (line && !this.statLine) this.irq.request(INT_STAT);
    this.statLine = !!line;
  }

  // --- registers (the bus syncs to `now` before calling these) ---
  readStat(): number {
    const coincidence = this.lcdOn && this.ly === this.lyc ? 4 : 0;
    return 0x80 | this.statEnable | coincidence | (this.lcdOn ? this.mode : 0);
  }
  /**
   * DMG quirk (Pan Docs, "STAT modes", spurious STAT interrupts): a write to STAT acts for one cycle as if the
   * HBlank, VBlank and LYC sources were all enabled, so it requests the interrupt when written in mode 0, in mode 1
   * or while LY=LYC (unless the line was already high).
   */
  writeStat(value: number): void {
    this.statEnable = 0x58;
    this.updateStatLine();
    this.statEnable = value & 0x78;
    this.updateStatLine();
  }
  writeLyc(value: number): void {
    this.lyc = value;
    this.updateStatLine();
  }
  writeLcdc(now: number, value: number): void {
    const wasOn = this.lcdOn;
    this.lcdc = value;
    if (wasOn && !this.lcdOn) {
      this.ly = 0;
      this.mode = 0;
      this.nextAt = NEVER;
      this.framebuffer.fill(0);
    } else if (!wasOn && this.lcdOn) {
      this.ly = 0;
      this.lineStart = now;
      this.windowLine = 0;
      this.windowTriggered = false;
      this.startLine();
    }
    this.updateStatLine();
  }
  vramLocked(): boolean {
    return this.mode === 3 && this.lcdOn;
  }
  oamLocked(): boolean {
    return this.mode >= 2 && this.lcdOn;
  }

  snapshot(): PpuState {
    return {
      vram: this.vram.slice(), oam: this.oam.slice(), framebuffer: this.framebuffer.slice(),
      lcdc: this.lcdc, statEnable: this.statEnable, scy: this.scy, scx: this.scx, ly: this.ly, lyc: this.lyc,
      bgp: this.bgp, obp0: this.obp0, obp1: this.obp1, wy: this.wy, wx: this.wx, mode: this.mode,
      lineStart: this.lineStart, nextAt: this.nextAt, windowLine: this.windowLine, windowTriggered: this.windowTriggered,
      statLine: this.statLine, lineObjects: this.lineObjects.slice(), frames: this.frames, frameReady: this.frameReady,
    };
  }
  restore(s: PpuState): void {
    this.vram.set(s.vram); this.oam.set(s.oam); this.framebuffer.set(s.framebuffer);
    this.lcdc = s.lcdc; this.statEnable = s.statEnable; this.scy = s.scy; this.scx = s.scx; this.ly = s.ly; this.lyc = s.lyc;
    this.bgp = s.bgp; this.obp0 = s.obp0; this.obp1 = s.obp1; this.wy = s.wy; this.wx = s.wx; this.mode = s.mode;
    this.lineStart = s.lineStart; this.nextAt = s.nextAt; this.windowLine = s.windowLine; this.windowTriggered = s.windowTriggered;
    this.statLine = s.statLine; this.lineObjects = s.lineObjects.slice(); this.frames = s.frames; this.frameReady = s.frameReady;
  }
}
