/**
 * The DMG's hardware registers (Pan Docs, "Hardware Registers" and "Power Up Sequence"): address, the bits that
 * read back as 1 because they are unused (`unused`), the value the boot ROM leaves (`reset`), and one line of
 * description. Names, debugger labels and the machine's post-boot I/O state are all derived from this table.
 * The sound registers are stored and read back through their masks; no sound is produced.
 */
export interface HardwareRegister {
  readonly name: string;
  readonly address: number;
  readonly unused: number;
  readonly reset: number;
  readonly description: string;
}

export const REGISTERS = [
  { name: "P1", address: 0xff00, unused: 0xc0, reset: 0xcf, description: "Joypad: bit 5 selects buttons, bit 4 the d-pad; low nibble 0 = pressed" },
  { name: "SB", address: 0xff01, unused: 0x00, reset: 0x00, description: "Serial transfer data" },
  { name: "SC", address: 0xff02, unused: 0x7e, reset: 0x7e, description: "Serial control: bit 7 transfer start, bit 0 internal clock" },
  { name: "DIV", address: 0xff04, unused: 0x00, reset: 0xab, description: "Divider: the high byte of the 16-bit system counter; any write resets it" },
  { name: "TIMA", address: 0xff05, unused: 0x00, reset: 0x00, description: "Timer counter: incremented on the falling edge of the selected counter bit" },
  { name: "TMA", address: 0xff06, unused: 0x00, reset: 0x00, description: "Timer modulo: loaded into TIMA one M-cycle after it overflows" },
  { name: "TAC", address: 0xff07, unused: 0xf8, reset: 0xf8, description: "Timer control: bit 2 enable, bits 1-0 clock select (4096, 262144, 65536, 16384 Hz)" },
  { name: "IF", address: 0xff0f, unused: 0xe0, reset: 0xe1, description: "Interrupt flag: Joypad Serial Timer STAT VBlank (bits 4..0)" },
  { name: "NR10", address: 0xff10, unused: 0x80, reset: 0x80, description: "Sound channel 1 sweep" },
  { name: "NR11", address: 0xff11, unused: 0x3f, reset: 0xbf, description: "Sound channel 1 length timer and duty cycle" },
  { name: "NR12", address: 0xff12, unused: 0x00, reset: 0xf3, description: "Sound channel 1 volume and envelope" },
  { name: "NR13", address: 0xff13, unused: 0xff, reset: 0xff, description: "Sound channel 1 period low (write-only)" },
  { name: "NR14", address: 0xff14, unused: 0xbf, reset: 0xbf, description: "Sound channel 1 period high and control" },
  { name: "NR21", address: 0xff16, unused: 0x3f, reset: 0x3f, description: "Sound channel 2 length timer and duty cycle" },
  { name: "NR22", address: 0xff17, unused: 0x00, reset: 0x00, description: "Sound channel 2 volume and envelope" },
  { name: "NR23", address: 0xff18, unused: 0xff, reset: 0xff, description: "Sound channel 2 period low (write-only)" },
  { name: "NR24", address: 0xff19, unused: 0xbf, reset: 0xbf, description: "Sound channel 2 period high and control" },
  { name: "NR30", address: 0xff1a, unused: 0x7f, reset: 0x7f, description: "Sound channel 3 DAC enable" },
  { name: "NR31", address: 0xff1b, unused: 0xff, reset: 0xff, description: "Sound channel 3 length timer (write-only)" },
  { name: "NR32", address: 0xff1c, unused: 0x9f, reset: 0x9f, description: "Sound channel 3 output level" },
  { name: "NR33", address: 0xff1d, unused: 0xff, reset: 0xff, description: "Sound channel 3 period low (write-only)" },
  { name: "NR34", address: 0xff1e, unused: 0xbf, reset: 0xbf, description: "Sound channel 3 period high and control" },
  { name: "NR41", address: 0xff20, unused: 0xff, reset: 0xff, description: "Sound channel 4 length timer (write-only)" },
  { name: "NR42", address: 0xff21, unused: 0x00, reset: 0x00, description: "Sound channel 4 volume and envelope" },
  { name: "NR43", address: 0xff22, unused: 0x00, reset: 0x00, description: "Sound channel 4 frequency and randomness" },
  { name: "NR44", address: 0xff23, unused: 0xbf, reset: 0xbf, description: "Sound channel 4 control" },
  { name: "NR50", address: 0xff24, unused: 0x00, reset: 0x77, description: "Master volume and VIN panning" },
  { name: "NR51", address: 0xff25, unused: 0x00, reset: 0xf3, description: "Sound panning" },
  { name: "NR52", address: 0xff26, unused: 0x70, reset: 0xf1, description: "Sound on/off" },
  { name: "LCDC", address: 0xff40, unused: 0x00, reset: 0x91, description: "LCD control: 7 LCD on, 6 window map, 5 window on, 4 BG/window tiles, 3 BG map, 2 OBJ size, 1 OBJ on, 0 BG/window on" },
  { name: "STAT", address: 0xff41, unused: 0x80, reset: 0x85, description: "LCD status: 6 LYC int, 5 mode 2 int, 4 mode 1 int, 3 mode 0 int, 2 LY=LYC, 1-0 mode" },
  { name: "SCY", address: 0xff42, unused: 0x00, reset: 0x00, description: "Background scroll Y" },
  { name: "SCX", address: 0xff43, unused: 0x00, reset: 0x00, description: "Background scroll X" },
  { name: "LY", address: 0xff44, unused: 0x00, reset: 0x00, description: "LCD Y coordinate (read-only), 0-153" },
  { name: "LYC", address: 0xff45, unused: 0x00, reset: 0x00, description: "LY compare" },
  { name: "DMA", address: 0xff46, unused: 0x00, reset: 0xff, description: "OAM DMA source address high byte; writing starts a 160-byte transfer" },
  { name: "BGP", address: 0xff47, unused: 0x00, reset: 0xfc, description: "Background palette: shade of colour indices 3..0, two bits each" },
  { name: "OBP0", address: 0xff48, unused: 0x00, reset: 0xff, description: "Object palette 0 (colour 0 transparent)" },
  { name: "OBP1", address: 0xff49, unused: 0x00, reset: 0xff, description: "Object palette 1 (colour 0 transparent)" },
  { name: "WY", address: 0xff4a, unused: 0x00, reset: 0x00, description: "Window Y position" },
  { name: "WX", address: 0xff4b, unused: 0x00, reset: 0x00, description: "Window X position plus 7" },
  { name: "IE", address: 0xffff, unused: 0x00, reset: 0x00, description: "Interrupt enable: Joypad Serial Timer STAT VBlank (bits 4..0)" },
] as const satisfies readonly HardwareRegister[];

export type RegisterName = (typeof REGISTERS)[number]["name"];

/** Register address by name, e.g. IO.LCDC === 0xff40. */
export const IO = Object.fromEntries(REGISTERS.map((r) => [r.name, r.address])) as { readonly [K in RegisterName]: number };

/** Register name by address, for disassembly labels and debuggers. */
export const REGISTER_NAMES: ReadonlyMap<number, RegisterName> = new Map(REGISTERS.map((r) => [r.address, r.name]));

/** The five interrupts: IF/IE bit, vector, priority = bit order (Pan Docs, "Interrupt Sources"). */
export const INTERRUPTS = [
  { name: "VBlank", bit: 0, vector: 0x40 },
  { name: "STAT", bit: 1, vector: 0x48 },
  { name: "Timer", bit: 2, vector: 0x50 },
  { name: "Serial", bit: 3, vector: 0x58 },
  { name: "Joypad", bit: 4, vector: 0x60 },
] as const;
