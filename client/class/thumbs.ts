/**
 * Thumbnail drawers by level id, for the host's grid of boards (a board's full view is too large to repeat
 * forty times). A level without one shows only its status line.
 */
import type Phaser from "phaser";
import type { Rect } from "../boards/allocate-fast/layout.ts";
import { drawAllocThumb } from "../boards/allocate-fast/thumb.ts";
import { drawCpuThumb } from "../boards/cpu-core/thumb.ts";
import { drawBootThumb } from "../boards/boot-kernel/thumb.ts";

export type ThumbDrawer = (g: Phaser.GameObjects.Graphics, state: unknown, area: Rect) => void;

export const THUMBS: ReadonlyMap<string, ThumbDrawer> = new Map([["allocate-fast", drawAllocThumb], ["cpu-core", drawCpuThumb], ["boot-kernel", drawBootThumb]]);
