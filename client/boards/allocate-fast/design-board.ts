/**
 * The allocate-fast board for design stages (5, 6, 9) and the threaded bump (8). A JSON editor (a DOM textarea
 * over the canvas, with preset buttons) proposes `{type: "design", allocator}`; the level runs the whole trace.
 * The board re-runs the last design itself with the shared runner to draw the heap at any operation (the
 * slider scrubs through the trace): payload in blue, headers, alignment and rounding hatched orange, free blocks
 * outlined green. A small Pareto chart (cost per alloc against peak utilisation, from /api/stats) puts the
 * player's point among everyone's verified wins.
 */
import type Phaser from "phaser";
import type { LevelEvent } from "../../../shared/engine/level.ts";
import { allocateFast, ladderState, type DesignState, type ThreadsState } from "../../../shared/levels/allocate-fast/index.ts";
import { parseDesign, PRESETS } from "../../../shared/levels/allocate-fast/allocators/design.ts";
import { ARENA, parseBumpSync, runThreaded } from "../../../shared/levels/allocate-fast/concurrent-bump.ts";
import { stageTrace } from "../../../shared/levels/allocate-fast/design-stage.ts";
import { heapAt, runTrace, type HeapPicture } from "../../../shared/levels/allocate-fast/runner.ts";
import { formatMetric } from "../../app/format.ts";
import { COLOURS, css, HEIGHT, sans, WIDTH } from "../../app/theme.ts";
import type { BoardOptions, BoardView } from "../board.ts";
import { hatch } from "./draw.ts";

const X = 16;
const W = 352;
const MAP = { x: 432, y: 290, w: 832, h: 300 } as const;
const THREAD_PRESETS: Record<string, unknown> = {
  none: { kind: "bump", sync: "none" }, spinlock: { kind: "bump", sync: "spinlock", boundsCheck: true },
  cas: { kind: "bump", sync: "cas", boundsCheck: true }, tlab: { kind: "bump", sync: "tlab", boundsCheck: true, tlab: 256 },
};
const THREAD_COLOURS = [0x0072b2, 0x56b4e9, 0x009e73, 0xf0e442, 0xe69f00, 0xcc79a7, 0x1f8ccc, 0xd55e00];

/** A preset made to fit this stage's heap: chunks no larger than the heap, buddy arenas the largest power of two in it. */
function fitPreset(json: unknown, heap: number): unknown {
  if (typeof json !== "object" || json === null || Array.isArray(json)) return json;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(json)) {
    if (k === "heap") continue;
    if (k === "chunk" && typeof v === "number") out[k] = Math.min(v, heap);
    else if (k === "max" && typeof v === "number") {
      let p = 1;
      while (p * 2 <= Math.min(v, heap)) p *= 2;
      out[k] = p;
    } else out[k] = typeof v === "object" ? fitPreset(v, heap) : v;
  }
  return out;
}

interface Point {
  x: number;
  y: number;
}

export class DesignBoard implements BoardView {
  private readonly scene: Phaser.Scene;
  private readonly options: BoardOptions;
  private readonly text: Phaser.GameObjects.Text;
  private readonly mapText: Phaser.GameObjects.Text;
  private readonly g: Phaser.GameObjects.Graphics;
  private readonly dom: HTMLDivElement;
  private readonly area: HTMLTextAreaElement;
  private readonly slider: HTMLInputElement;
  private readonly status: HTMLDivElement;
  private readonly chart: HTMLDivElement;
  private readonly place: () => void;
  private state: DesignState | ThreadsState | null = null;
  private shownAttempts = -1;
  private hintsShown = 0;
  private ops: ReturnType<typeof stageTrace> = [];

  constructor(scene: Phaser.Scene, options: BoardOptions) {
    this.scene = scene;
    this.options = options;
    this.text = scene.add.text(X, 64, "", sans(13, COLOURS.text, W)).setLineSpacing(3);
    this.mapText = scene.add.text(MAP.x, MAP.y + MAP.h + 8, "", sans(12, COLOURS.dim, MAP.w));
    this.g = scene.add.graphics();
    const threads = options.stage.id === 8;
    const presets: Record<string, unknown> = threads ? THREAD_PRESETS : PRESETS;

    const dom = document.createElement("div");
    Object.assign(dom.style, { position: "absolute", font: "12px monospace", color: "#e6e9ef" });
    const area = document.createElement("textarea");
    area.spellcheck = false;
    area.setAttribute("aria-label", "allocator design as JSON");
    area.value = JSON.stringify(threads ? THREAD_PRESETS.cas : PRESETS.malloc, null, 1);
    Object.assign(area.style, { width: "100%", height: "130px", background: "#0f131b", color: "#e6e9ef", border: "1px solid #2a3142", boxSizing: "border-box", resize: "none" });
    area.addEventListener("keydown", (e) => {
      e.stopPropagation();
      if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) {
        e.preventDefault();
        this.submit();
      }
      if (e.key === "Escape") area.blur();
    });
    area.addEventListener("keyup", (e) => e.stopPropagation());
    const row = document.createElement("div");
    const button = (label: string, onClick: () => void) => {
      const b = document.createElement("button");
      b.textContent = label;
      Object.assign(b.style, { marginRight: "6px", background: "#151a24", color: "#e6e9ef", border: "1px solid #2a3142", cursor: "pointer" });
      b.addEventListener("click", onClick);
      row.appendChild(b);
      return b;
    };
    if (options.mode === "play") {
      button("Run (Ctrl+Enter)", () => this.submit());
      for (const [name, json] of Object.entries(presets)) {
        button(name, () => {
          const heap = this.state?.mode === "design" ? this.state.heap : Infinity;
          area.value = JSON.stringify(fitPreset(json, heap), null, 1);
        });
      }
    } else {
      area.readOnly = true;
    }
    const slider = document.createElement("input");
    slider.type = "range";
    slider.min = "0";
    slider.setAttribute("aria-label", "operation to show");
    Object.assign(slider.style, { width: "100%" });
    slider.addEventListener("input", () => this.drawMap());
    const status = document.createElement("div");
    const chart = document.createElement("div");
    dom.append(area, row, status, slider);
    this.dom = dom;
    this.area = area;
    this.slider = slider;
    this.status = status;
    this.chart = chart;
    Object.assign(chart.style, { position: "absolute" });
    document.body.append(dom, chart);
    const canvas = scene.game.canvas;
    this.place = () => {
      const r = canvas.getBoundingClientRect();
      const sx = r.width / WIDTH, sy = r.height / HEIGHT;
      Object.assign(dom.style, { left: `${window.scrollX + r.left + 432 * sx}px`, top: `${window.scrollY + r.top + 64 * sy}px`, width: `${832 * sx}px` });
      Object.assign(chart.style, { left: `${window.scrollX + r.left + X * sx}px`, top: `${window.scrollY + r.top + 540 * sy}px` });
    };
    this.place();
    window.addEventListener("resize", this.place);
    void this.loadChart();
  }

  private submit(): void {
    if (!this.options.onAction) return;
    let allocator: unknown;
    try {
      allocator = JSON.parse(this.area.value);
    } catch (e) {
      this.status.textContent = `Not JSON: ${(e as Error).message}`;
      this.status.style.color = css(COLOURS.error);
      return;
    }
    this.status.textContent = "running…";
    this.status.style.color = css(COLOURS.dim);
    this.options.onAction({ type: "design", allocator }, null);
  }

  render(raw: unknown): void {
    const s = ladderState(raw) as DesignState | ThreadsState;
    this.state = s;
    if (s.mode === "design" && this.ops.length === 0) this.ops = stageTrace(s.stage, s.seed);
    const attempts = s.attempts.length;
    if (attempts !== this.shownAttempts) {
      this.shownAttempts = attempts;
      const last = s.attempts[attempts - 1];
      if (last) {
        this.area.value = JSON.stringify(fitPreset(last.design, Infinity), null, 1);
        let verdict: string;
        let bad: boolean;
        if (s.mode === "design") {
          const tried = s.attempts[attempts - 1]!;
          const d = parseDesign(tried.design);
          const peak = d.ok ? runTrace(d.value, this.ops, { sample: false }).peakOp : 0;
          this.slider.max = String(Math.max(0, this.ops.length - 1));
          this.slider.value = String(Math.max(0, tried.failure ? tried.failure.op : peak));
          this.slider.style.display = "";
          verdict = tried.shortfall || "Met the bar.";
          bad = tried.shortfall !== "";
        } else {
          const tried = s.attempts[attempts - 1]!;
          this.slider.style.display = "none";
          verdict = tried.code || "Correct.";
          bad = tried.code !== "";
        }
        this.status.textContent = verdict;
        this.status.style.color = css(bad ? COLOURS.error : COLOURS.ghost);
        void this.loadChart();
      } else {
        this.slider.style.display = "none";
      }
    }
    this.drawText();
    this.drawMap();
  }

  private drawText(): void {
    const s = this.state;
    if (!s) return;
    const stage = this.options.stage;
    const lines = ["GOAL", stage.goal, ""];
    if (s.mode === "design") lines.push(`Heap: ${s.heap} bytes · trace: ${this.ops.length} operations`, `Reference malloc: ${(s.mallocPs / 1000).toFixed(1)} ns/alloc, ${(s.mallocUtil / 10).toFixed(1)} % peak utilisation`, "");
    else lines.push(`${ARENA.threads} threads × ${ARENA.allocsPerThread} allocations on a ${ARENA.size}-byte arena`, "");
    lines.push(`ATTEMPTS  ${s.attempts.length}` + (s.phase === "won" ? " · WON" : s.phase === "lost" ? " · LOST" : ""));
    s.attempts.slice(-4).forEach((a, i) => {
      const n = s.attempts.length - Math.min(4, s.attempts.length) + i + 1;
      const kind = String((a.design as { kind?: unknown }).kind ?? "?");
      lines.push(`${n}. ${kind}: ` + ("shortfall" in a ? (a.shortfall ? "✗ " + a.shortfall.slice(0, 90) : "✓") : a.code ? "✗ " + a.code : "✓"));
    });
    lines.push("", `HINTS (H)  ${this.hintsShown}/${stage.hints.length}`);
    stage.hints.slice(0, this.hintsShown).forEach((h, i) => lines.push(`${i + 1}. ${h}`));
    const m = allocateFast.metrics(s as never);
    lines.push("", "METRICS");
    for (const info of stage.metrics) lines.push(`${info.label}: ${formatMetric(info, m[info.key], stage.tickMs)}`);
    this.text.setText(lines.join("\n"));
  }

  /** Draws [start, end) of an address space laid out in rows of `bpr` bytes. */
  private span(bpr: number, start: number, end: number, colour: number, alpha: number, hatched = false): void {
    const g = this.g;
    const rowH = Math.max(4, Math.min(24, Math.floor(MAP.h / Math.max(1, this.rows))));
    const px = MAP.w / bpr;
    for (let a = start; a < end;) {
      const row = Math.floor(a / bpr);
      const b = Math.min(end, (row + 1) * bpr);
      const rect = { x: MAP.x + (a - row * bpr) * px, y: MAP.y + row * rowH, w: Math.max(1, (b - a) * px), h: rowH - 1 };
      g.fillStyle(colour, alpha).fillRect(rect.x, rect.y, rect.w, rect.h);
      // Hatching only where it reads (and so a large heap stays a few thousand primitives).
      if (hatched && rect.w >= 8 && rect.h >= 6) {
        g.lineStyle(1, colour, 0.9);
        hatch(g, rect, 4);
      }
      a = b;
    }
  }

  private rows = 1;

  private drawMap(): void {
    const s = this.state;
    this.g.clear();
    if (!s) return;
    const last = s.attempts[s.attempts.length - 1];
    if (!last) {
      this.mapText.setText("Run a design to see its heap here.");
      return;
    }
    if (s.mode === "threads") {
      const spec = parseBumpSync(last.design);
      if (!spec.ok) return;
      const r = runThreaded(spec.value, s.seed);
      const top = Math.max(ARENA.size, ...r.blocks.map(([, e]) => e));
      const bpr = 256;
      this.rows = Math.ceil(top / bpr);
      this.span(bpr, 0, top, COLOURS.free, 1);
      for (const [a, b, t] of r.blocks) this.span(bpr, a, b, THREAD_COLOURS[t % 8]!, 0.85);
      if (top > ARENA.size) this.span(bpr, ARENA.size, top, COLOURS.error, 0.4, true);
      this.mapText.setText(`Blocks coloured by thread, 256 bytes per row. ${r.allocs} served, ${r.nulls} refused, ${r.casRetries} CAS retries, ${r.spins} spins.` +
        (r.text ? `\n${r.text}` : ""));
      return;
    }
    const d = parseDesign(last.design);
    if (!d.ok) return;
    const at = Number(this.slider.value) || 0;
    const pic: HeapPicture | null = heapAt(d.value, this.ops, at);
    if (!pic) return;
    const top = Math.max(64, pic.brk);
    let bpr = 64;
    while (Math.ceil(top / bpr) > 60) bpr *= 2;
    this.rows = Math.ceil(top / bpr);
    this.span(bpr, 0, top, COLOURS.grid, 1);
    for (const [a, b] of pic.parts.free) this.span(bpr, a, b, COLOURS.ghost, 0.35);
    for (const blk of pic.live) {
      if (blk.addr > blk.start) this.span(bpr, blk.start, blk.addr, COLOURS.padding, 0.8, true);
      this.span(bpr, blk.addr, blk.addr + blk.size, COLOURS.live, 1);
      if (blk.end > blk.addr + blk.size) this.span(bpr, blk.addr + blk.size, blk.end, COLOURS.padding, 0.45, true);
    }
    const lists = pic.parts.lists.filter((l) => l.starts.length).slice(0, 4).map((l) => `${l.label}: ${l.starts.length} free`).join(" · ");
    this.mapText.setText(`After operation ${pic.at} of ${this.ops.length}: ${pic.live.length} live blocks, heap break ${pic.brk} B, ${bpr} B per row.` +
      ` Blue: payload; hatched: headers, alignment and rounding; green: free.\n${lists}`);
  }

  /** Everyone's verified wins on this stage as points, the Pareto front ringed, the player's last result in white. */
  private async loadChart(): Promise<void> {
    const stage = this.options.stage;
    const keys = stage.metrics.map((m) => m.key);
    const [x, y] = keys.includes("peakUtil") ? ["costPerAllocPs", "peakUtil"] : [keys[0]!, keys[1] ?? keys[0]!];
    let body: { points: { id: string; metrics: Record<string, number> }[]; front: string[] } | null = null;
    try {
      const res = await fetch(`/api/stats?level=allocate-fast&stage=${stage.id}&x=${x}&y=${y}`);
      if (res.ok) body = await res.json();
    } catch {
      body = null;
    }
    const mine: Point | null = this.state ? { x: allocateFast.metrics(this.state as never)[x] ?? 0, y: allocateFast.metrics(this.state as never)[y] ?? 0 } : null;
    const pts = (body?.points ?? []).map((p) => ({ x: p.metrics[x] ?? 0, y: p.metrics[y] ?? 0, front: body!.front.includes(p.id) }));
    const all = [...pts, ...(mine && this.state?.attempts.length ? [{ ...mine, front: false }] : [])];
    if (all.length === 0) {
      this.chart.textContent = "";
      return;
    }
    const w = 320, h = 150, pad = 24;
    const xs = all.map((p) => p.x), ys = all.map((p) => p.y);
    const [x0, x1, y0, y1] = [Math.min(...xs), Math.max(...xs) || 1, Math.min(...ys), Math.max(...ys) || 1];
    const sx = (v: number) => pad + ((v - x0) / Math.max(1, x1 - x0)) * (w - 2 * pad);
    const sy = (v: number) => h - pad - ((v - y0) / Math.max(1, y1 - y0)) * (h - 2 * pad);
    const dots = pts.map((p) => `<circle cx="${sx(p.x)}" cy="${sy(p.y)}" r="3" fill="${p.front ? css(COLOURS.pointer) : css(COLOURS.dim)}"/>`).join("");
    const me = mine && this.state?.attempts.length ? `<circle cx="${sx(mine.x)}" cy="${sy(mine.y)}" r="5" fill="none" stroke="#fff" stroke-width="2"/>` : "";
    this.chart.innerHTML = `<svg width="${w}" height="${h}" role="img" aria-label="Pareto chart of ${x} against ${y}">` +
      `<rect width="${w}" height="${h}" fill="#151a24"/>${dots}${me}` +
      `<text x="${pad}" y="${h - 6}" fill="#8a93a6" font-size="10">${x} → (lower is better)</text>` +
      `<text x="4" y="12" fill="#8a93a6" font-size="10">${y} ↑</text></svg>`;
  }

  key(e: KeyboardEvent): boolean {
    if (e.key === "Enter" && this.options.mode === "play") {
      this.area.focus();
      return true;
    }
    return false;
  }

  animate(_events: readonly LevelEvent[]): void {
    // The result panel and the map redraw on render; there is nothing to move.
  }

  shake(): void {
    this.status.style.color = css(COLOURS.error);
  }

  cellCenter() {
    return null;
  }

  revealHint(): boolean {
    if (this.hintsShown >= this.options.stage.hints.length) return false;
    this.hintsShown++;
    this.drawText();
    return true;
  }

  destroy(): void {
    window.removeEventListener("resize", this.place);
    this.dom.remove();
    this.chart.remove();
    this.text.destroy();
    this.mapText.destroy();
    this.g.destroy();
  }
}
