/**
 * The live leaderboard from the roster: rank, nickname, how the board stands (✓ won, ▶ playing, ✗ lost — a
 * glyph, not only a colour) and the stage's first metric for winners. One monospace text, so columns line up
 * at any size (small on the dashboard, large on the projector).
 */
import type Phaser from "phaser";
import type { MetricInfo } from "../../shared/engine/level.ts";
import { formatMetric } from "../app/format.ts";
import { COLOURS, mono } from "../app/theme.ts";
import { byRank, clock, type ClassSnapshot } from "./roster.ts";

const GLYPH: Record<string, string> = { won: "✓", playing: "▶", lost: "✗" };

export function leaderLines(s: ClassSnapshot, metric: MetricInfo | undefined, max: number, nickWidth = 14): string[] {
  const rows = byRank(s);
  const lines = rows.slice(0, max).map((r) => {
    const nick = r.nickname.length > nickWidth ? r.nickname.slice(0, nickWidth - 1) + "…" : r.nickname.padEnd(nickWidth);
    const what = r.boardPhase === "won" && metric ? formatMetric(metric, r.score, s.tickMs).replace(/ \(.*\)$/, "") : r.boardPhase === "won" ? "" : r.boardPhase;
    const time = r.boardPhase === "won" ? clock((r.ticks * s.tickMs) / 1000) : "";
    return `${String(r.rank || "–").padStart(2)} ${nick} ${GLYPH[r.boardPhase] ?? "·"} ${what.padEnd(9)} ${time}${r.connected ? "" : " (offline)"}`;
  });
  if (rows.length > max) lines.push(`   … and ${rows.length - max} more`);
  if (rows.length === 0) lines.push("   nobody has joined yet");
  return lines;
}

export class LeaderboardPanel {
  private readonly head: Phaser.GameObjects.Text;
  private readonly body: Phaser.GameObjects.Text;
  private readonly max: number;

  constructor(scene: Phaser.Scene, x: number, y: number, size: number, max: number) {
    this.max = max;
    this.head = scene.add.text(x, y, "", mono(Math.max(12, Math.round(size * 0.8)), COLOURS.dim));
    this.body = scene.add.text(x, y + size * 1.6, "", mono(size, COLOURS.text)).setLineSpacing(Math.round(size * 0.35));
  }

  render(s: ClassSnapshot, metric: MetricInfo | undefined): void {
    this.head.setText(`LEADERBOARD${metric ? ` · ${metric.label.toLowerCase()}, ${metric.better} is better · ties by time` : ""}`);
    this.body.setText(leaderLines(s, metric, this.max).join("\n"));
  }

  destroy(): void {
    this.head.destroy();
    this.body.destroy();
  }
}
