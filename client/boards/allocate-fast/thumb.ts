/**
 * The allocate-fast board as a thumbnail for the class dashboard: the heap's cache lines in address order,
 * squeezed into a small rectangle — free bytes dark, live blocks solid blue, padding orange, the bump pointer
 * a yellow bar. No text: the dashboard labels the thumbnail itself.
 */
import type Phaser from "phaser";
import type { AllocState } from "../../../shared/levels/allocate-fast/index.ts";
import { COLOURS } from "../../app/theme.ts";
import { LINE_BYTES, rangeRects, type HeapLayout, type Rect } from "./layout.ts";
import { paddingRanges, rulesFor } from "./picture.ts";

export function drawAllocThumb(g: Phaser.GameObjects.Graphics, raw: unknown, area: Rect): void {
  const s = raw as AllocState;
  const rows = Math.ceil(s.heapSize / LINE_BYTES);
  const cellW = area.w / LINE_BYTES;
  const rowH = Math.max(1, Math.min(area.h / rows, 40));
  const l: HeapLayout = { heapSize: s.heapSize, rows, x0: area.x, y0: area.y + (area.h - rows * rowH) / 2, cellW, rowH };
  g.fillStyle(COLOURS.free, 1);
  for (const r of rangeRects(l, 0, s.heapSize)) g.fillRect(r.x, r.y, r.w, r.h);
  g.fillStyle(COLOURS.padding, 0.85);
  for (const [a, b] of paddingRanges(s)) for (const r of rangeRects(l, a, b)) g.fillRect(r.x, r.y, r.w, r.h);
  s.blocks.forEach((b, i) => {
    g.fillStyle(i % 2 === 0 ? COLOURS.live : COLOURS.liveAlt, 1);
    for (const r of rangeRects(l, b.addr, b.addr + b.size)) g.fillRect(r.x, r.y, r.w, r.h);
  });
  if (rowH >= 6) {
    g.lineStyle(1, COLOURS.grid, 1);
    for (let r = 0; r <= rows; r++) g.lineBetween(l.x0, l.y0 + r * rowH, l.x0 + area.w, l.y0 + r * rowH);
  }
  if (rulesFor(s).bumpOnly) {
    const at = Math.min(s.bump, s.heapSize);
    const row = Math.min(rows - 1, Math.floor(at / LINE_BYTES));
    const x = l.x0 + (at - row * LINE_BYTES) * cellW;
    g.fillStyle(COLOURS.pointer, 1).fillRect(x - 1, l.y0 + row * rowH - 2, 3, rowH + 4);
  }
}
