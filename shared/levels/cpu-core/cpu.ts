/**
 * The LR35902 CPU (Pan Docs: "CPU Registers and Flags", "CPU Instruction Set", "Interrupts", "halt").
 *
 * Implements every opcode and CB opcode with its flags; time is counted in T-cycles (`cycles`), 4 per M-cycle, and
 * every memory access advances the clock by one M-cycle before it reaches the bus, so a device sees each access at
 * the M-cycle the instruction performs it in. Internal M-cycles (16-bit arithmetic, taken branches, the push
 * delay) are counted where the instruction spends them. Interrupts: IME, EI's one-instruction delay, priority by
 * bit number, dispatch in 5 M-cycles (two wait cycles, push PC high, push PC low, jump) with the IE-overwritten-by-
 * the-push case jumping to $0000; HALT (and one more M-cycle to leave it), the HALT bug (IME=0 with an interrupt
 * already pending: the next byte is fetched twice); STOP (wakes on a button, see the bus); illegal opcodes lock
 * the CPU up.
 * Omits: the "EI then HALT with an interrupt pending" return-to-HALT variant of the bug; STOP's LCD side effects.
 *
 * The CPU knows nothing but a Bus: the machine's bus in machine.ts, a flat 64 KiB fake in the tests.
 */
import { add16, add8, addSpE8, and8, bit, daa, dec8, FLAG_C, FLAG_H, FLAG_N, FLAG_Z, inc8, or8, rl, rlc, rr, rrc, sla, sra, srl, sub8, swap, xor8 } from "./alu.ts";

export interface Bus {
  /** One byte from the address space. The CPU has already counted the M-cycle of this access. */
  read(address: number): number;
  write(address: number, value: number): void;
  /** Interrupts requested and enabled: IE & IF & 0x1F. */
  pendingInterrupts(): number;
  /** Clears the IF bit of an interrupt being dispatched. */
  acknowledgeInterrupt(bit: number): void;
  /** STOP was executed (the machine resets DIV and waits for a button). */
  stop(): void;
}

/** The CPU's whole state as plain data. */
export interface CpuState {
  a: number; f: number; b: number; c: number; d: number; e: number; h: number; l: number;
  sp: number; pc: number;
  /** Interrupt master enable. */
  ime: boolean;
  /** EI was executed: IME becomes 1 after the next instruction. */
  eiDelay: boolean;
  halted: boolean;
  /** The HALT bug is armed: the next opcode fetch does not advance PC. */
  haltBug: boolean;
  stopped: boolean;
  /** An illegal opcode was executed: the CPU is hung until reset. */
  locked: boolean;
  /** T-cycles since power-on. */
  cycles: number;
}

/** The documented DMG register state after the boot ROM (Pan Docs, "Power Up Sequence"). */
export const POST_BOOT: Readonly<CpuState> = {
  a: 0x01, f: 0xb0, b: 0x00, c: 0x13, d: 0x00, e: 0xd8, h: 0x01, l: 0x4d, sp: 0xfffe, pc: 0x0100,
  ime: false, eiDelay: false, halted: false, haltBug: false, stopped: false, locked: false, cycles: 0,
};

export const CPU_STATE_KEYS = Object.keys(POST_BOOT) as (keyof CpuState)[];

export class Cpu implements CpuState {
  a = 0; f = 0; b = 0; c = 0; d = 0; e = 0; h = 0; l = 0; sp = 0; pc = 0;
  ime = false; eiDelay = false; halted = false; haltBug = false; stopped = false; locked = false;
  cycles = 0;
  bus: Bus;

  constructor(bus: Bus, state: Readonly<CpuState> = POST_BOOT) {
    this.bus = bus;
    this.restore(state);
  }

  snapshot(): CpuState {
    const s = {} as Record<string, unknown>;
    for (const k of CPU_STATE_KEYS) s[k] = this[k];
    return s as unknown as CpuState;
  }

  restore(state: Readonly<CpuState>): void {
    const self = this as unknown as Record<string, unknown>;
    for (const k of CPU_STATE_KEYS) self[k] = state[k];
  }

  get af(): number { return (this.a << 8) | this.f; }
  get bc(): number { return (this.b << 8) | this.c; }
  get de(): number { return (this.d << 8) | this.e; }
  get hl(): number { return (this.h << 8) | this.l; }

  // --- bus access, one M-cycle each ---
  private read(address: number): number {
    this.cycles += 4;
    return this.bus.read(address);
  }
  private write(address: number, value: number): void {
    this.cycles += 4;
    this.bus.write(address, value);
  }
  private next8(): number {
    this.cycles += 4;
    const v = this.bus.read(this.pc);
    this.pc = (this.pc + 1) & 0xffff;
    return v;
  }
  private next16(): number {
    const lo = this.next8();
    return (this.next8() << 8) | lo;
  }
  private push(value: number): void {
    this.cycles += 4; // the internal M-cycle before a push
    this.sp = (this.sp - 1) & 0xffff;
    this.write(this.sp, value >> 8);
    this.sp = (this.sp - 1) & 0xffff;
    this.write(this.sp, value & 0xff);
  }
  private pop(): number {
    const lo = this.read(this.sp);
    const hi = this.read((this.sp + 1) & 0xffff);
    this.sp = (this.sp + 2) & 0xffff;
    return (hi << 8) | lo;
  }

  // --- ALU glue: the flag rules live in alu.ts ---
  private add(v: number): void { const r = add8(this.a, v, 0); this.a = r & 0xff; this.f = r >> 8; }
  private adc(v: number): void { const r = add8(this.a, v, (this.f >> 4) & 1); this.a = r & 0xff; this.f = r >> 8; }
  private sub(v: number): void { const r = sub8(this.a, v, 0); this.a = r & 0xff; this.f = r >> 8; }
  private sbc(v: number): void { const r = sub8(this.a, v, (this.f >> 4) & 1); this.a = r & 0xff; this.f = r >> 8; }
  private and(v: number): void { const r = and8(this.a, v); this.a = r & 0xff; this.f = r >> 8; }
  private xor(v: number): void { const r = xor8(this.a, v); this.a = r & 0xff; this.f = r >> 8; }
  private or(v: number): void { const r = or8(this.a, v); this.a = r & 0xff; this.f = r >> 8; }
  private cp(v: number): void { this.f = sub8(this.a, v, 0) >> 8; }
  private inc(v: number): number { const r = inc8(v, this.f); this.f = r >> 8; return r & 0xff; }
  private dec(v: number): number { const r = dec8(v, this.f); this.f = r >> 8; return r & 0xff; }
  private addHl(v: number): void {
    this.cycles += 4;
    const r = add16((this.h << 8) | this.l, v, this.f);
    this.h = (r >> 8) & 0xff; this.l = r & 0xff; this.f = r >>> 16;
  }
  private jr(taken: boolean): void {
    const e = this.next8();
    if (taken) {
      this.cycles += 4;
      this.pc = (this.pc + (e ^ 0x80) - 0x80) & 0xffff;
    }
  }
  private jp(taken: boolean): void {
    const target = this.next16();
    if (taken) { this.cycles += 4; this.pc = target; }
  }
  private call(taken: boolean): void {
    const target = this.next16();
    if (taken) { this.push(this.pc); this.pc = target; }
  }
  private ret(): void { this.pc = this.pop(); this.cycles += 4; }
  private retIf(taken: boolean): void {
    this.cycles += 4;
    if (taken) this.ret();
  }
  private rst(vector: number): void { this.push(this.pc); this.pc = vector; }

  /** Interrupt dispatch: 5 M-cycles. The IE/IF check is redone after the high byte of PC is pushed. */
  protected dispatch(): void {
    this.ime = false;
    this.cycles += 8;
    this.sp = (this.sp - 1) & 0xffff;
    this.write(this.sp, this.pc >> 8);
    const pending = this.bus.pendingInterrupts();
    this.sp = (this.sp - 1) & 0xffff;
    this.write(this.sp, this.pc & 0xff);
    this.cycles += 4;
    if (pending === 0) {
      this.pc = 0;
      return;
    }
    const bitIndex = 31 - Math.clz32(pending & -pending);
    this.bus.acknowledgeInterrupt(bitIndex);
    this.pc = 0x40 + bitIndex * 8;
  }

  /** Runs one instruction (or one interrupt dispatch, or one M-cycle of HALT/STOP). */
  step(): void {
    if (this.beginStep()) this.execute(this.fetchOpcode());
  }

  /**
   * What every core does before an instruction (the player's core in microcode/player-core.ts too): an idle
   * M-cycle while halted, stopped or locked up, one more to leave HALT, an interrupt dispatch, EI's delay.
   * False when the step ends here.
   */
  protected beginStep(): boolean {
    if (this.halted || this.stopped || this.locked) {
      if (this.locked || this.stopped || this.bus.pendingInterrupts() === 0) {
        this.cycles += 4;
        return false;
      }
      this.halted = false;
      this.cycles += 4; // leaving HALT takes one M-cycle
    }
    if (this.ime && this.bus.pendingInterrupts() !== 0) {
      this.dispatch();
      return false;
    }
    if (this.eiDelay) {
      this.eiDelay = false;
      this.ime = true;
    }
    return true;
  }

  /** The opcode fetch, one M-cycle; the HALT bug fetches the same byte again (PC does not advance). */
  protected fetchOpcode(): number {
    this.cycles += 4;
    const op = this.bus.read(this.pc);
    if (this.haltBug) this.haltBug = false;
    else this.pc = (this.pc + 1) & 0xffff;
    return op;
  }

  private execute(op: number): void {
    let t: number;
    switch (op) {
      case 0x00: break;
      case 0x01: t = this.next16(); this.b = t >> 8; this.c = t & 0xff; break;
      case 0x02: this.write((this.b << 8) | this.c, this.a); break;
      case 0x03: t = (((this.b << 8) | this.c) + 1) & 0xffff; this.b = t >> 8; this.c = t & 0xff; this.cycles += 4; break;
      case 0x04: this.b = this.inc(this.b); break;
      case 0x05: this.b = this.dec(this.b); break;
      case 0x06: this.b = this.next8(); break;
      case 0x07: t = rlc(this.a); this.a = t & 0xff; this.f = (t >> 8) & FLAG_C; break;
      case 0x08: t = this.next16(); this.write(t, this.sp & 0xff); this.write((t + 1) & 0xffff, this.sp >> 8); break;
      case 0x09: this.addHl((this.b << 8) | this.c); break;
      case 0x0a: this.a = this.read((this.b << 8) | this.c); break;
      case 0x0b: t = (((this.b << 8) | this.c) - 1) & 0xffff; this.b = t >> 8; this.c = t & 0xff; this.cycles += 4; break;
      case 0x0c: this.c = this.inc(this.c); break;
      case 0x0d: this.c = this.dec(this.c); break;
      case 0x0e: this.c = this.next8(); break;
      case 0x0f: t = rrc(this.a); this.a = t & 0xff; this.f = (t >> 8) & FLAG_C; break;

      case 0x10: this.pc = (this.pc + 1) & 0xffff; this.stopped = true; this.bus.stop(); break; // STOP skips its second byte
      case 0x11: t = this.next16(); this.d = t >> 8; this.e = t & 0xff; break;
      case 0x12: this.write((this.d << 8) | this.e, this.a); break;
      case 0x13: t = (((this.d << 8) | this.e) + 1) & 0xffff; this.d = t >> 8; this.e = t & 0xff; this.cycles += 4; break;
      case 0x14: this.d = this.inc(this.d); break;
      case 0x15: this.d = this.dec(this.d); break;
      case 0x16: this.d = this.next8(); break;
      case 0x17: t = rl(this.a, this.f); this.a = t & 0xff; this.f = (t >> 8) & FLAG_C; break;
      case 0x18: this.jr(true); break;
      case 0x19: this.addHl((this.d << 8) | this.e); break;
      case 0x1a: this.a = this.read((this.d << 8) | this.e); break;
      case 0x1b: t = (((this.d << 8) | this.e) - 1) & 0xffff; this.d = t >> 8; this.e = t & 0xff; this.cycles += 4; break;
      case 0x1c: this.e = this.inc(this.e); break;
      case 0x1d: this.e = this.dec(this.e); break;
      case 0x1e: this.e = this.next8(); break;
      case 0x1f: t = rr(this.a, this.f); this.a = t & 0xff; this.f = (t >> 8) & FLAG_C; break;

      case 0x20: this.jr((this.f & FLAG_Z) === 0); break;
      case 0x21: t = this.next16(); this.h = t >> 8; this.l = t & 0xff; break;
      case 0x22: t = (this.h << 8) | this.l; this.write(t, this.a); t = (t + 1) & 0xffff; this.h = t >> 8; this.l = t & 0xff; break;
      case 0x23: t = (((this.h << 8) | this.l) + 1) & 0xffff; this.h = t >> 8; this.l = t & 0xff; this.cycles += 4; break;
      case 0x24: this.h = this.inc(this.h); break;
      case 0x25: this.h = this.dec(this.h); break;
      case 0x26: this.h = this.next8(); break;
      case 0x27: t = daa(this.a, this.f); this.a = t & 0xff; this.f = t >> 8; break;
      case 0x28: this.jr((this.f & FLAG_Z) !== 0); break;
      case 0x29: this.addHl((this.h << 8) | this.l); break;
      case 0x2a: t = (this.h << 8) | this.l; this.a = this.read(t); t = (t + 1) & 0xffff; this.h = t >> 8; this.l = t & 0xff; break;
      case 0x2b: t = (((this.h << 8) | this.l) - 1) & 0xffff; this.h = t >> 8; this.l = t & 0xff; this.cycles += 4; break;
      case 0x2c: this.l = this.inc(this.l); break;
      case 0x2d: this.l = this.dec(this.l); break;
      case 0x2e: this.l = this.next8(); break;
      case 0x2f: this.a ^= 0xff; this.f |= FLAG_N | FLAG_H; break;

      case 0x30: this.jr((this.f & FLAG_C) === 0); break;
      case 0x31: this.sp = this.next16(); break;
      case 0x32: t = (this.h << 8) | this.l; this.write(t, this.a); t = (t - 1) & 0xffff; this.h = t >> 8; this.l = t & 0xff; break;
      case 0x33: this.sp = (this.sp + 1) & 0xffff; this.cycles += 4; break;
      case 0x34: t = (this.h << 8) | this.l; this.write(t, this.inc(this.read(t))); break;
      case 0x35: t = (this.h << 8) | this.l; this.write(t, this.dec(this.read(t))); break;
      case 0x36: t = this.next8(); this.write((this.h << 8) | this.l, t); break;
      case 0x37: this.f = (this.f & FLAG_Z) | FLAG_C; break;
      case 0x38: this.jr((this.f & FLAG_C) !== 0); break;
      case 0x39: this.addHl(this.sp); break;
      case 0x3a: t = (this.h << 8) | this.l; this.a = this.read(t); t = (t - 1) & 0xffff; this.h = t >> 8; this.l = t & 0xff; break;
      case 0x3b: this.sp = (this.sp - 1) & 0xffff; this.cycles += 4; break;
      case 0x3c: this.a = this.inc(this.a); break;
      case 0x3d: this.a = this.dec(this.a); break;
      case 0x3e: this.a = this.next8(); break;
      case 0x3f: this.f = (this.f & (FLAG_Z | FLAG_C)) ^ FLAG_C; break;

      // LD r,r' ($40-$7F, $76 is HALT) and the ALU block ($80-$BF): register field order B C D E H L [HL] A.
      case 0x40: /* LD B,B */ break;
      case 0x41: this.b = this.c; break;
      case 0x42: this.b = this.d; break;
      case 0x43: this.b = this.e; break;
      case 0x44: this.b = this.h; break;
      case 0x45: this.b = this.l; break;
      case 0x46: this.b = this.read((this.h << 8) | this.l); break;
      case 0x47: this.b = this.a; break;
      case 0x48: this.c = this.b; break;
      case 0x49: /* LD C,C */ break;
      case 0x4a: this.c = this.d; break;
      case 0x4b: this.c = this.e; break;
      case 0x4c: this.c = this.h; break;
      case 0x4d: this.c = this.l; break;
      case 0x4e: this.c = this.read((this.h << 8) | this.l); break;
      case 0x4f: this.c = this.a; break;
      case 0x50: this.d = this.b; break;
      case 0x51: this.d = this.c; break;
      case 0x52: /* LD D,D */ break;
      case 0x53: this.d = this.e; break;
      case 0x54: this.d = this.h; break;
      case 0x55: this.d = this.l; break;
      case 0x56: this.d = this.read((this.h << 8) | this.l); break;
      case 0x57: this.d = this.a; break;
      case 0x58: this.e = this.b; break;
      case 0x59: this.e = this.c; break;
      case 0x5a: this.e = this.d; break;
      case 0x5b: /* LD E,E */ break;
      case 0x5c: this.e = this.h; break;
      case 0x5d: this.e = this.l; break;
      case 0x5e: this.e = this.read((this.h << 8) | this.l); break;
      case 0x5f: this.e = this.a; break;
      case 0x60: this.h = this.b; break;
      case 0x61: this.h = this.c; break;
      case 0x62: this.h = this.d; break;
      case 0x63: this.h = this.e; break;
      case 0x64: /* LD H,H */ break;
      case 0x65: this.h = this.l; break;
      case 0x66: this.h = this.read((this.h << 8) | this.l); break;
      case 0x67: this.h = this.a; break;
      case 0x68: this.l = this.b; break;
      case 0x69: this.l = this.c; break;
      case 0x6a: this.l = this.d; break;
      case 0x6b: this.l = this.e; break;
      case 0x6c: this.l = this.h; break;
      case 0x6d: /* LD L,L */ break;
      case 0x6e: this.l = this.read((this.h << 8) | this.l); break;
      case 0x6f: this.l = this.a; break;
      case 0x70: this.write((this.h << 8) | this.l, this.b); break;
      case 0x71: this.write((this.h << 8) | this.l, this.c); break;
      case 0x72: this.write((this.h << 8) | this.l, this.d); break;
      case 0x73: this.write((this.h << 8) | this.l, this.e); break;
      case 0x74: this.write((this.h << 8) | this.l, this.h); break;
      case 0x75: this.write((this.h << 8) | this.l, this.l); break;
      case 0x77: this.write((this.h << 8) | this.l, this.a); break;
      case 0x78: this.a = this.b; break;
      case 0x79: this.a = this.c; break;
      case 0x7a: this.a = this.d; break;
      case 0x7b: this.a = this.e; break;
      case 0x7c: this.a = this.h; break;
      case 0x7d: this.a = this.l; break;
      case 0x7e: this.a = this.read((this.h << 8) | this.l); break;
      case 0x7f: /* LD A,A */ break;
      case 0x80: this.add(this.b); break;
      case 0x81: this.add(this.c); break;
      case 0x82: this.add(this.d); break;
      case 0x83: this.add(this.e); break;
      case 0x84: this.add(this.h); break;
      case 0x85: this.add(this.l); break;
      case 0x86: this.add(this.read((this.h << 8) | this.l)); break;
      case 0x87: this.add(this.a); break;
      case 0x88: this.adc(this.b); break;
      case 0x89: this.adc(this.c); break;
      case 0x8a: this.adc(this.d); break;
      case 0x8b: this.adc(this.e); break;
      case 0x8c: this.adc(this.h); break;
      case 0x8d: this.adc(this.l); break;
      case 0x8e: this.adc(this.read((this.h << 8) | this.l)); break;
      case 0x8f: this.adc(this.a); break;
      case 0x90: this.sub(this.b); break;
      case 0x91: this.sub(this.c); break;
      case 0x92: this.sub(this.d); break;
      case 0x93: this.sub(this.e); break;
      case 0x94: this.sub(this.h); break;
      case 0x95: this.sub(this.l); break;
      case 0x96: this.sub(this.read((this.h << 8) | this.l)); break;
      case 0x97: this.sub(this.a); break;
      case 0x98: this.sbc(this.b); break;
      case 0x99: this.sbc(this.c); break;
      case 0x9a: this.sbc(this.d); break;
      case 0x9b: this.sbc(this.e); break;
      case 0x9c: this.sbc(this.h); break;
      case 0x9d: this.sbc(this.l); break;
      case 0x9e: this.sbc(this.read((this.h << 8) | this.l)); break;
      case 0x9f: this.sbc(this.a); break;
      case 0xa0: this.and(this.b); break;
      case 0xa1: this.and(this.c); break;
      case 0xa2: this.and(this.d); break;
      case 0xa3: this.and(this.e); break;
      case 0xa4: this.and(this.h); break;
      case 0xa5: this.and(this.l); break;
      case 0xa6: this.and(this.read((this.h << 8) | this.l)); break;
      case 0xa7: this.and(this.a); break;
      case 0xa8: this.xor(this.b); break;
      case 0xa9: this.xor(this.c); break;
      case 0xaa: this.xor(this.d); break;
      case 0xab: this.xor(this.e); break;
      case 0xac: this.xor(this.h); break;
      case 0xad: this.xor(this.l); break;
      case 0xae: this.xor(this.read((this.h << 8) | this.l)); break;
      case 0xaf: this.xor(this.a); break;
      case 0xb0: this.or(this.b); break;
      case 0xb1: this.or(this.c); break;
      case 0xb2: this.or(this.d); break;
      case 0xb3: this.or(this.e); break;
      case 0xb4: this.or(this.h); break;
      case 0xb5: this.or(this.l); break;
      case 0xb6: this.or(this.read((this.h << 8) | this.l)); break;
      case 0xb7: this.or(this.a); break;
      case 0xb8: this.cp(this.b); break;
      case 0xb9: this.cp(this.c); break;
      case 0xba: this.cp(this.d); break;
      case 0xbb: this.cp(this.e); break;
      case 0xbc: this.cp(this.h); break;
      case 0xbd: this.cp(this.l); break;
      case 0xbe: this.cp(this.read((this.h << 8) | this.l)); break;
      case 0xbf: this.cp(this.a); break;
      case 0x76:
        // HALT with IME=0 and an interrupt already pending does not halt: the HALT bug fetches the next byte twice.
        if (!this.ime && this.bus.pendingInterrupts() !== 0) this.haltBug = true;
        else this.halted = true;
        break;

      case 0xc0: this.retIf((this.f & FLAG_Z) === 0); break;
      case 0xc1: t = this.pop(); this.b = t >> 8; this.c = t & 0xff; break;
      case 0xc2: this.jp((this.f & FLAG_Z) === 0); break;
      case 0xc3: this.jp(true); break;
      case 0xc4: this.call((this.f & FLAG_Z) === 0); break;
      case 0xc5: this.push((this.b << 8) | this.c); break;
      case 0xc6: this.add(this.next8()); break;
      case 0xc7: this.rst(0x00); break;
      case 0xc8: this.retIf((this.f & FLAG_Z) !== 0); break;
      case 0xc9: this.ret(); break;
      case 0xca: this.jp((this.f & FLAG_Z) !== 0); break;
      case 0xcb: this.prefixed(this.next8()); break;
      case 0xcc: this.call((this.f & FLAG_Z) !== 0); break;
      case 0xcd: this.call(true); break;
      case 0xce: this.adc(this.next8()); break;
      case 0xcf: this.rst(0x08); break;

      case 0xd0: this.retIf((this.f & FLAG_C) === 0); break;
      case 0xd1: t = this.pop(); this.d = t >> 8; this.e = t & 0xff; break;
      case 0xd2: this.jp((this.f & FLAG_C) === 0); break;
      case 0xd4: this.call((this.f & FLAG_C) === 0); break;
      case 0xd5: this.push((this.d << 8) | this.e); break;
      case 0xd6: this.sub(this.next8()); break;
      case 0xd7: this.rst(0x10); break;
      case 0xd8: this.retIf((this.f & FLAG_C) !== 0); break;
      case 0xd9: this.ret(); this.ime = true; break;
      case 0xda: this.jp((this.f & FLAG_C) !== 0); break;
      case 0xdc: this.call((this.f & FLAG_C) !== 0); break;
      case 0xde: this.sbc(this.next8()); break;
      case 0xdf: this.rst(0x18); break;

      case 0xe0: t = this.next8(); this.write(0xff00 | t, this.a); break;
      case 0xe1: t = this.pop(); this.h = t >> 8; this.l = t & 0xff; break;
      case 0xe2: this.write(0xff00 | this.c, this.a); break;
      case 0xe5: this.push((this.h << 8) | this.l); break;
      case 0xe6: this.and(this.next8()); break;
      case 0xe7: this.rst(0x20); break;
      case 0xe8: t = addSpE8(this.sp, this.next8()); this.sp = t & 0xffff; this.f = t >>> 16; this.cycles += 8; break;
      case 0xe9: this.pc = (this.h << 8) | this.l; break;
      case 0xea: this.write(this.next16(), this.a); break;
      case 0xee: this.xor(this.next8()); break;
      case 0xef: this.rst(0x28); break;

      case 0xf0: t = this.next8(); this.a = this.read(0xff00 | t); break;
      case 0xf1: t = this.pop(); this.a = t >> 8; this.f = t & 0xf0; break;
      case 0xf2: this.a = this.read(0xff00 | this.c); break;
      case 0xf3: this.ime = false; this.eiDelay = false; break;
      case 0xf5: this.push((this.a << 8) | this.f); break;
      case 0xf6: this.or(this.next8()); break;
      case 0xf7: this.rst(0x30); break;
      case 0xf8: t = addSpE8(this.sp, this.next8()); this.h = (t >> 8) & 0xff; this.l = t & 0xff; this.f = t >>> 16; this.cycles += 4; break;
      case 0xf9: this.sp = (this.h << 8) | this.l; this.cycles += 4; break;
      case 0xfa: this.a = this.read(this.next16()); break;
      case 0xfb: this.eiDelay = true; break;
      case 0xfe: this.cp(this.next8()); break;
      case 0xff: this.rst(0x38); break;

      default: // $D3 $DB $DD $E3 $E4 $EB $EC $ED $F4 $FC $FD: the CPU hangs
        this.locked = true;
        this.pc = (this.pc - 1) & 0xffff;
    }
  }

  /** The CB page: op bits 7-6 select rotate/shift, BIT, RES, SET; bits 5-3 the operation or bit; 2-0 the register. */
  private prefixed(op: number): void {
    const reg = op & 7;
    let v: number;
    switch (reg) {
      case 0: v = this.b; break;
      case 1: v = this.c; break;
      case 2: v = this.d; break;
      case 3: v = this.e; break;
      case 4: v = this.h; break;
      case 5: v = this.l; break;
      case 6: v = this.read((this.h << 8) | this.l); break;
      default: v = this.a;
    }
    const y = (op >> 3) & 7;
    let r: number;
    switch (op >> 6) {
      case 0: {
        let p: number;
        switch (y) {
          case 0: p = rlc(v); break;
          case 1: p = rrc(v); break;
          case 2: p = rl(v, this.f); break;
          case 3: p = rr(v, this.f); break;
          case 4: p = sla(v); break;
          case 5: p = sra(v); break;
          case 6: p = swap(v); break;
          default: p = srl(v);
        }
        this.f = p >> 8;
        r = p & 0xff;
        break;
      }
      case 1:
        this.f = bit(y, v, this.f);
        return;
      case 2: r = v & ~(1 << y); break;
      default: r = v | (1 << y);
    }
    switch (reg) {
      case 0: this.b = r; break;
      case 1: this.c = r; break;
      case 2: this.d = r; break;
      case 3: this.e = r; break;
      case 4: this.h = r; break;
      case 5: this.l = r; break;
      case 6: this.write((this.h << 8) | this.l, r); break;
      default: this.a = r;
    }
  }
}

export { FLAG_C, FLAG_H, FLAG_N, FLAG_Z };
