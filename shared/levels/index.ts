/**
 * The level catalogue: every level in the product. A new level is a folder under shared/levels and one line here.
 */
import type { AnyLevel, LevelInfo } from "../engine/level.ts";
import { allocateFast } from "./allocate-fast/index.ts";
import { raceFreeQueue } from "./race-free-queue/index.ts";
import { raceFreeQueueDuel } from "./race-free-queue/duel.ts";
import { pinTheStruct } from "./pin-the-struct/index.ts";
import { bootKernel } from "./boot-kernel/index.ts";
import { cpuCore } from "./cpu-core/index.ts";

/** Levels that can be played, by id, in the curriculum's order. */
export const LEVELS: ReadonlyMap<string, AnyLevel> = new Map<string, AnyLevel>(
  [pinTheStruct, allocateFast, raceFreeQueue, cpuCore, bootKernel].map((level) => [level.id, level]),
);

/**
 * Every rule set a room can run, by id: the playable levels plus room-only variants that are no door of their own
 * (the race-free-queue duel). Replicas, workers and replay verification look levels up here.
 */
export const RULES: ReadonlyMap<string, AnyLevel> = new Map<string, AnyLevel>([...LEVELS, [raceFreeQueueDuel.id, raceFreeQueueDuel]]);

/** All five doors in the order the title screen shows them (the curriculum's order). */
export const CATALOGUE: readonly LevelInfo[] = [...LEVELS.values()];
