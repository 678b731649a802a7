/**
 * The fault log in the style of QEMU's `-d int,cpu_reset` (QEMU 7.2, target/i386: check_exception and
 * do_interrupt_all), so a player can put the game's log next to real QEMU's line by line:
 *
 *   check_exception old: 0xffffffff new 0xd          (an exception is raised; old = the contributory one in flight)
 *        0: v=0d e=0032 i=0 cpl=0 IP=0008:0010000c pc=0010000c SP=0010:00006f08 env->regs[R_EAX]=2badb002
 *   EAX=2badb002 EBX=00009500 ECX=0010000c EDX=00010511          (register dump, first lines as QEMU prints them)
 *   ...
 *   Servicing hardware INT=0x08                       (a PIC interrupt is taken)
 *   Triple fault                                      (an exception while delivering #DF)
 *   CPU Reset (CPU 0)
 *
 * The register dump stops after CR0: QEMU's DR0-DR7, CCS/CCD/CCO (its lazy-flag internals) and EFER lines are left out.
 * The log keeps the last MAX_ENTRIES entries; `total` counts all of them (timer interrupts log one each, as in QEMU).
 */

export interface FaultLogEntry {
  kind: "check" | "interrupt" | "hardware" | "triple" | "reset" | "shutdown";
  /** Instruction count when it was logged. */
  at: number;
  text: string;
  vector?: number;
}

export interface FaultLog {
  entries: FaultLogEntry[];
  total: number;
  /** QEMU's running interrupt counter (the "%6d:" column); survives resets as QEMU's static counter does. */
  interruptCount: number;
}

export const MAX_ENTRIES = 400;

export function createFaultLog(): FaultLog {
  return { entries: [], total: 0, interruptCount: 0 };
}

export function logEntry(log: FaultLog, entry: FaultLogEntry): void {
  log.entries.push(entry);
  log.total++;
  if (log.entries.length > MAX_ENTRIES) log.entries.shift();
}

export function hex(value: number, digits: number): string {
  return (value >>> 0).toString(16).padStart(digits, "0");
}

/** The whole log as QEMU writes it to `-D file`. */
export function faultLogText(log: FaultLog): string {
  return log.entries.map((e) => e.text + "\n").join("");
}

/** The first line of each entry (what tests and the board compare with QEMU: no register dumps). */
export function faultLogHeadlines(log: FaultLog): string[] {
  return log.entries.map((e) => e.text.split("\n")[0]);
}
