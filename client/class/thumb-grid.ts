/**
 * The host's grid of live boards: one cell per student in join order, sized so the whole class fits. Each cell
 * shows the nickname, the board as a thumbnail, and a status line (✓/▶/✗, tick, rejected attempts); the board on
 * the projector has a yellow frame and a ▣ mark. Clicking a cell opens that board; cells register
 * "class:thumb:<i>" for the test hooks.
 */
import Phaser from "phaser";
import type { Run } from "../../shared/engine/run.ts";
import { clearTargets, registerTarget } from "../app/targets.ts";
import { COLOURS, css, mono, sans } from "../app/theme.ts";
import type { Rect } from "../boards/allocate-fast/layout.ts";
import { THUMBS } from "./thumbs.ts";

export interface ThumbInfo {
  id: string;
  nickname: string;
  phase: string;
  connected: boolean;
  failures: number;
  projected: boolean;
  run: Run | null;
}

interface Cell {
  rect: Rect;
  name: Phaser.GameObjects.Text;
  status: Phaser.GameObjects.Text;
  zone: Phaser.GameObjects.Zone;
}

const GLYPH: Record<string, string> = { won: "✓ won", playing: "▶ playing", lost: "✗ lost" };

/** Columns and cell size that give each cell the most area (no wider than 1.7:1, no taller than 1:1.2). */
export function gridLayout(n: number, area: Rect): Rect[] {
  let best = { cols: 1, w: 0, h: 0 };
  for (let cols = 1; cols <= 10; cols++) {
    const rows = Math.ceil(Math.max(1, n) / cols);
    const w = Math.min(area.w / cols, (area.h / rows) * 1.7, 420);
    const h = Math.min(area.h / rows, w / 1.2);
    if (w * h > best.w * best.h) best = { cols, w, h };
  }
  return Array.from({ length: n }, (_, i) => ({
    x: area.x + (i % best.cols) * best.w, y: area.y + Math.floor(i / best.cols) * best.h, w: best.w - 8, h: best.h - 8,
  }));
}

export class ThumbGrid {
  private readonly scene: Phaser.Scene;
  private readonly area: Rect;
  private readonly onOpen: (id: string) => void;
  private readonly g: Phaser.GameObjects.Graphics;
  private cells: Cell[] = [];
  private ids = "";
  private items: ThumbInfo[] = [];
  private readonly empty: Phaser.GameObjects.Text;

  constructor(scene: Phaser.Scene, area: Rect, onOpen: (id: string) => void) {
    this.scene = scene;
    this.area = area;
    this.onOpen = onOpen;
    this.g = scene.add.graphics();
    this.empty = scene.add.text(area.x + area.w / 2, area.y + area.h / 2, "", sans(20, COLOURS.dim)).setOrigin(0.5);
  }

  render(items: ThumbInfo[]): void {
    this.items = items;
    const ids = items.map((i) => i.id).join(",");
    if (ids !== this.ids) this.rebuild(items);
    this.empty.setText(items.length ? "" : "No students yet: they join with the code.");
    const g = this.g.clear();
    items.forEach((it, i) => {
      const c = this.cells[i]!;
      const r = c.rect;
      g.fillStyle(COLOURS.panel, it.connected ? 1 : 0.5).fillRoundedRect(r.x, r.y, r.w, r.h, 6);
      const edge = it.projected ? COLOURS.pointer : it.phase === "won" ? COLOURS.liveEdge : it.phase === "lost" ? COLOURS.error : COLOURS.panelEdge;
      g.lineStyle(it.projected ? 3 : 1, edge, 1).strokeRoundedRect(r.x, r.y, r.w, r.h, 6);
      const inner = { x: r.x + 8, y: r.y + 24, w: r.w - 16, h: r.h - 46 };
      const draw = it.run ? THUMBS.get(it.run.level.id) : undefined;
      if (it.run && draw && inner.h > 4) draw(g, it.run.state, inner);
      c.name.setText(`${it.projected ? "▣ " : ""}${it.nickname}${it.connected ? "" : " (offline)"}`);
      const tick = it.run ? `t${it.run.state.tick}` : "";
      c.status.setText(`${GLYPH[it.phase] ?? it.phase}  ${tick}${it.failures ? `  ✗${it.failures} rejected` : ""}`)
        .setColor(css(it.failures ? COLOURS.padding : COLOURS.dim));
    });
  }

  private rebuild(items: ThumbInfo[]): void {
    this.destroyCells();
    this.ids = items.map((i) => i.id).join(",");
    const rects = gridLayout(items.length, this.area);
    const small = rects[0] ? rects[0].w < 160 : false;
    this.cells = rects.map((rect, i) => {
      const name = this.scene.add.text(rect.x + 8, rect.y + 5, "", sans(small ? 12 : 14, COLOURS.text)).setFixedSize(rect.w - 16, 0);
      const status = this.scene.add.text(rect.x + 8, rect.y + rect.h - 19, "", mono(small ? 10 : 12, COLOURS.dim));
      const zone = this.scene.add.zone(rect.x + rect.w / 2, rect.y + rect.h / 2, rect.w, rect.h).setInteractive({ useHandCursor: true });
      zone.on("pointerdown", () => { const it = this.items[i]; if (it) this.onOpen(it.id); });
      registerTarget(`class:thumb:${i}`, () => ({ x: rect.x + rect.w / 2, y: rect.y + rect.h / 2 }));
      return { rect, name, status, zone };
    });
  }

  private destroyCells(): void {
    clearTargets("class:thumb:");
    for (const c of this.cells) for (const o of [c.name, c.status, c.zone]) o.destroy();
    this.cells = [];
  }

  destroy(): void {
    this.destroyCells();
    this.g.destroy();
    this.empty.destroy();
  }
}
