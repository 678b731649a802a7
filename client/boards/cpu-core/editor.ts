/**
 * The microcode editor: DOM laid over the canvas at game coordinates (typing, selection, paste, undo and screen
 * readers work as in any text box). A transparent <textarea> sits on a <pre> that shows the same text coloured by
 * token, with a gutter of line numbers; compile errors mark their line in the gutter and underline the token at
 * their column (the message is the mark's tooltip and is listed under the editor by the board). Its keys never
 * reach the scene, so letters type instead of pressing board keys: Ctrl+Enter checks, Alt+↑/↓ switch family,
 * Escape hands the keyboard back to the board.
 */
import { FONT_MONO, HEIGHT, WIDTH } from "../../app/theme.ts";
import { highlightLine, type TokenClass } from "./picture.ts";

export interface EditorMark { line: number; column: number; message: string }

export interface CodeEditorSpec {
  x: number;
  y: number;
  w: number;
  h: number;
  maxLength: number;
  onInput: (text: string) => void;
  onSubmit: () => void;
  onFamily: (step: 1 | -1) => void;
}

const COLOURS: Record<TokenClass, string> = {
  comment: "#6f7a90", number: "#e69f00", keyword: "#cc79a7", register: "#56b4e9", flag: "#f0e442", field: "#3fc79a",
  builtin: "#c9a0ff", punct: "#a4acbd", plain: "#e6e9ef",
};
const GUTTER = 34;
const PAD = 6;

export class CodeEditor {
  readonly area: HTMLTextAreaElement;
  private readonly root: HTMLDivElement;
  private readonly pre: HTMLPreElement;
  private readonly gutter: HTMLDivElement;
  private readonly place: () => void;
  private marks: EditorMark[] = [];

  constructor(canvas: HTMLCanvasElement, spec: CodeEditorSpec) {
    const root = document.createElement("div");
    const gutter = document.createElement("div");
    const pre = document.createElement("pre");
    const area = document.createElement("textarea");
    Object.assign(root.style, { position: "absolute", background: "#0f131b", border: "1px solid #2a3142", borderRadius: "4px", overflow: "hidden", boxSizing: "border-box" });
    const text = { fontFamily: FONT_MONO, margin: "0", whiteSpace: "pre", tabSize: "2", boxSizing: "border-box" };
    Object.assign(gutter.style, { ...text, position: "absolute", left: "0", top: "0", bottom: "0", width: `${GUTTER}px`, overflow: "hidden", color: "#5d667a", background: "#0b0e14", textAlign: "right", userSelect: "none" });
    Object.assign(pre.style, { ...text, position: "absolute", left: `${GUTTER}px`, right: "0", top: "0", bottom: "0", overflow: "hidden", padding: `${PAD}px`, color: COLOURS.plain, pointerEvents: "none" });
    Object.assign(area.style, {
      ...text, position: "absolute", left: `${GUTTER}px`, right: "0", top: "0", bottom: "0", width: `calc(100% - ${GUTTER}px)`, height: "100%",
      padding: `${PAD}px`, background: "transparent", color: "transparent", caretColor: "#ffffff", border: "none", outline: "none", resize: "none", overflow: "auto",
    });
    area.spellcheck = false;
    area.wrap = "off";
    area.maxLength = spec.maxLength;
    area.setAttribute("aria-label", "microcode");
    area.setAttribute("autocomplete", "off");
    area.addEventListener("input", () => { this.paint(); spec.onInput(area.value); });
    area.addEventListener("scroll", () => this.sync());
    area.addEventListener("focus", () => { root.style.borderColor = "#ffffff"; });
    area.addEventListener("blur", () => { root.style.borderColor = "#2a3142"; });
    area.addEventListener("keydown", (e) => {
      e.stopPropagation();
      if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) { e.preventDefault(); spec.onSubmit(); return; }
      if (e.altKey && (e.key === "ArrowUp" || e.key === "ArrowDown")) { e.preventDefault(); spec.onFamily(e.key === "ArrowUp" ? -1 : 1); return; }
      if (e.key === "Escape") { area.blur(); return; }
      if (e.key === "Tab" && !area.readOnly) {
        e.preventDefault();
        area.setRangeText("  ", area.selectionStart, area.selectionEnd, "end");
        area.dispatchEvent(new Event("input"));
      }
    });
    area.addEventListener("keyup", (e) => e.stopPropagation());
    root.append(gutter, pre, area);
    this.root = root;
    this.gutter = gutter;
    this.pre = pre;
    this.area = area;
    this.place = () => {
      const r = canvas.getBoundingClientRect();
      const sx = r.width / WIDTH, sy = r.height / HEIGHT;
      const font = `${Math.max(8, 12 * sy)}px`, line = `${Math.max(10, 16 * sy)}px`;
      Object.assign(root.style, { left: `${window.scrollX + r.left + spec.x * sx}px`, top: `${window.scrollY + r.top + spec.y * sy}px`, width: `${spec.w * sx}px`, height: `${spec.h * sy}px` });
      for (const el of [gutter, pre, area]) Object.assign(el.style, { fontSize: font, lineHeight: line });
    };
    document.body.appendChild(root);
    this.place();
    this.paint();
    window.addEventListener("resize", this.place);
  }

  get value(): string {
    return this.area.value;
  }

  /** Replaces the text (keeping the caret where it was when it still fits) and repaints. */
  setValue(text: string): void {
    if (this.area.value === text) return;
    const at = this.area.selectionStart;
    this.area.value = text;
    if (document.activeElement === this.area) this.area.setSelectionRange(Math.min(at, text.length), Math.min(at, text.length));
    this.paint();
  }

  setReadOnly(on: boolean): void {
    this.area.readOnly = on;
    this.root.style.background = on ? "#121620" : "#0f131b";
    this.area.style.caretColor = on ? "transparent" : "#ffffff";
  }

  setMarks(marks: readonly EditorMark[]): void {
    const key = (m: readonly EditorMark[]) => m.map((x) => `${x.line}:${x.column}:${x.message}`).join("|");
    if (key(marks) === key(this.marks)) return;
    this.marks = [...marks];
    this.paint();
  }

  focus(): void {
    this.area.focus();
  }

  get focused(): boolean {
    return document.activeElement === this.area;
  }

  setVisible(on: boolean): void {
    this.root.style.display = on ? "block" : "none";
  }

  /** Rebuilds the coloured copy and the gutter from the text (a few dozen lines: cheap on every keystroke). */
  private paint(): void {
    const lines = this.area.value.split("\n");
    const byLine = new Map<number, EditorMark[]>();
    for (const m of this.marks) (byLine.get(m.line) ?? byLine.set(m.line, []).get(m.line)!).push(m);
    const frag = document.createDocumentFragment();
    lines.forEach((line, i) => {
      const marks = byLine.get(i + 1);
      let col = 1;
      for (const t of highlightLine(line)) {
        const span = document.createElement("span");
        span.textContent = t.text;
        span.style.color = COLOURS[t.cls];
        if (t.cls === "comment") span.style.fontStyle = "italic";
        const hit = marks?.find((m) => m.column >= col && m.column < col + t.text.length || (m.column === col && t.text.length === 0));
        if (hit && t.text.trim()) {
          span.style.textDecoration = "underline wavy #ff6a2a";
          span.style.textUnderlineOffset = "2px";
          span.title = hit.message;
        }
        col += t.text.length;
        frag.appendChild(span);
      }
      // A mark past the end of its line (a missing token) shows as a red caret block.
      if (marks?.some((m) => m.column >= col)) {
        const gap = document.createElement("span");
        gap.textContent = " ";
        gap.style.background = "#d55e00";
        frag.appendChild(gap);
      }
      frag.appendChild(document.createTextNode("\n"));
    });
    // Room to scroll as far as the textarea can.
    frag.appendChild(document.createTextNode(" \n"));
    this.pre.replaceChildren(frag);
    const gutter = document.createDocumentFragment();
    const pad = document.createElement("div");
    pad.style.height = `${PAD}px`;
    gutter.appendChild(pad);
    lines.forEach((_, i) => {
      const d = document.createElement("div");
      const bad = byLine.has(i + 1);
      d.textContent = bad ? `✗${i + 1}` : String(i + 1);
      d.style.paddingRight = "4px";
      if (bad) Object.assign(d.style, { color: "#ffffff", background: "#d55e00" });
      gutter.appendChild(d);
    });
    const tail = document.createElement("div");
    tail.style.height = "3em";
    gutter.appendChild(tail);
    this.gutter.replaceChildren(gutter);
    this.sync();
  }

  private sync(): void {
    this.pre.scrollTop = this.area.scrollTop;
    this.pre.scrollLeft = this.area.scrollLeft;
    this.gutter.scrollTop = this.area.scrollTop;
  }

  destroy(): void {
    window.removeEventListener("resize", this.place);
    this.root.remove();
  }
}
