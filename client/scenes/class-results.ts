/**
 * The end of a class round, for everyone: the ranking (rank, nickname, ✓/✗, the stage's metrics, time,
 * rejected attempts), the class's histogram on the first metric, and for a student their own place in large
 * type. The host downloads the CSV and moves the class to the next stage; a new round takes everyone back to
 * the lobby or the waiting room.
 */
import type Phaser from "phaser";
import type { MetricInfo } from "../../shared/engine/level.ts";
import { LEVELS } from "../../shared/levels/index.ts";
import { formatMetric } from "../app/format.ts";
import { COLOURS, css, mono, sans, WIDTH } from "../app/theme.ts";
import { downloadCsv } from "../class/api.ts";
import { HistogramPanel } from "../class/histogram.ts";
import type { Results } from "../class/link.ts";
import { clock, type ClassSnapshot } from "../class/roster.ts";
import type { KeyHelp } from "../ui/help.ts";
import { ClassScene, heading } from "./class-base.ts";

const MAX_ROWS = 14;
const RX = 990;
const RW = WIDTH - RX - 24;

export class ClassResultsScene extends ClassScene {
  private csvNote!: Phaser.GameObjects.Text;
  private leaving = false;

  constructor() {
    super("class-results");
  }

  protected keyHelp(): KeyHelp {
    return this.link?.role === "host"
      ? [["C", "download the results as CSV"], ["N", "next stage (back to the lobby)"], ["Esc Esc", "leave the class"]]
      : [["P", "compare your run with the class and the world"], ["Esc Esc", "leave the class"]];
  }

  create(): void {
    if (!this.setupClass()) return;
    this.leaving = false;
    const results = this.link.results;
    const s = this.link.snap;
    if (!results) return void this.scene.start(this.link.role === "host" ? "class-host" : this.link.role === "student" ? "class-student" : "class-spectate");
    const stage = LEVELS.get(s.level)?.stages.find((st) => st.id === results.stage);
    const metrics = stage?.metrics ?? [];
    this.add.text(16, 6, `CLASS ${s.code} · ${this.stageTitle(s)}`, mono(15, COLOURS.text));
    this.add.text(40, 52, "ROUND RESULTS", mono(34, COLOURS.text));
    const mine = results.rows.find((r) => r.board === this.link.me);
    if (this.link.role === "student") {
      const line = mine ? `#${mine.rank} of ${results.rows.length}  ${mine.phase === "won" ? "✓ cleared" : mine.phase === "lost" ? "✗ lost" : "… unfinished"}` : "you were not ranked";
      this.add.text(WIDTH - 60, 44, line, mono(40, mine?.rank === 1 ? COLOURS.pointer : COLOURS.text)).setOrigin(1, 0);
    }
    this.table(results, metrics, s, 110);
    const hist = new HistogramPanel(this, RX, 120, RW, 200, 12);
    hist.render(s, metrics[0]);
    this.csvNote = this.add.text(RX, 470, "", sans(14, COLOURS.dim, RW));
    this.listen({
      state: (snap) => this.onState(snap),
      results: () => this.scene.restart(),
    });
    this.onState(s);
  }

  private table(results: Results, metrics: readonly MetricInfo[], s: ClassSnapshot, y0: number): void {
    const cols = metrics.filter((m) => m.key !== "ticks").slice(0, 3);
    const x = { rank: 40, nick: 80, status: 270, metric: 380, time: 380 + cols.length * 130, fails: 470 + cols.length * 130 };
    heading(this, x.rank, y0, "#");
    heading(this, x.nick, y0, "NICKNAME");
    heading(this, x.status, y0, "");
    cols.forEach((m, i) => this.add.text(x.metric + i * 130, y0 - 14, m.label.toUpperCase().replace(" ", "\n"), mono(12, COLOURS.dim)).setLineSpacing(1));
    heading(this, x.time, y0, "TIME");
    heading(this, x.fails, y0, "REJECTED");
    results.rows.slice(0, MAX_ROWS).forEach((r, i) => {
      const y = y0 + 26 + i * 30;
      const me = r.board === this.link.me;
      const colour = me ? COLOURS.pointer : COLOURS.text;
      this.add.text(x.rank, y, String(r.rank), mono(17, colour));
      this.add.text(x.nick, y, r.nickname + (me ? " (you)" : ""), sans(17, colour)).setFixedSize(185, 0);
      this.add.text(x.status, y, r.phase === "won" ? "✓ won" : r.phase === "lost" ? "✗ lost" : "… " + r.phase, mono(14, r.phase === "won" ? COLOURS.liveEdge : COLOURS.dim));
      cols.forEach((m, j) => this.add.text(x.metric + j * 130, y, r.phase === "won" ? formatMetric(m, r.metrics[m.key], s.tickMs) : "–", mono(15, colour)));
      this.add.text(x.time, y, clock(((r.metrics["ticks"] ?? 0) * s.tickMs) / 1000), mono(15, colour));
      const fails = Object.values(r.failures).reduce((a, b) => a + b, 0);
      this.add.text(x.fails, y, fails ? String(fails) : "–", mono(15, fails ? COLOURS.padding : COLOURS.dim));
    });
    if (results.rows.length > MAX_ROWS) this.add.text(x.nick, y0 + 26 + MAX_ROWS * 30, `… and ${results.rows.length - MAX_ROWS} more (all of them are in the CSV)`, sans(14, COLOURS.dim));
    if (results.rows.length === 0) this.add.text(x.nick, y0 + 30, "No students took part.", sans(17, COLOURS.dim));
  }

  private onState(s: ClassSnapshot): void {
    // The host moved on to the next stage: back to the lobby / waiting room.
    if (s.phase === "lobby" || s.phase === "countdown") {
      this.link.results = null;
      return void this.scene.start(this.link.role === "host" ? "class-lobby" : this.link.role === "student" ? "class-student" : "class-spectate");
    }
    const host = this.link.role === "host";
    const more = s.stageIndex + 1 < s.stageCount;
    const results = this.link.results;
    const mine = results?.rows.find((r) => r.board === this.link.me);
    this.buttonGroup("actions", `${more}|${this.leaving}`, () => [
      ...(mine && results ? [
        { x: RX, y: 360, w: RW, h: 52, label: "Compare", sub: "Pareto and histograms: class and world", keys: ["p", "P"], target: "class:compare",
          onPress: () => this.scene.start("result", {
            level: s.level, stage: results.stage, phase: mine.phase, text: "", metrics: mine.metrics, replayId: mine.replayId,
            misconception: "", room: this.link.roomId, back: "class-results",
          }) },
      ] : []),
      ...(host ? [
        { x: RX, y: 360, w: RW, h: 52, label: "Download CSV", sub: "metrics, failures, replay links", keys: ["c", "C"], target: "class:csv", onPress: () => void this.csv() },
        { x: RX, y: 422, w: RW, h: 40, label: more ? "Next stage" : "No next stage", keys: ["n", "N"], target: "class:next", enabled: more,
          onPress: () => this.link.command("nextStage", {}) },
      ] : []),
      { x: RX, y: 640, w: RW, h: 44, label: this.leaving ? "Esc again: leave" : "Leave the class", keys: ["Escape"], onPress: () => this.leave() },
    ]);
  }

  private async csv(): Promise<void> {
    const results = this.link.results;
    const token = this.link.token;
    if (!results || !token) return;
    this.csvNote.setText("downloading…").setColor(css(COLOURS.dim));
    const got = await downloadCsv(results.csv, token, `class-${this.link.snap.code}-stage${results.stage}.csv`);
    if (!this.sys.isActive()) return;
    if (got.ok) this.csvNote.setText(`✓ saved class-${this.link.snap.code}-stage${results.stage}.csv (${got.value.bytes} bytes)`).setColor(css(COLOURS.liveEdge));
    else this.say(got.error);
  }

  private leave(): void {
    if (this.leaving) return this.quit();
    this.leaving = true;
    this.onState(this.link.snap);
  }
}
