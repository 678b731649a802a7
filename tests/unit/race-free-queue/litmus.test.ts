import { describe, expect, it } from "vitest";
import { compileSource, type Compiled } from "../../../shared/levels/race-free-queue/compile.ts";
import { explore } from "../../../shared/levels/race-free-queue/checker.ts";
import { LITMUS, observe, runLitmus } from "../../../shared/levels/race-free-queue/litmus.ts";

function compiled(src: string): Compiled {
  const r = compileSource(src);
  if (!r.ok) throw new Error(`${r.error.message} at line ${r.error.span.line}`);
  return r.program;
}

function byName(name: string) {
  const t = LITMUS.find((x) => x.name === name);
  if (!t) throw new Error(name);
  return t;
}

describe("litmus suite: the machine reaches exactly RC11's outcomes", () => {
  for (const test of LITMUS) {
    it(`${test.name}: ${test.outcome ? JSON.stringify(test.outcome) : ""} is ${test.rc11} (${test.about})`, () => {
      const r = runLitmus(test, compiled(test.program));
      expect(r.reachable).toBe(test.rc11 === "allowed");
    });
  }
});

describe("litmus suite: three directions", () => {
  it("an allowed weak outcome really is reachable: SB's (0, 0) under Relaxed and under Release/Acquire", () => {
    for (const name of ["SB", "SB+rel+acq"]) {
      const r = runLitmus(byName(name), compiled(byName(name).program));
      expect(r.outcomes).toContain("r1=0 r2=0");
    }
  });
  it("a weakened ordering really is caught: relaxed publish in MP lets the reader see the flag but not the data", () => {
    const strong = runLitmus(byName("MP+rel+acq"), compiled(byName("MP+rel+acq").program));
    const weak = runLitmus(byName("MP+rlx-publish"), compiled(byName("MP+rlx-publish").program));
    expect(strong.outcomes).not.toContain("r1=1 r2=0");
    expect(weak.outcomes).toContain("r1=1 r2=0");
  });
  it("forbidden outcomes are unreachable: SB (0, 0) with SeqCst, and every other outcome still is", () => {
    const r = runLitmus(byName("SB+sc"), compiled(byName("SB+sc").program));
    expect(r.outcomes).toEqual(["r1=0 r2=1", "r1=1 r2=0", "r1=1 r2=1"]);
  });
  it("stores can take an earlier place in modification order: 2+2W's (1, 1) needs it", () => {
    const r = runLitmus(byName("2+2W+rel"), compiled(byName("2+2W+rel").program));
    expect(r.outcomes).toEqual(["X=1 Y=1", "X=1 Y=2", "X=2 Y=1", "X=2 Y=2"]);
  });
  it("LB stays labelled as a known limit rather than deleted", () => {
    const lb = byName("LB");
    expect(lb.rc11).toBe("forbidden");
    expect(lb.note).toMatch(/Known limit/);
    expect(runLitmus(lb, compiled(lb.program)).reachable).toBe(false);
  });
});

describe("partial-order reduction loses no outcome", () => {
  for (const name of ["SB+sc", "IRIW+acq", "2+2W+rel", "S", "release-sequence+rmw", "WRC+rel+acq"]) {
    it(`${name}: the same outcome set with and without sleep sets`, () => {
      const test = byName(name);
      const prog = compiled(test.program);
      const keys = Object.keys(test.outcome);
      const collect = (por: boolean) => {
        const set = new Set<string>();
        explore(prog, { preemptions: Infinity, por }, (l) => {
          if (l.kind === "complete") set.add(keys.map((k) => `${k}=${observe(prog, l.machine, k)}`).join(" "));
        });
        return [...set].sort();
      };
      expect(collect(true)).toEqual(collect(false));
    });
  }
});
