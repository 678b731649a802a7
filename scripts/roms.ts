/**
 * The project's ROMs: every assets/roms/*.asm is assembled into assets/roms/build/<name>.gb. Includes resolve
 * relative to the including file, then in assets/roms/include/. Node-only (file I/O); the assembler itself is pure.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { basename, join } from "node:path";
import { assemble, type AssembleResult } from "../shared/levels/cpu-core/assembler/assembler.ts";

export const ROOT = join(import.meta.dirname, "..");
export const ROM_DIR = join(ROOT, "assets/roms");
export const INCLUDE_DIR = join(ROM_DIR, "include");
export const BUILD_DIR = join(ROM_DIR, "build");

/** The ROM source names (without .asm), sorted. */
export function romSources(): string[] {
  return readdirSync(ROM_DIR).filter((f) => f.endsWith(".asm")).map((f) => f.slice(0, -4)).sort();
}

export function readSource(path: string): string {
  if (existsSync(path)) return readFileSync(path, "utf8");
  const fallback = join(INCLUDE_DIR, basename(path));
  if (existsSync(fallback)) return readFileSync(fallback, "utf8");
  throw new Error(`no such file: ${path}`);
}

/** Assembles one source file given by path (a project ROM or any other .asm). */
export function assembleFile(path: string): AssembleResult {
  return assemble(path, readSource);
}

export function assembleRom(name: string): AssembleResult {
  return assembleFile(join(ROM_DIR, `${name}.asm`));
}

export function builtRomPath(name: string): string {
  return join(BUILD_DIR, `${name}.gb`);
}
