/**
 * The HTTP API (same origin, under /api). Every call resolves to a Result: a 4xx body `{code, message}` or a
 * network failure becomes a GameError the screen can show in one line. The player's token travels in the
 * x-bma-token header, never in a URL.
 */
import { gameError, isGameError, type GameError, type Result } from "../../shared/engine/errors.ts";
import type { Histogram } from "../../shared/engine/compare.ts";
import type { MetricInfo, Phase } from "../../shared/engine/level.ts";
import type { Replay } from "../../shared/engine/replay.ts";

async function call<T>(path: string, init?: RequestInit): Promise<Result<T>> {
  let res: Response;
  try {
    res = await fetch(path, { ...init, headers: { "content-type": "application/json", ...init?.headers } });
  } catch (e) {
    return { ok: false, error: gameError("E_NETWORK", `The server did not answer ${path}: ${String(e)}.`) };
  }
  let body: unknown = null;
  try { body = await res.json(); } catch { /* not JSON: reported below */ }
  if (!res.ok) {
    const error: GameError = isGameError(body) ? body : gameError(`E_HTTP_${res.status}`, `${path} answered ${res.status} ${res.statusText}.`);
    return { ok: false, error };
  }
  return { ok: true, value: body as T };
}

export interface PlayerRecord {
  id: string;
  nickname: string;
  token: string;
}

export function createPlayer(nickname: string): Promise<Result<PlayerRecord>> {
  return call("/api/players", { method: "POST", body: JSON.stringify({ nickname }) });
}

export interface StoredReplay {
  id: string;
  nickname: string;
  createdAt: string | number;
  roomId: string | null;
  source: "played" | "imported";
  replay: Replay;
}

export function fetchReplay(id: string): Promise<Result<StoredReplay>> {
  return call(`/api/replays/${encodeURIComponent(id)}`);
}

/** Where the replay file downloads from (content-disposition: attachment). */
export function replayFileUrl(id: string): string {
  return `/api/replays/${encodeURIComponent(id)}/file`;
}

export interface ReplaySummary {
  id: string;
  level: string;
  stage: number;
  nickname: string;
  roomId: string | null;
  phase: Phase;
  metrics: Record<string, number>;
  createdAt: string | number;
}

export interface ReplayFilter {
  level?: string;
  stage?: number;
  player?: string;
  room?: string;
  phase?: "won" | "lost";
}

function queryString(q: Record<string, string | number | undefined>): string {
  const parts = Object.entries(q).filter(([, v]) => v !== undefined && v !== "").map(([k, v]) => `${k}=${encodeURIComponent(String(v))}`);
  return parts.length ? `?${parts.join("&")}` : "";
}

/** The newest 50 replays matching every filter given. */
export function listReplays(f: ReplayFilter): Promise<Result<{ replays: ReplaySummary[] }>> {
  return call(`/api/replays${queryString({ ...f })}`);
}

/** Uploads a replay file's text; the server stores it only if re-simulation reproduces its final hash. */
export function importReplay(text: string, token: string | null): Promise<Result<{ id: string }>> {
  return call("/api/replays", { method: "POST", body: text, headers: token ? { "x-bma-token": token } : {} });
}

export interface MetricStats extends MetricInfo {
  histogram: Histogram;
}

export interface StageStats {
  count: number;
  x: string;
  y: string;
  metrics: MetricStats[];
  points: { id: string; nickname: string; metrics: Record<string, number> }[];
  front: string[];
}

/** Everyone's verified wins on a stage: histograms, points, and the Pareto front over x and y. */
export function fetchStats(level: string, stage: number, x?: string, y?: string, room?: string): Promise<Result<StageStats>> {
  return call(`/api/stats${queryString({ level, stage, room, x, y })}`);
}

export interface LeaderRow {
  rank: number;
  replayId: string;
  nickname: string;
  metrics: Record<string, number>;
}

export function fetchLeaderboard(level: string, stage: number, metric?: string, room?: string): Promise<Result<{ metric: string; rows: LeaderRow[] }>> {
  return call(`/api/leaderboard${queryString({ level, stage, room, metric })}`);
}

export interface PersonalBest {
  level: string;
  stage: number;
  best: { id: string; nickname: string; metrics: Record<string, number> };
}

/** The player's best verified result per stage (needs the player's token). */
export function fetchMe(token: string): Promise<Result<{ id: string; nickname: string; bests: PersonalBest[] }>> {
  return call("/api/players/me", { headers: { "x-bma-token": token } });
}
