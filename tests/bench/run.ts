/**
 * `npm run bench`: runs every tests/bench/*.bench.ts in its own process, one after another (so they do not
 * compete for the two cores), and prints one JSON object keyed by file. `npm run bench -- NAME` runs one.
 * Each bench prints its figures as a JSON object on its last stdout line.
 */
import { spawnSync } from "node:child_process";
import { readdirSync } from "node:fs";
import { join } from "node:path";

const dir = import.meta.dirname;
const only = process.argv[2];
const files = readdirSync(dir).filter((f) => f.endsWith(".bench.ts") && (!only || f.startsWith(only))).sort();
const results: Record<string, unknown> = {};
let failed = false;
for (const file of files) {
  const name = file.slice(0, -".bench.ts".length);
  process.stderr.write(`bench: ${name}…\n`);
  const r = spawnSync(process.execPath, [join(dir, file)], { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"], timeout: 600_000 });
  const out = r.stdout.trim();
  try {
    results[name] = JSON.parse(out.slice(out.lastIndexOf("\n{") + 1));
  } catch {
    results[name] = { error: `exit ${r.status}`, output: out.slice(-2000) };
    failed = true;
  }
}
console.log(JSON.stringify(results, null, 2));
process.exit(failed ? 1 : 0);
