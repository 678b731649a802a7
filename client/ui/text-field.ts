/**
 * A labelled DOM <input> laid over the canvas at game coordinates (typing, paste, IME and screen readers work),
 * for the class screens' join code, nickname and hint. `check` returns why a value is not acceptable, or null;
 * Enter submits, Escape blurs. It follows the canvas when the page is resized.
 */
import { HEIGHT, WIDTH } from "../app/theme.ts";

export interface TextFieldSpec {
  x: number;
  y: number;
  w: number;
  h: number;
  /** The accessible name (aria-label); tests find the field by it. */
  label: string;
  value?: string;
  placeholder?: string;
  maxLength: number;
  /** Font size in game pixels. */
  size?: number;
  check?: (value: string) => string | null;
  onSubmit?: () => void;
}

export class TextField {
  readonly input: HTMLInputElement;
  private readonly place: () => void;

  constructor(canvas: HTMLCanvasElement, spec: TextFieldSpec) {
    const input = document.createElement("input");
    input.className = "bma-nick";
    input.value = spec.value ?? "";
    input.maxLength = spec.maxLength;
    input.spellcheck = false;
    input.autocomplete = "off";
    input.placeholder = spec.placeholder ?? "";
    input.setAttribute("aria-label", spec.label);
    input.addEventListener("input", () => this.validate(spec));
    input.addEventListener("keydown", (e) => {
      if (e.key === "Enter") spec.onSubmit?.();
      if (e.key === "Escape") input.blur();
      e.stopPropagation();
    });
    this.input = input;
    this.place = () => {
      const r = canvas.getBoundingClientRect();
      const sx = r.width / WIDTH;
      const sy = r.height / HEIGHT;
      Object.assign(input.style, {
        left: `${r.left + spec.x * sx}px`, top: `${r.top + spec.y * sy}px`, width: `${spec.w * sx}px`, height: `${spec.h * sy}px`,
        fontSize: `${Math.round((spec.size ?? 18) * sy)}px`,
      });
    };
    document.body.appendChild(input);
    this.place();
    window.addEventListener("resize", this.place);
  }

  get value(): string {
    return this.input.value;
  }

  set value(v: string) {
    this.input.value = v;
  }

  /** Marks the field and returns the problem with its value, or null. */
  validate(spec: Pick<TextFieldSpec, "check">): string | null {
    const why = spec.check?.(this.input.value) ?? null;
    this.input.style.borderColor = why ? "#d55e00" : "";
    this.input.title = why ?? "";
    return why;
  }

  focus(): void {
    this.input.focus();
  }

  destroy(): void {
    window.removeEventListener("resize", this.place);
    this.input.remove();
  }
}
