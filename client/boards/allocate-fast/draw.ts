/** Drawing primitives the heap view shares: hatching (the padding pattern) and dashed outlines (ghosts). */
import type Phaser from "phaser";
import type { Rect } from "./layout.ts";

/** Diagonal lines clipped to the rectangle: the "padding / wasted" pattern, readable without colour. */
export function hatch(g: Phaser.GameObjects.Graphics, r: Rect, spacing: number): void {
  for (let k = -r.h; k < r.w; k += spacing) {
    const t0 = Math.max(0, -k);
    const t1 = Math.min(r.h, r.w - k);
    if (t1 <= t0) continue;
    g.lineBetween(r.x + k + t0, r.y + r.h - t0, r.x + k + t1, r.y + r.h - t1);
  }
}

export function dashedRect(g: Phaser.GameObjects.Graphics, r: Rect, dash = 4): void {
  const edge = (x1: number, y1: number, x2: number, y2: number) => {
    const len = Math.hypot(x2 - x1, y2 - y1);
    for (let d = 0; d < len; d += dash * 2) {
      const e = Math.min(len, d + dash);
      g.lineBetween(x1 + ((x2 - x1) * d) / len, y1 + ((y2 - y1) * d) / len, x1 + ((x2 - x1) * e) / len, y1 + ((y2 - y1) * e) / len);
    }
  };
  edge(r.x, r.y, r.x + r.w, r.y);
  edge(r.x + r.w, r.y, r.x + r.w, r.y + r.h);
  edge(r.x + r.w, r.y + r.h, r.x, r.y + r.h);
  edge(r.x, r.y + r.h, r.x, r.y);
}
