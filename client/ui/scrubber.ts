/**
 * The replay timeline: a bar from tick 0 to the final tick, a marker for every tick that applied actions, and
 * the playhead. Click or drag anywhere on it to seek.
 */
import type Phaser from "phaser";
import { COLOURS } from "../app/theme.ts";

export class Scrubber {
  private readonly g: Phaser.GameObjects.Graphics;
  private readonly zone: Phaser.GameObjects.Zone;
  private readonly x: number;
  private readonly y: number;
  private readonly w: number;
  private readonly h = 18;
  private markers: readonly number[] = [];
  private final = 1;

  constructor(scene: Phaser.Scene, x: number, y: number, w: number, onSeek: (tick: number) => void) {
    this.x = x;
    this.y = y;
    this.w = w;
    this.g = scene.add.graphics();
    this.zone = scene.add.zone(x + w / 2, y + this.h / 2, w, this.h + 12).setInteractive({ useHandCursor: true });
    const seek = (p: Phaser.Input.Pointer) => onSeek(Math.round(((p.worldX - x) / w) * this.final));
    this.zone.on("pointerdown", seek);
    this.zone.on("pointermove", (p: Phaser.Input.Pointer) => { if (p.isDown) seek(p); });
  }

  setTimeline(finalTick: number, markers: readonly number[]): void {
    this.final = Math.max(1, finalTick);
    this.markers = markers;
  }

  draw(tick: number): void {
    const { x, y, w, h } = this;
    const g = this.g.clear();
    g.fillStyle(COLOURS.panel, 1).fillRect(x, y, w, h);
    g.lineStyle(1, COLOURS.panelEdge, 1).strokeRect(x + 0.5, y + 0.5, w - 1, h - 1);
    const px = x + (tick / this.final) * w;
    g.fillStyle(COLOURS.live, 1).fillRect(x, y + 1, px - x, h - 2);
    g.lineStyle(1, COLOURS.liveEdge, 1);
    for (const m of this.markers) {
      const mx = x + (m / this.final) * w;
      g.lineBetween(mx, y + h - 6, mx, y + h);
    }
    g.fillStyle(COLOURS.pointer, 1).fillTriangle(px - 6, y - 8, px + 6, y - 8, px, y + 2);
    g.lineStyle(2, COLOURS.pointer, 1).lineBetween(px, y, px, y + h);
  }
}
