/**
 * The cpu-core board ("run Tetris on your CPU core"): on the left the family list, the microcode editor of the
 * selected family (editor.ts) and the controls; on the right the metrics, the opcode grids (opcode-grid.ts) and
 * the first divergence (divergence-view.ts); in the Tetris stage the Game Boy screen (screen.ts) takes the right
 * side while the game runs. Edits reach the server as `patch` actions a moment after typing stops (and before a
 * check); the player's text is also kept in this browser, so the next stage — and stages 7 and 8, which ask for
 * every family — start from it. The board only proposes actions; the server and the replica decide.
 */
import type Phaser from "phaser";
import type { LevelEvent } from "../../../shared/engine/level.ts";
import { cpuCore, MAX_SOURCE_CHARS, PLAY_FRAMES, STAGE_RULES, type CpuCoreEvent, type CpuCoreState } from "../../../shared/levels/cpu-core/index.ts";
import { FAMILY_OF_OPCODE } from "../../../shared/levels/cpu-core/microcode/index.ts";
import { formatMetric } from "../../app/format.ts";
import { stageProgress } from "../../app/progress.ts";
import { registerTarget, unregisterTarget } from "../../app/targets.ts";
import { COLOURS, mono, sans } from "../../app/theme.ts";
import { Button } from "../../ui/button.ts";
import type { KeyHelp } from "../../ui/help.ts";
import type { BoardOptions, BoardView } from "../board.ts";
import { DivergenceView } from "./divergence-view.ts";
import { CodeEditor } from "./editor.ts";
import { OpcodeGrid } from "./opcode-grid.ts";
import { cellLabel, cellStatus, divergencePicture, familyRows, familyText, familyTitle, patchesFor, starter, viewKey, type FamilyRow } from "./picture.ts";
import { Outbox } from "./outbox.ts";
import { GameBoyScreen } from "./screen.ts";
import { drawMiniGrid } from "./thumb.ts";
import { EDITOR_TOP, PANEL_W, PANEL_X, SidePanel } from "./side-panel.ts";

const RIGHT_X = 404;
const RIGHT_W = 864;
const GRID_Y = 72;
const EDITOR_H = 200;
const BUTTONS_Y = 562;
const HINTS_Y = 598;
/** Typing pauses this long before the edit is sent (a patch per keystroke would recompile on every key). */
const SEND_AFTER_MS = 350;
const DRAFTS = "bma.cpu-core.sources";

/** Metric names short enough for one line over the grid (the result screen shows the long ones). */
const SHORT: Readonly<Record<string, string>> = {
  opcodesPassing: "opcodes passing", instructionsMatched: "matched instructions", cycleError: "timing error", checks: "checks",
  tetrisScore: "score", framesPlayed: "frames",
};

/** Joypad BUTTONS bits by key: arrows, X = A, Z = B, Shift = Select, Enter = Start. */
const JOYPAD: Readonly<Record<string, number>> = {
  ArrowRight: 1, ArrowLeft: 2, ArrowUp: 4, ArrowDown: 8, x: 16, X: 16, z: 32, Z: 32, Shift: 64, Enter: 128,
};

function loadDrafts(): Record<string, string> {
  try {
    const raw = JSON.parse(localStorage.getItem(DRAFTS) ?? "{}") as unknown;
    return raw && typeof raw === "object" ? (raw as Record<string, string>) : {};
  } catch {
    return {};
  }
}

function saveDraft(family: string, text: string): void {
  const all = loadDrafts();
  all[family] = text;
  try { localStorage.setItem(DRAFTS, JSON.stringify(all)); } catch { /* drafts live for the session */ }
}

/** What the board (apart from the game screen) draws from a state; the same key means nothing to redraw. */

class CpuCoreBoard implements BoardView {
  private readonly scene: Phaser.Scene;
  private readonly options: BoardOptions;
  private readonly panel: SidePanel;
  private readonly grid: OpcodeGrid;
  private readonly divergence: DivergenceView;
  private readonly screen: GameBoyScreen | null;
  private readonly editor: CodeEditor;
  private readonly buttons: Button[] = [];
  private readonly t: Record<string, Phaser.GameObjects.Text>;
  private readonly flash: Phaser.GameObjects.Graphics;
  /** The opcode grids in miniature beside the game while Brickfall runs. */
  private readonly mini: Phaser.GameObjects.Graphics;
  private state: CpuCoreState | null = null;
  private families: FamilyRow[] = [];
  private selected = 0;
  private cursor = 0;
  private lastChecks = -1;
  /** viewKey() of the state last drawn in full. */
  private drawn = "";
  private invited = false;
  private miniDrawn = false;
  /** Per family: the text the server has (as far as this board sent it), and the editor's text. */
  private readonly base = new Map<string, string>();
  private readonly local = new Map<string, string>();
  private timer: number | null = null;
  private carried = false;
  private held = 0;
  private readonly keyup: (e: KeyboardEvent) => void;
  private readonly cleared: Set<number>;
  private readonly outbox: Outbox;
  /** A polite live region: the check's verdict, the first divergence in words, the failing opcodes and the cell
   * under the cursor, for screen readers (and the end-to-end test, which reads what a player would hear). */
  private readonly status: HTMLDivElement;

  constructor(scene: Phaser.Scene, options: BoardOptions) {
    this.scene = scene;
    this.options = options;
    this.outbox = new Outbox((a) => this.options.onAction?.(a, a));
    this.cleared = new Set(STAGE_RULES.map((r) => r.stage).filter((n) => stageProgress("cpu-core", n)?.won));
    this.panel = new SidePanel(scene, options.stage, (i) => this.select(i));
    this.grid = new OpcodeGrid(scene, { x: RIGHT_X, y: GRID_Y, cellW: 52, cellH: 19 },
      (op, click) => this.pointCell(op, click), (page) => { this.grid.setPage(page); this.draw(); });
    const below = GRID_Y + this.grid.height;
    const t = (x: number, y: number, style: Phaser.Types.GameObjects.Text.TextStyle) => scene.add.text(x, y, "", style);
    this.t = {
      metrics: t(RIGHT_X, 54, mono(11, COLOURS.dim)),
      cell: t(RIGHT_X + 18, below + 3, mono(11, COLOURS.text)),
      playHead: t(RIGHT_X + 540, GRID_Y + 4, mono(13, COLOURS.text)),
      play: t(RIGHT_X + 540, GRID_Y + 30, mono(12, COLOURS.text)).setLineSpacing(4),
      keys: t(RIGHT_X + 540, GRID_Y + 110, sans(12, COLOURS.dim, 300)).setLineSpacing(3),
    };
    this.divergence = new DivergenceView(scene, { x: RIGHT_X + 6, y: below + 24, w: RIGHT_W - 10, h: 720 - below - 28 });
    this.screen = STAGE_RULES[options.stage.id - 1]?.tetris ? new GameBoyScreen(scene, RIGHT_X + 34, GRID_Y + 26, 3) : null;
    this.flash = scene.add.graphics().setDepth(8);
    this.mini = scene.add.graphics();
    this.editor = new CodeEditor(scene.game.canvas, {
      x: PANEL_X, y: EDITOR_TOP, w: PANEL_W, h: EDITOR_H, maxLength: MAX_SOURCE_CHARS,
      onInput: (text) => this.typed(text),
      onSubmit: () => this.check(),
      onFamily: (step) => this.step(step),
    });
    this.editor.area.addEventListener("focus", () => this.startFamily());
    if (options.mode === "play") this.makeButtons();
    registerTarget("cpu:editor", () => ({ x: PANEL_X + PANEL_W / 2, y: EDITOR_TOP + EDITOR_H / 2 }));
    this.status = document.createElement("div");
    this.status.setAttribute("role", "status");
    this.status.setAttribute("aria-live", "polite");
    this.status.setAttribute("aria-label", "cpu-core board");
    Object.assign(this.status.style, { position: "absolute", width: "1px", height: "1px", overflow: "hidden", clipPath: "inset(50%)", whiteSpace: "nowrap" });
    document.body.appendChild(this.status);
    this.keyup = (e) => this.joypadKey(e, false);
    window.addEventListener("keyup", this.keyup);
  }

  private makeButtons(): void {
    const tetris = !!this.screen;
    const spec = (x: number, w: number, label: string, keys: string[], target: string, onPress: () => void) =>
      new Button(this.scene, { x, y: BUTTONS_Y, w, h: 28, label, keys, target: `cpu:${target}`, onPress });
    this.buttons.push(
      spec(PANEL_X, 104, "Check", ["c", "C"], "check", () => this.check()),
      spec(PANEL_X + 110, 56, "◀ [", ["["], "prev", () => this.step(-1)),
      spec(PANEL_X + 172, 56, "] ▶", ["]"], "next", () => this.step(1)),
      spec(PANEL_X + 234, tetris ? 66 : 142, "Hint H", [], "hint", () => this.hint()),
    );
    if (tetris) this.buttons.push(spec(PANEL_X + 306, 70, "Play P", [], "play", () => this.act({ type: "play" })));
  }

  private act(action: unknown): void {
    if (this.options.mode !== "play" || !this.options.onAction || this.state?.phase !== "playing") return;
    this.flush();
    this.outbox.push(action);
  }

  // ---- editing ----

  private row(): FamilyRow | undefined {
    return this.families[this.selected];
  }

  private typed(text: string): void {
    const f = this.row();
    if (!f?.writable) return;
    this.local.set(f.info.id, text);
    if (this.timer !== null) window.clearTimeout(this.timer);
    this.timer = window.setTimeout(() => this.flush(), SEND_AFTER_MS);
  }

  /** Sends every family's unsent edits as patches (in order, each message under the size limit). */
  private flush(): void {
    if (this.timer !== null) window.clearTimeout(this.timer);
    this.timer = null;
    if (this.options.mode !== "play" || !this.options.onAction || this.state?.play) return;
    for (const [family, text] of this.local) {
      const from = this.base.get(family) ?? this.state?.sources[family] ?? "";
      for (const p of patchesFor(family, from, text)) this.outbox.push(p);
      this.base.set(family, text);
      saveDraft(family, text);
    }
  }

  /** An empty family the player starts typing in gets its header, so the compiler knows what it matches. */
  private startFamily(): void {
    const f = this.row();
    if (!f?.writable || this.options.mode !== "play" || this.editor.value.trim()) return;
    this.editor.setValue(starter(f.info));
    this.typed(this.editor.value);
  }

  /** Stages start from this browser's last text of each family (stages 7 and 8 ask for all of them). */
  private carry(state: CpuCoreState): void {
    if (this.carried || this.options.mode !== "play") return;
    this.carried = true;
    if (state.checks > 0 || Object.values(state.sources).some((s) => s.trim())) return;
    const drafts = loadDrafts();
    for (const family of Object.keys(state.sources)) {
      const text = drafts[family];
      if (typeof text === "string" && text.trim() && text.length <= MAX_SOURCE_CHARS) this.local.set(family, text);
    }
    if (this.local.size) this.flush();
  }

  private select(index: number): void {
    if (index < 0 || index >= this.families.length) return;
    this.flush();
    this.selected = index;
    const f = this.families[index]!;
    if (f.info.opcodes.length && !f.info.opcodes.includes(this.cursor)) this.cursor = f.info.opcodes[0]!;
    if (f.info.opcodes.length) this.grid.setPage(this.cursor >= 256 ? 1 : 0);
    this.draw();
  }

  private step(by: 1 | -1): void {
    const n = this.families.length;
    if (n) this.select((this.selected + by + n) % n);
  }

  private selectFamily(id: string): void {
    const i = this.families.findIndex((f) => f.info.id === id);
    if (i >= 0) this.select(i);
  }

  private check(): void {
    this.act({ type: "check" });
  }

  private hint(): void {
    this.act({ type: "hint" });
  }

  // ---- the grid ----

  private pointCell(op: number, click: boolean): void {
    this.cursor = op;
    if (click && FAMILY_OF_OPCODE[op]) this.selectFamily(FAMILY_OF_OPCODE[op]!);
    else this.drawCell();
  }

  private moveCursor(dx: number, dy: number): void {
    const page = this.cursor >= 256 ? 256 : 0;
    const i = this.cursor & 0xff;
    this.cursor = page + ((Math.floor(i / 16) + dy + 16) % 16) * 16 + ((i % 16) + dx + 16) % 16;
    this.drawCell();
  }

  private drawCell(): void {
    const s = this.state;
    if (!s) return;
    const label = cellLabel(this.cursor);
    const family = label.family;
    const status = cellStatus(s.report?.opcodeStatus, this.cursor);
    const whose = !family ? "" : family in s.sources ? "yours" : "reference";
    const word = { pass: "✓ passing", fail: "✗ failing", untested: "· untested" }[status];
    const cell = `$${label.hex}  ${label.mnemonic}   ${family ? `${familyTitle(family)} (${whose})   ${word}` : ""}`;
    this.t.cell!.setText(`▸ ${cell}   · F opens its family`);
    this.grid.render(this.gridInput(s));
    this.announce(s, cell);
  }

  private gridInput(s: CpuCoreState) {
    const d = s.report?.runs.find((r) => r.divergence)?.divergence;
    return {
      opcodeStatus: s.report?.opcodeStatus, writable: new Set(Object.keys(s.sources)), selectedFamily: this.row()?.info.id ?? "",
      cursor: this.cursor, divergent: d ? d.opcode : null,
    };
  }

  // ---- drawing ----

  render(raw: unknown): void {
    const state = raw as CpuCoreState;
    this.state = state;
    this.carry(state);
    if (state.checks !== this.lastChecks) {
      const first = this.lastChecks < 0;
      this.lastChecks = state.checks;
      this.families = familyRows(state, this.cleared);
      if (!first) this.followCheck(state);
    }
    // Ticks arrive 60 times a second in the Tetris stage: redraw the board only when something it shows changed,
    // and otherwise just the game.
    const key = viewKey(state);
    if (key !== this.drawn) {
      this.drawn = key;
      this.draw();
    } else {
      this.drawTetris(state);
    }
  }

  /** After a check, open the family where the cores first parted (or the first failing one) and point at its cell. */
  private followCheck(state: CpuCoreState): void {
    const d = state.report?.runs.find((r) => r.divergence)?.divergence;
    const failing = this.families.find((f) => f.writable && (f.status === "fail" || f.status === "error"));
    const id = d && d.family in state.sources ? d.family : failing?.info.id;
    if (d) this.cursor = d.opcode;
    if (id) {
      this.selectFamily(id);
      if (d) this.grid.setPage(d.opcode >= 256 ? 1 : 0);
    }
  }

  private draw(): void {
    const s = this.state;
    if (!s) return;
    this.families = familyRows(s, this.cleared);
    if (this.selected >= this.families.length) this.selected = 0;
    const row = this.row();
    this.panel.renderTop(this.families, this.selected);
    // The editor: the player's family mirrors the state unless this board has unsent text for it.
    if (row) {
      const id = row.info.id;
      const mine = row.writable && this.options.mode === "play";
      if (mine && !this.local.has(id)) { this.local.set(id, s.sources[id] ?? ""); this.base.set(id, s.sources[id] ?? ""); }
      this.editor.setValue(mine ? this.local.get(id)! : familyText(s, row));
      this.editor.setReadOnly(!mine || !!s.play);
      this.editor.area.placeholder = row.writable ? starter(row.info) : "";
      this.editor.setMarks(row.errors.map((e) => ({ line: e.line, column: e.column, message: `${e.code}: ${e.message}` })));
    }
    this.panel.renderErrors(row, EDITOR_TOP + EDITOR_H + 3);
    this.panel.renderHints(s, HINTS_Y);
    this.drawMetrics(s);
    const playing = !!s.play;
    this.grid.setVisible(!playing);
    this.divergence.setVisible(!playing);
    this.screen?.setVisible(playing);
    this.t.cell!.setVisible(!playing);
    if (!playing) {
      this.divergence.render(s);
      this.drawCell();
    }
    this.drawTetris(s);
  }

  /** One line of the stage's metrics over the grid, in short words. */
  private drawMetrics(s: CpuCoreState): void {
    const values = cpuCore.metrics(s);
    const stage = this.options.stage;
    this.t.metrics!.setText(stage.metrics.map((m) => `${SHORT[m.key] ?? m.label}: ${formatMetric(m, values[m.key], stage.tickMs)}`).join("  ·  "));
  }

  private drawTetris(s: CpuCoreState): void {
    const T = this.t;
    if (!this.screen) return;
    const p = s.play;
    for (const k of ["playHead", "play", "keys"]) T[k]!.setVisible(!!p);
    this.mini.setVisible(!!p);
    // The Play button asks for attention once the core boots Brickfall.
    const invite = s.booted && !p;
    if (invite !== this.invited) {
      this.invited = invite;
      this.buttons.find((b) => b.spec.target === "cpu:play")?.setFocus(invite);
    }
    if (!p) return;
    this.screen.draw(p.machine.ppu.framebuffer);
    // Once a second (and at the end) is often enough for a live region.
    if (p.frames % 60 === 0 || p.ended) this.announce(s, "");
    if (p.frames % 10 === 0 || p.ended) this.drawMetrics(s);
    if (!this.miniDrawn) {
      this.miniDrawn = true;
      drawMiniGrid(this.mini.clear(), s, { x: RIGHT_X + 540, y: GRID_Y + 250, w: 320, h: 190 });
    }
    T.playHead!.setText("BRICKFALL ON YOUR CORE");
    const held = ["→", "←", "↑", "↓", "A", "B", "Sel", "Start"].filter((_, i) => p.buttons & (1 << i)).join(" ") || "–";
    T.play!.setText([`SCORE    ${p.score}`, `FRAMES   ${p.frames} / ${PLAY_FRAMES}`, `HELD     ${held}`, p.ended ? `ENDED    ${p.ended}` : ""].join("\n"));
    T.keys!.setText("←→↑↓ move · X = A (rotate) · Z = B · Enter = Start · Shift = Select\n\nYour keys reach your core on the next frame: the server runs it one frame per tick, and a buggy core shows its bugs here.");
  }

  private announce(s: CpuCoreState, cell: string): void {
    const r = s.report;
    const d = divergencePicture(s);
    const failing = r ? [...r.opcodeStatus].flatMap((c, op) => (c === "x" ? [cellLabel(op).hex] : [])) : [];
    const text = [
      r ? `Check ${s.checks}: ${r.passed ? "passed" : `failed (${r.misconception})`}. ${r.summary}` : "Not checked yet.",
      d ? `First divergence in ${d.run.rom} at instruction ${d.divergence.instruction}: ${d.sentences.join("; ")}.` : "",
      failing.length ? `Failing opcodes: ${failing.join(" ")}.` : "",
      s.play ? `Brickfall on your core: frame ${s.play.frames}, score ${s.play.score}, keys held ${s.play.buttons}${s.play.ended ? `, ended (${s.play.ended})` : ""}.` : `Cell: ${cell}.`,
    ].filter(Boolean).join(" ");
    if (this.status.textContent !== text) this.status.textContent = text;
  }

  // ---- keys ----

  private joypadKey(e: KeyboardEvent, down: boolean): boolean {
    const bit = JOYPAD[e.key];
    const p = this.state?.play;
    if (bit === undefined || !p || p.ended || this.options.mode !== "play") return false;
    const mask = down ? this.held | bit : this.held & ~bit;
    if (mask !== this.held) {
      this.held = mask;
      this.act({ type: "buttons", mask });
    }
    return true;
  }

  key(e: KeyboardEvent): boolean {
    const s = this.state;
    if (!s) return false;
    if (this.joypadKey(e, true)) return true;
    switch (e.key) {
      case "c": case "C": this.check(); return true;
      case "[": case "PageUp": this.step(-1); return true;
      case "]": case "PageDown": this.step(1); return true;
      case "e": case "E": case "Enter": this.editor.focus(); return true;
      case "p": case "P": this.act({ type: "play" }); return true;
      case "g": case "G": this.grid.setPage(this.grid.page ? 0 : 1); this.cursor ^= 0x100; this.draw(); return true;
      case "ArrowLeft": this.moveCursor(-1, 0); return true;
      case "ArrowRight": this.moveCursor(1, 0); return true;
      case "ArrowUp": this.moveCursor(0, -1); return true;
      case "ArrowDown": this.moveCursor(0, 1); return true;
      case "f": case "F": if (FAMILY_OF_OPCODE[this.cursor]) this.selectFamily(FAMILY_OF_OPCODE[this.cursor]!); return true;
      case "d": case "D": this.followCheck(s); this.draw(); return true;
      default: return false;
    }
  }

  keys(): KeyHelp {
    return [
      ["C / Ctrl+Enter", "check: opcode tests, then the ROMs in lockstep"],
      ["[ ]  (Alt+↑↓ in the editor)", "previous / next family"],
      ["E / Enter", "edit the family (Esc back to the board)"],
      ["← ↑ ↓ →  ·  G", "move over the opcode grid · switch main / CB page"],
      ["F  ·  D", "open the cell's family · go to the first divergence"],
      ["H", "reveal the next hint"],
      ["P", "play Brickfall on your core (stage 8, once booted)"],
      ["arrows X Z Enter Shift", "the joypad while Brickfall runs (A B Start Select)"],
      ["Esc", "leave the board"],
    ];
  }

  revealHint(): boolean {
    const s = this.state;
    if (!s) return false;
    if (this.options.mode === "play") this.hint();
    return s.hintsShown + 1 < this.options.stage.hints.length;
  }

  animate(events: readonly LevelEvent[]): void {
    for (const raw of events) {
      const e = raw as CpuCoreEvent;
      if (e.kind !== "checked" && e.kind !== "booted") continue;
      const ok = e.kind === "booted" || e.passed;
      const g = this.flash.clear();
      g.lineStyle(4, ok ? COLOURS.ghost : COLOURS.error, 1).strokeRect(RIGHT_X - 4, GRID_Y - 4, RIGHT_W + 4, this.grid.height + 8);
      g.setAlpha(1);
      this.scene.tweens.add({ targets: g, alpha: 0, duration: 600 });
    }
  }

  shake(target: unknown): void {
    const a = target as { type?: string } | null;
    if (a?.type === "patch" || a?.type === "edit") {
      // The server refused an edit: take its text as the truth again.
      for (const family of Object.keys(this.state?.sources ?? {})) { this.local.delete(family); this.base.delete(family); }
      this.draw();
    }
    const g = this.scene.add.graphics().setDepth(9);
    const box = a?.type === "patch" || a?.type === "edit" ? { x: PANEL_X - 2, y: EDITOR_TOP - 2, w: PANEL_W + 4, h: EDITOR_H + 4 } : { x: PANEL_X - 2, y: BUTTONS_Y - 2, w: PANEL_W + 4, h: 32 };
    g.lineStyle(3, COLOURS.error, 1).strokeRect(box.x, box.y, box.w, box.h);
    this.scene.tweens.add({ targets: g, x: { from: -5, to: 5 }, duration: 45, yoyo: true, repeat: 2, onComplete: () => g.destroy() });
  }

  cellCenter(addr: number) {
    if (addr < 0 || addr >= 512 || Math.floor(addr / 256) !== this.grid.page || this.state?.play) return null;
    return this.grid.cellCenter(addr);
  }

  destroy(): void {
    this.flush();
    this.outbox.destroy();
    window.removeEventListener("keyup", this.keyup);
    unregisterTarget("cpu:editor");
    this.status.remove();
    this.editor.destroy();
    for (const b of this.buttons) b.destroy();
    this.grid.destroy();
    this.divergence.destroy();
    this.screen?.destroy();
    this.panel.destroy();
    this.flash.destroy();
    this.mini.destroy();
    for (const t of Object.values(this.t)) t.destroy();
  }
}

export function createCpuCoreBoard(scene: Phaser.Scene, options: BoardOptions): BoardView {
  return new CpuCoreBoard(scene, options);
}
