/**
 * The pin-the-struct side column: the goal, the program listing with the current statement, the compiler panel
 * (rustc-style diagnostics, or the run's verdict), hints revealed so far and live metrics; and, under the memory,
 * the executor panel (polls, waker, Pending/Ready) and the program's output. Laid out top to bottom on each render.
 */
import type Phaser from "phaser";
import type { StageInfo } from "../../../shared/engine/level.ts";
import type { PinState } from "../../../shared/levels/pin-the-struct/machine.ts";
import { pinTheStruct } from "../../../shared/levels/pin-the-struct/index.ts";
import { formatMetric } from "../../app/format.ts";
import { COLOURS, mono, sans } from "../../app/theme.ts";
import type { Picture } from "./picture.ts";

const X = 16;
const W = 368;
const MARK: Record<string, string> = { done: "✓ ", current: "▶ ", todo: "  ", failed: "✗ " };

export class SidePanel {
  private readonly stage: StageInfo;
  private readonly t: Record<string, Phaser.GameObjects.Text>;
  hintsShown = 0;

  constructor(scene: Phaser.Scene, stage: StageInfo) {
    this.stage = stage;
    const t = (style: Phaser.Types.GameObjects.Text.TextStyle) => scene.add.text(X, 0, "", style);
    this.t = {
      goalHead: t(mono(11, COLOURS.dim)).setText("GOAL"),
      goal: t(sans(12, COLOURS.text, W)),
      listHead: t(mono(11, COLOURS.dim)),
      listing: t(mono(11, COLOURS.text)).setLineSpacing(2),
      compilerHead: t(mono(11, COLOURS.dim)),
      compiler: t(mono(10, COLOURS.text)).setWordWrapWidth(W, true),
      hintHead: t(mono(11, COLOURS.dim)),
      hints: t(sans(12, COLOURS.pointer, W)),
      metricHead: t(mono(11, COLOURS.dim)).setText("METRICS"),
      metrics: t(mono(12, COLOURS.text)).setLineSpacing(2),
      executor: scene.add.text(400, 640, "", mono(11, COLOURS.text)).setLineSpacing(2),
      output: scene.add.text(840, 640, "", mono(11, COLOURS.text)).setLineSpacing(2),
    };
  }

  /** Lays out the column; `editorBottom` is where the editor and buttons end (null when there is no editor). */
  render(state: PinState, p: Picture, editorTop: (y: number) => number): void {
    const T = this.t;
    let y = 56;
    const put = (text: Phaser.GameObjects.Text, gap = 4) => { text.setPosition(X, y); y += text.height + gap; };
    put(T.goalHead!, 2);
    T.goal!.setText(this.stage.goal);
    put(T.goal!, 8);
    y = editorTop(y);
    T.listHead!.setText(state.program ? "PROGRAM  (Enter: step · G: run · X: reset)" : "PROGRAM  (submit one to run it)");
    put(T.listHead!, 2);
    const lines = p.listing.map((l) => MARK[l.state] + (l.text.length > 52 ? l.text.slice(0, 51) + "…" : l.text));
    T.listing!.setText(lines.slice(0, 14).join("\n") + (lines.length > 14 ? `\n  … ${lines.length - 14} more` : ""));
    put(T.listing!, 8);
    const diag = p.diagnostics.map((d) => d.rendered).join("\n\n");
    T.compilerHead!.setText(p.diagnostics.length ? `COMPILER  ${p.diagnostics.length} error${p.diagnostics.length > 1 ? "s" : ""}` : p.verdict ? "MACHINE" : "COMPILER");
    put(T.compilerHead!, 2);
    const body = diag || p.verdict || (state.program ? "compiled: no errors" : "");
    T.compiler!.setText(body.split("\n").slice(0, 12).join("\n")).setColor(diag || /Undefined|panicked/.test(body) ? "#d55e00" : "#e6e9ef");
    put(T.compiler!, 8);
    T.hintHead!.setText(`HINTS  ${this.hintsShown}/${this.stage.hints.length}  (H)`);
    put(T.hintHead!, 2);
    T.hints!.setText(this.hintsShown ? this.stage.hints.slice(0, this.hintsShown).map((h) => "• " + h).join("\n") : "press H for a hint");
    put(T.hints!, 8);
    put(T.metricHead!, 2);
    const values = pinTheStruct.metrics(state);
    T.metrics!.setText(this.stage.metrics.map((m) => `${m.label.padEnd(20)} ${formatMetric(m, values[m.key], this.stage.tickMs)}`).join("\n"));
    put(T.metrics!, 4);
    T.executor!.setText(p.executor
      ? [`EXECUTOR  future at ${p.executor.future} · waker at ${p.executor.waker}`, ...p.executor.polls.slice(-3)].join("\n") : "");
    T.output!.setText(p.output.length ? ["OUTPUT", ...p.output.slice(-3)].join("\n") : "");
    // Empty text objects are hidden: a zero-sized text texture can draw as a white block under some WebGL drivers.
    for (const text of Object.values(T)) text.setVisible(text.text !== "");
  }

  revealHint(): boolean {
    if (this.hintsShown >= this.stage.hints.length) return false;
    this.hintsShown++;
    return true;
  }

  destroy(): void {
    for (const t of Object.values(this.t)) t.destroy();
  }
}
