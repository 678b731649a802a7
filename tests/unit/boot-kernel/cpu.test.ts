/**
 * i386 instructions one at a time on a fake bus (RAM + recorded port writes): results, the exact EFLAGS (values the SDM
 * defines, and QEMU's where it says "undefined"), faults that change nothing, operand sizes and addressing forms.
 * Byte encodings are GNU as --32 output for the Intel-syntax line in each comment.
 */
import { describe, expect, it } from "vitest";
import { condition, type CpuBus, step, STEP_HALT, STEP_SOFT_INT, stepInfo } from "../../../shared/levels/boot-kernel/cpu.ts";
import { CpuFault } from "../../../shared/levels/boot-kernel/exceptions.ts";
import { createMemory, read32, read8, writeBytes, write32 } from "../../../shared/levels/boot-kernel/memory.ts";
import { createCpu, EAX, EBX, ECX, EDI, EDX, ESI, ESP, type CpuState } from "../../../shared/levels/boot-kernel/registers.ts";

const CODE = 0x1000;
const CF = 0x1, PF = 0x4, AF = 0x10, ZF = 0x40, SF = 0x80, OF = 0x800, IF = 0x200;

function machine(code: number[], setup: (cpu: CpuState) => void = () => {}) {
  const mem = createMemory();
  writeBytes(mem, CODE, new Uint8Array(code));
  const cpu = createCpu();
  cpu.eip = CODE;
  cpu.regs[ESP] = 0x8000;
  setup(cpu);
  const outs: [number, number, number][] = [];
  let vga = 0;
  const bus: CpuBus = { mem, portIn: (port) => (port === 0x3fd ? 0x60 : 0xff), portOut: (p, s, v) => { outs.push([p, s, v]); }, vgaWritten: () => { vga++; } };
  const run = (n = 1) => { let r = 0; for (let i = 0; i < n; i++) r = step(cpu, bus); return r; };
  return { cpu, mem, bus, outs, run, vgaCount: () => vga };
}

const arith = (cpu: CpuState) => cpu.eflags & (CF | PF | AF | ZF | SF | OF);

describe("ALU flags", () => {
  it("add_eax_ebx_signed_overflow: 0x7fffffff + 1 sets OF SF AF PF, clears CF ZF", () => {
    const m = machine([0x01, 0xd8], (c) => { c.regs[EAX] = 0x7fffffff; c.regs[EBX] = 1; }); // add eax, ebx
    m.run();
    expect(m.cpu.regs[EAX] >>> 0).toBe(0x80000000);
    expect(arith(m.cpu)).toBe(OF | SF | AF | PF);
  });
  it("add_unsigned_carry: 0xffffffff + 1 = 0 with CF ZF AF PF", () => {
    const m = machine([0x83, 0xc0, 0x01], (c) => { c.regs[EAX] = -1; }); // add eax, 1
    m.run();
    expect(m.cpu.regs[EAX]).toBe(0);
    expect(arith(m.cpu)).toBe(CF | ZF | AF | PF);
  });
  it("sub_al_borrow: 0 - 1 in AL = 0xff with CF SF AF PF, upper EAX untouched", () => {
    const m = machine([0x2c, 0x01], (c) => { c.regs[EAX] = 0x12345600; }); // sub al, 1
    m.run();
    expect(m.cpu.regs[EAX] >>> 0).toBe(0x123456ff);
    expect(arith(m.cpu)).toBe(CF | SF | AF | PF);
  });
  it("cmp_sets_flags_without_writing", () => {
    const m = machine([0x3d, 0x05, 0x00, 0x00, 0x00], (c) => { c.regs[EAX] = 5; }); // cmp eax, 5
    m.run();
    expect(m.cpu.regs[EAX]).toBe(5);
    expect(arith(m.cpu)).toBe(ZF | PF);
  });
  it("inc_keeps_cf_and_overflows_at_0x7fffffff", () => {
    const m = machine([0x40], (c) => { c.regs[EAX] = 0x7fffffff; c.eflags |= CF; }); // inc eax
    m.run();
    expect(arith(m.cpu)).toBe(CF | OF | SF | AF | PF);
  });
  it("adc_and_sbb_use_the_carry", () => {
    const m = machine([0x11, 0xd8, 0x19, 0xd9], (c) => { c.regs[EAX] = 1; c.regs[EBX] = 1; c.regs[ECX] = 10; c.eflags |= CF; }); // adc eax, ebx; sbb ecx, ebx
    m.run();
    expect(m.cpu.regs[EAX]).toBe(3);
    m.run();
    expect(m.cpu.regs[ECX]).toBe(9);
  });
  it("logic_ops_clear_cf_of_and_af", () => {
    const m = machine([0x21, 0xd8], (c) => { c.regs[EAX] = 0xf0; c.regs[EBX] = 0x80; c.eflags |= CF | OF | AF; }); // and eax, ebx
    m.run();
    expect(m.cpu.regs[EAX]).toBe(0x80);
    expect(arith(m.cpu)).toBe(0);
  });
  it("neg_of_zero_clears_cf_neg_of_min_sets_of", () => {
    const m = machine([0xf7, 0xd8, 0xf7, 0xdb], (c) => { c.regs[EAX] = 0; c.regs[EBX] = 0x80000000 | 0; }); // neg eax; neg ebx
    m.run();
    expect(arith(m.cpu)).toBe(ZF | PF);
    m.run();
    expect(arith(m.cpu) & (CF | OF)).toBe(CF | OF);
  });
  it("shl_shr_sar: carry is the last bit out, OF only for count 1", () => {
    const m = machine([0xd1, 0xe0, 0xc1, 0xeb, 0x04, 0xd1, 0xf9], (c) => { c.regs[EAX] = 0xc0000000 | 0; c.regs[EBX] = 0x18; c.regs[ECX] = -4; });
    m.run(); // shl eax, 1
    expect(m.cpu.regs[EAX] >>> 0).toBe(0x80000000);
    expect(arith(m.cpu) & (CF | OF | SF)).toBe(CF | SF);
    m.run(); // shr ebx, 4
    expect(m.cpu.regs[EBX]).toBe(1);
    expect(arith(m.cpu) & CF).toBe(CF);
    m.run(); // sar ecx, 1
    expect(m.cpu.regs[ECX]).toBe(-2);
    expect(arith(m.cpu) & (CF | OF | SF)).toBe(SF);
  });
  it("shift_by_zero_changes_no_flags", () => {
    const m = machine([0xd3, 0xe0], (c) => { c.regs[EAX] = 1; c.regs[ECX] = 0x20; c.eflags |= CF | ZF; }); // shl eax, cl (cl=32 → masked to 0)
    m.run();
    expect(m.cpu.regs[EAX]).toBe(1);
    expect(arith(m.cpu)).toBe(CF | ZF);
  });
  it("rol_rotates_and_sets_cf_from_the_low_bit", () => {
    const m = machine([0xc1, 0xc0, 0x04], (c) => { c.regs[EAX] = 0x80000001 | 0; }); // rol eax, 4
    m.run();
    expect(m.cpu.regs[EAX] >>> 0).toBe(0x18);
    expect(arith(m.cpu) & CF).toBe(0);
  });
});

describe("multiply and divide", () => {
  it("mul_32_widens_into_edx_eax_with_cf_of", () => {
    const m = machine([0xf7, 0xe3], (c) => { c.regs[EAX] = 0x10000; c.regs[EBX] = 0x10001; }); // mul ebx
    m.run();
    expect(m.cpu.regs[EAX] >>> 0).toBe(0x10000);
    expect(m.cpu.regs[EDX]).toBe(1);
    expect(arith(m.cpu) & (CF | OF)).toBe(CF | OF);
  });
  it("imul_3_operand_signed_overflow", () => {
    const m = machine([0x6b, 0xc3, 0xfe], (c) => { c.regs[EBX] = 0x40000000; }); // imul eax, ebx, -2
    m.run();
    expect(m.cpu.regs[EAX] >>> 0).toBe(0x80000000);
    expect(arith(m.cpu) & (CF | OF)).toBe(0);
    const n = machine([0x0f, 0xaf, 0xc3], (c) => { c.regs[EAX] = 0x10000; c.regs[EBX] = 0x10000; }); // imul eax, ebx
    n.run();
    expect(n.cpu.regs[EAX]).toBe(0);
    expect(arith(n.cpu) & (CF | OF)).toBe(CF | OF);
  });
  it("div_64_by_32_quotient_and_remainder", () => {
    const m = machine([0xf7, 0xf3], (c) => { c.regs[EDX] = 1; c.regs[EAX] = 5; c.regs[EBX] = 0x10; }); // div ebx
    m.run();
    expect(m.cpu.regs[EAX] >>> 0).toBe(0x10000000);
    expect(m.cpu.regs[EDX]).toBe(5);
  });
  it("div_by_zero_raises_DE_and_changes_nothing", () => {
    const m = machine([0xf7, 0xf1], (c) => { c.regs[EAX] = 7; c.regs[ECX] = 0; }); // div ecx
    const before = Array.from(m.cpu.regs);
    expect(() => m.run()).toThrowError(CpuFault);
    try { m.cpu.eip = CODE; m.run(); } catch (e) { expect((e as CpuFault).vector).toBe(0); }
    expect(Array.from(m.cpu.regs)).toEqual(before);
  });
  it("idiv_overflow_min_by_minus_one_raises_DE", () => {
    const m = machine([0xf7, 0xf9], (c) => { c.regs[EAX] = 0x80000000 | 0; c.regs[EDX] = -1; c.regs[ECX] = -1; }); // idiv ecx
    expect(() => m.run()).toThrowError(CpuFault);
  });
  it("idiv_truncates_toward_zero", () => {
    const m = machine([0xf7, 0xf9], (c) => { c.regs[EAX] = -7; c.regs[EDX] = -1; c.regs[ECX] = 2; }); // idiv ecx
    m.run();
    expect(m.cpu.regs[EAX]).toBe(-3);
    expect(m.cpu.regs[EDX]).toBe(-1);
  });
});

describe("moves, addressing, stack, control flow", () => {
  it("mov_sib_with_displacement_reads_the_right_dword", () => {
    const m = machine([0x8b, 0x44, 0x8b, 0x08], (c) => { c.regs[EBX] = 0x2000; c.regs[ECX] = 3; }); // mov eax, [ebx+ecx*4+8]
    write32(m.mem, 0x2000 + 12 + 8, 0xcafebabe | 0);
    m.run();
    expect(m.cpu.regs[EAX] >>> 0).toBe(0xcafebabe);
    expect(m.cpu.eip).toBe(CODE + 4);
  });
  it("operand_size_prefix_writes_only_ax", () => {
    const m = machine([0x66, 0xb8, 0x34, 0x12], (c) => { c.regs[EAX] = 0x7fff0000; }); // mov ax, 0x1234
    m.run();
    expect(m.cpu.regs[EAX] >>> 0).toBe(0x7fff1234);
  });
  it("byte_registers_ah_and_al", () => {
    const m = machine([0xb4, 0x1e, 0xb0, 0x41]); // mov ah, 0x1e; mov al, 'A'
    m.run(2);
    expect(m.cpu.regs[EAX]).toBe(0x1e41);
  });
  it("movzx_movsx", () => {
    const m = machine([0x0f, 0xb6, 0xc3, 0x0f, 0xbe, 0xcb], (c) => { c.regs[EBX] = 0x80; }); // movzx eax, bl; movsx ecx, bl
    m.run(2);
    expect(m.cpu.regs[EAX]).toBe(0x80);
    expect(m.cpu.regs[ECX]).toBe(-128);
  });
  it("call_and_ret_use_the_stack", () => {
    const m = machine([0xe8, 0x01, 0x00, 0x00, 0x00, 0x90, 0xc3]); // call +1; nop; ret
    m.run();
    expect(m.cpu.eip).toBe(CODE + 6);
    expect(read32(m.mem, 0x8000 - 4)).toBe(CODE + 5);
    m.run();
    expect(m.cpu.eip).toBe(CODE + 5);
    expect(m.cpu.regs[ESP]).toBe(0x8000);
  });
  it("pushad_popad_round_trip_skips_saved_esp", () => {
    const m = machine([0x60, 0x31, 0xc0, 0x61], (c) => { c.regs[EAX] = 11; c.regs[EDI] = 77; }); // pushad; xor eax,eax; popad
    m.run(3);
    expect(m.cpu.regs[EAX]).toBe(11);
    expect(m.cpu.regs[EDI]).toBe(77);
    expect(m.cpu.regs[ESP]).toBe(0x8000);
  });
  it("jcc_all_conditions_agree_with_the_flag_table", () => {
    expect(condition(ZF, 0x4)).toBe(true); // je
    expect(condition(CF, 0x6)).toBe(true); // jbe
    expect(condition(SF, 0xc)).toBe(true); // jl: SF != OF
    expect(condition(SF | OF, 0xd)).toBe(true); // jge
    expect(condition(0, 0xf)).toBe(true); // jg
    expect(condition(ZF, 0xf)).toBe(false);
  });
  it("jnz_rel8_backwards_loops", () => {
    const m = machine([0x49, 0x75, 0xfd], (c) => { c.regs[ECX] = 3; }); // 1: dec ecx; jnz 1b
    m.run(6);
    expect(m.cpu.regs[ECX]).toBe(0);
    expect(m.cpu.eip).toBe(CODE + 3);
  });
  it("setcc_and_cmov", () => {
    const m = machine([0x0f, 0x94, 0xc0, 0x0f, 0x44, 0xcb], (c) => { c.eflags |= ZF; c.regs[EBX] = 9; }); // sete al; cmove ecx, ebx
    m.run(2);
    expect(m.cpu.regs[EAX] & 0xff).toBe(1);
    expect(m.cpu.regs[ECX]).toBe(9);
  });
  it("rep_stosw_fills_vga_and_counts_the_writes", () => {
    const m = machine([0x66, 0xf3, 0xab], (c) => { c.regs[EDI] = 0xb8000; c.regs[ECX] = 80; c.regs[EAX] = 0x0720; }); // rep stosw
    m.run();
    expect(m.cpu.regs[ECX]).toBe(0);
    expect(m.cpu.regs[EDI]).toBe(0xb8000 + 160);
    expect(read8(m.mem, 0xb8000 + 158)).toBe(0x20);
    expect(m.vgaCount()).toBe(80);
    expect(stepInfo.extraInstructions).toBe(79);
  });
  it("lidt_loads_limit_and_base", () => {
    const m = machine([0x0f, 0x01, 0x1d, 0x00, 0x30, 0x00, 0x00]); // lidt [0x3000]
    writeBytes(m.mem, 0x3000, new Uint8Array([0xff, 0x07, 0x00, 0x20, 0x10, 0x00]));
    m.run();
    expect(m.cpu.idtr).toEqual({ base: 0x102000, limit: 0x7ff });
  });
  it("out_and_in_reach_the_bus", () => {
    const m = machine([0xe6, 0xf4, 0x66, 0xba, 0xfd, 0x03, 0xec], (c) => { c.regs[EAX] = 0x41; }); // out 0xf4, al; mov dx, 0x3fd; in al, dx
    m.run(3);
    expect(m.outs).toEqual([[0xf4, 1, 0x41]]);
    expect(m.cpu.regs[EAX] & 0xff).toBe(0x60);
  });
});

describe("system instructions", () => {
  it("int_n_reports_vector_and_next_eip", () => {
    const m = machine([0xcd, 0x80]); // int 0x80
    expect(m.run()).toBe(STEP_SOFT_INT);
    expect(stepInfo.vector).toBe(0x80);
    expect(stepInfo.nextEip).toBe(CODE + 2);
  });
  it("sti_sets_the_one_instruction_shadow_hlt_halts", () => {
    const m = machine([0xfb, 0xf4]); // sti; hlt
    m.run();
    expect(m.cpu.eflags & IF).toBe(IF);
    expect(m.cpu.stiShadow).toBe(true);
    expect(m.run()).toBe(STEP_HALT);
    expect(m.cpu.halted).toBe(true);
  });
  it("popfd_cannot_set_tf_or_vm_and_keeps_bit_1", () => {
    const m = machine([0x68, 0xff, 0xff, 0xff, 0xff, 0x9d]); // push -1; popfd
    m.run(2);
    expect(m.cpu.eflags & (1 << 8)).toBe(0);
    expect(m.cpu.eflags & (1 << 17)).toBe(0);
    expect(m.cpu.eflags & 2).toBe(2);
    expect(m.cpu.eflags & (IF | CF | OF)).toBe(IF | CF | OF);
  });
  it.each([
    ["ud2", [0x0f, 0x0b]],
    ["rdtsc (refused by the assembler: it reads the host's clock)", [0x0f, 0x31]],
    ["x87 fld", [0xd9, 0x00]],
    ["address-size prefix", [0x67, 0x8b, 0x00]],
    ["mov cs, ax (#UD in QEMU too)", [0x8e, 0xc8]],
  ])("undefined_here_%s_raises_UD", (_name, bytes) => {
    const m = machine(bytes as number[]);
    let fault: unknown;
    try { m.run(); } catch (e) { fault = e; }
    expect(fault).toBeInstanceOf(CpuFault);
    expect((fault as CpuFault).vector).toBe(6);
  });
});

describe("found by differential fuzzing against QEMU (tests/integration/boot-kernel-fuzz-qemu.test.ts)", () => {
  it("83 /n ib sign-extends to an unsigned operand: add eax, -1 carries, cmp eax, -1 borrows", () => {
    const add = machine([0x83, 0xc0, 0xff], (c) => { c.regs[EAX] = 0xfffffffe | 0; }); // add eax, -1
    add.run();
    expect(add.cpu.regs[EAX] >>> 0).toBe(0xfffffffd);
    expect(arith(add.cpu)).toBe(CF | AF | SF);
    const cmp = machine([0x83, 0xf8, 0xff, 0x72, 0x02], (c) => { c.regs[EAX] = 5; }); // cmp eax, -1; jb +2
    cmp.run(2);
    expect(arith(cmp.cpu) & CF).toBe(CF);
    expect(cmp.cpu.eip).toBe(CODE + 7);
  });
  it("rcl/rcr by more than 1: OF = MSB(original) xor MSB(result), as QEMU", () => {
    const rcl = machine([0xc0, 0xd0, 0x02], (c) => { c.regs[EAX] = 0x40; }); // rcl al, 2
    rcl.run();
    expect(rcl.cpu.regs[EAX] & 0xff).toBe(0);
    expect(rcl.cpu.eflags & (CF | OF)).toBe(CF);
    const rcr = machine([0xc0, 0xd8, 0x02], (c) => { c.regs[EAX] = 0x81; }); // rcr al, 2
    rcr.run();
    expect(rcr.cpu.regs[EAX] & 0xff).toBe(0xa0);
    expect(rcr.cpu.eflags & (CF | OF)).toBe(0);
  });
  it("rcl by a multiple of width+1 changes no flag", () => {
    const m = machine([0xc0, 0xd0, 0x09], (c) => { c.regs[EAX] = 0x80; c.eflags |= ZF; }); // rcl al, 9
    m.run();
    expect(m.cpu.regs[EAX] & 0xff).toBe(0x80);
    expect(arith(m.cpu)).toBe(ZF);
  });
  it("into traps to vector 4 after the instruction when OF is set, and does nothing otherwise", () => {
    const set = machine([0xce], (c) => { c.eflags |= OF; });
    expect(set.run()).toBe(STEP_SOFT_INT);
    expect(stepInfo.vector).toBe(4);
    expect(stepInfo.nextEip).toBe(CODE + 1);
    const clear = machine([0xce]);
    expect(clear.run()).toBe(0);
    expect(clear.cpu.eip).toBe(CODE + 1);
  });
});

describe("instructions the assembler accepts beyond the kernels' own (tests/unit/boot-kernel/instruction-coverage.test.ts)", () => {
  const faultOf = (m: { run: () => number }) => { try { m.run(); } catch (e) { return e as CpuFault; } return undefined; };
  it("lahf copies SF ZF AF PF CF with bit 1 set into AH; sahf loads them back and leaves OF", () => {
    const m = machine([0x9f, 0x9e], (c) => { c.eflags = 0x2 | CF | ZF | OF; c.regs[EAX] = 0x1234_5678; }); // lahf; sahf
    m.run();
    expect(m.cpu.regs[EAX] >>> 0).toBe(0x1234_4378);
    m.cpu.regs[EAX] = 0xff00 | 0x78; // every bit of AH set
    m.run();
    expect(m.cpu.eflags).toBe(0x2 | CF | PF | AF | ZF | SF | OF);
  });
  it("bswap reverses the four bytes of a register", () => {
    const m = machine([0x0f, 0xcb], (c) => { c.regs[EBX] = 0x1122_3344; }); // bswap ebx
    m.run();
    expect(m.cpu.regs[EBX] >>> 0).toBe(0x4433_2211);
  });
  it("repne scasb stops on the match with EDI past it and ECX counting what is left", () => {
    const m = machine([0xf2, 0xae], (c) => { c.regs[EAX] = 0x43; c.regs[EDI] = 0x2000; c.regs[ECX] = 10; }); // repne scasb
    writeBytes(m.mem, 0x2000, new Uint8Array([0x41, 0x42, 0x43, 0x44]));
    m.run();
    expect([m.cpu.regs[EDI], m.cpu.regs[ECX], arith(m.cpu) & ZF]).toEqual([0x2003, 7, ZF]);
    expect(stepInfo.extraInstructions).toBeGreaterThanOrEqual(2);
  });
  it("repe cmpsd backwards (DF) stops at the first difference with the flags of that comparison", () => {
    const m = machine([0xfd, 0xf3, 0xa7], (c) => { c.regs[ESI] = 0x2008; c.regs[EDI] = 0x3008; c.regs[ECX] = 5; }); // std; repe cmpsd
    for (const [a, v] of [[0x2008, 1], [0x3008, 1], [0x2004, 1], [0x3004, 2]]) write32(m.mem, a, v);
    m.run(2);
    expect([m.cpu.regs[ESI], m.cpu.regs[EDI], m.cpu.regs[ECX]]).toEqual([0x2000, 0x3000, 3]);
    expect(arith(m.cpu)).toBe(CF | SF | AF | PF); // 1 - 2
  });
  it("rep scasb with ECX = 0 compares nothing and keeps the flags", () => {
    const m = machine([0xf3, 0xae], (c) => { c.regs[EDI] = 0x2000; c.eflags |= CF; }); // repe scasb
    m.run();
    expect([m.cpu.regs[EDI], arith(m.cpu)]).toEqual([0x2000, CF]);
  });
  it("rep outsb writes each byte to port DX; insb reads port DX into [EDI]", () => {
    const m = machine([0xf3, 0x6e, 0x6c], (c) => { c.regs[ESI] = 0x2000; c.regs[EDI] = 0x3000; c.regs[ECX] = 2; c.regs[EDX] = 0x3f8; }); // rep outsb; insb
    writeBytes(m.mem, 0x2000, new Uint8Array([0x68, 0x69]));
    m.run(2);
    expect(m.outs).toEqual([[0x3f8, 1, 0x68], [0x3f8, 1, 0x69]]);
    expect([m.cpu.regs[ESI], m.cpu.regs[EDI], m.cpu.regs[ECX], read8(m.mem, 0x3000)]).toEqual([0x2002, 0x3001, 0, 0xff]);
  });
  it("cpuid answers as QEMU's qemu32: GenuineIntel with max leaf 4; unknown leaves as leaf 4", () => {
    const m = machine([0x0f, 0xa2, 0x0f, 0xa2], (c) => { c.regs[ECX] = 0; }); // cpuid; cpuid
    m.run();
    expect([m.cpu.regs[EAX], m.cpu.regs[EBX], m.cpu.regs[EDX], m.cpu.regs[ECX]]).toEqual([4, 0x756e6547, 0x49656e69, 0x6c65746e]);
    m.cpu.regs[EAX] = 0x1234; m.cpu.regs[ECX] = 2;
    m.run();
    expect([m.cpu.regs[EAX], m.cpu.regs[EBX] >>> 0, m.cpu.regs[ECX], m.cpu.regs[EDX]]).toEqual([0x143, 0x03c0003f, 0xfff, 1]);
  });
  const withGdt = (code: number[], setup: (c: CpuState) => void = () => {}) => machine(code, (c) => {
    c.gdtr = { base: 0x3000, limit: 31 };
    setup(c);
  });
  const gdt = (m: ReturnType<typeof machine>) => {
    write32(m.mem, 0x3008, 0xffff); write32(m.mem, 0x300c, 0x00cf9a00); // 0x08: flat 32-bit code
    write32(m.mem, 0x3010, 0xffff); write32(m.mem, 0x3014, 0x00cf9200); // 0x10: flat data
    write32(m.mem, 0x3018, 0xffff); write32(m.mem, 0x301c, 0x00cf1200); // 0x18: data, not present
  };
  it("mov ds, ax loads a data selector and sets its descriptor's accessed bit; pop es and push ds move selectors", () => {
    const m = withGdt([0x8e, 0xd8, 0x07, 0x1e], (c) => { c.regs[EAX] = 0x10; c.regs[ESP] = 0x7ffc; }); // mov ds, ax; pop es; push ds
    gdt(m); write32(m.mem, 0x7ffc, 0x10);
    m.run(3);
    expect([m.cpu.segs[3].selector, m.cpu.segs[0].selector, read32(m.mem, 0x3014) & 0x100]).toEqual([0x10, 0x10, 0x100]);
    expect([m.cpu.regs[ESP], read32(m.mem, 0x7ffc)]).toEqual([0x7ffc, 0x10]);
  });
  it("segment loads fault as QEMU's: code as SS #GP, beyond the GDT #GP, not present #NP, null SS #GP(0); nothing changes", () => {
    const cases: [number[], number, number, number][] = [
      [[0x8e, 0xd0], 0x08, 13, 0x08], [[0x8e, 0xd8], 0x28, 13, 0x28], [[0x8e, 0xd8], 0x18, 11, 0x18], [[0x8e, 0xd0], 0, 13, 0],
    ];
    for (const [code, selector, vector, error] of cases) {
      const m = withGdt(code, (c) => { c.regs[EAX] = selector; });
      gdt(m);
      const f = faultOf(m);
      expect([f?.vector, f?.errorCode, m.cpu.segs[2].selector, m.cpu.segs[3].selector]).toEqual([vector, error, 0, 0]);
    }
  });
  it("jmp 0x08:target loads CS and jumps; a data selector is #GP", () => {
    const m = withGdt([0xea, 0x00, 0x20, 0x00, 0x00, 0x08, 0x00]); // jmp 0x08:0x2000
    gdt(m);
    m.run();
    expect([m.cpu.segs[1].selector, m.cpu.eip]).toEqual([0x08, 0x2000]);
    const bad = withGdt([0xea, 0x00, 0x20, 0x00, 0x00, 0x10, 0x00]);
    gdt(bad);
    expect(faultOf(bad)?.vector).toBe(13);
  });
});
