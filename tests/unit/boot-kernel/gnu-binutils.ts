/**
 * Runs GNU binutils (as, ld, readelf, nm) for the boot-kernel toolchain agreement tests. Every call is synchronous,
 * has a timeout, and works in a fresh temporary directory the caller removes with `cleanup()`.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export function haveTool(name: string): boolean {
  return spawnSync("sh", ["-c", `command -v ${name}`], { timeout: 5000 }).status === 0;
}

export const HAVE_BINUTILS = haveTool("as") && haveTool("ld") && haveTool("readelf") && haveTool("nm");

export interface Workdir { dir: string; path(name: string): string; write(name: string, data: string | Uint8Array): string; cleanup(): void }

export function workdir(): Workdir {
  const dir = mkdtempSync(join(tmpdir(), "bma-k1-"));
  return {
    dir,
    path: (name) => join(dir, name),
    write: (name, data) => { const p = join(dir, name); writeFileSync(p, data); return p; },
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** `as --32` on a source; returns the object bytes, or the assembler's stderr as an error. */
export function gnuAs(w: Workdir, name: string, source: string): { ok: true; object: Uint8Array } | { ok: false; stderr: string } {
  const src = w.write(`${name}.s`, source);
  const obj = w.path(`${name}.o`);
  const r = spawnSync("as", ["--32", "-o", obj, src], { timeout: 20000, encoding: "utf8" });
  if (r.status !== 0) return { ok: false, stderr: r.stderr };
  return { ok: true, object: new Uint8Array(readFileSync(obj)) };
}

export function run(cmd: string, args: string[]): string {
  return execFileSync(cmd, args, { timeout: 20000, encoding: "utf8" });
}
