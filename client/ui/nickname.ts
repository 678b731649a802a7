/**
 * The nickname field: a real DOM <input> laid over the canvas at game coordinates, so typing, IME and
 * accessibility work. It follows the canvas when the page is resized.
 */
import { HEIGHT, WIDTH } from "../app/theme.ts";

export class NicknameField {
  private readonly input: HTMLInputElement;
  private readonly canvas: HTMLCanvasElement;
  private readonly place: () => void;

  constructor(canvas: HTMLCanvasElement, x: number, y: number, w: number, h: number, value: string, onChange: (v: string) => boolean) {
    this.canvas = canvas;
    const input = document.createElement("input");
    input.className = "bma-nick";
    input.value = value;
    input.maxLength = 24;
    input.spellcheck = false;
    input.setAttribute("aria-label", "nickname");
    input.addEventListener("input", () => {
      const ok = onChange(input.value.trim());
      input.style.borderColor = ok ? "" : "#d55e00";
      input.title = ok ? "" : "1–24 letters, digits, space, _ . -";
    });
    input.addEventListener("keydown", (e) => {
      if (e.key === "Enter" || e.key === "Escape") input.blur();
      e.stopPropagation();
    });
    this.input = input;
    this.place = () => {
      const r = this.canvas.getBoundingClientRect();
      const sx = r.width / WIDTH;
      const sy = r.height / HEIGHT;
      Object.assign(input.style, {
        left: `${r.left + x * sx}px`, top: `${r.top + y * sy}px`, width: `${w * sx}px`, height: `${h * sy}px`,
        fontSize: `${Math.round(18 * sy)}px`,
      });
    };
    document.body.appendChild(input);
    this.place();
    window.addEventListener("resize", this.place);
  }

  reposition(): void {
    this.place();
  }

  destroy(): void {
    window.removeEventListener("resize", this.place);
    this.input.remove();
  }
}
