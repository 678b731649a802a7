/**
 * The opcode grids: 16×16 cells for the unprefixed page and 16×16 for the CB page (one shown at a time, tabs
 * switch), each cell the opcode's hex and mnemonic, filled by its status — untested (outline only), passing
 * (solid green) or failing (vermillion with a corner notch, so status never rests on colour alone). The stage's
 * families are bright, the rest dim; the selected family's cells are framed, the cursor cell has a white ring and
 * the first divergence's cell a yellow one. Cells are painted on one canvas texture (512 Phaser texts would churn
 * the GPU); only the rings are Phaser graphics.
 */
import type Phaser from "phaser";
import { FAMILY_OF_OPCODE } from "../../../shared/levels/cpu-core/microcode/index.ts";
import { registerTarget, unregisterTarget, type Point } from "../../app/targets.ts";
import { COLOURS, css, FONT_MONO, mono } from "../../app/theme.ts";
import { cellLabel, cellStatus, pageCounts, type CellStatus } from "./picture.ts";
import { recolour } from "./side-panel.ts";

export interface GridGeometry { x: number; y: number; cellW: number; cellH: number }

const LABEL = 18;
const HEAD = 12;
const TAB_H = 18;
/** Texture pixels per game pixel: text stays crisp when FIT scales the canvas up. */
const RES = 2;

const FILL: Record<CellStatus, string> = { untested: "#141925", pass: "#0b6b50", fail: "#b04a00" };

export interface GridInput {
  opcodeStatus: string | undefined;
  /** Family ids the player writes in this stage (their cells are bright). */
  writable: ReadonlySet<string>;
  selectedFamily: string;
  cursor: number;
  divergent: number | null;
}

let serial = 0;

export class OpcodeGrid {
  readonly geo: GridGeometry;
  page: 0 | 1 = 0;
  private readonly scene: Phaser.Scene;
  private readonly key: string;
  private readonly texture: Phaser.Textures.CanvasTexture;
  private readonly image: Phaser.GameObjects.Image;
  private readonly rings: Phaser.GameObjects.Graphics;
  private readonly tabs: Phaser.GameObjects.Text[];
  private readonly zone: Phaser.GameObjects.Zone;
  private painted = "";
  private input: GridInput | null = null;

  constructor(scene: Phaser.Scene, geo: GridGeometry, onCell: (op: number, click: boolean) => void, onPage: (page: 0 | 1) => void) {
    this.scene = scene;
    this.geo = geo;
    this.key = `cpu-grid-${++serial}`;
    const w = LABEL + 16 * geo.cellW, h = HEAD + 16 * geo.cellH;
    this.texture = scene.textures.createCanvas(this.key, w * RES, h * RES)!;
    this.image = scene.add.image(geo.x, geo.y + TAB_H, this.key).setOrigin(0, 0).setScale(1 / RES);
    this.rings = scene.add.graphics();
    this.tabs = [0, 1].map((p) => scene.add.text(geo.x + LABEL + p * 430, geo.y, "", mono(12, COLOURS.text))
      .setInteractive({ useHandCursor: true }).on("pointerdown", () => onPage(p as 0 | 1)));
    this.zone = scene.add.zone(geo.x + LABEL, geo.y + TAB_H + HEAD, 16 * geo.cellW, 16 * geo.cellH).setOrigin(0, 0).setInteractive({ useHandCursor: true });
    const hit = (p: Phaser.Input.Pointer) => {
      const col = Math.floor((p.worldX - geo.x - LABEL) / geo.cellW), row = Math.floor((p.worldY - geo.y - TAB_H - HEAD) / geo.cellH);
      return col >= 0 && col < 16 && row >= 0 && row < 16 ? this.page * 256 + row * 16 + col : null;
    };
    this.zone.on("pointermove", (p: Phaser.Input.Pointer) => { const op = hit(p); if (op !== null) onCell(op, false); });
    this.zone.on("pointerdown", (p: Phaser.Input.Pointer) => { const op = hit(p); if (op !== null) onCell(op, true); });
    for (let op = 0; op < 512; op++) registerTarget(`cpu:cell:${op.toString(16)}`, () => (Math.floor(op / 256) === this.page ? this.cellCenter(op) : null));
    registerTarget("cpu:tab:main", () => ({ x: this.tabs[0]!.x + this.tabs[0]!.width / 2, y: geo.y + 8 }));
    registerTarget("cpu:tab:cb", () => ({ x: this.tabs[1]!.x + this.tabs[1]!.width / 2, y: geo.y + 8 }));
  }

  /** Total height the grid takes (tabs, column header and 16 rows). */
  get height(): number {
    return TAB_H + HEAD + 16 * this.geo.cellH;
  }

  cellCenter(op: number): Point {
    const i = op & 0xff;
    return { x: this.geo.x + LABEL + (i % 16) * this.geo.cellW + this.geo.cellW / 2, y: this.geo.y + TAB_H + HEAD + Math.floor(i / 16) * this.geo.cellH + this.geo.cellH / 2 };
  }

  render(input: GridInput): void {
    this.input = input;
    const key = `${this.page}|${input.opcodeStatus ?? ""}|${[...input.writable].join(",")}|${input.selectedFamily}`;
    if (key !== this.painted) {
      this.painted = key;
      this.paint(input);
    }
    for (const p of [0, 1] as const) {
      const c = pageCounts(input.opcodeStatus, p);
      this.tabs[p]!.setText(`${p === this.page ? "▼" : "▷"} ${p ? "CB PAGE  $CB xx" : "MAIN PAGE  $00-$FF"}   ✓${c.pass}  ✗${c.fail}  / ${c.total}`);
      recolour(this.tabs[p]!, p === this.page ? COLOURS.text : COLOURS.dim);
    }
    this.drawRings(input);
  }

  private paint(input: GridInput): void {
    const { cellW, cellH } = this.geo;
    const ctx = this.texture.context;
    ctx.setTransform(RES, 0, 0, RES, 0, 0);
    ctx.clearRect(0, 0, LABEL + 16 * cellW, HEAD + 16 * cellH);
    ctx.textBaseline = "top";
    ctx.font = `9px ${FONT_MONO}`;
    ctx.fillStyle = css(COLOURS.dim);
    for (let i = 0; i < 16; i++) {
      ctx.fillText(`x${i.toString(16).toUpperCase()}`, LABEL + i * cellW + cellW / 2 - 6, 1);
      ctx.fillText(`${i.toString(16).toUpperCase()}x`, 2, HEAD + i * cellH + cellH / 2 - 5);
    }
    for (let i = 0; i < 256; i++) {
      const op = this.page * 256 + i;
      const x = LABEL + (i % 16) * cellW, y = HEAD + Math.floor(i / 16) * cellH;
      const family = FAMILY_OF_OPCODE[op] ?? "";
      const status = cellStatus(input.opcodeStatus, op);
      const mine = input.writable.has(family);
      const label = cellLabel(op);
      ctx.globalAlpha = mine || status !== "untested" ? 1 : 0.55;
      ctx.fillStyle = family ? FILL[status] : "#0b0e14";
      ctx.fillRect(x + 1, y + 1, cellW - 2, cellH - 2);
      if (status === "fail") {
        // The notch: failing is a shape too, not only a colour.
        ctx.fillStyle = "#ffd0b0";
        ctx.beginPath(); ctx.moveTo(x + cellW - 9, y + 1); ctx.lineTo(x + cellW - 1, y + 1); ctx.lineTo(x + cellW - 1, y + 9); ctx.closePath(); ctx.fill();
      }
      ctx.strokeStyle = family === input.selectedFamily ? "#ffffff" : mine ? css(COLOURS.liveEdge) : "#2a3142";
      ctx.lineWidth = family === input.selectedFamily ? 1.5 : 1;
      ctx.strokeRect(x + 1.5, y + 1.5, cellW - 3, cellH - 3);
      const bright = mine || family === input.selectedFamily;
      ctx.fillStyle = bright ? "#ffffff" : "#9aa3b5";
      ctx.font = `bold 9px ${FONT_MONO}`;
      ctx.fillText(label.op, x + 4, y + 2);
      ctx.font = `8px ${FONT_MONO}`;
      ctx.fillStyle = bright ? "#c9d2e3" : "#7d8699";
      ctx.fillText((op & 0xff).toString(16).toUpperCase().padStart(2, "0"), x + cellW - 14, y + 2.5);
      ctx.fillText(label.args.length > 9 ? label.args.slice(0, 8) + "…" : label.args, x + 4, y + 11);
    }
    ctx.globalAlpha = 1;
    this.texture.refresh();
  }

  private drawRings(input: GridInput): void {
    const g = this.rings.clear();
    const { cellW, cellH } = this.geo;
    const ring = (op: number, colour: number, width: number) => {
      if (Math.floor(op / 256) !== this.page) return;
      const c = this.cellCenter(op);
      g.lineStyle(width, colour, 1).strokeRect(c.x - cellW / 2 + 0.5, c.y - cellH / 2 + 0.5, cellW - 1, cellH - 1);
    };
    if (input.divergent !== null) ring(input.divergent, COLOURS.pointer, 3);
    ring(input.cursor, COLOURS.selection, 2);
  }

  setPage(page: 0 | 1): void {
    this.page = page;
    if (this.input) this.render(this.input);
  }

  setVisible(on: boolean): void {
    for (const o of [this.image, this.rings, this.zone, ...this.tabs]) o.setVisible(on);
    if (on) this.zone.setInteractive(); else this.zone.disableInteractive();
  }

  destroy(): void {
    for (let op = 0; op < 512; op++) unregisterTarget(`cpu:cell:${op.toString(16)}`);
    unregisterTarget("cpu:tab:main");
    unregisterTarget("cpu:tab:cb");
    this.image.destroy();
    this.rings.destroy();
    this.zone.destroy();
    for (const t of this.tabs) t.destroy();
    this.scene.textures.remove(this.key);
  }
}
