/**
 * The race-free-queue side column: the goal; the controls of the mode being played (ordering sites with their
 * chosen orderings, padding and tag toggles, the last check's verdict — or the scheduler's thread and the
 * choices its next step offers); the last steps as sentences; hints revealed so far; live metrics.
 */
import type Phaser from "phaser";
import type { StageInfo } from "../../../shared/engine/level.ts";
import { raceFreeQueue, rulesOf, type QueueState } from "../../../shared/levels/race-free-queue/index.ts";
import { formatMetric } from "../../app/format.ts";
import { COLOURS, css, mono, sans } from "../../app/theme.ts";
import type { Picture } from "./picture.ts";

const X = 16;
const W = 352;

export interface PanelFocus {
  readonly site: number;
  readonly thread: number;
  readonly choice: number;
  readonly scheduling: boolean;
}

export class SidePanel {
  private readonly scene: Phaser.Scene;
  private readonly stage: StageInfo;
  private objects: Phaser.GameObjects.GameObject[] = [];
  hintsShown = 0;

  constructor(scene: Phaser.Scene, stage: StageInfo) {
    this.scene = scene;
    this.stage = stage;
  }

  render(state: QueueState, p: Picture, focus: PanelFocus, mode: string): void {
    for (const o of this.objects) o.destroy();
    this.objects = [];
    let y = 64;
    const put = (s: string, style: Phaser.Types.GameObjects.Text.TextStyle, gap = 4) => {
      const t = this.scene.add.text(X, y, s, style);
      this.objects.push(t);
      y += t.height + gap;
      return t;
    };
    const head = (s: string) => put(s, mono(11, COLOURS.dim), 2);
    head("GOAL");
    put(this.stage.goal, sans(13, COLOURS.text, W), 12);
    const rules = rulesOf(state);
    const play = mode === "play" && state.phase === "playing";
    if (!focus.scheduling) {
      if (rules.sites.length) {
        head(play ? "ORDERINGS  (↑↓ site · ←→ ordering)" : "ORDERINGS");
        rules.sites.forEach((site, i) => {
          const sel = play && i === focus.site;
          put(`${sel ? "▶" : " "} ${site.label.padEnd(34).slice(0, 34)} ${state.orderings[i]}`, mono(11, sel ? COLOURS.selection : COLOURS.text), 1);
        });
        y += 8;
      }
      const toggles: string[] = [];
      if (rules.template.includes("{{pad}}")) toggles.push(`padding (P): ${state.padded ? "CachePadded — own lines" : "off — head and tail share a line"}`);
      if (rules.taggedTemplate) toggles.push(`tag (T): ${state.tagged ? "on — (tag << 16) | node" : "off — bare pointer"}`);
      for (const t of toggles) put(t, mono(11, COLOURS.text), 2);
      if (toggles.length) y += 6;
      if (play) head(state.mode === "duel" ? "S submits the queue to the breaker" : "C or Enter runs the checker");
      const c = state.lastCheck;
      if (c) {
        const colour = c.verdict === "verified" ? COLOURS.ghost : COLOURS.error;
        put(`${c.verdict === "verified" ? "✓" : "✗"} ${c.summary}`, sans(12, colour, W), 2);
        if (c.counterexample) put(`${c.counterexample.misconception} · ${c.counterexample.actions.length} steps · [ ] scrub`, mono(11, COLOURS.dim), 8);
      }
    } else {
      head(play ? "SCHEDULER · 1-4 thread · ←→ choice · Enter step · N new" : "SCHEDULER");
      const name = p.prog.threads[focus.thread]?.name ?? "?";
      put(`thread ${focus.thread + 1}: ${name}`, mono(12, COLOURS.text), 2);
      if (p.violation) put(`✗ ${p.violation}`, sans(12, COLOURS.error, W), 6);
      else if (!p.candidates.length) put("cannot step now (spinning or finished)", mono(11, COLOURS.dim), 6);
      p.candidates.slice(0, 8).forEach((c) => {
        const sel = c.index === focus.choice;
        put(`${sel ? "▶" : " "} ${c.index}: ${c.text}`.slice(0, 54), mono(11, sel ? COLOURS.selection : COLOURS.text), 1);
      });
      if (p.candidates.length > 8) put(`  … ${p.candidates.length - 8} more`, mono(11, COLOURS.dim), 1);
      y += 8;
    }
    head("LAST STEPS");
    const steps = p.events.slice(-5).map((e) => e.text);
    put(steps.length ? steps.join("\n") : "none yet", sans(11, COLOURS.dim, W), 10);
    const hints = this.stage.hints;
    head(`HINTS (H)  ${this.hintsShown}/${hints.length} shown`);
    if (this.hintsShown) put(hints.slice(0, this.hintsShown).map((h, i) => `${i + 1}. ${h}`).join("\n"), sans(12, COLOURS.pointer, W), 10);
    const m = raceFreeQueue.metrics(state);
    head("METRICS");
    const labelW = Math.max(...this.stage.metrics.map((i) => i.label.length));
    const t = put(this.stage.metrics.map((i) => `${i.label.padEnd(labelW)}  ${formatMetric(i, m[i.key], this.stage.tickMs)}`).join("\n"), mono(11, COLOURS.text), 4);
    t.setLineSpacing(2).setColor(css(COLOURS.text));
  }

  revealHint(): boolean {
    if (this.hintsShown >= this.stage.hints.length) return false;
    this.hintsShown++;
    return true;
  }

  destroy(): void {
    for (const o of this.objects) o.destroy();
    this.objects = [];
  }
}
