/**
 * COM1 as a terminal: the bytes the kernel transmitted through the 16550 (what `qemu -serial stdio` prints), the
 * newest lines at the bottom, non-printable bytes shown as ␀-style escapes so a missing LSR wait or a stray byte is
 * visible. Panic and exception lines stand out in the error colour with a ✗ (colour is never the only cue).
 */
import type Phaser from "phaser";
import { COLOURS, css, mono } from "../../app/theme.ts";
import type { BootSnapshot } from "./model.ts";
import { Panel, type Rect } from "./panel.ts";

const LINE_H = 13;

/** A transmitted byte as a terminal line shows it (control bytes as `\xNN`). */
export function printable(text: string): string {
  return text.replace(/[^\x20-\x7e\n]/g, (c) => (c === "\r" ? "" : `\\x${c.charCodeAt(0).toString(16).padStart(2, "0")}`));
}

export function serialLines(serial: string, rows: number): string[] {
  const lines = printable(serial).split("\n");
  if (lines.length > 1 && lines[lines.length - 1] === "") lines.pop();
  return lines.slice(-rows);
}

export class SerialConsole {
  private readonly panel: Panel;
  private readonly lines: Phaser.GameObjects.Text[] = [];
  private readonly rows: number;

  constructor(scene: Phaser.Scene, rect: Rect) {
    this.panel = new Panel(scene, rect, "SERIAL  COM1 0x3F8 (16550)");
    const inner = this.panel.inner;
    this.rows = Math.max(1, Math.floor(inner.h / LINE_H));
    for (let i = 0; i < this.rows; i++) this.lines.push(scene.add.text(inner.x, inner.y + i * LINE_H, "", mono(11, COLOURS.text)));
  }

  render(boot: BootSnapshot | null): void {
    const text = boot?.serial ?? "";
    const shown = boot ? serialLines(text, this.rows) : [];
    const max = Math.floor(this.panel.inner.w / 6.7);
    this.lines.forEach((t, i) => {
      const line = shown[i] ?? "";
      const bad = /panic|EXCEPTION|fault/i.test(line);
      t.setText((bad ? "✗ " : "") + (line.length > max ? line.slice(0, max - 1) + "…" : line)).setColor(css(bad ? COLOURS.error : COLOURS.text));
    });
    if (!boot) this.lines[0]!.setText("(nothing transmitted yet)").setColor(css(COLOURS.dim));
    else if (boot.loaderError) this.lines[0]!.setText(`QEMU exited before the kernel ran (stderr: ${boot.loaderError.replace(/^qemu-system-i386: /, "")})`).setColor(css(COLOURS.error));
    else if (!text) this.lines[0]!.setText("(the kernel sent no bytes)").setColor(css(COLOURS.dim));
    this.panel.setNote(boot ? `${text.length} bytes` : "");
  }

  destroy(): void {
    this.panel.destroy();
    for (const t of this.lines) t.destroy();
  }
}
