/**
 * The boot-kernel board. Left: the kernel as a column of blocks with an inspector for the selected block
 * (blocks-panel.ts), the linker script (linker-script-editor.ts), the opt-level and a big Boot button. Centre: the
 * machine's VGA text screen (vga-screen.ts), the COM1 console (serial-console.ts) and the fault log in
 * `qemu -d int` style (fault-log.ts). Right: the goal, verdict and metrics (goal-panel.ts), the registers, the
 * physical memory map with the kernel's sections and the stack meter (memory-map.ts), the IDT and the PICs/PIT.
 * Everything is drawn from the level state through board-state.ts; the board only proposes actions.
 *
 * Keys: B boot · O opt-level · L edit the linker script · ↑↓ blocks · Tab parameter · ←→ change (Shift: ×16) ·
 * Enter type a value · Space toggle · A the block's assembly · N add a block · Delete remove · Alt+↑↓ move.
 * Targets for tests: boot:boot, boot:opt, and the panel's boot:block:<i>, boot:param:<name>, boot:swatch:… names.
 */
import type Phaser from "phaser";
import type { LevelEvent } from "../../../shared/engine/level.ts";
import { publishShown } from "../../app/hooks.ts";
import { COLOURS } from "../../app/theme.ts";
import { Button } from "../../ui/button.ts";
import type { KeyHelp } from "../../ui/help.ts";
import type { BoardOptions, BoardView } from "../board.ts";
import { AsmView } from "./asm-view.ts";
import { BlocksPanel } from "./blocks-panel.ts";
import { readModel } from "./board-state.ts";
import { FaultLogView } from "./fault-log.ts";
import { GoalPanel } from "./goal-panel.ts";
import { IdtPanel } from "./idt-view.ts";
import { LinkerScriptEditor } from "./linker-script-editor.ts";
import { MemoryMap } from "./memory-map.ts";
import type { BoardModel } from "./model.ts";
import { PicPitPanel } from "./pic-pit-view.ts";
import { RegistersPanel } from "./registers.ts";
import { SerialConsole } from "./serial-console.ts";
import { VGA_COLS, VGA_ROWS, VgaScreen } from "./vga-screen.ts";

const LEFT = { x: 10, w: 372 };
const CENTRE = { x: 394, w: 536 };
const RIGHT = { x: 940, w: 330 };
const VGA_BASE = 0xb8000;

class BootBoard implements BoardView {
  private readonly scene: Phaser.Scene;
  private readonly options: BoardOptions;
  private readonly blocks: BlocksPanel;
  private readonly script: LinkerScriptEditor;
  private readonly screen: VgaScreen;
  private readonly serial: SerialConsole;
  private readonly faults: FaultLogView;
  private readonly goal: GoalPanel;
  private readonly registers: RegistersPanel;
  private readonly memory: MemoryMap;
  private readonly idt: IdtPanel;
  private readonly picPit: PicPitPanel;
  private readonly asm: AsmView;
  private readonly buttons: Button[] = [];
  private optButton: Button | null = null;
  private model: BoardModel | null = null;
  private lastBoot: unknown = null;

  constructor(scene: Phaser.Scene, options: BoardOptions) {
    this.scene = scene;
    this.options = options;
    const play = options.mode === "play";
    const send = (action: unknown, target?: unknown) => this.act(action, target ?? action);
    // Replays and spectators get no editor or Boot button; the replay viewer's transport sits below y 510 on the left.
    this.blocks = new BlocksPanel(scene, { x: LEFT.x, y: 50, w: LEFT.w, h: 272 }, { x: LEFT.x, y: 326, w: LEFT.w, h: play ? 180 : 96 }, play, send);
    this.script = new LinkerScriptEditor(scene, play ? { x: LEFT.x, y: 510, w: LEFT.w, h: 150 } : { x: LEFT.x, y: 426, w: LEFT.w, h: 84 }, play,
      (text) => this.act({ type: "script", text }, { script: true }));
    this.screen = new VgaScreen(scene, { x: CENTRE.x + 8, y: 58, cellW: 6.5, cellH: 14 });
    this.serial = new SerialConsole(scene, { x: CENTRE.x, y: 422, w: CENTRE.w, h: 112 });
    this.faults = new FaultLogView(scene, { x: CENTRE.x, y: 538, w: CENTRE.w, h: 174 });
    this.goal = new GoalPanel(scene, { x: RIGHT.x, y: 50, w: RIGHT.w, h: 168 }, options.stage);
    this.registers = new RegistersPanel(scene, { x: RIGHT.x, y: 222, w: RIGHT.w, h: 118 });
    this.memory = new MemoryMap(scene, { x: RIGHT.x, y: 344, w: RIGHT.w, h: 218 });
    this.idt = new IdtPanel(scene, { x: RIGHT.x, y: 566, w: RIGHT.w, h: 84 });
    this.picPit = new PicPitPanel(scene, { x: RIGHT.x, y: 654, w: RIGHT.w, h: 58 });
    this.asm = new AsmView(scene, { x: CENTRE.x, y: 50, w: CENTRE.w, h: 366 });
    this.blocks.onShowAsm = (i) => this.showAsm(i);
    this.blocks.onEditAsm = (i, errorLine) => {
      const b = this.model?.blocks[i];
      if (b?.kind === "asm") this.asm.edit(b.text, i, errorLine, (text) => this.act({ type: "set", block: i, param: "text", value: text }, { block: i, param: "text" }));
    };
    if (play) {
      this.optButton = new Button(scene, { x: LEFT.x, y: 666, w: 122, h: 46, label: "opt 0", sub: "opt-level", keys: ["o"], target: "boot:opt", onPress: () => this.toggleOpt() });
      this.buttons.push(this.optButton, new Button(scene, { x: LEFT.x + 130, y: 666, w: LEFT.w - 130, h: 46, label: "▶ BOOT", sub: "build, load, run", keys: ["b"], target: "boot:boot", onPress: () => this.boot() }));
    }
    publishShown(() => this.shown());
  }

  /** What the board shows, for the end-to-end tests (window.__bma.shown()). */
  private shown(): unknown {
    const m = this.model;
    if (!m) return null;
    return {
      stage: m.stage, phase: m.phase, verdict: m.verdict, selected: this.blocks.selected, param: this.blocks.param,
      blocks: m.blocks.map((b) => b.kind), problems: m.problems, overlay: this.screen.overlayShown(),
      vga: m.boot?.lines ?? [], attributes: m.boot?.attributes ?? [], serial: m.boot?.serial ?? "", faults: m.boot?.faults ?? [],
      resets: m.boot?.resets ?? 0, script: m.linkerScript, scriptDirty: this.script.dirty(), optLevel: m.optLevel,
    };
  }

  private act(action: unknown, target: unknown): void {
    if (this.options.mode !== "play" || !this.options.onAction || this.model?.phase === "won") return;
    this.options.onAction(action, target);
  }

  /** Boots, applying unsent linker-script edits first (they would otherwise be silently ignored). */
  private boot(): void {
    if (this.script.dirty()) this.act({ type: "script", text: this.script.value }, { script: true });
    this.act({ type: "boot" }, { boot: true });
  }

  private toggleOpt(): void {
    if (!this.model) return;
    this.act({ type: "opt", level: this.model.optLevel ? 0 : 1 }, { opt: true });
  }

  private showAsm(i: number): void {
    const m = this.model;
    if (!m) return;
    const problem = m.problems.find((p) => p.block === i && p.where === "source");
    this.asm.toggle(m.blocks, m.optLevel, i, problem?.line);
  }

  render(raw: unknown): void {
    const m = readModel(raw);
    this.model = m;
    const bootRef = (raw as { lastBoot: unknown }).lastBoot;
    this.blocks.render(m);
    const scriptProblem = m.problems.find((p) => p.where === "script" || p.where === "link");
    this.script.render(m.linkerScript, scriptProblem ? { line: scriptProblem.line ?? 0, message: scriptProblem.message, code: scriptProblem.code } : null);
    const failed = m.problems[0];
    this.screen.render(m.boot, failed ? `✗ ${failed.code}: ${failed.message}` : "");
    this.serial.render(m.boot);
    this.faults.render(m.boot);
    this.goal.render(m);
    this.registers.render(m.boot);
    this.memory.render(m.boot, m.layout);
    this.idt.render(m.boot, m.blocks.some((b) => b.kind === "idt"));
    this.picPit.render(m.boot);
    this.optButton?.setLabel(`opt ${m.optLevel}`);
    // A new boot (or a replay seek) closes the assembly view: it showed the kernel as it was.
    if (this.asm.open !== null && this.lastBoot !== bootRef) this.asm.close();
    this.lastBoot = bootRef;
  }

  animate(events: readonly LevelEvent[]): void {
    const m = this.model;
    for (const e of events) {
      if (e.kind === "boot" && m?.boot) {
        if (!m.boot.loaderError) this.screen.powerOn();
        if (m.boot.resets > 0) this.screen.flashReset(m.boot.resets);
        if (m.boot.faultCount > 0 || m.boot.resets > 0) this.faults.flash(this.scene);
        this.glow(m.boot.loaderError ? COLOURS.error : COLOURS.liveEdge);
      } else if (e.kind === "won") {
        this.glow(COLOURS.ghost);
      } else if (e.kind === "build-failed" && m) {
        const p = m.problems[0];
        if (p?.block !== undefined) this.blocks.shake({ block: p.block });
        else this.script.flash(this.scene);
      }
    }
  }

  /** A short glow around the screen: the machine powered on (blue), refused (red) or met the goal (green). */
  private glow(colour: number): void {
    const g = this.scene.add.graphics().setDepth(9);
    const { x, y } = this.screen.geo;
    g.lineStyle(4, colour, 1).strokeRoundedRect(x - 10, y - 10, this.screen.width + 20, this.screen.height + 20, 9);
    this.scene.tweens.add({ targets: g, alpha: 0, duration: 600, onComplete: () => g.destroy() });
  }

  shake(target: unknown): void {
    const t = target as { block?: number; script?: boolean; opt?: boolean } | null;
    if (t?.script) this.script.flash(this.scene);
    else if (t && typeof t.block === "number") this.blocks.shake(t);
    else this.glow(COLOURS.error);
  }

  /** VGA text memory addresses map to their screen cell. */
  cellCenter(addr: number) {
    const cell = Math.floor((addr - VGA_BASE) / 2);
    if (addr < VGA_BASE || cell >= VGA_COLS * VGA_ROWS) return null;
    return this.screen.cellCenter(Math.floor(cell / VGA_COLS), cell % VGA_COLS);
  }

  key(e: KeyboardEvent): boolean {
    if (this.options.mode !== "play") return false;
    switch (e.key) {
      case "b": case "B": this.boot(); return true;
      case "o": case "O": this.toggleOpt(); return true;
      case "l": case "L": this.script.focus(); return true;
      default: return this.blocks.key(e);
    }
  }

  keys(): KeyHelp {
    return [
      ["B", "build and boot (applies script edits)"], ["O", "opt-level 0 ↔ 1"], ["L", "edit the linker script (Ctrl+Enter applies)"],
      ["↑ ↓", "select a block"], ["Tab / Shift+Tab", "next / previous parameter"], ["← →", "change it (Shift: by 16)"],
      ["Enter", "type the parameter's value"], ["Space", "toggle (volatile, blink, EOI…)"], ["A", "the block's generated assembly"],
      ["N", "add a block after this one"], ["Delete", "remove the block"], ["Alt + ↑ ↓", "move the block"],
    ];
  }

  revealHint(): boolean {
    const more = this.goal.revealHint();
    if (this.model) this.goal.render(this.model);
    return more;
  }

  destroy(): void {
    publishShown(null);
    this.asm.close();
    for (const b of this.buttons) b.destroy();
    this.blocks.destroy();
    this.script.destroy();
    this.screen.destroy();
    this.serial.destroy();
    this.faults.destroy();
    this.goal.destroy();
    this.registers.destroy();
    this.memory.destroy();
    this.idt.destroy();
    this.picPit.destroy();
  }
}

export function createBootBoard(scene: Phaser.Scene, options: BoardOptions): BoardView {
  return new BootBoard(scene, options);
}
