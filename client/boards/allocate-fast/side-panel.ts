/**
 * The allocate-fast side column: goal, the request queue as a conveyor (head request large, the rest behind
 * it, fill against capacity, next arrival), the cursor's verdict, hints revealed so far, and live metrics.
 * Laid out top to bottom on each render so long texts push the rest down.
 */
import type Phaser from "phaser";
import type { StageInfo } from "../../../shared/engine/level.ts";
import { allocateFast, hex, type AllocState } from "../../../shared/levels/allocate-fast/index.ts";
import type { Request } from "../../../shared/levels/allocate-fast/requests.ts";
import { formatMetric } from "../../app/format.ts";
import { COLOURS, css, mono, sans } from "../../app/theme.ts";
import { hatch } from "./draw.ts";
import type { Conveyor } from "./picture.ts";

const X = 16;
const LEGEND = ["live", "padding", "free", "bump", "cursor"] as const;
const W = 352;

function describe(r: Request): string {
  return r.op === "alloc" ? `alloc ${r.label}  ${r.size} B, align ${r.align}` : `free  #${r.id}`;
}

export interface CursorVerdict {
  addr: number;
  error: { code: string; message: string } | null;
}

export class SidePanel {
  private readonly scene: Phaser.Scene;
  private readonly stage: StageInfo;
  private readonly g: Phaser.GameObjects.Graphics;
  private readonly texts: Record<string, Phaser.GameObjects.Text>;
  private readonly legendTexts: Phaser.GameObjects.Text[] = [];
  hintsShown = 0;

  constructor(scene: Phaser.Scene, stage: StageInfo) {
    this.scene = scene;
    this.stage = stage;
    this.g = scene.add.graphics();
    const t = (style: Phaser.Types.GameObjects.Text.TextStyle) => scene.add.text(X, 0, "", style);
    this.texts = {
      goalHead: t(mono(11, COLOURS.dim)).setText("GOAL"),
      goal: t(sans(13, COLOURS.text, W)),
      queueHead: t(mono(11, COLOURS.dim)),
      headOp: t(mono(20, COLOURS.text)),
      headInfo: t(mono(13, COLOURS.text)),
      behind: t(mono(12, COLOURS.dim)),
      arrival: t(mono(12, COLOURS.dim)),
      cursorHead: t(mono(11, COLOURS.dim)).setText("CURSOR  (arrows, Shift = by align)"),
      cursor: t(mono(12, COLOURS.text)).setWordWrapWidth(W, true),
      hintHead: t(mono(11, COLOURS.dim)),
      hints: t(sans(13, COLOURS.pointer, W)),
      metricHead: t(mono(11, COLOURS.dim)).setText("METRICS"),
      metrics: t(mono(13, COLOURS.text)).setLineSpacing(3),
    };
  }

  render(state: AllocState, c: Conveyor, verdict: CursorVerdict | null, mode: string): void {
    const T = this.texts;
    const g = this.g;
    g.clear();
    let y = 64;
    const put = (text: Phaser.GameObjects.Text, gap = 4) => {
      text.setPosition(X, y);
      y += text.height + gap;
    };
    put(T.goalHead!, 2);
    T.goal!.setText(this.stage.goal);
    put(T.goal!, 14);

    const full = c.waitingAllocs >= c.capacity;
    T.queueHead!.setText(`REQUEST QUEUE  ${c.waitingAllocs} waiting` + (c.capacity < 50 ? ` / holds ${c.capacity}` : ""));
    put(T.queueHead!, 6);
    if (c.capacity < 50) {
      // Capacity as slots: filled squares for waiting allocations, so fullness reads without colour.
      const size = 14;
      for (let i = 0; i < c.capacity; i++) {
        const x = X + 250 + i * (size + 4);
        if (i < c.waitingAllocs) {
          g.fillStyle(full ? COLOURS.error : COLOURS.liveEdge, 1).fillRect(x, y - 20, size, size);
        } else {
          g.lineStyle(1, COLOURS.dim, 1).strokeRect(x + 0.5, y - 19.5, size - 1, size - 1);
        }
      }
    }
    const cardTop = y;
    g.fillStyle(COLOURS.panel, 1).fillRect(X, cardTop, W, 62);
    g.lineStyle(2, c.head ? COLOURS.selection : COLOURS.panelEdge, 1).strokeRect(X + 1, cardTop + 1, W - 2, 60);
    y += 8;
    T.headOp!.setX(X + 12);
    if (c.head && c.head.op === "alloc") {
      T.headOp!.setText(`▶ ${c.head.label}`);
      T.headInfo!.setText(`size ${c.head.size} B · align ${c.head.align} · req #${c.head.id}`);
    } else {
      T.headOp!.setText(state.phase === "playing" ? "▶ (waiting)" : state.phase === "won" ? "▶ all served" : "▶ stopped");
      T.headInfo!.setText(state.phase === "playing" ? "no allocation at the head yet" : "");
    }
    T.headOp!.setPosition(X + 12, y);
    y += T.headOp!.height + 2;
    T.headInfo!.setPosition(X + 12, y);
    y = cardTop + 70;
    const shown = c.behind.slice(0, 4).map((r) => "  " + describe(r));
    if (c.behind.length > 4) shown.push(`  … ${c.behind.length - 4} more`);
    T.behind!.setText(shown.length ? "behind it:\n" + shown.join("\n") : "behind it: nothing");
    put(T.behind!, 2);
    T.arrival!.setText(c.nextArrivalIn === null ? "no more requests coming" : c.nextArrivalIn === 0 ? "next request arriving now" : `next request in ${c.nextArrivalIn} ticks`);
    put(T.arrival!, 14);

    if (mode === "play") {
      put(T.cursorHead!, 2);
      T.cursorHead!.setVisible(true);
      T.cursor!.setVisible(true);
      if (!verdict || !c.head || c.head.op !== "alloc" || state.phase !== "playing") {
        T.cursor!.setText(verdict ? hex(verdict.addr, 4) : "–").setColor(css(COLOURS.text));
      } else if (verdict.error) {
        T.cursor!.setText(`${hex(verdict.addr, 4)}  ✗ ${verdict.error.code}\n${verdict.error.message}`).setColor(css(COLOURS.error));
      } else {
        T.cursor!.setText(`${hex(verdict.addr, 4)}  ✓ fits ${hex(verdict.addr)}..${hex(verdict.addr + c.head.size)}  (Enter)`).setColor(css(COLOURS.text));
      }
      put(T.cursor!, 14);
    } else {
      T.cursorHead!.setVisible(false);
      T.cursor!.setVisible(false);
    }

    const hints = this.stage.hints;
    T.hintHead!.setText(`HINTS (H)  ${this.hintsShown}/${hints.length} shown`);
    put(T.hintHead!, 2);
    T.hints!.setText(hints.slice(0, this.hintsShown).map((h, i) => `${i + 1}. ${h}`).join("\n"));
    if (this.hintsShown) put(T.hints!, 14);
    else y += 10;

    const m = allocateFast.metrics(state);
    put(T.metricHead!, 2);
    const labelW = Math.max(...this.stage.metrics.map((i) => i.label.length));
    T.metrics!.setText(this.stage.metrics.map((i) => `${i.label.padEnd(labelW)}  ${formatMetric(i, m[i.key], this.stage.tickMs)}`).join("\n"));
    put(T.metrics!, 4);
    this.legend(mode === "replay" ? y + 10 : Math.max(y + 8, 698));
  }

  /** Swatches drawn with the heap's own fills and patterns, each followed by its word. */
  private legend(y: number): void {
    const g = this.g;
    const s = 11;
    let x = X;
    LEGEND.forEach((word, i) => {
      if (i === 0) {
        g.fillStyle(COLOURS.live, 1).fillRect(x, y + 1, s, s);
        g.lineStyle(1, COLOURS.liveEdge, 1).strokeRect(x + 0.5, y + 1.5, s - 1, s - 1);
      } else if (i === 1) {
        g.fillStyle(COLOURS.padding, 0.18).fillRect(x, y + 1, s, s);
        g.lineStyle(1, COLOURS.padding, 0.9);
        hatch(g, { x, y: y + 1, w: s, h: s }, 4);
      } else if (i === 2) {
        g.fillStyle(COLOURS.free, 1).fillRect(x, y + 1, s, s);
        g.lineStyle(1, COLOURS.dim, 1).strokeRect(x + 0.5, y + 1.5, s - 1, s - 1);
      } else if (i === 3) {
        g.fillStyle(COLOURS.pointer, 1).fillTriangle(x, y + 2, x + s, y + 2, x + s / 2, y + s);
      } else {
        g.lineStyle(2, COLOURS.selection, 1).strokeRect(x + 1, y + 2, s - 2, s - 2);
      }
      const t = this.legendTexts[i] ?? this.scene.add.text(0, 0, word, mono(11, COLOURS.dim));
      this.legendTexts[i] = t.setPosition(x + s + 5, y);
      x += s + 5 + t.width + 14;
    });
  }

  revealHint(): boolean {
    if (this.hintsShown >= this.stage.hints.length) return false;
    this.hintsShown++;
    return true;
  }

  destroy(): void {
    this.g.destroy();
    for (const t of [...Object.values(this.texts), ...this.legendTexts]) t.destroy();
  }
}
