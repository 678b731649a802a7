/**
 * The first divergence: the reference core's trace and the player's side by side, the matching instructions
 * before it dim above, the instruction where they part bright, each differing field boxed in vermillion and
 * underlined (inside ZNHC only the flags that differ), then the difference in words and both cores' memory writes.
 * Above the tables: the check's verdict with its misconception tag. Before any check it says what a check does.
 */
import type Phaser from "phaser";
import type { CpuCoreState } from "../../../shared/levels/cpu-core/index.ts";
import { COLOURS, css, mono, sans } from "../../app/theme.ts";
import { cellLabel, divergencePicture, familyTitle, type DivergencePicture } from "./picture.ts";

export interface Area { x: number; y: number; w: number; h: number }

const SIZE = 10;
const SPACING = 2;

export class DivergenceView {
  private readonly area: Area;
  private readonly g: Phaser.GameObjects.Graphics;
  private readonly t: Record<string, Phaser.GameObjects.Text>;
  private readonly charW: number;
  /** Advance from one trace row to the next. */
  private readonly rowH: number;
  private shown = "";

  constructor(scene: Phaser.Scene, area: Area) {
    this.area = area;
    this.g = scene.add.graphics();
    const probe = scene.add.text(0, 0, "0".repeat(20), mono(SIZE));
    this.charW = probe.width / 20;
    this.rowH = probe.height + SPACING;
    probe.destroy();
    const half = (area.w - 12) / 2;
    const t = (x: number, style: Phaser.Types.GameObjects.Text.TextStyle) => scene.add.text(area.x + x, area.y, "", style);
    this.t = {
      head: t(0, mono(11, COLOURS.dim)),
      tag: t(0, { ...mono(11, COLOURS.text), backgroundColor: css(COLOURS.error), padding: { x: 6, y: 2 } }),
      summary: t(0, sans(12, COLOURS.text, area.w)),
      refHead: t(0, mono(11, COLOURS.ghost)),
      yourHead: t(half + 12, mono(11, COLOURS.pointer)),
      ref: t(0, mono(SIZE, COLOURS.dim)).setLineSpacing(SPACING),
      yours: t(half + 12, mono(SIZE, COLOURS.dim)).setLineSpacing(SPACING),
      refRow: t(0, mono(SIZE, COLOURS.text)),
      yourRow: t(half + 12, mono(SIZE, COLOURS.text)),
      words: t(0, mono(11, COLOURS.text)).setWordWrapWidth(area.w, true).setLineSpacing(2),
    };
  }

  render(state: CpuCoreState): void {
    const report = state.report;
    const key = report ? `${state.checks}|${report.summary}` : `none|${state.errors.length}`;
    if (key === this.shown) return;
    this.shown = key;
    const T = this.t;
    const { x, w } = this.area;
    let y = this.area.y;
    this.g.clear();
    for (const text of Object.values(T)) text.setText("");
    const d = divergencePicture(state);
    if (!report) {
      T.head!.setText("CHECK").setPosition(x, y);
      T.summary!.setText("Press C (or Ctrl+Enter in the editor) to check: every opcode of your families runs against randomized states, then the stage's test ROMs run on your core in lockstep with the reference. The first instruction where the two cores differ appears here, side by side.")
        .setColor(css(COLOURS.dim)).setPosition(x, y + 18);
      this.hideEmpty();
      return;
    }
    T.head!.setText(d ? `FIRST DIVERGENCE  ${d.run.rom} · instruction ${d.divergence.instruction} (a ${d.run.frames}-frame run)` : report.passed ? "CHECK PASSED" : "CHECK").setPosition(x, y);
    y += 16;
    if (report.misconception) {
      T.tag!.setText(report.misconception).setPosition(x, y);
      T.summary!.setWordWrapWidth(w - T.tag!.width - 10, true).setText(report.summary).setColor(css(COLOURS.text)).setPosition(x + T.tag!.width + 10, y + 1);
      y += Math.max(T.tag!.height, T.summary!.height) + 8;
    } else {
      T.summary!.setWordWrapWidth(w, true).setText(`✓ ${report.summary}`).setColor(css(COLOURS.ghost)).setPosition(x, y);
      y += T.summary!.height + 8;
    }
    if (d) this.tables(d, y);
    this.hideEmpty();
  }

  private tables(p: DivergencePicture, top: number): void {
    const T = this.t;
    const half = (this.area.w - 12) / 2;
    const { x } = this.area;
    const label = cellLabel(p.divergence.opcode);
    const what = `$${label.hex} ${label.mnemonic} · ${familyTitle(p.divergence.family)}`;
    T.refHead!.setText(`REFERENCE CORE   ${what}`).setPosition(x, top);
    T.yourHead!.setText(`YOUR CORE   ✗ differs in ${p.divergence.fields.join(", ")}${p.sentences[0]?.startsWith("flag") ? ` (${p.sentences.filter((x) => x.startsWith("flag")).map((x) => x.slice(5, 6)).join(" ")})` : ""}`).setPosition(x + half + 12, top);
    const y0 = top + 16;
    const rowH = this.rowH;
    // The matching rows are context (dim); the row where the cores part is the news (bright, banded).
    const context = [p.header, ...p.before];
    const rowY = y0 + context.length * rowH;
    const panelH = (context.length + 1) * rowH;
    const g = this.g;
    const columns: [number, Phaser.GameObjects.Text, Phaser.GameObjects.Text, string][] = [[x, T.ref!, T.refRow!, p.reference], [x + half + 12, T.yours!, T.yourRow!, p.player]];
    for (const [px, ctx, row, text] of columns) {
      g.fillStyle(COLOURS.panel, 1).fillRect(px - 4, y0 - 2, half + 4, panelH + 4);
      g.lineStyle(1, COLOURS.panelEdge, 1).lineBetween(px - 4, y0 + rowH - 1, px + half, y0 + rowH - 1);
      g.fillStyle(0x2a2f3d, 1).fillRect(px - 4, rowY - 1, half + 4, rowH + 1);
      for (const s of p.spans) {
        g.fillStyle(COLOURS.error, px === x ? 0.3 : 0.85).fillRect(px + s.at * this.charW - 1, rowY - 1, s.len * this.charW + 2, rowH + 1);
        g.lineStyle(2, COLOURS.error, 1).lineBetween(px + s.at * this.charW - 1, rowY + rowH + 1, px + (s.at + s.len) * this.charW + 1, rowY + rowH + 1);
      }
      ctx.setText(context.join("\n")).setPosition(px, y0);
      row.setText(text).setPosition(px, rowY);
    }
    const words = [...p.sentences.map((s) => "✗ " + s), `writes  reference: ${p.writes.reference}   yours: ${p.writes.player}`];
    const wy = y0 + panelH + 10;
    T.words!.setText(words.join("\n")).setPosition(x, wy);
    g.fillStyle(COLOURS.error, 1).fillRect(x - 6, wy + 2, 3, T.words!.height - 4);
  }

  private hideEmpty(): void {
    for (const text of Object.values(this.t)) text.setVisible(text.text !== "");
  }

  setVisible(on: boolean): void {
    this.g.setVisible(on);
    for (const text of Object.values(this.t)) text.setVisible(on && text.text !== "");
    if (on) this.shown = "";
  }

  destroy(): void {
    this.g.destroy();
    for (const t of Object.values(this.t)) t.destroy();
  }
}
