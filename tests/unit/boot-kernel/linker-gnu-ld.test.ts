// Agreement with GNU ld: the same sources (assembled by GNU as) linked by `ld -m elf_i386 -T script` get the same
// section addresses and sizes, segments, entry point and symbol values as our toolchain; readelf accepts our ELF.
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { afterAll, describe, expect, it } from "vitest";
import { parseElf } from "../../../shared/levels/boot-kernel/elf.ts";
import type { ElfImage } from "../../../shared/levels/boot-kernel/elf.ts";
import { PT_LOAD, STT_FILE, STT_SECTION } from "../../../shared/levels/boot-kernel/elf.ts";
import { buildKernel } from "../../../shared/levels/boot-kernel/linker.ts";
import { HAVE_BINUTILS, gnuAs, run, workdir } from "./gnu-binutils.ts";
import { MULTIBOOT_HEADER, OK_KERNEL, STANDARD_SCRIPT } from "./kernel-fixtures.ts";

interface Case { sources: { name: string; text: string }[]; script: string }

const CASES: Record<string, Case> = {
  "standard kernel": { sources: [{ name: "boot.s", text: OK_KERNEL }], script: STANDARD_SCRIPT },
  "two files, rodata, data, COMMON, script symbols": {
    sources: [
      { name: "boot.s", text: MULTIBOOT_HEADER + `
.text
.global _start
.extern kmain
_start:
  mov esp, offset stack_top
  call kmain
  mov eax, [counter]
  mov ebx, offset kernel_end
  mov ecx, offset __bss_start
hang: hlt
  jmp hang
.data
counter: .long 42
.comm shared_buffer, 256, 32
.bss
.align 16
  .skip 8192
stack_top:
` },
      { name: "kmain.s", text: `.intel_syntax noprefix
.global kmain
.comm shared_buffer, 64, 4
.comm other_common, 12, 4
.section .rodata
banner: .asciz "RUST KERNEL v0.1.0"
.text
kmain:
  mov esi, offset banner
  mov edi, 0xb8000
  lea eax, [shared_buffer]
  mov dword ptr [other_common], 1
  ret
.data
table: .long banner, kmain, shared_buffer
` },
    ],
    script: `ENTRY(_start)
SECTIONS
{
  . = 0x100000;
  kernel_start = .;
  .text : ALIGN(0x1000)
  {
    KEEP(*(.multiboot))
    *(.text .text.*)
  }
  .rodata : ALIGN(4K) { *(.rodata*) }
  .data : ALIGN(4K) { *(.data) }
  .bss : ALIGN(4K)
  {
    __bss_start = .;
    *(COMMON)
    *(.bss)
    . = ALIGN(16);
    __bss_end = .;
  }
  kernel_end = .;
  /DISCARD/ : { *(.comment) *(.note*) }
}
` },
  "orphans and a gap": {
    sources: [{ name: "k.s", text: MULTIBOOT_HEADER + `
.text
.global _start
_start: jmp _start
.section .text.extra, "ax"
extra: ret
.section .rodata.strings, "a"
s1: .asciz "hello"
.data
d: .long 1
.section .data.more, "aw"
more: .long 2
` }],
    script: `ENTRY(_start)
SECTIONS {
  . = 2M;
  .text : { KEEP(*(.multiboot)) *(.text) }
  . = ALIGN(4K);
  .data : { *(.data) }
  . += 0x100;
  end_marker = .;
}
` },
};

function link(c: Case): ElfImage & { bytes: Uint8Array } {
  const r = buildKernel(c.sources, c.script);
  if (!r.ok) throw new Error(r.error.message);
  return { ...r.value.image, bytes: r.value.elf };
}

function gnuLink(w: ReturnType<typeof workdir>, name: string, c: Case): ElfImage {
  const objects = c.sources.map((s, i) => {
    const r = gnuAs(w, `${name}-${i}`, s.text);
    if (!r.ok) throw new Error(r.stderr);
    return w.path(`${name}-${i}.o`);
  });
  const script = w.write(`${name}.ld`, c.script);
  const out = w.path(`${name}.elf`);
  const r = spawnSync("ld", ["-m", "elf_i386", "-T", script, "-o", out, ...objects], { timeout: 20000, encoding: "utf8" });
  if (r.status !== 0) throw new Error(r.stderr);
  const img = parseElf(new Uint8Array(readFileSync(out)));
  if (!img.ok) throw new Error(img.error.message);
  return img.value;
}

const allocSections = (img: ElfImage) => img.sections.filter((s) => s.flags & 2).map((s) => ({ name: s.name, addr: s.addr, size: s.size, type: s.type, flags: s.flags }));
const loads = (img: ElfImage) => img.segments.filter((s) => s.type === PT_LOAD).map((s) => ({ vaddr: s.vaddr, paddr: s.paddr, filesz: s.filesz, memsz: s.memsz, flags: s.flags }));
const symbolValues = (img: ElfImage) => Object.fromEntries(img.symbols.filter((s) => s.name !== "" && s.section !== "*UND*" && s.kind !== STT_FILE && s.kind !== STT_SECTION).map((s) => [s.name, s.value]));

describe.skipIf(!HAVE_BINUTILS)("linker agrees with GNU ld", () => {
  const w = workdir();
  afterAll(() => w.cleanup());
  for (const [name, c] of Object.entries(CASES)) {
    it(`${name}: sections, segments, entry and symbols as ld places them`, { timeout: 30000 }, () => {
      const ours = link(c);
      const theirs = gnuLink(w, name.replace(/\W+/g, "-"), c);
      expect(ours.entry).toBe(theirs.entry);
      expect(allocSections(ours)).toEqual(allocSections(theirs));
      expect(loads(ours)).toEqual(loads(theirs));
      // nm lists the same symbols with the same values for both executables.
      const slug = name.replace(/\W+/g, "-");
      const oursFile = w.write(`${slug}-nm.elf`, ours.bytes);
      const nm = (file: string) => run("nm", [file]).split("\n").filter((l) => l.trim() !== "").map((l) => { const [v, , n] = l.split(" "); return `${n}=${v}`; }).sort();
      expect(nm(oursFile)).toEqual(nm(w.path(`${slug}.elf`)));
      const mine = symbolValues(ours);
      for (const [sym, value] of Object.entries(symbolValues(theirs))) expect(mine[sym], sym).toBe(value);
      // The loadable bytes are the same too.
      for (const seg of theirs.segments.filter((s) => s.type === PT_LOAD)) {
        const o = ours.segments.find((s) => s.vaddr === seg.vaddr)!;
        const ref = readFileSync(w.path(`${name.replace(/\W+/g, "-")}.elf`)).subarray(seg.offset, seg.offset + seg.filesz);
        expect(Buffer.from(ours.bytes.subarray(o.offset, o.offset + o.filesz)).equals(ref), `segment at ${seg.vaddr.toString(16)}`).toBe(true);
      }
    });
    it(`${name}: readelf -h -l -S -s reads our ELF without a warning and shows our entry and segments`, { timeout: 30000 }, () => {
      const ours = link(c);
      const file = w.write(`${name.replace(/\W+/g, "-")}-ours.elf`, ours.bytes);
      const r = spawnSync("readelf", ["-W", "-h", "-l", "-S", "-s", file], { timeout: 20000, encoding: "utf8" });
      expect(r.status).toBe(0);
      expect(r.stderr).toBe("");
      expect(r.stdout).not.toMatch(/warning|error|corrupt/i);
      expect(r.stdout).toContain(`Entry point address:               0x${ours.entry.toString(16)}`);
      for (const s of loads(ours)) expect(r.stdout).toMatch(new RegExp(`LOAD\\s+0x[0-9a-f]+ 0x${s.vaddr.toString(16).padStart(8, "0")} 0x${s.paddr.toString(16).padStart(8, "0")} 0x${s.filesz.toString(16).padStart(5, "0")} 0x${s.memsz.toString(16).padStart(5, "0")}`));
    });
  }
});
