/**
 * Every opcode and every CB opcode, one test each: from 48 seeded random machine states, one instruction on the
 * CPU must leave the same registers, flags, memory and PC as the reference interpreter (reference.ts, written
 * from Pan Docs), take the T-cycles the opcode table gives (taken or not taken), and change the flags exactly as
 * the table's Z N H C column says ("-" kept, "0"/"1" forced).
 */
import { describe, expect, it } from "vitest";
import { Cpu, POST_BOOT } from "../../../shared/levels/cpu-core/cpu.ts";
import { CB_OPCODES, OPCODES, type OpcodeInfo } from "../../../shared/levels/cpu-core/opcodes.ts";
import { FakeBus } from "./fake-bus.ts";
import { refExecute, type RefState } from "./reference.ts";

function rng(seed: number) {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13; x >>>= 0; x ^= x >>> 17; x ^= x << 5; x >>>= 0;
    return x;
  };
}

const hex = (n: number, w = 2) => "$" + n.toString(16).toUpperCase().padStart(w, "0");

const images = new Map<number, Uint8Array>();
function memoryImage(seed: number): Uint8Array {
  let image = images.get(seed);
  if (!image) {
    const next = rng(seed);
    image = new Uint8Array(0x10000).map(() => next() & 0xff);
    images.set(seed, image);
  }
  return image;
}

function runCase(info: OpcodeInfo, seed: number) {
  const next = rng(seed * 7919 + info.code * 31 + (info.prefixed ? 100_000 : 0));
  const bus = new FakeBus();
  bus.memory.set(memoryImage(seed));
  bus.memory[0xffff] = 0; // no interrupt pending (HALT is tested in interrupts.test.ts)
  const pc = 0xc000 + (next() % 0x1ff0);
  const bytes = info.prefixed ? [0xcb, info.code] : [info.code];
  bytes.forEach((b, i) => (bus.memory[pc + i] = b));
  const regs = { a: next() & 0xff, f: next() & 0xf0, b: next() & 0xff, c: next() & 0xff, d: next() & 0xff, e: next() & 0xff, h: next() & 0xff, l: next() & 0xff };
  const sp = next() & 0xffff;
  const cpu = new Cpu(bus, { ...POST_BOOT, ...regs, sp, pc });
  bus.cpu = cpu;
  const ref: RefState = {
    r: { A: regs.a, F: regs.f, B: regs.b, C: regs.c, D: regs.d, E: regs.e, H: regs.h, L: regs.l },
    sp, pc, ime: false, eiDelay: false, halted: false, stopped: false, locked: false, mem: bus.memory.slice(),
  };
  const { taken } = refExecute(ref, info);
  cpu.step();
  return { cpu, bus, ref, taken, fIn: regs.f };
}

function checkOpcode(info: OpcodeInfo) {
  const label = `${info.prefixed ? "CB " : ""}${hex(info.code)} ${info.mnemonic}`;
  let sawTaken = false, sawNotTaken = false;
  for (let seed = 1; seed <= 48; seed++) {
    const { cpu, bus, ref, taken, fIn } = runCase(info, seed);
    const got = { A: cpu.a, F: cpu.f, B: cpu.b, C: cpu.c, D: cpu.d, E: cpu.e, H: cpu.h, L: cpu.l, SP: cpu.sp, PC: cpu.pc, ime: cpu.ime, eiDelay: cpu.eiDelay, halted: cpu.halted, stopped: cpu.stopped, locked: cpu.locked };
    const want = { ...ref.r, SP: ref.sp, PC: ref.pc, ime: ref.ime, eiDelay: ref.eiDelay, halted: ref.halted, stopped: ref.stopped, locked: ref.locked };
    expect(got, `${label} seed ${seed}`).toEqual(want);
    expect(Buffer.compare(bus.memory, ref.mem), `${label} seed ${seed}: memory`).toBe(0);
    expect(cpu.cycles, `${label} seed ${seed}: T-cycles`).toBe(taken || info.cyclesNotTaken === info.cycles ? info.cycles : info.cyclesNotTaken);
    if (info.mnemonic !== "POP AF") {
      for (let i = 0; i < 4; i++) {
        const mask = 0x80 >> i, rule = info.flags[i];
        if (rule === "-") expect(cpu.f & mask, `${label}: flag ${"ZNHC"[i]} kept`).toBe(fIn & mask);
        if (rule === "0") expect(cpu.f & mask, `${label}: flag ${"ZNHC"[i]} cleared`).toBe(0);
        if (rule === "1") expect(cpu.f & mask, `${label}: flag ${"ZNHC"[i]} set`).toBe(mask);
      }
    }
    if (taken) sawTaken = true; else sawNotTaken = true;
  }
  if (info.cycles !== info.cyclesNotTaken) expect(sawTaken && sawNotTaken, `${label}: both branch outcomes exercised`).toBe(true);
}

describe("every unprefixed opcode: result, flags, cycles", () => {
  for (const info of OPCODES) {
    if (info.mnemonic === "PREFIX") continue;
    it(`${hex(info.code)} ${info.mnemonic}`, () => checkOpcode(info));
  }
});

describe("every CB opcode: result, flags, cycles", () => {
  for (const info of CB_OPCODES) it(`CB ${hex(info.code)} ${info.mnemonic}`, () => checkOpcode(info));
});

describe("opcode table", () => {
  it("has 245 legal unprefixed opcodes (11 lock the CPU) and 256 CB opcodes", () => {
    expect(OPCODES.filter((o) => o.illegal).map((o) => o.code)).toEqual([0xd3, 0xdb, 0xdd, 0xe3, 0xe4, 0xeb, 0xec, 0xed, 0xf4, 0xfc, 0xfd]);
    expect(CB_OPCODES).toHaveLength(256);
  });
  it("an illegal opcode hangs the CPU: PC stays, time passes", () => {
    const bus = new FakeBus();
    bus.memory[0x200] = 0xdd;
    const cpu = new Cpu(bus, { ...POST_BOOT, pc: 0x200 });
    for (let i = 0; i < 10; i++) cpu.step();
    expect(cpu.locked).toBe(true);
    expect(cpu.pc).toBe(0x200);
    expect(cpu.cycles).toBe(40);
  });
});
