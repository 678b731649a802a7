/**
 * The HTTP API (same origin, under /api). Every call resolves to a Result: a 4xx body `{code, message}` or a
 * network failure becomes a GameError the screen can show in one line.
 */
import { gameError, isGameError, type GameError, type Result } from "../../shared/engine/errors.ts";
import type { Phase } from "../../shared/engine/level.ts";
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
  replay: Replay;
}

export function fetchReplay(id: string): Promise<Result<StoredReplay>> {
  return call(`/api/replays/${encodeURIComponent(id)}`);
}

export interface ReplaySummary {
  id: string;
  nickname: string;
  phase: Phase;
  metrics: Record<string, number>;
  createdAt: string | number;
}

export function listReplays(level: string, stage: number): Promise<Result<{ replays: ReplaySummary[] }>> {
  return call(`/api/replays?level=${encodeURIComponent(level)}&stage=${stage}`);
}
