/**
 * bma — the project's command line.
 *   bma replay verify <file>   re-simulate a replay file; prints status, metrics and whether the hash matches (JSON)
 *   bma levels                 list the levels and stages (JSON)
 * Exit codes: 0 success / replay valid, 1 replay invalid, 2 usage or input error.
 */
import { readFileSync } from "node:fs";
import { parseReplay, verifyReplay } from "../shared/engine/replay.ts";
import { CATALOGUE, LEVELS } from "../shared/levels/index.ts";

const USAGE = "usage: bma replay verify <file> | bma levels";

function print(value: unknown): void {
  process.stdout.write(JSON.stringify(value, null, 2) + "\n");
}

function fail(code: string, message: string): never {
  print({ error: { code, message } });
  process.exit(2);
}

function verify(file: string | undefined): never {
  if (!file) fail("E_USAGE", USAGE);
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (e) {
    fail("E_READ", `Cannot read ${file}: ${(e as Error).message}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    fail("E_BAD_REPLAY", `${file} is not JSON.`);
  }
  // A replay file may also be the API's envelope ({ id, replay }).
  const body = typeof json === "object" && json !== null && "replay" in json ? (json as { replay: unknown }).replay : json;
  const parsed = parseReplay(body);
  if (!parsed.ok) fail(parsed.error.code, parsed.error.message);
  const replay = parsed.value;
  const v = verifyReplay(LEVELS, replay);
  print({
    file, level: replay.level, stage: replay.stage, seed: replay.seed, actions: replay.actions.length,
    status: v.phase, metrics: v.metrics, expectedHash: v.expectedHash, actualHash: v.actualHash,
    hashMatches: v.hashMatches, valid: v.valid, ...(v.error ? { error: v.error } : {}),
  });
  process.exit(v.valid ? 0 : 1);
}

const [command, sub, arg] = process.argv.slice(2);
if (command === "replay" && sub === "verify") verify(arg);
if (command === "levels") {
  print(CATALOGUE.map((l) => ({ id: l.id, title: l.title, built: l.built, stages: LEVELS.get(l.id)?.stages.map((s) => ({ id: s.id, title: s.title, goal: s.goal })) ?? [] })));
  process.exit(0);
}
fail("E_USAGE", USAGE);
