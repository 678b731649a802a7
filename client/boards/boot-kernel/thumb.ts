/**
 * The boot-kernel board as a thumbnail for the class dashboard: a miniature of the VGA screen (each cell's
 * background colour, and a bar in the foreground colour where it holds a glyph, merged into runs so a row costs a
 * handful of rectangles) and a status strip under it: green when the stage is won, vermillion (with a notch) when
 * the last boot was refused, reset or missed the goal, dim before the first boot. No text: the dashboard labels it.
 */
import type Phaser from "phaser";
import type { KernelState } from "../../../shared/levels/boot-kernel/index.ts";
import { COLOURS } from "../../app/theme.ts";
import { VGA_COLS, VGA_PALETTE, VGA_ROWS } from "./vga-screen.ts";

interface Area { x: number; y: number; w: number; h: number }

const colour = (i: number): number => parseInt(VGA_PALETTE[i & 15]!.css.slice(1), 16);

export function drawBootThumb(g: Phaser.GameObjects.Graphics, raw: unknown, area: Area): void {
  const s = raw as KernelState;
  const strip = Math.max(3, Math.round(area.h * 0.08));
  const screenH = area.h - strip - 2;
  const cw = area.w / VGA_COLS, ch = screenH / VGA_ROWS;
  g.fillStyle(0x000000, 1).fillRect(area.x, area.y, area.w, screenH);
  const boot = s.lastBoot;
  if (boot && !boot.loaderError) {
    for (let row = 0; row < VGA_ROWS; row++) {
      const line = boot.vga[row] ?? "";
      const attrs = boot.attributes[row] ?? "";
      const attr = (col: number) => parseInt(attrs.slice(col * 2, col * 2 + 2), 16) || 0x07;
      const y = area.y + row * ch;
      // Backgrounds, then glyph bars, each merged into runs of one colour.
      for (let layer = 0; layer < 2; layer++) {
        let start = 0;
        let current = -1;
        for (let col = 0; col <= VGA_COLS; col++) {
          let c = -1;
          if (col < VGA_COLS) {
            const a = attr(col);
            c = layer === 0 ? ((a >> 4) & 7) || -1 : line[col] && line[col] !== " " ? a & 15 : -1;
          }
          if (c !== current) {
            if (current >= 0) {
              g.fillStyle(colour(current), 1);
              if (layer === 0) g.fillRect(area.x + start * cw, y, (col - start) * cw, ch);
              else g.fillRect(area.x + start * cw, y + ch * 0.25, (col - start) * cw, Math.max(1, ch * 0.5));
            }
            current = c;
            start = col;
          }
        }
      }
    }
  }
  const won = s.phase === "won";
  const bad = !won && (!!boot?.loaderError || (boot?.resets ?? 0) > 0 || (boot !== null && boot.verdict !== null && !boot.verdict.met) || (s.lastBuild !== null && !s.lastBuild.ok));
  const sy = area.y + area.h - strip;
  g.fillStyle(won ? COLOURS.ghost : bad ? COLOURS.error : COLOURS.grid, 1).fillRect(area.x, sy, area.w, strip);
  if (bad) g.fillStyle(COLOURS.background, 1).fillRect(area.x + area.w - strip * 2, sy, strip, strip);
  g.lineStyle(1, COLOURS.panelEdge, 1).strokeRect(area.x, area.y, area.w, screenH);
}
