/**
 * The replay viewer: the same board as live play, driven by a seekable re-simulation of a stored replay,
 * with transport controls (play, pause, step, seek, speed ¼×–16×). The header says whether re-simulation
 * reproduces the replay's final hash.
 */
import Phaser from "phaser";
import { levelAtVersion, type SoundCue, type StageInfo } from "../../shared/engine/level.ts";
import { runStatus } from "../../shared/engine/run.ts";
import { LEVELS } from "../../shared/levels/index.ts";
import { fetchReplay } from "../app/api.ts";
import { noteError, publishCells, publishReplay } from "../app/hooks.ts";
import { ReplayCursor } from "../../shared/engine/cursor.ts";
import { showRoute } from "../app/router.ts";
import { COLOURS, css, mono, sans, WIDTH } from "../app/theme.ts";
import { play } from "../audio/sounds.ts";
import type { BoardView } from "../boards/board.ts";
import { BOARDS } from "../boards/index.ts";
import type { Button } from "../ui/button.ts";
import type { KeyHelp } from "../ui/help.ts";
import { Scrubber } from "../ui/scrubber.ts";
import { BaseScene } from "./base.ts";

const SPEEDS = [0.25, 0.5, 1, 2, 4, 8, 16] as const;
const SPEED_NAMES = ["¼×", "½×", "1×", "2×", "4×", "8×", "16×"];
const PANEL_X = 16;
const PANEL_W = 352;
const TRANSPORT_Y = 560;

export class ReplayScene extends BaseScene {
  private id = "";
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
  private scrubber: Scrubber | null = null;
  private speedButtons: Button[] = [];

  constructor() {
    super("replay");
  }

  init(data: { id?: string }): void {
    this.id = data.id ?? "";
  }

  protected keyHelp(): KeyHelp {
    return [
      ["Space / P", "play or pause"],
      ["← →", "step one tick back / forward"],
      ["Home / End", "seek to the start / the end"],
      ["1 – 7", "speed ¼× ½× 1× 2× 4× 8× 16×"],
      ["Esc", "leave the replay"],
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
    showRoute({ scene: "replay", id: this.id });
    this.title = this.add.text(16, 6, `replay ${this.id} · loading…`, mono(15, COLOURS.text));
    this.message = this.add.text(16, 26, "", sans(12, COLOURS.dim, WIDTH - 32)).setMaxLines(2);
    this.clock = this.add.text(PANEL_X, TRANSPORT_Y - 30, "", mono(13, COLOURS.text));
    publishReplay(() => {
      const c = this.cursor;
      if (!c) return null;
      return { tick: c.tick, finalTick: c.finalTick, hash: c.level.hash(c.run.state), finalHash: c.replay.finalHash, playing: this.playing };
    });
    void this.fetchAndShow();
  }

  private async fetchAndShow(): Promise<void> {
    const got = await fetchReplay(this.id);
    if (!this.sys.isActive()) return;
    if (!got.ok) return this.fail(got.error.code, got.error.message);
    const { replay, nickname } = got.value;
    const current = LEVELS.get(replay.level);
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
    this.title.setText(`replay · ${nickname} · ${level.title} stage ${stage.id} · ${replay.phase}   ` +
      (verified ? "✓ re-simulation matches" : "✗ re-simulation differs from the recorded hash"));
    if (!verified) this.title.setColor(css(COLOURS.error));
    const view = factory(this, { stage, mode: "replay" });
    this.view = view;
    publishCells((addr) => view.cellCenter(addr));
    this.buildTransport(cursor);
    this.show([]);
  }

  private fail(code: string, message: string): void {
    noteError({ code, message });
    this.title.setText(`replay ${this.id}`);
    this.message.setText(`✗ ${code}  ${message}  (Esc to go back)`).setColor(css(COLOURS.error));
  }

  private buildTransport(cursor: ReplayCursor): void {
    this.scrubber = new Scrubber(this, PANEL_X, TRANSPORT_Y, PANEL_W, (t) => this.seek(t));
    this.scrubber.setTimeline(cursor.finalTick, cursor.actionTicks());
    const y = TRANSPORT_Y + 30;
    const w = 54;
    const step = 58;
    const controls: [string, string[], string | undefined, () => void][] = [
      ["⇤", ["Home"], undefined, () => this.seek(0)],
      ["◀1", ["ArrowLeft"], undefined, () => this.step(-1)],
      ["▶", ["p", "P"], "replay:play", () => this.setPlaying(true)],
      ["❚❚", [], "replay:pause", () => this.setPlaying(false)],
      ["1▶", ["ArrowRight"], undefined, () => this.step(1)],
      ["⇥", ["End"], "replay:end", () => this.seek(cursor.finalTick)],
    ];
    controls.forEach(([label, keys, target, onPress], i) => {
      this.button({ x: PANEL_X + i * step, y, w, h: 40, label, keys, ...(target ? { target } : {}), onPress });
    });
    const sw = 46;
    SPEEDS.forEach((_, i) => {
      this.speedButtons.push(this.button({
        x: PANEL_X + i * (sw + 5), y: y + 50, w: sw, h: 34, label: SPEED_NAMES[i]!, keys: [String(i + 1)], onPress: () => this.setSpeed(i),
      }));
    });
    this.add.text(PANEL_X, y + 92, "Space play/pause · ←/→ step · Home/End · 1–7 speed", mono(11, COLOURS.dim));
    this.setSpeed(this.speed);
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
      c.seek(c.tick - 1);
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
    if (events.length && SPEEDS[this.speed]! <= 4) {
      this.view.animate(events);
      const cues = new Set(events.map((e) => e.sound).filter((s): s is SoundCue => !!s));
      for (const cue of cues) play(cue);
    }
    const said = [...events].reverse().find((e) => e.text);
    if (said?.text) this.message.setText(said.text).setColor(css(COLOURS.dim));
    const status = runStatus(c.run);
    if (c.atEnd && status.text) this.message.setText(`${status.phase === "won" ? "✓" : "✗"} ${status.text}`).setColor(css(status.phase === "won" ? COLOURS.liveEdge : COLOURS.error));
    this.clock.setText(`tick ${c.tick} / ${c.finalTick}   ${this.playing ? "▶ playing" : "❚❚ paused"} ${SPEED_NAMES[this.speed]}`);
    this.scrubber?.draw(c.tick);
  }

  protected onKey(e: KeyboardEvent): boolean {
    if (e.key === "Escape") {
      const level = this.cursor?.replay.level;
      if (level) this.scene.start("stages", { level });
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
