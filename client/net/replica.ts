/**
 * The browser's lockstep replica of a run. The server streams sync, then actions and ticks in order; the
 * replica rebuilds from a sync with the shared `simulate`, and applies each action and tick with the shared
 * `act` and `advance`, exactly as the server did. Hashes the server attaches to ticks catch any divergence.
 */
import { fail, ok, type Result } from "../../shared/engine/errors.ts";
import type { AnyLevel, LevelEvent } from "../../shared/engine/level.ts";
import { simulate } from "../../shared/engine/replay.ts";
import { act, advance, type Run } from "../../shared/engine/run.ts";
import { LEVELS } from "../../shared/levels/index.ts";
import type { ServerMessages } from "../../shared/protocol.ts";

export function levelById(id: string): AnyLevel | undefined {
  return LEVELS.get(id);
}

export function replicaFromSync(msg: ServerMessages["sync"]): Result<Run> {
  const level = levelById(msg.level);
  if (!level) return fail("E_UNKNOWN_LEVEL", `This client has no level "${msg.level}".`);
  if (level.version !== msg.levelVersion) {
    return fail("E_LEVEL_VERSION", `The server runs ${msg.level} v${msg.levelVersion}; this page has v${level.version}. Reload the page.`);
  }
  return simulate(level, { stage: msg.stage, seed: msg.seed, actions: msg.log, finalTick: msg.tick });
}

export interface Divergence {
  tick: number;
  /** The replica's hash, which the client reports. */
  hash: string;
  expected: string;
}

export function applyAction(run: Run, msg: ServerMessages["action"]): Result<LevelEvent[]> {
  if (msg.tick !== run.state.tick) {
    return fail("E_DESYNC", `The server applied an action at tick ${msg.tick}; this replica is at tick ${run.state.tick}.`);
  }
  const applied = act(run, msg.action);
  return applied.ok ? ok(applied.value.events) : applied;
}

export function applyTick(run: Run, msg: ServerMessages["tick"]): { events: LevelEvent[]; divergence: Divergence | null } {
  const events = advance(run);
  const hash = run.level.hash(run.state);
  if (run.state.tick !== msg.tick) return { events, divergence: { tick: msg.tick, hash, expected: msg.hash ?? "" } };
  if (msg.hash !== undefined && msg.hash !== hash) return { events, divergence: { tick: msg.tick, hash, expected: msg.hash } };
  return { events, divergence: null };
}
