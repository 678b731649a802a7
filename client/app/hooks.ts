/**
 * window.__bma: the end-to-end test's view into the client. Scenes publish probes here as they start and
 * withdraw them when they stop; everything returned is in page (viewport CSS pixel) coordinates.
 */
import type Phaser from "phaser";
import type { GameError } from "../../shared/engine/errors.ts";
import { toPage, worldTarget, type Point } from "./targets.ts";

export interface BoardProbe {
  tick: number;
  hash: string;
  phase: string;
  log: number;
}

export interface ReplayProbe {
  tick: number;
  finalTick: number;
  hash: string;
  finalHash: string;
  playing: boolean;
}

export interface BmaHooks {
  scene(): string;
  locate(name: string): Point | null;
  cellCenter(addr: number): Point | null;
  board(): BoardProbe | null;
  replay(): ReplayProbe | null;
  lastError(): GameError | null;
}

const probes: {
  cell: ((addr: number) => Point | null) | null;
  board: (() => BoardProbe | null) | null;
  replay: (() => ReplayProbe | null) | null;
  error: GameError | null;
} = { cell: null, board: null, replay: null, error: null };

export function publishCells(f: ((addr: number) => Point | null) | null): void {
  probes.cell = f;
}

export function publishBoard(f: (() => BoardProbe | null) | null): void {
  probes.board = f;
}

export function publishReplay(f: (() => ReplayProbe | null) | null): void {
  probes.replay = f;
}

export function noteError(e: GameError | null): void {
  probes.error = e ? { code: e.code, message: e.message } : null;
}

export function installHooks(game: Phaser.Game): void {
  const hooks: BmaHooks = {
    scene: () => game.scene.getScenes(true)[0]?.sys.settings.key ?? "",
    locate: (name) => toPage(worldTarget(name)),
    cellCenter: (addr) => toPage(probes.cell?.(addr) ?? null),
    board: () => probes.board?.() ?? null,
    replay: () => probes.replay?.() ?? null,
    lastError: () => probes.error,
  };
  (window as unknown as { __bma: BmaHooks }).__bma = hooks;
}
