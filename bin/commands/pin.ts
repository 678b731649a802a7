/**
 * bma pin check <file.rs> --stage <id> — the pin-the-struct verdict on a program (the body of `fn main()`, or a
 * whole `fn main() { … }`), as JSON: rustc's error codes with spans and rendered messages, or, when it compiles,
 * the run on the memory machine (undefined behaviour, or the final memory and whether the stage goal is met).
 * Exit codes: 0 compiles and runs without UB, 1 a compile error, UB or panic, 2 usage or input error.
 */
import { readFileSync } from "node:fs";
import { stageEnv } from "../../shared/levels/pin-the-struct/compile.ts";
import { goalGap } from "../../shared/levels/pin-the-struct/goals.ts";
import { hex, newRun, stepRun } from "../../shared/levels/pin-the-struct/interpreter.ts";
import { compiled, showDiagnostics } from "../../shared/levels/pin-the-struct/machine.ts";
import { STAGE_GOALS, STAGES } from "../../shared/levels/pin-the-struct/stages.ts";
import { show } from "../../shared/levels/pin-the-struct/types.ts";
import { fail, print, type Command } from "./io.ts";

export const usage = "bma pin check <file.rs> --stage <id>";

/** Largest file read (bytes): the level itself accepts far less and says so. */
const MAX_FILE = 1 << 20;

export const run: Command = (args) => {
  const [sub, file, flag, stageText] = args;
  if (sub !== "check" || !file || flag !== "--stage" || !stageText) fail("E_USAGE", `usage: ${usage}`);
  const stage = Number(stageText);
  if (!Number.isInteger(stage) || !STAGES.some((s) => s.id === stage)) fail("E_USAGE", `--stage must be one of ${STAGES.map((s) => s.id).join(", ")}`);
  let text: string;
  try {
    text = readFileSync(file, "utf8").slice(0, MAX_FILE);
  } catch (e) {
    fail("E_READ", `Cannot read ${file}: ${(e as Error).message}`);
  }
  const whole = /^\s*fn\s+main\s*\(\s*\)\s*\{([\s\S]*)\}\s*$/.exec(text);
  const program = whole ? whole[1]! : text;
  const c = compiled(stage, program);
  if (!c.ok) {
    print({ file, stage, compiles: false, errors: showDiagnostics(program, c) });
    return 1;
  }
  const st = newRun();
  while (stepRun(stageEnv(stage), st, c.block, c.check.calls, c.check.letTypes)) { /* to the end of main */ }
  const gap = st.ub || st.panic ? "" : goalGap(STAGE_GOALS[stage - 1]!, st);
  print({
    file, stage, compiles: true,
    run: {
      outcome: st.ub ? "undefined behaviour" : st.panic ? "panic" : "finished",
      ...(st.ub ? { ub: st.ub.text, statement: st.ub.stmt + 1 } : {}),
      ...(st.panic ? { panic: st.panic } : {}),
      goalMet: !st.ub && !st.panic && gap === "",
      ...(gap ? { goalMissing: gap } : {}),
      output: st.trace.filter((e) => e.kind === "print").map((e) => e.text),
      metrics: { unsafeBlocks: c.check.unsafeBlocks, heapAllocations: st.mem.heapAllocations, statements: c.check.statements },
      memory: st.mem.allocs.map((a) => ({
        addr: hex(a.addr), size: a.size, region: a.region, label: a.label, type: show(a.ty),
        state: a.live ? "live" : a.death, ...(a.pinned.length ? { pinned: true } : {}), ...(a.movedTo ? { movedTo: hex(a.movedTo) } : {}),
      })),
      trace: st.trace.map((e) => `${e.stmt < 0 ? "end" : `#${e.stmt + 1}`} ${e.kind}: ${e.text}`),
    },
  });
  return st.ub || st.panic ? 1 : 0;
};
