/**
 * The host's dashboard during a round: every student's board as a live thumbnail (click one to open it full
 * size), the leaderboard, the class's histogram on the stage's first metric, students' rejected attempts by
 * error code, the counts, and the controls with their keys — pause/resume, lock, late join, end, project the
 * leaderboard, and a hint for everyone.
 */
import type Phaser from "phaser";
import type { MetricInfo } from "../../shared/engine/level.ts";
import { LEVELS } from "../../shared/levels/index.ts";
import { COLOURS, mono, WIDTH } from "../app/theme.ts";
import { HistogramPanel } from "../class/histogram.ts";
import { LeaderboardPanel } from "../class/leaderboard.ts";
import { studentsOf, type ClassSnapshot } from "../class/roster.ts";
import { ThumbGrid } from "../class/thumb-grid.ts";
import type { KeyHelp } from "../ui/help.ts";
import { TextField } from "../ui/text-field.ts";
import { ClassScene, heading } from "./class-base.ts";

const RIGHT = 884;
const RW = WIDTH - RIGHT - 16;

export class ClassHostScene extends ClassScene {
  private title!: Phaser.GameObjects.Text;
  private phaseText!: Phaser.GameObjects.Text;
  private counts!: Phaser.GameObjects.Text;
  private failuresText!: Phaser.GameObjects.Text;
  private grid: ThumbGrid | null = null;
  private leaders!: LeaderboardPanel;
  private hist!: HistogramPanel;
  private hintField: TextField | null = null;
  private dirty = true;
  private lastDraw = 0;
  private leaving = false;

  constructor() {
    super("class-host");
  }

  protected keyHelp(): KeyHelp {
    return [
      ["P", "pause / resume the round"], ["L", "lock / unlock edits"], ["J", "late join on / off"], ["E", "end the round now"],
      ["D", "projector shows the leaderboard"], ["H", "type a hint for everyone"], ["click", "open a board full size"],
      ["Esc Esc", "leave the class"],
    ];
  }

  create(): void {
    if (!this.setupClass()) return;
    this.dirty = true;
    this.leaving = false;
    this.title = this.add.text(16, 6, "", mono(15, COLOURS.text));
    this.phaseText = this.add.text(WIDTH - 16, 24, "", mono(22, COLOURS.pointer)).setOrigin(1, 0);
    this.counts = this.add.text(RIGHT, 60, "", mono(15, COLOURS.text));
    this.grid = new ThumbGrid(this, { x: 16, y: 60, w: RIGHT - 28, h: 540 }, (id) => this.scene.start("class-board", { board: id }));
    this.leaders = new LeaderboardPanel(this, RIGHT, 110, 13, 9);
    this.hist = new HistogramPanel(this, RIGHT, 330, RW, 130, 11);
    heading(this, RIGHT, 472, "REJECTED ATTEMPTS");
    this.failuresText = this.add.text(RIGHT, 492, "", mono(12, COLOURS.text)).setLineSpacing(3).setWordWrapWidth(RW);
    this.hintField = new TextField(this.game.canvas, {
      x: 16, y: 664, w: 640, h: 44, label: "hint for everyone", placeholder: "a hint for every student (Enter sends)", maxLength: 280, size: 16,
      onSubmit: () => this.sendHint(),
    });
    this.listen({
      state: (s) => this.onState(s),
      synced: () => { this.dirty = true; },
      events: () => { this.dirty = true; },
      finished: () => { this.dirty = true; },
      unwatched: () => { this.dirty = true; },
      failures: () => { this.dirty = true; },
      results: () => this.scene.start("class-results"),
      hint: () => undefined, // the host wrote it: the message line already says it was sent
    });
    this.onState(this.link.snap);
  }

  private onState(s: ClassSnapshot): void {
    if (s.phase === "lobby" || s.phase === "countdown") return void this.scene.start("class-lobby");
    this.dirty = true;
    this.title.setText(`CLASS ${s.code} · ${this.stageTitle(s)}`);
    this.phaseText.setText(this.phaseLine(s) + (s.locked ? " · EDITS LOCKED" : ""));
    this.counts.setText(`${s.students} student${s.students === 1 ? "" : "s"} · ${s.spectators} spectator${s.spectators === 1 ? "" : "s"}\n` +
      `projector shows: ${s.director ? `▣ ${studentsOf(s).find((m) => m.id === s.director)?.nickname ?? "a board"}` : "the leaderboard"}`);
    const running = s.phase === "running" || s.phase === "paused";
    const y = 612;
    this.buttonGroup("controls", `${s.phase}|${s.locked}|${s.lateJoin}|${s.director}|${this.leaving}`, () => [
      { x: 16, y, w: 150, h: 44, label: s.phase === "paused" ? "Resume" : "Pause", keys: ["p", "P"], target: "class:pause", enabled: running,
        onPress: () => this.link.command(s.phase === "paused" ? "resume" : "pause", {}) },
      { x: 176, y, w: 150, h: 44, label: s.locked ? "Unlock edits" : "Lock edits", keys: ["l", "L"], enabled: running,
        onPress: () => this.link.command("lock", { locked: !s.locked }) },
      { x: 336, y, w: 160, h: 44, label: s.lateJoin ? "Late join: on" : "Late join: off", keys: ["j", "J"], onPress: () => this.link.command("lateJoin", { on: !s.lateJoin }) },
      { x: 506, y, w: 150, h: 44, label: "End round", keys: ["e", "E"], target: "class:end", enabled: running, onPress: () => this.link.command("end", {}) },
      { x: 666, y, w: 206, h: 44, label: "Project leaderboard", keys: ["d", "D"], enabled: s.director !== "", onPress: () => this.link.command("direct", { board: "" }) },
      { x: 666, y: y + 52, w: 206, h: 44, label: "Send hint", keys: ["h", "H"], onPress: () => this.sendHint() },
      { x: RIGHT, y: y + 52, w: RW, h: 44, label: this.leaving ? "Esc again: leave" : "Leave the class", keys: ["Escape"], onPress: () => this.leave() },
    ]);
  }

  update(time: number): void {
    if (!this.dirty || time - this.lastDraw < 100) return;
    this.dirty = false;
    this.lastDraw = time;
    const s = this.link.snap;
    const metric = this.metric(s);
    this.grid?.render(studentsOf(s).map((m) => ({
      id: m.id, nickname: m.nickname, phase: this.link.finished.get(m.id)?.phase ?? m.boardPhase, connected: m.connected,
      failures: Object.values(this.link.failures.get(m.id)?.failures ?? {}).reduce((a, b) => a + b, 0),
      projected: s.director === m.id, run: this.link.replicas.get(m.id)?.run ?? null,
    })));
    this.leaders.render(s, metric);
    this.hist.render(s, metric);
    this.failuresText.setText(this.failureLines(s).join("\n") || "none yet");
  }

  private metric(s: ClassSnapshot): MetricInfo | undefined {
    return LEVELS.get(s.level)?.stages.find((st) => st.id === s.stage)?.metrics[0];
  }

  /** "bob  E_MISALIGNED ×3 · E_OVERLAP ×1", most failures first. */
  private failureLines(s: ClassSnapshot): string[] {
    const present = new Set(studentsOf(s).map((m) => m.id));
    const rows = [...this.link.failures.entries()].filter(([id]) => present.has(id))
      .map(([, f]) => ({ nick: f.nickname, total: Object.values(f.failures).reduce((a, b) => a + b, 0), f: f.failures }))
      .sort((a, b) => b.total - a.total);
    const lines = rows.slice(0, 7).map((r) => `${r.nick.slice(0, 12).padEnd(12)} ${Object.entries(r.f).map(([c, n]) => `${c} ×${n}`).join(" · ")}`);
    if (rows.length > 7) lines.push(`… and ${rows.length - 7} more students`);
    return lines;
  }

  private sendHint(): void {
    const text = this.hintField?.value.trim() ?? "";
    if (!text) {
      this.hintField?.focus();
      return;
    }
    this.link.command("hint", { text });
    this.hintField!.value = "";
    this.say(null, `hint sent: ${text}`);
  }

  private leave(): void {
    if (this.leaving) return this.quit();
    this.leaving = true;
    this.say(null, "Press Esc again to leave: without its host the class can no longer be paused or ended.");
    this.onState(this.link.snap);
  }

  protected teardown(): void {
    this.grid?.destroy();
    this.grid = null;
    this.hintField?.destroy();
    this.hintField = null;
  }
}
