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
