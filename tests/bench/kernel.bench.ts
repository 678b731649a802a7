/**
 * boot-kernel toolchain figures (part of `npm run bench`), printed as one JSON line; nothing here is pass/fail.
 * A ~500-line kernel (Multiboot header, VGA and serial writers, IDT stubs, data tables, a .bss stack) is assembled
 * and linked with the standard script repeatedly: milliseconds per build and source lines per second, split into
 * assembling and linking.
 */
import { assemble } from "../../shared/levels/boot-kernel/assembler/index.ts";
import { link } from "../../shared/levels/boot-kernel/linker.ts";
import { OK_KERNEL, STANDARD_SCRIPT } from "../unit/boot-kernel/kernel-fixtures.ts";

function bigKernel(): string {
  const parts = [OK_KERNEL, ".text"];
  for (let i = 0; i < 24; i++) {
    parts.push(`.global isr${i}`, `isr${i}:`, "  pushad", `  push ${i}`, "  call isr_common", "  add esp, 4", "  popad", "  iretd");
  }
  parts.push("isr_common:", "  mov eax, [esp + 4]", "  mov dx, 0x20", "  mov al, 0x20", "  out dx, al", "  ret");
  for (let f = 0; f < 20; f++) {
    parts.push(`print${f}:`, "  push ebp", "  mov ebp, esp", "  mov esi, [ebp + 8]", `  mov edi, 0xb8000 + ${f * 160}`, `.Lloop${f}:`,
      "  lodsb", "  test al, al", `  jz .Ldone${f}`, "  mov ah, 0x0f", "  mov word ptr [edi], ax", "  add edi, 2", `  jmp .Lloop${f}`, `.Ldone${f}:`,
      "  mov dx, 0x3fd", `.Lwait${f}:`, "  in al, dx", "  test al, 0x20", `  jz .Lwait${f}`, "  pop ebp", "  ret");
  }
  parts.push(".data", "idt:");
  for (let i = 0; i < 24; i++) parts.push(`  .word 0, 0x08, 0x8e00, 0`, `  .long isr${i}`);
  parts.push(".section .rodata");
  for (let i = 0; i < 20; i++) parts.push(`msg${i}: .asciz "message number ${i}"`);
  return parts.join("\n") + "\n";
}

const source = bigKernel();
const lines = source.split("\n").length;
const rounds = 200;
let asmMs = 0;
let linkMs = 0;
for (let i = 0; i < rounds + 20; i++) {
  const t0 = performance.now();
  const obj = assemble(source, "kernel.s");
  const t1 = performance.now();
  if (!obj.ok) throw new Error(obj.error.message);
  const k = link([obj.value], STANDARD_SCRIPT);
  const t2 = performance.now();
  if (!k.ok) throw new Error(k.error.message);
  if (i >= 20) { asmMs += t1 - t0; linkMs += t2 - t1; }
}
const round = (x: number, d = 3) => Number(x.toFixed(d));
console.log(JSON.stringify({
  bench: "kernel",
  sourceLines: lines,
  assembleMsPerBuild: round(asmMs / rounds),
  linkMsPerBuild: round(linkMs / rounds),
  buildMsPerKernel: round((asmMs + linkMs) / rounds),
  linesPerSecond: Math.round(lines / ((asmMs + linkMs) / rounds / 1000)),
}));
