/**
 * The Game Boy screen: the player's machine's PPU framebuffer (160×144 bytes, shades 0-3, row-major) drawn in the
 * DMG's green palette on a canvas texture, shown at ×3 with nearest-neighbour sampling so pixels stay square,
 * inside a bezel. It draws exactly what the state holds: a buggy core's garbage is the lesson.
 */
import Phaser from "phaser";
import { COLOURS, mono } from "../../app/theme.ts";

export const SCREEN_W = 160;
export const SCREEN_H = 144;
/** Shade 0 (lightest) to 3 (darkest): the DMG's green LCD, as RGB. */
export const DMG_PALETTE: readonly (readonly [number, number, number])[] = [[0x9b, 0xbc, 0x0f], [0x8b, 0xac, 0x0f], [0x30, 0x62, 0x30], [0x0f, 0x38, 0x0f]];

let serial = 0;

export class GameBoyScreen {
  private readonly scene: Phaser.Scene;
  private readonly key: string;
  private readonly texture: Phaser.Textures.CanvasTexture;
  private readonly image: Phaser.GameObjects.Image;
  private readonly bezel: Phaser.GameObjects.Graphics;
  private readonly caption: Phaser.GameObjects.Text;
  private readonly pixels: ImageData;
  private last: Uint8Array | null = null;

  constructor(scene: Phaser.Scene, x: number, y: number, scale: number) {
    this.scene = scene;
    this.key = `cpu-screen-${++serial}`;
    this.texture = scene.textures.createCanvas(this.key, SCREEN_W, SCREEN_H)!;
    this.texture.setFilter(Phaser.Textures.FilterMode.NEAREST);
    this.pixels = this.texture.context.createImageData(SCREEN_W, SCREEN_H);
    const w = SCREEN_W * scale, h = SCREEN_H * scale;
    this.bezel = scene.add.graphics();
    this.bezel.fillStyle(0x3a3f4b, 1).fillRoundedRect(x - 22, y - 22, w + 44, h + 48, { tl: 10, tr: 10, bl: 10, br: 40 });
    this.bezel.fillStyle(0x1c1f27, 1).fillRect(x - 4, y - 4, w + 8, h + 8);
    this.caption = scene.add.text(x, y + h + 8, "DOT MATRIX — YOUR CORE", mono(10, COLOURS.dim));
    this.image = scene.add.image(x, y, this.key).setOrigin(0, 0).setScale(scale);
    this.draw(null);
  }

  /** Paints a framebuffer (skipped when it is the very array painted last). */
  draw(framebuffer: Uint8Array | null): void {
    if (framebuffer && framebuffer === this.last) return;
    this.last = framebuffer;
    const data = this.pixels.data;
    for (let i = 0; i < SCREEN_W * SCREEN_H; i++) {
      const [r, g, b] = DMG_PALETTE[(framebuffer?.[i] ?? 0) & 3]!;
      data[i * 4] = r;
      data[i * 4 + 1] = g;
      data[i * 4 + 2] = b;
      data[i * 4 + 3] = 255;
    }
    this.texture.context.putImageData(this.pixels, 0, 0);
    this.texture.refresh();
  }

  setVisible(on: boolean): void {
    for (const o of [this.image, this.bezel, this.caption]) o.setVisible(on);
  }

  destroy(): void {
    this.image.destroy();
    this.bezel.destroy();
    this.caption.destroy();
    this.scene.textures.remove(this.key);
  }
}
