/**
 * bma replay verify <file> — re-simulates a replay file; prints status, metrics and whether the hash matches.
 * Exit codes: 0 valid, 1 invalid, 2 usage or input error.
 */
import { readFileSync } from "node:fs";
import { parseReplay, verifyReplay } from "../../shared/engine/replay.ts";
import { LEVELS } from "../../shared/levels/index.ts";
import { fail, print, type Command } from "./io.ts";

export const usage = "bma replay verify <file>";

export const run: Command = (args) => {
  const [sub, file] = args;
  if (sub !== "verify" || !file) fail("E_USAGE", `usage: ${usage}`);
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
  return v.valid ? 0 : 1;
};
