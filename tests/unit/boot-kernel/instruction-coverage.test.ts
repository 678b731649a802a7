/**
 * The assembler and the machine agree on what exists: every instruction form in the assembler's table
 * (shared/levels/boot-kernel/assembler/instruction-table.ts), written out with representative operands and with every
 * string prefix, assembles and then executes in the CPU without #UD — except ud2, whose whole point is #UD in QEMU
 * too. What the machine cannot do the way QEMU does (rdtsc, ltr, control registers) the assembler refuses with a
 * typed error naming the reason, so a player never meets a #UD that QEMU would not raise.
 */
import { describe, expect, it } from "vitest";
import { assemble } from "../../../shared/levels/boot-kernel/assembler/index.ts";
import { FORMS, NOT_OFFERED, type Spec } from "../../../shared/levels/boot-kernel/assembler/instruction-table.ts";
import { type CpuBus, step } from "../../../shared/levels/boot-kernel/cpu.ts";
import { CpuFault } from "../../../shared/levels/boot-kernel/exceptions.ts";
import { createMemory, write32, writeBytes } from "../../../shared/levels/boot-kernel/memory.ts";
import { createCpu, EBX, ECX, EDX, EDI, ESI, ESP } from "../../../shared/levels/boot-kernel/registers.ts";

const CODE = 0x1000, GDT = 0x3000, DATA = 0x5000, STACK = 0x8000;

const OPERAND: Record<Spec, string> = {
  r8: "bl", r16: "bx", r32: "ebx", rr16: "bx", rr32: "ebx",
  rm8: "byte ptr [esi]", rm16: "word ptr [esi]", rm32: "dword ptr [esi]", m: "[esi]", m16: "word ptr [esi]",
  moffs8: "byte ptr [0x5000]", moffs16: "word ptr [0x5000]", moffs32: "dword ptr [0x5000]",
  imm8: "0x85", imm16: "0x1234", imm32: "0x12345678", simm8: "5", one: "1", three: "3",
  al: "al", ax: "ax", eax: "eax", cl: "cl", dx: "dx", es: "es", cs: "cs", ss: "ss", ds: "ds", fs: "fs", gs: "gs",
  sreg: "ds", cr: "cr0", rel: "target", far: "0x08:target",
};

/** Instructions QEMU itself answers with #UD. */
const UNDEFINED_IN_QEMU = new Set(["ud2"]);
const STRING_OPS = new Set(["movs", "stos", "lods", "cmps", "scas", "ins", "outs"].flatMap((s) => [`${s}b`, `${s}w`, `${s}d`]));

function lines(): string[] {
  const out: string[] = [];
  for (const [mnemonic, forms] of FORMS) {
    for (const form of forms) {
      const line = `${mnemonic} ${form.specs.map((s) => OPERAND[s]).join(", ")}`.trim();
      out.push(line);
      if (STRING_OPS.has(mnemonic)) out.push(`rep ${line}`, `repe ${line}`, `repne ${line}`);
    }
  }
  return [...new Set(out)];
}

/** Runs the first instruction of `line` on a PC with a flat GDT (0x08 code, 0x10 data) and data selectors to load. */
function firstStepFault(line: string): CpuFault | undefined {
  const object = assemble(`.intel_syntax noprefix\n.text\n${line}\ntarget: nop\n`);
  if (!object.ok) throw new Error(object.error.message);
  const text = object.value.sections.find((s) => s.name === ".text")!;
  const mem = createMemory();
  writeBytes(mem, CODE, text.data);
  write32(mem, GDT + 8, 0x0000ffff); write32(mem, GDT + 12, 0x00cf9a00);
  write32(mem, GDT + 16, 0x0000ffff); write32(mem, GDT + 20, 0x00cf9200);
  for (let i = 0; i < 64; i += 4) { write32(mem, DATA + i, 0x10); write32(mem, STACK + i, 0x10); }
  const cpu = createCpu();
  cpu.gdtr = { base: GDT, limit: 23 };
  cpu.eip = CODE;
  cpu.regs[ESP] = STACK; cpu.regs[ESI] = DATA; cpu.regs[EDI] = DATA + 32; cpu.regs[EBX] = 0x10; cpu.regs[ECX] = 3;
  cpu.regs[EDX] = 0x3ff;
  const bus: CpuBus = { mem, portIn: () => 0xff, portOut: () => {}, vgaWritten: () => {} };
  try { step(cpu, bus); } catch (e) { if (e instanceof CpuFault) return e; throw e; }
  return undefined;
}

describe("every instruction the assembler accepts runs in the game's CPU", () => {
  const all = lines();
  it("the table walk covers the instructions this check was written for", () => {
    expect(all.length).toBeGreaterThan(400);
    for (const l of ["lahf", "sahf", "bswap ebx", "repne scasb", "repe cmpsd", "rep insb", "rep outsd", "cpuid", "mov ds, ebx", "pop ds", "jmp 0x08:target"]) {
      expect(all).toContain(l);
    }
  });
  it.each(all.filter((l) => !UNDEFINED_IN_QEMU.has(l)))("%s executes without #UD", (line) => {
    expect(firstStepFault(line)?.vector).not.toBe(6);
  });
  it("ud2 raises #UD, as in QEMU", () => {
    expect(firstStepFault("ud2")?.vector).toBe(6);
  });
});

describe("instructions the machine cannot run the way QEMU does are refused by the assembler", () => {
  it.each([
    ["rdtsc", "rdtsc"], ["rdtscp", "rdtscp"], ["ltr ax", "ltr"], ["mov cr0, eax", "mov cr"], ["mov eax, cr3", "mov cr"],
  ])("%s: E_ASM_NOT_OFFERED with the reason, at the line and column", (line, key) => {
    const r = assemble(`.intel_syntax noprefix\nnop\n  ${line}\n`, "k.s");
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe("E_ASM_NOT_OFFERED");
    expect(r.error.message).toBe(`k.s:3:3: ${NOT_OFFERED.get(key)}`);
  });
  it("rdtsc's refusal says why", () => {
    expect(NOT_OFFERED.get("rdtsc")).toBe("rdtsc reads the host's clock: the game's machine is deterministic, so it is not offered");
  });
});
