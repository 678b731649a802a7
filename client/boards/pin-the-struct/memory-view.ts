/**
 * Draws the machine's memory: the stack strip (highest address first, as it grows down) and the heap strip (lowest
 * first), one row per allocation with its fields at their offsets, ghosts of moved-from or freed places as dashed
 * outlines, a stake on pinned places and on PhantomPinned markers, and pointers as arrows — red when they dangle.
 */
import type Phaser from "phaser";
import { hex } from "../../../shared/levels/pin-the-struct/memory.ts";
import { COLOURS, mono } from "../../app/theme.ts";
import type { AllocBox, Picture } from "./picture.ts";

export const AREA = { left: 400, right: 1264, stackTop: 64, heapTop: 392, bottom: 632 } as const;
const LABEL_W = 150;
const ROW_H = 30;
const ROW_GAP = 8;

export interface RowGeometry {
  readonly x: number;
  readonly y: number;
  readonly scale: number;
  readonly box: AllocBox;
}

export class MemoryView {
  private readonly scene: Phaser.Scene;
  private readonly g: Phaser.GameObjects.Graphics;
  /** Text objects are pooled and reused across renders (re-creating them on every step churns GPU textures). */
  private readonly pool: Phaser.GameObjects.Text[] = [];
  private used = 0;
  rows: RowGeometry[] = [];

  constructor(scene: Phaser.Scene) {
    this.scene = scene;
    this.g = scene.add.graphics();
  }

  private text(x: number, y: number, s: string, colour: number = COLOURS.text, size = 11): Phaser.GameObjects.Text {
    let t = this.pool[this.used];
    if (!t) {
      t = this.scene.add.text(x, y, s, mono(size, colour));
      this.pool.push(t);
    } else {
      t.setPosition(x, y).setText(s).setStyle(mono(size, colour)).setVisible(true);
    }
    this.used++;
    return t;
  }

  render(p: Picture): void {
    this.used = 0;
    this.draw(p);
    for (let i = this.used; i < this.pool.length; i++) this.pool[i]!.setVisible(false);
  }

  private draw(p: Picture): void {
    const g = this.g.clear();
    const all = [...p.stack, ...p.heap];
    const widest = Math.max(8, ...all.map((b) => b.size));
    // Bytes to pixels: as large as fits, so a 64-byte struct shows its fields and a 24-byte String its words.
    const scale = Math.max(1, Math.min(10, Math.floor((AREA.right - AREA.left - LABEL_W - 8) / widest)));
    this.rows = [];
    const strip = (title: string, boxes: readonly AllocBox[], top: number, bottom: number) => {
      this.text(AREA.left, top, title, COLOURS.dim, 11);
      const fit = Math.max(1, Math.floor((bottom - top - 18) / (ROW_H + ROW_GAP)));
      const shown = boxes.length > fit ? boxes.slice(boxes.length - fit) : boxes;
      if (boxes.length > fit) this.text(AREA.left + 300, top, `(${boxes.length - fit} older rows not shown)`, COLOURS.dim, 10);
      shown.forEach((b, i) => this.rows.push({ x: AREA.left + LABEL_W, y: top + 18 + i * (ROW_H + ROW_GAP), scale, box: b }));
    };
    strip("STACK  (grows down from 0x7ffe_0000_0000)", p.stack, AREA.stackTop, AREA.heapTop - 8);
    strip("HEAP  (from 0x6000_0000_1000)", p.heap, AREA.heapTop, AREA.bottom);
    for (const r of this.rows) this.drawRow(g, r);
    for (const a of p.arrows) {
      const from = this.rows.find((r) => r.box.id === a.from.alloc);
      if (!from) continue;
      const to = a.toAlloc === null ? undefined : this.rows.find((r) => r.box.id === a.toAlloc);
      const x1 = from.x + a.from.offset * scale + 4, y1 = from.y + ROW_H;
      const x2 = to ? to.x + a.toOffset * scale + 2 : AREA.right - 4, y2 = to ? to.y + (to.y > from.y ? 0 : ROW_H) : y1 + 12;
      const colour = a.dangling ? COLOURS.error : COLOURS.pointer;
      g.lineStyle(a.dangling ? 2 : 1.5, colour, 0.9);
      const bend = AREA.left + LABEL_W - 14 - (this.rows.indexOf(from) % 6) * 5;
      g.beginPath().moveTo(x1, y1).lineTo(x1, y1 + 4).lineTo(bend, y1 + 4).lineTo(bend, y2 + (y2 > y1 ? -4 : 4)).lineTo(x2, y2 + (y2 > y1 ? -4 : 4)).lineTo(x2, y2).strokePath();
      const dir = y2 > y1 ? -1 : 1;
      g.fillStyle(colour, 1).fillTriangle(x2, y2, x2 - 4, y2 + dir * 7, x2 + 4, y2 + dir * 7);
      if (a.dangling) this.text(x2 + 6, y2 + dir * 12 - 6, "✕ dangling", COLOURS.error, 10);
    }
  }

  private drawRow(g: Phaser.GameObjects.Graphics, r: RowGeometry): void {
    const b = r.box;
    const w = Math.max(10, b.size * r.scale);
    const ghost = b.state === "ghost";
    this.text(AREA.left, r.y, b.label.length > 18 ? b.label.slice(0, 17) + "…" : b.label, ghost ? COLOURS.dim : COLOURS.text, 11);
    this.text(AREA.left, r.y + 14, `${hex(b.addr)} ${b.size}B`, COLOURS.dim, 9);
    if (ghost) {
      g.lineStyle(1.5, COLOURS.ghost, 1);
      for (let x = r.x; x < r.x + w; x += 8) g.lineBetween(x, r.y, Math.min(x + 4, r.x + w), r.y).lineBetween(x, r.y + ROW_H, Math.min(x + 4, r.x + w), r.y + ROW_H);
      g.lineBetween(r.x, r.y, r.x, r.y + ROW_H).lineBetween(r.x + w, r.y, r.x + w, r.y + ROW_H);
      this.text(r.x + w + 6, r.y + 8, `ghost: ${b.why}`, COLOURS.ghost, 10);
    } else {
      g.fillStyle(b.region === "heap" ? COLOURS.liveAlt : COLOURS.live, 0.85).fillRect(r.x, r.y, w, ROW_H);
      g.lineStyle(1, COLOURS.liveEdge, 1).strokeRect(r.x, r.y, w, ROW_H);
      this.text(r.x + w + 6, r.y + 8, b.type, COLOURS.dim, 10);
    }
    for (const f of b.fields) {
      const fx = r.x + f.offset * r.scale;
      if (f.marker) { this.stake(g, fx, r.y + 2); continue; }
      if (f.offset > 0) g.lineStyle(1, COLOURS.background, 1).lineBetween(fx, r.y, fx, r.y + ROW_H);
      const room = Math.floor((f.size * r.scale - 4) / 6.6);
      if (room >= 3) {
        const label = `${f.name}: ${f.text}`;
        this.text(fx + 3, r.y + 8, label.length > room ? label.slice(0, room - 1) + "…" : label, ghost ? COLOURS.dim : COLOURS.text, 10);
      }
    }
    if (b.pinned) this.stake(g, r.x - 10, r.y + 4);
  }

  /** The pin: a stake driven into the place (a post and a triangular head), in the pointer colour. */
  private stake(g: Phaser.GameObjects.Graphics, x: number, y: number): void {
    g.fillStyle(COLOURS.pointer, 1).fillTriangle(x - 5, y, x + 5, y, x, y + 8);
    g.lineStyle(2, COLOURS.pointer, 1).lineBetween(x, y + 8, x, y + 24);
  }

  rowOf(addr: number): RowGeometry | undefined {
    return this.rows.find((r) => addr >= r.box.addr && addr < r.box.addr + Math.max(1, r.box.size));
  }

  destroy(): void {
    for (const t of this.pool) t.destroy();
    this.g.destroy();
  }
}
