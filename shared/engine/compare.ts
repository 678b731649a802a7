/**
 * Comparing runs: histograms of a metric across players, the Pareto front over two metrics, and leaderboard
 * order. Everything is computed from verified replays' metrics (integers), so every viewer sees the same result.
 */
import type { MetricInfo } from "./level.ts";

export interface Histogram {
  readonly min: number;
  readonly max: number;
  /** Width of each bin; bin i holds values in [min + i·width, min + (i+1)·width). The last bin includes max. */
  readonly width: number;
  readonly counts: readonly number[];
}

export function histogram(values: readonly number[], maxBins = 12): Histogram {
  if (values.length === 0) return { min: 0, max: 0, width: 1, counts: [] };
  const min = Math.min(...values);
  const max = Math.max(...values);
  const width = Math.max(1, Math.ceil((max - min + 1) / maxBins));
  const counts = new Array<number>(Math.floor((max - min) / width) + 1).fill(0);
  for (const v of values) counts[Math.floor((v - min) / width)]!++;
  return { min, max, width, counts };
}

type Better = MetricInfo["better"];

/** a is at least as good as b on this metric. */
function asGood(a: number, b: number, better: Better): boolean {
  return better === "lower" ? a <= b : a >= b;
}

/** Whether `a` dominates `b`: at least as good on both metrics and strictly better on one. */
export function dominates(a: readonly [number, number], b: readonly [number, number], better: readonly [Better, Better]): boolean {
  return asGood(a[0], b[0], better[0]) && asGood(a[1], b[1], better[1]) && (a[0] !== b[0] || a[1] !== b[1]);
}

export interface Point<Id> {
  readonly id: Id;
  readonly x: number;
  readonly y: number;
}

/** The points no other point dominates (duplicates of a front point are on the front too), ordered by x. */
export function paretoFront<Id>(points: readonly Point<Id>[], better: readonly [Better, Better]): Point<Id>[] {
  const front = points.filter((p) => !points.some((q) => dominates([q.x, q.y], [p.x, p.y], better)));
  return front.sort((a, b) => (better[0] === "lower" ? a.x - b.x : b.x - a.x) || (better[1] === "lower" ? a.y - b.y : b.y - a.y));
}

/** Leaderboard order on one metric; ties broken by the `tieBreak` metric (time, lower first), then by order given. */
export function rank<T extends { metrics: Readonly<Record<string, number>> }>(rows: readonly T[], metric: MetricInfo, tieBreak = "ticks"): T[] {
  const dir = metric.better === "lower" ? 1 : -1;
  return rows
    .map((row, i) => ({ row, i }))
    .sort((a, b) => dir * ((a.row.metrics[metric.key] ?? 0) - (b.row.metrics[metric.key] ?? 0))
      || (a.row.metrics[tieBreak] ?? 0) - (b.row.metrics[tieBreak] ?? 0) || a.i - b.i)
    .map(({ row }) => row);
}
