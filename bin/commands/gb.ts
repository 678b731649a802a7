/**
 * bma gb — the Game Boy machine on the command line.
 *   bma gb run <rom.gb> [--frames N] [--input script.txt] [--serial] [--until TEXT] [--until-result] [--screenshot out.png] [--hash]
 *     runs any ROM headless for N frames (default 600) and prints JSON: the ROM's header, frames, T-cycles, the
 *     framebuffer hash and (with --serial) the serial output. --until stops as soon as the serial output contains
 *     TEXT, --until-result as soon as a test verdict is seen. `result` is the verdict a test ROM reported on serial:
 *     the text "Passed"/"Failed" (blargg-style), or the byte sequences 3 5 8 13 21 34 (pass) and 42 42 42 42 42 42
 *     (fail) that mooneye-style ROMs send; or, for ROMs that report through cartridge RAM (Blargg's mem_timing
 *     family), the $A000 protocol: signature DE B0 61 at $A001-$A003, status at $A000 ($80 while running, 0 when
 *     passed), text from $A004 to a zero byte. Exit 1 on "Failed".
 *   bma gb asm <in.asm> -o <out.gb>    assembles a source file (includes resolve beside it, then assets/roms/include)
 *   bma gb disasm <rom.gb> [--from ADDR] [--count N]   prints the disassembly
 */
import { readFileSync, writeFileSync } from "node:fs";
import { disassemble } from "../../shared/levels/cpu-core/assembler/disassembler.ts";
import { parseHeader } from "../../shared/levels/cpu-core/header.ts";
import { keysAt, parseInputScript } from "../../shared/levels/cpu-core/input-script.ts";
import { GameBoy } from "../../shared/levels/cpu-core/machine.ts";
import { assembleFile } from "../../scripts/roms.ts";
import { framebufferPng } from "../png.ts";
import { fail, print, type Command } from "./io.ts";

export const usage = "bma gb run <rom.gb> [--frames N] [--input FILE] [--serial] [--until TEXT] [--until-result] [--screenshot OUT.png] [--hash] | bma gb asm <in.asm> -o <out.gb> | bma gb disasm <rom.gb> [--from ADDR] [--count N]";

function option(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  if (i < 0) return undefined;
  const v = args[i + 1];
  if (v === undefined) fail("E_USAGE", `${name} needs a value`);
  args.splice(i, 2);
  return v;
}
function flag(args: string[], name: string): boolean {
  const i = args.indexOf(name);
  if (i >= 0) args.splice(i, 1);
  return i >= 0;
}
function readBytes(file: string): Uint8Array {
  try {
    return new Uint8Array(readFileSync(file));
  } catch (e) {
    fail("E_READ", `Cannot read ${file}: ${(e as Error).message}`);
  }
}

const MOONEYE_PASS = String.fromCharCode(3, 5, 8, 13, 21, 34);
const MOONEYE_FAIL = String.fromCharCode(0x42, 0x42, 0x42, 0x42, 0x42, 0x42);

/** The verdict a test ROM reported on serial, if any. */
export function serialVerdict(text: string): "Passed" | "Failed" | null {
  if (/Failed/.test(text) || text.includes(MOONEYE_FAIL)) return "Failed";
  if (/Passed/.test(text) || text.includes(MOONEYE_PASS)) return "Passed";
  return null;
}

/** Blargg's cartridge-RAM report: the status byte and the text, once the signature is there and the test is done. */
function cartridgeReport(ram: Uint8Array): { status: number; text: string } | null {
  if (ram.length < 4 || ram[1] !== 0xde || ram[2] !== 0xb0 || ram[3] !== 0x61 || ram[0] === 0x80) return null;
  let text = "";
  for (let i = 4; i < ram.length && ram[i] !== 0; i++) text += String.fromCharCode(ram[i]!);
  return { status: ram[0]!, text };
}

/** What a test ROM has reported so far, on serial or in cartridge RAM. */
export function romVerdict(gb: GameBoy): { result: "Passed" | "Failed" | null; text: string } {
  const serial = gb.serialText();
  const fromSerial = serialVerdict(serial);
  if (fromSerial) return { result: fromSerial, text: serial };
  const report = cartridgeReport(gb.cart.ram);
  if (!report) return { result: null, text: serial };
  return { result: report.status === 0 && /Passed/.test(report.text) ? "Passed" : "Failed", text: report.text };
}

function runRom(args: string[]): number {
  const framesText = option(args, "--frames");
  const inputFile = option(args, "--input");
  const until = option(args, "--until");
  const screenshot = option(args, "--screenshot");
  const serial = flag(args, "--serial");
  const untilResult = flag(args, "--until-result");
  flag(args, "--hash"); // the hash is always printed; the flag is accepted for scripts that ask for it
  const [file, ...rest] = args;
  if (!file || rest.length) fail("E_USAGE", `usage: ${usage}`);
  const frames = framesText === undefined ? 600 : Number(framesText);
  if (!Number.isInteger(frames) || frames < 0) fail("E_USAGE", "--frames must be a whole number");
  let input: ReturnType<typeof parseInputScript> = [];
  if (inputFile) {
    try {
      input = parseInputScript(readFileSync(inputFile, "utf8"));
    } catch (e) {
      fail("E_INPUT", (e as Error).message);
    }
  }
  const rom = readBytes(file);
  const header = parseHeader(rom);
  const gb = new GameBoy(rom);
  const started = performance.now();
  let frame = 0;
  for (; frame < frames; frame++) {
    gb.runFrame(keysAt(input, frame));
    if ((until && gb.serialText().includes(until)) || (untilResult && romVerdict(gb).result)) { frame++; break; }
  }
  const seconds = (performance.now() - started) / 1000;
  const text = gb.serialText();
  const verdict = romVerdict(gb);
  if (screenshot) writeFileSync(screenshot, framebufferPng(gb.ppu.framebuffer));
  print({
    rom: file, title: header.title, cartridge: gb.cart.typeName, headerChecksumValid: header.headerChecksumValid,
    globalChecksumValid: header.globalChecksumValid, frames: frame, cycles: gb.cycles,
    framebufferHash: gb.framebufferHash(), result: verdict.result, ...(serial ? { serial: text } : {}),
    ...(verdict.result && verdict.text !== text ? { report: verdict.text } : {}),
    ...(screenshot ? { screenshot } : {}), emulatedMHz: Number((gb.cycles / seconds / 1e6).toFixed(2)),
  });
  return verdict.result === "Failed" ? 1 : 0;
}

function asm(args: string[]): number {
  const out = option(args, "-o");
  const [file, ...rest] = args;
  if (!file || !out || rest.length) fail("E_USAGE", "usage: bma gb asm <in.asm> -o <out.gb>");
  try {
    const r = assembleFile(file);
    writeFileSync(out, r.rom);
    const h = parseHeader(r.rom);
    print({ file, out, bytes: r.rom.length, title: h.title, headerChecksum: h.headerChecksum, globalChecksum: h.globalChecksum, symbols: r.symbols.size });
    return 0;
  } catch (e) {
    fail("E_ASM", (e as Error).message);
  }
}

function disasm(args: string[]): number {
  const from = Number(option(args, "--from") ?? "0x100");
  const count = Number(option(args, "--count") ?? "32");
  const [file] = args;
  if (!file) fail("E_USAGE", "usage: bma gb disasm <rom.gb> [--from ADDR] [--count N]");
  const rom = readBytes(file);
  const lines = disassemble(rom, from, from, Math.min(rom.length, from + count * 3)).slice(0, count);
  for (const l of lines) {
    process.stdout.write(`${l.address.toString(16).toUpperCase().padStart(4, "0")}  ${l.bytes.map((b) => b.toString(16).toUpperCase().padStart(2, "0")).join(" ").padEnd(9)}  ${l.text}${l.register ? ` ; ${l.register}` : ""}\n`);
  }
  return 0;
}

export const run: Command = (args) => {
  const [sub, ...rest] = args;
  if (sub === "run") return runRom(rest);
  if (sub === "asm") return asm(rest);
  if (sub === "disasm") return disasm(rest);
  fail("E_USAGE", `usage: ${usage}`);
};
