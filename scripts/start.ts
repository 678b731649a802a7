/**
 * `npm start`: builds the client if dist/ is missing or older than its sources, then starts the server.
 */
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";

const ROOT = join(import.meta.dirname, "..");
const BUILT = join(ROOT, "dist", "index.html");

function newest(path: string): number {
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  return readdirSync(path).reduce((m, name) => Math.max(m, newest(join(path, name))), 0);
}

const sources = ["client", "shared", "vite.config.ts"].map((p) => join(ROOT, p)).filter(existsSync);
const stale = !existsSync(BUILT) || Math.max(...sources.map(newest)) > statSync(BUILT).mtimeMs;
if (stale) {
  console.log("Building the client (vite build)…");
  const vite = join(ROOT, "node_modules", "vite", "bin", "vite.js");
  const r = spawnSync(process.execPath, [vite, "build", "--logLevel", "warn"], { cwd: ROOT, stdio: "inherit" });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
await import("../server/main.ts");
