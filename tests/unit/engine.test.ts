import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { createRng, nextInt, nextU32 } from "../../shared/engine/rng.ts";
import { canonicalJson, hashState } from "../../shared/engine/hash.ts";
import { parseReplay, simulate } from "../../shared/engine/replay.ts";
import { allocateFast } from "../../shared/levels/allocate-fast/index.ts";
import { CATALOGUE, LEVELS } from "../../shared/levels/index.ts";
import { parseClientMessage, parseJoinOptions } from "../../shared/protocol.ts";

describe("seeded PRNG", () => {
  it("is a pure function of its seed (mulberry32 reference values)", () => {
    const a = createRng(1);
    // mulberry32(1)'s first output is the often-quoted 0.6270739405881613 once divided by 2^32.
    const first = nextU32(a);
    expect(first / 2 ** 32).toBe(0.6270739405881613);
    expect([first, nextU32(a), nextU32(a)]).toEqual([2693262067, 11749833, 2265367787]);
    expect(nextU32(createRng(2))).not.toBe(first);
  });
  it("nextInt stays in range and covers it", () => {
    const r = createRng(42);
    const seen = new Set<number>();
    for (let i = 0; i < 2000; i++) {
      const v = nextInt(r, 3, 9);
      expect(v).toBeGreaterThanOrEqual(3);
      expect(v).toBeLessThanOrEqual(9);
      seen.add(v);
    }
    expect(seen.size).toBe(7);
  });
});

describe("state hash", () => {
  it("does not depend on key order", () => {
    expect(hashState({ a: 1, b: [1, 2, { c: 3, d: 4 }] })).toBe(hashState({ b: [1, 2, { d: 4, c: 3 }], a: 1 }));
    expect(canonicalJson({ b: 1, a: "x" })).toBe('{"a":"x","b":1}');
  });
  it("changes when any value changes", () => {
    expect(hashState({ a: 1, b: [1, 2] })).not.toBe(hashState({ a: 1, b: [1, 3] }));
    expect(hashState({ a: 1 })).toMatch(/^[0-9a-f]{16}$/);
  });
  it("refuses non-finite numbers, which would break determinism", () => {
    expect(() => hashState({ a: NaN })).toThrow();
  });
});

describe("replay simulation", () => {
  it("refuses actions out of tick order", () => {
    const r = simulate(allocateFast, { stage: 1, seed: 1, finalTick: 10, actions: [{ tick: 5, action: { type: "place", addr: 0 } }, { tick: 3, action: { type: "place", addr: 4 } }] });
    expect(!r.ok && r.error.code).toBe("E_REPLAY_ORDER");
  });
  it("validates untrusted replay shape with a readable reason", () => {
    const r = parseReplay({ format: 1, level: "allocate-fast", stage: 1 });
    expect(!r.ok && r.error.code).toBe("E_BAD_REPLAY");
    expect(!r.ok && r.error.message).toContain("replay.levelVersion");
  });
  it("snapshot/restore: N steps after a structured clone equal N steps on the original", () => {
    const a = allocateFast.init(2, 5);
    const b = structuredClone(a);
    for (let i = 0; i < 200; i++) { allocateFast.tick(a); allocateFast.tick(b); }
    expect(allocateFast.hash(a)).toBe(allocateFast.hash(b));
  });
});

describe("catalogue and protocol", () => {
  it("lists all five levels; the built ones are playable", () => {
    expect(CATALOGUE.map((l) => l.id)).toEqual(["pin-the-struct", "allocate-fast", "race-free-queue", "cpu-core", "boot-kernel"]);
    expect([...LEVELS.keys()]).toEqual(["pin-the-struct", "allocate-fast", "race-free-queue", "cpu-core", "boot-kernel"]);
    for (const info of CATALOGUE) expect(info.built).toBe(LEVELS.has(info.id));
  });
  it("join options and messages are validated field by field", () => {
    expect(parseJoinOptions({ role: "player", nickname: "ada", level: "allocate-fast", stage: 1 }).ok).toBe(true);
    expect(parseJoinOptions({ role: "host", nickname: "ada" }).ok).toBe(false);
    expect(parseJoinOptions({ role: "spectator", nickname: "<script>" }).ok).toBe(false);
    expect(parseClientMessage("act", { seq: 1, action: {} }).ok).toBe(true);
    expect(parseClientMessage("__proto__", {}).ok).toBe(false);
    expect(parseClientMessage("toString", {}).ok).toBe(false);
  });
});

describe("shared/ is pure", () => {
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const p = join(dir, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (p.endsWith(".ts")) files.push(p);
    }
  };
  walk(join(import.meta.dirname, "../../shared"));
  it.each(files.map((f) => [f.split("/shared/")[1]!, f]))("%s uses no clock, randomness, I/O, DOM or outside package", (_n, file) => {
    // Comments may name these words ("the opcode fetch (which…"); only code is checked. Strings stay in: a
    // string is where an import would hide.
    const text = readFileSync(file, "utf8").replace(/\/\*[\s\S]*?\*\//g, "").replace(/(^|[^:"'`])\/\/.*$/gm, "$1");
    expect(text).not.toMatch(/Math\.random|Date\.now|new Date|performance\.now|setTimeout|setInterval/);
    expect(text).not.toMatch(/\b(window|document|localStorage|fetch)\s*[.(]/);
    for (const m of text.matchAll(/from\s+"([^"]+)"/g)) expect(m[1]!.startsWith(".")).toBe(true);
  });
});
