/**
 * Result: how the run ended (a shape and a word, not just a colour), the level's sentence about it, the
 * metrics with their labels and units, and the ways on: watch the replay, retry, next stage, the stage's replays,
 * stage list. Beside the metrics, how the run compares with everyone's verified wins on this stage: a histogram
 * per metric with the player's value marked, a Pareto chart over two metrics (X and Y cycle the axes) with the
 * front connected and the player's point highlighted, and the top five (from /api/stats and /api/leaderboard).
 * Opened from a class round's results, the same comparison is scoped to the class room (C switches between the
 * class and the world) and Esc goes back to the class.
 */
import type Phaser from "phaser";
import type { MetricInfo, Phase, StageInfo } from "../../shared/engine/level.ts";
import { LEVELS } from "../../shared/levels/index.ts";
import { fetchLeaderboard, fetchStats, type LeaderRow, type StageStats } from "../app/api.ts";
import { formatMetric, formatMetricShort } from "../app/format.ts";
import { publishStats } from "../app/hooks.ts";
import { currentNickname } from "../app/player.ts";
import { stageProgress } from "../app/progress.ts";
import { registerTarget, unregisterTarget } from "../app/targets.ts";
import { COLOURS, mono, sans, WIDTH } from "../app/theme.ts";
import { drawHistogram, ParetoChart } from "../ui/charts.ts";
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
  /** A class room whose verified wins this run can also be compared with; Esc then returns to that class. */
  room?: string;
  /** The scene Esc returns to (the class results), instead of the stage list. */
  back?: string;
}

const LEFT = 40;
const LEFT_W = 600;
const CHART = { x: 680, w: WIDTH - 40 - 680 } as const;
const BOTTOM = 618;
const ROW_H = 24;
/** Columns of the metrics table. */
const COL = { label: LEFT + 14, run: LEFT + 200, best: LEFT + 334, hist: LEFT + 458, histW: 128 } as const;
const TOP_N = 5;

export class ResultScene extends BaseScene {
  private result!: ResultData;
  private stage: StageInfo | null = null;
  private axes: [number, number] = [0, 1];
  private stats: StageStats | null = null;
  private chart: ParetoChart | null = null;
  private chartTitle: Phaser.GameObjects.Text | null = null;
  private histG: Phaser.GameObjects.Graphics | null = null;
  private histHead: Phaser.GameObjects.Text | null = null;
  private tableTop = 0;
  private boardTop = 0;
  /** The leaderboard's texts and graphics, redrawn when the scope changes. */
  private boardTexts: (Phaser.GameObjects.Text | Phaser.GameObjects.Graphics)[] = [];
  private request = 0;
  private boardRequest = 0;
  /** Compare with the class room (when the run came from one) or with the world. */
  private scope: "world" | "room" = "world";

  constructor() {
    super("result");
  }

  init(data: ResultData): void {
    this.result = data;
    this.scope = data.room ? "room" : "world";
  }

  private get room(): string | undefined {
    return this.scope === "room" ? this.result.room : undefined;
  }

  private get who(): string {
    return this.scope === "room" ? "THE CLASS" : "EVERYONE";
  }

  protected keyHelp(): KeyHelp {
    if (this.result.back) {
      return [["C", "compare with the class / with the world"], ["X / Y", "change the Pareto chart's x / y metric"], ["Esc", "back to the class"]];
    }
    return [
      ["W", "watch the replay"], ["R", "retry this stage"], ["N", "next stage"], ["A", "all replays of this stage"],
      ["X / Y", "change the Pareto chart's x / y metric"], ["Esc", "stage list"],
    ];
  }

  create(): void {
    this.setup();
    this.stats = null;
    this.boardTexts = [];
    const r = this.result;
    const level = LEVELS.get(r.level);
    const stage = level?.stages.find((s) => s.id === r.stage) ?? null;
    this.stage = stage;
    this.axes = [0, Math.min(1, (stage?.metrics.length ?? 1) - 1)];
    const won = r.phase === "won";
    const colour = won ? COLOURS.liveEdge : COLOURS.error;
    this.add.text(WIDTH / 2, 18, level && stage ? `${level.title} · stage ${stage.id} · ${stage.title}` : r.level, mono(14, COLOURS.dim)).setOrigin(0.5, 0);
    this.add.text(WIDTH / 2, 40, won ? "✓ CLEARED" : r.phase === "lost" ? "✗ FAILED" : "… STOPPED", mono(32, colour)).setOrigin(0.5, 0);
    let y = 84;
    if (r.misconception) {
      this.add.text(WIDTH / 2, y, `misconception: ${r.misconception}`, mono(13, COLOURS.error)).setOrigin(0.5, 0);
      y += 20;
    }
    const text = this.add.text(WIDTH / 2, y, r.text, sans(15, COLOURS.text, WIDTH - 120)).setOrigin(0.5, 0).setAlign("center").setMaxLines(3);
    y = Math.max(150, y + text.height + 12);
    this.tableTop = y;
    this.metricsTable(stage?.metrics ?? []);
    this.chart = new ParetoChart(this, { x: CHART.x, y: y + 22, w: CHART.w, h: BOTTOM - y - 22 });
    this.chartTitle = this.add.text(CHART.x, y - 2, "", mono(11, COLOURS.dim));
    registerTarget("result:pareto", () => ({ x: CHART.x + CHART.w / 2, y: (y + 22 + BOTTOM) / 2 }));
    this.buttons_(won);
    publishStats(() => {
      const s = this.stats;
      if (!s) return null;
      const mine = this.mine();
      return { count: s.count, front: s.front.slice(), player: mine ? { x: mine.metrics[s.x] ?? 0, y: mine.metrics[s.y] ?? 0 } : null, scope: this.scope };
    });
    if (stage) {
      this.chart.clear("loading everyone's verified wins…");
      void this.loadStats();
      void this.loadLeaderboard();
    }
  }

  /** The player's run as a point: only wins are comparable (losses never enter the stats). */
  private mine(): { id: string | null; metrics: Record<string, number> } | null {
    return this.result.phase === "won" ? { id: this.result.replayId, metrics: this.result.metrics } : null;
  }

  private metricsTable(rows: readonly MetricInfo[]): void {
    const r = this.result;
    const stage = this.stage;
    let y = this.tableTop;
    const height = 26 + rows.length * ROW_H + 24;
    const g = this.add.graphics();
    g.fillStyle(COLOURS.panel, 1).fillRoundedRect(LEFT, y - 8, LEFT_W, height, 8);
    this.add.text(COL.label, y, "METRIC", mono(10, COLOURS.dim));
    this.add.text(COL.run, y, "THIS RUN", mono(10, COLOURS.dim));
    this.add.text(COL.best, y, "YOUR BEST", mono(10, COLOURS.dim));
    this.histHead = this.add.text(COL.hist, y, this.who, mono(10, COLOURS.dim));
    y += 20;
    const best = stageProgress(r.level, r.stage)?.best ?? {};
    this.histG = this.add.graphics();
    for (const m of rows) {
      const label = this.add.text(COL.label, y + 3, `${m.better === "lower" ? "↓" : "↑"} ${m.label}`, sans(14, COLOURS.text));
      // Long labels are shortened with an ellipsis, never squeezed (text stays crisp).
      for (let cut = m.label.length - 1; label.width > COL.run - COL.label - 10 && cut > 4; cut--) {
        label.setText(`${m.better === "lower" ? "↓" : "↑"} ${m.label.slice(0, cut)}…`);
      }
      this.add.text(COL.run, y + 4, formatMetric(m, r.metrics[m.key], stage!.tickMs), mono(12, COLOURS.text));
      this.add.text(COL.best, y + 4, formatMetric(m, best[m.key], stage!.tickMs), mono(12, COLOURS.dim));
      y += ROW_H;
    }
    this.add.text(LEFT + LEFT_W - 12, y + 4, "↓ lower is better · ↑ higher is better", mono(10, COLOURS.dim)).setOrigin(1, 0);
    this.boardTop = this.tableTop - 8 + height + 30;
  }

  private drawHistograms(): void {
    const s = this.stats;
    const g = this.histG;
    if (!s || !g || !this.stage) return;
    g.clear();
    this.histHead?.setText(`${this.who} (${s.count})  ▼ you`);
    let y = this.tableTop + 20;
    for (const m of this.stage.metrics) {
      const h = s.metrics.find((x) => x.key === m.key)?.histogram;
      if (h && h.counts.length) drawHistogram(g, { x: COL.hist, y, w: COL.histW, h: ROW_H - 2 }, h, this.result.phase === "won" ? this.result.metrics[m.key] : undefined);
      y += ROW_H;
    }
  }

  private async loadStats(): Promise<void> {
    const stage = this.stage!;
    const metrics = stage.metrics;
    const [xi, yi] = this.axes;
    const mine = ++this.request;
    const got = await fetchStats(this.result.level, this.result.stage, metrics[xi]!.key, metrics[yi]!.key, this.room);
    if (!this.sys.isActive() || mine !== this.request) return;
    if (!got.ok) {
      this.chart?.clear(`comparison unavailable\n${got.error.code}: ${got.error.message}`);
      return;
    }
    this.stats = got.value;
    this.drawHistograms();
    this.drawChart();
  }

  private drawChart(): void {
    const s = this.stats;
    const stage = this.stage;
    if (!s || !stage || !this.chart) return;
    const x = stage.metrics.find((m) => m.key === s.x)!;
    const y = stage.metrics.find((m) => m.key === s.y)!;
    const keys = stage.metrics.length > 1 ? "   X / Y change axes" : "";
    const scope = this.result.room ? `${this.scope === "room" ? "class" : "world"} (C: ${this.scope === "room" ? "world" : "class"}) · ` : "";
    this.chartTitle?.setText(`PARETO FRONT · ${scope}${s.count} verified win${s.count === 1 ? "" : "s"} · ■ front  ○ others  ◆ you${keys}`);
    if (s.count === 0 && !this.mine()) {
      this.chart.clear("No verified wins on this stage yet.\nWin it and your point starts the chart.");
      return;
    }
    this.chart.draw({ x, y, tickMs: stage.tickMs, points: s.points, front: s.front, mine: this.mine() });
  }

  /** Cycles one axis among the stage's metrics, never onto the other axis' metric. */
  private cycleAxis(which: 0 | 1): void {
    const n = this.stage?.metrics.length ?? 0;
    if (n < 2) return;
    let next = this.axes[which];
    do next = (next + 1) % n; while (next === this.axes[1 - which]);
    this.axes[which] = next;
    void this.loadStats();
  }

  private async loadLeaderboard(): Promise<void> {
    const stage = this.stage!;
    const metric = stage.metrics[0];
    const top = this.boardTop;
    const head = this.add.text(LEFT, top, `TOP ${TOP_N} · best verified win per player${this.scope === "room" ? " in the class" : ""}, by ${metric?.label ?? "score"}`, mono(11, COLOURS.dim));
    this.boardTexts.push(head);
    const mine = ++this.boardRequest;
    const got = await fetchLeaderboard(this.result.level, this.result.stage, undefined, this.room);
    if (!this.sys.isActive() || !metric || mine !== this.boardRequest) return;
    if (!got.ok) {
      head.setText(`TOP ${TOP_N} · unavailable (${got.error.code})`);
      return;
    }
    this.drawLeaderboard(got.value.rows, metric, top + 20);
  }

  private drawLeaderboard(rows: LeaderRow[], metric: MetricInfo, top: number): void {
    const stage = this.stage!;
    const me = currentNickname();
    const rowH = Math.min(28, Math.floor((BOTTOM - top) / (TOP_N + 1)));
    const g = this.add.graphics();
    this.boardTexts.push(g);
    const t = (x: number, y: number, s: string, style: Phaser.Types.GameObjects.Text.TextStyle) => {
      const o = this.add.text(x, y, s, style);
      this.boardTexts.push(o);
      return o;
    };
    if (!rows.length) {
      t(LEFT + 14, top + 6, "Nobody has a verified win here yet.", sans(14, COLOURS.dim));
      return;
    }
    rows.slice(0, TOP_N).forEach((row, i) => {
      const y = top + i * rowH;
      const isMe = row.replayId === this.result.replayId || row.nickname === me;
      g.fillStyle(isMe ? 0x1d2433 : COLOURS.panel, 1).fillRect(LEFT, y, LEFT_W, rowH - 3);
      if (isMe) g.lineStyle(1, COLOURS.pointer, 1).strokeRect(LEFT + 0.5, y + 0.5, LEFT_W - 1, rowH - 4);
      const mid = y + (rowH - 3) / 2;
      t(LEFT + 14, mid, `#${row.rank}`, mono(13, COLOURS.dim)).setOrigin(0, 0.5);
      t(LEFT + 60, mid, row.nickname + (isMe ? "  (you)" : ""), sans(14, isMe ? COLOURS.pointer : COLOURS.text)).setOrigin(0, 0.5);
      const rest = stage.metrics.slice(1, 3).map((m) => formatMetricShort(m, row.metrics[m.key], stage.tickMs)).join(" · ");
      t(LEFT + 300, mid, formatMetricShort(metric, row.metrics[metric.key], stage.tickMs), mono(13, COLOURS.text)).setOrigin(0, 0.5);
      t(LEFT + LEFT_W - 14, mid, rest, mono(11, COLOURS.dim)).setOrigin(1, 0.5);
    });
    const mine = rows.find((row) => row.nickname === me);
    if (mine && mine.rank > TOP_N) {
      t(LEFT + 14, top + TOP_N * rowH + 2, `you: #${mine.rank} of ${rows.length}`, mono(12, COLOURS.pointer));
    }
  }

  private buttons_(won: boolean): void {
    const r = this.result;
    const level = LEVELS.get(r.level);
    const hasNext = !!level?.stages.some((s) => s.id === r.stage + 1);
    const bw = 200;
    const gap = 16;
    const y = 640;
    const x0 = (WIDTH - (5 * bw + 4 * gap)) / 2;
    const at = (i: number) => x0 + i * (bw + gap);
    this.button({
      x: at(0), y, w: bw, h: 56, label: "Watch replay", ...(r.replayId ? {} : { sub: "not stored" }), keys: ["w", "W"], target: "result:replay",
      enabled: !!r.replayId, onPress: () => this.scene.start("replay", { id: r.replayId }),
    });
    // From a class round, the host decides what is played next: no solo retry or next stage from here.
    const solo = !r.back;
    this.button({ x: at(1), y, w: bw, h: 56, label: "Retry", ...(solo ? (won ? {} : { sub: "H on the board: hints" }) : { sub: "the host runs the class" }), keys: ["r", "R"], target: "result:retry",
      enabled: solo, onPress: () => this.scene.start("board", { level: r.level, stage: r.stage }) });
    this.button({
      x: at(2), y, w: bw, h: 56, label: "Next stage", ...(hasNext ? {} : { sub: "last stage" }), keys: ["n", "N"], target: "result:next",
      enabled: hasNext && solo, onPress: () => this.scene.start("board", { level: r.level, stage: r.stage + 1 }),
    });
    this.button({ x: at(3), y, w: bw, h: 56, label: "Replays", sub: "of this stage", keys: ["a", "A"], target: "result:library",
      onPress: () => this.scene.start("library", { level: r.level, stage: r.stage }) });
    this.button({ x: at(4), y, w: bw, h: 56, label: r.back ? "Back to the class" : "Stages", keys: ["Escape"],
      onPress: () => (r.back ? this.scene.start(r.back) : this.scene.start("stages", { level: r.level })) });
  }

  /** Class ⇄ world: the histograms, the chart and the top five all follow. */
  private toggleScope(): void {
    if (!this.result.room || !this.stage) return;
    this.scope = this.scope === "room" ? "world" : "room";
    for (const o of this.boardTexts) o.destroy();
    this.boardTexts = [];
    this.histHead?.setText(this.who);
    this.histG?.clear();
    this.chart?.clear("loading…");
    void this.loadStats();
    void this.loadLeaderboard();
  }

  protected onKey(e: KeyboardEvent): boolean {
    if (e.key === "x" || e.key === "X") { this.cycleAxis(0); return true; }
    if (e.key === "y" || e.key === "Y") { this.cycleAxis(1); return true; }
    if (e.key === "c" || e.key === "C") { this.toggleScope(); return true; }
    return false;
  }

  protected teardown(): void {
    publishStats(null);
    unregisterTarget("result:pareto");
    this.chart?.destroy();
    this.chart = null;
    this.histG = null;
    this.request++;
    this.boardRequest++;
  }
}
