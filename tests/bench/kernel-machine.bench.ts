/**
 * boot-kernel machine figures (part of `npm run bench`), one JSON line: interpreter speed in instructions per second
 * on a loop-heavy kernel (a VGA fill loop with loads, stores, ALU ops and a conditional branch, run for ~3 s of wall
 * time). Goal: >= 20 M instructions/s. Nothing here is a pass/fail test.
 */
import { createMachine, runMachine } from "../../shared/levels/boot-kernel/machine.ts";
import { kernelElf, le32 } from "../unit/boot-kernel/kernel-image.ts";

// 1: mov edi, 0xb8000; mov ecx, 2000; 2: mov eax, [edi]; add eax, 0x0101; mov [edi], ax; add edi, 2; dec ecx; jnz 2b; jmp 1b
const loop = [
  0xbf, ...le32(0xb8000), 0xb9, ...le32(2000),
  0x8b, 0x07, 0x05, ...le32(0x0101), 0x66, 0x89, 0x07, 0x83, 0xc7, 0x02, 0x49, 0x75, 0xf0, 0xeb, 0xe4,
];
const made = createMachine(kernelElf(loop));
if (!made.ok) throw new Error(made.error.message);
const pc = made.value;
runMachine(pc, { instructions: 5_000_000 }); // warm-up
let executed = 0;
const t0 = performance.now();
while (performance.now() - t0 < 3000) executed += runMachine(pc, { instructions: 1_000_000 }).executed;
const seconds = (performance.now() - t0) / 1000;
console.log(JSON.stringify({ kernel: "vga-fill-loop", instructions: executed, seconds: Number(seconds.toFixed(2)), mips: Number((executed / seconds / 1e6).toFixed(2)), goal: { mips: 20 } }));
