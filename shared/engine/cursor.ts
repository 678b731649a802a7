/**
 * A seekable position in a replay. Moving forward mirrors `simulate` in shared/engine/replay.ts exactly
 * (advance the clock, then apply the actions stamped with the new tick); seeking restores the nearest earlier
 * snapshot (a structuredClone of the plain-data state, taken every `every` ticks on load) and steps from there,
 * so any position costs at most `every` ticks of work.
 */
import { fail, ok, type Result } from "./errors.ts";
import type { AnyLevel, LevelEvent, TickedState } from "./level.ts";
import type { Replay } from "./replay.ts";
import { act, advance, runStatus, startRun, type Run } from "./run.ts";

interface Snapshot {
  tick: number;
  state: TickedState;
  /** Index of the first action not yet applied. */
  next: number;
}

export class ReplayCursor {
  readonly level: AnyLevel;
  readonly replay: Replay;
  /** The tick re-simulation actually ends at (the replay's claim, unless the run ended earlier). */
  finalTick = 0;
  finalHashActual = "";
  run: Run;
  private next = 0;
  private readonly snapshots: Snapshot[] = [];
  private readonly every: number;

  private constructor(level: AnyLevel, replay: Replay, every: number) {
    this.level = level;
    this.replay = replay;
    this.every = every;
    this.run = startRun(level, replay.stage, replay.seed);
  }

  /** Walks the whole replay once, taking snapshots; fails if any action is rejected on re-simulation. */
  static load(level: AnyLevel, replay: Replay, every = 50): Result<ReplayCursor> {
    const c = new ReplayCursor(level, replay, every);
    const first = c.applyDue();
    if (!first.ok) return first;
    c.snap();
    while (c.run.state.tick < replay.finalTick && runStatus(c.run).phase === "playing") {
      const stepped = c.forwardChecked();
      if (!stepped.ok) return stepped;
      if (c.run.state.tick % every === 0) c.snap();
    }
    if (c.next < replay.actions.length) {
      return fail("E_REPLAY_TRAILING", `The run ended at tick ${c.run.state.tick} but ${replay.actions.length - c.next} actions remain.`);
    }
    c.finalTick = c.run.state.tick;
    c.finalHashActual = level.hash(c.run.state);
    c.seek(0);
    return ok(c);
  }

  get tick(): number {
    return this.run.state.tick;
  }

  get atEnd(): boolean {
    return this.tick >= this.finalTick;
  }

  private snap(): void {
    this.snapshots.push({ tick: this.run.state.tick, state: structuredClone(this.run.state), next: this.next });
  }

  /** Applies the actions stamped with the current tick. */
  private applyDue(): Result<LevelEvent[]> {
    const events: LevelEvent[] = [];
    const actions = this.replay.actions;
    while (this.next < actions.length && actions[this.next]!.tick === this.run.state.tick) {
      const applied = act(this.run, actions[this.next]!.action);
      if (!applied.ok) {
        return fail("E_REPLAY_REJECTED", `Action ${this.next} at tick ${this.run.state.tick} was rejected on re-simulation: ${applied.error.message}`);
      }
      events.push(...applied.value.events);
      this.next++;
    }
    if (this.next < actions.length && actions[this.next]!.tick < this.run.state.tick) {
      return fail("E_REPLAY_ORDER", `Action ${this.next} is stamped with tick ${actions[this.next]!.tick}, earlier than the action before it.`);
    }
    return ok(events);
  }

  private forwardChecked(): Result<LevelEvent[]> {
    const events = advance(this.run);
    const due = this.applyDue();
    return due.ok ? ok([...events, ...due.value]) : due;
  }

  /** One tick forward; returns its events (empty at the end). */
  forward(): LevelEvent[] {
    if (this.atEnd || runStatus(this.run).phase !== "playing") return [];
    const r = this.forwardChecked();
    return r.ok ? r.value : [];
  }

  /** One tick back. Exact: the state is re-simulated from the nearest earlier snapshot, never undone by hand. */
  back(): void {
    this.seek(this.tick - 1);
  }

  seek(tick: number): void {
    const target = Math.max(0, Math.min(this.finalTick, Math.round(tick)));
    let snap = this.snapshots[0]!;
    for (const s of this.snapshots) if (s.tick <= target) snap = s;
    this.run = { level: this.level, stage: this.replay.stage, seed: this.replay.seed, state: structuredClone(snap.state), log: this.replay.actions.slice(0, snap.next) };
    this.next = snap.next;
    while (this.tick < target && !this.atEnd && runStatus(this.run).phase === "playing") this.forward();
  }

  /** Ticks at which actions were applied: markers on the timeline. */
  actionTicks(): number[] {
    return [...new Set(this.replay.actions.map((a) => a.tick))];
  }
}
