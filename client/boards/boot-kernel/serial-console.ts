/**
 * COM1 as a terminal: the bytes the kernel transmitted through the 16550 (what `qemu -serial stdio` prints), the
 * newest lines at the bottom, non-printable bytes shown as ␀-style escapes so a missing LSR wait or a stray byte is
 * visible. Panic and exception lines stand out in the error colour with a ✗ (colour is never the only cue).
 */
import type Phaser from "phaser";
import { COLOURS } from "../../app/theme.ts";
import type { BootSnapshot } from "./model.ts";
import { Panel, type Rect, type Row, TextRows } from "./panel.ts";

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
  private readonly rows: TextRows;

  constructor(scene: Phaser.Scene, rect: Rect) {
    this.panel = new Panel(scene, rect, "SERIAL  COM1 0x3F8 (16550)");
    this.rows = new TextRows(scene, this.panel.inner, LINE_H, 11);
  }

  render(boot: BootSnapshot | null): void {
    const text = boot?.serial ?? "";
    const rows: Row[] = !boot ? [{ text: "(nothing transmitted yet)", colour: COLOURS.dim }]
      : boot.loaderError ? [{ text: `QEMU exited before the kernel ran (stderr: ${boot.loaderError.replace(/^qemu-system-i386: /, "")})`, colour: COLOURS.error }]
      : !text ? [{ text: "(the kernel sent no bytes)", colour: COLOURS.dim }]
      : serialLines(text, this.rows.count).map((line) => (/panic|EXCEPTION|fault/i.test(line) ? { text: "✗ " + line, colour: COLOURS.error } : { text: line }));
    this.rows.show(rows);
    this.panel.setNote(boot ? `${text.length} bytes` : "");
  }

  destroy(): void {
    this.panel.destroy();
    this.rows.destroy();
  }
}
