/** Kernels and linker scripts shared by the toolchain tests (GNU as syntax, Intel, as a player would write them). */

export const MULTIBOOT_HEADER = `.intel_syntax noprefix
.set MB_MAGIC, 0x1BADB002
.set MB_FLAGS, 3
.section .multiboot, "a"
.align 4
.long MB_MAGIC, MB_FLAGS, -(MB_MAGIC + MB_FLAGS)
`;

/** Writes "OK" to COM1, then 0x10 to isa-debug-exit (QEMU exits with (0x10 << 1) | 1 = 33). */
export const OK_KERNEL = MULTIBOOT_HEADER + `
.text
.global _start
_start:
  mov esp, offset stack_top
  mov dx, 0x3f8
  mov al, 'O'
  out dx, al
  mov al, 'K'
  out dx, al
  mov al, 0x10
  out 0xf4, al
halt:
  cli
  hlt
  jmp halt
.bss
.align 16
stack_bottom: .skip 16384
stack_top:
`;

export const STANDARD_SCRIPT = `ENTRY(_start)
OUTPUT_FORMAT(elf32-i386)
SECTIONS {
  . = 1M;
  .text BLOCK(4K) : ALIGN(4K) {
    KEEP(*(.multiboot))
    *(.text)
  }
  .rodata BLOCK(4K) : ALIGN(4K) { *(.rodata) }
  .data BLOCK(4K) : ALIGN(4K) { *(.data) }
  .bss BLOCK(4K) : ALIGN(4K) { *(COMMON) *(.bss) }
}
`;
