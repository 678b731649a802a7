/**
 * The VGA text screen: 80×25 cells painted on one canvas texture, each the cell's code page 437 glyph in its
 * attribute's colours (bits 0–3 foreground from the 16-colour palette, bits 4–6 background from the first eight,
 * bit 7 blink — VGA's default blink mode, so the glyph flashes and the background stays), the hardware cursor as the
 * underline the CRTC draws (scanlines 13–14 of 16), and overlays for a powered-off machine, QEMU refusing the image
 * and a reboot loop. Only blinking cells and the cursor's cell are repainted on the blink timer.
 */
import type Phaser from "phaser";
import { SEABIOS_CURSOR, SEABIOS_SCREEN } from "../../../shared/levels/boot-kernel/vga.ts";
import { COLOURS, css, FONT_MONO, FONT_SANS } from "../../app/theme.ts";
import type { BootSnapshot } from "./model.ts";

export const VGA_COLS = 80;
export const VGA_ROWS = 25;
const RES = 2;

/** The 16 text-mode colours as the VGA BIOS programs the DAC (IBM VGA technical reference), with their names. */
export const VGA_PALETTE: readonly { readonly css: string; readonly name: string }[] = [
  ["#000000", "black"], ["#0000aa", "blue"], ["#00aa00", "green"], ["#00aaaa", "cyan"], ["#aa0000", "red"],
  ["#aa00aa", "magenta"], ["#aa5500", "brown"], ["#aaaaaa", "light grey"], ["#555555", "dark grey"], ["#5555ff", "light blue"],
  ["#55ff55", "light green"], ["#55ffff", "light cyan"], ["#ff5555", "light red"], ["#ff55ff", "light magenta"],
  ["#ffff55", "yellow"], ["#ffffff", "white"],
].map(([c, name]) => ({ css: c!, name: name! }));

/** Code page 437 glyphs for bytes 0x00–0x1F, 0x7F and 0x80–0xFF (0x20–0x7E are ASCII). */
const CP437_LOW = " ☺☻♥♦♣♠•◘○◙♂♀♪♫☼►◄↕‼¶§▬↨↑↓→←∟↔▲▼";
const CP437_HIGH = "ÇüéâäàåçêëèïîìÄÅÉæÆôöòûùÿÖÜ¢£¥₧ƒáíóúñÑªº¿⌐¬½¼¡«»░▒▓│┤╡╢╖╕╣║╗╝╜╛┐└┴┬├─┼╞╟╚╔╩╦╠═╬╧╨╤╥╙╘╒╓╫╪┘┌█▄▌▐▀αßΓπΣσµτΦΘΩδ∞φε∩≡±≥≤⌠⌡÷≈°∙·√ⁿ²■ ";

export function cp437(byte: number): string {
  const b = byte & 0xff;
  if (b < 0x20) return [...CP437_LOW][b]!;
  if (b === 0x7f) return "⌂";
  if (b < 0x80) return String.fromCharCode(b);
  return [...CP437_HIGH][b - 0x80] ?? " ";
}

export interface ScreenGeometry { x: number; y: number; cellW: number; cellH: number }

let serial = 0;

export class VgaScreen {
  readonly geo: ScreenGeometry;
  private readonly scene: Phaser.Scene;
  private readonly key: string;
  private readonly texture: Phaser.Textures.CanvasTexture;
  private readonly image: Phaser.GameObjects.Image;
  private readonly overlay: Phaser.GameObjects.Text;
  private readonly bezel: Phaser.GameObjects.Graphics;
  private readonly timer: Phaser.Time.TimerEvent;
  private boot: BootSnapshot | null = null;
  private painted: string | null = null;
  /** While set, the power-on animation shows the firmware's screen instead of the kernel's. */
  private bios: BootSnapshot | null = null;
  private biosTimer = 0;
  /** Blink phase: the cursor toggles every 16 frames, blinking glyphs every 32 (VGA), here 267 ms per toggle. */
  private phase = 0;

  constructor(scene: Phaser.Scene, geo: ScreenGeometry) {
    this.scene = scene;
    this.geo = geo;
    this.key = `boot-vga-${++serial}`;
    const w = VGA_COLS * geo.cellW, h = VGA_ROWS * geo.cellH;
    this.bezel = scene.add.graphics();
    this.bezel.fillStyle(0x1a1d24, 1).fillRoundedRect(geo.x - 8, geo.y - 8, w + 16, h + 16, 8);
    this.bezel.lineStyle(1, COLOURS.panelEdge, 1).strokeRoundedRect(geo.x - 8, geo.y - 8, w + 16, h + 16, 8);
    this.texture = scene.textures.createCanvas(this.key, w * RES, h * RES)!;
    this.image = scene.add.image(geo.x, geo.y, this.key).setOrigin(0, 0).setScale(1 / RES);
    this.overlay = scene.add.text(geo.x + w / 2, geo.y + h / 2, "", {
      fontFamily: FONT_SANS, fontSize: "15px", color: css(COLOURS.text), align: "center", resolution: 2,
      backgroundColor: "#0b0e14cc", padding: { x: 12, y: 8 }, wordWrap: { width: w - 60, useAdvancedWrap: true },
    }).setOrigin(0.5).setDepth(3);
    this.timer = scene.time.addEvent({ delay: 267, loop: true, callback: () => this.blink() });
    this.paint();
  }

  get width(): number { return VGA_COLS * this.geo.cellW; }
  get height(): number { return VGA_ROWS * this.geo.cellH; }

  /** `buildError`: the last Boot stopped at the build (nothing ran), shown instead of the power-on prompt. */
  render(boot: BootSnapshot | null, buildError = ""): void {
    this.boot = boot;
    const key = boot ? `${boot.loaderError}|${boot.lines.join("")}|${boot.attributes.join(",")}|${boot.cursor ? `${boot.cursor.row},${boot.cursor.column},${boot.cursor.visible}` : ""}` : "off";
    if (key !== this.painted) {
      this.painted = key;
      this.paint();
    }
    const said = !boot && buildError ? `The build failed, so nothing was booted:\n\n${buildError}` : overlayText(boot);
    this.overlay.setText(said).setVisible(said !== "");
    const tone = (boot && (boot.loaderError || boot.status === "reboot-loop")) || (!boot && buildError) ? "#3a1408" : "#0b0e14cc";
    this.overlay.setBackgroundColor(tone);
  }

  /** The text over the screen (no signal, QEMU's refusal, a reboot loop), or "". */
  overlayShown(): string {
    return this.overlay.visible ? this.overlay.text : "";
  }

  /** Cell centre in game coordinates. */
  cellCenter(row: number, col: number): { x: number; y: number } {
    return { x: this.geo.x + (col + 0.5) * this.geo.cellW, y: this.geo.y + (row + 0.5) * this.geo.cellH };
  }

  /** Power-on: SeaBIOS's screen for a moment (what QEMU shows before the loader jumps to the kernel), then the kernel's. */
  powerOn(): void {
    const lines = Array.from({ length: VGA_ROWS }, () => " ".repeat(VGA_COLS));
    for (const [row, text] of SEABIOS_SCREEN) lines[row] = text.padEnd(VGA_COLS);
    this.bios = {
      loaderError: "", lines, attributes: new Array<number>(VGA_COLS * VGA_ROWS).fill(0x07),
      cursor: { row: Math.floor(SEABIOS_CURSOR / VGA_COLS), column: SEABIOS_CURSOR % VGA_COLS, visible: true },
      serial: "", registers: null, idt: [], pic: [], pit: null, faults: [], faultCount: 0, resets: 0, status: "running", instructions: 0, regions: [], stack: null,
    };
    this.paint();
    // A DOM timer, not the scene clock: the scene clock slows down with throttled animation frames, and the kernel's
    // screen must not wait on them.
    window.clearTimeout(this.biosTimer);
    this.biosTimer = window.setTimeout(() => { this.bios = null; this.paint(); }, 280);
  }

  /** The reboot loop replayed: per reset the picture drops to black, as the monitor loses sync, with its count. */
  flashReset(times: number): void {
    const g = this.scene.add.graphics().setDepth(4);
    g.fillStyle(0x000000, 1).fillRect(this.geo.x, this.geo.y, this.width, this.height);
    g.setAlpha(0);
    const label = this.scene.add.text(this.geo.x + this.width / 2, this.geo.y + this.height / 2, "", {
      fontFamily: FONT_MONO, fontSize: "22px", color: css(COLOURS.padding), resolution: 2,
    }).setOrigin(0.5).setDepth(5);
    const shown = Math.min(5, Math.max(1, times));
    let n = 0;
    this.scene.tweens.add({
      targets: g, alpha: 1, duration: 110, yoyo: true, repeat: shown - 1,
      onYoyo: () => { n++; label.setText(`⟲ CPU Reset ${n}/${times}`); },
      onComplete: () => { g.destroy(); label.destroy(); },
    });
  }

  /** Blink toggles repaint only the cells that change with it: blinking glyphs and the cursor's cell. */
  private blink(): void {
    this.phase = (this.phase + 1) & 3;
    const boot = this.bios ?? this.boot;
    if (!boot || boot.loaderError) return;
    const ctx = this.context();
    let touched = false;
    for (let i = 0; i < VGA_COLS * VGA_ROWS; i++) {
      if (((boot.attributes[i] ?? 0) & 0x80) === 0) continue;
      this.paintCell(ctx, boot, Math.floor(i / VGA_COLS), i % VGA_COLS);
      touched = true;
    }
    const c = boot.cursor;
    if (c && c.visible && c.row < VGA_ROWS && c.column < VGA_COLS) {
      this.paintCell(ctx, boot, c.row, c.column);
      touched = true;
    }
    if (touched) this.texture.refresh();
  }

  private context(): CanvasRenderingContext2D {
    const ctx = this.texture.getContext();
    ctx.font = `${Math.round(this.geo.cellH * RES * 0.8)}px ${FONT_MONO}`;
    ctx.textBaseline = "middle";
    ctx.textAlign = "center";
    return ctx;
  }

  /** One cell: background, glyph (hidden in the off half of a blink), and the cursor underline if it is here. */
  private paintCell(ctx: CanvasRenderingContext2D, boot: BootSnapshot, row: number, col: number): void {
    const cw = this.geo.cellW * RES, ch = this.geo.cellH * RES;
    const attr = boot.attributes[row * VGA_COLS + col] ?? 0x07;
    ctx.fillStyle = VGA_PALETTE[(attr >> 4) & 7]!.css;
    ctx.fillRect(col * cw, row * ch, cw, ch);
    const code = (boot.lines[row] ?? "").charCodeAt(col);
    const hidden = Number.isNaN(code) || code === 0x20 || code === 0 || code === 0xff || ((attr & 0x80) !== 0 && this.phase >= 2);
    if (!hidden) {
      ctx.fillStyle = VGA_PALETTE[attr & 15]!.css;
      ctx.fillText(cp437(code), col * cw + cw / 2, row * ch + ch / 2 + RES);
    }
    const c = boot.cursor;
    if (c && c.visible && c.row === row && c.column === col && this.phase % 2 === 0) {
      ctx.fillStyle = VGA_PALETTE[attr & 15]!.css;
      ctx.fillRect(col * cw, row * ch + Math.round((ch * 13) / 16), cw, Math.max(2, Math.round((ch * 2) / 16)));
    }
  }

  private paint(): void {
    const ctx = this.context();
    const { cellW, cellH } = this.geo;
    const cw = cellW * RES, ch = cellH * RES;
    ctx.fillStyle = "#000000";
    ctx.fillRect(0, 0, VGA_COLS * cw, VGA_ROWS * ch);
    const boot = this.bios ?? this.boot;
    if (boot && !boot.loaderError) {
      for (let row = 0; row < VGA_ROWS; row++) for (let col = 0; col < VGA_COLS; col++) this.paintCell(ctx, boot, row, col);
    } else {
      // No picture: a faint scanline pattern, so the screen reads as a powered display without signal.
      ctx.fillStyle = "#05070a";
      for (let y = 0; y < VGA_ROWS * ch; y += 4) ctx.fillRect(0, y, VGA_COLS * cw, 1);
    }
    this.texture.refresh();
  }

  destroy(): void {
    this.timer.remove();
    window.clearTimeout(this.biosTimer);
    this.image.destroy();
    this.overlay.destroy();
    this.bezel.destroy();
    this.scene.textures.remove(this.key);
  }
}

function overlayText(boot: BootSnapshot | null): string {
  if (!boot) return "No signal — the machine is off.\nPress B (or Boot) to build the kernel and power on.";
  if (boot.loaderError) return `QEMU refused the kernel and exited (status 1):\n\n${boot.loaderError}`;
  if (boot.status === "reboot-loop") return `⟲ Reboot loop: ${boot.resets} triple faults, each one reset the CPU and the loader started the kernel again.`;
  return "";
}
