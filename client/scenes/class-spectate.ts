/**
 * The projector / spectator view (#/spectate/<CODE>): the board the host directs to the projector, large —
 * or, when none is chosen, the join code (in the lobby) or the leaderboard and the class's histogram. B opens
 * a picker to watch any board instead; F follows the host's choice again. Read-only.
 */
import type Phaser from "phaser";
import { checkNickname } from "../../shared/class.ts";
import type { MetricInfo } from "../../shared/engine/level.ts";
import { runStatus, type Run } from "../../shared/engine/run.ts";
import { LEVELS } from "../../shared/levels/index.ts";
import { publishBoard } from "../app/hooks.ts";
import { currentNickname } from "../app/player.ts";
import { COLOURS, css, FONT_MONO, mono, sans, WIDTH } from "../app/theme.ts";
import type { BoardView } from "../boards/board.ts";
import { BOARDS } from "../boards/index.ts";
import { findClass } from "../class/api.ts";
import { currentClass, enterClass } from "../class/current.ts";
import { HistogramPanel } from "../class/histogram.ts";
import { LeaderboardPanel } from "../class/leaderboard.ts";
import { ClassLink } from "../class/link.ts";
import { classUrl, showClassRoute } from "../class/routes.ts";
import { countdownSeconds, studentsOf, type ClassSnapshot } from "../class/roster.ts";
import type { ButtonSpec } from "../ui/button.ts";
import type { KeyHelp } from "../ui/help.ts";
import { BaseScene } from "./base.ts";
import { ClassScene } from "./class-base.ts";

/** Connects a spectator from a link, then shows the class. */
export class ClassSpectateScene extends ClassScene {
  private code = "";
  private view: BoardView | null = null;
  private viewKey = "";
  private title!: Phaser.GameObjects.Text;
  private phaseText!: Phaser.GameObjects.Text;
  private watching!: Phaser.GameObjects.Text;
  private lobby: Phaser.GameObjects.Text[] = [];
  private leaders: LeaderboardPanel | null = null;
  private hist: HistogramPanel | null = null;
  private picking = false;

  constructor() {
    super("class-spectate");
  }

  init(data: { code?: string }): void {
    this.code = data.code ?? "";
  }

  protected keyHelp(): KeyHelp {
    return [["B", "pick a board to watch"], ["F", "follow the host's choice"], ["Esc", "close the picker / leave"]];
  }

  create(): void {
    const link = currentClass();
    if (!link || link.role !== "spectator") {
      // Opened from a link: connect first, then come back here.
      this.scene.start("class-connect", { code: this.code });
      return;
    }
    if (!this.setupClass()) return;
    this.view = null;
    this.viewKey = "";
    this.lobby = [];
    this.leaders = null;
    this.hist = null;
    this.picking = false;
    this.title = this.add.text(16, 6, "", mono(15, COLOURS.text)).setDepth(40);
    this.phaseText = this.add.text(WIDTH - 16, 26, "", mono(20, COLOURS.pointer)).setOrigin(1, 0).setDepth(40);
    this.watching = this.add.text(16, 30, "", sans(16, COLOURS.pointer)).setDepth(40).setFixedSize(530, 0);
    this.listen({
      state: () => this.refresh(),
      synced: () => this.refresh(),
      events: (board, run, events) => {
        if (!this.view || this.watchedBoard() !== board) return;
        this.view.render(run.state);
        if (events.length) this.view.animate(events);
      },
      unwatched: () => this.refresh(),
      finished: () => this.refresh(),
    });
    this.refresh();
  }

  /** Spectators receive exactly one board at a time (or none). */
  private watchedBoard(): string {
    return [...this.link.replicas.keys()][0] ?? "";
  }

  private refresh(): void {
    const s = this.link.snap;
    if (!s.code) return;
    showClassRoute({ scene: "class-spectate", code: s.code });
    this.title.setText(`CLASS ${s.code} · ${this.stageTitle(s)} · ${s.spectators} spectator${s.spectators === 1 ? "" : "s"}`);
    this.phaseText.setText(this.phaseLine(s) + (s.locked ? " · LOCKED" : ""));
    const board = this.watchedBoard();
    const run = this.link.replicas.get(board)?.run ?? null;
    if (this.picking) {
      this.clearBoard();
      this.clearOverview();
      this.watching.setText("Pick a board to watch (Esc closes)");
    } else if (run) {
      this.clearOverview();
      this.drawBoard(run);
      const who = s.seats.find((m) => m.id === board)?.nickname ?? "a student";
      this.watching.setText(`watching ${who}${board === s.director ? " (the host's choice)" : " (your choice)"}`);
    } else {
      this.clearBoard();
      this.drawOverview(s);
      this.watching.setText("");
    }
    this.buttonGroup("picker", this.pickerKey(s), () => this.pickerButtons(s));
  }

  private pickerKey(s: ClassSnapshot): string {
    return this.picking ? `open|${studentsOf(s).map((m) => m.id + m.nickname).join(",")}` : "closed";
  }

  private pickerButtons(s: ClassSnapshot): ButtonSpec[] {
    if (!this.picking) {
      return [
        { x: 560, y: 27, w: 140, h: 28, label: "Boards…", keys: ["b", "B"], target: "class:pick", onPress: () => this.setPicking(true) },
        { x: 710, y: 27, w: 150, h: 28, label: "Follow host", keys: ["f", "F"], onPress: () => this.link.watch("") },
      ];
    }
    const specs: ButtonSpec[] = [
      { x: 60, y: 80, w: 360, h: 48, label: "Follow the host's choice", keys: ["f", "F"], onPress: () => this.choose("") },
      { x: 440, y: 80, w: 200, h: 48, label: "Close", keys: ["Escape", "b", "B"], onPress: () => this.setPicking(false) },
    ];
    studentsOf(s).slice(0, 60).forEach((m, i) => specs.push({
      x: 60 + (i % 5) * 236, y: 150 + Math.floor(i / 5) * 46, w: 224, h: 40, label: m.nickname,
      target: `class:pick:${i}`, onPress: () => this.choose(m.id),
    }));
    return specs;
  }

  private setPicking(on: boolean): void {
    this.picking = on;
    this.refresh();
  }

  private choose(board: string): void {
    this.link.watch(board);
    this.setPicking(false);
  }

  private drawBoard(run: Run): void {
    const key = `${run.level.id}/${run.stage}/${this.watchedBoard()}`;
    if (!this.view || key !== this.viewKey) {
      this.view?.destroy();
      const factory = BOARDS.get(run.level.id);
      const stage = run.level.stages.find((st) => st.id === run.stage);
      if (!factory || !stage) return;
      this.view = factory(this, { stage, mode: "spectate" });
      this.viewKey = key;
      publishBoard(() => {
        const r = this.link.replicas.get(this.watchedBoard())?.run;
        return r ? { tick: r.state.tick, hash: r.level.hash(r.state), phase: runStatus(r).phase, log: r.log.length } : null;
      });
    }
    this.view.render(run.state);
  }

  private clearBoard(): void {
    this.view?.destroy();
    this.view = null;
    this.viewKey = "";
    publishBoard(null);
  }

  /** No board on the projector: the join code in the lobby, else the leaderboard and the histogram. */
  private drawOverview(s: ClassSnapshot): void {
    for (const t of this.lobby) t.destroy();
    this.lobby = [];
    if (s.phase === "lobby" || s.phase === "countdown") {
      this.leaders?.destroy();
      this.hist?.destroy();
      this.leaders = null;
      this.hist = null;
      const names = studentsOf(s).map((m) => m.nickname);
      this.lobby.push(
        this.add.text(WIDTH / 2, 92, "JOIN CODE", mono(18, COLOURS.dim)).setOrigin(0.5, 0),
        this.add.text(WIDTH / 2, 116, s.code, { fontFamily: FONT_MONO, fontSize: "160px", color: css(COLOURS.pointer), resolution: 2 })
          .setOrigin(0.5, 0).setLetterSpacing(24),
        this.add.text(WIDTH / 2, 320, classUrl({ scene: "class-join", code: s.code }), mono(26, COLOURS.text)).setOrigin(0.5, 0),
        this.add.text(WIDTH / 2, 390, s.phase === "countdown" ? `STARTING IN ${countdownSeconds(s)}` : `${names.length} joined: ${names.slice(0, 30).join("  ·  ")}`,
          sans(s.phase === "countdown" ? 44 : 22, s.phase === "countdown" ? COLOURS.pointer : COLOURS.text, 1100)).setOrigin(0.5, 0).setAlign("center"),
      );
      return;
    }
    const metric: MetricInfo | undefined = LEVELS.get(s.level)?.stages.find((st) => st.id === s.stage)?.metrics[0];
    this.leaders ??= new LeaderboardPanel(this, 60, 110, 24, 14);
    this.hist ??= new HistogramPanel(this, 860, 140, 380, 300, 14);
    this.leaders.render(s, metric);
    this.hist.render(s, metric);
  }

  private clearOverview(): void {
    this.leaders?.destroy();
    this.hist?.destroy();
    this.leaders = null;
    this.hist = null;
    for (const t of this.lobby) t.destroy();
    this.lobby = [];
  }

  protected onKey(e: KeyboardEvent): boolean {
    if (e.key === "Escape" && !this.picking) {
      this.quit();
      return true;
    }
    return false;
  }

  protected teardown(): void {
    this.clearBoard();
  }
}

/** Joins a class as a spectator from a #/spectate/<CODE> link (nickname: this browser's, or "projector"). */
export class ClassConnectScene extends BaseScene {
  private code = "";
  private status!: Phaser.GameObjects.Text;

  constructor() {
    super("class-connect");
  }

  init(data: { code?: string }): void {
    this.code = data.code ?? "";
  }

  protected keyHelp(): KeyHelp {
    return [["Esc", "back to the title"]];
  }

  create(): void {
    this.setup();
    this.add.text(WIDTH / 2, 260, `CLASS ${this.code}`, mono(44, COLOURS.text)).setOrigin(0.5);
    this.status = this.add.text(WIDTH / 2, 330, "connecting as a spectator…", sans(20, COLOURS.dim, 900)).setOrigin(0.5, 0).setAlign("center");
    this.button({ x: WIDTH / 2 - 120, y: 470, w: 240, h: 48, label: "Back", keys: ["Escape"], onPress: () => this.scene.start("title") });
    void this.connect();
  }

  private async connect(): Promise<void> {
    const found = await findClass(this.code);
    if (!this.sys.isActive()) return;
    if (!found.ok) return void this.status.setText(`✗ ${found.error.code}  ${found.error.message}`).setColor(css(COLOURS.error));
    const nick = checkNickname(currentNickname()).ok ? currentNickname() : "projector";
    const link = await ClassLink.join(found.value.roomId, "spectator", nick);
    if (!link.ok) return void (this.sys.isActive() && this.status.setText(`✗ ${link.error.code}  ${link.error.message}`).setColor(css(COLOURS.error)));
    if (!this.sys.isActive()) return link.value.close();
    enterClass(link.value);
    this.scene.start("class-spectate", { code: found.value.code });
  }
}
