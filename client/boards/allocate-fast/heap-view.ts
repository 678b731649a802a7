/**
 * The heap drawn in address order: a ruler of byte offsets, hex row addresses on the axis, live blocks as
 * labelled solid boxes, padding hatched, dropped blocks whose bytes never came back as dashed ghosts, free bytes dark, the bump pointer as a yellow triangle and line, and
 * the placement cursor as a white (fits) or vermillion crossed (rejected) outline of the head request's size.
 */
import type Phaser from "phaser";
import type { Block } from "../../../shared/levels/allocate-fast/heap.ts";
import { hex } from "../../../shared/levels/allocate-fast/alignment.ts";
import { COLOURS, mono } from "../../app/theme.ts";
import { dashedRect, hatch } from "./draw.ts";
import { addrAt, cellRect, gridWidth, LINE_BYTES, rangeRects, type HeapLayout, type Rect } from "./layout.ts";

export interface HeapPicture {
  blocks: readonly Block[];
  /** Bump stages: the pointer; -1 on free-list stages. */
  bump: number;
  /** Byte ranges drawn as padding. */
  padding: readonly (readonly [number, number])[];
  /** Blocks the program dropped but the allocator never got back (a no-op dealloc), drawn as dashed ghosts. */
  ghosts?: readonly { readonly addr: number; readonly size: number }[];
  /** The placement preview: [addr, size, fits]. */
  cursor: { addr: number; size: number; fits: boolean } | null;
}

export class HeapView {
  readonly layout: HeapLayout;
  private readonly scene: Phaser.Scene;
  private readonly base: Phaser.GameObjects.Graphics;
  private readonly fill: Phaser.GameObjects.Graphics;
  private readonly over: Phaser.GameObjects.Graphics;
  private readonly labels: Phaser.GameObjects.Text[] = [];
  private readonly bumpLabel: Phaser.GameObjects.Text;
  private readonly statics: Phaser.GameObjects.GameObject[] = [];
  readonly zone: Phaser.GameObjects.Zone;

  constructor(scene: Phaser.Scene, layout: HeapLayout) {
    this.scene = scene;
    this.layout = layout;
    this.base = scene.add.graphics();
    this.fill = scene.add.graphics();
    this.over = scene.add.graphics();
    this.bumpLabel = scene.add.text(0, 0, "", mono(11, COLOURS.pointer)).setOrigin(0, 1).setDepth(5);
    this.drawStatic();
    const w = gridWidth(layout);
    const h = layout.rows * layout.rowH;
    this.zone = scene.add.zone(layout.x0 + w / 2, layout.y0 + h / 2, w, h).setInteractive({ useHandCursor: true });
  }

  addrAt(x: number, y: number): number {
    return addrAt(this.layout, x, y);
  }

  /** The grid, ruler and axis never change: drawn once. */
  private drawStatic(): void {
    const l = this.layout;
    const g = this.base;
    g.fillStyle(COLOURS.free, 1);
    for (const r of rangeRects(l, 0, l.heapSize)) g.fillRect(r.x, r.y, r.w, r.h);
    const fine = l.rowH >= 24;
    for (let r = 0; r < l.rows; r++) {
      const rowBytes = Math.min(LINE_BYTES, l.heapSize - r * LINE_BYTES);
      const top = l.y0 + r * l.rowH;
      for (let c = 0; c <= rowBytes; c++) {
        if (!fine && c % 8 !== 0 && c !== rowBytes) continue;
        g.lineStyle(1, COLOURS.grid, c % 8 === 0 || c === rowBytes ? 1 : 0.5);
        g.lineBetween(l.x0 + c * l.cellW, top, l.x0 + c * l.cellW, top + l.rowH);
      }
      g.lineStyle(1, COLOURS.grid, 1);
      g.lineBetween(l.x0, top, l.x0 + rowBytes * l.cellW, top);
      g.lineBetween(l.x0, top + l.rowH, l.x0 + rowBytes * l.cellW, top + l.rowH);
    }
    // Column ruler: byte offsets within the cache line, every 8 bytes.
    for (let c = 0; c < LINE_BYTES; c += 8) {
      this.statics.push(this.scene.add.text(l.x0 + c * l.cellW + 2, l.y0 - 4, "+" + hex(c), mono(11, COLOURS.dim)).setOrigin(0, 1));
    }
    // Row axis: the address of each line (every other line when rows are thin).
    const every = l.rowH >= 12 ? 1 : 2;
    const digits = l.heapSize > 0x100 ? 4 : 2;
    for (let r = 0; r < l.rows; r += every) {
      const size = Math.min(12, Math.max(9, l.rowH + 1));
      this.statics.push(this.scene.add.text(l.x0 - 8, l.y0 + r * l.rowH + Math.min(l.rowH, 24) / 2, hex(r * LINE_BYTES, digits),
        mono(size, COLOURS.dim)).setOrigin(1, 0.5));
    }
    if (l.heapSize % LINE_BYTES !== 0) {
      const end = cellRect(l, l.heapSize);
      this.statics.push(this.scene.add.text(end.x + 8, end.y + l.rowH / 2, `◀ end of heap (${hex(l.heapSize, digits)})`, mono(12, COLOURS.dim)).setOrigin(0, 0.5));
    }
  }

  render(p: HeapPicture): void {
    const l = this.layout;
    const g = this.fill;
    g.clear();
    for (const [a, b] of p.padding) {
      for (const r of rangeRects(l, a, b)) {
        g.fillStyle(COLOURS.padding, 0.18);
        g.fillRect(r.x, r.y, r.w, r.h);
        g.lineStyle(1, COLOURS.padding, 0.9);
        hatch(g, r, l.rowH >= 24 ? 6 : 4);
      }
    }
    for (const b of p.ghosts ?? []) {
      for (const r of rangeRects(l, b.addr, b.addr + b.size)) {
        g.fillStyle(COLOURS.ghost, 0.2);
        g.fillRect(r.x, r.y, r.w, r.h);
        g.lineStyle(1, COLOURS.ghost, 1);
        dashedRect(g, { x: r.x + 1, y: r.y + 1, w: r.w - 2, h: r.h - 2 }, 3);
      }
    }
    let used = 0;
    p.blocks.forEach((b, i) => {
      const rects = rangeRects(l, b.addr, b.addr + b.size);
      for (const r of rects) {
        g.fillStyle(i % 2 === 0 ? COLOURS.live : COLOURS.liveAlt, 1);
        g.fillRect(r.x, r.y, r.w, r.h);
        g.lineStyle(1, COLOURS.liveEdge, 1);
        g.strokeRect(r.x + 0.5, r.y + 0.5, r.w - 1, r.h - 1);
      }
      used = this.label(used, b, rects);
    });
    for (let i = used; i < this.labels.length; i++) this.labels[i]!.setVisible(false);
    this.drawOverlay(p);
  }

  /** Puts the block's name (and range, when there is room) in its widest row segment. */
  private label(used: number, b: Block, rects: Rect[]): number {
    const r = rects.reduce((m, x) => (x.w > m.w ? x : m), rects[0]!);
    const big = this.layout.rowH >= 24;
    const size = big ? 12 : Math.min(11, this.layout.rowH);
    let t = this.labels[used];
    if (!t) {
      t = this.scene.add.text(0, 0, "", mono(size)).setOrigin(0.5).setDepth(4).setAlign("center");
      this.labels.push(t);
    }
    t.setFontSize(size).setPosition(r.x + r.w / 2, r.y + r.h / 2).setVisible(true);
    // The most that fits: name and range, name and address, name, size, nothing.
    const tries = big
      ? [`${b.label}\n${hex(b.addr)}..${hex(b.addr + b.size)}`, `${b.label}\n@${hex(b.addr)}`, b.label, `${b.size}B`, ""]
      : [b.label, `${b.size}B`, ""];
    for (const text of tries) {
      t.setText(text);
      if (t.width <= r.w - 2) break;
    }
    return used + 1;
  }

  private drawOverlay(p: HeapPicture): void {
    const l = this.layout;
    const g = this.over;
    g.clear();
    if (p.bump >= 0) {
      const at = p.bump >= l.heapSize ? { ...cellRect(l, l.heapSize - 1), x: cellRect(l, l.heapSize - 1).x + l.cellW } : cellRect(l, p.bump);
      g.lineStyle(3, COLOURS.pointer, 1);
      g.lineBetween(at.x, at.y - 2, at.x, at.y + at.h + 2);
      g.fillStyle(COLOURS.pointer, 1);
      g.fillTriangle(at.x - 6, at.y - 12, at.x + 6, at.y - 12, at.x, at.y - 2);
      this.bumpLabel.setText(`bump ${hex(p.bump)}`).setPosition(at.x + 5, at.y + at.h - 3).setVisible(l.rowH >= 24);
    } else {
      this.bumpLabel.setVisible(false);
    }
    const c = p.cursor;
    if (c) {
      const end = Math.min(l.heapSize, c.addr + Math.max(1, c.size));
      const colour = c.fits ? COLOURS.selection : COLOURS.error;
      for (const r of rangeRects(l, c.addr, end)) {
        g.lineStyle(2, colour, 1);
        g.strokeRect(r.x + 1, r.y + 1, r.w - 2, r.h - 2);
        if (!c.fits) {
          g.lineStyle(2, colour, 0.9);
          g.lineBetween(r.x + 3, r.y + 3, r.x + r.w - 3, r.y + r.h - 3);
          g.lineBetween(r.x + r.w - 3, r.y + 3, r.x + 3, r.y + r.h - 3);
        }
      }
      // The cursor byte itself gets a solid corner mark, so keyboard focus is always visible.
      const cr = cellRect(l, c.addr);
      g.fillStyle(colour, 1);
      g.fillRect(cr.x, cr.y + cr.h - 3, l.cellW, 3);
    }
  }

  destroy(): void {
    for (const o of [this.base, this.fill, this.over, this.bumpLabel, this.zone, ...this.labels, ...this.statics]) o.destroy();
  }
}
