/**
 * The cpu-core side column: the stage's goal, the family list (the player's families first with their status —
 * ✓ passing, ✗ failing, ⚠ compile error, ○ not written, ◐ partly tested, · untested — then the game's reference
 * families, readable once their stage is cleared), the selected family's header (title, opcode pattern, summary),
 * the compile errors under the editor, and the hints revealed so far. Laid out top to bottom; the editor and the
 * buttons sit in the gaps the board leaves for them.
 */
import type Phaser from "phaser";
import type { StageInfo } from "../../../shared/engine/level.ts";
import type { CpuCoreState } from "../../../shared/levels/cpu-core/index.ts";
import { registerTarget, unregisterTarget } from "../../app/targets.ts";
import { COLOURS, css, mono, sans } from "../../app/theme.ts";
import type { FamilyRow, FamilyStatus } from "./picture.ts";

export const PANEL_X = 16;
export const PANEL_W = 376;
const COLS = 2;
const ROWS = 7;
const ROW_H = 15;
const LIST_TOP = 134;
/** The editor's top edge: below the family list and the selected family's header (title, pattern, summary). */
/** The key legend at the bottom of the column. */
const KEYS_Y = 690;
export const EDITOR_TOP = LIST_TOP + ROWS * ROW_H + 70;

const GLYPH: Record<FamilyStatus, string> = { pass: "✓", fail: "✗", error: "⚠", empty: "○", partial: "◐", untested: "·" };
const GLYPH_COLOUR: Record<FamilyStatus, number> = {
  pass: COLOURS.ghost, fail: COLOURS.error, error: COLOURS.error, empty: COLOURS.dim, partial: COLOURS.pointer, untested: COLOURS.dim,
};

/** setColor re-renders a text's texture even for the same colour: only call it on a change. */
export function recolour(text: Phaser.GameObjects.Text, colour: number): void {
  if (text.style.color !== css(colour)) text.setColor(css(colour));
}

export class SidePanel {
  private readonly stage: StageInfo;
  private readonly t: Record<string, Phaser.GameObjects.Text>;
  private readonly rows: Phaser.GameObjects.Text[] = [];
  private readonly g: Phaser.GameObjects.Graphics;
  private first = 0;
  private families: readonly FamilyRow[] = [];

  constructor(scene: Phaser.Scene, stage: StageInfo, onPick: (index: number) => void) {
    this.stage = stage;
    this.g = scene.add.graphics();
    const t = (style: Phaser.Types.GameObjects.Text.TextStyle) => scene.add.text(PANEL_X, 0, "", style);
    this.t = {
      goalHead: t(mono(11, COLOURS.dim)).setText("GOAL"),
      goal: t(sans(12, COLOURS.text, PANEL_W)).setMaxLines(3),
      listHead: t(mono(11, COLOURS.dim)),
      more: t(mono(10, COLOURS.dim)),
      title: t(mono(14, COLOURS.text)),
      pattern: t(mono(12, COLOURS.pointer)),
      summary: t(sans(11, COLOURS.dim, PANEL_W)),
      errors: t(mono(10, COLOURS.error)).setWordWrapWidth(PANEL_W, true).setLineSpacing(1),
      hintHead: t(mono(11, COLOURS.dim)),
      hints: t(sans(11, COLOURS.pointer, PANEL_W)).setLineSpacing(1),
      keys: t(mono(10, COLOURS.dim)).setPosition(PANEL_X, KEYS_Y)
        .setText("C check · [ ] family · E edit · Esc board · G page\n←↑↓→ cell · F its family · D divergence · H hint · P play"),
    };
    for (let i = 0; i < COLS * ROWS; i++) {
      const text = scene.add.text(0, 0, "", mono(11, COLOURS.text)).setInteractive({ useHandCursor: true });
      text.on("pointerdown", () => onPick(this.first + i));
      this.rows.push(text);
      registerTarget(`cpu:family:${i}`, () => (text.visible ? { x: text.x + text.width / 2, y: text.y + text.height / 2 } : null));
    }
  }

  /** Draws the top of the column at fixed places (the editor over it is DOM and does not move). */
  renderTop(families: readonly FamilyRow[], selected: number): void {
    const T = this.t;
    this.families = families;
    T.goalHead!.setPosition(PANEL_X, 54);
    T.goal!.setText(this.stage.goal).setPosition(PANEL_X, 68);
    const mine = families.filter((f) => f.writable).length;
    T.listHead!.setText(`FAMILIES  yours ${mine} · reference ${families.length - mine}   [ ]`).setPosition(PANEL_X, LIST_TOP - 15);
    const page = COLS * ROWS;
    if (selected < this.first || selected >= this.first + page) this.first = Math.max(0, Math.min(selected - 2, families.length - page));
    const g = this.g.clear();
    const colW = PANEL_W / COLS;
    this.rows.forEach((text, i) => {
      const f = families[this.first + i];
      const x = PANEL_X + Math.floor(i / ROWS) * colW, ry = LIST_TOP + (i % ROWS) * ROW_H;
      text.setVisible(!!f);
      if (!f) return;
      const name = f.info.title.length > 17 ? f.info.title.slice(0, 16) + "…" : f.info.title;
      const tag = f.writable ? "" : f.locked ? " ref·locked" : " ref";
      text.setText(`${f.writable ? GLYPH[f.status] : "≡"} ${name}${tag}`).setPosition(x + 5, ry);
      recolour(text, f.writable ? COLOURS.text : COLOURS.dim);
      if (this.first + i === selected) {
        g.fillStyle(0x25304a, 1).fillRect(x, ry - 1, colW - 4, ROW_H);
        g.lineStyle(1, COLOURS.selection, 1).strokeRect(x + 0.5, ry - 0.5, colW - 5, ROW_H - 1);
      }
      if (f.writable) g.fillStyle(GLYPH_COLOUR[f.status], 1).fillRect(x, ry + 1, 3, ROW_H - 4);
    });
    const y = LIST_TOP + ROWS * ROW_H;
    T.more!.setText(families.length > page ? `${this.first + 1}–${Math.min(families.length, this.first + page)} of ${families.length}` : "").setPosition(PANEL_X + PANEL_W, LIST_TOP - 14).setOrigin(1, 0);
    const f = families[selected];
    if (f) {
      T.title!.setText(f.info.title + (f.writable ? "" : f.locked ? "   (reference · locked)" : "   (reference · read-only)")).setPosition(PANEL_X, y + 6);
      T.pattern!.setText(f.info.pattern ? `matches ${f.info.pattern}   · ${f.info.opcodes.length} opcode${f.info.opcodes.length === 1 ? "" : "s"}` : "run by the core between instructions")
        .setPosition(PANEL_X, y + 24);
      T.summary!.setText(f.info.summary).setPosition(PANEL_X, y + 40);
    }
    for (const text of Object.values(T)) text.setVisible(text.text !== "");
  }

  /** The compile errors of the selected family under the editor; returns the y below them. */
  renderErrors(row: FamilyRow | undefined, y: number): number {
    const errs = row?.errors ?? [];
    const text = errs.slice(0, 3).map((e) => `✗ ${e.line}:${e.column} ${e.code}  ${e.message}`).join("\n") + (errs.length > 3 ? `\n  … ${errs.length - 3} more` : "");
    this.t.errors!.setText(text).setPosition(PANEL_X, y).setVisible(text !== "");
    return text ? y + this.t.errors!.height + 4 : y;
  }

  /** Hints the run has revealed (the level's `hintsShown`), under the buttons. */
  renderHints(state: CpuCoreState, y: number): void {
    const shown = this.stage.hints.slice(0, state.hintsShown);
    this.t.hintHead!.setText(`HINTS  ${shown.length}/${this.stage.hints.length}  (H)`).setPosition(PANEL_X, y).setVisible(true);
    const room = KEYS_Y - (y + 16) - 4;
    const hints = this.t.hints!.setText(shown.length ? shown.map((h, i) => `${i + 1}. ${h}`).reverse().join("\n") : "press H for a hint (from Pan Docs)")
      .setPosition(PANEL_X, y + 16).setVisible(true);
    recolour(hints, shown.length ? COLOURS.pointer : COLOURS.dim);
    // The newest hint first; older ones are cut when the column runs out (about 14 px a line).
    hints.setMaxLines(Math.max(1, Math.floor(room / 14)));
  }

  /** Where a family row is on screen (for shakes and flashes). */
  rowRect(index: number): { x: number; y: number; w: number; h: number } | null {
    const i = index - this.first;
    if (i < 0 || i >= COLS * ROWS || !this.families[index]) return null;
    const colW = PANEL_W / COLS;
    return { x: PANEL_X + Math.floor(i / ROWS) * colW, y: LIST_TOP + (i % ROWS) * ROW_H - 1, w: colW - 4, h: ROW_H };
  }

  destroy(): void {
    for (let i = 0; i < this.rows.length; i++) unregisterTarget(`cpu:family:${i}`);
    for (const t of [...Object.values(this.t), ...this.rows]) t.destroy();
    this.g.destroy();
  }
}
