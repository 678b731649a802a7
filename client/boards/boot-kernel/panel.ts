/**
 * A titled box every boot-kernel panel sits in: the frame, a dim header in capitals, and a right-aligned note in the
 * header (a count, a key). Panels put their own text and graphics inside `inner`.
 */
import type Phaser from "phaser";
import { COLOURS, css, mono } from "../../app/theme.ts";

export interface Rect { x: number; y: number; w: number; h: number }

export const HEADER_H = 16;

export class Panel {
  readonly rect: Rect;
  private readonly frame: Phaser.GameObjects.Graphics;
  private readonly title: Phaser.GameObjects.Text;
  private readonly note: Phaser.GameObjects.Text;

  constructor(scene: Phaser.Scene, rect: Rect, title: string) {
    this.rect = rect;
    this.frame = scene.add.graphics();
    this.frame.fillStyle(COLOURS.panel, 1).fillRoundedRect(rect.x, rect.y, rect.w, rect.h, 4);
    this.frame.lineStyle(1, COLOURS.panelEdge, 1).strokeRoundedRect(rect.x, rect.y, rect.w, rect.h, 4);
    this.title = scene.add.text(rect.x + 6, rect.y + 3, title, mono(10, COLOURS.dim));
    this.note = scene.add.text(rect.x + rect.w - 6, rect.y + 3, "", mono(10, COLOURS.dim)).setOrigin(1, 0);
  }

  /** The area below the header. */
  get inner(): Rect {
    const r = this.rect;
    return { x: r.x + 6, y: r.y + HEADER_H + 2, w: r.w - 12, h: r.h - HEADER_H - 6 };
  }

  setNote(text: string, colour: number = COLOURS.dim): void {
    this.note.setText(text).setColor(css(colour));
  }

  /** Draws the frame in the error colour for a moment (a rejected edit, a fault). */
  flash(scene: Phaser.Scene, colour: number = COLOURS.error): void {
    const r = this.rect;
    const g = scene.add.graphics().setDepth(8);
    g.lineStyle(3, colour, 1).strokeRoundedRect(r.x, r.y, r.w, r.h, 4);
    scene.tweens.add({ targets: g, x: { from: -4, to: 4 }, duration: 45, yoyo: true, repeat: 2, onComplete: () => g.destroy() });
  }

  destroy(): void {
    this.frame.destroy();
    this.title.destroy();
    this.note.destroy();
  }
}

export interface Row { readonly text: string; readonly colour?: number }

/** A column of one-line monospace texts filling an area: `show` sets them top down, cut with … to the width. */
export class TextRows {
  readonly count: number;
  private readonly texts: Phaser.GameObjects.Text[] = [];
  private readonly maxChars: number;

  constructor(scene: Phaser.Scene, area: Rect, lineH: number, size: number) {
    this.count = Math.max(1, Math.floor(area.h / lineH));
    // DejaVu Sans Mono advances 0.602 em per glyph.
    this.maxChars = Math.floor(area.w / (size * 0.602));
    for (let i = 0; i < this.count; i++) this.texts.push(scene.add.text(area.x, area.y + i * lineH, "", mono(size, COLOURS.text)));
  }

  show(rows: readonly Row[]): void {
    this.texts.forEach((t, i) => {
      const r = rows[i];
      const s = r?.text ?? "";
      t.setText(s.length > this.maxChars ? s.slice(0, this.maxChars - 1) + "…" : s).setColor(css(r?.colour ?? COLOURS.text));
    });
  }

  destroy(): void {
    for (const t of this.texts) t.destroy();
  }
}
