/**
 * boot-kernel blocks → assembly: what a player changes in a block shows up in the generated kernel exactly as the
 * hardware needs it (checksum, attribute byte, IDT gates, PIT divisor), and the opt-level ≥ 1 pass deletes exactly the
 * plain stores nothing reads.
 */
import { describe, expect, it } from "vitest";
import { type Block, generate, vgaAttribute } from "../../../shared/levels/boot-kernel/blocks.ts";
import { multibootChecksum } from "../../../shared/levels/boot-kernel/multiboot.ts";
import { optimize } from "../../../shared/levels/boot-kernel/optimizer.ts";

const base: Block[] = [{ kind: "multiboot", flags: 3, checksum: "auto" }, { kind: "entry", stack: "stack_top" }, { kind: "stack", size: 4096 }];
const hello = (volatile: boolean): Block => ({ kind: "vga-text", text: "Hi", row: 1, col: 2, fg: 14, bg: 1, blink: false, volatile });

describe("boot-kernel blocks", () => {
  it("the Multiboot header's automatic checksum makes magic + flags + checksum wrap to zero", { timeout: 5000 }, () => {
    for (const flags of [0, 3, 0x10003]) expect((0x1badb002 + flags + multibootChecksum(flags)) >>> 0).toBe(0);
    const src = generate(base, 0).source;
    expect(src).toContain(".long 0x1badb002\n.long 0x3\n.long 0xe4524ffb");
  });

  it("a hand-typed checksum is written as typed, even when wrong (stage 1's trap)", { timeout: 5000 }, () => {
    expect(generate([{ kind: "multiboot", flags: 3, checksum: 0xe4524ffe }], 0).source).toContain(".long 0xe4524ffe");
  });

  it("the attribute byte packs foreground in bits 0-3, background in 4-6 and blink in bit 7", { timeout: 5000 }, () => {
    expect(vgaAttribute(14, 1)).toBe(0x1e);
    expect(vgaAttribute(4, 0, true)).toBe(0x84);
    // "H" at row 1, column 2: 0xB8000 + (1*80 + 2)*2 = 0xB80A4.
    expect(generate([...base, hello(true)], 0).source).toContain("mov word ptr [0xb80a4], 0x1e48");
  });

  it("the entry sets ESP to the chosen end of the .bss stack, or leaves the loader's ESP", { timeout: 5000 }, () => {
    expect(generate(base, 0).source).toMatch(/_start:\nlea esp, \[stack_top\]/);
    expect(generate([base[0]!, { kind: "entry", stack: "none" }], 0).source).not.toContain("lea esp");
    expect(generate(base, 0).source).toMatch(/stack_bottom:\n\.skip 4096\nstack_top:/);
  });

  it("opt-level 1 deletes non-volatile VGA stores and keeps volatile ones", { timeout: 5000 }, () => {
    const plain = generate([...base, hello(false)], 1);
    expect(plain.deleted).toBe(2);
    expect(plain.source).not.toContain("0xb80a4");
    const vol = generate([...base, hello(true)], 1);
    expect(vol.deleted).toBe(0);
    expect(vol.source).toContain("mov word ptr [0xb80a4]");
    expect(generate([...base, hello(false)], 0).deleted).toBe(0);
  });

  it("an assembly block is opaque to the optimizer: it may read anything, so every store stays", { timeout: 5000 }, () => {
    const g = generate([...base, hello(false), { kind: "asm", text: "mov ax, word ptr [0xb80a4]" }], 1);
    expect(g.deleted).toBe(0);
    expect(optimize([{ op: "store", block: 0, addr: 0xb8000, value: 0x741, volatile: false }], 1).ops).toHaveLength(0);
  });

  it("IDT entries are 32-bit interrupt gates into the loader's code segment, and lidt follows", { timeout: 5000 }, () => {
    const src = generate([...base, { kind: "exception-handler", vector: 0, message: "EXCEPTION: DIVIDE ERROR" }, { kind: "idt", vectors: [0] }], 0).source;
    expect(src).toContain("lea eax, [isr_0]\nmov word ptr [idt_table+0], ax\nmov word ptr [idt_table+0+2], 0x8\nmov word ptr [idt_table+0+4], 0x8e00");
    expect(src).toContain("lidt [idt_ptr]");
  });

  it("an IDT vector without a handler block is a build error pointing at the IDT block", { timeout: 5000 }, () => {
    const g = generate([...base, { kind: "idt", vectors: [0x20] }], 0);
    expect(g.errors).toEqual([expect.objectContaining({ code: "E_NO_HANDLER", block: 3 })]);
  });

  it("the PIT divisor is 1193182 / Hz and the timer handler sends EOI only when asked", { timeout: 5000 }, () => {
    const exec = (eoi: boolean): Block => ({ kind: "executor", vector: 0x20, ticks: 3, eoi, message: "done" });
    const src = generate([...base, { kind: "pit", hz: 100 }, exec(true)], 0).source;
    expect(src).toContain("mov al, 0x9c\nout 0x40, al\nmov al, 0x2e\nout 0x40, al"); // 11932 = 0x2E9C
    expect(src).toMatch(/timer_isr:\npush eax\ninc dword ptr \[timer_ticks\]\nmov al, 0x20\nout 0x20, al/);
    expect(generate([...base, exec(false)], 0).source).not.toMatch(/timer_isr:[\s\S]*out 0x20, al[\s\S]*iretd/);
  });

  it("serial writes poll LSR bit 5 unless the block says not to, and strings are escaped for GNU as", { timeout: 5000 }, () => {
    const src = generate([...base, { kind: "serial-write", text: 'say "hi" \\o/', waitReady: true }, { kind: "serial-write", text: "x", waitReady: false }], 0).source;
    expect(src).toContain('.ascii "say \\"hi\\" \\\\o/\\n"');
    expect(src).toContain("call serial_puts_wait");
    expect(src).toContain("call serial_puts_nowait");
  });

  it("text that runs past the last screen cell and duplicate single blocks are build errors", { timeout: 5000 }, () => {
    const off: Block = { kind: "vga-text", text: "too long here", row: 24, col: 75, fg: 7, bg: 0, blink: false, volatile: true };
    expect(generate([...base, off], 0).errors[0]?.code).toBe("E_OFF_SCREEN");
    expect(generate([...base, base[2]!], 0).errors[0]?.code).toBe("E_DUPLICATE_BLOCK");
  });

  it("every block's source lines are recorded so an assembler error can point back at its block", { timeout: 5000 }, () => {
    const g = generate([...base, hello(true)], 0);
    const [first, last] = g.lines[3]!;
    const lines = g.source.split("\n");
    expect(lines.slice(first - 1, last).join("\n")).toContain("mov word ptr [0xb80a4], 0x1e48");
  });
});
