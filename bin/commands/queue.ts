/**
 * bma queue — the race-free-queue checker and litmus suite from the command line.
 *   bma queue check <program-file> [--preemptions N] [--loop-bound N] [--max-executions N]
 *     prints the verdict as JSON; exit 0 verified, 1 counterexample or budget, 2 usage or compile error.
 *   bma queue litmus
 *     prints every litmus test's RC11 verdict and whether the machine agrees; exit 1 if any disagrees.
 */
import { readFileSync } from "node:fs";
import { check } from "../../shared/levels/race-free-queue/checker.ts";
import { compileSource } from "../../shared/levels/race-free-queue/compile.ts";
import { LITMUS, runLitmus } from "../../shared/levels/race-free-queue/litmus.ts";
import { fail, print, type Command } from "./io.ts";

export const usage = "bma queue check <program-file> [--preemptions N] [--loop-bound N] [--max-executions N] | bma queue litmus";

function intFlag(args: string[], name: string): number | undefined {
  const i = args.indexOf(name);
  if (i < 0) return undefined;
  const raw = args[i + 1];
  if (raw === "inf" || raw === "Infinity") return Infinity;
  const v = Number(raw);
  if (!Number.isInteger(v) || v < 0) fail("E_USAGE", `${name} needs a non-negative integer (or "inf")`);
  args.splice(i, 2);
  return v;
}

export const run: Command = (argv) => {
  const args = argv.slice();
  const sub = args.shift();
  if (sub === "litmus") {
    const results = LITMUS.map((t) => {
      const c = compileSource(t.program);
      if (!c.ok) return { name: t.name, error: c.error.message };
      const r = runLitmus(t, c.program);
      return { name: t.name, about: t.about, outcome: t.outcome, rc11: t.rc11, reachable: r.reachable, agrees: r.agrees, executions: r.executions, ...(t.note ? { note: t.note } : {}) };
    });
    const agree = results.filter((r) => "agrees" in r && r.agrees).length;
    print({ tests: results.length, agreeWithRc11: agree, results });
    return agree === results.length ? 0 : 1;
  }
  if (sub !== "check") fail("E_USAGE", `usage: ${usage}`);
  const preemptions = intFlag(args, "--preemptions");
  const loopBound = intFlag(args, "--loop-bound");
  const maxExecutions = intFlag(args, "--max-executions");
  const file = args[0];
  if (!file || args.length !== 1) fail("E_USAGE", `usage: ${usage}`);
  let source: string;
  try {
    source = readFileSync(file, "utf8");
  } catch (e) {
    fail("E_READ", `Cannot read ${file}: ${(e as Error).message}`);
  }
  const compiled = compileSource(source);
  if (!compiled.ok) {
    const { code, message, span } = compiled.error;
    print({ error: { code, message: `${file}:${span.line}:${span.col}: ${message}`, line: span.line, col: span.col } });
    return 2;
  }
  const started = performance.now();
  const result = check(compiled.program, {
    preemptions: preemptions ?? 2,
    ...(loopBound !== undefined ? { loopBound } : {}),
    ...(maxExecutions !== undefined ? { maxExecutions } : {}),
  });
  print({ file, preemptions: preemptions ?? 2, seconds: Number(((performance.now() - started) / 1000).toFixed(3)), ...result });
  return result.verdict === "verified" ? 0 : 1;
};
