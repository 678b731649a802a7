// The linker as a player meets it: where sections land, and link errors that name the file, line and fix.
import { describe, expect, it } from "vitest";
import { PF_R, PF_W, PF_X, PT_LOAD } from "../../../shared/levels/boot-kernel/elf.ts";
import { buildKernel, link } from "../../../shared/levels/boot-kernel/linker.ts";
import { parseLinkerScript } from "../../../shared/levels/boot-kernel/linker-script.ts";
import { findMultibootHeader } from "../../../shared/levels/boot-kernel/multiboot.ts";
import { MULTIBOOT_HEADER, OK_KERNEL, STANDARD_SCRIPT } from "./kernel-fixtures.ts";

function build(text: string, script = STANDARD_SCRIPT) {
  return buildKernel([{ name: "kernel.s", text }], script);
}

describe("a kernel linked at 1 MiB", () => {
  const r = build(OK_KERNEL);
  if (!r.ok) throw new Error(r.error.message);
  const k = r.value;
  it("has its entry at _start, segments at or above 1 MiB with paddr = vaddr", () => {
    expect(k.entry).toBe(0x10000c);
    const loads = k.image.segments.filter((s) => s.type === PT_LOAD);
    expect(loads.map((s) => [s.vaddr, s.flags])).toEqual([[0x100000, PF_R | PF_X], [0x101000, PF_R | PF_W]]);
    for (const s of loads) { expect(s.vaddr).toBeGreaterThanOrEqual(0x100000); expect(s.paddr).toBe(s.vaddr); }
    const bss = loads[1];
    expect([bss.filesz, bss.memsz]).toEqual([0, 0x4000]);
  });
  it("keeps the Multiboot header first, where QEMU finds it", () => {
    expect(findMultibootHeader(k.elf)).toEqual({ offset: 0x1000, flags: 3, checksum: 0xe4524ffb });
  });
  it("map: output sections with their inputs, and every symbol's address", () => {
    const text = k.map.find((m) => m.kind === "section" && m.name === ".text");
    expect(text).toMatchObject({ address: 0x100000, size: 0x23, inputs: [{ file: "kernel.s", section: ".multiboot", address: 0x100000, size: 12 }, { file: "kernel.s", section: ".text", address: 0x10000c, size: 23 }] });
    expect(k.map.find((m) => m.kind === "symbol" && m.name === "stack_top")).toMatchObject({ address: 0x105000, section: ".bss", global: false });
  });
  it("resolves R_386_32 (mov esp, offset stack_top)", () => {
    // bc imm32 at _start
    const off = 0x1000 + 12;
    expect([...k.elf.subarray(off, off + 5)]).toEqual([0xbc, 0x00, 0x50, 0x10, 0x00]);
  });
});

describe("link errors a player can act on", () => {
  it("undefined symbol names it and points at the use", () => {
    const r = build(MULTIBOOT_HEADER + ".text\n.global _start\n_start:\n  mov esp, offset stack_top\n");
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe("E_LD_UNDEFINED");
    expect(r.error.message).toContain("kernel.s:10:");
    expect(r.error.message).toContain("undefined symbol 'stack_top'");
  });
  it("a _start that is not .global is not an entry symbol (ld: cannot find entry symbol _start)", () => {
    const r = build(MULTIBOOT_HEADER + ".text\n_start: hlt\n");
    expect(r.ok ? "" : r.error.code).toBe("E_LD_ENTRY");
    expect(r.ok ? "" : r.error.message).toContain("cannot find entry symbol _start");
  });
  it("script syntax errors carry line and column", () => {
    const p = parseLinkerScript("ENTRY(_start)\nSECTIONS {\n  . = 1M\n  .text : { *(.text) }\n}\n");
    expect(p.ok).toBe(false);
    if (p.ok) return;
    expect(p.error.message).toContain("linker script:4:3: syntax error: expected ';'");
  });
  it("overlapping sections, in ld's words", () => {
    const r = build(OK_KERNEL + ".data\n.long 1\n", "ENTRY(_start)\nSECTIONS { .text 0x100000 : { KEEP(*(.multiboot)) *(.text) } .data 0x100004 : { *(.data) } .bss : { *(.bss) } }");
    expect(r.ok ? "" : r.error.message).toBe("section .data LMA [00100004,00100007] overlaps section .text LMA [00100000,00100022]");
  });
  it("multiple definition", () => {
    const a = ".intel_syntax noprefix\n.global f\n.text\nf: ret\n";
    const r = buildKernel([{ name: "a.s", text: a }, { name: "b.s", text: a }], STANDARD_SCRIPT);
    expect(r.ok ? "" : r.error.message).toContain("b.s:4: multiple definition of `f'; first defined in a.s");
  });
  it("a symbol in a discarded section", () => {
    const src = MULTIBOOT_HEADER + ".text\n.global _start\n_start: call helper\n.section .unused, \"ax\"\n.global helper\nhelper: ret\n";
    const r = build(src, STANDARD_SCRIPT.replace("}\n", "}\n").replace(/\n}\n$/, "\n  /DISCARD/ : { *(.unused) }\n}\n"));
    expect(r.ok ? "" : r.error.code).toBe("E_LD_DISCARDED");
  });
  it("the location counter cannot move backwards inside a section", () => {
    const r = build(OK_KERNEL, "ENTRY(_start)\nSECTIONS { . = 1M; .text : { KEEP(*(.multiboot)) *(.text) . = . - 4; } }");
    expect(r.ok ? "" : r.error.message).toContain("cannot move location counter backwards (from 00100023 to 0010001f)");
  });
  it("assembler errors come through buildKernel with the file name", () => {
    const r = buildKernel([{ name: "vga.s", text: ".intel_syntax noprefix\nmvo eax, 1\n" }], STANDARD_SCRIPT);
    expect(r.ok ? "" : r.error.message).toBe("vga.s:2:1: unknown instruction 'mvo'");
  });
  it("script symbols (stack_top = .) resolve references from sources", () => {
    const src = MULTIBOOT_HEADER + ".text\n.global _start\n_start: mov esp, offset stack_top\n";
    const r = build(src, STANDARD_SCRIPT.replace("*(COMMON) *(.bss) }", "*(COMMON) *(.bss) . += 16K; stack_top = .; }"));
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value.map.find((m) => m.kind === "symbol" && m.name === "stack_top")).toMatchObject({ address: 0x101000 + 0x4000 });
  });
  it("link never throws on nonsense scripts", () => {
    for (const s of ["", "SECTIONS", "SECTIONS {", "ENTRY(", "}", ". = ;", "SECTIONS { .text : { *( } }", "SECTIONS { . = ALIGN(3); }", "SECTIONS { .t : { . = 1 / 0; } }", "MEMORY { }", "x = y;"]) {
      expect(() => link([], s)).not.toThrow();
    }
  });
});
