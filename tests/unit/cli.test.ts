import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = join(import.meta.dirname, "../..");
const GOLDEN = join(ROOT, "shared/levels/allocate-fast/fixtures/stage-2.replay.json");

function bma(...args: string[]) {
  const r = spawnSync(process.execPath, [join(ROOT, "bin/bma.mjs"), ...args], { encoding: "utf8" });
  return { status: r.status, json: JSON.parse(r.stdout) };
}

describe("bma replay verify", () => {
  it("re-simulates a replay file and prints status, metrics and the hash check as JSON", () => {
    const r = bma("replay", "verify", GOLDEN);
    expect(r.status).toBe(0);
    expect(r.json).toMatchObject({ level: "allocate-fast", stage: 2, status: "won", hashMatches: true, valid: true });
    expect(r.json.metrics.peakFootprint).toBe(1520);
  });
  it("exits 1 and says why when the hash does not match", () => {
    const replay = JSON.parse(readFileSync(GOLDEN, "utf8"));
    replay.finalHash = "0000000000000000";
    const file = join(mkdtempSync(join(tmpdir(), "bma-cli-")), "bad.json");
    writeFileSync(file, JSON.stringify(replay));
    const r = bma("replay", "verify", file);
    expect(r.status).toBe(1);
    expect(r.json).toMatchObject({ hashMatches: false, valid: false, error: { code: "E_HASH_MISMATCH" } });
  });
  it("exits 2 with a typed error on a file that is not a replay", () => {
    const file = join(mkdtempSync(join(tmpdir(), "bma-cli-")), "junk.json");
    writeFileSync(file, "{\"format\": 1}");
    const r = bma("replay", "verify", file);
    expect(r.status).toBe(2);
    expect(r.json.error.code).toBe("E_BAD_REPLAY");
  });
});
