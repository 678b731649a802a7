/**
 * Stage select: the level's stages as a ladder, each with its goal, the concept it teaches, how many hints it
 * has, and this browser's best metrics. Number keys start a stage; Esc goes back to the doors.
 */
import type { AnyLevel } from "../../shared/engine/level.ts";
import { LEVELS } from "../../shared/levels/index.ts";
import { formatMetric } from "../app/format.ts";
import { stageProgress } from "../app/progress.ts";
import { showRoute } from "../app/router.ts";
import { COLOURS, mono, sans, WIDTH } from "../app/theme.ts";
import type { KeyHelp } from "../ui/help.ts";
import { BaseScene } from "./base.ts";

const X = 120;
const W = WIDTH - 2 * X;

export class StagesScene extends BaseScene {
  private level: AnyLevel | null = null;

  constructor() {
    super("stages");
  }

  init(data: { level?: string }): void {
    this.level = LEVELS.get(data.level ?? "") ?? null;
  }

  protected keyHelp(): KeyHelp {
    return [["1 – 9", "start that stage"], ["Esc", "back to the doors"]];
  }

  create(): void {
    this.setup();
    const level = this.level;
    if (!level) {
      this.scene.start("title");
      return;
    }
    showRoute({ scene: "stages", level: level.id });
    this.add.text(X, 40, level.title, mono(34, COLOURS.text));
    this.add.text(X, 92, level.blurb, sans(16, COLOURS.dim, W));
    const cardH = 150;
    level.stages.forEach((s, i) => {
      const y = 140 + i * (cardH + 16);
      const progress = stageProgress(level.id, s.id);
      this.button({ x: X, y, w: W, h: cardH, label: "", keys: [String(s.id)], target: `stage:${s.id}`, onPress: () => this.startStage(s.id) });
      this.add.text(X + 40, y + 16, `${s.id}. ${s.title}`, sans(22, COLOURS.text));
      this.add.text(X + W - 20, y + 18, progress?.won ? "■ cleared" : "□ not cleared", mono(14, progress?.won ? COLOURS.pointer : COLOURS.dim)).setOrigin(1, 0);
      this.add.text(X + 40, y + 52, s.goal, sans(14, COLOURS.text, W - 80));
      this.add.text(X + 40, y + 92, `Concept: ${s.concept}`, sans(13, COLOURS.dim, W - 80));
      const best = progress
        ? s.metrics.map((m) => `${m.label} ${formatMetric(m, progress.best[m.key], s.tickMs)}`).join("  ·  ")
        : "no best yet";
      this.add.text(X + 40, y + cardH - 24, `${s.hints.length} hints  ·  best: ${best}`, mono(12, COLOURS.dim));
    });
    this.button({ x: X, y: 640, w: 200, h: 44, label: "Back", keys: ["Escape"], onPress: () => this.scene.start("title") });
  }

  private startStage(stage: number): void {
    this.scene.start("board", { level: this.level!.id, stage });
  }
}
