/**
 * The class's spread on the stage's first metric: a bar per bin over the winners' values (the same bins as
 * the result screen's, from shared/engine/compare.ts), each bar labelled with its count, and the axis in units.
 */
import type Phaser from "phaser";
import { histogram } from "../../shared/engine/compare.ts";
import type { MetricInfo } from "../../shared/engine/level.ts";
import { formatMetric } from "../app/format.ts";
import { COLOURS, mono } from "../app/theme.ts";
import type { ClassSnapshot } from "./roster.ts";

export class HistogramPanel {
  private readonly scene: Phaser.Scene;
  private readonly g: Phaser.GameObjects.Graphics;
  private readonly title: Phaser.GameObjects.Text;
  private readonly labels: Phaser.GameObjects.Text[] = [];
  private readonly x: number;
  private readonly y: number;
  private readonly w: number;
  private readonly h: number;
  private readonly size: number;
  private key = "";

  constructor(scene: Phaser.Scene, x: number, y: number, w: number, h: number, size = 12) {
    this.scene = scene;
    this.x = x;
    this.y = y;
    this.w = w;
    this.h = h;
    this.size = size;
    this.g = scene.add.graphics();
    this.title = scene.add.text(x, y, "", mono(size, COLOURS.dim)).setWordWrapWidth(w).setMaxLines(2);
  }

  render(s: ClassSnapshot, metric: MetricInfo | undefined): void {
    const values = s.seats.filter((m) => m.role === "student" && m.boardPhase === "won").map((m) => m.score);
    const key = `${metric?.key}:${values.join(",")}`;
    if (key === this.key) return;
    this.key = key;
    for (const t of this.labels) t.destroy();
    this.labels.length = 0;
    const g = this.g.clear();
    if (!metric) return;
    this.title.setText(`${metric.label.toUpperCase()} OF THE ${values.length} WINNER${values.length === 1 ? "" : "S"} (${metric.better} is better)`);
    const top = this.y + this.title.height + this.size * 0.6;
    const base = this.y + this.h - this.size * 1.8;
    g.lineStyle(1, COLOURS.panelEdge, 1).lineBetween(this.x, base, this.x + this.w, base);
    if (values.length === 0) {
      this.labels.push(this.scene.add.text(this.x + this.w / 2, (top + base) / 2, "no winners yet", mono(this.size, COLOURS.dim)).setOrigin(0.5));
      return;
    }
    const hist = histogram(values, 10);
    const most = Math.max(...hist.counts);
    const bw = this.w / hist.counts.length;
    hist.counts.forEach((n, i) => {
      const bh = most ? ((base - top - this.size * 1.4) * n) / most : 0;
      const bx = this.x + i * bw + 2;
      g.fillStyle(COLOURS.live, 1).fillRect(bx, base - bh, bw - 4, bh);
      g.lineStyle(1, COLOURS.liveEdge, 1).strokeRect(bx + 0.5, base - bh + 0.5, bw - 5, bh - 1);
      if (n) this.labels.push(this.scene.add.text(bx + (bw - 4) / 2, base - bh - 2, String(n), mono(this.size, COLOURS.text)).setOrigin(0.5, 1));
    });
    const fmt = (v: number) => formatMetric(metric, v, s.tickMs).replace(/ \(.*\)$/, "");
    this.labels.push(this.scene.add.text(this.x, base + 4, fmt(hist.min), mono(this.size, COLOURS.dim)));
    if (hist.max !== hist.min) this.labels.push(this.scene.add.text(this.x + this.w, base + 4, fmt(hist.max), mono(this.size, COLOURS.dim)).setOrigin(1, 0));
  }

  destroy(): void {
    for (const t of this.labels) t.destroy();
    this.g.destroy();
    this.title.destroy();
  }
}
