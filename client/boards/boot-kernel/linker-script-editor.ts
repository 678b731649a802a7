/**
 * The linker script as editable text: a DOM <textarea> over the canvas (typing, paste, undo and screen readers
 * work) with a line-number gutter that scrolls with it; the line an error points at is marked ✗ in the gutter and
 * the message is shown under the editor. Ctrl+Enter applies the text ({type: "script"}); Boot applies unsent edits
 * first. Escape hands the keyboard back to the board; keys typed here never reach the scene. The same editor, as
 * `CodeArea`, edits an assembly block's text.
 */
import type Phaser from "phaser";
import { COLOURS, css, HEIGHT, mono, WIDTH } from "../../app/theme.ts";
import { Panel, type Rect } from "./panel.ts";

const GUTTER = 30;

export interface CodeAreaSpec {
  rect: Rect;
  label: string;
  value: string;
  maxLength: number;
  onApply: (text: string) => void;
  onEscape?: () => void;
}

/** A textarea with line numbers, laid over the canvas at game coordinates. */
export class CodeArea {
  readonly area: HTMLTextAreaElement;
  private readonly box: HTMLDivElement;
  private readonly gutter: HTMLDivElement;
  private readonly place: () => void;
  private errorLine = 0;

  constructor(canvas: HTMLCanvasElement, spec: CodeAreaSpec) {
    const box = document.createElement("div");
    const gutter = document.createElement("div");
    const area = document.createElement("textarea");
    const font = '"DejaVu Sans Mono", Menlo, Consolas, monospace';
    Object.assign(box.style, { position: "absolute", display: "flex", background: "#0f131b", border: "1px solid #2a3142", borderRadius: "4px", overflow: "hidden", boxSizing: "border-box" });
    Object.assign(gutter.style, { fontFamily: font, color: "#5b6478", textAlign: "right", padding: "4px 4px 4px 0", boxSizing: "border-box", whiteSpace: "pre", overflow: "hidden", userSelect: "none", background: "#0b0e14", lineHeight: "1.35" });
    Object.assign(area.style, {
      flex: "1", background: "transparent", color: "#e6e9ef", border: "none", fontFamily: font, resize: "none", padding: "4px 6px",
      boxSizing: "border-box", outline: "none", tabSize: "2", whiteSpace: "pre", overflow: "auto", lineHeight: "1.35",
    });
    area.value = spec.value;
    area.maxLength = spec.maxLength;
    area.spellcheck = false;
    area.setAttribute("aria-label", spec.label);
    area.addEventListener("keydown", (e) => {
      e.stopPropagation();
      if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) { e.preventDefault(); spec.onApply(area.value); }
      if (e.key === "Escape") { area.blur(); spec.onEscape?.(); }
      if (e.key === "Tab") { e.preventDefault(); area.setRangeText("  ", area.selectionStart, area.selectionEnd, "end"); this.numbers(); }
    });
    area.addEventListener("keyup", (e) => e.stopPropagation());
    area.addEventListener("input", () => this.numbers());
    area.addEventListener("scroll", () => { gutter.scrollTop = area.scrollTop; });
    box.append(gutter, area);
    this.area = area;
    this.box = box;
    this.gutter = gutter;
    this.place = () => {
      const r = canvas.getBoundingClientRect();
      const sx = r.width / WIDTH, sy = r.height / HEIGHT;
      const { x, y, w, h } = spec.rect;
      Object.assign(box.style, { left: `${window.scrollX + r.left + x * sx}px`, top: `${window.scrollY + r.top + y * sy}px`, width: `${w * sx}px`, height: `${h * sy}px` });
      const size = `${Math.max(9, Math.round(11 * sy))}px`;
      area.style.fontSize = size;
      gutter.style.fontSize = size;
      gutter.style.width = `${GUTTER * sx}px`;
    };
    document.body.appendChild(box);
    this.place();
    this.numbers();
    window.addEventListener("resize", this.place);
  }

  get value(): string {
    return this.area.value;
  }

  set value(v: string) {
    this.area.value = v;
    this.numbers();
  }

  /** Marks a 1-based line as the error's (0: none). */
  markLine(line: number): void {
    this.errorLine = line;
    this.numbers();
  }

  private numbers(): void {
    const n = this.area.value.split("\n").length;
    const out: string[] = [];
    for (let i = 1; i <= n; i++) out.push(i === this.errorLine ? `✗${i}` : String(i));
    this.gutter.textContent = out.join("\n") + "\n";
    this.gutter.style.color = "#5b6478";
    if (this.errorLine) {
      this.gutter.innerHTML = "";
      out.forEach((s, i) => {
        const span = document.createElement("span");
        span.textContent = s + "\n";
        if (i + 1 === this.errorLine) span.style.color = "#d55e00";
        this.gutter.appendChild(span);
      });
    }
    this.gutter.scrollTop = this.area.scrollTop;
  }

  focused(): boolean {
    return document.activeElement === this.area;
  }

  focus(): void {
    this.area.focus();
  }

  destroy(): void {
    window.removeEventListener("resize", this.place);
    this.box.remove();
  }
}

export class LinkerScriptEditor {
  private readonly panel: Panel;
  private readonly code: CodeArea | null;
  private readonly message: Phaser.GameObjects.Text;
  /** The script as the level holds it (what was last applied). */
  private applied = "";

  constructor(scene: Phaser.Scene, rect: Rect, editable: boolean, onApply: (text: string) => void) {
    this.panel = new Panel(scene, rect, "LINKER SCRIPT  linker.ld");
    const inner = this.panel.inner;
    const area = { x: inner.x, y: inner.y, w: inner.w, h: inner.h - 14 };
    this.code = editable ? new CodeArea(scene.game.canvas, { rect: area, label: "linker script", value: "", maxLength: 4096, onApply }) : null;
    this.message = scene.add.text(inner.x, inner.y + inner.h - 12, "", mono(10, COLOURS.dim));
    if (!editable) this.message.setY(inner.y);
  }

  /** Shows the level's script (keeping the player's unsent edits) and the script error, if any. */
  render(script: string, error: { line: number; message: string; code: string } | null): void {
    if (this.code) {
      if (this.code.value === this.applied || !this.dirty()) this.code.value = script;
      this.applied = script;
      this.code.markLine(error?.line ?? 0);
    }
    const rows = Math.max(1, Math.floor(this.panel.inner.h / 12));
    const text = error ? `✗ ${error.code} line ${error.line}: ${error.message}` : this.code ? (this.dirty() ? "edited · Ctrl+Enter applies (Boot applies too)" : "L to edit · Ctrl+Enter applies")
      : readOnlyLines(script, rows).join("\n");
    this.message.setText(text.length > 58 && this.code ? text.slice(0, 57) + "…" : text).setColor(css(error ? COLOURS.error : COLOURS.dim));
    this.panel.setNote(`${script.split("\n").length} lines`);
  }

  /** The text in the editor differs from what the level holds. */
  dirty(): boolean {
    return !!this.code && this.code.value !== this.applied;
  }

  get value(): string {
    return this.code?.value ?? this.applied;
  }

  focus(): void {
    this.code?.focus();
  }

  flash(scene: Phaser.Scene): void {
    this.panel.flash(scene);
  }

  destroy(): void {
    this.code?.destroy();
    this.message.destroy();
    this.panel.destroy();
  }
}

/** The script without blank lines and braces-only lines, for a read-only panel with a few rows. */
export function readOnlyLines(script: string, rows: number): string[] {
  const lines = script.split("\n").map((l) => l.trimEnd()).filter((l) => l.trim() !== "" && !/^\s*[{}]\s*$/.test(l));
  return lines.length > rows ? [...lines.slice(0, rows - 1), `… ${lines.length - rows + 1} more lines`] : lines;
}
