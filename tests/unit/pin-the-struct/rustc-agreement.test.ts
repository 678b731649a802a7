/**
 * The game's compiler must give rustc's verdict: the same error codes at the same spans, or "compiles".
 * Always: every row of the recorded table (rustc-table.ts) and every stage's golden programs are checked against
 * the recorded verdicts. When `rustc` is on PATH (it is on CI), each program is also compiled for real
 * (`--emit=metadata` skips code generation), in parallel, and rustc's live verdict must equal the recorded one.
 */
import { describe, expect, it } from "vitest";
import { compile } from "../../../shared/levels/pin-the-struct/compile.ts";
import { lineCol } from "../../../shared/levels/pin-the-struct/diagnostics.ts";
import { GOLDEN_PROGRAMS } from "../../../shared/levels/pin-the-struct/stages.ts";
import { hasRustc, rustcVerdicts } from "./rustc-run.ts";
import { TABLE, UNSUPPORTED, type Row } from "./rustc-table.ts";

function gameVerdict(stage: number, program: string): string[] {
  const c = compile(stage, program);
  if (c.ok) return [];
  return [...new Set(c.diagnostics.map((d) => {
    const { line, col } = lineCol(program, d.span.start);
    return `${d.code}@${line}:${col}`;
  }))].sort();
}

const GOLDEN_ROWS: Row[] = GOLDEN_PROGRAMS.map((g) => [g.stage, g.program, []] as const);
const ALL: Row[] = [...TABLE, ...GOLDEN_ROWS, ...UNSUPPORTED.map((u) => [u[0], u[1], u[2]] as const)];

describe("the game's verdicts equal the recorded rustc verdicts", () => {
  it("the table holds at least 40 programs beyond the goldens, both accepted and rejected, on every stage", () => {
    expect(TABLE.length).toBeGreaterThanOrEqual(40);
    expect(TABLE.filter((r) => r[2].length === 0).length).toBeGreaterThanOrEqual(10);
    expect(new Set(TABLE.flatMap((r) => r[2].map((e) => e.split("@")[0]))).size).toBeGreaterThanOrEqual(15);
    for (let s = 1; s <= 8; s++) expect(TABLE.some((r) => r[0] === s)).toBe(true);
  });
  it.each([...TABLE, ...GOLDEN_ROWS].map((r, i) => [i, r[0], r[1], r[2]] as const))("#%i stage %i: %s", (_i, stage, program, errors) => {
    expect(gameVerdict(stage, program)).toEqual([...errors].sort());
  });
  it.each(UNSUPPORTED.map((u) => [u[1], u[0], u[3]] as const))("known gap, refused as unsupported: %s", (program, stage, reason) => {
    const c = compile(stage, program);
    expect(c.ok).toBe(false);
    expect(!c.ok && c.diagnostics.map((d) => [d.code, d.message])).toEqual([["unsupported", reason]]);
  });
});

describe.skipIf(!hasRustc)("live agreement with the installed rustc", () => {
  it("rustc gives every program the recorded verdict (and so the game's)", async () => {
    const results = await rustcVerdicts(ALL.map((r) => [r[0], r[1]] as const));
    const disagreements = ALL.map((r, i) => ({ stage: r[0], program: r[1], recorded: [...r[2]].sort(), rustc: results[i] }))
      .filter((d) => JSON.stringify(d.recorded) !== JSON.stringify(d.rustc));
    expect(disagreements).toEqual([]);
  }, 60_000);
});
