/**
 * The replay viewer: the same board as live play, driven by a seekable re-simulation of a stored replay,
 * with transport controls (play, pause, step back and forward, seek, speed ¼×–64×) and a scrubber marking
 * actions, rejected attempts and a lost ending. The header says whether re-simulation reproduces the replay's
 * final hash. While paused the route pins the tick (#/replay/<id>/<tick>), so the address is a link to this
 * moment; from any tick the player can fork a live solo board, export the file, or copy the link.
 */
import Phaser from "phaser";
import { levelAtVersion, type SoundCue, type StageInfo } from "../../shared/engine/level.ts";
import { runStatus } from "../../shared/engine/run.ts";
import { LEVELS, RULES } from "../../shared/levels/index.ts";
import { fetchReplay, replayFileUrl } from "../app/api.ts";
import { noteError, publishCells, publishReplay } from "../app/hooks.ts";
import { ReplayCursor } from "../../shared/engine/cursor.ts";
import { routeUrl, showRoute } from "../app/router.ts";
import { COLOURS, css, mono, sans, WIDTH } from "../app/theme.ts";
import { play } from "../audio/sounds.ts";
import type { BoardView } from "../boards/board.ts";
import { BOARDS } from "../boards/index.ts";
import type { Button } from "../ui/button.ts";
import type { KeyHelp } from "../ui/help.ts";
import { Scrubber, type ErrorMark } from "../ui/scrubber.ts";
import { BaseScene } from "./base.ts";

const SPEEDS = [0.25, 0.5, 1, 2, 4, 8, 16, 32, 64] as const;
const SPEED_NAMES = ["¼×", "½×", "1×", "2×", "4×", "8×", "16×", "32×", "64×"];
/** Speeds above this skip animations and sounds (the board still shows every state). */
const WATCHABLE = 4;
const PANEL_X = 16;
const PANEL_W = 352;
/** Fork / export / link sit in the header's right end, clear of every board's side column. */
const ACTION_W = 126;
const ACTIONS_X = WIDTH - 12 - (3 * ACTION_W + 2 * 6);
const ACTIONS_Y = 24;
const TRANSPORT_Y = 548;

export interface ReplayData {
  id?: string;
  /** Open paused at this tick (a deep link). */
  tick?: number;
  /** Where Esc goes: the library the replay was opened from, or (default) the level's stage list. */
  from?: "library";
}

export class ReplayScene extends BaseScene {
  private id = "";
  private startTick: number | undefined;
  private from: ReplayData["from"];
  private cursor: ReplayCursor | null = null;
  private view: BoardView | null = null;
  private stage: StageInfo | null = null;
  private playing = false;
  private speed = 2;
  private carry = 0;
  private lastNow = 0;
  private title!: Phaser.GameObjects.Text;
  private message!: Phaser.GameObjects.Text;
  private clock!: Phaser.GameObjects.Text;
  private noteTag!: Phaser.GameObjects.Text;
  private noteShown = false;
  private hovered: ErrorMark | null = null;
  private errorMarks: ErrorMark[] = [];
  private scrubber: Scrubber | null = null;
  private speedButtons: Button[] = [];

  constructor() {
    super("replay");
  }

  init(data: ReplayData): void {
    this.id = data.id ?? "";
    this.startTick = data.tick;
    this.from = data.from;
  }

  protected keyHelp(): KeyHelp {
    return [
      ["Space / P", "play or pause"],
      ["← → or , .", "step one tick back / forward"],
      ["Home / End", "seek to the start / the end"],
      ["1 – 9", "speed ¼× ½× 1× 2× 4× 8× 16× 32× 64×"],
      ["F", "fork: play on from this tick"],
      ["E", "export the replay file"],
      ["L", "copy a link to this tick"],
      ["Esc", this.from === "library" ? "back to the replay list" : "leave the replay"],
    ];
  }

  create(): void {
    this.setup();
    this.cursor = null;
    this.view = null;
    this.playing = false;
    this.carry = 0;
    this.speed = 2;
    this.speedButtons = [];
    this.hovered = null;
    this.errorMarks = [];
    this.scrubber = null;
    showRoute({ scene: "replay", id: this.id, ...(this.startTick === undefined ? {} : { tick: this.startTick }) });
    this.title = this.add.text(16, 6, `replay ${this.id} · loading…`, mono(15, COLOURS.text));
    this.message = this.add.text(16, 26, "", sans(12, COLOURS.dim, ACTIONS_X - 32)).setMaxLines(2);
    this.clock = this.add.text(PANEL_X, TRANSPORT_Y - 32, "", mono(13, COLOURS.text));
    this.noteTag = this.add.text(PANEL_X + PANEL_W, TRANSPORT_Y - 31, "", mono(12, COLOURS.error)).setOrigin(1, 0);
    this.noteShown = false;
    publishReplay(() => {
      const c = this.cursor;
      if (!c) return null;
      return {
        tick: c.tick, finalTick: c.finalTick, hash: c.level.hash(c.run.state), finalHash: c.replay.finalHash, playing: this.playing,
        markers: { actions: c.actionTicks(), errors: this.errorMarks.map((e) => e.tick) },
      };
    });
    void this.fetchAndShow();
  }

  private async fetchAndShow(): Promise<void> {
    const got = await fetchReplay(this.id);
    if (!this.sys.isActive()) return;
    if (!got.ok) return this.fail(got.error.code, got.error.message);
    const { replay, nickname } = got.value;
    const current = RULES.get(replay.level);
    const level = current && levelAtVersion(current, replay.levelVersion);
    const stage = level?.stages.find((s) => s.id === replay.stage);
    const factory = BOARDS.get(replay.level);
    if (!current || !factory) return this.fail("E_UNKNOWN_LEVEL", `This client cannot show ${replay.level}.`);
    if (!level) {
      return this.fail("E_LEVEL_VERSION", `The replay was recorded on ${current.id} v${replay.levelVersion}, a version this build does not keep (it runs v${current.version}).`);
    }
    if (!stage) return this.fail("E_UNKNOWN_STAGE", `${level.id} v${level.version} has no stage ${replay.stage}.`);
    const loaded = ReplayCursor.load(level, replay);
    if (!loaded.ok) return this.fail(loaded.error.code, loaded.error.message);
    const cursor = loaded.value;
    this.cursor = cursor;
    this.stage = stage;
    const verified = cursor.finalHashActual === replay.finalHash;
    const fork = replay.forkOf ? ` · fork of ${replay.forkOf.replay}@${replay.forkOf.tick}` : "";
    this.title.setText(`replay · ${nickname} · ${level.title} stage ${stage.id} · ${replay.phase}${fork}   ` +
      (verified ? "✓ re-simulation matches" : "✗ re-simulation differs from the recorded hash"));
    if (!verified) this.title.setColor(css(COLOURS.error));
    const view = factory(this, { stage, mode: "replay" });
    this.view = view;
    publishCells((addr) => view.cellCenter(addr));
    this.errorMarks = (replay.notes ?? []).map((n) => ({ tick: n.tick, code: n.code, message: n.message }));
    this.buildTransport(cursor);
    if (this.startTick !== undefined) cursor.seek(this.startTick);
    this.show([]);
  }

  private fail(code: string, message: string): void {
    noteError({ code, message });
    this.title.setText(`replay ${this.id}`);
    this.message.setText(`✗ ${code}  ${message}  (Esc to go back)`).setColor(css(COLOURS.error));
  }

  private buildTransport(cursor: ReplayCursor): void {
    const lost = cursor.replay.phase === "lost";
    this.scrubber = new Scrubber(this, PANEL_X, TRANSPORT_Y, PANEL_W, (t) => this.seek(t), (mark) => {
      this.hovered = mark;
      this.showNote();
    });
    this.scrubber.setTimeline(cursor.finalTick, cursor.actionTicks(), this.errorMarks, lost);
    const actions: [string, string[], string, () => void][] = [
      ["Fork here", ["f", "F"], "replay:fork", () => this.fork()],
      ["Export", ["e", "E"], "replay:export", () => this.exportFile()],
      ["Copy link", ["l", "L"], "replay:link", () => void this.copyLink()],
    ];
    // A duel is played in a duel room, never forked into a solo board: its fork button is shown disabled.
    const solo = LEVELS.has(cursor.replay.level);
    actions.forEach(([label, keys, target, onPress], i) => {
      this.button({ x: ACTIONS_X + i * (ACTION_W + 6), y: ACTIONS_Y, w: ACTION_W, h: 28, label, keys, target, onPress, enabled: i > 0 || solo });
    });
    const y = TRANSPORT_Y + 32;
    const w = 54;
    const step = 59.6;
    const controls: [string, string[], string | undefined, () => void][] = [
      ["⇤", ["Home"], "replay:start", () => this.seek(0)],
      ["◀1", ["ArrowLeft", ","], "replay:back", () => this.step(-1)],
      ["▶", ["p", "P"], "replay:play", () => this.setPlaying(true)],
      ["❚❚", [], "replay:pause", () => this.setPlaying(false)],
      ["1▶", ["ArrowRight", "."], "replay:forward", () => this.step(1)],
      ["⇥", ["End"], "replay:end", () => this.seek(cursor.finalTick)],
    ];
    controls.forEach(([label, keys, target, onPress], i) => {
      this.button({ x: PANEL_X + i * step, y, w, h: 40, label, keys, ...(target ? { target } : {}), onPress });
    });
    const sw = 36;
    const sstep = (PANEL_W - sw) / (SPEEDS.length - 1);
    SPEEDS.forEach((_, i) => {
      this.speedButtons.push(this.button({
        x: PANEL_X + i * sstep, y: y + 48, w: sw, h: 32, label: SPEED_NAMES[i]!, keys: [String(i + 1)], onPress: () => this.setSpeed(i),
      }));
    });
    this.add.text(PANEL_X, y + 86, "Space play/pause · ←/→ or ,/. step · Home/End\n1–9 speed · F fork · E export · L link · ? keys", mono(11, COLOURS.dim))
      .setLineSpacing(2);
    this.setSpeed(this.speed);
  }

  /** Opens a live solo board continuing this replay from the current tick (the server re-simulates up to it). */
  private fork(): void {
    const c = this.cursor;
    if (!c) return;
    this.setPlaying(false);
    if (!LEVELS.has(c.replay.level)) {
      return this.refuse("E_ROOM_ONLY", "A duel is played by two people in a duel room: forking is for solo levels.");
    }
    const current = LEVELS.get(c.replay.level);
    if (current && current.version !== c.replay.levelVersion) {
      return this.refuse("E_LEVEL_VERSION", `This replay was played on v${c.replay.levelVersion} of the rules; only the current v${current.version} can be played on.`);
    }
    if (runStatus(c.run).phase !== "playing") {
      return this.refuse("E_FORK_ENDED", `The run is already over at tick ${c.tick}: step back (←) to fork from an earlier tick.`);
    }
    this.scene.start("board", { fork: { replay: this.id, tick: c.tick } });
  }

  private refuse(code: string, message: string): void {
    noteError({ code, message });
    play("reject");
    this.message.setText(`✗ ${code}  ${message}`).setColor(css(COLOURS.error));
  }

  private exportFile(): void {
    const a = document.createElement("a");
    a.href = replayFileUrl(this.id);
    a.download = "";
    document.body.appendChild(a);
    a.click();
    a.remove();
    this.message.setText(`↓ downloading ${this.id} as a .replay.json file (bma replay verify checks it offline)`).setColor(css(COLOURS.dim));
  }

  private async copyLink(): Promise<void> {
    const c = this.cursor;
    if (!c) return;
    this.setPlaying(false);
    const url = routeUrl({ scene: "replay", id: this.id, tick: c.tick });
    let copied = false;
    try {
      await navigator.clipboard.writeText(url);
      copied = true;
    } catch { /* no clipboard (insecure origin, permissions): the link is shown to copy by hand */ }
    if (!this.sys.isActive()) return;
    this.message.setText(`${copied ? "✓ link copied" : "link (copy it)"}: ${url}`).setColor(css(COLOURS.liveEdge));
  }

  /**
   * The rejected attempt under the pointer, else the one at the playhead: its code beside the clock, and the
   * rule it broke in the message line (where the live board shows refusals).
   */
  private showNote(): void {
    const mark = this.hovered ?? this.scrubber?.errorAtPlayhead() ?? null;
    this.noteTag.setText(mark ? `✗ ${mark.code}` : "");
    if (mark) {
      this.message.setText(`✗ tick ${mark.tick}: ${mark.code}  ${mark.message}  (refused, so the board did not change)`).setColor(css(COLOURS.error));
      this.noteShown = true;
    } else if (this.noteShown) {
      this.message.setText("");
      this.noteShown = false;
    }
  }

  private setSpeed(i: number): void {
    this.speed = i;
    this.speedButtons.forEach((b, j) => b.setFocus(j === i));
  }

  private setPlaying(on: boolean): void {
    if (!this.cursor) return;
    if (on && this.cursor.atEnd) this.cursor.seek(0);
    this.playing = on;
    this.carry = 0;
    this.show([]);
  }

  private step(delta: number): void {
    const c = this.cursor;
    if (!c) return;
    this.playing = false;
    if (delta > 0) this.show(c.forward());
    else {
      c.back();
      this.show([]);
    }
  }

  private seek(tick: number): void {
    if (!this.cursor) return;
    this.cursor.seek(tick);
    this.show([]);
  }

  update(): void {
    // Wall-clock time, not Phaser's smoothed and clamped delta: 16× must really be sixteen times real time.
    const now = performance.now();
    const delta = Math.min(1000, now - this.lastNow);
    this.lastNow = now;
    const c = this.cursor;
    if (!c || !this.playing || !this.stage) return;
    this.carry += (delta * SPEEDS[this.speed]!) / this.stage.tickMs;
    const events = [];
    let n = 0;
    while (this.carry >= 1 && !c.atEnd && n < 1000) {
      this.carry -= 1;
      events.push(...c.forward());
      n++;
    }
    if (c.atEnd) this.playing = false;
    if (n > 0 || !this.playing) this.show(events);
  }

  /** Draws the position; animations and sounds only at watchable speeds, never in place of state. */
  private show(events: readonly { sound?: SoundCue; text?: string; kind: string }[]): void {
    const c = this.cursor;
    if (!c || !this.view) return;
    this.view.render(c.run.state);
    if (events.length && SPEEDS[this.speed]! <= WATCHABLE) {
      this.view.animate(events);
      const cues = new Set(events.map((e) => e.sound).filter((s): s is SoundCue => !!s));
      for (const cue of cues) play(cue);
    }
    const said = [...events].reverse().find((e) => e.text);
    if (said?.text) this.message.setText(said.text).setColor(css(COLOURS.dim));
    const status = runStatus(c.run);
    if (c.atEnd && status.text) this.message.setText(`${status.phase === "won" ? "✓" : "✗"} ${status.text}`).setColor(css(status.phase === "won" ? COLOURS.liveEdge : COLOURS.error));
    this.clock.setText(`tick ${c.tick} / ${c.finalTick}  ${this.playing ? "▶" : "❚❚"} ${SPEED_NAMES[this.speed]}`);
    this.scrubber?.draw(c.tick);
    this.showNote();
    if (!this.playing) showRoute({ scene: "replay", id: this.id, tick: c.tick });
  }

  protected onKey(e: KeyboardEvent): boolean {
    if (e.key === "Escape") {
      const level = this.cursor?.replay.level;
      if (this.from === "library") this.scene.start("library");
      else if (level) this.scene.start("stages", { level });
      else this.scene.start("title");
      return true;
    }
    if (e.key === " ") {
      this.setPlaying(!this.playing);
      return true;
    }
    return false;
  }

  protected teardown(): void {
    publishReplay(null);
    publishCells(null);
    this.view?.destroy();
    this.view = null;
    this.cursor = null;
    this.scrubber = null;
  }
}
