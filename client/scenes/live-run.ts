/**
 * What the scenes that show a live replica (the play board, the duel) do alike with it: sound a batch of events,
 * read the server's join refusals, and publish the replica for tests.
 */
import type { GameError } from "../../shared/engine/errors.ts";
import type { LevelEvent, SoundCue } from "../../shared/engine/level.ts";
import { runStatus, type Run } from "../../shared/engine/run.ts";
import { publishBoard } from "../app/hooks.ts";
import { play } from "../audio/sounds.ts";

/** Plays each sound of a batch once and returns the batch's last text ("" when none says anything). */
export function soundEvents(events: readonly LevelEvent[]): string {
  const cues = new Set<SoundCue>();
  for (const e of events) if (e.sound) cues.add(e.sound);
  for (const c of cues) play(c);
  return [...events].reverse().find((e) => e.text)?.text ?? "";
}

/** A join refusal's text starts with its code ("E_FORK_ENDED: …"); keep that code so the player sees the real one. */
export function refusal(detail: string): GameError {
  const m = /^(E_[A-Z0-9_]+):\s*(.*)$/s.exec(detail);
  return m ? { code: m[1]!, message: `${m[2]} — Esc to go back.` } : { code: "E_OFFLINE", message: `${detail} — Esc to go back.` };
}

/** window.__bma.board() reads the session's current replica: its tick, hash, phase and log length. */
export function publishReplica(current: () => Run | null | undefined): void {
  publishBoard(() => {
    const r = current();
    return r ? { tick: r.state.tick, hash: r.level.hash(r.state), phase: runStatus(r).phase, log: r.log.length } : null;
  });
}
