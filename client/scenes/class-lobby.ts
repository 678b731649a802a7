/**
 * The host's lobby: the join code as large as the screen allows (a projector shows it across a classroom), the
 * join link and the projector link, who has joined, and Start (a 3-second countdown). The round starting
 * takes the host to the dashboard.
 */
import type Phaser from "phaser";
import { COLOURS, FONT_MONO, HEIGHT, mono, sans, WIDTH } from "../app/theme.ts";
import { classUrl } from "../class/routes.ts";
import { countdownSeconds, studentsOf, type ClassSnapshot } from "../class/roster.ts";
import type { KeyHelp } from "../ui/help.ts";
import { ClassScene, heading } from "./class-base.ts";

export class ClassLobbyScene extends ClassScene {
  private codeText!: Phaser.GameObjects.Text;
  private urls!: Phaser.GameObjects.Text;
  private title!: Phaser.GameObjects.Text;
  private roster!: Phaser.GameObjects.Text;
  private counts!: Phaser.GameObjects.Text;
  private countdown!: Phaser.GameObjects.Text;
  private leaving = false;

  constructor() {
    super("class-lobby");
  }

  protected keyHelp(): KeyHelp {
    return [["S", "start the round (3 s countdown)"], ["J", "late join on / off"], ["Esc Esc", "leave the class"]];
  }

  create(): void {
    if (!this.setupClass()) return;
    this.leaving = false;
    this.title = this.add.text(16, 6, "", mono(15, COLOURS.text));
    this.add.text(WIDTH / 2, 62, "JOIN CODE", mono(16, COLOURS.dim)).setOrigin(0.5, 0);
    this.codeText = this.add.text(WIDTH / 2, 84, "", { fontFamily: FONT_MONO, fontSize: "150px", color: "#f0e442", resolution: 2 })
      .setOrigin(0.5, 0).setLetterSpacing(24);
    this.urls = this.add.text(WIDTH / 2, 270, "", mono(22, COLOURS.text)).setOrigin(0.5, 0).setLineSpacing(8).setAlign("center");
    this.counts = this.add.text(60, 376, "", sans(22, COLOURS.text));
    heading(this, 720, 376, "WHO HAS JOINED");
    this.roster = this.add.text(720, 402, "", sans(18, COLOURS.text, 520)).setLineSpacing(6);
    this.countdown = this.add.text(WIDTH / 2, HEIGHT / 2, "", { ...mono(200, COLOURS.pointer), backgroundColor: "#0b0e14e0", padding: { x: 60, y: 10 } })
      .setOrigin(0.5).setDepth(80);
    this.listen({
      state: (s) => this.show(s),
      results: () => this.scene.start("class-results"),
    });
    this.show(this.link.snap);
  }

  private show(s: ClassSnapshot): void {
    if (s.phase === "running" || s.phase === "paused") return void this.scene.start("class-host");
    if (s.phase === "ended" && this.link.results) return void this.scene.start("class-results");
    this.title.setText(`CLASS ${s.code} · ${this.stageTitle(s)}`);
    this.codeText.setText(s.code);
    this.urls.setText(`students join at ${classUrl({ scene: "class-join", code: s.code })}\n` +
      `projector: ${classUrl({ scene: "class-spectate", code: s.code })}`);
    const students = studentsOf(s);
    this.counts.setText(`${s.students} student${s.students === 1 ? "" : "s"} · ${s.spectators} spectator${s.spectators === 1 ? "" : "s"}` +
      `   ·   late join ${s.lateJoin ? "allowed" : "off"}`);
    const names = students.map((m) => `${m.connected ? "●" : "○"} ${m.nickname}`);
    // Newest first, as many as fit; ○ marks a student whose connection dropped.
    this.roster.setText(names.length ? names.slice().reverse().slice(0, 40).join("    ") + (names.length > 40 ? "    …" : "") : "nobody yet — share the code");
    this.countdown.setText(s.phase === "countdown" ? String(countdownSeconds(s)) : "").setVisible(s.phase === "countdown");
    this.buttonGroup("controls", `${s.phase}|${s.lateJoin}|${s.students}|${this.leaving}`, () => [
      {
        x: 60, y: 430, w: 320, h: 72, label: s.phase === "countdown" ? "Starting…" : "Start the round", sub: s.students ? "3-second countdown" : "waits for a student",
        keys: ["s", "S"], target: "class:start", enabled: s.phase === "lobby" && s.students > 0, onPress: () => this.link.command("start", { countdownSec: 3 }),
      },
      { x: 400, y: 430, w: 220, h: 72, label: s.lateJoin ? "Late join: on" : "Late join: off", keys: ["j", "J"], onPress: () => this.link.command("lateJoin", { on: !s.lateJoin }) },
      { x: 60, y: 620, w: 220, h: 44, label: this.leaving ? "Esc again: leave" : "Leave the class", keys: ["Escape"], onPress: () => this.closeClass() },
    ]);
  }

  private closeClass(): void {
    if (this.leaving) return this.quit();
    this.leaving = true;
    this.say(null, "Press Esc again to leave: without its host the class can no longer be started, paused or ended.");
    this.show(this.link.snap);
  }
}
