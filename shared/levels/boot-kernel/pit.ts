/**
 * The Intel 8253/8254 programmable interval timer, channel 0 (IRQ 0), as the PC wires it: ports 0x40-0x42 are the
 * channel counters, 0x43 the mode/command register; the input clock is 1.193182 MHz (8254 datasheet; OSDev "PIT").
 *
 * The game's clock (deterministic, documented because QEMU's TCG is not cycle-accurate, so agreement with QEMU is on
 * output, never on timing): one executed instruction is 1/INSTRUCTIONS_PER_SECOND of a second of machine time, and
 * the PIT input clock advances PIT_HZ ticks per second of that time. `hlt` jumps machine time to the next interrupt.
 * IRQ 0 fires each time the counter wraps: every `divisor` input ticks in modes 2 and 3 (rate generator and square
 * wave, the ones kernels use), once in mode 0 (interrupt on terminal count). Modes 1, 4, 5 need a gate or a trigger
 * and never interrupt here. A divisor of 0 means 65536 (18.2 Hz, the rate SeaBIOS programs: mode 3, count 0).
 * Channels 1 and 2 accept writes and are otherwise not modelled; BCD counting is ignored.
 */

export const PIT_HZ = 1_193_182;
/** Machine time: how many instructions make one second (a 10 MIPS CPU). */
export const INSTRUCTIONS_PER_SECOND = 10_000_000;
export const PIT_CHANNEL0 = 0x40;
export const PIT_COMMAND = 0x43;

export interface PitState {
  /** Channel 0 operating mode 0-5 (6 and 7 alias 2 and 3). */
  mode: number;
  /** Reload value as written (0 = 65536). */
  divisor: number;
  /** Access mode from the command byte: 1 low byte, 2 high byte, 3 low then high. */
  access: number;
  /** In access mode 3, the next data write is the high byte. */
  expectHigh: boolean;
  lowByte: number;
  /** Counting (a count has been loaded since the last command byte). */
  running: boolean;
  /** Machine time of the next IRQ 0, or -1. */
  nextIrqAt: number;
  /** Machine time the current period started (for reading the counter). */
  periodStart: number;
  /** Remainder of period boundaries in 1/PIT_HZ instruction units, so periods never drift. */
  phase: number;
  /** Latched count for reads, -1 if none; reads of a 16-bit count alternate low/high. */
  latch: number;
  readHigh: boolean;
  /** IRQ 0 edges raised so far. */
  irqs: number;
}

/** As SeaBIOS leaves channel 0: mode 3, count 0 (65536 → 18.2 Hz), counting from `now`. */
export function createPit(now: number): PitState {
  const pit: PitState = { mode: 3, divisor: 0, access: 3, expectHigh: false, lowByte: 0, running: true, nextIrqAt: -1, periodStart: now, phase: 0, latch: -1, readHigh: false, irqs: 0 };
  schedule(pit, now);
  return pit;
}

function reload(pit: PitState): number {
  return pit.divisor === 0 ? 0x10000 : pit.divisor;
}

function periodic(pit: PitState): boolean {
  return (pit.mode & 3) === 2 || (pit.mode & 3) === 3;
}

/** Sets nextIrqAt one period after `from` (exact rational arithmetic, no drift). */
function schedule(pit: PitState, from: number): void {
  if (!pit.running || !(periodic(pit) || pit.mode === 0)) { pit.nextIrqAt = -1; return; }
  const units = pit.phase + reload(pit) * INSTRUCTIONS_PER_SECOND;
  pit.periodStart = from;
  pit.nextIrqAt = from + Math.floor(units / PIT_HZ);
  pit.phase = units % PIT_HZ;
}

/** Called by the machine when time reaches nextIrqAt: returns true if IRQ 0 fires and sets the next period. */
export function pitFire(pit: PitState): boolean {
  if (pit.nextIrqAt < 0) return false;
  const at = pit.nextIrqAt;
  pit.irqs++;
  if (periodic(pit)) schedule(pit, at);
  else { pit.nextIrqAt = -1; pit.running = false; }
  return true;
}

export function pitWrite(pit: PitState, port: number, value: number, now: number): void {
  if (port === PIT_COMMAND) {
    const channel = value >> 6;
    if (channel !== 0) return;
    const access = (value >> 4) & 3;
    if (access === 0) { // counter latch command
      pit.latch = currentCount(pit, now);
      pit.readHigh = false;
      return;
    }
    pit.access = access;
    pit.mode = (value >> 1) & 7;
    if (pit.mode > 5) pit.mode -= 4;
    pit.expectHigh = false;
    pit.running = false;
    pit.nextIrqAt = -1;
    return;
  }
  if (port !== PIT_CHANNEL0) return;
  if (pit.access === 1) pit.divisor = value & 0xff;
  else if (pit.access === 2) pit.divisor = (value & 0xff) << 8;
  else if (!pit.expectHigh) { pit.lowByte = value & 0xff; pit.expectHigh = true; return; }
  else { pit.divisor = pit.lowByte | ((value & 0xff) << 8); pit.expectHigh = false; }
  pit.running = true;
  pit.phase = 0;
  schedule(pit, now);
}

function currentCount(pit: PitState, now: number): number {
  if (!pit.running || pit.nextIrqAt < 0) return pit.divisor;
  const elapsed = Math.floor(((now - pit.periodStart) * PIT_HZ) / INSTRUCTIONS_PER_SECOND);
  return (reload(pit) - (elapsed % reload(pit))) & 0xffff;
}

export function pitRead(pit: PitState, port: number, now: number): number {
  if (port !== PIT_CHANNEL0) return 0xff;
  const count = pit.latch >= 0 ? pit.latch : currentCount(pit, now);
  const byte = pit.readHigh ? (count >> 8) & 0xff : count & 0xff;
  if (pit.access !== 3 || pit.readHigh) pit.latch = -1;
  if (pit.access === 3) pit.readHigh = !pit.readHigh;
  return byte;
}

export interface PitView { mode: number; divisor: number; hz: string; running: boolean; irqs: number }

export function pitView(pit: PitState): PitView {
  const hz = pit.running ? (PIT_HZ / reload(pit)).toFixed(3) : "stopped";
  return { mode: pit.mode, divisor: reload(pit), hz, running: pit.running, irqs: pit.irqs };
}
