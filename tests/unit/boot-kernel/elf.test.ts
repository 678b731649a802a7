// ELF32 reading and writing: typed errors for broken files, never a throw, and files binutils agrees with.
import { readFileSync } from "node:fs";
import { afterAll, describe, expect, it } from "vitest";
import { ET_EXEC, ET_REL, PF_R, PF_X, PT_LOAD, SHF_ALLOC, SHF_EXECINSTR, SHT_PROGBITS, parseElf, sectionData, writeElf } from "../../../shared/levels/boot-kernel/elf.ts";
import { HAVE_BINUTILS, gnuAs, run, workdir } from "./gnu-binutils.ts";

function tinyImage() {
  const code = new Uint8Array([0xfa, 0xf4, 0xeb, 0xfd]);
  return writeElf({
    entry: 0x100000,
    sections: [{ name: ".text", type: SHT_PROGBITS, flags: SHF_ALLOC | SHF_EXECINSTR, addr: 0x100000, size: 4, align: 16, data: code }],
    segments: [{ flags: PF_R | PF_X, sections: [".text"] }],
    symbols: [{ name: "_start", value: 0x100000, size: 0, section: ".text", global: true, kind: 0 }],
  });
}

describe("writeElf → parseElf round trip", () => {
  const bytes = tinyImage();
  const img = parseElf(bytes);
  it("reads back entry, the PT_LOAD segment and the symbol", () => {
    if (!img.ok) throw new Error(img.error.message);
    expect(img.value.fileType).toBe(ET_EXEC);
    expect(img.value.entry).toBe(0x100000);
    expect(img.value.segments).toEqual([{ type: PT_LOAD, offset: 0x1000, vaddr: 0x100000, paddr: 0x100000, filesz: 4, memsz: 4, flags: PF_R | PF_X, align: 0x1000 }]);
    expect(img.value.symbols.find((s) => s.name === "_start")).toMatchObject({ value: 0x100000, section: ".text", global: true });
    const text = img.value.sections.find((s) => s.name === ".text")!;
    expect([...sectionData(bytes, text)]).toEqual([0xfa, 0xf4, 0xeb, 0xfd]);
  });
});

describe("parseElf rejects broken files with a typed error", () => {
  const good = tinyImage();
  const patched = (at: number, v: number) => { const b = good.slice(); b[at] = v; return b; };
  it.each([
    ["empty", new Uint8Array(0), "E_ELF_TRUNCATED"],
    ["not ELF", new TextEncoder().encode("#!/bin/sh\necho hello, this is not a kernel at all......"), "E_ELF_MAGIC"],
    ["64-bit", patched(4, 2), "E_ELF_CLASS"],
    ["big-endian", patched(5, 2), "E_ELF_DATA"],
    ["x86-64 machine", patched(18, 62), "E_ELF_MACHINE"],
    ["shared object", patched(16, 3), "E_ELF_TYPE"],
    ["truncated segment", good.slice(0, 0x1002), "E_ELF_TRUNCATED"],
  ])("%s", (_name, bytes, code) => {
    const r = parseElf(bytes);
    expect(r.ok ? "ok" : r.error.code).toBe(code);
  });
  it("never throws on corrupted bytes (seeded)", () => {
    let seed = 12345;
    const rand = () => { seed = (seed * 1103515245 + 12345) >>> 0; return seed; };
    for (let i = 0; i < 2000; i++) {
      const b = good.slice(0, rand() % good.length + 1);
      for (let k = 0; k < 4; k++) b[rand() % b.length] = rand() & 0xff;
      expect(() => parseElf(b)).not.toThrow();
    }
  });
});

describe.skipIf(!HAVE_BINUTILS)("parseElf reads what binutils writes", () => {
  const w = workdir();
  afterAll(() => w.cleanup());
  it("an `as` object: sections, symbols, REL relocations", { timeout: 20000 }, () => {
    const r = gnuAs(w, "obj", ".intel_syntax noprefix\n.global _start\n.text\n_start: call ext\n mov eax, [v]\n.data\nv: .long 1\n");
    if (!r.ok) throw new Error(r.stderr);
    const img = parseElf(r.object);
    if (!img.ok) throw new Error(img.error.message);
    expect(img.value.fileType).toBe(ET_REL);
    expect(img.value.relocations).toEqual([
      { section: ".text", offset: 1, type: 2, symbol: "ext" },
      { section: ".text", offset: 6, type: 1, symbol: ".data" },
    ]);
    expect(img.value.symbols.find((s) => s.name === "_start")).toMatchObject({ value: 0, section: ".text", global: true });
  });
  it("readelf accepts a written ELF without warnings", { timeout: 20000 }, () => {
    const file = w.write("tiny.elf", tinyImage());
    const out = run("readelf", ["-W", "-a", file]);
    expect(out).not.toMatch(/warning|error/i);
    expect(out).toContain("Entry point address:               0x100000");
    expect(readFileSync(file).length).toBeGreaterThan(0x1000);
  });
});
