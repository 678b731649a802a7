/**
 * The program editor: a DOM <textarea> laid over the canvas at game coordinates (so typing, paste, undo and screen
 * readers work), holding the body of `fn main()`. Ctrl+Enter (or Cmd+Enter) submits; Escape hands the keyboard
 * back to the board. Its keys never reach the scene, so letters like H type instead of revealing a hint.
 */
import { HEIGHT, WIDTH } from "../../app/theme.ts";

export interface EditorSpec {
  x: number;
  y: number;
  w: number;
  h: number;
  value: string;
  maxLength: number;
  onSubmit: (program: string) => void;
}

export class ProgramEditor {
  readonly area: HTMLTextAreaElement;
  private readonly place: () => void;

  constructor(canvas: HTMLCanvasElement, spec: EditorSpec) {
    const area = document.createElement("textarea");
    area.value = spec.value;
    area.maxLength = spec.maxLength;
    area.spellcheck = false;
    area.setAttribute("aria-label", "program: the body of fn main()");
    Object.assign(area.style, {
      position: "absolute", background: "#0f131b", color: "#e6e9ef", border: "1px solid #2a3142", borderRadius: "4px",
      fontFamily: '"DejaVu Sans Mono", Menlo, Consolas, monospace', resize: "none", padding: "4px 6px", boxSizing: "border-box",
      outline: "none", tabSize: "4", whiteSpace: "pre-wrap", overflowX: "hidden", overflowY: "auto",
    });
    area.addEventListener("keydown", (e) => {
      e.stopPropagation();
      if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) { e.preventDefault(); spec.onSubmit(area.value); }
      if (e.key === "Escape") area.blur();
      if (e.key === "Tab") {
        e.preventDefault();
        const s = area.selectionStart;
        area.setRangeText("    ", s, area.selectionEnd, "end");
      }
    });
    area.addEventListener("keyup", (e) => e.stopPropagation());
    this.area = area;
    this.place = () => {
      const r = canvas.getBoundingClientRect();
      const sx = r.width / WIDTH, sy = r.height / HEIGHT;
      Object.assign(area.style, {
        left: `${window.scrollX + r.left + spec.x * sx}px`, top: `${window.scrollY + r.top + spec.y * sy}px`,
        width: `${spec.w * sx}px`, height: `${spec.h * sy}px`, fontSize: `${Math.max(9, Math.round(12 * sy))}px`,
      });
    };
    document.body.appendChild(area);
    this.place();
    window.addEventListener("resize", this.place);
  }

  get value(): string {
    return this.area.value;
  }

  focus(): void {
    this.area.focus();
  }

  destroy(): void {
    window.removeEventListener("resize", this.place);
    this.area.remove();
  }
}
