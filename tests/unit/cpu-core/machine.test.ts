/**
 * The whole machine: post-boot state, memory map (echo RAM, the unusable area, IE), MBC1 banking, OAM DMA and its
 * bus lock, joypad reads and interrupt, serial transfer time, snapshot/restore round trips, determinism.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { assembleText } from "../../../shared/levels/cpu-core/assembler/assembler.ts";
import { BUTTONS } from "../../../shared/levels/cpu-core/joypad.ts";
import { GameBoy } from "../../../shared/levels/cpu-core/machine.ts";
import { Cartridge } from "../../../shared/levels/cpu-core/mbc1.ts";
import { builtRomPath } from "../../../scripts/roms.ts";

/** A ROM whose code starts at $0100 (no header needed by this machine). */
function romWith(code: string, extra = "") {
  return assembleText(`SECTION "code", ROM0[$0100]\n${code}\n${extra}`).rom;
}

describe("post-boot state", () => {
  it("starts at PC=$0100 with the documented registers and I/O", () => {
    const gb = new GameBoy(romWith("nop"));
    const c = gb.cpu;
    expect([c.a, c.f, c.b, c.c, c.d, c.e, c.h, c.l, c.sp, c.pc]).toEqual([0x01, 0xb0, 0x00, 0x13, 0x00, 0xd8, 0x01, 0x4d, 0xfffe, 0x0100]);
    const read = (a: number) => gb.bus.read(a);
    expect([read(0xff00), read(0xff04), read(0xff07), read(0xff0f), read(0xff40), read(0xff47), read(0xff26)]).toEqual([0xcf, 0xab, 0xf8, 0xe1, 0x91, 0xfc, 0xf1]);
  });
});

describe("memory map", () => {
  it("echo RAM mirrors WRAM both ways; the unusable area reads 0 and ignores writes; IE is $FFFF", () => {
    const gb = new GameBoy(romWith("nop"));
    gb.ppu.writeLcdc(0, 0); // LCD off: OAM and VRAM always reachable
    gb.bus.write(0xc123, 0x42);
    expect(gb.bus.read(0xe123)).toBe(0x42);
    gb.bus.write(0xfd00, 0x17);
    expect(gb.bus.read(0xdd00)).toBe(0x17);
    gb.bus.write(0xfea5, 0x99);
    expect(gb.bus.read(0xfea5)).toBe(0x00);
    gb.bus.write(0xffff, 0x1f);
    expect(gb.irq.ie).toBe(0x1f);
    expect(gb.bus.read(0xff03)).toBe(0xff); // unmapped I/O
  });
  it("VRAM reads $FF and ignores writes during mode 3", () => {
    const gb = new GameBoy(romWith("nop"));
    gb.cpu.cycles = 100; // line 0, mode 3
    gb.bus.write(0x8000, 0x55);
    expect(gb.bus.read(0x8000)).toBe(0xff);
    gb.cpu.cycles = 300; // mode 0
    expect(gb.bus.read(0x8000)).toBe(0x00);
  });
});

describe("MBC1", () => {
  const image = new Uint8Array(0x80000); // 512 KiB: 32 banks, bank n starts with n
  for (let b = 0; b < 32; b++) image[b * 0x4000] = b;
  image[0x147] = 0x03; image[0x148] = 0x04; image[0x149] = 0x03; // MBC1+RAM+BATTERY, 512 KiB, 32 KiB RAM
  const romx = (c: Cartridge) => c.rom[c.romxBase]!;

  it("maps bank 1 at $4000 at reset and selects banks with $2000-$3FFF (0 means 1)", () => {
    const c = new Cartridge(image);
    expect(romx(c)).toBe(1);
    c.writeRegister(0x2000, 5);
    expect(romx(c)).toBe(5);
    c.writeRegister(0x3fff, 0);
    expect(romx(c)).toBe(1);
    c.writeRegister(0x2000, 0x3f); // only 5 bits
    expect(romx(c)).toBe(0x1f);
  });
  it("wraps bank numbers at the ROM size", () => {
    const small = image.slice(0, 0x20000); // 8 banks
    small[0x148] = 0x02;
    const c = new Cartridge(small);
    c.writeRegister(0x2000, 9);
    expect(romx(c)).toBe(1);
  });
  it("gates RAM with $0A and banks it in mode 1 only", () => {
    const c = new Cartridge(image);
    expect(c.readRam(0xa000)).toBe(0xff);
    c.writeRegister(0x0000, 0x0a);
    c.writeRam(0xa000, 0x11);
    c.writeRegister(0x4000, 2); // RAM bank 2 — ignored in mode 0
    expect(c.readRam(0xa000)).toBe(0x11);
    c.writeRegister(0x6000, 1);
    expect(c.readRam(0xa000)).toBe(0x00);
    c.writeRam(0xa000, 0x22);
    c.writeRegister(0x6000, 0);
    expect(c.readRam(0xa000)).toBe(0x11);
    c.writeRegister(0x0000, 0x00);
    expect(c.readRam(0xa000)).toBe(0xff);
  });
  it("uses the $4000 register as ROM bank bits 5-6, and in mode 1 also for $0000-$3FFF", () => {
    const big = new Uint8Array(0x200000); // 2 MiB: 128 banks
    for (let b = 0; b < 128; b++) big[b * 0x4000] = b;
    big[0x147] = 0x01; big[0x148] = 0x06;
    const c = new Cartridge(big);
    c.writeRegister(0x4000, 1);
    c.writeRegister(0x2000, 0);
    expect(romx(c)).toBe(0x21); // bank $20 is unreachable: 0 reads as 1
    expect(c.rom[c.rom0Base]).toBe(0);
    c.writeRegister(0x6000, 1);
    expect(c.rom[c.rom0Base]).toBe(0x20);
  });
});

describe("OAM DMA", () => {
  it("copies 160 bytes and locks everything but HRAM for 160 M-cycles", () => {
    const gb = new GameBoy(romWith("nop"));
    gb.ppu.writeLcdc(0, 0);
    for (let i = 0; i < 160; i++) gb.bus.write(0xc000 + i, i ^ 0x5a);
    gb.bus.write(0xff80, 0x33);
    gb.cpu.cycles = 1000;
    gb.bus.write(0xff46, 0xc0);
    gb.cpu.cycles = 1008;
    expect([gb.bus.read(0xc000), gb.bus.read(0xfe00), gb.bus.read(0xff80)]).toEqual([0xff, 0xff, 0x33]);
    gb.cpu.cycles = 1000 + 4 + 640 + 4;
    expect([gb.bus.read(0xc000), gb.bus.read(0xfe00), gb.bus.read(0xfe9f), gb.bus.read(0xff46)]).toEqual([0x5a, 0x5a, 159 ^ 0x5a, 0xc0]);
  });
});

describe("joypad", () => {
  it("reads the selected group active-low and requests the Joypad interrupt when a key goes down", () => {
    const gb = new GameBoy(romWith("nop"));
    gb.bus.write(0xff00, 0x20); // select the d-pad
    gb.irq.flags = 0;
    gb.setButtons(BUTTONS.left | BUTTONS.a);
    expect(gb.bus.read(0xff00)).toBe(0xe0 | 0x0d);
    expect(gb.irq.flags & 0x10).toBe(0x10);
    gb.bus.write(0xff00, 0x10); // the buttons
    expect(gb.bus.read(0xff00)).toBe(0xd0 | 0x0e);
  });
});

describe("serial", () => {
  it("a transfer on the internal clock takes 4096 T-cycles, records the byte and ends with SB=$FF and the interrupt", () => {
    const gb = new GameBoy(romWith("ld a, $41\n ldh [$01], a\n ld a, $81\n ldh [$02], a\n.w: jr .w"));
    gb.runCycles(40);
    const start = gb.cycles;
    expect(gb.serial.output).toEqual([0x41]);
    gb.runCycles(4000);
    expect(gb.bus.read(0xff02) & 0x80).toBe(0x80);
    gb.runCycles(200);
    expect([gb.bus.read(0xff02) & 0x80, gb.bus.read(0xff01), gb.irq.flags & 8]).toEqual([0, 0xff, 8]);
    expect(gb.cycles - start).toBeGreaterThan(4096);
  });
});

describe("snapshot and restore", () => {
  it("restore(snapshot(s)) then N frames equals N frames on s, and the snapshot is plain, cloneable data", () => {
    const rom = new Uint8Array(readFileSync(builtRomPath("cpu-alu")));
    const a = new GameBoy(rom);
    for (let f = 0; f < 4; f++) a.runFrame(0);
    const snap = structuredClone(a.snapshot());
    const b = new GameBoy(rom);
    b.restore(snap);
    for (let f = 0; f < 8; f++) { a.runFrame(0); b.runFrame(0); }
    expect(b.snapshot()).toEqual(a.snapshot());
    expect(b.framebufferHash()).toBe(a.framebufferHash());
  });
  it("two machines given the same ROM and inputs stay identical", () => {
    const rom = new Uint8Array(readFileSync(builtRomPath("cpu-interrupts")));
    const a = new GameBoy(rom), b = new GameBoy(rom);
    for (let f = 0; f < 20; f++) { a.runFrame(f & 8 ? BUTTONS.a : 0); b.runFrame(f & 8 ? BUTTONS.a : 0); }
    expect(a.snapshot()).toEqual(b.snapshot());
  });
});
