/**
 * A canvas button: a box, a label, the key that presses it, and a focus ring. It registers its centre under
 * `target` for window.__bma.locate, so a real mouse click at that point presses it.
 */
import Phaser from "phaser";
import { registerTarget, unregisterTarget } from "../app/targets.ts";
import { COLOURS, mono, sans } from "../app/theme.ts";

export interface ButtonSpec {
  x: number;
  y: number;
  w: number;
  h: number;
  label: string;
  /** KeyboardEvent.key values that press it (first one is shown). */
  keys?: string[];
  /** Smaller second line. */
  sub?: string;
  target?: string;
  enabled?: boolean;
  onPress: () => void;
}

export class Button {
  readonly spec: ButtonSpec;
  private readonly box: Phaser.GameObjects.Graphics;
  private readonly objects: Phaser.GameObjects.GameObject[] = [];
  private readonly zone: Phaser.GameObjects.Zone;
  private readonly label: Phaser.GameObjects.Text;
  private focused = false;
  private hovered = false;

  constructor(scene: Phaser.Scene, spec: ButtonSpec) {
    this.spec = spec;
    const { x, y, w, h } = spec;
    this.box = scene.add.graphics();
    const enabled = spec.enabled !== false;
    const key = spec.keys?.[0];
    const labelColour = enabled ? COLOURS.text : COLOURS.dim;
    const label = scene.add.text(x + w / 2, y + (spec.sub ? h / 2 - 9 : h / 2), spec.label, sans(16, labelColour)).setOrigin(0.5);
    this.label = label;
    this.objects.push(label);
    if (spec.sub) this.objects.push(scene.add.text(x + w / 2, y + h / 2 + 11, spec.sub, sans(12, COLOURS.dim)).setOrigin(0.5));
    if (key && w >= 100) this.objects.push(scene.add.text(x + 8, y + 6, keyName(key), mono(11, COLOURS.pointer)));
    this.zone = scene.add.zone(x + w / 2, y + h / 2, w, h).setInteractive({ useHandCursor: enabled });
    this.zone.on("pointerover", () => { this.hovered = true; this.draw(); });
    this.zone.on("pointerout", () => { this.hovered = false; this.draw(); });
    this.zone.on("pointerdown", () => this.press());
    if (spec.target) registerTarget(spec.target, () => ({ x: x + w / 2, y: y + h / 2 }));
    this.draw();
  }

  press(): void {
    if (this.spec.enabled !== false) this.spec.onPress();
  }

  /** Changes the main label (pickers that show their current value). */
  setLabel(text: string): void {
    this.label.setText(text);
  }

  setFocus(on: boolean): void {
    this.focused = on;
    this.draw();
  }

  private draw(): void {
    const { x, y, w, h } = this.spec;
    const enabled = this.spec.enabled !== false;
    const g = this.box.clear();
    g.fillStyle(this.hovered && enabled ? 0x1d2433 : COLOURS.panel, 1).fillRoundedRect(x, y, w, h, 6);
    g.lineStyle(this.focused ? 3 : 1, this.focused ? COLOURS.selection : COLOURS.panelEdge, 1).strokeRoundedRect(x, y, w, h, 6);
  }

  destroy(): void {
    if (this.spec.target) unregisterTarget(this.spec.target);
    this.box.destroy();
    this.zone.destroy();
    for (const o of this.objects) o.destroy();
  }
}

export function keyName(key: string): string {
  switch (key) {
    case " ": return "Space";
    case "Escape": return "Esc";
    case "ArrowLeft": return "←";
    case "ArrowRight": return "→";
    default: return key.length === 1 ? key.toUpperCase() : key;
  }
}
