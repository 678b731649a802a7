/**
 * The allocate-fast board for design stages (5, 6, 9) and the threaded bump (8). A JSON editor (a DOM textarea
 * over the canvas, with preset buttons) proposes `{type: "design", allocator}`; the level runs the whole trace.
 * The board re-runs the last design itself with the shared runner to draw the heap at any operation (the
 * slider scrubs through the trace): payload in blue, headers, alignment and rounding orange, free blocks
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
const MAP = { x: 432, y: 306, w: 832, h: 196 } as const;
/** The free lists drawn under the map: one row per list (a buddy's orders make its tree, a size-class table its bins). */
const LISTS = { y: 512, rowH: 9, rows: 8 } as const;
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

let mapTextures = 0;

/** A design as short JSON: one top-level field per line, nested parts and tables inline, so it fits the editor. */
export function prettyDesign(json: unknown): string {
  if (typeof json !== "object" || json === null || Array.isArray(json)) return JSON.stringify(json);
  const inline = (v: unknown) => JSON.stringify(v).replace(/([,:])(?=["{[\d tf])/g, "$1 ");
  // The stage fixes the heap, so it is left out.
  const lines = Object.entries(json).filter(([k]) => k !== "heap").map(([k, v]) => `  ${JSON.stringify(k)}: ${inline(v)}`);
  return `{\n${lines.join(",\n")}\n}`;
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
  /** The heap map is painted on a 2D canvas texture (one image, however many runs it has). */
  private readonly mapKey = `allocate-fast-map-${++mapTextures}`;
  private readonly mapCanvas: Phaser.Textures.CanvasTexture | null;
  private readonly mapImage: Phaser.GameObjects.Image | null;
  private timer: ReturnType<typeof setInterval> | null = null;
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
    this.mapCanvas = scene.textures.createCanvas(this.mapKey, MAP.w, LISTS.y + LISTS.rows * LISTS.rowH - MAP.y);
    this.mapImage = this.mapCanvas ? scene.add.image(MAP.x, MAP.y, this.mapKey).setOrigin(0, 0) : null;
    const threads = options.stage.id === 8;
    const presets: Record<string, unknown> = threads ? THREAD_PRESETS : PRESETS;

    const dom = document.createElement("div");
    Object.assign(dom.style, { position: "absolute", font: "12px monospace", color: "#e6e9ef" });
    const area = document.createElement("textarea");
    area.spellcheck = false;
    area.setAttribute("aria-label", "allocator design as JSON");
    area.value = prettyDesign(threads ? THREAD_PRESETS.cas : PRESETS.malloc);
    Object.assign(area.style, {
      width: "100%", height: "150px", background: "#0f131b", color: "#e6e9ef", border: "1px solid #2a3142", boxSizing: "border-box",
      resize: "none", outline: "none", whiteSpace: "pre-wrap", overflow: "auto", padding: "4px 6px", fontFamily: "monospace",
    });
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
          area.value = prettyDesign(fitPreset(json, heap));
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
    const play = document.createElement("button");
    play.textContent = "▶ play the run";
    Object.assign(play.style, { background: "#151a24", color: "#e6e9ef", border: "1px solid #2a3142", cursor: "pointer" });
    play.addEventListener("click", () => this.togglePlay(play));
    dom.append(area, row, status, slider, play);
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

  /** Animates the run: the slider walks through the trace, about 200 frames from its current position. */
  private togglePlay(button: HTMLButtonElement): void {
    if (this.timer) {
      clearInterval(this.timer);
      this.timer = null;
      button.textContent = "▶ play the run";
      return;
    }
    if (Number(this.slider.value) >= Number(this.slider.max)) this.slider.value = "0";
    button.textContent = "❚❚ pause";
    const step = Math.max(1, Math.ceil(Number(this.slider.max) / 200));
    this.timer = setInterval(() => {
      const next = Math.min(Number(this.slider.max), Number(this.slider.value) + step);
      this.slider.value = String(next);
      this.drawMap();
      if (next >= Number(this.slider.max)) this.togglePlay(button);
    }, 60);
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
        this.area.value = prettyDesign(last.design);
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
    this.mapCanvas?.context.clearRect(0, 0, this.mapCanvas.width, this.mapCanvas.height);
    this.mapCanvas?.refresh();
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
    this.paintRuns(bpr, top, pic);
    this.drawLists(pic, top);
    const lists = pic.parts.lists.filter((l) => l.starts.length).slice(0, 4).map((l) => `${l.label}: ${l.starts.length} free`).join(" · ");
    this.mapText.setText(`After operation ${pic.at} of ${this.ops.length}: ${pic.live.length} live blocks, heap break ${pic.brk} B, ${bpr} B per row.` +
      ` Blue: payload; orange: headers, alignment and rounding; green: free; grey: held but unusable.\n${lists}`);
  }

  /**
   * The heap map as runs of pixels: each pixel column of a row takes the category of the bytes drawn into it last
   * (unused < free < header/padding < payload), then equal neighbours merge into one rectangle. A large heap stays
   * a few thousand rectangles however many blocks it holds.
   */
  private paintRuns(bpr: number, top: number, pic: HeapPicture): void {
    const w = MAP.w;
    const cells = new Uint8Array(this.rows * w);
    const paint = (start: number, end: number, cat: number) => {
      for (let a = start; a < end;) {
        const row = Math.floor(a / bpr);
        const b = Math.min(end, (row + 1) * bpr);
        const x0 = Math.floor(((a - row * bpr) / bpr) * w);
        const x1 = Math.max(x0 + 1, Math.ceil(((b - row * bpr) / bpr) * w));
        for (let x = x0; x < Math.min(w, x1); x++) if (cells[row * w + x]! < cat) cells[row * w + x] = cat;
        a = b;
      }
    };
    for (const [a, b] of pic.parts.free) paint(a, b, 1);
    for (const blk of pic.live) {
      paint(blk.start, blk.end, 2);
      paint(blk.addr, blk.addr + blk.size, 3);
    }
    const colour = [COLOURS.grid, COLOURS.ghost, COLOURS.padding, COLOURS.live];
    const alpha = [1, 0.45, 0.8, 1];
    const rowH = Math.max(3, Math.min(24, Math.floor(MAP.h / Math.max(1, this.rows))));
    const ctx = this.mapCanvas?.context;
    if (!ctx || !this.mapCanvas) return;
    ctx.clearRect(0, 0, this.mapCanvas.width, this.mapCanvas.height);
    for (let row = 0; row < this.rows; row++) {
      const rowBytes = Math.min(bpr, top - row * bpr);
      const limit = Math.ceil((rowBytes / bpr) * w);
      for (let x = 0; x < limit;) {
        const cat = cells[row * w + x]!;
        let end = x + 1;
        while (end < limit && cells[row * w + end] === cat) end++;
        ctx.globalAlpha = alpha[cat]!;
        ctx.fillStyle = css(colour[cat]!);
        ctx.fillRect(x, row * rowH, end - x, rowH - 1);
        x = end;
      }
    }
    ctx.globalAlpha = 1;
  }

  /**
   * Each free list as a row of ticks at its blocks' addresses, labelled; the rows of a buddy's orders form its tree.
   * Painted on the same canvas as the map, after it, then the canvas is uploaded once.
   */
  private drawLists(pic: HeapPicture, top: number): void {
    const rows: { label: string; starts: readonly number[] }[] = [];
    const visit = (v: HeapPicture["parts"]) => {
      for (const l of v.lists) if (rows.length < LISTS.rows) rows.push(l);
      for (const c of v.children ?? []) visit(c);
    };
    visit(pic.parts);
    const ctx = this.mapCanvas?.context;
    if (!ctx || !this.mapCanvas) return;
    ctx.font = "9px monospace";
    ctx.textBaseline = "top";
    rows.forEach((row, i) => {
      const y = LISTS.y - MAP.y + i * LISTS.rowH;
      ctx.fillStyle = css(COLOURS.panel);
      ctx.fillRect(120, y, MAP.w - 120, LISTS.rowH - 2);
      ctx.fillStyle = css(COLOURS.ghost);
      const ticks = new Set(row.starts.map((a) => Math.floor((a / top) * (MAP.w - 122))));
      for (const x of ticks) ctx.fillRect(120 + x, y, 2, LISTS.rowH - 2);
      ctx.fillStyle = css(COLOURS.dim);
      ctx.fillText(`${row.label} · ${row.starts.length}`.slice(0, 22), 0, y - 1);
    });
    this.mapCanvas.refresh();
    this.mapText.setY(LISTS.y + Math.max(1, rows.length) * LISTS.rowH + 6);
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
    if (this.timer) clearInterval(this.timer);
    this.mapImage?.destroy();
    this.scene.textures.remove(this.mapKey);
    window.removeEventListener("resize", this.place);
    this.dom.remove();
    this.chart.remove();
    this.text.destroy();
    this.mapText.destroy();
    this.g.destroy();
  }
}
