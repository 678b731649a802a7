import { describe, expect, it } from "vitest";
import { dominates, histogram, paretoFront, rank } from "../../shared/engine/compare.ts";

describe("comparison", () => {
  it("histogram bins cover every value exactly once", () => {
    const h = histogram([10, 10, 11, 48, 48, 60, 100], 5);
    expect(h.min).toBe(10);
    expect(h.max).toBe(100);
    expect(h.counts.reduce((a, b) => a + b, 0)).toBe(7);
    expect(h.counts[0]).toBe(3);
    expect(h.counts[h.counts.length - 1]).toBeGreaterThanOrEqual(1);
    expect(histogram([]).counts).toEqual([]);
    expect(histogram([5, 5, 5]).counts).toEqual([3]);
  });
  it("dominance respects each metric's direction", () => {
    expect(dominates([1, 900], [2, 800], ["lower", "higher"])).toBe(true);
    expect(dominates([1, 800], [2, 900], ["lower", "higher"])).toBe(false);
    expect(dominates([1, 1], [1, 1], ["lower", "lower"])).toBe(false);
  });
  it("the Pareto front keeps exactly the undominated trade-offs", () => {
    // footprint (lower better) vs utilisation (higher better)
    const pts = [
      { id: "a", x: 1520, y: 978 }, { id: "b", x: 1400, y: 950 }, { id: "c", x: 1600, y: 990 },
      { id: "d", x: 1700, y: 900 }, { id: "e", x: 1400, y: 940 },
    ];
    expect(paretoFront(pts, ["lower", "higher"]).map((p) => p.id)).toEqual(["b", "a", "c"]);
  });
  it("leaderboard order follows the metric, then time", () => {
    const rows = [
      { n: "slow", metrics: { padding: 10, ticks: 300 } },
      { n: "fast", metrics: { padding: 10, ticks: 100 } },
      { n: "waste", metrics: { padding: 30, ticks: 50 } },
    ];
    expect(rank(rows, { key: "padding", label: "", unit: "bytes", better: "lower" }).map((r) => r.n)).toEqual(["fast", "slow", "waste"]);
  });
});
