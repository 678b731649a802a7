/** The `?` overlay: every key the current screen understands, plus the global ones. */
import type Phaser from "phaser";
import { COLOURS, HEIGHT, mono, sans, WIDTH } from "../app/theme.ts";

export type KeyHelp = readonly (readonly [string, string])[];

export const GLOBAL_KEYS: KeyHelp = [
  ["?", "show or hide this list"],
  ["M", "sound on / off"],
  ["- / +", "volume down / up"],
  ["Tab", "move focus between buttons"],
];

export function showHelp(scene: Phaser.Scene, keys: KeyHelp): Phaser.GameObjects.Container {
  const all = [...keys, ...GLOBAL_KEYS];
  const w = 560;
  const h = 90 + all.length * 24;
  const x = (WIDTH - w) / 2;
  const y = (HEIGHT - h) / 2;
  const g = scene.add.graphics();
  g.fillStyle(0x000000, 0.6).fillRect(0, 0, WIDTH, HEIGHT);
  g.fillStyle(COLOURS.panel, 1).fillRoundedRect(x, y, w, h, 8);
  g.lineStyle(2, COLOURS.selection, 1).strokeRoundedRect(x, y, w, h, 8);
  const items: Phaser.GameObjects.GameObject[] = [g, scene.add.text(x + 24, y + 20, "Keys", sans(20))];
  all.forEach(([k, what], i) => {
    items.push(scene.add.text(x + 24, y + 64 + i * 24, k, mono(15, COLOURS.pointer)));
    items.push(scene.add.text(x + 170, y + 64 + i * 24, what, sans(15)));
  });
  items.push(scene.add.text(x + w - 24, y + 24, "? or Esc closes", mono(12, COLOURS.dim)).setOrigin(1, 0));
  return scene.add.container(0, 0, items).setDepth(100);
}
