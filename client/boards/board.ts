/**
 * What a scene needs from a level's board: draw a state, animate the events that produced it, say where a
 * memory cell is, and shake what a rejection points at. Boards never change state; scenes feed them.
 */
import type Phaser from "phaser";
import type { LevelEvent, StageInfo } from "../../shared/engine/level.ts";
import type { Point } from "../app/targets.ts";
import type { KeyHelp } from "../ui/help.ts";

export interface BoardOptions {
  readonly stage: StageInfo;
  /** Called when the player asks for an action (click, Enter); absent for spectators and replays. */
  readonly onAction?: (action: unknown, target: unknown) => void;
  /** Shown in the board's corner instead of the controls hint, e.g. "spectating" or "replay". */
  readonly mode: "play" | "spectate" | "replay";
}

export interface BoardView {
  /** Redraws everything from `state` (cheap enough to call on every change, never per frame). */
  render(state: unknown): void;
  /** Short animations for events already reflected in the last render. */
  animate(events: readonly LevelEvent[]): void;
  /** World coordinates of a memory cell's centre, or null when it is not on the board. */
  cellCenter(addr: number): Point | null;
  /** Shakes whatever a rejected action targeted. */
  shake(target: unknown): void;
  /** Handles a key the scene did not; returns true if used. */
  key(event: KeyboardEvent): boolean;
  /** Reveals the next hint; returns false when all are shown. */
  revealHint(): boolean;
  /** The board's own keys for the `?` list (the scene lists its defaults when absent). */
  keys?(): KeyHelp;
  destroy(): void;
}

export type BoardFactory = (scene: Phaser.Scene, options: BoardOptions) => BoardView;
