/**
 * bma — the project's command line. Each file in bin/commands/ (other than io.ts) is a command named after it,
 * exporting `usage` and `run(args)`; `bma <command> …` runs it. Exit codes: 0 success, 1 a negative verdict
 * (e.g. an invalid replay), 2 usage or input error.
 */
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { fail } from "./commands/io.ts";

const dir = join(import.meta.dirname, "commands");
const commands = readdirSync(dir).filter((f) => f.endsWith(".ts") && f !== "io.ts").map((f) => f.slice(0, -3)).sort();

const [name, ...args] = process.argv.slice(2);
if (!name || !commands.includes(name)) {
  const usages = await Promise.all(commands.map(async (c) => (await import(join(dir, `${c}.ts`))).usage as string));
  fail("E_USAGE", `usage: ${usages.join(" | ")}`);
}
const command = await import(join(dir, `${name}.ts`));
process.exit(await command.run(args));
