/**
 * Per-opcode randomized tests: for each opcode, N seeded random CPU states and memories, one instruction on the
 * reference Cpu and one on the player's core, each on its own flat 64 KiB test bus, and every register, flag,
 * state bit, cycle count and bus access (kind, address, value, cycle) compared. Deterministic for a seed, and
 * fast: memory is a hash of (case, address) until written, so a case costs no 64 KiB fill.
 */
import { Cpu, type Bus, type CpuState, CPU_STATE_KEYS } from "../cpu.ts";
import { createRng, nextU32 } from "../../../engine/rng.ts";
import { type MicroProgram } from "./compile.ts";
import { FAMILY_OF_OPCODE } from "./families.ts";
import { MicroCpu, handlerTable } from "./player-core.ts";

/** Values of the 512-entry status arrays. */
export const OPCODE_STATUS = { untested: 0, passing: 1, failing: 2 } as const;

/** Random cases per opcode. */
export const CASES_PER_OPCODE = 32;

/** A flat bus whose unwritten bytes are noise from the case's seed; logs every access with the cycle it ends. */
export class TestBus implements Bus {
  readonly written = new Map<number, number>();
  /** kind (0 read, 1 write), address, value, cycle; flattened. */
  readonly log: number[] = [];
  cpu: { cycles: number } | null = null;
  stops = 0;
  private readonly noise: number;

  constructor(noise: number) { this.noise = noise; }

  peek(address: number): number {
    const w = this.written.get(address);
    if (w !== undefined) return w;
    let x = Math.imul(address ^ this.noise, 0x9e3779b1);
    x ^= x >>> 15;
    x = Math.imul(x, 0x85ebca6b);
    return (x >>> 13) & 0xff;
  }
  read(address: number): number {
    const v = this.peek(address);
    this.log.push(0, address, v, this.cpu?.cycles ?? 0);
    return v;
  }
  write(address: number, value: number): void {
    this.written.set(address, value);
    this.log.push(1, address, value, this.cpu?.cycles ?? 0);
  }
  pendingInterrupts(): number { return this.peek(0xffff) & this.peek(0xff0f) & 0x1f; }
  acknowledgeInterrupt(bit: number): void { this.written.set(0xff0f, this.peek(0xff0f) & ~(1 << bit)); }
  stop(): void { this.stops++; }
}

interface Case { state: CpuState; noise: number; bytes: [number, number][] }

/** A random state about to execute `op` (or, for `op` = -1, to take an interrupt). */
function makeCase(rngSeed: number, op: number): Case {
  const rng = createRng(rngSeed);
  const r = () => nextU32(rng);
  const pc = r() & 0xffff;
  const dispatch = op < 0;
  const ime = dispatch || (r() & 1) === 1;
  const state: CpuState = {
    a: r() & 0xff, f: r() & 0xf0, b: r() & 0xff, c: r() & 0xff, d: r() & 0xff, e: r() & 0xff, h: r() & 0xff, l: r() & 0xff,
    sp: r() & 0xffff, pc, ime, eiDelay: false, halted: false, haltBug: false, stopped: false, locked: false, cycles: 0,
  };
  const bytes: [number, number][] = [];
  if (op >= 0x100) bytes.push([pc, 0xcb], [(pc + 1) & 0xffff, op & 0xff]);
  else if (op >= 0) bytes.push([pc, op]);
  // With IME set nothing may be pending (the step would dispatch instead); with IME clear HALT sees both cases.
  const ie = r() & 0x1f;
  let flags = ime ? 0 : r() & 0x1f;
  if (dispatch) flags = (r() & 0x1f) | (1 << (r() % 5));
  bytes.push([0xffff, dispatch ? ie | flags : ie], [0xff0f, flags]);
  return { state, noise: r(), bytes };
}

function run(cpu: Cpu, bus: TestBus): number[] {
  bus.cpu = cpu;
  cpu.step();
  const s = cpu.snapshot() as unknown as Record<string, number | boolean>;
  const out: number[] = CPU_STATE_KEYS.map((k) => Number(s[k]));
  out.push(bus.stops, bus.written.get(0xff0f) ?? -1, ...bus.log);
  return out;
}

function sameRun(c: Case, table: readonly import("./compile.ts").Handler[]): boolean {
  const refBus = new TestBus(c.noise), playerBus = new TestBus(c.noise);
  for (const [a, v] of c.bytes) { refBus.written.set(a, v); playerBus.written.set(a, v); }
  const expected = run(new Cpu(refBus, c.state), refBus);
  const got = run(new MicroCpu(playerBus, table, c.state), playerBus);
  if (expected.length !== got.length) return false;
  for (let i = 0; i < expected.length; i++) if (expected[i] !== got[i]) return false;
  return true;
}

/**
 * 512 statuses (0 untested, 1 passing, 2 failing): each tested opcode passes when all its cases match the
 * reference exactly. Illegal opcodes stay untested.
 */
export function runOpcodeTests(program: MicroProgram, provided: ReadonlySet<string>, opcodes?: readonly number[], seed = 1): Uint8Array {
  const table = handlerTable(program, provided);
  const status = new Uint8Array(512);
  const list = opcodes ?? Array.from({ length: 512 }, (_, i) => i);
  for (const op of list) {
    if (!(op >= 0 && op < 512) || !FAMILY_OF_OPCODE[op]) continue;
    let pass = true;
    for (let k = 0; k < CASES_PER_OPCODE && pass; k++) pass = sameRun(makeCase(caseSeed(seed, op, k), op), table);
    status[op] = pass ? OPCODE_STATUS.passing : OPCODE_STATUS.failing;
  }
  return status;
}

/** The interrupt-dispatch family against the reference on random states with IME=1 and an interrupt pending. */
export function runDispatchTests(program: MicroProgram, provided: ReadonlySet<string>, seed = 1): boolean {
  const table = handlerTable(program, provided);
  for (let k = 0; k < CASES_PER_OPCODE; k++) if (!sameRun(makeCase(caseSeed(seed, 512, k), -1), table)) return false;
  return true;
}

function caseSeed(seed: number, op: number, k: number): number {
  return (Math.imul(seed >>> 0, 0x01000193) ^ Math.imul(op + 1, 0x9e3779b1) ^ Math.imul(k + 1, 0x85ebca6b)) >>> 0;
}
