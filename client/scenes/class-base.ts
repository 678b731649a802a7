/**
 * What every in-class screen shares: the current link (back to the title when there is none), listeners removed
 * when the screen stops, the one-line header (code, level, stage, phase, clock), a message line for refusals,
 * toasts for hints, groups of buttons rebuilt when the state they show changes, and the ways out of a class
 * (kicked, disconnected, results).
 */
import Phaser from "phaser";
import type { GameError } from "../../shared/engine/errors.ts";
import { LEVELS } from "../../shared/levels/index.ts";
import { noteError } from "../app/hooks.ts";
import { COLOURS, css, mono, sans, WIDTH } from "../app/theme.ts";
import { play } from "../audio/sounds.ts";
import { currentClass, leaveClass } from "../class/current.ts";
import type { ClassListener, ClassLink } from "../class/link.ts";
import { countdownSeconds, roundClock, type ClassSnapshot } from "../class/roster.ts";
import type { Button, ButtonSpec } from "../ui/button.ts";
import { BaseScene } from "./base.ts";

export interface LeftData {
  title: string;
  text: string;
}

export abstract class ClassScene extends BaseScene {
  protected link!: ClassLink;
  private toasts: Phaser.GameObjects.Text[] = [];
  protected message!: Phaser.GameObjects.Text;
  private groups = new Map<string, { key: string; buttons: Button[] }>();

  /** Starts the screen; returns false (and goes to the title) when the browser is in no class. */
  protected setupClass(): boolean {
    this.setup();
    this.toasts = [];
    this.groups = new Map();
    const link = currentClass();
    if (!link) {
      this.scene.start("title");
      return false;
    }
    this.link = link;
    this.message = this.add.text(16, 28, "", sans(13, COLOURS.dim, WIDTH - 420)).setMaxLines(2).setDepth(40);
    return true;
  }

  /** Listens to the link while this screen runs; kicks, drops and results are handled here unless overridden. */
  protected listen(l: ClassListener): void {
    const off = this.link.listen({
      kicked: (reason) => this.gone({ title: "REMOVED FROM THE CLASS", text: reason }),
      connection: (state, detail) => {
        if (state === "offline" && this.link.kickedReason === null) this.gone({ title: "DISCONNECTED", text: detail ?? "The connection to the class closed." });
        else this.say(null, state === "reconnecting" ? "connection lost — reconnecting…" : "");
      },
      rejected: (error) => this.say(error),
      hint: (text) => this.toast(`HINT  ${text}`),
      ...l,
    });
    this.events.once(Phaser.Scenes.Events.SHUTDOWN, off);
  }

  private gone(data: LeftData): void {
    if (this.sys.isActive()) this.scene.start("class-left", data);
  }

  /** The level and stage the class is on, for headers. */
  protected stageTitle(s: ClassSnapshot): string {
    const level = LEVELS.get(s.level);
    const stage = level?.stages.find((st) => st.id === s.stage);
    return level && stage ? `${level.title} · stage ${stage.id} · ${stage.title} (round ${s.stageIndex + 1} of ${s.stageCount})` : s.level;
  }

  /** "RUNNING 01:23 / 10:00", "STARTS IN 3", "PAUSED 01:23", "LOBBY", "ENDED". */
  protected phaseLine(s: ClassSnapshot): string {
    switch (s.phase) {
      case "lobby": return "LOBBY";
      case "countdown": return `STARTS IN ${countdownSeconds(s)}`;
      case "running": return `▶ RUNNING ${roundClock(s)}`;
      case "paused": return `‖ PAUSED ${roundClock(s)}`;
      case "ended": return "■ ENDED";
    }
  }

  /** One line: a refusal in vermillion with its code, or a plain note. */
  protected say(error: GameError | null, note = ""): void {
    if (error) {
      noteError(error);
      play("reject");
      this.message.setText(`✗ ${error.code}  ${error.message}`).setColor(css(COLOURS.error));
    } else {
      this.message.setText(note).setColor(css(COLOURS.dim));
    }
  }

  /** A message that slides in at the bottom and fades after a few seconds (hints from the host). */
  protected toast(text: string): void {
    const t = this.add.text(WIDTH / 2, 0, text, {
      ...sans(20, COLOURS.background, 900), backgroundColor: css(COLOURS.pointer), padding: { x: 16, y: 10 },
    }).setOrigin(0.5, 1).setDepth(90).setAlign("center");
    this.toasts.push(t);
    this.layoutToasts();
    play("tick");
    window.setTimeout(() => {
      if (!t.active) return;
      this.tweens.add({ targets: t, alpha: 0, duration: 400, onComplete: () => {
        t.destroy();
        this.toasts = this.toasts.filter((x) => x !== t);
        if (this.sys.isActive()) this.layoutToasts();
      } });
    }, 8000);
  }

  private layoutToasts(): void {
    let y = 700;
    for (const t of [...this.toasts].reverse()) {
      t.setY(y);
      y -= t.height + 8;
    }
  }

  /** Replaces a named group of buttons when `key` (the state they show) changed. */
  protected buttonGroup(name: string, key: string, specs: () => ButtonSpec[]): void {
    const old = this.groups.get(name);
    if (old && old.key === key) return;
    for (const b of old?.buttons ?? []) b.destroy();
    this.buttons = this.buttons.filter((b) => !old?.buttons.includes(b));
    this.groups.set(name, { key, buttons: specs().map((s) => this.button(s)) });
  }

  /** Leaves the class for good and goes back to the title. */
  protected quit(): void {
    leaveClass();
    this.scene.start("title");
  }
}

/** A small heading in the house style: monospace caps, dim. */
export function heading(scene: Phaser.Scene, x: number, y: number, text: string): Phaser.GameObjects.Text {
  return scene.add.text(x, y, text, mono(13, COLOURS.dim));
}
