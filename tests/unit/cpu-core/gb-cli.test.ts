/** `bma gb run | asm | disasm` as a user runs them. */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = join(import.meta.dirname, "../../..");
const bma = (...args: string[]) => spawnSync(process.execPath, [join(ROOT, "bin/bma.mjs"), "gb", ...args], { encoding: "utf8", cwd: ROOT });
const tmp = () => mkdtempSync(join(tmpdir(), "bma-gb-"));

describe("bma gb", { timeout: 120_000 }, () => {
  it("run: prints serial output, the framebuffer hash and cycles; --until stops early", () => {
    const r = bma("run", "assets/roms/build/cpu-alu.gb", "--frames", "300", "--serial", "--until-result", "--hash");
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out).toMatchObject({ title: "CPU ALU", cartridge: "ROM ONLY", headerChecksumValid: true, globalChecksumValid: true });
    expect(out.serial).toMatch(/Passed\n$/);
    expect(out.result).toBe("Passed");
    expect(out.frames).toBeLessThan(300);
    expect(out.cycles).toBeGreaterThan(0);
    expect(out.framebufferHash).toMatch(/^[0-9a-f]{16}$/);
  });
  it("run: exits 1 when the serial output says Failed", () => {
    const dir = tmp();
    const src = join(dir, "fail.asm");
    writeFileSync(src, `INCLUDE "header.inc"\n cart_header "FAILS", 0, 0, 0\nSECTION "m", ROM0[$150]\nentry:\n ld hl, msg\n.next:\n ld a, [hl+]\n or a\n jr z, .done\n ldh [$01], a\n ld a, $81\n ldh [$02], a\n.wait:\n ldh a, [$02]\n bit 7, a\n jr nz, .wait\n jr .next\n.done:\n halt\n jr .done\nmsg: db "Failed\\n", 0\n`);
    expect(bma("asm", src, "-o", join(dir, "fail.gb")).status).toBe(0);
    const r = bma("run", join(dir, "fail.gb"), "--frames", "30", "--serial");
    expect(r.status).toBe(1);
    expect(JSON.parse(r.stdout)).toMatchObject({ serial: "Failed\n", result: "Failed" });
  });
  it("run: follows an input script and writes a PNG screenshot", () => {
    const dir = tmp();
    const png = join(dir, "shot.png");
    const script = join(dir, "input.txt");
    writeFileSync(script, "30 start\n31 -\n");
    const r = bma("run", "assets/roms/build/brickfall.gb", "--frames", "60", "--input", script, "--screenshot", png);
    expect(r.status).toBe(0);
    expect(readFileSync(png).subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    const title = JSON.parse(bma("run", "assets/roms/build/brickfall.gb", "--frames", "60").stdout).framebufferHash;
    expect(JSON.parse(r.stdout).framebufferHash).not.toBe(title);
  });
  it("asm: assembles a project ROM to the committed bytes; disasm lists instructions", () => {
    const out = join(tmp(), "alu.gb");
    const r = bma("asm", "assets/roms/cpu-alu.asm", "-o", out);
    expect(r.status).toBe(0);
    expect(Buffer.compare(readFileSync(out), readFileSync(join(ROOT, "assets/roms/build/cpu-alu.gb")))).toBe(0);
    const d = bma("disasm", out, "--from", "0x100", "--count", "2");
    expect(d.stdout).toMatch(/^0100 {2}00 +nop\n0101 {2}C3 .. .. +jp \$....\n$/);
  });
  it("exits 2 with a typed error for a bad source", () => {
    const dir = tmp();
    writeFileSync(join(dir, "bad.asm"), `SECTION "a", ROM0[$150]\n ld q, 1\n`);
    const r = bma("asm", join(dir, "bad.asm"), "-o", join(dir, "bad.gb"));
    expect(r.status).toBe(2);
    expect(JSON.parse(r.stdout).error).toMatchObject({ code: "E_ASM" });
    expect(JSON.parse(r.stdout).error.message).toMatch(/bad.asm:2:/);
  });
});
