/**
 * The replay timeline: a bar from tick 0 to the final tick, a short tick mark for every tick that applied actions,
 * a tall vermillion mark with a cross for every rejected attempt, a cross at the end if the run was lost, and the
 * playhead. Click or drag anywhere on it to seek; hovering near an error mark reports it (for its code).
 */
import type Phaser from "phaser";
import { COLOURS } from "../app/theme.ts";

export interface ErrorMark {
  tick: number;
  code: string;
  message: string;
}

/** How close (in game pixels) the pointer or the playhead must be to an error mark to name it. */
const NEAR_PX = 5;

export class Scrubber {
  private readonly g: Phaser.GameObjects.Graphics;
  private readonly zone: Phaser.GameObjects.Zone;
  private readonly x: number;
  private readonly y: number;
  private readonly w: number;
  private readonly h = 18;
  private markers: readonly number[] = [];
  private errors: readonly ErrorMark[] = [];
  private lostAtEnd = false;
  private final = 1;
  private tick = 0;

  constructor(scene: Phaser.Scene, x: number, y: number, w: number, onSeek: (tick: number) => void, onHover: (mark: ErrorMark | null) => void) {
    this.x = x;
    this.y = y;
    this.w = w;
    this.g = scene.add.graphics();
    this.zone = scene.add.zone(x + w / 2, y + this.h / 2, w, this.h + 16).setInteractive({ useHandCursor: true });
    const tickAt = (p: Phaser.Input.Pointer) => Math.round(((p.worldX - x) / w) * this.final);
    this.zone.on("pointerdown", (p: Phaser.Input.Pointer) => onSeek(tickAt(p)));
    this.zone.on("pointermove", (p: Phaser.Input.Pointer) => {
      if (p.isDown) onSeek(tickAt(p));
      else onHover(this.errorNear(p.worldX));
    });
    this.zone.on("pointerout", () => onHover(null));
  }

  setTimeline(finalTick: number, markers: readonly number[], errors: readonly ErrorMark[], lostAtEnd: boolean): void {
    this.final = Math.max(1, finalTick);
    this.markers = markers;
    this.errors = errors;
    this.lostAtEnd = lostAtEnd;
  }

  private xOf(tick: number): number {
    return this.x + (Math.min(tick, this.final) / this.final) * this.w;
  }

  /** The error mark drawn within a few pixels of game x `px` (the latest one if several overlap). */
  errorNear(px: number): ErrorMark | null {
    let best: ErrorMark | null = null;
    for (const e of this.errors) if (Math.abs(this.xOf(e.tick) - px) <= NEAR_PX) best = e;
    return best;
  }

  /** The error mark at or just behind the playhead, if any. */
  errorAtPlayhead(): ErrorMark | null {
    return this.errorNear(this.xOf(this.tick));
  }

  draw(tick: number): void {
    this.tick = tick;
    const { x, y, w, h } = this;
    const g = this.g.clear();
    g.fillStyle(COLOURS.panel, 1).fillRect(x, y, w, h);
    g.lineStyle(1, COLOURS.panelEdge, 1).strokeRect(x + 0.5, y + 0.5, w - 1, h - 1);
    const px = this.xOf(tick);
    g.fillStyle(COLOURS.live, 1).fillRect(x, y + 1, px - x, h - 2);
    g.lineStyle(1, COLOURS.liveEdge, 1);
    for (const m of this.markers) {
      const mx = this.xOf(m);
      g.lineBetween(mx, y + h - 6, mx, y + h);
    }
    // Rejected attempts: a tall vermillion line through the bar with a small cross under it (shape, not colour alone).
    g.lineStyle(2, COLOURS.error, 1);
    for (const e of this.errors) {
      const ex = Math.round(this.xOf(e.tick));
      g.lineBetween(ex, y - 2, ex, y + h + 3);
      g.lineBetween(ex - 3, y + h + 5, ex + 3, y + h + 11);
      g.lineBetween(ex + 3, y + h + 5, ex - 3, y + h + 11);
    }
    if (this.lostAtEnd) {
      const ex = x + w;
      g.fillStyle(COLOURS.error, 1).fillRect(ex - 4, y - 2, 4, h + 4);
      g.lineStyle(2, COLOURS.error, 1);
      g.lineBetween(ex - 6, y + h + 5, ex, y + h + 11);
      g.lineBetween(ex, y + h + 5, ex - 6, y + h + 11);
    }
    g.fillStyle(COLOURS.pointer, 1).fillTriangle(px - 6, y - 8, px + 6, y - 8, px, y + 2);
    g.lineStyle(2, COLOURS.pointer, 1).lineBetween(px, y, px, y + h);
  }
}
