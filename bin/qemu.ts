/**
 * Node-only (CLI and tests): boot a kernel ELF in Debian's real `qemu-system-i386 -kernel` and collect what a player would compare
 * with the in-game machine: the serial output (COM1 on stdio), the VGA text memory (80x25 cells, 4000 bytes read with
 * the monitor command `pmemsave 0xb8000 4000 "file"`), the isa-debug-exit status and, optionally, the `-d int,cpu_reset`
 * log.
 *
 * When does the run end?
 *  - the kernel writes to isa-debug-exit (port 0xF4): QEMU exits with (v << 1) | 1 at once, so there is no VGA to read
 *    (`vga` is null);
 *  - a triple fault with noReboot (the default): `-action shutdown=pause` keeps the VM paused instead of exiting, the
 *    VGA is read, then QEMU is told to quit; exitCode is null and `shutdown` is true;
 *  - the serial output contains `marker` (a kernel announces itself);
 *  - without a marker: the CPU halts for good (`info registers` shows HLT=1 with IF clear: `cli; hlt`), or `settleMs`
 *    passes (a kernel idling in `hlt` with interrupts on, or spinning). Then the VGA is read and QEMU quits.
 * Waiting for the halt rather than a fixed time keeps a slow, loaded machine from reading a screen half drawn.
 * Each call has its own temporary directory, a hard timeout, and kills QEMU in `finally`.
 */
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { connect } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

export const QEMU = "qemu-system-i386";

/** Why QEMU cannot be used here, or undefined when it can. */
export function qemuMissingReason(): string | undefined {
  const probe = spawnSync(QEMU, ["--version"], { encoding: "utf8" });
  if (probe.error || probe.status !== 0) return `${QEMU} is not installed (Debian package qemu-system-x86; .ci/run installs it)`;
  return undefined;
}

/** Why GNU as + ld (used to build reference kernels) cannot be used here, or undefined when they can. */
export function binutilsMissingReason(): string | undefined {
  for (const tool of ["as", "ld"]) {
    const r = spawnSync(tool, ["--version"], { encoding: "utf8" });
    if (r.error || r.status !== 0) return `GNU ${tool} is not installed (Debian package binutils)`;
  }
  return undefined;
}

export interface QemuBootOptions {
  /** Stop once the serial output contains this text (then read the VGA). */
  marker?: string;
  /** Without a marker: the longest wait for the kernel to halt for good before the VGA is read anyway. */
  settleMs?: number;
  /** Hard limit for the whole run. */
  timeoutMs?: number;
  /** `-no-reboot` (default true): a triple fault stops the machine instead of rebooting it. */
  noReboot?: boolean;
  /** Collect `-d int,cpu_reset` into faultLog. */
  faultLog?: boolean;
  /** Extra arguments (e.g. `-append`). */
  extraArgs?: readonly string[];
}

export interface QemuBootResult {
  serial: string;
  /** 4000 bytes from 0xB8000 (character, attribute pairs), or null when QEMU exited before it could be read. */
  vga: Uint8Array | null;
  /** QEMU's exit status: (v << 1) | 1 after `out 0xf4, v`; null when we stopped it. */
  exitCode: number | null;
  /** The guest shut down (triple fault with -no-reboot) and the VM was paused by `-action shutdown=pause`. */
  shutdown: boolean;
  /** QEMU's stderr (loader errors such as "qemu: invalid kernel header"). */
  stderr: string;
  faultLog?: string;
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Sends monitor commands over the unix socket and resolves after each has printed its next "(qemu)" prompt. */
async function monitorCommands(socketPath: string, commands: readonly string[], timeoutMs: number): Promise<string> {
  return await new Promise<string>((resolve, reject) => {
    const sock = connect(socketPath);
    let out = "";
    let prompts = 0;
    let sent = 0;
    const timer = setTimeout(() => { sock.destroy(); reject(new Error(`monitor did not answer in ${timeoutMs} ms: ${out}`)); }, timeoutMs);
    const finish = () => { clearTimeout(timer); sock.destroy(); resolve(out); };
    sock.on("data", (d) => {
      out += d.toString("latin1");
      const seen = out.split("(qemu)").length - 1;
      while (prompts < seen) {
        prompts++;
        if (sent < commands.length) sock.write(`${commands[sent++]}\n`);
        else return finish();
      }
    });
    sock.on("error", (e) => { clearTimeout(timer); reject(e); });
    sock.on("close", () => { clearTimeout(timer); resolve(out); });
  });
}

/** `info registers` of a CPU stopped in `hlt` with interrupts off: nothing but an NMI can wake it. */
function haltedForGood(registers: string): boolean {
  const efl = /EFL=([0-9a-f]{8})/.exec(registers);
  return /\bHLT=1\b/.test(registers) && efl !== null && (parseInt(efl[1]!, 16) & 0x200) === 0;
}

export async function bootInQemu(elfPath: string, opts: QemuBootOptions = {}): Promise<QemuBootResult> {
  const dir = mkdtempSync(join(tmpdir(), "bma-qemu-"));
  const sock = join(dir, "monitor.sock");
  const vgaFile = join(dir, "vga.bin");
  const logFile = join(dir, "int.log");
  const noReboot = opts.noReboot ?? true;
  const args = [
    "-kernel", elfPath, "-m", "128", "-display", "none", "-serial", "stdio",
    "-monitor", `unix:${sock},server,nowait`,
    "-device", "isa-debug-exit,iobase=0xf4,iosize=0x04",
    ...(noReboot ? ["-no-reboot", "-action", "shutdown=pause"] : []),
    ...(opts.faultLog ? ["-d", "int,cpu_reset", "-D", logFile] : []),
    ...(opts.extraArgs ?? []),
  ];
  const child = spawn(QEMU, args, { stdio: ["ignore", "pipe", "pipe"] });
  let serial = "";
  let stderr = "";
  let exited: number | null | undefined;
  child.stdout.on("data", (d: Buffer) => (serial += d.toString("latin1")));
  child.stderr.on("data", (d: Buffer) => (stderr += d.toString("latin1")));
  // "close", not "exit": "exit" can come before the last stdout bytes are read, and serial output would be cut short.
  const exitPromise = new Promise<void>((resolve) => child.on("close", (code) => { exited = code; resolve(); }));
  const timeoutMs = opts.timeoutMs ?? 15_000;
  const settleMs = opts.settleMs ?? 5_000;
  try {
    const t0 = Date.now();
    let shutdown = false;
    for (;;) {
      if (exited !== undefined) break;
      if (opts.marker !== undefined && serial.includes(opts.marker)) break;
      if (opts.marker === undefined && Date.now() - t0 >= settleMs) {
        const status = await monitorCommands(sock, ["info status"], 2_000).catch(() => "");
        shutdown = status.includes("shutdown");
        break;
      }
      if (opts.marker === undefined && existsSync(sock) && Date.now() - t0 >= 200 && haltedForGood(await monitorCommands(sock, ["info registers"], 2_000).catch(() => ""))) break;
      if (Date.now() - t0 >= timeoutMs) throw new Error(`QEMU run exceeded ${timeoutMs} ms; serial so far: ${JSON.stringify(serial)}`);
      if (existsSync(sock) && Date.now() - t0 >= 200) {
        // A paused VM (guest shutdown) never prints again: ask the monitor once in a while.
        const status = await monitorCommands(sock, ["info status"], 2_000).catch(() => "");
        if (status.includes("shutdown")) { shutdown = true; break; }
      }
      await sleep(50);
    }
    let vga: Uint8Array | null = null;
    // Give a kernel that just printed its marker a moment to finish the instructions after it (it may exit meanwhile
    // through isa-debug-exit: then there is no screen to read).
    if (exited === undefined) await Promise.race([exitPromise, sleep(100)]);
    const stoppedByUs = exited === undefined;
    if (stoppedByUs) {
      await monitorCommands(sock, [`pmemsave 0xb8000 4000 "${vgaFile}"`], 5_000);
      if (existsSync(vgaFile) && statSync(vgaFile).size === 4000) vga = new Uint8Array(readFileSync(vgaFile));
      await monitorCommands(sock, ["quit"], 5_000).catch(() => "");
      await Promise.race([exitPromise, sleep(3_000)]);
    }
    const faultLog = opts.faultLog && existsSync(logFile) ? readFileSync(logFile, "latin1") : undefined;
    return { serial, vga, exitCode: stoppedByUs ? null : (exited ?? null), shutdown, stderr, ...(faultLog !== undefined ? { faultLog } : {}) };
  } finally {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill("SIGKILL");
      await Promise.race([exitPromise, sleep(3_000)]);
    }
    rmSync(dir, { recursive: true, force: true });
  }
}
