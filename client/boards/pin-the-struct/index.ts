/**
 * The pin-the-struct board: a program editor and step/run/reset controls on the left, the machine's memory on the
 * right (memory-view.ts), the compiler panel, executor and output (side-panel.ts), all drawn from one PinState via
 * picture.ts. The board only proposes actions — {type: "submit", program}, step, run, reset — the server and the
 * replica decide.
 */
import type Phaser from "phaser";
import type { LevelEvent } from "../../../shared/engine/level.ts";
import { MAX_PROGRAM_CHARS } from "../../../shared/levels/pin-the-struct/compile.ts";
import type { PinState } from "../../../shared/levels/pin-the-struct/machine.ts";
import { COLOURS } from "../../app/theme.ts";
import { Button } from "../../ui/button.ts";
import type { BoardOptions, BoardView } from "../board.ts";
import { ProgramEditor } from "./editor.ts";
import { MemoryView } from "./memory-view.ts";
import { picture } from "./picture.ts";
import { SidePanel } from "./side-panel.ts";

const STARTER = "// The body of fn main(): the stage's types are in scope.\n";
const EDITOR_H = 150;

class PinBoard implements BoardView {
  private readonly scene: Phaser.Scene;
  private readonly options: BoardOptions;
  private readonly memory: MemoryView;
  private readonly panel: SidePanel;
  private editor: ProgramEditor | null = null;
  private buttons: Button[] = [];
  private state: PinState | null = null;

  constructor(scene: Phaser.Scene, options: BoardOptions) {
    this.scene = scene;
    this.options = options;
    this.memory = new MemoryView(scene);
    this.panel = new SidePanel(scene, options.stage);
  }

  private send(action: unknown): void {
    this.options.onAction?.(action, action);
  }

  render(raw: unknown): void {
    const state = raw as PinState;
    this.state = state;
    const p = picture(state);
    this.memory.render(p);
    this.panel.render(state, p, (y) => this.controls(y, state));
  }

  /** Places the editor and the buttons below the goal; returns the y below them. */
  private controls(y: number, state: PinState): number {
    if (this.options.mode !== "play") return y;
    if (!this.editor) {
      this.editor = new ProgramEditor(this.scene.game.canvas, {
        x: 16, y, w: 368, h: EDITOR_H, value: state.program || STARTER, maxLength: MAX_PROGRAM_CHARS,
        onSubmit: (program) => this.send({ type: "submit", program }),
      });
      const by = y + EDITOR_H + 6;
      const spec = (x: number, w: number, label: string, keys: string[], onPress: () => void) =>
        new Button(this.scene, { x, y: by, w, h: 30, label, keys, target: `pin:${label.toLowerCase()}`, onPress });
      this.buttons = [
        spec(16, 110, "Compile", ["c"], () => this.send({ type: "submit", program: this.editor!.value })),
        spec(132, 80, "Step", ["Enter"], () => this.send({ type: "step" })),
        spec(218, 80, "Run", ["g"], () => this.send({ type: "run" })),
        spec(304, 80, "Reset", ["x"], () => this.send({ type: "reset" })),
      ];
    }
    return y + EDITOR_H + 44;
  }

  key(e: KeyboardEvent): boolean {
    if (this.options.mode !== "play" || !this.state) return false;
    switch (e.key) {
      case "Enter": case " ": this.send({ type: "step" }); return true;
      case "g": case "G": this.send({ type: "run" }); return true;
      case "x": case "X": this.send({ type: "reset" }); return true;
      case "c": case "C": this.send({ type: "submit", program: this.editor?.value ?? "" }); return true;
      case "e": case "E": this.editor?.focus(); return true;
      default: return false;
    }
  }

  animate(events: readonly LevelEvent[]): void {
    for (const raw of events) {
      const e = raw as LevelEvent & { addr?: number; to?: number };
      // Moves and reallocations flash the destination; undefined behaviour flashes the place it happened.
      const at = e.kind === "move" || e.kind === "realloc" || e.kind === "push" ? e.to : e.kind === "ub" || e.kind === "pin" ? e.addr : undefined;
      const row = at === undefined ? undefined : this.memory.rowOf(at);
      if (!row) continue;
      const g = this.scene.add.graphics().setDepth(6);
      g.fillStyle(e.kind === "ub" ? COLOURS.error : COLOURS.selection, 0.6).fillRect(row.x, row.y, Math.max(10, row.box.size * row.scale), 30);
      this.scene.tweens.add({ targets: g, alpha: 0, duration: e.kind === "ub" ? 900 : 350, onComplete: () => g.destroy() });
    }
  }

  shake(_target: unknown): void {
    const g = this.scene.add.graphics().setDepth(7);
    g.lineStyle(3, COLOURS.error, 1).strokeRect(14, 54, 372, 600);
    this.scene.tweens.add({ targets: g, x: { from: -5, to: 5 }, duration: 45, yoyo: true, repeat: 2, onComplete: () => g.destroy() });
  }

  cellCenter(addr: number) {
    const r = this.memory.rowOf(addr);
    return r ? { x: r.x + (addr - r.box.addr) * r.scale, y: r.y + 15 } : null;
  }

  revealHint(): boolean {
    const more = this.panel.revealHint();
    if (this.state) this.render(this.state);
    return more;
  }

  destroy(): void {
    this.editor?.destroy();
    for (const b of this.buttons) b.destroy();
    this.memory.destroy();
    this.panel.destroy();
  }
}

export function createPinBoard(scene: Phaser.Scene, options: BoardOptions): BoardView {
  return new PinBoard(scene, options);
}
