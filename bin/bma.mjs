#!/usr/bin/env node
// The `bma` command. It runs bin/bma.ts on the project's pinned Node 24 (a dev dependency), because the
// system Node may be older and cannot run TypeScript directly.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const major = Number(process.versions.node.split(".")[0]);
const pinned = join(root, "node_modules", "node", "bin", "node");
const node = major >= 24 ? process.execPath : pinned;
if (node === pinned && !existsSync(pinned)) {
  console.error("bma needs Node 24: run `npm install` in the project first.");
  process.exit(2);
}
const result = spawnSync(node, [join(root, "bin", "bma.ts"), ...process.argv.slice(2)], { stdio: "inherit" });
process.exit(result.status ?? 1);
