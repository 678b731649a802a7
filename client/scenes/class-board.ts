/**
 * The host's full-size view of one student's board (the level's own board view, read-only), with that
 * student's rejected attempts, "project" (the projector follows this board) and kick with a reason.
 */
import type Phaser from "phaser";
import type { Run } from "../../shared/engine/run.ts";
import { runStatus } from "../../shared/engine/run.ts";
import { publishBoard, publishCells } from "../app/hooks.ts";
import { COLOURS, mono, WIDTH } from "../app/theme.ts";
import type { BoardView } from "../boards/board.ts";
import { BOARDS } from "../boards/index.ts";
import type { KeyHelp } from "../ui/help.ts";
import { TextField } from "../ui/text-field.ts";
import { ClassScene } from "./class-base.ts";

export class ClassBoardScene extends ClassScene {
  private board = "";
  private view: BoardView | null = null;
  private viewKey = "";
  private title!: Phaser.GameObjects.Text;
  private phaseText!: Phaser.GameObjects.Text;
  private reason: TextField | null = null;
  private kicking = false;

  constructor() {
    super("class-board");
  }

  init(data: { board: string }): void {
    this.board = data.board;
  }

  protected keyHelp(): KeyHelp {
    return [["P", "show this board on the projector"], ["K", "kick this student (type a reason, K again)"], ["Esc", "back to the grid"]];
  }

  create(): void {
    if (!this.setupClass()) return;
    this.view = null;
    this.viewKey = "";
    this.kicking = false;
    this.title = this.add.text(16, 6, "", mono(15, COLOURS.text)).setDepth(40);
    this.message.setWordWrapWidth(455).setMaxLines(1);
    this.phaseText = this.add.text(WIDTH - 16, 27, "", mono(18, COLOURS.pointer)).setOrigin(1, 0).setDepth(40);
    this.listen({
      state: () => this.refresh(),
      synced: (board, run) => { if (board === this.board) this.draw(run); },
      events: (board, run, events) => {
        if (board !== this.board) return;
        this.view?.render(run.state);
        if (events.length) this.view?.animate(events);
        this.refresh();
      },
      finished: () => this.refresh(),
      failures: () => this.refresh(),
      unwatched: (board) => { if (board === this.board) this.scene.start("class-host"); },
      results: () => this.scene.start("class-results"),
    });
    const run = this.link.replicas.get(this.board)?.run;
    if (run) this.draw(run);
    else this.link.watch(this.board);
    this.refresh();
  }

  private draw(run: Run): void {
    const key = `${run.level.id}/${run.stage}`;
    if (!this.view || key !== this.viewKey) {
      this.view?.destroy();
      const factory = BOARDS.get(run.level.id);
      const stage = run.level.stages.find((s) => s.id === run.stage);
      if (!factory || !stage) return;
      this.view = factory(this, { stage, mode: "spectate" });
      this.viewKey = key;
      const view = this.view;
      publishCells((addr) => view.cellCenter(addr));
      publishBoard(() => {
        const r = this.link.replicas.get(this.board)?.run;
        return r ? { tick: r.state.tick, hash: r.level.hash(r.state), phase: runStatus(r).phase, log: r.log.length } : null;
      });
    }
    this.view.render(run.state);
  }

  private refresh(): void {
    const s = this.link.snap;
    if (s.phase === "lobby" || s.phase === "countdown") return void this.scene.start("class-lobby");
    const seat = s.seats.find((m) => m.id === this.board);
    if (!seat) return void this.scene.start("class-host");
    const f = this.link.failures.get(this.board)?.failures ?? {};
    const fails = Object.entries(f).map(([c, n]) => `${c} ×${n}`).join(" · ");
    this.title.setText(`${seat.nickname}'s board · ${this.stageTitle(s)}`);
    this.phaseText.setText(this.phaseLine(s));
    if (!this.kicking) this.say(null, `${seat.boardPhase === "won" ? "✓ won" : seat.boardPhase === "lost" ? "✗ lost" : "▶ playing"}` +
      `${seat.rank ? ` · rank ${seat.rank}` : ""} · rejected attempts: ${fails || "none"}`);
    const projected = s.director === this.board;
    // The second header row: the student's status (or the kick reason field) on the left, these in the middle.
    this.buttonGroup("controls", `${projected}|${this.kicking}`, () => [
      { x: 480, y: 27, w: 120, h: 28, label: "◀ Grid", keys: ["Escape"], onPress: () => this.scene.start("class-host") },
      { x: 610, y: 27, w: 190, h: 28, label: projected ? "▣ On the projector" : "Project", keys: ["p", "P"], target: "class:project", enabled: !projected,
        onPress: () => this.link.command("direct", { board: this.board }) },
      { x: 810, y: 27, w: 150, h: 28, label: this.kicking ? "Confirm kick" : "Kick…", keys: ["k", "K"], target: "class:kick", onPress: () => this.kick() },
    ]);
  }

  private kick(): void {
    if (!this.kicking) {
      this.kicking = true;
      this.reason = new TextField(this.game.canvas, {
        x: 16, y: 26, w: 450, h: 30, label: "kick reason", placeholder: "reason the student will read (optional)", maxLength: 140, size: 16,
        onSubmit: () => this.kick(),
      });
      this.reason.focus();
      this.say(null, "");
      return this.refresh();
    }
    this.link.command("kick", { student: this.board, reason: this.reason?.value.trim() ?? "" });
    this.scene.start("class-host");
  }

  protected teardown(): void {
    this.view?.destroy();
    this.view = null;
    this.reason?.destroy();
    this.reason = null;
    publishBoard(null);
    publishCells(null);
  }
}
