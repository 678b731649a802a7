/**
 * Local progress: which stages this browser has cleared and the best metrics seen per stage ("bma.progress").
 * Best is judged per metric by its `better` direction, so each metric keeps its own record.
 */
import type { MetricInfo } from "../../shared/engine/level.ts";

const STORE = "bma.progress";

export interface StageProgress {
  won: boolean;
  best: Record<string, number>;
}

type Progress = Record<string, Record<string, StageProgress>>;

function load(): Progress {
  try {
    const raw = JSON.parse(localStorage.getItem(STORE) ?? "{}") as unknown;
    return raw && typeof raw === "object" ? (raw as Progress) : {};
  } catch {
    return {};
  }
}

export function stageProgress(level: string, stage: number): StageProgress | null {
  return load()[level]?.[String(stage)] ?? null;
}

export function stagesWon(level: string): number {
  return Object.values(load()[level] ?? {}).filter((s) => s.won).length;
}

/** Records a won run; metrics only count from wins, since a loss's numbers are not comparable. */
export function recordWin(level: string, stage: number, metrics: Record<string, number>, infos: readonly MetricInfo[]): void {
  const all = load();
  const lv = (all[level] ??= {});
  const prev = lv[String(stage)] ?? { won: false, best: {} };
  const best = { ...prev.best };
  for (const m of infos) {
    const v = metrics[m.key];
    if (v === undefined) continue;
    const old = best[m.key];
    if (old === undefined || (m.better === "lower" ? v < old : v > old)) best[m.key] = v;
  }
  lv[String(stage)] = { won: true, best };
  try { localStorage.setItem(STORE, JSON.stringify(all)); } catch { /* progress lives for the session */ }
}
