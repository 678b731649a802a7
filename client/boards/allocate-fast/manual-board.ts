/**
 * The allocate-fast board for manual stages 3–4 (arena with reset, slab with dealloc), stage 7 (false sharing)
 * and stage 10 (the kernel heap that never frees): the heap in 64-byte rows (HeapView), the program's requests,
 * and the keys that answer them. Enter or a click answers the head: an allocation is placed at the cursor; a drop
 * becomes `dealloc(block under the cursor, layout of the dropped type)`. D answers a zero-sized request with
 * NonNull::dangling(); R resets the arena; S writes a tick's value into the loop's stack buffer instead of
 * allocating it. On stage 10 dropped blocks stay on the heap as ghosts below the bump pointer. The board only
 * proposes actions; the level decides.
 */
import type Phaser from "phaser";
import type { LevelEvent } from "../../../shared/engine/level.ts";
import { allocateFast, hex, ladderState, manualHead, type ManualState, type SharingState } from "../../../shared/levels/allocate-fast/index.ts";
import { MANUAL_RULES, neverReturned } from "../../../shared/levels/allocate-fast/manual.ts";
import { counterLayout, lineLoad, nextCounter, SHARING } from "../../../shared/levels/allocate-fast/false-sharing.ts";
import { TREE_TYPES, type ProgramRequest } from "../../../shared/levels/allocate-fast/programs.ts";
import { formatMetric } from "../../app/format.ts";
import { COLOURS, css, mono, sans } from "../../app/theme.ts";
import type { BoardOptions, BoardView } from "../board.ts";
import { HeapView } from "./heap-view.ts";
import { cellRect, heapLayout, LINE_BYTES, rangeRects } from "./layout.ts";

const X = 16;
const W = 352;

type Head = { kind: "alloc"; label: string; size: number; align: number } | { kind: "free"; label: string; id: number } | null;

function describe(r: ProgramRequest): string {
  switch (r.op) {
    case "alloc": return `alloc ${r.label}  ${r.size} B, align ${r.align}`;
    case "free": return `drop  #${r.id} ${r.label}`;
    case "use": return `read  #${r.id}`;
    case "end": return `request ${r.request} finished`;
  }
}

export class ManualBoard implements BoardView {
  private readonly scene: Phaser.Scene;
  private readonly options: BoardOptions;
  private heap: HeapView | null = null;
  private state: ManualState | SharingState | null = null;
  private cursor = 0;
  private hintsShown = 0;
  private readonly text: Phaser.GameObjects.Text;
  private readonly verdict: Phaser.GameObjects.Text;
  private readonly marks: Phaser.GameObjects.Graphics;

  constructor(scene: Phaser.Scene, options: BoardOptions) {
    this.scene = scene;
    this.options = options;
    this.text = scene.add.text(X, 64, "", sans(13, COLOURS.text, W)).setLineSpacing(3);
    this.verdict = scene.add.text(X, 0, "", mono(12, COLOURS.text)).setWordWrapWidth(W, true);
    this.marks = scene.add.graphics().setDepth(4);
  }

  private head(): Head {
    const s = this.state;
    if (!s || s.phase !== "playing") return null;
    if (s.mode === "sharing") {
      const id = nextCounter(s);
      return id ? { kind: "alloc", ...counterLayout(id) } : null;
    }
    const h = manualHead(s);
    if (h?.op === "alloc") return { kind: "alloc", label: h.label, size: h.size, align: h.align };
    if (h?.op === "free" && MANUAL_RULES[s.stage]!.playerFrees) return { kind: "free", label: h.label, id: h.id };
    return null;
  }

  /** The action Enter would send at the cursor. */
  private proposal(): unknown {
    const h = this.head();
    if (!h) return null;
    if (h.kind === "alloc") return h.size === 0 ? { type: "dangling" } : { type: "place", addr: this.cursor };
    const s = this.state as ManualState;
    const block = s.blocks.find((b) => this.cursor >= b.addr && this.cursor < b.addr + b.size);
    const layout = TREE_TYPES[h.label as keyof typeof TREE_TYPES] ?? { size: 0, align: 1 };
    return { type: "dealloc", addr: block ? block.addr : this.cursor, size: layout.size, align: layout.align };
  }

  /** Asks the level itself (on a copy) whether the proposal would be accepted. */
  private check(action: unknown): { code: string; message: string } | null {
    if (!this.state || !action) return null;
    const parsed = allocateFast.parse(action);
    if (!parsed.ok) return parsed.error;
    const r = allocateFast.step(structuredClone(this.state) as never, parsed.value);
    return r.ok ? null : r.error;
  }

  render(raw: unknown): void {
    const s = ladderState(raw) as ManualState | SharingState;
    this.state = s;
    if (!this.heap || this.heap.layout.heapSize !== s.heapSize) {
      this.heap?.destroy();
      this.heap = new HeapView(this.scene, heapLayout(s.heapSize));
      this.heap.zone.on("pointermove", (p: Phaser.Input.Pointer) => this.move(this.heap!.addrAt(p.worldX, p.worldY)));
      this.heap.zone.on("pointerdown", (p: Phaser.Input.Pointer) => {
        this.move(this.heap!.addrAt(p.worldX, p.worldY));
        this.send();
      });
    }
    // On an arena, the cursor follows the bump pointer: nothing below it can be placed.
    if (s.mode === "manual" && MANUAL_RULES[s.stage]!.bumpOnly && this.cursor < s.bump) this.cursor = Math.min(s.bump, s.heapSize - 1);
    this.draw();
  }

  private move(addr: number): void {
    if (!this.state || addr < 0) return;
    this.cursor = Math.max(0, Math.min(this.state.heapSize - 1, addr));
    if (this.options.mode === "play") this.draw();
  }

  private send(action = this.proposal()): void {
    if (action && this.options.onAction) this.options.onAction(action, this.cursor);
  }

  private draw(): void {
    const s = this.state;
    if (!s || !this.heap) return;
    const playing = this.options.mode === "play" && s.phase === "playing";
    const head = this.head();
    const bumpStage = s.mode === "manual" && MANUAL_RULES[s.stage]!.bumpOnly;
    const bump = s.mode === "manual" && bumpStage ? s.bump : -1;
    const action = playing ? this.proposal() : null;
    const error = this.check(action);
    const rules = s.mode === "manual" ? MANUAL_RULES[s.stage]! : null;
    // A heap without reset keeps its dropped blocks for good: ghosts, not padding (an arena's come back at reset).
    const ghosts = s.mode === "manual" && rules?.allocErrorHandler ? neverReturned(s) : [];
    const padding: [number, number][] = [];
    if (s.mode === "manual" && bumpStage) {
      let prev = 0;
      for (const b of [...s.blocks, ...ghosts].sort((x, y) => x.addr - y.addr)) {
        if (b.addr > prev) padding.push([prev, b.addr]);
        prev = b.addr + b.size;
      }
    }
    this.heap.render({
      blocks: s.blocks, bump, padding, ghosts,
      cursor: playing && head ? { addr: this.cursor, size: head.kind === "alloc" ? Math.max(1, head.size) : 1, fits: error === null } : null,
    });
    this.drawMarks(s);

    const stage = this.options.stage;
    const lines: string[] = ["GOAL", stage.goal, ""];
    if (s.mode === "manual") {
      const queued = s.queue.map((i) => s.trace[i]!);
      lines.push(`REQUESTS  ${queued.length} waiting / holds ${MANUAL_RULES[s.stage]!.queueCapacity}`);
      lines.push(...(queued.length ? queued.slice(0, 6).map((r, i) => (i === 0 ? "▶ " : "  ") + describe(r)) : ["  (waiting for the program)"]));
      if (queued.length > 6) lines.push(`  … ${queued.length - 6} more`);
      if (rules!.stackBuffer) {
        const held = s.trace.find((r) => r.op === "alloc" && r.id === s.stackLine);
        const dropped = ghosts.reduce((n, h) => n + h.size, 0);
        lines.push("", `STACK  heapless::String<${rules!.stackBuffer}>: ${held?.op === "alloc" ? `holds #${held.id} (${held.size} B)` : "empty"}`);
        lines.push(`HEAP   bump ${hex(s.bump, 4)} / ${hex(s.heapSize, 4)} · live ${s.liveBytes} B · dropped, never returned ${dropped} B`);
      }
      const keys = ["Enter/click: answer the head"];
      if (s.trace.some((r) => r.op === "alloc" && r.size === 0)) keys.push("D: dangling");
      if (rules!.resettable) keys.push("R: reset()");
      if (rules!.stackBuffer) keys.push("S: stack buffer");
      lines.push("", keys.join(" · "));
    } else {
      const id = nextCounter(s);
      lines.push(id ? `PLACE  ${counterLayout(id).label}  (8 B, align 8)` : "All eight counters placed.");
      lines.push(`${s.blocks.length}/${SHARING.counters} placed · lines in use: ${lineLoad(s.blocks).size}`);
    }
    if (s.phase !== "playing") lines.push("", s.phase === "won" ? "WON" : "LOST");
    lines.push("", `HINTS (H)  ${this.hintsShown}/${stage.hints.length}`);
    stage.hints.slice(0, this.hintsShown).forEach((h, i) => lines.push(`${i + 1}. ${h}`));
    const m = allocateFast.metrics(s as never);
    lines.push("", "METRICS");
    for (const info of stage.metrics) lines.push(`${info.label}: ${formatMetric(info, m[info.key], stage.tickMs)}`);
    this.text.setText(lines.join("\n"));
    const at = `${hex(this.cursor, 4)}`;
    this.verdict.setPosition(X, this.text.y + this.text.height + 10);
    if (!playing || !action) this.verdict.setText(playing ? `${at}  (nothing to answer yet)` : "");
    else if (error) this.verdict.setText(`${at}  ✗ ${error.code}\n${error.message}`).setColor(css(COLOURS.error));
    else this.verdict.setText(`${at}  ✓ ${JSON.stringify(action)}  (Enter)`).setColor(css(COLOURS.text));
  }

  /** Stage 7: lines holding more than one counter are outlined in the error colour. */
  private drawMarks(s: ManualState | SharingState): void {
    const g = this.marks;
    g.clear();
    if (s.mode !== "sharing" || !this.heap) return;
    for (const [line, k] of lineLoad(s.blocks)) {
      if (k < 2) continue;
      g.lineStyle(2, COLOURS.error, 1);
      for (const r of rangeRects(this.heap.layout, line * LINE_BYTES, (line + 1) * LINE_BYTES)) g.strokeRect(r.x, r.y, r.w, r.h);
    }
  }

  key(e: KeyboardEvent): boolean {
    if (!this.state || this.options.mode !== "play") return false;
    const h = this.head();
    const step = e.shiftKey && h?.kind === "alloc" ? Math.max(1, h.align) : 1;
    switch (e.key) {
      case "ArrowLeft": this.move(e.shiftKey ? Math.ceil(this.cursor / step) * step - step : this.cursor - 1); return true;
      case "ArrowRight": this.move(e.shiftKey ? Math.floor(this.cursor / step) * step + step : this.cursor + 1); return true;
      case "ArrowUp": this.move(this.cursor - LINE_BYTES); return true;
      case "ArrowDown": this.move(this.cursor + LINE_BYTES); return true;
      case "Enter": case " ": this.send(); return true;
      case "d": case "D": this.send({ type: "dangling" }); return true;
      case "r": case "R": this.send({ type: "reset" }); return true;
      case "s": case "S": this.send({ type: "stack" }); return true;
      default: return false;
    }
  }

  animate(events: readonly LevelEvent[]): void {
    if (!this.heap) return;
    for (const e of events as readonly (LevelEvent & { addr?: number; size?: number })[]) {
      if ((e.kind !== "placed" && e.kind !== "freed") || e.addr === undefined) continue;
      const g = this.scene.add.graphics().setDepth(6);
      g.fillStyle(e.kind === "placed" ? COLOURS.selection : COLOURS.ghost, 0.6);
      for (const r of rangeRects(this.heap.layout, e.addr, e.addr + (e.size ?? 1))) g.fillRect(r.x, r.y, r.w, r.h);
      this.scene.tweens.add({ targets: g, alpha: 0, duration: 300, onComplete: () => g.destroy() });
    }
  }

  shake(target: unknown): void {
    if (!this.heap || typeof target !== "number") return;
    const g = this.scene.add.graphics().setDepth(7);
    g.fillStyle(COLOURS.error, 0.55);
    const r = cellRect(this.heap.layout, Math.max(0, Math.min(this.heap.layout.heapSize - 1, target)));
    g.fillRect(r.x, r.y, r.w * 4, r.h);
    this.scene.tweens.add({ targets: g, x: { from: -6, to: 6 }, duration: 45, yoyo: true, repeat: 2, onComplete: () => g.destroy() });
  }

  cellCenter(addr: number) {
    if (!this.heap || addr < 0 || addr >= this.heap.layout.heapSize) return null;
    const r = cellRect(this.heap.layout, addr);
    return { x: r.x + r.w / 2, y: r.y + r.h / 2 };
  }

  revealHint(): boolean {
    if (this.hintsShown >= this.options.stage.hints.length) return false;
    this.hintsShown++;
    this.draw();
    return true;
  }

  destroy(): void {
    this.heap?.destroy();
    this.text.destroy();
    this.verdict.destroy();
    this.marks.destroy();
  }
}
