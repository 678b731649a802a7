/**
 * window.__bma: the end-to-end test's view into the client. Scenes publish probes here as they start and
 * withdraw them when they stop; every position returned is in page (viewport CSS pixel) coordinates.
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
  /** Scrubber markers: ticks that applied actions, and ticks of rejected attempts (the replay's notes). */
  markers: { actions: number[]; errors: number[] };
}

/** The result screen's comparison chart: how many verified wins it shows, the Pareto front's replay ids, and the
 * player's point in metric values (x, y), or null when the run is not on the chart (a loss). */
export interface StatsProbe {
  count: number;
  front: string[];
  player: Point | null;
  /** Whose wins the comparison shows: the world, or the class room the run came from. */
  scope: "world" | "room";
}

/**
 * A class room as this browser sees it (role, join code, phase, roster counts, how many boards it receives),
 * plus the student's own rank, and for the host the failure counts and the results by nickname.
 * Class scene keys for scene(): "class-setup" (host picks level and stages), "class-join" (code and nickname),
 * "class-lobby" (host: join code and roster), "class-host" (host dashboard), "class-board" (host: one board
 * full size), "class-student" (waiting room and own board), "class-spectate" (projector view), "class-results",
 * "class-left" (kicked or disconnected). Class targets for locate(): "class:host" and "class:join" (on the title,
 * then the setup's create and the join form's submit), "class:start", "class:pause" (pause/resume), "class:end",
 * "class:thumb:<i>" (the i-th student's thumbnail in join order), "class:project", "class:csv", "class:next".
 */
export interface ClassProbe {
  role: "host" | "student" | "spectator";
  code: string;
  phase: string;
  students: number;
  spectators: number;
  boards: number;
  rank?: number;
  failures?: Record<string, Record<string, number>>;
  results?: { nickname: string; rank: number; phase: string }[];
  /** The results' CSV path (the host's token is needed to read it). */
  csv?: string;
}

/**
 * A duel as this browser sees it: its seat ("" for a spectator), the room id to share, the phase, ticks left on the
 * running clock, and after the verdict the winner, why, and the checker's verdict on the submitted queue.
 * Duel targets for locate(): "duel:create:<stage>", "duel:join" (lobby), "duel:submit", "duel:resign", "duel:back".
 */
export interface DuelProbe {
  seat: string;
  roomId: string;
  phase: string;
  ticksLeft: number;
  winner: string | null;
  reason: string;
  referee: string | null;
  text: string;
}

export interface BmaHooks {
  scene(): string;
  locate(name: string): Point | null;
  cellCenter(addr: number): Point | null;
  board(): BoardProbe | null;
  replay(): ReplayProbe | null;
  stats(): StatsProbe | null;
  lastError(): GameError | null;
  classInfo(): ClassProbe | null;
  duel(): DuelProbe | null;
  /** What the board on screen shows, in its own terms, for boards that publish it (boot-kernel: the VGA text, its
   * attributes, the overlay, serial, fault log, verdict, selection); null otherwise. */
  shown(): unknown;
}

const probes: {
  cell: ((addr: number) => Point | null) | null;
  board: (() => BoardProbe | null) | null;
  replay: (() => ReplayProbe | null) | null;
  stats: (() => StatsProbe | null) | null;
  error: GameError | null;
  klass: (() => ClassProbe | null) | null;
  duel: (() => DuelProbe | null) | null;
  shown: (() => unknown) | null;
} = { shown: null, duel: null, klass: null, cell: null, board: null, replay: null, stats: null, error: null };

export function publishCells(f: ((addr: number) => Point | null) | null): void {
  probes.cell = f;
}

export function publishBoard(f: (() => BoardProbe | null) | null): void {
  probes.board = f;
}

export function publishReplay(f: (() => ReplayProbe | null) | null): void {
  probes.replay = f;
}

export function publishStats(f: (() => StatsProbe | null) | null): void {
  probes.stats = f;
}

export function publishClass(f: (() => ClassProbe | null) | null): void {
  probes.klass = f;
}

export function publishDuel(f: (() => DuelProbe | null) | null): void {
  probes.duel = f;
}

export function publishShown(f: (() => unknown) | null): void {
  probes.shown = f;
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
    stats: () => probes.stats?.() ?? null,
    lastError: () => probes.error,
    classInfo: () => probes.klass?.() ?? null,
    duel: () => probes.duel?.() ?? null,
    shown: () => probes.shown?.() ?? null,
  };
  (window as unknown as { __bma: BmaHooks }).__bma = hooks;
}
