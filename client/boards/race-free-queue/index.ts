/**
 * The race-free-queue board: the side column (side-panel.ts) and the machine (machine-view.ts) over one
 * QueueState, drawn from a Picture (picture.ts). Programmer stages edit ordering sites, padding and tags and run the
 * checker; a failed check's counterexample can be scrubbed step by step. Scheduler stages (and duels after the
 * submit) step one thread at a time, choosing which message a load reads or where a store goes. The board only
 * proposes actions; the server and the replica decide.
 */
import type Phaser from "phaser";
import type { LevelEvent } from "../../../shared/engine/level.ts";
import { ORDERINGS } from "../../../shared/levels/race-free-queue/ast.ts";
import { rulesOf, type QueueEvent, type QueueState } from "../../../shared/levels/race-free-queue/index.ts";
import { COLOURS } from "../../app/theme.ts";
import type { BoardOptions, BoardView } from "../board.ts";
import { LANES_X, MachineView, MEM_W, MEM_X } from "./machine-view.ts";
import { picture, type Picture } from "./picture.ts";
import { SidePanel } from "./side-panel.ts";

class QueueBoard implements BoardView {
  private readonly scene: Phaser.Scene;
  private readonly options: BoardOptions;
  private readonly machine: MachineView;
  private readonly panel: SidePanel;
  private state: QueueState | null = null;
  private pic: Picture | null = null;
  private site = 0;
  private thread = 0;
  private choice = 0;
  /** Counterexample scrub position (steps shown), or null for the live execution. */
  private scrub: number | null = null;
  private zone: Phaser.GameObjects.Zone;

  constructor(scene: Phaser.Scene, options: BoardOptions) {
    this.scene = scene;
    this.options = options;
    this.machine = new MachineView(scene);
    this.panel = new SidePanel(scene, options.stage);
    // Only the machine area takes clicks, so the scene's own buttons stay reachable.
    this.zone = scene.add.zone(LANES_X, 44, MEM_X + MEM_W - LANES_X, 640).setOrigin(0, 0).setInteractive();
    this.zone.on("pointerdown", (p: Phaser.Input.Pointer) => this.click(p.worldX, p.worldY));
  }

  private scheduling(): boolean {
    const s = this.state;
    return !!s && (s.mode === "scheduler" || (s.mode === "duel" && s.submitted));
  }

  render(raw: unknown): void {
    const state = raw as QueueState;
    const sourceChanged = this.state?.source !== state.source || this.state?.lastCheck !== state.lastCheck;
    this.state = state;
    if (sourceChanged && state.lastCheck?.counterexample) this.scrub = state.lastCheck.counterexample.actions.length;
    else if (!state.lastCheck?.counterexample) this.scrub = null;
    this.draw();
  }

  private draw(): void {
    const state = this.state;
    if (!state) return;
    const sched = this.scheduling();
    this.pic = picture(state, sched ? null : this.scrub, sched ? this.thread : -1);
    if (this.choice >= this.pic.candidates.length) this.choice = 0;
    const highlight = new Set<string>();
    const c = this.pic.candidates[this.choice];
    if (c && c.loc >= 0) highlight.add(`${c.loc}:${c.msg}`);
    this.machine.render(this.pic, sched ? this.thread : -1, highlight);
    this.panel.render(state, this.pic, { site: this.site, thread: this.thread, choice: this.choice, scheduling: sched }, this.options.mode);
  }

  private act(action: unknown, target: unknown = null): void {
    if (this.options.mode !== "play" || !this.options.onAction || this.state?.phase !== "playing") return;
    this.options.onAction(action, target);
  }

  private click(x: number, y: number): void {
    const hit = this.machine.hitAt(x, y);
    if (!hit || !this.scheduling()) return;
    if (hit.kind === "lane") {
      this.thread = hit.tid;
      this.choice = 0;
      this.draw();
      return;
    }
    const c = this.pic?.candidates.find((k) => k.loc === hit.loc && k.msg === hit.msg);
    if (c) this.act({ type: "step", thread: this.thread, choice: c.index }, { thread: this.thread });
  }

  key(e: KeyboardEvent): boolean {
    const state = this.state;
    if (!state) return false;
    const k = e.key;
    if (!this.scheduling()) {
      const rules = rulesOf(state);
      const site = rules.sites[this.site];
      switch (k) {
        case "ArrowUp": this.site = Math.max(0, this.site - 1); this.draw(); return true;
        case "ArrowDown": this.site = Math.min(Math.max(0, rules.sites.length - 1), this.site + 1); this.draw(); return true;
        case "ArrowLeft": case "ArrowRight": {
          if (!site) return false;
          const allowed = site.allowed.length ? site.allowed : ORDERINGS;
          const i = allowed.indexOf(state.orderings[this.site]!);
          const next = allowed[(i + (k === "ArrowRight" ? 1 : allowed.length - 1)) % allowed.length]!;
          this.act({ type: "order", site: this.site, ordering: next }, { site: this.site });
          return true;
        }
        case "p": case "P": this.act({ type: "pad", padded: !state.padded }); return true;
        case "t": case "T": this.act({ type: "tag", tagged: !state.tagged }); return true;
        case "c": case "C": case "Enter": this.act({ type: "check" }); return true;
        case "s": case "S": this.act({ type: "submit" }); return true;
        case "[": case "]": {
          const cx = state.lastCheck?.counterexample;
          if (!cx) return false;
          const at = this.scrub ?? cx.actions.length;
          this.scrub = Math.max(0, Math.min(cx.actions.length, at + (k === "]" ? 1 : -1)));
          this.draw();
          return true;
        }
        default: return false;
      }
    }
    if (k >= "1" && k <= "4") {
      this.thread = Math.min(Number(k) - 1, (this.pic?.lanes.length ?? 1) - 1);
      this.choice = 0;
      this.draw();
      return true;
    }
    switch (k) {
      case "Tab": this.thread = (this.thread + 1) % (this.pic?.lanes.length ?? 1); this.choice = 0; this.draw(); return true;
      case "ArrowLeft": case "ArrowUp": this.choice = Math.max(0, this.choice - 1); this.draw(); return true;
      case "ArrowRight": case "ArrowDown": this.choice = Math.min(Math.max(0, (this.pic?.candidates.length ?? 1) - 1), this.choice + 1); this.draw(); return true;
      case "Enter": case " ": this.act({ type: "step", thread: this.thread, choice: this.choice }, { thread: this.thread }); return true;
      case "n": case "N": this.act({ type: "restart" }); return true;
      default: return false;
    }
  }

  animate(events: readonly LevelEvent[]): void {
    for (const raw of events) {
      const e = raw as QueueEvent;
      if (e.kind === "stepped") this.machine.flashLane(e.thread);
      if (e.kind === "violation") this.machine.flashLane(this.thread, COLOURS.error);
    }
  }

  shake(target: unknown): void {
    const t = target as { thread?: number } | null;
    if (t && typeof t.thread === "number") this.machine.flashLane(t.thread, COLOURS.error);
  }

  cellCenter(): null {
    return null;
  }

  revealHint(): boolean {
    const more = this.panel.revealHint();
    this.draw();
    return more;
  }

  destroy(): void {
    this.machine.destroy();
    this.panel.destroy();
    this.zone.destroy();
  }
}

export function createQueueBoard(scene: Phaser.Scene, options: BoardOptions): BoardView {
  return new QueueBoard(scene, options);
}
