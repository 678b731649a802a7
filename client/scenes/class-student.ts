/**
 * A student in a class: a waiting room until the round starts (with the countdown), then their own board —
 * the level's board view driven by the class stream, actions sent as `act` — with banners while the host has
 * paused the clock or locked edits, the host's hints as toasts, and their place on the leaderboard.
 */
import type Phaser from "phaser";
import type { LevelEvent, SoundCue } from "../../shared/engine/level.ts";
import { runStatus, type Run } from "../../shared/engine/run.ts";
import { LEVELS } from "../../shared/levels/index.ts";
import { publishBoard, publishCells } from "../app/hooks.ts";
import { COLOURS, css, FONT_MONO, HEIGHT, mono, sans, WIDTH } from "../app/theme.ts";
import { play } from "../audio/sounds.ts";
import type { BoardView } from "../boards/board.ts";
import { BOARDS } from "../boards/index.ts";
import { countdownSeconds, studentsOf, type ClassSnapshot } from "../class/roster.ts";
import type { KeyHelp } from "../ui/help.ts";
import { ClassScene } from "./class-base.ts";

export class ClassStudentScene extends ClassScene {
  private view: BoardView | null = null;
  private viewKey = "";
  private title!: Phaser.GameObjects.Text;
  private phaseText!: Phaser.GameObjects.Text;
  private banner!: Phaser.GameObjects.Text;
  private bannerSub!: Phaser.GameObjects.Text;
  private waiting: Phaser.GameObjects.GameObject[] = [];
  private waitText: Phaser.GameObjects.Text | null = null;
  private big: Phaser.GameObjects.Text | null = null;
  private leaving = false;

  constructor() {
    super("class-student");
  }

  protected keyHelp(): KeyHelp {
    return [
      ["click", "place the head request at that byte"], ["← → ↑ ↓", "move the cursor"], ["Enter / Space", "place at the cursor"],
      ["H", "reveal the level's next hint"], ["Esc Esc", "leave the class"],
    ];
  }

  create(): void {
    if (!this.setupClass()) return;
    this.view = null;
    this.viewKey = "";
    this.waiting = [];
    this.waitText = null;
    this.big = null;
    this.leaving = false;
    this.title = this.add.text(16, 6, "", mono(15, COLOURS.text)).setDepth(40);
    this.phaseText = this.add.text(WIDTH - 16, 24, "", mono(18, COLOURS.pointer)).setOrigin(1, 0).setDepth(40);
    this.banner = this.add.text(848, 400, "", {
      ...mono(28, COLOURS.background), backgroundColor: css(COLOURS.pointer), padding: { x: 28, y: 16 }, align: "center",
    }).setOrigin(0.5).setDepth(70).setVisible(false);
    this.bannerSub = this.add.text(848, 470, "", { ...sans(17, COLOURS.text, 760), backgroundColor: "#0b0e14e6", padding: { x: 16, y: 10 } })
      .setOrigin(0.5, 0).setDepth(70).setVisible(false);
    this.listen({
      state: (s) => this.onState(s),
      synced: (board, run) => { if (board === this.link.me) this.drawBoard(run); },
      events: (board, run, events) => { if (board === this.link.me) this.onEvents(run, events); },
      finished: (f) => {
        if (f.board !== this.link.me) return;
        play(f.phase === "won" ? "win" : "lose");
        this.onState(this.link.snap);
      },
      rejected: (error, target) => {
        this.view?.shake(target);
        this.say(error);
      },
      results: () => this.scene.start("class-results"),
    });
    this.onState(this.link.snap);
  }

  private onState(s: ClassSnapshot): void {
    if (!s.code) return;
    if (s.phase === "ended" && this.link.results) return void this.scene.start("class-results");
    const me = s.seats.find((m) => m.id === this.link.me);
    this.title.setText(`CLASS ${s.code} · ${this.stageTitle(s)} · you are ${me?.nickname ?? "?"}`);
    const rank = me?.rank && s.phase !== "lobby" && s.phase !== "countdown" ? `   #${me.rank} of ${s.students}` : "";
    this.phaseText.setText(this.phaseLine(s) + rank);
    const playing = s.phase === "running" || s.phase === "paused" || s.phase === "ended";
    if (!playing) {
      this.showWaiting(s);
    } else {
      this.hideWaiting();
      const run = this.link.replicas.get(this.link.me)?.run;
      if (run && !this.view) this.drawBoard(run);
    }
    this.showBanner(s);
    this.buttonGroup("leave", `${playing}|${this.leaving}`, () => playing ? [] : [
      { x: WIDTH / 2 - 110, y: HEIGHT - 90, w: 220, h: 44, label: this.leaving ? "Esc again: leave" : "Leave the class", keys: ["Escape"], onPress: () => this.leave() },
    ]);
  }

  /** Paused or locked (yellow), or this board's end (blue ✓ / vermillion ✗) with the level's sentence about it. */
  private showBanner(s: ClassSnapshot): void {
    const me = s.seats.find((m) => m.id === this.link.me);
    const fin = this.link.finished.get(this.link.me);
    let text = "";
    let sub = "";
    let colour: number = COLOURS.pointer;
    if (s.phase === "paused") text = "‖  PAUSED BY THE HOST\nthe clock is stopped; placements wait";
    else if (s.locked && s.phase === "running") text = "EDITS LOCKED BY THE HOST\nlook and think; placing is off for now";
    else if (fin && s.phase !== "lobby" && s.phase !== "countdown") {
      text = `${fin.phase === "won" ? "✓ CLEARED" : "✗ " + fin.phase.toUpperCase()}${me?.rank ? `  ·  #${me.rank} of ${s.students}` : ""}\nwaiting for the round to end`;
      sub = fin.text;
      colour = fin.phase === "won" ? COLOURS.liveEdge : COLOURS.error;
    }
    this.banner.setText(text).setBackgroundColor(css(colour)).setVisible(text !== "");
    this.bannerSub.setText(sub).setVisible(sub !== "");
  }

  /** The waiting room: who has joined, and the countdown in very large digits. */
  private showWaiting(s: ClassSnapshot): void {
    this.view?.destroy();
    this.view = null;
    this.viewKey = "";
    publishCells(null);
    if (!this.waitText) {
      const head = this.add.text(WIDTH / 2, 130, "YOU'RE IN", mono(54, COLOURS.text)).setOrigin(0.5);
      this.waitText = this.add.text(WIDTH / 2, 190, "", sans(20, COLOURS.dim, 960)).setOrigin(0.5, 0).setAlign("center").setLineSpacing(6);
      this.big = this.add.text(WIDTH / 2, 500, "", { fontFamily: FONT_MONO, fontSize: "180px", color: css(COLOURS.pointer), resolution: 2 }).setOrigin(0.5);
      this.waiting = [head, this.waitText, this.big];
    }
    const names = studentsOf(s).map((m) => m.nickname);
    const stage = LEVELS.get(s.level)?.stages.find((st) => st.id === s.stage);
    this.waitText.setText(`${s.phase === "countdown" ? "The round starts in…" : "Waiting for the host to start the round."}\n` +
      `${stage ? `Stage ${stage.id}, ${stage.title}: ${stage.goal}\n` : ""}` +
      `${names.length} in the class: ${names.slice(0, 24).join(", ")}${names.length > 24 ? ", …" : ""}`);
    this.big!.setText(s.phase === "countdown" ? String(countdownSeconds(s)) : "");
  }

  private hideWaiting(): void {
    for (const o of this.waiting) o.destroy();
    this.waiting = [];
    this.waitText = null;
    this.big = null;
  }

  private drawBoard(run: Run): void {
    const s = this.link.snap;
    if (!(s.phase === "running" || s.phase === "paused" || s.phase === "ended")) return;
    const key = `${run.level.id}/${run.stage}`;
    if (!this.view || this.viewKey !== key) {
      this.view?.destroy();
      const factory = BOARDS.get(run.level.id);
      const stage = run.level.stages.find((st) => st.id === run.stage);
      if (!factory || !stage) return;
      this.view = factory(this, { stage, mode: "play", onAction: (action, target) => this.link.act(action, target) });
      this.viewKey = key;
      const view = this.view;
      publishCells((addr) => view.cellCenter(addr));
      publishBoard(() => {
        const r = this.link.replicas.get(this.link.me)?.run;
        return r ? { tick: r.state.tick, hash: r.level.hash(r.state), phase: runStatus(r).phase, log: r.log.length } : null;
      });
    }
    this.view.render(run.state);
  }

  private onEvents(run: Run, events: readonly LevelEvent[]): void {
    if (!this.view) return this.drawBoard(run);
    this.view.render(run.state);
    if (!events.length) return;
    this.view.animate(events);
    const cues = new Set<SoundCue>();
    for (const e of events) if (e.sound) cues.add(e.sound);
    for (const c of cues) play(c);
    const said = [...events].reverse().find((e) => e.text);
    if (said?.text) this.say(null, said.text);
  }

  protected onKey(e: KeyboardEvent): boolean {
    if (e.key === "Escape") {
      this.leave();
      return true;
    }
    if (e.key === "h" || e.key === "H") {
      this.view?.revealHint();
      return true;
    }
    return this.view?.key(e) ?? false;
  }

  private leave(): void {
    if (this.leaving) return this.quit();
    this.leaving = true;
    this.say(null, "Press Esc again to leave the class: your board ends there and cannot be resumed.");
    this.onState(this.link.snap);
  }

  protected teardown(): void {
    this.view?.destroy();
    this.view = null;
    publishBoard(null);
    publishCells(null);
  }
}
