/** Metric values as a player reads them, with the unit StageInfo gives. */
import type { MetricInfo } from "../../shared/engine/level.ts";

export function formatMetric(info: MetricInfo, value: number | undefined, tickMs: number): string {
  if (value === undefined) return "–";
  switch (info.unit) {
    case "bytes": return `${value} B`;
    case "ticks": return `${value} ticks (${((value * tickMs) / 1000).toFixed(1)} s)`;
    case "permille": return `${(value / 10).toFixed(1)} %`;
    case "count": return String(value);
  }
}

/** The same, compact, for lists and chart axes: time in seconds only. */
export function formatMetricShort(info: MetricInfo, value: number | undefined, tickMs: number): string {
  if (value === undefined) return "–";
  return info.unit === "ticks" ? `${((value * tickMs) / 1000).toFixed(1)} s` : formatMetric(info, value, tickMs);
}

/** A stored time (ISO text or epoch ms) as the player's local "YYYY-MM-DD HH:MM". */
export function formatWhen(at: string | number): string {
  const d = new Date(at);
  if (Number.isNaN(d.getTime())) return String(at);
  const p = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}`;
}
