/**
 * The fault log in the words of QEMU's `-d int,cpu_reset`: "check_exception old: 0xffffffff new 0x0", the
 * "v=00 e=0000 … IP=0008:…" delivery line, "Servicing hardware INT=0x20", "Triple fault", "CPU Reset (CPU 0)". The
 * newest lines are at the bottom; exceptions are marked ✗ in the error colour, resets ⟲, hardware interrupts dim, and
 * each check_exception line is followed by the exception's name (#DE Divide Error…) so the vector reads at a glance.
 */
import type Phaser from "phaser";
import { EXCEPTIONS } from "../../../shared/levels/boot-kernel/exceptions.ts";
import { COLOURS } from "../../app/theme.ts";
import type { BootSnapshot } from "./model.ts";
import { Panel, type Rect, TextRows } from "./panel.ts";

const LINE_H = 12;

export interface FaultLine { readonly text: string; readonly tone: "fault" | "deliver" | "reset" | "irq" | "plain" }

/** The name of an exception vector ("#DF Double Fault"), or "" for vectors past the architectural ones. */
export function exceptionName(vector: number): string {
  const e = EXCEPTIONS[vector];
  return e ? `${e.mnemonic ? e.mnemonic + " " : ""}${e.name}` : "";
}

/** Classifies and annotates log headlines for display. */
export function faultLines(lines: readonly string[]): FaultLine[] {
  return lines.map((text) => {
    const check = /^check_exception old: \S+ new 0x([0-9a-f]+)/.exec(text);
    if (check) {
      const name = exceptionName(parseInt(check[1]!, 16));
      return { text: `${text}${name ? `   ← ${name}` : ""}`, tone: "fault" };
    }
    if (/Triple fault|CPU Reset|shutdown/i.test(text)) return { text, tone: "reset" };
    if (/^Servicing hardware INT/.test(text)) return { text, tone: "irq" };
    // QEMU pads the interrupt counter to six columns; the board has no room for the padding.
    if (/^\s*\d+: v=/.test(text)) return { text: text.trimStart(), tone: "deliver" };
    return { text, tone: "plain" };
  });
}

const TONE: Record<FaultLine["tone"], { colour: number; mark: string }> = {
  fault: { colour: COLOURS.error, mark: "✗ " },
  reset: { colour: COLOURS.padding, mark: "⟲ " },
  irq: { colour: COLOURS.dim, mark: "· " },
  deliver: { colour: COLOURS.text, mark: "→ " },
  plain: { colour: COLOURS.text, mark: "  " },
};

export class FaultLogView {
  private readonly panel: Panel;
  private readonly rows: TextRows;

  constructor(scene: Phaser.Scene, rect: Rect) {
    this.panel = new Panel(scene, rect, "FAULT LOG  qemu -d int,cpu_reset");
    this.rows = new TextRows(scene, this.panel.inner, LINE_H, 10);
  }

  render(boot: BootSnapshot | null): void {
    const all = boot ? faultLines(boot.faults) : [];
    const rows = all.slice(-this.rows.count).map((l) => ({ text: TONE[l.tone].mark + l.text, colour: TONE[l.tone].colour }));
    this.rows.show(boot && !boot.loaderError && all.length === 0 ? [{ text: "  no exceptions, no interrupts", colour: COLOURS.dim }] : rows);
    const faults = boot?.faultCount ?? 0;
    const n = this.rows.count;
    this.panel.setNote(boot ? `${faults} exception${faults === 1 ? "" : "s"} · ${boot.resets} reset${boot.resets === 1 ? "" : "s"}${all.length > n ? ` · newest ${n} of ${all.length}` : ""}`
      : "", faults || boot?.resets ? COLOURS.error : COLOURS.dim);
  }

  flash(scene: Phaser.Scene): void {
    this.panel.flash(scene);
  }

  destroy(): void {
    this.panel.destroy();
    this.rows.destroy();
  }
}
