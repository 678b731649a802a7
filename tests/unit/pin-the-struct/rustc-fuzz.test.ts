/**
 * Differential fuzz against the installed rustc: seeded random programs of 3–6 statements over stage 1's API
 * (constructors, pin!, Box::pin, Pin::new/new_unchecked/into_inner/as_mut/get_mut, moves, borrows, mem::swap and
 * replace, field writes, println!), many of them deliberately wrong. The game must give rustc's error codes on at
 * least 90% of those it does not refuse as unsupported. Observed with the seeds below: 95%; the remainder are
 * error cascades after an unresolved name, where rustc keeps reporting some follow-on errors the game suppresses.
 * The disagreements are printed so a regression is easy to see.
 */
import { describe, expect, it } from "vitest";
import { compile } from "../../../shared/levels/pin-the-struct/compile.ts";
import { hasRustc, rustcVerdicts } from "./rustc-run.ts";

export function randomProgram(next: (n: number) => number): string {
  const pick = <T,>(xs: readonly T[]) => xs[next(xs.length)]!;
  const vars: string[] = [];
  const out: string[] = [];
  const n = 3 + next(4);
  for (let i = 0; i < n; i++) {
    const v = "abcdef"[i]!;
    const u = vars.length ? pick(vars) : "a";
    const w = vars.length ? pick(vars) : "a";
    const m = next(2) ? "mut " : "";
    const s = pick([
      `let ${m}${v} = SelfRef::new("x");`, `let ${m}${v} = Box::pin(SelfRef::new("x"));`, `let ${m}${v} = pin!(SelfRef::new("x"));`,
      `let ${m}${v} = ${u};`, `let ${m}${v} = &${u};`, `let ${m}${v} = &mut ${u};`, `${u}.as_mut().init();`, `${u}.init();`,
      `let ${v} = ${u}.value();`, `let ${v} = ${u}.data.len();`, `${u}.data.push_str("y");`, `mem::swap(&mut ${u}, &mut ${w});`,
      `let ${m}${v} = Pin::new(&mut ${u});`, `let ${m}${v} = unsafe { ${u}.as_mut().get_unchecked_mut() };`,
      `let ${m}${v} = unsafe { Pin::new_unchecked(&mut ${u}) };`, `drop(${u});`, `let ${v} = Pin::into_inner(${u});`, `let ${v} = *${u};`,
      `${u}.data = String::new();`, `println!("{}", ${u}.data);`, `let ${m}${v} = ${u}.as_mut();`, `let ${v} = ${u}.as_ref();`,
      `let ${v} = &mut *${u};`, `let ${v} = &${u}.data;`, `let ${m}${v} = String::from("s");`, `let ${v} = ${u}.len();`,
      `let ${v} = mem::replace(&mut ${u}, SelfRef::new("r"));`, `let ${v} = ${u}.get_mut();`, `${u}.push_str("q");`,
    ] as const);
    if (s.startsWith("let")) vars.push(v);
    out.push(s);
  }
  return out.join("\n");
}

function generator(seed: number): (n: number) => number {
  let x = seed >>> 0;
  return (n) => {
    x = (Math.imul(x ^ (x >>> 15), 2246822507) + 0x9e3779b9) >>> 0;
    return x % n;
  };
}

const codes = (xs: readonly string[]) => [...new Set(xs.map((x) => x.split("@")[0]!))].sort().join(",");

describe.skipIf(!hasRustc)("differential fuzz against rustc (seeds 11 and 12)", () => {
  it("agrees with rustc's error codes on at least 90% of random programs", async () => {
    const programs: string[] = [];
    for (const seed of [11, 12]) {
      const next = generator(seed);
      for (let i = 0; i < 90; i++) programs.push(randomProgram(next));
    }
    const judged = programs.map((p) => ({ p, c: compile(1, p) })).filter(({ c }) => c.ok || c.diagnostics[0]!.code !== "unsupported");
    const rustc = await rustcVerdicts(judged.map(({ p }) => [1, p] as const));
    const diffs = judged.map(({ p, c }, i) => ({ program: p, game: c.ok ? "" : codes(c.diagnostics.map((d) => d.code)), rustc: codes(rustc[i]!) }))
      .filter((d) => d.game !== d.rustc);
    if (diffs.length) console.log(`rustc disagreements (${diffs.length} of ${judged.length}):\n` + diffs.map((d) => `rustc [${d.rustc}] game [${d.game}]\n${d.program}`).join("\n\n"));
    expect(judged.length).toBeGreaterThan(160);
    expect(diffs.length / judged.length).toBeLessThanOrEqual(0.1);
    // ~180 rustc runs take ~20 s alone; the whole suite shares 2 cores with it, so the limit leaves room.
  }, 240_000);
});
