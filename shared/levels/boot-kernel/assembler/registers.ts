/**
 * i386 register names and their 3-bit encodings (Intel SDM vol. 2, table 2-1 "32-Bit Addressing Forms with the ModR/M
 * Byte"): the number is the value that goes into ModR/M.reg, ModR/M.rm, SIB.base/index or the low bits of +r opcodes.
 */

export type RegisterClass = "gpr" | "sreg" | "creg";
export interface Register { name: string; cls: RegisterClass; size: 8 | 16 | 32; code: number }

const GPR32 = ["eax", "ecx", "edx", "ebx", "esp", "ebp", "esi", "edi"] as const;
const GPR16 = ["ax", "cx", "dx", "bx", "sp", "bp", "si", "di"] as const;
const GPR8 = ["al", "cl", "dl", "bl", "ah", "ch", "dh", "bh"] as const;
const SREG = ["es", "cs", "ss", "ds", "fs", "gs"] as const;
const CREG = ["cr0", "cr1", "cr2", "cr3", "cr4"] as const;

export const REGISTERS: ReadonlyMap<string, Register> = new Map<string, Register>([
  ...GPR32.map((name, code) => [name, { name, cls: "gpr", size: 32, code }] as const),
  ...GPR16.map((name, code) => [name, { name, cls: "gpr", size: 16, code }] as const),
  ...GPR8.map((name, code) => [name, { name, cls: "gpr", size: 8, code }] as const),
  ...SREG.map((name, code) => [name, { name, cls: "sreg", size: 16, code }] as const),
  ...CREG.map((name, code) => [name, { name, cls: "creg", size: 32, code }] as const),
]);

export function registerNamed(name: string): Register | undefined {
  return REGISTERS.get(name.toLowerCase());
}

export const ESP_CODE = 4;
export const EBP_CODE = 5;
