/**
 * A duel drawn for the replay viewer and spectators of stored duels: the race-free-queue board of the side whose
 * turn it is — the author's editor until the submit, then the breaker's scheduler over the submitted program (the
 * duel scene does the same live). The inner board is rebuilt when the side changes, since one board draws one mode.
 */
import type Phaser from "phaser";
import type { LevelEvent } from "../../../shared/engine/level.ts";
import type { DuelState } from "../../../shared/levels/race-free-queue/duel.ts";
import type { BoardOptions, BoardView } from "../board.ts";
import { createQueueBoard } from "./index.ts";

export function createDuelBoard(scene: Phaser.Scene, options: BoardOptions): BoardView {
  let side: "author" | "breaker" | null = null;
  let inner: BoardView = createQueueBoard(scene, options);
  return {
    render(state: unknown) {
      const duel = state as DuelState;
      const now = duel.breaker ? "breaker" : "author";
      if (side !== null && now !== side) {
        inner.destroy();
        inner = createQueueBoard(scene, options);
      }
      side = now;
      inner.render(duel.breaker ?? duel.author);
    },
    animate: (events: readonly LevelEvent[]) => inner.animate(events),
    cellCenter: (addr) => inner.cellCenter(addr),
    shake: (target) => inner.shake(target),
    key: (event) => inner.key(event),
    revealHint: () => inner.revealHint(),
    destroy: () => inner.destroy(),
  };
}
