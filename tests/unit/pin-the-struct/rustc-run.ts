/**
 * Runs the real rustc on (stage, program) pairs, in parallel, skipping code generation (`--emit=metadata`), and
 * returns each verdict as sorted `CODE@line:col` strings (line 1 = the program's first line; codeless errors such
 * as format-string errors are `error@…`). Used by the agreement and fuzz tests when rustc is installed.
 */
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { rustSource } from "../../../shared/levels/pin-the-struct/preludes/index.ts";

export const hasRustc = spawnSync("rustc", ["--version"], { encoding: "utf8" }).status === 0;

function one(dir: string, i: number, stage: number, program: string): Promise<string[]> {
  const src = rustSource(stage, program);
  const mainLine = src.split("\n").indexOf("fn main() {") + 1;
  const file = join(dir, `p${i}.rs`);
  writeFileSync(file, src);
  return new Promise((resolve, reject) => {
    const child = spawn("rustc", ["--edition", "2021", "--crate-type", "bin", "--emit=metadata", "--error-format=json", "-o", join(dir, `p${i}.rmeta`), file]);
    let err = "";
    child.stderr.on("data", (d) => { err += d; });
    child.on("error", reject);
    child.on("close", () => {
      const diags = err.split("\n").filter((l) => l.startsWith("{")).map((l) => JSON.parse(l))
        .filter((d) => d.level === "error" && d.spans.length > 0);
      resolve([...new Set(diags.map((d) => {
        const sp = d.spans.find((s: { is_primary: boolean }) => s.is_primary);
        return `${d.code ? d.code.code : "error"}@${sp ? sp.line_start - mainLine : 0}:${sp ? sp.column_start : 0}`;
      }))].sort());
    });
  });
}

/** rustc's verdict on every program, two compilations at a time (CI machines have 2 cores). */
export async function rustcVerdicts(programs: readonly (readonly [stage: number, program: string])[]): Promise<string[][]> {
  const dir = mkdtempSync(join(tmpdir(), "pin-rustc-"));
  const results: string[][] = new Array(programs.length);
  let next = 0;
  const worker = async () => {
    while (next < programs.length) {
      const i = next++;
      results[i] = await one(dir, i, programs[i]![0], programs[i]![1]);
    }
  };
  await Promise.all([worker(), worker()]);
  return results;
}
