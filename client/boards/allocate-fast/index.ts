/**
 * The allocate-fast board: the heap (heap-view.ts) and the side column (side-panel.ts) over one AllocState for
 * stages 1–2; later stages get manual-board.ts (3, 4, 7) or design-board.ts (5, 6, 8, 9).
 * The player aims a cursor with the mouse or the arrow keys and places the head request with a click or Enter;
 * the board only proposes `{type: "place", addr}`, the server and the replica decide.
 */
import type Phaser from "phaser";
import type { LevelEvent } from "../../../shared/engine/level.ts";
import { currentRequest, type AllocEvent, type AllocState } from "../../../shared/levels/allocate-fast/index.ts";
import { COLOURS } from "../../app/theme.ts";
import type { BoardOptions, BoardView } from "../board.ts";
import { dashedRect } from "./draw.ts";
import { HeapView } from "./heap-view.ts";
import { heapLayout, LINE_BYTES, rangeRects, cellRect } from "./layout.ts";
import { conveyor, paddingRanges, rulesFor, tryPlace } from "./picture.ts";
import { SidePanel } from "./side-panel.ts";
import { STAGE_MODE } from "../../../shared/levels/allocate-fast/ladder.ts";
import { DesignBoard } from "./design-board.ts";
import { ManualBoard } from "./manual-board.ts";

class AllocBoard implements BoardView {
  private readonly scene: Phaser.Scene;
  private readonly options: BoardOptions;
  private heap: HeapView | null = null;
  private readonly panel: SidePanel;
  private state: AllocState | null = null;
  private cursor = 0;
  private cursorSet = false;

  constructor(scene: Phaser.Scene, options: BoardOptions) {
    this.scene = scene;
    this.options = options;
    this.panel = new SidePanel(scene, options.stage);
  }

  render(raw: unknown): void {
    const state = raw as AllocState;
    this.state = state;
    if (!this.heap || this.heap.layout.heapSize !== state.heapSize) {
      this.heap?.destroy();
      this.heap = new HeapView(this.scene, heapLayout(state.heapSize));
      this.wireInput(this.heap);
    }
    if (!this.cursorSet) this.cursor = rulesFor(state).bumpOnly ? Math.min(state.bump, state.heapSize - 1) : 0;
    this.draw();
  }

  private draw(): void {
    const state = this.state;
    if (!state || !this.heap) return;
    const head = currentRequest(state);
    const playing = this.options.mode === "play" && state.phase === "playing";
    const error = playing && head?.op === "alloc" ? tryPlace(state, this.cursor) : null;
    this.heap.render({
      blocks: state.blocks,
      bump: rulesFor(state).bumpOnly ? state.bump : -1,
      padding: paddingRanges(state),
      cursor: playing ? { addr: this.cursor, size: head?.op === "alloc" ? head.size : 1, fits: error === null } : null,
    });
    this.panel.render(state, conveyor(state), playing ? { addr: this.cursor, error } : null, this.options.mode);
  }

  private wireInput(heap: HeapView): void {
    heap.zone.on("pointermove", (p: Phaser.Input.Pointer) => {
      const addr = heap.addrAt(p.worldX, p.worldY);
      if (addr >= 0 && addr !== this.cursor) this.moveCursor(addr);
    });
    heap.zone.on("pointerdown", (p: Phaser.Input.Pointer) => {
      const addr = heap.addrAt(p.worldX, p.worldY);
      if (addr < 0) return;
      this.moveCursor(addr);
      this.place();
    });
  }

  private moveCursor(addr: number): void {
    if (!this.state) return;
    this.cursor = Math.max(0, Math.min(this.state.heapSize - 1, addr));
    this.cursorSet = true;
    if (this.options.mode === "play") this.draw();
  }

  private place(): void {
    if (!this.options.onAction || !this.state) return;
    this.options.onAction({ type: "place", addr: this.cursor }, this.cursor);
  }

  key(e: KeyboardEvent): boolean {
    if (!this.state || this.options.mode !== "play") return false;
    const head = currentRequest(this.state);
    const step = e.shiftKey && head?.op === "alloc" ? head.align : 1;
    switch (e.key) {
      case "ArrowLeft": this.moveCursor(e.shiftKey ? Math.ceil(this.cursor / step) * step - step : this.cursor - 1); return true;
      case "ArrowRight": this.moveCursor(e.shiftKey ? Math.floor(this.cursor / step) * step + step : this.cursor + 1); return true;
      case "ArrowUp": this.moveCursor(this.cursor - LINE_BYTES); return true;
      case "ArrowDown": this.moveCursor(this.cursor + LINE_BYTES); return true;
      case "Enter": case " ": this.place(); return true;
      default: return false;
    }
  }

  animate(events: readonly LevelEvent[]): void {
    if (!this.heap) return;
    const l = this.heap.layout;
    for (const raw of events) {
      const e = raw as AllocEvent;
      if (e.kind === "placed") {
        const g = this.scene.add.graphics().setDepth(6);
        g.fillStyle(COLOURS.selection, 0.7);
        for (const r of rangeRects(l, e.addr, e.addr + e.size)) g.fillRect(r.x, r.y, r.w, r.h);
        this.scene.tweens.add({ targets: g, alpha: 0, duration: 250, onComplete: () => g.destroy() });
      } else if (e.kind === "freed") {
        // The ghost of the freed block lingers briefly as a dashed outline.
        const g = this.scene.add.graphics().setDepth(6);
        g.lineStyle(2, COLOURS.ghost, 1);
        for (const r of rangeRects(l, e.addr, e.addr + e.size)) dashedRect(g, { x: r.x + 1, y: r.y + 1, w: r.w - 2, h: r.h - 2 });
        this.scene.tweens.add({ targets: g, alpha: 0, delay: 150, duration: 300, onComplete: () => g.destroy() });
      }
    }
  }

  shake(target: unknown): void {
    if (!this.heap || typeof target !== "number" || !this.state) return;
    const head = currentRequest(this.state);
    const size = head?.op === "alloc" ? head.size : 1;
    const g = this.scene.add.graphics().setDepth(7);
    g.fillStyle(COLOURS.error, 0.55);
    g.lineStyle(2, COLOURS.error, 1);
    for (const r of rangeRects(this.heap.layout, target, Math.min(this.state.heapSize, target + size))) {
      g.fillRect(r.x, r.y, r.w, r.h);
      g.strokeRect(r.x, r.y, r.w, r.h);
    }
    this.scene.tweens.add({
      targets: g, x: { from: -6, to: 6 }, duration: 45, yoyo: true, repeat: 2,
      onComplete: () => this.scene.tweens.add({ targets: g, alpha: 0, x: 0, duration: 200, onComplete: () => g.destroy() }),
    });
  }

  cellCenter(addr: number) {
    if (!this.heap || addr < 0 || addr >= this.heap.layout.heapSize) return null;
    const r = cellRect(this.heap.layout, addr);
    return { x: r.x + r.w / 2, y: r.y + r.h / 2 };
  }

  revealHint(): boolean {
    const more = this.panel.revealHint();
    this.draw();
    return more;
  }

  destroy(): void {
    this.heap?.destroy();
    this.panel.destroy();
  }
}

/** Stages 1–2 keep the placement board; manual stages and false sharing get the manual board; design stages the editor. */
export function createAllocBoard(scene: Phaser.Scene, options: BoardOptions): BoardView {
  const mode = STAGE_MODE[options.stage.id] ?? "placement";
  if (mode === "manual" || mode === "sharing") return new ManualBoard(scene, options);
  if (mode === "design" || mode === "threads") return new DesignBoard(scene, options);
  return new AllocBoard(scene, options);
}
