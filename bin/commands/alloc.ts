/**
 * bma alloc — allocate-fast's allocator designs on traces.
 *   bma alloc run --trace t.rep --allocator a.json   runs the trace through the design; prints the metrics as JSON
 *   bma alloc trace <workload> [--seed N] [--scale N]  writes a seeded workload in the trace format to stdout
 *   bma alloc workloads                               lists the workloads and the preset designs
 * `--allocator` also takes a preset name (arena, malloc, slab, buddy, segregated, threaded). `--trace` also takes
 * `workload:<name>[:seed[:scale]]`. Exit codes: 0 the run served the whole trace, 1 it failed (contract breach,
 * out of memory), 2 usage or input error.
 */
import { readFileSync } from "node:fs";
import { parseDesign, designJson, PRESETS } from "../../shared/levels/allocate-fast/allocators/design.ts";
import { COST_PS } from "../../shared/levels/allocate-fast/cost.ts";
import { runTrace } from "../../shared/levels/allocate-fast/runner.ts";
import { formatTrace, parseTrace, type TraceOp } from "../../shared/levels/allocate-fast/trace.ts";
import { workload, WORKLOADS, type WorkloadName } from "../../shared/levels/allocate-fast/workloads.ts";
import { fail, print, type Command } from "./io.ts";

export const usage = "bma alloc run --trace <t.rep|workload:NAME[:SEED[:SCALE]]> --allocator <a.json|PRESET> | bma alloc trace <workload> [--seed N] [--scale N] | bma alloc workloads";

function flag(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  if (i < 0) return undefined;
  const v = args[i + 1];
  if (v === undefined || v.startsWith("--")) fail("E_USAGE", `${name} needs a value. usage: ${usage}`);
  return v;
}

function count(args: string[], name: string, dflt: number, max: number): number {
  const v = flag(args, name);
  if (v === undefined) return dflt;
  if (!/^\d+$/.test(v) || Number(v) > max) fail("E_USAGE", `${name} must be a whole number up to ${max}.`);
  return Number(v);
}

function read(file: string): string {
  try {
    return readFileSync(file, "utf8");
  } catch (e) {
    return fail("E_READ", `Cannot read ${file}: ${(e as Error).message}`);
  }
}

function isWorkload(name: string): name is WorkloadName {
  return Object.hasOwn(WORKLOADS, name);
}

function loadTrace(arg: string): TraceOp[] {
  const m = /^workload:([a-z0-9-]+)(?::(\d+))?(?::(\d+))?$/.exec(arg);
  if (m) {
    if (!isWorkload(m[1]!)) fail("E_USAGE", `No workload "${m[1]}": one of ${Object.keys(WORKLOADS).join(", ")}.`);
    return workload(m[1] as WorkloadName, Number(m[2] ?? 1), Math.min(100, Number(m[3] ?? 1)));
  }
  const parsed = parseTrace(read(arg));
  if (!parsed.ok) fail(parsed.error.code, `${arg}: ${parsed.error.message}`);
  return parsed.value;
}

function loadDesign(arg: string) {
  let json: unknown;
  if (Object.hasOwn(PRESETS, arg)) json = PRESETS[arg as keyof typeof PRESETS];
  else {
    try {
      json = JSON.parse(read(arg));
    } catch {
      fail("E_BAD_DESIGN", `${arg} is not JSON (nor a preset: ${Object.keys(PRESETS).join(", ")}).`);
    }
  }
  const parsed = parseDesign(json);
  if (!parsed.ok) fail(parsed.error.code, `${arg}: ${parsed.error.message}`);
  return parsed.value;
}

export const run: Command = (args) => {
  const [sub, ...rest] = args;
  if (sub === "workloads") {
    print({
      workloads: Object.fromEntries(Object.entries(WORKLOADS).map(([k, v]) => [k, v.about])),
      presets: PRESETS, costModelPs: COST_PS,
    });
    return 0;
  }
  if (sub === "trace") {
    const name = rest[0];
    if (!name || !isWorkload(name)) return fail("E_USAGE", `usage: bma alloc trace <${Object.keys(WORKLOADS).join("|")}> [--seed N] [--scale N]`);
    const seed = count(rest, "--seed", 1, 0xffffffff);
    const scale = count(rest, "--scale", 1, 100);
    process.stdout.write(formatTrace(workload(name, seed, scale), `${name} (seed ${seed}, scale ${scale}): ${WORKLOADS[name].about}`));
    return 0;
  }
  if (sub !== "run") return fail("E_USAGE", `usage: ${usage}`);
  const traceArg = flag(rest, "--trace");
  const designArg = flag(rest, "--allocator");
  if (!traceArg || !designArg) return fail("E_USAGE", `usage: ${usage}`);
  const ops = loadTrace(traceArg);
  const design = loadDesign(designArg);
  const report = runTrace(design, ops);
  print({
    trace: traceArg, operations: ops.length, allocator: designJson(design), ok: report.ok,
    ...(report.failure ? { failure: report.failure } : {}), metrics: report.metrics, events: report.counts,
  });
  return report.ok ? 0 : 1;
};
