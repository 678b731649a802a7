/**
 * The project's ROMs: the committed assets/roms/build/*.gb are exactly what the sources assemble to, every header
 * is valid (checksums, ROM size byte), and every test ROM reports "Passed" on the serial port of this machine.
 * A ROM that is known to fail would be listed with its reason, never removed. (ppu-test is checked against its
 * reference image in ppu.test.ts.)
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { join } from "node:path";
import { parseHeader } from "../../../shared/levels/cpu-core/header.ts";
import { REGISTERS } from "../../../shared/levels/cpu-core/registers.ts";
import { GameBoy } from "../../../shared/levels/cpu-core/machine.ts";
import { generatedSources } from "../../../scripts/gen-test-roms.ts";
import { assembleRom, builtRomPath, INCLUDE_DIR, ROM_DIR, romSources } from "../../../scripts/roms.ts";

/** Test ROMs: name → frames they may take, and a known-failure reason (none today). */
const TEST_ROMS: Record<string, { frames: number; knownFailure?: string }> = {
  "cpu-alu": { frames: 120 },
  "cpu-timing": { frames: 120 },
  "cpu-timing-cb": { frames: 120 },
  "cpu-interrupts": { frames: 120 },
};

describe("ROM build", () => {
  for (const name of romSources()) {
    it(`${name}.gb is what ${name}.asm assembles to, with a valid header`, () => {
      const { rom } = assembleRom(name);
      const committed = new Uint8Array(readFileSync(builtRomPath(name)));
      expect(Buffer.compare(Buffer.from(rom), Buffer.from(committed)), `${name}: run \`npx node scripts/build-roms.ts\``).toBe(0);
      const h = parseHeader(committed);
      expect(h.headerChecksumValid).toBe(true);
      expect(h.globalChecksumValid).toBe(true);
      expect(h.romSize).toBe(committed.length);
      expect(h.title.length).toBeGreaterThan(0);
    });
  }
});

describe("generated test ROM sources", () => {
  it("are what scripts/gen-test-roms.ts writes (expected values from Pan Docs rules and the opcode table)", () => {
    for (const [file, text] of Object.entries(generatedSources())) expect(readFileSync(join(ROM_DIR, file), "utf8"), file).toBe(text);
  });
});

describe("hardware.inc", () => {
  it("names every register of registers.ts at the same address, and no other", () => {
    const text = readFileSync(join(INCLUDE_DIR, "hardware.inc"), "utf8");
    const defined = [...text.matchAll(/^DEF r(\w+) EQU \$([0-9A-F]{4})$/gm)].map((m) => [m[1], parseInt(m[2]!, 16)]);
    expect(defined).toEqual(REGISTERS.map((r) => [r.name, r.address]));
  });
});

describe("test ROMs report Passed on serial", () => {
  for (const [name, { frames, knownFailure }] of Object.entries(TEST_ROMS)) {
    const test = knownFailure ? it.fails : it;
    test(`${name}${knownFailure ? ` (known failure: ${knownFailure})` : ""}`, () => {
      const gb = new GameBoy(new Uint8Array(readFileSync(builtRomPath(name))));
      for (let f = 0; f < frames && !/Passed|Failed/.test(gb.serialText()); f++) gb.runFrame(0);
      const text = gb.serialText();
      expect(text, text).toMatch(/\nPassed\n$/);
    });
  }
});
