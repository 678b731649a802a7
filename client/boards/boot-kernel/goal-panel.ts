/**
 * The stage's goal, the verdict of the last boot (met ✓, or why not), the newest hint revealed with H (each is more
 * explicit than the one before), and the metrics: instructions to the goal, image size by section, faults before success, builds.
 */
import type Phaser from "phaser";
import type { StageInfo } from "../../../shared/engine/level.ts";
import { COLOURS, css, mono, sans } from "../../app/theme.ts";
import type { BoardModel } from "./model.ts";
import { sizeText } from "./memory-map.ts";
import { Panel, type Rect } from "./panel.ts";

export class GoalPanel {
  private readonly panel: Panel;
  private readonly stage: StageInfo;
  private readonly goal: Phaser.GameObjects.Text;
  private readonly verdict: Phaser.GameObjects.Text;
  private readonly metrics: Phaser.GameObjects.Text;
  private readonly hint: Phaser.GameObjects.Text;
  hintsShown = 0;

  constructor(scene: Phaser.Scene, rect: Rect, stage: StageInfo) {
    this.stage = stage;
    this.panel = new Panel(scene, rect, `GOAL · stage ${stage.id}`);
    const { x, y, w } = this.panel.inner;
    this.goal = scene.add.text(x, y, stage.goal, sans(11, COLOURS.text, w));
    this.verdict = scene.add.text(x, y, "", sans(11, COLOURS.dim, w)).setMaxLines(4);
    this.metrics = scene.add.text(x, y, "", mono(10, COLOURS.dim)).setLineSpacing(1);
    this.hint = scene.add.text(x, y, "", sans(11, COLOURS.pointer, w));
  }

  render(m: BoardModel): void {
    const { x, y, h } = this.panel.inner;
    const won = m.phase === "won";
    const failed = !won && m.verdict !== "";
    const said = won ? `✓ ${m.verdict}` : failed ? `✗ ${m.verdict}` : m.boots === 0 ? "Press B to build and boot." : "";
    this.goal.setPosition(x, y);
    const v = m.metrics;
    const sizes = m.sizes;
    this.metrics.setText([
      `instr to goal ${v.instructions ? v.instructions.toLocaleString("en") : "–"}  faults ${v.faults ?? 0}  builds ${v.builds ?? 0}`,
      sizes ? `.text ${sizeText(sizes.text)}  .data+.rodata ${sizeText(sizes.data)}  .bss ${sizeText(sizes.bss)}` : "image: not built yet",
      m.boots ? `opt-level ${m.optLevel}: the optimizer deleted ${m.deleted} store${m.deleted === 1 ? "" : "s"}` : "",
    ].filter(Boolean).join("\n"));
    this.metrics.setPosition(x, y + h - this.metrics.height);
    // The newest hint (the most explicit so far) goes right above the metrics; the verdict gets the rows left between.
    const n = this.hintsShown;
    this.hint.setText(n ? `Hint ${n}/${this.stage.hints.length}: ${this.stage.hints[n - 1]}` : "").setMaxLines(3);
    this.hint.setPosition(x, this.metrics.y - this.hint.height - 2).setVisible(n > 0);
    const top = y + this.goal.height + 4;
    const limit = n ? this.hint.y : this.metrics.y;
    this.verdict.setPosition(x, top).setText(said).setColor(css(won ? COLOURS.ghost : failed ? COLOURS.error : COLOURS.dim));
    this.verdict.setMaxLines(Math.max(1, Math.floor((limit - top - 2) / 15)));
    this.panel.setNote(`hints ${n}/${this.stage.hints.length} (H)`);
  }

  revealHint(): boolean {
    if (this.hintsShown >= this.stage.hints.length) return false;
    this.hintsShown++;
    return true;
  }

  destroy(): void {
    this.panel.destroy();
    this.goal.destroy();
    this.verdict.destroy();
    this.metrics.destroy();
    this.hint.destroy();
  }
}
