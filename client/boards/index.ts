/** Board factories by level id (mirrors RULES in shared/levels/index.ts: the built levels and the room-only duel). */
import type { BoardFactory } from "./board.ts";
import { createAllocBoard } from "./allocate-fast/index.ts";
import { createQueueBoard } from "./race-free-queue/index.ts";
import { createPinBoard } from "./pin-the-struct/index.ts";
import { createCpuCoreBoard } from "./cpu-core/index.ts";
import { createBootBoard } from "./boot-kernel/index.ts";
import { createDuelBoard } from "./race-free-queue/duel-board.ts";

export const BOARDS: ReadonlyMap<string, BoardFactory> = new Map([["allocate-fast", createAllocBoard], ["race-free-queue", createQueueBoard], ["pin-the-struct", createPinBoard], ["cpu-core", createCpuCoreBoard], ["boot-kernel", createBootBoard], ["race-free-queue-duel", createDuelBoard]]);
