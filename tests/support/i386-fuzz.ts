/**
 * Random i386 test kernels for differential fuzzing of the in-game machine against real QEMU
 * (tests/integration/boot-kernel-fuzz-qemu.test.ts, scripts/fuzz-boot-kernel.ts).
 *
 * A kernel is a long run of independent cases. Each case loads EFLAGS and the eight registers with random values (one
 * or two of them pointing into a 128-byte scratch area, which is filled with random dwords too), runs 1–4 random
 * instructions the project's assembler knows, then writes one serial line: the case number, EAX..EDI, EFLAGS and a
 * checksum of the scratch area, in hex. Both machines boot the same ELF (built by our toolchain), so comparing the
 * serial output line by line compares thousands of instructions per boot.
 *
 * Nothing is masked: where the SDM leaves a flag undefined, the game promises QEMU's value (alu.ts), so every EFLAGS bit
 * QEMU shows is compared. Constraints keep cases from wandering off: registers used for addressing are never written
 * by the case, string operations and divides get their operands from a short preamble (so divides never fault and
 * string copies stay in the scratch area), popfd only loads values with TF and IF clear (no traps, no timer
 * interrupts), the stack stays inside the scratch area. Beyond the kernels' own instructions the cases cover lahf/sahf,
 * bswap, cmps/scas with every prefix, ins/outs at COM1's harmless registers, cpuid, segment register loads of the
 * ROM GDT's selectors (read back, so the selector shows in a register) and far jmp.
 *
 * The fault kernel installs an IDT of 48 interrupt gates (vector 0x2f not present, limit 48*8-1) whose stubs print
 * "case EXC vector error-code EIP EFLAGS" followed by the registers at the fault, then resume at the next case; faulting cases are
 * divides by zero and overflowing quotients, int n (in range, not present, beyond the limit), int3, into, ud2.
 * Uses the seeded generator of shared/engine/rng.ts: one seed, one kernel, in every run.
 */
import { createRng, nextInt, nextU32, pick, type Rng } from "../../shared/engine/rng.ts";

export interface FuzzCase {
  index: number;
  /** The instructions under test (preambles included), as assembly lines. */
  body: string[];
  /** The whole case as it appears in the kernel source (setup, body, dump). */
  source: string;
}

export interface FuzzKernel {
  /** Source files for buildKernel (the assembler limits the size of one file). */
  sources: { name: string; text: string }[];
  cases: FuzzCase[];
  /** Printed after the last case; the kernel then writes 0 to isa-debug-exit. */
  marker: string;
}

export const FUZZ_MARKER = "FUZZ-DONE\n";

export const FUZZ_SCRIPT = `ENTRY(_start)
SECTIONS {
  . = 1M;
  .text BLOCK(4K) : ALIGN(4K) { KEEP(*(.multiboot)) *(.text) }
  .data : { *(.data) }
  .bss : { *(COMMON) *(.bss) }
}
`;

const R32 = ["eax", "ecx", "edx", "ebx", "esp", "ebp", "esi", "edi"] as const;
const R16 = ["ax", "cx", "dx", "bx", "sp", "bp", "si", "di"] as const;
const R8 = ["al", "cl", "dl", "bl", "ah", "ch", "dh", "bh"] as const;
const EAX = 0, ECX = 1, EDX = 2, EBX = 3, ESP = 4, EBP = 5, ESI = 6, EDI = 7;
const PTR: Record<number, string> = { 1: "byte ptr", 2: "word ptr", 4: "dword ptr" };
const MASKS: Record<number, number> = { 1: 0xff, 2: 0xffff, 4: 0xffffffff };
const ALU = ["add", "or", "adc", "sbb", "and", "sub", "xor", "cmp"];
const SHIFTS = ["rol", "ror", "rcl", "rcr", "shl", "sal", "shr", "sar"];
const CONDITIONS = ["o", "no", "b", "c", "nae", "ae", "nb", "nc", "e", "z", "ne", "nz", "be", "na", "a", "nbe", "s", "ns",
  "p", "pe", "np", "po", "l", "nge", "ge", "nl", "le", "ng", "g", "nle"];

/** Scratch layout: bytes 0..63 are data, 64..127 the case's stack. */
const SCRATCH_BYTES = 128;
const STACK_BASE = 96;
/** TF (single-step traps), IF (timer interrupts), RF and VM never come from a random value. */
const RANDOM_FLAGS_MASK = 0x3f7fd5 & ~((1 << 8) | (1 << 9) | (1 << 16) | (1 << 17));

const hex = (v: number): string => `0x${(v >>> 0).toString(16)}`;

/** Random values biased toward the edges where flags change (0, ±1, sign boundaries). */
function value(rng: Rng, size: number): number {
  const mask = MASKS[size]!;
  const sign = size === 4 ? 0x80000000 : (mask + 1) / 2;
  switch (nextInt(rng, 0, 7)) {
    case 0: return pick(rng, [0, 1, 2, mask, mask - 1, sign, sign - 1, sign + 1]) >>> 0;
    case 1: return nextInt(rng, 0, 16);
    case 2: return (mask - nextInt(rng, 0, 16)) >>> 0;
    default: return (nextU32(rng) & mask) >>> 0;
  }
}

interface CaseState {
  rng: Rng;
  /** Registers (0..7) the case must not write: address registers and ESP. */
  reserved: Set<number>;
  /** Base pointer register and its offset into the scratch area. */
  base: number;
  index: number;
  /** ESP offset in the scratch area as the body proceeds (push/pop tracked so the stack stays inside it). */
  sp: number;
  label: string;
  labels: number;
  lines: string[];
  /** ESI and EDI are free for string operations (the address registers are EBX and EBP). */
  strings: boolean;
  /** popad/popfd-from-memory end a case: everything after would address memory through random registers. */
  closed: boolean;
}

function writable(s: CaseState, size: number): number[] {
  const out: number[] = [];
  for (let r = 0; r < 8; r++) {
    const full = size === 1 ? r & 3 : r;
    if (!s.reserved.has(full) && full !== ESP) out.push(r);
  }
  return out;
}

function regName(r: number, size: number): string {
  return size === 4 ? R32[r]! : size === 2 ? R16[r]! : R8[r]!;
}

function anyReg(s: CaseState, size: number): string {
  return regName(nextInt(s.rng, 0, 7), size);
}

function destReg(s: CaseState, size: number): string {
  return regName(pick(s.rng, writable(s, size)), size);
}

/** A memory operand inside the data part of the scratch area, in one of the addressing forms. */
function memAddr(s: CaseState, size: number): string {
  const rng = s.rng;
  const base = R32[s.base]!;
  switch (nextInt(rng, 0, 4)) {
    case 0: return `[scratch + ${nextInt(rng, 0, 64 - size)}]`;
    case 1: return `[${base}]`;
    case 2: return `[${base} + ${nextInt(rng, 1, 16)}]`;
    case 3: return `[${base} + ${R32[s.index]!}*${pick(rng, [1, 2, 4, 8])} + ${nextInt(rng, 0, 12)}]`;
    default: return `[${base} + ${R32[s.index]!}]`;
  }
}

function mem(s: CaseState, size: number): string {
  return `${PTR[size]!} ${memAddr(s, size)}`;
}

function rm(s: CaseState, size: number, write: boolean): string {
  if (nextInt(s.rng, 0, 2) === 0) return mem(s, size);
  return write ? destReg(s, size) : anyReg(s, size);
}

function size(s: CaseState, allow8 = true): number {
  return pick(s.rng, allow8 ? [1, 2, 4, 4] : [2, 4, 4]);
}

function simm8(rng: Rng): number {
  return pick(rng, [0, 1, -1, 127, -128, nextInt(rng, -128, 127)]);
}

type Generator = (s: CaseState) => void;

const emit = (s: CaseState, ...lines: string[]) => { s.lines.push(...lines); };

const GENERATORS: [number, Generator][] = [
  [12, (s) => { // the eight ALU operations in every form
    const op = pick(s.rng, ALU);
    const sz = size(s);
    const w = op !== "cmp";
    const pickWritable = (): string => (w ? destReg(s, sz) : anyReg(s, sz));
    switch (nextInt(s.rng, 0, 5)) {
      case 0: emit(s, `${op} ${pickWritable()}, ${anyReg(s, sz)}`); break;
      case 1: emit(s, `${op} ${pickWritable()}, ${mem(s, sz)}`); break;
      case 2: emit(s, `${op} ${mem(s, sz)}, ${anyReg(s, sz)}`); break;
      case 3: emit(s, `${op} ${rm(s, sz, w)}, ${hex(value(s.rng, sz))}`); break;
      case 4: emit(s, `${op} ${rm(s, sz, w)}, ${sz === 1 ? hex(value(s.rng, 1)) : simm8(s.rng)}`); break;
      default: emit(s, `${op} ${regName(EAX, sz)}, ${hex(value(s.rng, sz))}`);
    }
  }],
  [3, (s) => { // mov in its register, memory, immediate and accumulator-offset forms
    const sz = size(s);
    switch (nextInt(s.rng, 0, 3)) {
      case 0: emit(s, `mov ${destReg(s, sz)}, ${rm(s, sz, false)}`); break;
      case 1: emit(s, `mov ${mem(s, sz)}, ${anyReg(s, sz)}`); break;
      case 2: emit(s, `mov ${rm(s, sz, true)}, ${hex(value(s.rng, sz))}`); break;
      default: emit(s, nextInt(s.rng, 0, 1) === 0 ? `mov ${regName(EAX, sz)}, [scratch + ${nextInt(s.rng, 0, 60)}]` : `mov [scratch + ${nextInt(s.rng, 0, 60)}], ${regName(EAX, sz)}`);
    }
  }],
  [3, (s) => {
    const sz = size(s);
    if (nextInt(s.rng, 0, 1) === 0) emit(s, `test ${rm(s, sz, false)}, ${anyReg(s, sz)}`);
    else emit(s, `test ${rm(s, sz, false)}, ${hex(value(s.rng, sz))}`);
  }],
  [4, (s) => emit(s, `${pick(s.rng, ["inc", "dec"])} ${rm(s, size(s), true)}`)],
  [3, (s) => emit(s, `${pick(s.rng, ["neg", "not"])} ${rm(s, size(s), true)}`)],
  [10, (s) => { // shifts and rotates by 1, CL and immediates (0, the width and beyond included)
    const sz = size(s);
    const target = rm(s, sz, true);
    const count = pick(s.rng, ["1", "cl", "cl", String(nextInt(s.rng, 0, 31)), String(pick(s.rng, [0, 7, 8, 9, 15, 16, 17, 31, 32, 33, 255]))]);
    emit(s, `${pick(s.rng, SHIFTS)} ${target}, ${count}`);
  }],
  [4, (s) => emit(s, `${pick(s.rng, ["mul", "imul"])} ${rm(s, size(s), false)}`)],
  [4, (s) => { // imul, two and three operands
    const sz = size(s, false);
    const dst = destReg(s, sz);
    switch (nextInt(s.rng, 0, 2)) {
      case 0: emit(s, `imul ${dst}, ${rm(s, sz, false)}`); break;
      case 1: emit(s, `imul ${dst}, ${rm(s, sz, false)}, ${simm8(s.rng)}`); break;
      default: emit(s, `imul ${dst}, ${rm(s, sz, false)}, ${hex(value(s.rng, sz))}`);
    }
  }],
  [5, (s) => divide(s, false)],
  [4, (s) => { // movzx/movsx
    const op = pick(s.rng, ["movzx", "movsx"]);
    switch (nextInt(s.rng, 0, 2)) {
      case 0: emit(s, `${op} ${destReg(s, 4)}, ${rm(s, 1, false)}`); break;
      case 1: emit(s, `${op} ${destReg(s, 4)}, ${rm(s, 2, false)}`); break;
      default: emit(s, `${op} ${destReg(s, 2)}, ${rm(s, 1, false)}`);
    }
  }],
  [3, (s) => { // lea computes with any registers (no memory access)
    const scale = pick(s.rng, [1, 2, 4, 8]);
    const disp = pick(s.rng, [0, nextInt(s.rng, -128, 127), nextU32(s.rng) | 0]);
    const d = disp < 0 ? `- ${-disp}` : `+ ${disp}`;
    const addr = nextInt(s.rng, 0, 1) === 0 ? `[${anyReg(s, 4)} ${d}]` : `[${anyReg(s, 4)} + ${pick(s.rng, R32.filter((r) => r !== "esp"))}*${scale} ${d}]`;
    emit(s, `lea ${destReg(s, pick(s.rng, [2, 4, 4]))}, ${addr}`);
  }],
  [3, (s) => { // xchg: both operands written
    const sz = size(s);
    if (nextInt(s.rng, 0, 1) === 0) emit(s, `xchg ${destReg(s, sz)}, ${destReg(s, sz)}`);
    else emit(s, `xchg ${mem(s, sz)}, ${destReg(s, sz)}`);
  }],
  [4, (s) => emit(s, `set${pick(s.rng, CONDITIONS)} ${rm(s, 1, true)}`)],
  [3, (s) => { const sz = size(s, false); emit(s, `cmov${pick(s.rng, CONDITIONS)} ${destReg(s, sz)}, ${rm(s, sz, false)}`); }],
  [3, (s) => { // jcc over a mov: which way the branch went shows in the register
    const skip = `${s.label}_skip${s.labels++}`;
    emit(s, `j${pick(s.rng, CONDITIONS)} ${skip}`, `mov ${destReg(s, 4)}, ${hex(nextU32(s.rng))}`, `${skip}:`);
  }],
  [5, (s) => { // push/pop in their forms, the stack kept inside the scratch area
    const choice = nextInt(s.rng, 0, 7);
    if (choice <= 3 && s.sp >= 40) {
      s.sp -= choice === 3 ? 2 : 4;
      emit(s, [`push ${anyReg(s, 4)}`, `push ${pick(s.rng, [simm8(s.rng), hex(nextU32(s.rng))])}`, `push ${mem(s, 4)}`, `push ${anyReg(s, 2)}`][choice]!);
    } else if (choice <= 6 && s.sp <= SCRATCH_BYTES - 4) {
      s.sp += choice === 6 ? 2 : 4;
      emit(s, choice === 4 ? `pop ${destReg(s, 4)}` : choice === 5 ? `pop ${mem(s, 4)}` : `pop ${destReg(s, 2)}`);
    } else if (s.sp >= 40) {
      s.sp -= 32;
      emit(s, "pushad");
    }
  }],
  [2, (s) => { // pushfd/popfd: flags out through the stack, a sanitised value in
    if (nextInt(s.rng, 0, 1) === 0) emit(s, "pushfd", `pop ${destReg(s, 4)}`);
    else emit(s, `push ${hex(nextU32(s.rng) & RANDOM_FLAGS_MASK)}`, "popfd");
  }],
  [1, (s) => { // popad loads every register from the stack: it ends the case
    if (s.sp > SCRATCH_BYTES - 32) return;
    s.sp += 32;
    emit(s, "popad");
    s.closed = true;
  }],
  [6, (s) => { // string operations with rep and small counts, forwards or backwards
    if (!s.strings) return;
    const kind = pick(s.rng, ["movs", "stos", "lods"]);
    const sz = size(s);
    const suffix = sz === 1 ? "b" : sz === 2 ? "w" : "d";
    const count = nextInt(s.rng, 0, 4);
    const backwards = nextInt(s.rng, 0, 2) === 0;
    emit(s, `mov esi, offset scratch + ${nextInt(s.rng, 16, 44)}`, `mov edi, offset scratch + ${nextInt(s.rng, 16, 44)}`,
      `mov ecx, ${count}`, backwards ? "std" : "cld");
    emit(s, `${nextInt(s.rng, 0, 3) === 0 ? "" : "rep "}${kind}${suffix}`);
  }],
  [3, (s) => emit(s, pick(s.rng, ["cbw", "cwde", "cwd", "cdq", "clc", "stc", "cmc", "cld", "nop"]))],
  [3, (s) => { // lahf (writes AH), sahf, bswap
    const choice = nextInt(s.rng, 0, 2);
    if (choice === 0 && !s.reserved.has(EAX)) emit(s, "lahf");
    else if (choice === 1) emit(s, "sahf");
    else emit(s, `bswap ${destReg(s, 4)}`);
  }],
  [5, (s) => { // cmps/scas with every prefix, forwards or backwards; AL/AX/EAX sometimes loaded from the data so scas can match
    if (!s.strings) return;
    const kind = pick(s.rng, ["cmps", "scas"]);
    const sz = size(s);
    const count = nextInt(s.rng, 0, 5);
    emit(s, `mov esi, offset scratch + ${nextInt(s.rng, 16, 40)}`, `mov edi, offset scratch + ${nextInt(s.rng, 16, 40)}`,
      `mov ecx, ${count}`, nextInt(s.rng, 0, 2) === 0 ? "std" : "cld");
    if (kind === "scas" && nextInt(s.rng, 0, 1) === 0) emit(s, `mov ${regName(EAX, sz)}, ${PTR[sz]} [scratch + ${nextInt(s.rng, 16, 40)}]`);
    emit(s, `${pick(s.rng, ["", "rep ", "repe ", "repz ", "repne ", "repnz "])}${kind}${sz === 1 ? "b" : sz === 2 ? "w" : "d"}`);
  }],
  [2, (s) => { // ins/outs: bytes through COM1's scratch register (0x3ff), words through MSR+SCR (0x3fe), dwords only read (0x3fc-0x3ff)
    // Wider accesses past 0x3ff are left out: QEMU 7.2 aborts on them (serial.c: assertion `size == 1 && addr < 8').
    if (!s.strings) return;
    const sz = pick(s.rng, [1, 1, 2, 4]);
    const suffix = sz === 1 ? "b" : sz === 2 ? "w" : "d";
    emit(s, `mov esi, offset scratch + ${nextInt(s.rng, 16, 40)}`, `mov edi, offset scratch + ${nextInt(s.rng, 16, 40)}`,
      `mov ecx, ${nextInt(s.rng, 0, 4)}`, `mov edx, ${sz === 1 ? 0x3ff : sz === 2 ? 0x3fe : 0x3fc}`, nextInt(s.rng, 0, 2) === 0 ? "std" : "cld");
    if (sz !== 4) emit(s, `${pick(s.rng, ["", "rep "])}outs${suffix}`);
    emit(s, `${pick(s.rng, ["", "rep "])}ins${suffix}`);
  }],
  [2, (s) => { // cpuid: known leaves, their neighbours and random ones, with a subleaf
    if ([EAX, EBX, ECX, EDX].some((r) => s.reserved.has(r))) return;
    const leaf = pick(s.rng, [0, 1, 2, 3, 4, 4, 5, 7, 0xd, 0x40000000, 0x40000001, 0x40000002, 0x80000000, 0x80000001,
      0x80000002, 0x80000003, 0x80000004, 0x80000005, 0x80000008, 0xc0000000, nextU32(s.rng)]);
    emit(s, `mov eax, ${hex(leaf)}`, `mov ecx, ${pick(s.rng, [0, 1, 2, 3, 4, 5, nextU32(s.rng)])}`, "cpuid");
  }],
  [2, (s) => { // segment registers: loads of the ROM GDT's flat data selector (null and code only into FS/GS, which no access uses), read back
    const sreg = pick(s.rng, ["ds", "es", "ss", "fs", "gs"]);
    const selector = sreg === "fs" || sreg === "gs" ? pick(s.rng, [0, 0x08, 0x10, 3]) : 0x10;
    switch (nextInt(s.rng, 0, 2)) {
      case 0: { const r = destReg(s, 2); emit(s, `mov ${r}, ${selector}`, `mov ${sreg}, ${r}`); break; }
      case 1: { const k = nextInt(s.rng, 0, 30) * 2; emit(s, `mov word ptr [scratch + ${k}], ${selector}`, `mov ${sreg}, word ptr [scratch + ${k}]`); break; }
      default: if (s.sp >= 40) emit(s, `push ${selector}`, `pop ${sreg}`);
    }
    emit(s, `mov ${destReg(s, pick(s.rng, [2, 4]))}, ${sreg}`);
    if (s.sp >= 40) emit(s, `push ${sreg}`, `pop ${destReg(s, 4)}`);
  }],
  [1, (s) => { // far jmp to the ROM GDT's code selector
    const skip = `${s.label}_far${s.labels++}`;
    emit(s, `jmp 0x08:${skip}`, `mov ${destReg(s, 4)}, ${hex(nextU32(s.rng))}`, `${skip}:`);
  }],
];
const TOTAL_WEIGHT = GENERATORS.reduce((n, [w]) => n + w, 0);

/**
 * div/idiv whose quotient fits (or, with `fault`, may not): a preamble loads the dividend and the divisor (a register
 * or a scratch dword), then the divide runs.
 */
function divide(s: CaseState, fault: boolean): void {
  const rng = s.rng;
  const sz = size(s);
  const signed = nextInt(rng, 0, 1) === 1;
  const bits = BigInt(sz * 8);
  const mask = (1n << bits) - 1n;
  let divisor = BigInt(value(rng, sz)) || 3n;
  let dividend: bigint;
  if (fault && nextInt(rng, 0, 2) === 0) {
    divisor = 0n;
    dividend = BigInt(nextU32(rng));
  } else if (fault && signed && nextInt(rng, 0, 1) === 0) {
    // -1: the most negative dividend overflows. Not for 16 and 32 bits: QEMU 7.2 divides INT32_MIN / -1 and
    // INT64_MIN / -1 with a host idiv (helper_idivw_AX, helper_idivl_EAX) and dies of SIGFPE instead of raising #DE
    // (seen here); half of it overflows as well.
    divisor = mask;
    dividend = -(1n << (2n * bits - (sz === 1 ? 1n : 2n)));
  } else if (fault) {
    dividend = (BigInt(value(rng, sz)) << bits) | BigInt(value(rng, sz));
  } else if (!signed) {
    const q = BigInt(value(rng, sz)), r = BigInt(nextU32(rng)) % divisor;
    dividend = q * divisor + r;
  } else {
    const d = BigInt.asIntN(Number(bits), divisor);
    const limit = 1n << (bits - 1n);
    let q = BigInt.asIntN(Number(bits), BigInt(value(rng, sz)));
    // Keep q*d inside the signed double-width range, then a remainder with the dividend's sign.
    if (q >= limit - 1n || q <= -limit) q = q / 2n;
    const r0 = BigInt(nextU32(rng)) % (d < 0n ? -d : d);
    dividend = q * d;
    dividend += dividend < 0n ? -r0 : r0;
  }
  const wide = BigInt.asUintN(Number(bits) * 2, dividend);
  const low = Number(wide & mask), high = Number(wide >> bits);
  if (sz === 1) emit(s, `mov ax, ${hex(Number(wide & 0xffffn))}`);
  else emit(s, `mov ${regName(EAX, sz)}, ${hex(low)}`, `mov ${regName(EDX, sz)}, ${hex(high)}`);
  let operand: string;
  if (nextInt(rng, 0, 1) === 0) {
    operand = mem(s, sz);
    emit(s, `mov ${operand}, ${hex(Number(divisor))}`);
  } else {
    const regs = writable(s, sz).filter((r) => (sz === 1 ? (r & 3) !== EAX : r !== EAX && r !== EDX));
    operand = regName(pick(rng, regs), sz);
    emit(s, `mov ${operand}, ${hex(Number(divisor))}`);
  }
  emit(s, `${signed ? "idiv" : "div"} ${operand}`);
}

function generator(rng: Rng): Generator {
  let n = nextInt(rng, 0, TOTAL_WEIGHT - 1);
  for (const [w, g] of GENERATORS) {
    if (n < w) return g;
    n -= w;
  }
  return GENERATORS[0]![1];
}

/** The case's setup: scratch from a seed (xorshift in `fill_scratch`), EFLAGS, then every register. */
function setup(s: CaseState, extraFlags: number): string[] {
  const rng = s.rng;
  const lines = ["mov esp, offset stack_top", `mov eax, ${hex(nextU32(rng) | 1)}`, "call fill_scratch",
    `push ${hex((nextU32(rng) & RANDOM_FLAGS_MASK) | extraFlags)}`, "popfd"];
  for (let r = 0; r < 8; r++) {
    if (r === ESP) lines.push(`mov esp, offset scratch + ${s.sp}`);
    else if (r === s.base) lines.push(`mov ${R32[r]}, offset scratch + ${nextInt(rng, 0, 24)}`);
    else if (r === s.index) lines.push(`mov ${R32[r]}, ${nextInt(rng, 0, 3)}`);
    else lines.push(`mov ${R32[r]}, ${hex(value(rng, 4))}`);
  }
  return lines;
}

/** Prints the case's line; `dump_case` saves the registers and flags first (mov, push and call change no flag). */
function dump(index: number): string[] {
  return ["mov dword ptr [saved + 16], esp", "mov esp, offset stack_top", `push ${index}`, "call dump_case"];
}

function newCase(rng: Rng, index: number): CaseState {
  const strings = nextInt(rng, 0, 3) === 0;
  const pointers = strings ? [EBX, EBP] : [EBX, EBP, ESI, EDI];
  const base = pick(rng, pointers);
  const index2 = pick(rng, pointers.filter((r) => r !== base));
  const sp = STACK_BASE + 4 * nextInt(rng, 0, 4) + (nextInt(rng, 0, 7) === 0 ? 2 : 0);
  return { rng, reserved: new Set([base, index2, ESP]), base, index: index2, sp, label: `case${index}`, labels: 0, lines: [], strings, closed: false };
}

/**
 * The helpers every kernel shares: the Multiboot header, a 4 KiB stack (stack_top), data, serial output (putc: AL,
 * puts: ESI, hex8: EAX, space) and the dump routine. `extraData` goes into .data.
 */
export function prelude(extraData: string): string {
  return `.intel_syntax noprefix
${["stack_top", "scratch", "saved", "done_msg", "resume", "current_case", "dump_case", "fill_scratch", "puts"].map((g) => `.global ${g}`).join("\n")}
.section .multiboot, "a"
.align 4
.long 0x1BADB002, 3, -(0x1BADB002 + 3)
.section .bss
.align 16
stack_bottom: .skip 4096
stack_top:
.section .data
.align 16
# Room below the scratch area for exception frames pushed on a case's stack.
guard: .skip 256
scratch: .skip ${SCRATCH_BYTES}
saved: .skip 40
done_msg: .asciz "${FUZZ_MARKER.replace("\n", "\\n")}"
resume: .long 0
current_case: .long 0
${extraData}
.section .text
putc:
  push edx
  push eax
  mov dx, 0x3fd
putc_wait:
  in al, dx
  test al, 0x20
  jz putc_wait
  pop eax
  mov dx, 0x3f8
  out dx, al
  pop edx
  ret
puts:
  push eax
puts_next:
  mov al, [esi]
  test al, al
  jz puts_end
  call putc
  inc esi
  jmp puts_next
puts_end:
  pop eax
  ret
# Prints EAX as eight hex digits.
hex8:
  push ecx
  push eax
  mov ecx, 8
hex8_digit:
  rol eax, 4
  push eax
  and al, 15
  add al, 0x30
  cmp al, 0x39
  jbe hex8_out
  add al, 7
hex8_out:
  call putc
  pop eax
  dec ecx
  jnz hex8_digit
  pop eax
  pop ecx
  ret
space:
  push eax
  mov al, 0x20
  call putc
  pop eax
  ret
# Saves EAX..EDI (ESP was saved by the case) and EFLAGS, then prints
# "case eax ecx edx ebx esp ebp esi edi eflags checksum" (the case number is on the stack).
dump_case:
  pushfd
  pop dword ptr [saved + 32]
  mov [saved + 0], eax
  mov [saved + 4], ecx
  mov [saved + 8], edx
  mov [saved + 12], ebx
  mov [saved + 20], ebp
  mov [saved + 24], esi
  mov [saved + 28], edi
  mov eax, [esp + 4]
  call hex8
  mov ecx, 0
dump_reg:
  call space
  mov eax, [saved + ecx*4]
  call hex8
  inc ecx
  cmp ecx, 9
  jne dump_reg
  call space
  xor eax, eax
  mov ecx, 0
dump_sum:
  rol eax, 5
  xor eax, [scratch + ecx*4]
  inc ecx
  cmp ecx, ${SCRATCH_BYTES / 4}
  jne dump_sum
  call hex8
  mov al, 10
  call putc
  ret 4
# Fills the scratch area from the xorshift32 seed in EAX.
fill_scratch:
  mov ecx, 0
fill_next:
  mov edx, eax
  shl edx, 13
  xor eax, edx
  mov edx, eax
  shr edx, 17
  xor eax, edx
  mov edx, eax
  shl edx, 5
  xor eax, edx
  mov [scratch + ecx*4], eax
  inc ecx
  cmp ecx, ${SCRATCH_BYTES / 4}
  jne fill_next
  ret
`;
}

const EPILOGUE = `  mov esp, offset stack_top
  mov esi, offset done_msg
  call puts
  mov al, 0
  out 0xf4, al
halt_forever:
  cli
  hlt
  jmp halt_forever
`;

/** Cases per source file: the assembler takes at most 200 000 characters a file. */
const CASES_PER_FILE = 150;

/**
 * The first file holds the helpers and `_start`; cases follow in files of CASES_PER_FILE, each ending with a jump to
 * the next (labels in other files are external, as GNU as treats undefined symbols).
 */
function assembleKernel(pre: string, start: string[], cases: FuzzCase[]): FuzzKernel {
  const sources: { name: string; text: string }[] = [];
  const files = Math.max(1, Math.ceil(cases.length / CASES_PER_FILE));
  for (let f = 0; f < files; f++) {
    const chunk = cases.slice(f * CASES_PER_FILE, (f + 1) * CASES_PER_FILE).map((c) => c.source).join("");
    const head = f === 0 ? `${pre}.global _start\n_start:\n${start.map((l) => `  ${l}\n`).join("")}` : `.intel_syntax noprefix\n.text\n.global cases${f}\ncases${f}:\n`;
    const tail = f + 1 < files ? `  jmp cases${f + 1}\n` : EPILOGUE;
    sources.push({ name: `fuzz${f}.s`, text: head + chunk + tail });
  }
  return { sources, cases, marker: FUZZ_MARKER };
}

function caseSource(label: string, lines: readonly string[]): string {
  return `# ${label}\n${lines.map((l) => (l.endsWith(":") ? `${l}\n` : `  ${l}\n`)).join("")}`;
}

/** A kernel of `count` cases of non-faulting instructions. */
export function generateFuzzKernel(seed: number, count: number): FuzzKernel {
  const rng = createRng(seed);
  const cases: FuzzCase[] = [];
  for (let i = 0; i < count; i++) {
    const s = newCase(rng, i);
    const pre = setup(s, 0);
    const n = nextInt(rng, 1, 4);
    // A generator that does not fit the case (no stack room, string registers taken) emits nothing: draw again.
    for (let made = 0, tries = 0; made < n && !s.closed && tries < 20; tries++) {
      const before = s.lines.length;
      generator(rng)(s);
      if (s.lines.length > before) made++;
    }
    const body = s.lines;
    cases.push({ index: i, body, source: caseSource(s.label, [...pre, ...body, ...dump(i)]) });
  }
  return assembleKernel(prelude(""), ["mov esp, offset stack_top"], cases);
}

const IDT_ENTRIES = 48;
const NOT_PRESENT_VECTOR = 0x2f;

/** Exceptions that push an error code (SDM vol. 3 Table 6-1); the stubs push a 0 for the others. */
const WITH_ERROR_CODE = new Set([8, 10, 11, 12, 13, 14, 17]);

function faultPrelude(): string {
  const stubs: string[] = [];
  for (let v = 0; v < IDT_ENTRIES; v++) {
    stubs.push(`stub${v}:`, ...(WITH_ERROR_CODE.has(v) ? [] : ["  push 0"]), `  push ${v}`, "  jmp fault_common");
  }
  const data = `.align 8
idt: .skip ${IDT_ENTRIES * 8}
idt_ptr: .word ${IDT_ENTRIES * 8 - 1}
  .long idt
stub_table:
${Array.from({ length: IDT_ENTRIES }, (_, v) => `  .long stub${v}`).join("\n")}
exc_msg: .asciz " EXC "`;
  return `${prelude(data)}install_idt:
  mov ecx, 0
install_gate:
  mov eax, [stub_table + ecx*4]
  mov word ptr [idt + ecx*8], ax
  mov word ptr [idt + ecx*8 + 2], 0x08
  mov word ptr [idt + ecx*8 + 4], 0x8e00
  shr eax, 16
  mov word ptr [idt + ecx*8 + 6], ax
  inc ecx
  cmp ecx, ${IDT_ENTRIES}
  jne install_gate
  mov word ptr [idt + ${NOT_PRESENT_VECTOR * 8 + 4}], 0x0e00
  lidt [idt_ptr]
  ret
# Stack: vector, error code, EIP, CS, EFLAGS. Prints "case EXC vector error eip eflags" and the registers, then
# resumes with the next case.
fault_common:
  pushad
  mov eax, [current_case]
  call hex8
  mov esi, offset exc_msg
  call puts
  mov eax, [esp + 32]
  call hex8
  call space
  mov eax, [esp + 36]
  call hex8
  call space
  mov eax, [esp + 40]
  call hex8
  call space
  mov eax, [esp + 48]
  call hex8
  mov ecx, 7
fault_reg:
  call space
  mov eax, [esp + ecx*4]
  call hex8
  dec ecx
  jns fault_reg
  mov al, 10
  call putc
  mov esp, offset stack_top
  jmp dword ptr [resume]
${stubs.join("\n")}
`;
}

/** A case whose instruction may fault; the handler prints what it saw, the case prints a line if nothing faulted. */
function faultBody(s: CaseState): void {
  const rng = s.rng;
  switch (nextInt(rng, 0, 5)) {
    case 0: case 1: divide(s, true); break;
    case 2: emit(s, `int ${pick(rng, [nextInt(rng, 0, IDT_ENTRIES - 1), NOT_PRESENT_VECTOR, IDT_ENTRIES, nextInt(rng, IDT_ENTRIES, 255)])}`); break;
    case 3: emit(s, "int3"); break;
    case 4: emit(s, "into"); break;
    default: emit(s, "ud2");
  }
}

/** A kernel of `count` cases that fault (or may): an IDT reports each exception and resumes with the next case. */
export function generateFaultKernel(seed: number, count: number): FuzzKernel {
  const rng = createRng(seed);
  const cases: FuzzCase[] = [];
  for (let i = 0; i < count; i++) {
    const s = newCase(rng, i);
    // Half the cases set OF so that `into` traps.
    const pre = setup(s, nextInt(rng, 0, 1) === 1 ? 1 << 11 : 0);
    faultBody(s);
    const resume = `case${i}_end`;
    const lines = [`mov dword ptr [resume], offset ${resume}`, `mov dword ptr [current_case], ${i}`, ...pre, ...s.lines, ...dump(i), `${resume}:`];
    cases.push({ index: i, body: s.lines, source: caseSource(s.label, lines) });
  }
  return assembleKernel(faultPrelude(), ["mov esp, offset stack_top", "call install_idt"], cases);
}

const FIELDS = ["case", "EAX", "ECX", "EDX", "EBX", "ESP", "EBP", "ESI", "EDI", "EFLAGS", "scratch sum"];

/** Names the fields of two lines that differ ("EFLAGS ours 00000893 QEMU 00000892"). */
function fieldDifferences(ours: string, qemu: string): string {
  const a = ours.split(" "), b = qemu.split(" ");
  const names = a[1] === "EXC" ? ["case", "EXC", "vector", "error code", "saved EIP", "saved EFLAGS", ...FIELDS.slice(1, 9)] : FIELDS;
  const out: string[] = [];
  for (let i = 0; i < Math.max(a.length, b.length); i++) if (a[i] !== b[i]) out.push(`${names[i] ?? `field ${i}`} ours ${a[i]} QEMU ${b[i]}`);
  return out.join(", ");
}

/**
 * Compares the serial output of both machines line by line; returns one report per differing line (at most `limit`):
 * the case's source, both lines and which fields differ. Empty when they agree.
 */
export function compareFuzzSerial(kernel: FuzzKernel, ours: string, qemu: string, limit = 5): string[] {
  const a = ours.split("\n"), b = qemu.split("\n");
  const reports: string[] = [];
  for (let i = 0; i < Math.max(a.length, b.length) && reports.length < limit; i++) {
    if (a[i] === b[i]) continue;
    // Every line starts with its case number (dump lines and exception reports alike).
    const c = kernel.cases[parseInt((b[i] ?? a[i] ?? "").slice(0, 8), 16)];
    reports.push(`line ${i + 1}: ${c ? `case ${c.index}\n${c.source}` : "(no case)"}ours: ${a[i] ?? "(nothing)"}\nQEMU: ${b[i] ?? "(nothing)"}\n` +
      `${a[i] !== undefined && b[i] !== undefined ? fieldDifferences(a[i]!, b[i]!) : "one machine stopped printing"}`);
  }
  return reports;
}

/** How many instructions under test a kernel holds (preambles included, labels not). */
export function instructionCount(kernel: FuzzKernel): number {
  return kernel.cases.reduce((n, c) => n + c.body.filter((l) => !l.endsWith(":")).length, 0);
}

/** One register read of the device probe: what it reads, and the port writes before it. */
export interface DeviceProbe { name: string; before: readonly (readonly [number, number])[]; port: number }

/**
 * A kernel that programs the PC's devices and reads their registers back, storing each byte (COM1 may be in loopback
 * while it reads, so nothing is printed until the end), then prints them in hex on one line and the marker. After the
 * probes, the PIT is set to mode 0 (one IRQ 0 edge), IRQ 0 is unmasked and taken once through a vector 0x20 gate:
 * the handler's reads (ISR, IRR, ISR after EOI) come last, so that no timing enters the values.
 */
export function deviceProbeKernel(probes: readonly DeviceProbe[]): FuzzKernel {
  const out = (port: number, value: number) => [`mov dx, ${hex(port)}`, `mov al, ${hex(value)}`, "out dx, al"];
  const lines: string[] = ["mov esp, offset stack_top", "cld", "mov edi, offset probes"];
  for (const p of probes) {
    for (const [port, value] of p.before) lines.push(...out(port, value));
    lines.push(`mov dx, ${hex(p.port)}`, "in al, dx", "stosb");
  }
  lines.push(
    // IRQ 0 once: gate 0x20 → irq0, PIT mode 0 with 1193 (1 ms), wait until the IRR shows it, then let it in.
    "mov eax, offset irq0", "mov word ptr [idt + 0x100], ax", "mov word ptr [idt + 0x102], 0x08", "mov word ptr [idt + 0x104], 0x8e00",
    "shr eax, 16", "mov word ptr [idt + 0x106], ax", "lidt [idt_ptr]",
    ...out(0x21, 0xfe), ...out(0x43, 0x30), ...out(0x40, 0xa9), ...out(0x40, 0x04), ...out(0x20, 0x0a),
    "wait_irr:", "in al, 0x20", "test al, 1", "jz wait_irr", "stosb",
    "sti", "nop", "cli",
    "mov ecx, edi", "sub ecx, offset probes", "mov esi, offset probes",
    "print_probe:", "movzx eax, byte ptr [esi]", "call hex8", "call space", "inc esi", "dec ecx", "jnz print_probe",
    "mov al, 10", "call putc", "mov esi, offset done_msg", "call puts", "mov al, 0", "out 0xf4, al", "halt:", "cli", "hlt", "jmp halt",
    "irq0:", ...out(0x20, 0x0b), "in al, 0x20", "stosb", ...out(0x20, 0x0a), "in al, 0x20", "stosb",
    ...out(0x20, 0x20), ...out(0x20, 0x0b), "in al, 0x20", "stosb", "iretd",
  );
  const data = `probes: .skip 256
.align 8
idt: .skip 0x108
idt_ptr: .word 0x107
  .long idt`;
  const text = `${prelude(data)}.global _start\n_start:\n${lines.map((l) => (l.endsWith(":") ? `${l}\n` : `  ${l}\n`)).join("")}`;
  return { sources: [{ name: "probe.s", text }], cases: [], marker: FUZZ_MARKER };
}

/** Names of the bytes the probe kernel prints after the probes themselves. */
export const IRQ0_PROBES = ["master IRR after the PIT's one-shot (mode 0) terminal count", "master ISR in the IRQ 0 handler",
  "master IRR in the handler", "master ISR after EOI"];
