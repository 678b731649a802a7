/**
 * Assembles every assets/roms/*.asm into assets/roms/build/<name>.gb (run with `npx node scripts/build-roms.ts`).
 * `--check` writes nothing and exits 1 if any committed .gb differs from what the sources assemble to.
 */
import { mkdirSync, readFileSync, writeFileSync, existsSync } from "node:fs";
import { BUILD_DIR, assembleRom, builtRomPath, romSources } from "./roms.ts";

const check = process.argv.includes("--check");
let stale = 0;
mkdirSync(BUILD_DIR, { recursive: true });
for (const name of romSources()) {
  const { rom } = assembleRom(name);
  const path = builtRomPath(name);
  const same = existsSync(path) && Buffer.compare(readFileSync(path), Buffer.from(rom)) === 0;
  if (check) {
    if (!same) stale++;
    console.log(`${same ? "ok     " : "STALE  "} ${name}.gb (${rom.length} bytes)`);
  } else {
    writeFileSync(path, rom);
    console.log(`${same ? "same   " : "wrote  "} ${name}.gb (${rom.length} bytes)`);
  }
}
process.exit(stale ? 1 : 0);
