/**
 * Comparison charts for the result screen, drawn on the canvas in the shared visual language: a small
 * histogram of everyone's verified wins with the player's value marked, and a Pareto chart over two metrics
 * (every point, the front connected, the player's point as a labelled diamond). Axes say which way is better in
 * words, so nothing depends on colour alone. Text objects are made once per draw and destroyed with the chart.
 */
import type Phaser from "phaser";
import type { Histogram } from "../../shared/engine/compare.ts";
import type { MetricInfo } from "../../shared/engine/level.ts";
import type { Point } from "../app/targets.ts";
import { formatMetricShort } from "../app/format.ts";
import { COLOURS, mono } from "../app/theme.ts";

export interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

/** Where `v` falls across the histogram's span, 0..1 (clamped), and whether it lies outside. */
function spanFraction(h: Histogram, v: number): { f: number; outside: boolean } {
  const span = Math.max(1, h.counts.length * h.width);
  const f = (v - h.min) / span;
  return { f: Math.max(0, Math.min(1, f)), outside: f < 0 || f > 1 };
}

/**
 * Bars of a histogram in `box` (tallest bin = full height), a baseline, and the player's value as a yellow
 * line with a triangle on top (an arrow at the edge when the value is outside everyone's range).
 */
export function drawHistogram(g: Phaser.GameObjects.Graphics, box: Box, h: Histogram, mine: number | undefined): void {
  const { x, y, w } = box;
  const top = y + 6;
  const ht = box.h - 6;
  g.lineStyle(1, COLOURS.panelEdge, 1).lineBetween(x, top + ht + 0.5, x + w, top + ht + 0.5);
  const n = h.counts.length;
  if (n > 0) {
    const peak = Math.max(...h.counts);
    const bw = w / n;
    // Few bins: narrow bars centred in their bins, so one value does not read as a solid band.
    const barW = Math.max(1, Math.min(bw - 2, 14));
    h.counts.forEach((c, i) => {
      if (c === 0) return;
      const bh = Math.max(2, Math.round((c / peak) * ht));
      const bx = x + i * bw + (bw - barW) / 2;
      g.fillStyle(COLOURS.live, 1).fillRect(bx, top + ht - bh, barW, bh);
      g.lineStyle(1, COLOURS.liveEdge, 1).strokeRect(bx + 0.5, top + ht - bh + 0.5, Math.max(1, barW - 1), bh - 1);
    });
  }
  if (mine === undefined) return;
  const { f, outside } = n > 0 ? spanFraction(h, mine + 0.5 * Math.min(h.width, 1)) : { f: 0.5, outside: false };
  const mx = Math.round(x + f * w);
  g.lineStyle(2, COLOURS.pointer, 1).lineBetween(mx, top, mx, top + ht);
  if (outside) {
    const dir = f <= 0 ? -1 : 1;
    g.fillStyle(COLOURS.pointer, 1).fillTriangle(mx + dir * 7, top + ht / 2, mx, top + ht / 2 - 5, mx, top + ht / 2 + 5);
  }
  g.fillStyle(COLOURS.pointer, 1).fillTriangle(mx - 5, top - 6, mx + 5, top - 6, mx, top);
}

export interface ParetoData {
  x: MetricInfo;
  y: MetricInfo;
  tickMs: number;
  points: { id: string; nickname: string; metrics: Record<string, number> }[];
  front: string[];
  /** The player's run, when it is comparable (a win). */
  mine: { id: string | null; metrics: Record<string, number> } | null;
}

/** The axis range covering every value, padded so points never sit on the frame. */
function range(values: number[]): { lo: number; hi: number } {
  if (!values.length) return { lo: 0, hi: 1 };
  let lo = Math.min(...values);
  let hi = Math.max(...values);
  if (lo === hi) { lo -= 1; hi += 1; }
  const pad = (hi - lo) * 0.08;
  return { lo: lo - pad, hi: hi + pad };
}

export class ParetoChart {
  private readonly scene: Phaser.Scene;
  private readonly box: Box;
  private readonly g: Phaser.GameObjects.Graphics;
  private texts: Phaser.GameObjects.Text[] = [];
  /** The player's point in game coordinates after the last draw. */
  playerAt: Point | null = null;

  constructor(scene: Phaser.Scene, box: Box) {
    this.scene = scene;
    this.box = box;
    this.g = scene.add.graphics();
  }

  private text(x: number, y: number, s: string, size: number, colour: number): Phaser.GameObjects.Text {
    const t = this.scene.add.text(x, y, s, mono(size, colour));
    this.texts.push(t);
    return t;
  }

  clear(note = ""): void {
    this.g.clear();
    for (const t of this.texts) t.destroy();
    this.texts = [];
    this.playerAt = null;
    if (note) this.text(this.box.x + this.box.w / 2, this.box.y + this.box.h / 2, note, 13, COLOURS.dim).setOrigin(0.5).setAlign("center");
  }

  draw(d: ParetoData): void {
    this.clear();
    const { x: bx, y: by, w: bw, h: bh } = this.box;
    // Plot area inside the box: room for y labels on the left and x labels below.
    const px = bx + 64;
    const py = by + 8;
    const pw = bw - 76;
    const ph = bh - 52;
    const g = this.g;
    g.fillStyle(COLOURS.background, 1).fillRect(px, py, pw, ph);
    g.lineStyle(1, COLOURS.grid, 1);
    for (let i = 1; i < 4; i++) {
      g.lineBetween(px + (pw * i) / 4, py, px + (pw * i) / 4, py + ph);
      g.lineBetween(px, py + (ph * i) / 4, px + pw, py + (ph * i) / 4);
    }
    g.lineStyle(1, COLOURS.panelEdge, 1).strokeRect(px + 0.5, py + 0.5, pw - 1, ph - 1);

    const xv = (m: Record<string, number>) => m[d.x.key] ?? 0;
    const yv = (m: Record<string, number>) => m[d.y.key] ?? 0;
    const all = [...d.points.map((p) => p.metrics), ...(d.mine ? [d.mine.metrics] : [])];
    const rx = range(all.map(xv));
    const ry = range(all.map(yv));
    const sx = (v: number) => px + ((v - rx.lo) / (rx.hi - rx.lo)) * pw;
    const sy = (v: number) => py + ph - ((v - ry.lo) / (ry.hi - ry.lo)) * ph;

    // Axis values at both ends and the middle, in the metric's unit.
    for (const f of [0, 0.5, 1]) {
      const vx = Math.round(rx.lo + f * (rx.hi - rx.lo));
      const vy = Math.round(ry.lo + f * (ry.hi - ry.lo));
      this.text(px + f * pw, py + ph + 4, formatMetricShort(d.x, vx, d.tickMs), 10, COLOURS.dim).setOrigin(f === 0 ? 0 : f === 1 ? 1 : 0.5, 0);
      this.text(px - 6, py + ph - f * ph, formatMetricShort(d.y, vy, d.tickMs), 10, COLOURS.dim).setOrigin(1, f === 0 ? 1 : f === 1 ? 0 : 0.5);
    }
    const better = (m: MetricInfo) => (m.better === "lower" ? "lower is better" : "higher is better");
    this.text(px + pw / 2, py + ph + 20, `x: ${d.x.label}  (${better(d.x)})`, 11, COLOURS.text).setOrigin(0.5, 0);
    this.text(bx, py - 2, `y: ${d.y.label}  (${better(d.y)})`, 11, COLOURS.text).setOrigin(0, 1);

    // Everyone: small hollow circles.
    const onFront = new Set(d.front);
    g.lineStyle(1, COLOURS.dim, 0.9);
    for (const p of d.points) if (!onFront.has(p.id)) g.strokeCircle(sx(xv(p.metrics)), sy(yv(p.metrics)), 3.5);
    // The front: filled squares joined in order (the API orders it best-x first).
    const byId = new Map(d.points.map((p) => [p.id, p]));
    const front = d.front.map((id) => byId.get(id)).filter((p): p is NonNullable<typeof p> => !!p);
    if (front.length > 1) {
      g.lineStyle(2, COLOURS.liveEdge, 1).beginPath();
      front.forEach((p, i) => {
        const X = sx(xv(p.metrics));
        const Y = sy(yv(p.metrics));
        if (i === 0) g.moveTo(X, Y); else g.lineTo(X, Y);
      });
      g.strokePath();
    }
    for (const p of front) {
      g.fillStyle(COLOURS.liveEdge, 1).fillRect(sx(xv(p.metrics)) - 4, sy(yv(p.metrics)) - 4, 8, 8);
    }
    // The player: a yellow diamond with a white outline and a label.
    if (d.mine) {
      const X = sx(xv(d.mine.metrics));
      const Y = sy(yv(d.mine.metrics));
      this.playerAt = { x: X, y: Y };
      g.fillStyle(COLOURS.pointer, 1).fillTriangle(X - 8, Y, X, Y - 8, X + 8, Y).fillTriangle(X - 8, Y, X, Y + 8, X + 8, Y);
      g.lineStyle(1.5, COLOURS.selection, 1).beginPath().moveTo(X - 8, Y).lineTo(X, Y - 8).lineTo(X + 8, Y).lineTo(X, Y + 8).closePath().strokePath();
      const onIt = d.mine.id !== null && onFront.has(d.mine.id);
      const label = this.text(X + 11, Y - 8, onIt ? "you · on the front" : "you", 11, COLOURS.pointer);
      if (X + 11 + label.width > px + pw) label.setOrigin(1, 1).setPosition(X - 11, Y - 4);
    }
  }

  destroy(): void {
    this.clear();
    this.g.destroy();
  }
}
