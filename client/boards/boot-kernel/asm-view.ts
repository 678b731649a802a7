/**
 * The assembly a block generates, on demand (A): the kernel's GNU as source from blocks.ts's generator at the
 * current opt-level, the selected block's lines with their line numbers in the whole file (assembler errors name
 * these), drawn over the VGA screen until A is pressed again. An assembly block opens its text in an editor here
 * instead (Ctrl+Enter applies it).
 */
import type Phaser from "phaser";
import { type Block, generate, KINDS, MAX_ASM_CHARS } from "../../../shared/levels/boot-kernel/blocks.ts";
import { COLOURS, mono } from "../../app/theme.ts";
import { CodeArea } from "./linker-script-editor.ts";
import type { Rect } from "./panel.ts";

const LINE_H = 13;

/** The generated source lines of block `index`, numbered as in the whole file; line 0 marks a jump between pieces. */
export function blockSource(blocks: readonly Block[], optLevel: number, index: number): { line: number; text: string }[] {
  const g = generate(blocks, optLevel);
  const all = g.source.split("\n");
  const out: { line: number; text: string }[] = [];
  for (const seg of g.segments) {
    if (seg.block !== index) continue;
    if (out.length && out[out.length - 1]!.line !== seg.first - 1) out.push({ line: 0, text: "⋮" });
    for (let l = seg.first; l <= seg.last; l++) out.push({ line: l, text: all[l - 1] ?? "" });
  }
  return out;
}

export class AsmView {
  private readonly scene: Phaser.Scene;
  private readonly rect: Rect;
  private objects: Phaser.GameObjects.GameObject[] = [];
  private editor: CodeArea | null = null;
  open: number | null = null;

  constructor(scene: Phaser.Scene, rect: Rect) {
    this.scene = scene;
    this.rect = rect;
  }

  /** Shows the generated lines of a block (or closes the view when it already shows that block). */
  toggle(blocks: readonly Block[], optLevel: number, index: number, problemLine?: number): void {
    if (this.open === index && !this.editor) { this.close(); return; }
    this.close();
    const b = blocks[index];
    if (!b) return;
    this.open = index;
    const { x, y, w, h } = this.rect;
    const g = this.scene.add.graphics().setDepth(20);
    g.fillStyle(0x0d1017, 1).fillRoundedRect(x, y, w, h, 6);
    g.lineStyle(1, COLOURS.liveEdge, 1).strokeRoundedRect(x, y, w, h, 6);
    this.objects.push(g);
    const lines = blockSource(blocks, optLevel, index);
    const title = `ASSEMBLY · block ${index} ${KINDS[b.kind].label} · opt-level ${optLevel} · GNU as syntax · A closes`;
    this.objects.push(this.scene.add.text(x + 8, y + 6, title, mono(10, COLOURS.dim)).setDepth(21));
    const rows = Math.floor((h - 30) / LINE_H);
    const shown = lines.slice(0, rows - (lines.length > rows ? 1 : 0));
    const room = Math.floor((w - 16) / 6.65);
    const fit = (s: string) => (s.length > room ? s.slice(0, room - 1) + "…" : s);
    const text = shown.map((l) => fit(l.line === 0 ? `      ${l.text}` : `${l.line === problemLine ? "✗" : " "}${String(l.line).padStart(4)}  ${l.text}`)).join("\n")
      + (lines.length > shown.length ? `\n      … ${lines.length - shown.length} more lines` : "")
      + (lines.length === 0 ? "  (this block adds no lines: its stores were deleted by the optimizer, or it only places data)" : "");
    this.objects.push(this.scene.add.text(x + 8, y + 24, text, mono(11, COLOURS.text)).setLineSpacing(0).setDepth(21));
  }

  /** Opens an assembly block's text in an editor over the screen; Ctrl+Enter applies it through `apply`. */
  edit(text: string, index: number, errorLine: number, apply: (text: string) => void): void {
    this.close();
    this.open = index;
    const { x, y, w, h } = this.rect;
    const g = this.scene.add.graphics().setDepth(20);
    g.fillStyle(0x0d1017, 1).fillRoundedRect(x, y, w, h, 6);
    this.objects.push(g, this.scene.add.text(x + 8, y + 6, `ASSEMBLY BLOCK ${index}  (Ctrl+Enter applies · Esc in the editor returns)`, mono(10, COLOURS.dim)).setDepth(21));
    this.editor = new CodeArea(this.scene.game.canvas, {
      rect: { x: x + 6, y: y + 22, w: w - 12, h: h - 28 }, label: `assembly block ${index}`, value: text, maxLength: MAX_ASM_CHARS,
      onApply: (t) => { apply(t); this.close(); }, onEscape: () => this.close(),
    });
    this.editor.markLine(errorLine);
    this.editor.focus();
  }

  close(): void {
    for (const o of this.objects) o.destroy();
    this.objects = [];
    this.editor?.destroy();
    this.editor = null;
    this.open = null;
  }
}
