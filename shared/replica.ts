/**
 * The receiving side of the lockstep stream: a replica of a board rebuilt from `sync` and advanced by `action`
 * and `tick` in the order the server sent them. The browser board, spectators and test clients all use this one
 * function, so "the replica equals the server" is one property to test.
 */
import { levelAtVersion, type LevelEvent } from "./engine/level.ts";
import { simulate } from "./engine/replay.ts";
import { act, advance, type Run } from "./engine/run.ts";
import { RULES } from "./levels/index.ts";
import type { ServerMessages } from "./protocol.ts";

export interface Replica {
  run: Run | null;
  /** Ticks at which the replica's hash disagreed with the server's. */
  desyncs: { tick: number; hash: string; expected: string }[];
}

export function newReplica(): Replica {
  return { run: null, desyncs: [] };
}

export type StreamMessage =
  | { type: "sync"; body: ServerMessages["sync"] }
  | { type: "action"; body: ServerMessages["action"] }
  | { type: "tick"; body: ServerMessages["tick"] };

/**
 * Applies one stream message; returns the events the board should animate and, on a hash mismatch, the desync
 * report the client must send back (`desync` message).
 */
export function applyStream(replica: Replica, message: StreamMessage): { events: LevelEvent[]; desync?: { tick: number; hash: string } } {
  if (message.type === "sync") {
    const current = RULES.get(message.body.level);
    const level = current && levelAtVersion(current, message.body.levelVersion);
    if (!level) throw new Error(`sync names ${message.body.level} v${message.body.levelVersion}, which this build does not have`);
    const rebuilt = simulate(level, { stage: message.body.stage, seed: message.body.seed, actions: message.body.log, finalTick: message.body.tick });
    if (!rebuilt.ok) throw new Error(`sync log does not re-simulate: ${rebuilt.error.message}`);
    replica.run = rebuilt.value;
    return { events: [] };
  }
  const run = replica.run;
  if (!run) return { events: [] };
  if (message.type === "action") {
    const applied = act(run, message.body.action);
    if (!applied.ok) {
      const hash = run.level.hash(run.state);
      replica.desyncs.push({ tick: run.state.tick, hash, expected: "action rejected" });
      return { events: [], desync: { tick: run.state.tick, hash } };
    }
    return { events: applied.value.events };
  }
  const events = advance(run);
  const expected = message.body.hash;
  if (expected !== undefined) {
    const hash = run.level.hash(run.state);
    if (run.state.tick !== message.body.tick || hash !== expected) {
      replica.desyncs.push({ tick: message.body.tick, hash, expected });
      return { events, desync: { tick: message.body.tick, hash } };
    }
  }
  return { events };
}
