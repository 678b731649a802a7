/**
 * The in-game PC (shared/levels/boot-kernel/machine.ts) against Debian's real `qemu-system-i386 -kernel`: small kernels
 * written in GNU as syntax, assembled and linked by binutils, booted in both; serial output, VGA text memory (all 4000
 * bytes: characters and attributes, the SeaBIOS lines included), the isa-debug-exit status and the first line of each
 * `-d int` entry must agree. Timing is not compared (QEMU's TCG is not cycle-accurate).
 * Skips with the reason when qemu-system-i386 or binutils is missing; each QEMU boot has its own timeout and temp dir.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { faultLogHeadlines } from "../../shared/levels/boot-kernel/fault-log.ts";
import { createMachine, runMachine, serialOutput, type PcState } from "../../shared/levels/boot-kernel/machine.ts";
import { vgaCells, vgaLinesFromCells } from "../../shared/levels/boot-kernel/vga.ts";
import { binutilsMissingReason, bootInQemu, qemuMissingReason } from "../support/qemu.ts";

const missing = qemuMissingReason() ?? binutilsMissingReason();
const dir = mkdtempSync(join(tmpdir(), "bma-machine-qemu-"));
afterAll(() => { if (!process.env.KEEP) rmSync(dir, { recursive: true, force: true }); });

const SCRIPT = `ENTRY(_start)
SECTIONS {
  . = 1M;
  .text BLOCK(4K) : ALIGN(4K) { KEEP(*(.multiboot)) *(.text) }
  .data : { *(.data) }
  .bss : { *(COMMON) *(.bss) }
}
`;

/** Header, a 4 KiB stack, serial helpers (putc waits for LSR.THRE, puts takes ESI, hex2 prints AL). */
const PRELUDE = `.intel_syntax noprefix
.section .multiboot
.align 4
.long 0x1BADB002
.long 3
.long -(0x1BADB002 + 3)
.section .bss
.align 16
stack_bottom: .skip 4096
stack_top:
.section .text
putc:
  push edx
  push eax
  mov dx, 0x3fd
1: in al, dx
  test al, 0x20
  jz 1b
  pop eax
  mov dx, 0x3f8
  out dx, al
  pop edx
  ret
puts:
  push eax
2: mov al, [esi]
  test al, al
  jz 3f
  call putc
  inc esi
  jmp 2b
3: pop eax
  ret
hex2:
  push eax
  shr al, 4
  call nibble
  pop eax
  push eax
  and al, 15
  call nibble
  pop eax
  ret
nibble:
  add al, '0'
  cmp al, '9'
  jbe 4f
  add al, 7
4: call putc
  ret
`;

/** An IDT of 48 interrupt gates: stub n pushes n and jumps to \`common\`, which the kernel defines. */
const IDT = `
.section .data
.align 8
idt: .skip 48 * 8
idt_ptr: .word 48 * 8 - 1
  .long idt
.section .text
install_idt:
  mov ecx, 0
  mov ebx, offset stubs
5: mov eax, ebx
  mov word ptr [idt + ecx * 8], ax
  mov word ptr [idt + ecx * 8 + 2], 0x08
  mov word ptr [idt + ecx * 8 + 4], 0x8e00
  shr eax, 16
  mov word ptr [idt + ecx * 8 + 6], ax
  add ebx, 16
  inc ecx
  cmp ecx, 48
  jne 5b
  lidt [idt_ptr]
  ret
.align 16
stubs:
.rept 48
  .align 16
  push (. - stubs) / 16
  jmp common
.endr
`;

const KERNELS: Record<string, string> = {
  "serial-hello": `${PRELUDE}
.section .rodata
msg: .asciz "Hello from the serial port!\\n"
.section .text
.global _start
_start:
  mov esp, offset stack_top
  mov esi, offset msg
  call puts
  mov al, 0x10
  out 0xf4, al
  cli
  hlt
`,
  "vga-hello": `${PRELUDE}
.section .rodata
msg: .asciz "Hello, World!"
done: .asciz "DONE\\n"
.section .text
.global _start
_start:
  mov esp, offset stack_top
  mov esi, offset msg
  mov edi, 0xb8000 + 160 * 10
  mov ah, 0x1e
6: lodsb
  test al, al
  jz 7f
  stosw
  jmp 6b
7: mov edi, 0xb8000 + 160 * 12
  mov ecx, 80
  mov ax, 0x4f2d
  rep stosw
  mov dx, 0x3d4
  mov al, 0x0e
  out dx, al
  inc dx
  mov al, 0x03
  out dx, al
  dec dx
  mov al, 0x0f
  out dx, al
  inc dx
  mov al, 0x20
  out dx, al
  mov esi, offset done
  call puts
  cli
  hlt
`,
  "divide-by-zero": `${PRELUDE}${IDT}
.section .rodata
exc: .asciz "EXC "
done: .asciz "\\nDONE\\n"
.section .text
common:
  mov esi, offset exc
  call puts
  mov eax, [esp]
  call hex2
  mov esi, offset done
  call puts
  cli
  hlt
.global _start
_start:
  mov esp, offset stack_top
  call install_idt
  mov eax, 7
  xor edx, edx
  xor ecx, ecx
  div ecx
  cli
  hlt
`,
  "triple-fault": `${PRELUDE}
.section .data
bad_idt: .word 0
  .long 0
.section .text
.global _start
_start:
  mov esp, offset stack_top
  lidt [bad_idt]
  int3
  cli
  hlt
`,
  "unremapped-timer": `${PRELUDE}${IDT}
.section .rodata
tick: .asciz "tick on vector "
nl: .asciz "\\n"
done: .asciz "DONE\\n"
.section .bss
ticks: .skip 4
.section .text
common:
  push esi
  mov esi, offset tick
  call puts
  mov eax, [esp + 4]
  call hex2
  mov esi, offset nl
  call puts
  mov al, 0x20
  out 0x20, al
  inc dword ptr [ticks]
  pop esi
  add esp, 4
  iret
.global _start
_start:
  mov esp, offset stack_top
  call install_idt
  sti
8: hlt
  cmp dword ptr [ticks], 3
  jb 8b
  cli
  mov esi, offset done
  call puts
  hlt
`,
};

function build(name: string): string {
  const base = join(dir, name);
  writeFileSync(`${base}.s`, KERNELS[name]!);
  writeFileSync(`${base}.ld`, SCRIPT);
  const as = spawnSync("as", ["--32", `${base}.s`, "-o", `${base}.o`], { encoding: "utf8" });
  expect(as.status, as.stderr).toBe(0);
  const ld = spawnSync("ld", ["-m", "elf_i386", "--no-warn-rwx-segments", "-T", `${base}.ld`, `${base}.o`, "-o", `${base}.elf`], { encoding: "utf8" });
  expect(ld.status, ld.stderr).toBe(0);
  return `${base}.elf`;
}

function bootInGame(elfPath: string, noReboot = true): PcState {
  const made = createMachine(new Uint8Array(readFileSync(elfPath)), { noReboot, kernelName: elfPath });
  if (!made.ok) throw new Error(made.error.message);
  runMachine(made.value, { instructions: 20_000_000 });
  return made.value;
}

/**
 * The `-d int` lines both logs share: check_exception, the "N: v=.." entry lines, servicing and triple fault. QEMU
 * logs "Servicing hardware INT" for the BIOS's real-mode timer ticks too (without an entry line, since it only logs
 * entries in protected mode): a servicing line counts only when
 * the protected-mode entry for the same vector (IP=0008:) follows it.
 */
function qemuHeadlines(log: string): string[] {
  const lines = log.split("\n").filter((l) => /^check_exception|^ +\d+: v=|^Servicing hardware|^Triple fault/.test(l));
  return lines.filter((l, i) => {
    if (!l.startsWith("Servicing")) return true;
    const vector = l.slice(-2);
    return new RegExp(`^ +\\d+: v=${vector} e=0000 i=0 .*IP=0008:`).test(lines[i + 1] ?? "");
  });
}

describe.skipIf(missing !== undefined)(`in-game machine agrees with qemu-system-i386 ${missing ? `(skipped: ${missing})` : ""}`, () => {
  it("serial hello: same bytes on COM1 and the same isa-debug-exit status", async () => {
    const elf = build("serial-hello");
    const pc = bootInGame(elf);
    const q = await bootInQemu(elf, { timeoutMs: 15_000 });
    expect(serialOutput(pc)).toBe("Hello from the serial port!\n");
    expect(q.serial).toBe(serialOutput(pc));
    expect(pc.exitCode).toBe(0x21);
    expect(q.exitCode).toBe(pc.exitCode);
  }, 30_000);

  it("VGA hello: all 4000 bytes of text memory equal (SeaBIOS lines, colours, the kernel's text)", async () => {
    const elf = build("vga-hello");
    const pc = bootInGame(elf);
    const q = await bootInQemu(elf, { marker: "DONE\n", timeoutMs: 15_000 });
    expect(pc.status).toBe("halted-forever");
    expect(q.vga).not.toBeNull();
    const ours = vgaCells(pc.mem);
    expect(vgaLinesFromCells(ours)).toEqual(vgaLinesFromCells(q.vga!));
    expect(Array.from(ours)).toEqual(Array.from(q.vga!));
    expect(vgaLinesFromCells(ours)[10]!.startsWith("Hello, World!")).toBe(true);
  }, 30_000);

  it("divide by zero: the handler reports vector 00 and the -d int lines match", async () => {
    const elf = build("divide-by-zero");
    const pc = bootInGame(elf);
    const q = await bootInQemu(elf, { marker: "DONE\n", timeoutMs: 15_000, faultLog: true });
    expect(serialOutput(pc)).toBe("EXC 00\nDONE\n");
    expect(q.serial).toBe(serialOutput(pc));
    const theirs = qemuHeadlines(q.faultLog ?? "").filter((l) => !/^ +\d+: /.test(l) || /IP=0008:/.test(l));
    const ours = faultLogHeadlines(pc.faults);
    // QEMU's entry counter also counts the BIOS's real-mode interrupts: compare from "v=" on.
    const strip = (l: string) => l.replace(/^ +\d+: /, "N: ");
    expect(ours.map(strip)).toEqual(theirs.map(strip));
    expect(ours[0]).toBe("check_exception old: 0xffffffff new 0x0");
  }, 30_000);

  it("triple fault with -no-reboot: #BP through an empty IDT → #GP → #DF → triple fault, then shutdown", async () => {
    const elf = build("triple-fault");
    const pc = bootInGame(elf, true);
    const q = await bootInQemu(elf, { timeoutMs: 15_000, settleMs: 4_000, faultLog: true, noReboot: true });
    expect(pc.status).toBe("shutdown");
    expect(q.shutdown).toBe(true);
    const strip = (l: string) => l.replace(/^ +\d+: /, "N: ");
    const theirs = qemuHeadlines(q.faultLog ?? "").filter((l) => !/^ +\d+: /.test(l) || /IP=0008:/.test(l));
    expect(faultLogHeadlines(pc.faults).map(strip)).toEqual(theirs.map(strip));
    expect(faultLogHeadlines(pc.faults).at(-1)).toBe("Triple fault");
  }, 30_000);

  it("unremapped PIC + sti: timer ticks arrive on vector 08, the double-fault vector, in both", async () => {
    const elf = build("unremapped-timer");
    const pc = bootInGame(elf);
    const q = await bootInQemu(elf, { marker: "DONE\n", timeoutMs: 15_000, faultLog: true });
    expect(serialOutput(pc)).toBe("tick on vector 08\n".repeat(3) + "DONE\n");
    expect(q.serial).toBe(serialOutput(pc));
    const theirs = qemuHeadlines(q.faultLog ?? "").filter((l) => !/^ +\d+: /.test(l) || /IP=0008:/.test(l));
    expect(faultLogHeadlines(pc.faults)).toEqual(theirs);
    expect(faultLogHeadlines(pc.faults)[0]).toBe("Servicing hardware INT=0x08");
  }, 30_000);
});
