/**
 * The live board: a lockstep replica of one run, fed by a play session (player or spectator). The board view
 * draws the replica; rejections shake their target and show the rule with its code; a hash mismatch shows a
 * desync warning; the end of the run goes to the result screen. A fork continues a stored replay from a tick:
 * the server rebuilds that state and the sync carries the log so far.
 */
import Phaser from "phaser";
import type { GameError } from "../../shared/engine/errors.ts";
import type { LevelEvent, StageInfo } from "../../shared/engine/level.ts";
import { runStatus, type Run } from "../../shared/engine/run.ts";
import { LEVELS } from "../../shared/levels/index.ts";
import type { ServerMessages } from "../../shared/protocol.ts";
import { noteError, publishBoard, publishCells } from "../app/hooks.ts";
import { currentNickname, ensurePlayer } from "../app/player.ts";
import { recordWin } from "../app/progress.ts";
import { showRoute } from "../app/router.ts";
import { COLOURS, css, mono, sans, WIDTH } from "../app/theme.ts";
import { play } from "../audio/sounds.ts";
import type { BoardView } from "../boards/board.ts";
import { BOARDS } from "../boards/index.ts";
import { PlaySession, type SessionTarget } from "../net/session.ts";
import type { KeyHelp } from "../ui/help.ts";
import { BaseScene } from "./base.ts";
import { publishReplica, refusal, soundEvents } from "./live-run.ts";
import type { ResultData } from "./result.ts";

/** How long the final board stays up before the result screen (Enter skips the wait). */
const RESULT_DELAY_MS = 2500;

export type BoardData = { level: string; stage: number } | { watch: string } | { fork: { replay: string; tick: number } };

export class BoardScene extends BaseScene {
  private data_: BoardData = { level: "", stage: 1 };
  private session: PlaySession | null = null;
  private view: BoardView | null = null;
  private viewKey = "";
  private stage: StageInfo | null = null;
  private title!: Phaser.GameObjects.Text;
  private status!: Phaser.GameObjects.Text;
  private message!: Phaser.GameObjects.Text;
  private watchLink!: Phaser.GameObjects.Text;
  private banner: Phaser.GameObjects.Text | null = null;
  private connection = "connecting";
  private role: "player" | "spectator" = "player";
  private ending = false;
  /** The run is over and its result screen is waiting for the delay or Enter. */
  private pendingResult: ResultData | null = null;

  constructor() {
    super("board");
  }

  init(data: BoardData): void {
    this.data_ = data;
  }

  protected keyHelp(): KeyHelp {
    const own = this.view?.keys?.();
    if (own) return [...own, ["H", "reveal the next hint"], ["Esc", "leave the board"]];
    return [
      ["click", "place the head request at that byte"],
      ["← →", "move the cursor one byte"],
      ["Shift + ← →", "move by the head request's alignment"],
      ["↑ ↓", "move one 64-byte line"],
      ["Enter / Space", "place at the cursor"],
      ["H", "reveal the next hint"],
      ["Esc", "leave the board"],
    ];
  }

  create(): void {
    this.setup();
    this.view = null;
    this.viewKey = "";
    this.banner = null;
    this.ending = false;
    this.pendingResult = null;
    this.role = "watch" in this.data_ ? "spectator" : "player";
    showRoute({ scene: "board", ...this.data_ });
    this.title = this.add.text(16, 6, "", mono(15, COLOURS.text));
    this.status = this.add.text(WIDTH - 200, 8, "", mono(12, COLOURS.dim)).setOrigin(1, 0);
    this.watchLink = this.add.text(WIDTH - 12, 26, "", mono(11, COLOURS.dim)).setOrigin(1, 0);
    this.message = this.add.text(16, 26, "", sans(12, COLOURS.dim, WIDTH - 300)).setMaxLines(2);
    if ("fork" in this.data_) {
      this.title.setText(`fork of replay ${this.data_.fork.replay} at tick ${this.data_.fork.tick} · loading…`);
    } else if (!("watch" in this.data_)) {
      const level = LEVELS.get(this.data_.level);
      const stage = level?.stages.find((s) => s.id === (this.data_ as { stage: number }).stage);
      if (!level || !stage) {
        this.say({ code: "E_UNKNOWN_STAGE", message: `There is no stage ${this.data_.stage} of "${this.data_.level}" here.` });
        return;
      }
      this.title.setText(`${level.title} · stage ${stage.id} · ${stage.title}`);
    } else {
      this.title.setText(`watching room ${this.data_.watch}`);
    }
    this.refreshStatus();
    void this.connect();
  }

  private async connect(): Promise<void> {
    let target: SessionTarget;
    if ("watch" in this.data_) {
      target = { role: "spectator", nickname: currentNickname(), roomId: this.data_.watch };
    } else {
      const player = await ensurePlayer();
      if (!this.sys.isActive()) return;
      if (!player.ok) {
        this.say(player.error);
        return;
      }
      const { nickname, token } = player.value;
      target = "fork" in this.data_
        ? { role: "player", nickname, token, fork: this.data_.fork }
        : { role: "player", nickname, token, level: this.data_.level, stage: this.data_.stage };
    }
    const session = new PlaySession({
      synced: (run, msg) => this.synced(run, msg),
      events: (run, events) => this.onEvents(run, events),
      rejected: (error, target) => this.rejected(error, target),
      diverged: (d) => this.showDesync(`⚠ DESYNC at tick ${d.tick}: this replica's hash ${d.hash} ≠ server ${d.expected}. This is a bug; it was reported.`),
      finished: (msg) => this.finished(msg),
      connection: (state, detail) => {
        this.connection = state;
        this.refreshStatus();
        if (state === "offline" && detail) this.say(refusal(detail));
      },
    });
    this.session = session;
    await session.open(target);
  }

  private synced(run: Run, msg: ServerMessages["sync"]): void {
    this.role = msg.role;
    const key = `${run.level.id}/${run.stage}`;
    if (!this.view || this.viewKey !== key) {
      this.view?.destroy();
      const stage = run.level.stages.find((s) => s.id === run.stage)!;
      this.stage = stage;
      const factory = BOARDS.get(run.level.id);
      if (!factory) {
        this.say({ code: "E_NO_BOARD", message: `This client cannot draw ${run.level.id}.` });
        return;
      }
      this.view = factory(this, {
        stage,
        mode: msg.role === "player" ? "play" : "spectate",
        ...(msg.role === "player" ? { onAction: (action: unknown, target: unknown) => this.session?.act(action, target) } : {}),
      });
      this.viewKey = key;
      const fork = "fork" in this.data_ ? `   [fork of ${this.data_.fork.replay} at tick ${this.data_.fork.tick}]` : "";
      this.title.setText(`${run.level.title} · stage ${stage.id} · ${stage.title}` + (msg.role === "spectator" ? "   [SPECTATING — read-only]" : fork));
      if ("watch" in this.data_) showRoute({ scene: "board", watch: this.data_.watch });
    }
    const view = this.view;
    view.render(run.state);
    publishCells((addr) => view.cellCenter(addr));
    publishReplica(() => this.session?.run);
    if (msg.role === "spectator") this.say(null, "spectating: you see this board live but cannot place");
    this.refreshStatus();
  }

  private onEvents(run: Run, events: LevelEvent[]): void {
    this.view?.render(run.state);
    if (events.length) {
      this.view?.animate(events);
      const said = soundEvents(events);
      if (said) this.say(null, said);
    }
    this.refreshStatus();
  }

  private rejected(error: GameError, target: unknown): void {
    this.view?.shake(target);
    play("reject");
    this.say(error);
  }

  /** One line: a rejection in vermillion with its code, or a plain note. */
  private say(error: GameError | null, note = ""): void {
    if (error) {
      noteError(error);
      this.message.setText(`✗ ${error.code}  ${error.message}`).setColor(css(COLOURS.error));
    } else {
      this.message.setText(note).setColor(css(COLOURS.dim));
    }
  }

  private showDesync(text: string): void {
    if (!this.banner) {
      this.banner = this.add.text(WIDTH / 2, 36, "", { ...mono(13, COLOURS.text), backgroundColor: css(COLOURS.error), padding: { x: 8, y: 3 } })
        .setOrigin(0.5, 0).setDepth(60);
    }
    this.banner.setText(text);
  }

  private refreshStatus(): void {
    const run = this.session?.run;
    const parts = [this.role === "spectator" ? "spectating" : currentNickname()];
    if (run) parts.unshift(`tick ${run.state.tick}`, runStatus(run).phase);
    parts.push(this.connection);
    this.status.setText(parts.join(" · "));
    const roomId = this.session?.room?.roomId;
    if (roomId && this.role === "player") this.watchLink.setText(`spectators: #/watch/${roomId}`);
  }

  private finished(msg: ServerMessages["finished"]): void {
    if (this.ending) return;
    this.ending = true;
    const run = this.session?.run;
    const level = run?.level;
    const stage = this.stage;
    if (level && stage && msg.phase === "won" && this.role === "player") recordWin(level.id, stage.id, msg.metrics, stage.metrics);
    const data: ResultData = {
      level: level?.id ?? "", stage: stage?.id ?? 1, phase: msg.phase, text: msg.text, metrics: msg.metrics,
      replayId: msg.replayId, misconception: run ? runStatus(run).misconception ?? "" : "",
    };
    this.say(null, `${msg.text}  (Enter: results)`);
    // A moment to see the final board — a placement, a banner on the VGA screen, the last Tetris frame — before the
    // result screen; Enter goes there at once. (A DOM timer, not the scene clock: the scene clock stops with
    // requestAnimationFrame in a hidden tab.)
    this.pendingResult = data;
    window.setTimeout(() => this.showResult(data), RESULT_DELAY_MS);
  }

  private showResult(data: ResultData): void {
    if (this.pendingResult !== data || !this.sys.isActive()) return;
    this.pendingResult = null;
    this.scene.start("result", data);
  }

  protected onKey(e: KeyboardEvent): boolean {
    if (e.key === "Enter" && this.pendingResult) {
      this.showResult(this.pendingResult);
      return true;
    }
    if (e.key === "Escape") {
      this.leave();
      return true;
    }
    if (e.key === "h" || e.key === "H") {
      this.view?.revealHint();
      return true;
    }
    if ((e.key === "r" || e.key === "R") && this.connection === "offline") {
      this.scene.restart(this.data_);
      return true;
    }
    return this.view?.key(e) ?? false;
  }

  private leave(): void {
    if ("fork" in this.data_) this.scene.start("replay", { id: this.data_.fork.replay, tick: this.data_.fork.tick });
    else if ("watch" in this.data_) this.scene.start("title");
    else this.scene.start("stages", { level: this.data_.level });
  }

  protected teardown(): void {
    this.session?.close();
    this.session = null;
    this.view?.destroy();
    this.view = null;
    publishBoard(null);
    publishCells(null);
  }
}
