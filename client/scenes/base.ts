/**
 * What every screen shares: buttons with keys and Tab focus, the `?` key list, mute and volume keys, and
 * clean-up of test targets and probes when the screen stops.
 */
import Phaser from "phaser";
import { audioLabel, changeVolume, toggleMute } from "../audio/sounds.ts";
import { COLOURS, mono, WIDTH } from "../app/theme.ts";
import { Button, type ButtonSpec } from "../ui/button.ts";
import { showHelp, type KeyHelp } from "../ui/help.ts";

export abstract class BaseScene extends Phaser.Scene {
  protected buttons: Button[] = [];
  private focus = -1;
  private help: Phaser.GameObjects.Container | null = null;
  private audioText: Phaser.GameObjects.Text | null = null;

  /** The scene's own keys for the `?` list. */
  protected abstract keyHelp(): KeyHelp;
  /** Scene-specific key handling; return true when the key was used. */
  protected onKey(_e: KeyboardEvent): boolean {
    return false;
  }

  /** Call at the start of create(). */
  protected setup(): void {
    this.buttons = [];
    this.focus = -1;
    this.help = null;
    this.cameras.main.setBackgroundColor(COLOURS.background);
    this.audioText = this.add.text(WIDTH - 12, 8, audioLabel(), mono(11, COLOURS.dim)).setOrigin(1, 0).setDepth(50);
    const handler = (e: KeyboardEvent) => this.dispatchKey(e);
    this.input.keyboard!.on("keydown", handler);
    this.events.once(Phaser.Scenes.Events.SHUTDOWN, () => {
      this.input.keyboard?.off("keydown", handler);
      for (const b of this.buttons) b.destroy();
      this.buttons = [];
      this.teardown();
    });
  }

  /** Scene-specific clean-up when the scene stops. */
  protected teardown(): void {}

  protected button(spec: ButtonSpec): Button {
    const b = new Button(this, spec);
    this.buttons.push(b);
    return b;
  }

  /** Removes a button made with `button()` (lists that are rebuilt when their content changes). */
  protected removeButton(b: Button): void {
    const i = this.buttons.indexOf(b);
    if (i < 0) return;
    if (i === this.focus) this.focus = -1;
    else if (i < this.focus) this.focus--;
    this.buttons.splice(i, 1);
    b.destroy();
  }

  /** Moves the keyboard focus ring to `b` (arrow-key navigation in lists); Enter then presses it. */
  protected focusButton(b: Button | null): void {
    this.buttons[this.focus]?.setFocus(false);
    this.focus = b ? this.buttons.indexOf(b) : -1;
    this.buttons[this.focus]?.setFocus(true);
  }

  private dispatchKey(e: KeyboardEvent): void {
    if (e.target instanceof HTMLInputElement) return;
    if (this.help) {
      if (e.key === "?" || e.key === "Escape") { this.help.destroy(); this.help = null; }
      return;
    }
    if (e.key === "?") { this.help = showHelp(this, this.keyHelp()); return; }
    if (e.key === "m" || e.key === "M") { toggleMute(); this.audioText?.setText(audioLabel()); return; }
    if (e.key === "-" || e.key === "+" || e.key === "=") {
      changeVolume(e.key === "-" ? -0.1 : 0.1);
      this.audioText?.setText(audioLabel());
      return;
    }
    if (e.key === "Tab" && this.buttons.length) {
      e.preventDefault();
      this.buttons[this.focus]?.setFocus(false);
      const n = this.buttons.length;
      this.focus = ((this.focus < 0 ? (e.shiftKey ? 0 : -1) : this.focus) + (e.shiftKey ? n - 1 : 1)) % n;
      this.buttons[this.focus]!.setFocus(true);
      return;
    }
    if ((e.key === "Enter" || e.key === " ") && this.buttons[this.focus]) {
      e.preventDefault();
      this.buttons[this.focus]!.press();
      return;
    }
    if (this.onKey(e)) { e.preventDefault(); return; }
    const hit = this.buttons.find((b) => b.spec.enabled !== false && b.spec.keys?.includes(e.key));
    if (hit) { e.preventDefault(); hit.press(); }
  }
}
