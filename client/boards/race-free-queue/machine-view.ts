/**
 * Draws the machine part of the race-free-queue board from a Picture: one lane per thread (its code around the
 * program counter), and the shared memory in address order — each atomic location as its message timeline in
 * modification order with every thread's view under it, each non-atomic cell or slot as a box — grouped into
 * 64-byte cache-line boxes with a contention meter, plus happens-before arrows from a release message to the lane
 * of the acquire that read it. Every meaning has a shape or label as well as a colour (VISUAL.md).
 */
import type Phaser from "phaser";
import { COLOURS, mono } from "../../app/theme.ts";
import { threadTag, type Picture } from "./picture.ts";

export const LANES_X = 384;
export const LANES_W = 380;
export const MEM_X = 780;
export const MEM_W = 484;
const TOP = 64;
const BOTTOM = 676;
const LINE_H = 13;
const ROW_H = 26;
const MSG_W = 40;
const NAME_W = 78;
const MAX_MSGS = 9;

/** One colour per thread (Okabe–Ito), always paired with the thread's letter. */
export const THREAD_COLOURS = [COLOURS.liveEdge, COLOURS.other, COLOURS.pointer, COLOURS.ghost] as const;

export interface Hit {
  readonly kind: "lane" | "message";
  readonly tid: number;
  readonly loc: number;
  readonly msg: number;
  readonly x: number;
  readonly y: number;
  readonly w: number;
  readonly h: number;
}

export class MachineView {
  private readonly scene: Phaser.Scene;
  private objects: Phaser.GameObjects.GameObject[] = [];
  /** Clickable rectangles of the last render. */
  hits: Hit[] = [];
  /** Centre of each message box and each lane, for arrows and animations. */
  private msgAt = new Map<string, { x: number; y: number }>();
  laneAt: { x: number; y: number; h: number }[] = [];

  constructor(scene: Phaser.Scene) {
    this.scene = scene;
  }

  private text(x: number, y: number, s: string, size = 11, colour: number = COLOURS.text): Phaser.GameObjects.Text {
    const t = this.scene.add.text(x, y, s, mono(size, colour));
    this.objects.push(t);
    return t;
  }

  render(p: Picture, selected: number, highlight: ReadonlySet<string>): void {
    for (const o of this.objects) o.destroy();
    this.objects = [];
    this.hits = [];
    this.msgAt.clear();
    this.laneAt = [];
    const g = this.scene.add.graphics();
    this.objects.push(g);
    this.drawLanes(g, p, selected);
    this.drawMemory(g, p, highlight);
    this.drawArrows(g, p);
  }

  private drawLanes(g: Phaser.GameObjects.Graphics, p: Picture, selected: number): void {
    const n = p.lanes.length;
    const laneH = Math.floor((BOTTOM - TOP - 20) / n);
    this.text(LANES_X, TOP - 18, p.caption, 11, COLOURS.dim);
    p.lanes.forEach((lane, i) => {
      const y = TOP + i * laneH;
      const colour = THREAD_COLOURS[lane.tid % 4]!;
      g.fillStyle(COLOURS.panel, 1).fillRect(LANES_X, y, LANES_W, laneH - 8);
      g.lineStyle(selected === lane.tid ? 2 : 1, selected === lane.tid ? COLOURS.selection : COLOURS.panelEdge, 1).strokeRect(LANES_X + 0.5, y + 0.5, LANES_W - 1, laneH - 9);
      g.fillStyle(colour, 1).fillRect(LANES_X, y, 5, laneH - 8);
      const status = lane.status === "spinning" ? "spinning (waits for a change)" : lane.status;
      this.text(LANES_X + 10, y + 4, `${threadTag(p.prog, lane.tid)}  ${lane.name}  · ${status}${lane.tid < 4 ? `   [${lane.tid + 1}]` : ""}`, 12, colour);
      if (lane.consumed.length) this.text(LANES_X + LANES_W - 8, y + 4, `got ${lane.consumed.join(",")}`, 11, COLOURS.dim).setOrigin(1, 0);
      const rows = Math.max(3, Math.floor((laneH - 34) / LINE_H));
      const pcIndex = Math.max(0, lane.lines.findIndex((l) => l.pc));
      const start = Math.max(0, Math.min(pcIndex - Math.floor(rows / 3), lane.lines.length - rows));
      lane.lines.slice(start, start + rows).forEach((l, k) => {
        const ly = y + 24 + k * LINE_H;
        if (l.pc) {
          g.fillStyle(colour, 0.22).fillRect(LANES_X + 6, ly - 1, LANES_W - 12, LINE_H);
          this.text(LANES_X + 8, ly, "▶", 11, colour);
        }
        this.text(LANES_X + 20, ly, `${String(l.no).padStart(3)} ${l.text.replace(/^ {4}/, "").slice(0, 44)}`, 11, l.pc ? COLOURS.text : COLOURS.dim);
      });
      this.laneAt[lane.tid] = { x: LANES_X + LANES_W, y: y + 10, h: laneH - 8 };
      this.hits.push({ kind: "lane", tid: lane.tid, loc: -1, msg: -1, x: LANES_X, y, w: LANES_W, h: laneH - 8 });
    });
  }

  private drawMemory(g: Phaser.GameObjects.Graphics, p: Picture, highlight: ReadonlySet<string>): void {
    this.text(MEM_X, TOP - 18, "SHARED MEMORY  (address order · 64-byte lines)", 11, COLOURS.dim);
    type Row = { line: number; draw: (y: number) => void };
    const rows: Row[] = [];
    for (const st of p.prog.statics) {
      const n = st.length ?? 1;
      for (let i = 0; i < n; i++) {
        if (st.kind === "atomic") {
          const row = p.locations[st.base + i]!;
          rows.push({ line: row.line, draw: (y) => this.drawLocation(g, p, row, y, highlight) });
        } else {
          const cell = p.cells[st.base + i]!;
          rows.push({ line: cell.line, draw: (y) => this.drawCell(g, cell, y) });
        }
      }
    }
    let y = TOP;
    let i = 0;
    const maxHeat = Math.max(1, ...p.lineHeat);
    while (i < rows.length) {
      const line = rows[i]!.line;
      let j = i;
      while (j < rows.length && rows[j]!.line === line) j++;
      const h = (j - i) * ROW_H + 22;
      g.lineStyle(1, COLOURS.panelEdge, 1).strokeRect(MEM_X + 0.5, y + 0.5, MEM_W - 1, h - 4);
      const heat = p.lineHeat[line] ?? 0;
      this.text(MEM_X + 6, y + 3, `cache line ${line} · 0x${(line * 64).toString(16).padStart(4, "0")}`, 10, COLOURS.dim);
      // Contention meter: filled segments for line transfers in the simulated run (count also written).
      const segs = 10;
      const filled = Math.round((heat / maxHeat) * segs);
      for (let s = 0; s < segs; s++) {
        const x = MEM_X + MEM_W - 14 - (segs - s) * 9;
        if (s < filled) g.fillStyle(heat >= 10 ? COLOURS.error : COLOURS.padding, 1).fillRect(x, y + 5, 7, 8);
        else g.lineStyle(1, COLOURS.dim, 1).strokeRect(x + 0.5, y + 5.5, 6, 7);
      }
      this.text(MEM_X + MEM_W - 104 - segs * 9, y + 3, `${heat} transfers`, 10, heat >= 10 ? COLOURS.error : COLOURS.dim);
      for (let k = i; k < j; k++) rows[k]!.draw(y + 18 + (k - i) * ROW_H);
      y += h + 4;
      i = j;
      if (y > BOTTOM - ROW_H) break;
    }
  }

  private drawLocation(g: Phaser.GameObjects.Graphics, p: Picture, row: Picture["locations"][number], y: number, highlight: ReadonlySet<string>): void {
    this.text(MEM_X + 6, y + 5, row.name, 11, COLOURS.text);
    const first = Math.max(0, row.messages.length - MAX_MSGS);
    if (first > 0) this.text(MEM_X + NAME_W - 4, y + 5, "…", 11, COLOURS.dim);
    row.messages.slice(first).forEach((m, k) => {
      const x = MEM_X + NAME_W + 8 + k * (MSG_W + 4);
      const colour = m.tid < 0 ? COLOURS.dim : THREAD_COLOURS[m.tid % 4]!;
      const key = `${row.loc}:${m.index}`;
      g.fillStyle(COLOURS.free, 1).fillRect(x, y, MSG_W, ROW_H - 10);
      g.lineStyle(highlight.has(key) ? 2 : 1, highlight.has(key) ? COLOURS.selection : colour, 1).strokeRect(x + 0.5, y + 0.5, MSG_W - 1, ROW_H - 11);
      // Release (or stronger) writes carry a view: a small filled corner marks them.
      if (m.ord === "Release" || m.ord === "AcqRel" || m.ord === "SeqCst") g.fillStyle(colour, 1).fillTriangle(x + MSG_W - 8, y + 1, x + MSG_W - 1, y + 1, x + MSG_W - 1, y + 8);
      this.text(x + 3, y + 2, `${m.rmw ? "↳" : ""}${m.val}`, 11, COLOURS.text);
      this.msgAt.set(key, { x: x + MSG_W / 2, y: y + ROW_H - 10 });
      this.hits.push({ kind: "message", tid: -1, loc: row.loc, msg: m.index, x, y, w: MSG_W, h: ROW_H - 10 });
    });
    // Views: each thread's letter under the newest message it has seen.
    row.views.forEach((v, tid) => {
      if (v < first) return;
      const x = MEM_X + NAME_W + 8 + (v - first) * (MSG_W + 4) + 2 + tid * 9;
      this.text(x, y + ROW_H - 11, threadTag(p.prog, tid), 8, THREAD_COLOURS[tid % 4]!);
    });
  }

  private drawCell(g: Phaser.GameObjects.Graphics, cell: Picture["cells"][number], y: number): void {
    this.text(MEM_X + 6, y + 5, cell.name, 11, cell.live ? COLOURS.text : COLOURS.ghost);
    const x = MEM_X + NAME_W + 8;
    const w = 120;
    if (!cell.live) {
      g.lineStyle(1, COLOURS.ghost, 1).strokeRect(x + 0.5, y + 0.5, w - 1, ROW_H - 11);
      this.text(x + 4, y + 2, "freed node", 11, COLOURS.ghost);
      return;
    }
    if (cell.slot && !cell.full) {
      g.lineStyle(1, COLOURS.dim, 1).strokeRect(x + 0.5, y + 0.5, w - 1, ROW_H - 11);
      this.text(x + 4, y + 2, "empty (uninit)", 11, COLOURS.dim);
      return;
    }
    g.fillStyle(COLOURS.live, 1).fillRect(x, y, w, ROW_H - 10);
    this.text(x + 4, y + 2, `${cell.val}${cell.slot ? "  (unread)" : ""}`, 11, COLOURS.text);
  }

  private drawArrows(g: Phaser.GameObjects.Graphics, p: Picture): void {
    for (const a of p.arrows) {
      const from = this.msgAt.get(`${a.loc}:${a.msg}`);
      const lane = this.laneAt[a.tid];
      if (!from || !lane) continue;
      const to = { x: lane.x, y: lane.y + 6 };
      g.lineStyle(2, COLOURS.pointer, 0.85).lineBetween(from.x, from.y, to.x + 6, to.y);
      const ang = Math.atan2(to.y - from.y, to.x + 6 - from.x);
      const hx = to.x + 6;
      const hy = to.y;
      g.fillStyle(COLOURS.pointer, 1).fillTriangle(hx, hy, hx - 9 * Math.cos(ang - 0.4), hy - 9 * Math.sin(ang - 0.4), hx - 9 * Math.cos(ang + 0.4), hy - 9 * Math.sin(ang + 0.4));
    }
  }

  /** A short flash over a lane (a step) or a message (a store that just landed). */
  flashLane(tid: number, colour: number = COLOURS.selection): void {
    const l = this.laneAt[tid];
    if (!l) return;
    const g = this.scene.add.graphics().setDepth(6);
    g.fillStyle(colour, 0.25).fillRect(LANES_X, l.y - 10, LANES_W, l.h);
    this.scene.tweens.add({ targets: g, alpha: 0, duration: 250, onComplete: () => g.destroy() });
  }

  hitAt(x: number, y: number): Hit | null {
    for (let i = this.hits.length - 1; i >= 0; i--) {
      const h = this.hits[i]!;
      if (x >= h.x && x < h.x + h.w && y >= h.y && y < h.y + h.h) return h;
    }
    return null;
  }

  destroy(): void {
    for (const o of this.objects) o.destroy();
    this.objects = [];
  }
}
