/**
 * Result: how the run ended (a shape and a word, not just a colour), the level's sentence about it, the
 * metrics with their labels and units, and the ways on: watch the replay, retry, next stage, stage list.
 */
import type { Phase } from "../../shared/engine/level.ts";
import { LEVELS } from "../../shared/levels/index.ts";
import { formatMetric } from "../app/format.ts";
import { stageProgress } from "../app/progress.ts";
import { COLOURS, mono, sans, WIDTH } from "../app/theme.ts";
import type { KeyHelp } from "../ui/help.ts";
import { BaseScene } from "./base.ts";

export interface ResultData {
  level: string;
  stage: number;
  phase: Phase;
  text: string;
  metrics: Record<string, number>;
  replayId: string | null;
  misconception: string;
}

const X = 140;
const W = WIDTH - 2 * X;

export class ResultScene extends BaseScene {
  private result!: ResultData;

  constructor() {
    super("result");
  }

  init(data: ResultData): void {
    this.result = data;
  }

  protected keyHelp(): KeyHelp {
    return [["W", "watch the replay"], ["R", "retry this stage"], ["N", "next stage"], ["Esc", "stage list"]];
  }

  create(): void {
    this.setup();
    const r = this.result;
    const level = LEVELS.get(r.level);
    const stage = level?.stages.find((s) => s.id === r.stage);
    const won = r.phase === "won";
    const colour = won ? COLOURS.liveEdge : COLOURS.error;
    this.add.text(WIDTH / 2, 50, level && stage ? `${level.title} · stage ${stage.id} · ${stage.title}` : r.level, mono(15, COLOURS.dim)).setOrigin(0.5);
    this.add.text(WIDTH / 2, 104, won ? "✓ CLEARED" : r.phase === "lost" ? "✗ FAILED" : "… STOPPED", mono(44, colour)).setOrigin(0.5);
    let y = 150;
    if (r.misconception) {
      this.add.text(WIDTH / 2, y, `misconception: ${r.misconception}`, mono(14, COLOURS.error)).setOrigin(0.5);
      y += 26;
    }
    const text = this.add.text(WIDTH / 2, y, r.text, sans(17, COLOURS.text, W)).setOrigin(0.5, 0).setAlign("center");
    y += text.height + 28;
    const best = stageProgress(r.level, r.stage)?.best ?? {};
    const g = this.add.graphics();
    const rows = stage?.metrics ?? [];
    g.fillStyle(COLOURS.panel, 1).fillRoundedRect(X + 60, y - 12, W - 120, rows.length * 32 + 48, 8);
    this.add.text(X + 90, y, "METRIC", mono(11, COLOURS.dim));
    this.add.text(X + 480, y, "THIS RUN", mono(11, COLOURS.dim));
    this.add.text(X + W - 90, y, "BEST (WINS)", mono(11, COLOURS.dim)).setOrigin(1, 0);
    y += 24;
    for (const m of rows) {
      this.add.text(X + 90, y, `${m.label} (${m.better} is better)`, sans(15, COLOURS.text));
      this.add.text(X + 480, y, formatMetric(m, r.metrics[m.key], stage!.tickMs), mono(15, COLOURS.text));
      this.add.text(X + W - 90, y, formatMetric(m, best[m.key], stage!.tickMs), mono(15, COLOURS.dim)).setOrigin(1, 0);
      y += 32;
    }
    y = Math.max(y + 40, 520);
    const hasNext = !!level?.stages.some((s) => s.id === r.stage + 1);
    const bw = 200;
    const gap = 20;
    const x0 = (WIDTH - (4 * bw + 3 * gap)) / 2;
    this.button({
      x: x0, y, w: bw, h: 56, label: "Watch replay", ...(r.replayId ? {} : { sub: "not stored" }), keys: ["w", "W"], target: "result:replay",
      enabled: !!r.replayId, onPress: () => this.scene.start("replay", { id: r.replayId }),
    });
    this.button({ x: x0 + (bw + gap), y, w: bw, h: 56, label: "Retry", keys: ["r", "R"], target: "result:retry",
      onPress: () => this.scene.start("board", { level: r.level, stage: r.stage }) });
    this.button({
      x: x0 + 2 * (bw + gap), y, w: bw, h: 56, label: "Next stage", ...(hasNext ? {} : { sub: "last stage" }), keys: ["n", "N"], target: "result:next",
      enabled: hasNext, onPress: () => this.scene.start("board", { level: r.level, stage: r.stage + 1 }),
    });
    this.button({ x: x0 + 3 * (bw + gap), y, w: bw, h: 56, label: "Stages", keys: ["Escape"],
      onPress: () => this.scene.start("stages", { level: r.level }) });
    this.add.text(WIDTH / 2, y + 90, won ? "" : "Retry to try again — H on the board reveals hints.", sans(14, COLOURS.dim)).setOrigin(0.5);
  }
}
