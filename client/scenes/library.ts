/**
 * The replay library: every finished run the server stored (verified by re-simulation), newest first, filtered
 * by level and stage (pickers), player and room (text fields) and result. A row opens the viewer; a replay file
 * can be imported, and is stored only if the server's re-simulation reproduces it. Filters survive a trip to
 * the viewer and back.
 */
import Phaser from "phaser";
import type { GameError } from "../../shared/engine/errors.ts";
import type { StageInfo } from "../../shared/engine/level.ts";
import { LEVELS, RULES } from "../../shared/levels/index.ts";
import { NICKNAME_PATTERN } from "../../shared/protocol.ts";
import { importReplay, listReplays, type ReplayFilter, type ReplaySummary } from "../app/api.ts";
import { formatMetricShort, formatWhen } from "../app/format.ts";
import { noteError } from "../app/hooks.ts";
import { knownPlayer } from "../app/player.ts";
import { showRoute } from "../app/router.ts";
import { unregisterTarget } from "../app/targets.ts";
import { COLOURS, css, mono, sans, WIDTH } from "../app/theme.ts";
import { play } from "../audio/sounds.ts";
import type { Button } from "../ui/button.ts";
import { fitOneLine } from "../ui/fit.ts";
import type { KeyHelp } from "../ui/help.ts";
import { TextField } from "../ui/text-field.ts";
import { BaseScene } from "./base.ts";

export interface LibraryData {
  level?: string;
  stage?: number;
}

interface Filters {
  level: string | null;
  stage: number | null;
  player: string;
  room: string;
  phase: "won" | "lost" | null;
}

const X = 40;
const W = WIDTH - 2 * X;
const FILTER_Y = 96;
const LIST_Y = 168;
const ROW_H = 34;
const ROW_GAP = 3;
const PAGE = 12;
const ROOM_PATTERN = /^[A-Za-z0-9_-]{1,32}$/;
/** Column x offsets inside a row. */
const COL = { n: 14, player: 52, result: 236, stage: 326, metrics: 476, room: 906, when: W - 14 } as const;

/** The filters in use, kept across visits (the viewer's Esc comes back to the same list). */
let remembered: Filters = { level: null, stage: null, player: "", room: "", phase: null };

export class LibraryScene extends BaseScene {
  private filters: Filters = { ...remembered };
  private rows: ReplaySummary[] = [];
  private page = 0;
  private selected = -1;
  private rowButtons: Button[] = [];
  private rowObjects: Phaser.GameObjects.GameObject[] = [];
  private pickers: Button[] = [];
  private fields: TextField[] = [];
  private fileInput: HTMLInputElement | null = null;
  private status!: Phaser.GameObjects.Text;
  private pager!: Phaser.GameObjects.Text;
  private request = 0;
  private typing: number | undefined;

  constructor() {
    super("library");
  }

  init(data: LibraryData): void {
    if (data.level !== undefined || data.stage !== undefined) {
      remembered = { ...remembered, level: data.level ?? null, stage: data.stage ?? null };
    }
    this.filters = { ...remembered };
  }

  protected keyHelp(): KeyHelp {
    return [
      ["V / S", "cycle the level / the stage filter"],
      ["W", "cycle the result filter (all, won, lost)"],
      ["N / O", "type a player's nickname / a room id"],
      ["↑ ↓  Enter", "choose a replay and open it"],
      ["PgUp / PgDn", "previous / next page"],
      ["I", "import a replay file"],
      ["Esc", "back"],
    ];
  }

  create(): void {
    this.setup();
    this.rows = [];
    this.rowButtons = [];
    this.rowObjects = [];
    this.fields = [];
    this.page = 0;
    this.selected = -1;
    this.add.text(X, 26, "REPLAYS", mono(30, COLOURS.text));
    this.add.text(X + 170, 38, "every finished run, stored only after the server's re-simulation reproduced it", sans(14, COLOURS.dim));
    this.buildFilters();
    this.status = this.add.text(X, LIST_Y + PAGE * (ROW_H + ROW_GAP) + 10, "", sans(14, COLOURS.dim, W - 260)).setMaxLines(2);
    this.pager = this.add.text(X + W, LIST_Y + PAGE * (ROW_H + ROW_GAP) + 10, "", mono(12, COLOURS.dim)).setOrigin(1, 0);
    this.button({ x: X, y: 650, w: 180, h: 44, label: "Back", keys: ["Escape"], onPress: () => this.back() });
    this.button({ x: X + W - 220, y: 650, w: 220, h: 44, label: "Import replay file", keys: ["i", "I"], target: "library:import", onPress: () => this.pickFile() });
    void this.refresh();
  }

  // ---- filters ------------------------------------------------------------------------------------------------

  private buildFilters(): void {
    const f = this.filters;
    const h = 44;
    this.add.text(X, FILTER_Y - 20, "LEVEL  (V)", mono(11, COLOURS.dim));
    this.add.text(X + 262, FILTER_Y - 20, "STAGE  (S)", mono(11, COLOURS.dim));
    this.add.text(X + 404, FILTER_Y - 20, "RESULT  (W)", mono(11, COLOURS.dim));
    this.pickers = [
      this.button({ x: X, y: FILTER_Y, w: 250, h, label: "", keys: ["v", "V"], target: "library:level", onPress: () => this.cycleLevel() }),
      this.button({ x: X + 262, y: FILTER_Y, w: 130, h, label: "", keys: ["s", "S"], target: "library:stage", onPress: () => this.cycleStage() }),
      this.button({ x: X + 404, y: FILTER_Y, w: 130, h, label: "", keys: ["w", "W"], target: "library:phase", onPress: () => this.cyclePhase() }),
    ];
    this.labelPickers();
    const field = (x: number, w: number, label: string, key: string, value: string, pattern: RegExp, why: string, apply: (v: string) => void) => {
      this.add.text(x, FILTER_Y - 20, `${label.toUpperCase()}  (${key})`, mono(11, COLOURS.dim));
      const ok = (v: string) => v === "" || pattern.test(v);
      const tf = new TextField(this.game.canvas, {
        x, y: FILTER_Y + 2, w, h: 40, value, label: `filter by ${label}`, placeholder: `any ${label}`, maxLength: 32, size: 16,
        check: (v) => (ok(v.trim()) ? null : why),
        // Enter applies at once and hands the keys back to the list (↑ ↓ Enter).
        onSubmit: () => { if (ok(tf.value.trim())) apply(tf.value.trim()); tf.input.blur(); },
      });
      tf.input.addEventListener("input", () => { if (ok(tf.value.trim())) this.later(() => apply(tf.value.trim())); });
      this.fields.push(tf);
    };
    field(X + 560, 220, "player", "N", f.player, NICKNAME_PATTERN, "a nickname: 1–24 letters, digits, space, _ . -",
      (v) => { if (v !== this.filters.player) { this.filters.player = v; void this.refresh(); } });
    field(X + 800, 190, "room", "O", f.room, ROOM_PATTERN, "a room id: letters, digits, _ and -",
      (v) => { if (v !== this.filters.room) { this.filters.room = v; void this.refresh(); } });
  }

  private labelPickers(): void {
    const f = this.filters;
    const level = f.level ? RULES.get(f.level) : undefined;
    this.pickers[0]?.setLabel(level ? level.title : "all levels");
    this.pickers[1]?.setLabel(f.stage === null ? "all stages" : `stage ${f.stage}`);
    this.pickers[2]?.setLabel(f.phase === null ? "won + lost" : f.phase === "won" ? "✓ won" : "✗ lost");
  }

  /** Applies a text filter once typing pauses. */
  private later(apply: () => void): void {
    window.clearTimeout(this.typing);
    this.typing = window.setTimeout(() => { if (this.sys.isActive()) apply(); }, 250);
  }

  private cycleLevel(): void {
    // Duels are stored replays too, so the filter offers them beside the levels.
    const ids = [null, ...RULES.keys()];
    const next = ids[(ids.indexOf(this.filters.level) + 1) % ids.length] ?? null;
    this.filters.level = next;
    this.filters.stage = null;
    this.changed();
  }

  private cycleStage(): void {
    const level = this.filters.level ? RULES.get(this.filters.level) : undefined;
    if (!level) {
      play("reject");
      this.say(null, "Pick a level first (V): stage numbers belong to a level.");
      return;
    }
    const ids = [null, ...level.stages.map((s) => s.id)];
    this.filters.stage = ids[(ids.indexOf(this.filters.stage) + 1) % ids.length] ?? null;
    this.changed();
  }

  private cyclePhase(): void {
    const order = [null, "won", "lost"] as const;
    this.filters.phase = order[(order.indexOf(this.filters.phase) + 1) % order.length] ?? null;
    this.changed();
  }

  private changed(): void {
    this.labelPickers();
    void this.refresh();
  }

  // ---- the list -----------------------------------------------------------------------------------------------

  private async refresh(): Promise<void> {
    const f = this.filters;
    remembered = { ...f };
    showRoute({ scene: "library", ...(f.level ? { level: f.level } : {}), ...(f.level && f.stage !== null ? { stage: f.stage } : {}) });
    const query: ReplayFilter = {
      ...(f.level ? { level: f.level } : {}), ...(f.stage !== null ? { stage: f.stage } : {}),
      ...(f.player ? { player: f.player } : {}), ...(f.room ? { room: f.room } : {}), ...(f.phase ? { phase: f.phase } : {}),
    };
    const mine = ++this.request;
    this.say(null, "loading…");
    const got = await listReplays(query);
    if (!this.sys.isActive() || mine !== this.request) return;
    if (!got.ok) {
      this.rows = [];
      this.drawRows();
      this.say(got.error);
      return;
    }
    this.rows = got.value.replays;
    this.page = 0;
    this.selected = -1;
    this.drawRows();
    this.say(null, this.rows.length ? "" : "No replay matches these filters. Play a stage, widen the filters, or import a file (I).");
  }

  private drawRows(): void {
    for (const b of this.rowButtons) this.removeButton(b);
    for (const o of this.rowObjects) o.destroy();
    this.rowButtons = [];
    this.rowObjects = [];
    for (let i = 0; i < PAGE; i++) unregisterTarget(`library:row:${i}`);
    const t = (x: number, y: number, text: string, style: Phaser.Types.GameObjects.Text.TextStyle) => {
      const o = this.add.text(x, y, text, style);
      this.rowObjects.push(o);
      return o;
    };
    const head = LIST_Y - 18;
    t(X + COL.n, head, "#", mono(11, COLOURS.dim));
    t(X + COL.player, head, "PLAYER", mono(11, COLOURS.dim));
    t(X + COL.result, head, "RESULT", mono(11, COLOURS.dim));
    t(X + COL.stage, head, "LEVEL · STAGE", mono(11, COLOURS.dim));
    t(X + COL.metrics, head, "METRICS", mono(11, COLOURS.dim));
    t(X + COL.room, head, "ROOM", mono(11, COLOURS.dim));
    t(X + COL.when, head, "WHEN", mono(11, COLOURS.dim)).setOrigin(1, 0);
    const start = this.page * PAGE;
    this.rows.slice(start, start + PAGE).forEach((r, i) => {
      const y = LIST_Y + i * (ROW_H + ROW_GAP);
      const button = this.button({ x: X, y, w: W, h: ROW_H, label: "", target: `library:row:${i}`, onPress: () => this.open(r.id) });
      this.rowButtons.push(button);
      const mid = y + ROW_H / 2;
      const won = r.phase === "won";
      t(X + COL.n, mid, String(start + i + 1), mono(12, COLOURS.dim)).setOrigin(0, 0.5);
      t(X + COL.player, mid, r.nickname, sans(15, COLOURS.text)).setOrigin(0, 0.5);
      t(X + COL.result, mid, won ? "✓ won" : r.phase === "lost" ? "✗ lost" : "… open", mono(14, won ? COLOURS.liveEdge : COLOURS.error)).setOrigin(0, 0.5);
      t(X + COL.stage, mid, `${r.level} · ${r.stage}`, mono(13, COLOURS.dim)).setOrigin(0, 0.5);
      fitOneLine(t(X + COL.metrics, mid, metricsLine(r), mono(13, COLOURS.text)).setOrigin(0, 0.5), COL.room - COL.metrics - 16);
      t(X + COL.room, mid, r.roomId ?? "— (file)", mono(12, COLOURS.dim)).setOrigin(0, 0.5);
      t(X + COL.when, mid, formatWhen(r.createdAt), mono(12, COLOURS.dim)).setOrigin(1, 0.5);
    });
    const pages = Math.max(1, Math.ceil(this.rows.length / PAGE));
    this.pager.setText(this.rows.length
      ? `${start + 1}–${Math.min(this.rows.length, start + PAGE)} of ${this.rows.length}${this.rows.length >= 50 ? " newest" : ""}` +
        (pages > 1 ? `  ·  page ${this.page + 1}/${pages} (PgUp/PgDn)` : "")
      : "");
  }

  private select(i: number): void {
    const n = this.rowButtons.length;
    if (!n) return;
    this.selected = Math.max(0, Math.min(n - 1, i));
    this.focusButton(this.rowButtons[this.selected]!);
  }

  private turnPage(delta: number): void {
    const pages = Math.ceil(this.rows.length / PAGE);
    const next = Math.max(0, Math.min(pages - 1, this.page + delta));
    if (next === this.page) return;
    this.page = next;
    this.selected = -1;
    this.drawRows();
  }

  private open(id: string): void {
    this.scene.start("replay", { id, from: "library" });
  }

  // ---- import -------------------------------------------------------------------------------------------------

  private pickFile(): void {
    if (!this.fileInput) {
      const input = document.createElement("input");
      input.type = "file";
      input.accept = ".json,application/json";
      input.setAttribute("aria-label", "replay file to import");
      // Visually hidden but rendered: some browsers will not open a chooser for a display:none input.
      Object.assign(input.style, { position: "fixed", left: "0", top: "0", width: "1px", height: "1px", opacity: "0", pointerEvents: "none" });
      input.addEventListener("change", () => {
        const file = input.files?.[0];
        input.value = "";
        if (file) void this.upload(file);
      });
      document.body.appendChild(input);
      this.fileInput = input;
    }
    this.fileInput.click();
  }

  private async upload(file: File): Promise<void> {
    this.say(null, `importing ${file.name}: the server re-simulates it…`);
    const text = await file.text();
    const got = await importReplay(text, knownPlayer()?.token ?? null);
    if (!this.sys.isActive()) return;
    if (!got.ok) {
      play("reject");
      this.say({ code: got.error.code, message: `${file.name} was refused: ${got.error.message}` });
      return;
    }
    this.open(got.value.id);
  }

  // ---- screen -------------------------------------------------------------------------------------------------

  /** One line under the list: a refusal in vermillion with its code, or a plain note. */
  private say(error: GameError | null, note = ""): void {
    if (error) {
      noteError(error);
      this.status.setText(`✗ ${error.code}  ${error.message}`).setColor(css(COLOURS.error));
    } else {
      this.status.setText(note).setColor(css(COLOURS.dim));
    }
  }

  private back(): void {
    const level = this.filters.level;
    if (level && LEVELS.has(level)) this.scene.start("stages", { level });
    else this.scene.start("title");
  }

  protected onKey(e: KeyboardEvent): boolean {
    switch (e.key) {
      case "ArrowDown": this.select(this.selected + 1); return true;
      case "ArrowUp": this.select(this.selected < 0 ? 0 : this.selected - 1); return true;
      case "PageDown": this.turnPage(1); return true;
      case "PageUp": this.turnPage(-1); return true;
      case "n": case "N": this.fields[0]?.focus(); return true;
      case "o": case "O": this.fields[1]?.focus(); return true;
      default: return false;
    }
  }

  protected teardown(): void {
    window.clearTimeout(this.typing);
    for (const f of this.fields) f.destroy();
    this.fields = [];
    this.fileInput?.remove();
    this.fileInput = null;
    for (let i = 0; i < PAGE; i++) unregisterTarget(`library:row:${i}`);
    this.rowButtons = [];
    this.rowObjects = [];
  }
}

/** "Padding 10 B · Peak footprint 48 B · Time 2.3 s": the stage's first three metrics, when this build has the stage. */
function metricsLine(r: ReplaySummary): string {
  const stage: StageInfo | undefined = RULES.get(r.level)?.stages.find((s) => s.id === r.stage);
  if (!stage) return Object.entries(r.metrics).map(([k, v]) => `${k} ${v}`).join(" · ");
  return stage.metrics.slice(0, 3).map((m) => `${m.label} ${formatMetricShort(m, r.metrics[m.key], stage.tickMs)}`).join(" · ");
}
