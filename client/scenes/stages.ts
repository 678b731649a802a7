/**
 * Stage select: the level's stages as a ladder, each with its goal, whether it is cleared, the player's best
 * (the best verified win from /api/players/me, or this browser's record when the server cannot be asked), and
 * a way to its replays. Many stages make the rungs compact (goal on one line). Number keys start a stage
 * (0 is the tenth); R opens the level's replays; Esc goes back to the doors.
 */
import type Phaser from "phaser";
import type { AnyLevel, StageInfo } from "../../shared/engine/level.ts";
import { LEVELS } from "../../shared/levels/index.ts";
import { fetchMe } from "../app/api.ts";
import { formatMetricShort } from "../app/format.ts";
import { knownPlayer } from "../app/player.ts";
import { stageProgress } from "../app/progress.ts";
import { showRoute } from "../app/router.ts";
import { COLOURS, css, mono, sans, WIDTH } from "../app/theme.ts";
import { fitOneLine } from "../ui/fit.ts";
import type { KeyHelp } from "../ui/help.ts";
import { BaseScene } from "./base.ts";

const X = 120;
const W = WIDTH - 2 * X;
const TOP = 132;
const BOTTOM = 628;
const GAP = 6;
const REPLAYS_W = 104;

function stageKey(id: number): string {
  return id === 10 ? "0" : String(id);
}

export class StagesScene extends BaseScene {
  private level: AnyLevel | null = null;
  private bestTexts = new Map<number, Phaser.GameObjects.Text>();
  private clearedTexts = new Map<number, Phaser.GameObjects.Text>();

  constructor() {
    super("stages");
  }

  init(data: { level?: string }): void {
    this.level = LEVELS.get(data.level ?? "") ?? null;
  }

  protected keyHelp(): KeyHelp {
    return [["1 – 9, 0", "start that stage (0 = stage 10)"], ["R", "replays of this level"], ["Tab", "reach a stage's Replays button"], ["Esc", "back to the doors"]];
  }

  create(): void {
    this.setup();
    this.bestTexts = new Map();
    this.clearedTexts = new Map();
    const level = this.level;
    if (!level) {
      this.scene.start("title");
      return;
    }
    showRoute({ scene: "stages", level: level.id });
    this.add.text(X, 34, level.title, mono(34, COLOURS.text));
    this.add.text(X, 84, level.blurb, sans(16, COLOURS.dim, W)).setMaxLines(2);
    const n = level.stages.length;
    const cardH = Math.min(150, Math.floor((BOTTOM - TOP) / n) - GAP);
    const roomy = cardH >= 100;
    level.stages.forEach((s, i) => {
      const y = TOP + i * (cardH + GAP);
      const progress = stageProgress(level.id, s.id);
      const cardW = W - REPLAYS_W - 8;
      this.button({ x: X, y, w: cardW, h: cardH, label: "", keys: [stageKey(s.id)], target: `stage:${s.id}`, onPress: () => this.startStage(s.id) });
      this.button({
        x: X + W - REPLAYS_W, y, w: REPLAYS_W, h: cardH, label: "Replays", ...(roomy ? { sub: "of this stage" } : {}), target: `stage:${s.id}:replays`,
        onPress: () => this.scene.start("library", { level: level.id, stage: s.id }),
      });
      const cleared = progress?.won ? "■ cleared" : "□ not cleared";
      const clearedColour = progress?.won ? COLOURS.pointer : COLOURS.dim;
      if (roomy) {
        this.add.text(X + 40, y + 16, `${s.id}. ${s.title}`, sans(22, COLOURS.text));
        this.clearedTexts.set(s.id, this.add.text(X + cardW - 20, y + 18, cleared, mono(14, clearedColour)).setOrigin(1, 0));
        this.add.text(X + 40, y + 52, s.goal, sans(14, COLOURS.text, cardW - 80)).setMaxLines(2);
        this.add.text(X + 40, y + 92, `Concept: ${s.concept}`, sans(13, COLOURS.dim, cardW - 80)).setMaxLines(1);
        this.bestTexts.set(s.id, this.add.text(X + 40, y + cardH - 24, "", mono(12, COLOURS.dim)));
      } else {
        this.add.text(X + 34, y + 5, `${s.id}. ${s.title}`, sans(16, COLOURS.text));
        this.clearedTexts.set(s.id, this.add.text(X + cardW - 12, y + 7, cleared, mono(11, clearedColour)).setOrigin(1, 0));
        this.bestTexts.set(s.id, this.add.text(X + cardW - 120, y + 7, "", mono(11, COLOURS.dim)).setOrigin(1, 0));
        if (cardH >= 40) fitOneLine(this.add.text(X + 34, y + 27, s.goal, sans(12, COLOURS.dim)), cardW - 50);
      }
      this.showBest(s, progress ? { source: "this browser", metrics: progress.best } : null);
    });
    this.button({ x: X, y: 648, w: 200, h: 44, label: "Back", keys: ["Escape"], onPress: () => this.scene.start("title") });
    this.button({ x: X + W - 240, y: 648, w: 240, h: 44, label: "All replays", sub: "of this level", keys: ["r", "R"], target: "stages:library",
      onPress: () => this.scene.start("library", { level: level.id }) });
    if (level.id === "race-free-queue") {
      this.button({ x: X + W - 460, y: 648, w: 200, h: 44, label: "Duel", sub: "create or join", keys: ["d", "D"], target: "stages:duel", onPress: () => this.scene.start("duel", {}) });
    }
    void this.loadBests(level);
  }

  private showBest(s: StageInfo, best: { source: string; metrics: Record<string, number> } | null): void {
    const t = this.bestTexts.get(s.id);
    if (!t) return;
    const shown = s.metrics.slice(0, 3).map((m) => `${m.label} ${formatMetricShort(m, best?.metrics[m.key], s.tickMs)}`).join(" · ");
    t.setText(best ? `best (${best.source}): ${shown}` : `${s.hints.length} hints · no best yet`);
  }

  /** Replaces this browser's records with the server's verified bests when the player is known and online. */
  private async loadBests(level: AnyLevel): Promise<void> {
    const player = knownPlayer();
    if (!player) return;
    const got = await fetchMe(player.token);
    if (!this.sys.isActive() || !got.ok) return;
    for (const b of got.value.bests) {
      if (b.level !== level.id) continue;
      const s = level.stages.find((x) => x.id === b.stage);
      if (!s) continue;
      this.showBest(s, { source: "verified", metrics: b.best.metrics });
      this.clearedTexts.get(s.id)?.setText("■ cleared").setColor(css(COLOURS.pointer));
    }
  }

  private startStage(stage: number): void {
    this.scene.start("board", { level: this.level!.id, stage });
  }
}

