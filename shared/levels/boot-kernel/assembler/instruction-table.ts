/**
 * The i386 instruction forms the assembler knows, as data in the layout of the Intel SDM vol. 2 opcode tables:
 *   mnemonic  operand-specs  opcode bytes  [/r | /digit]  [+r]  [o16]  [*]
 * Rows are tried in order and the first that fits wins, so each mnemonic lists its shortest forms first — the order
 * in which GNU as (opcodes/i386-opc.tbl plus its immediate optimisation) ends up choosing them; e.g. `add eax, 5` is
 * 83 /0 ib (imm8 sign-extended), `add eax, 500` is 05 id (accumulator form), `add ebx, 500` is 81 /0 id.
 *
 * Operand specs: r8 r16 r32 (register in ModRM.reg or +r), rr16 rr32 (register in ModRM.rm), rm8 rm16 rm32 (register
 * or memory in ModRM.rm), m (memory of any size), m16 (memory, word), moffs8/16/32 (memory with only a displacement,
 * accumulator moves a0–a3), imm8 imm16 imm32, simm8 (a constant that fits in a sign-extended byte), one / three
 * (the constants 1 and 3), al ax eax cl dx (that register only), es cs ss ds fs gs, sreg, cr, rel (branch target),
 * far (ptr16:32). `o16` adds the operand-size prefix 0x66; `*` means a memory operand without `byte/word/dword ptr`
 * is taken to be this size (push/pop/call/jmp, as GNU as does); without `*` such an operand is ambiguous.
 */

export type Spec =
  | "r8" | "r16" | "r32" | "rr16" | "rr32" | "rm8" | "rm16" | "rm32" | "m" | "m16" | "moffs8" | "moffs16" | "moffs32"
  | "imm8" | "imm16" | "imm32" | "simm8" | "one" | "three" | "al" | "ax" | "eax" | "cl" | "dx"
  | "es" | "cs" | "ss" | "ds" | "fs" | "gs" | "sreg" | "cr" | "rel" | "far";

export interface Form {
  mnemonic: string;
  specs: Spec[];
  opcode: number[];
  /** "r": ModRM.reg holds a register operand; a number: ModRM.reg holds this opcode extension (/digit). */
  modrm?: "r" | number;
  /** The register operand is added to the last opcode byte (+r). */
  plusReg: boolean;
  operandSize16: boolean;
  defaultForUnsizedMemory: boolean;
}

const CONDITIONS: readonly (readonly string[])[] = [
  ["o"], ["no"], ["b", "c", "nae"], ["ae", "nb", "nc"], ["e", "z"], ["ne", "nz"], ["be", "na"], ["a", "nbe"],
  ["s"], ["ns"], ["p", "pe"], ["np", "po"], ["l", "nge"], ["ge", "nl"], ["le", "ng"], ["g", "nle"],
];

const ALU = ["add", "or", "adc", "sbb", "and", "sub", "xor", "cmp"] as const;
const SHIFTS: Record<string, number> = { rol: 0, ror: 1, rcl: 2, rcr: 3, shl: 4, sal: 4, shr: 5, sar: 7 };
const UNARY: Record<string, number> = { not: 2, neg: 3, mul: 4, imul: 5, div: 6, idiv: 7 };
const hex = (n: number): string => n.toString(16).padStart(2, "0");

function aluRows(name: string, digit: number): string[] {
  const b = digit * 8;
  return [
    `${name} rm8,r8 ${hex(b)} /r`, `${name} rm16,r16 ${hex(b + 1)} /r o16`, `${name} rm32,r32 ${hex(b + 1)} /r`,
    `${name} r8,rm8 ${hex(b + 2)} /r`, `${name} r16,rm16 ${hex(b + 3)} /r o16`, `${name} r32,rm32 ${hex(b + 3)} /r`,
    `${name} al,imm8 ${hex(b + 4)}`,
    `${name} rm16,simm8 83 /${digit} o16`, `${name} rm32,simm8 83 /${digit}`,
    `${name} ax,imm16 ${hex(b + 5)} o16`, `${name} eax,imm32 ${hex(b + 5)}`,
    `${name} rm8,imm8 80 /${digit}`, `${name} rm16,imm16 81 /${digit} o16`, `${name} rm32,imm32 81 /${digit}`,
  ];
}

const ROWS: string[] = [
  // Data movement.
  "mov al,moffs8 a0", "mov ax,moffs16 a1 o16", "mov eax,moffs32 a1",
  "mov moffs8,al a2", "mov moffs16,ax a3 o16", "mov moffs32,eax a3",
  "mov rm8,r8 88 /r", "mov rm16,r16 89 /r o16", "mov rm32,r32 89 /r",
  "mov r8,rm8 8a /r", "mov r16,rm16 8b /r o16", "mov r32,rm32 8b /r",
  "mov r8,imm8 b0 +r", "mov r16,imm16 b8 +r o16", "mov r32,imm32 b8 +r",
  "mov rm8,imm8 c6 /0", "mov rm16,imm16 c7 /0 o16", "mov rm32,imm32 c7 /0",
  "mov sreg,rr32 8e /r", "mov sreg,rm16 8e /r", "mov rr16,sreg 8c /r o16", "mov rr32,sreg 8c /r", "mov m16,sreg 8c /r",
  "movzx r32,rm8 0f b6 /r", "movzx r32,rm16 0f b7 /r", "movzx r16,rm8 0f b6 /r o16",
  "movsx r32,rm8 0f be /r", "movsx r32,rm16 0f bf /r", "movsx r16,rm8 0f be /r o16",
  "lea r32,m 8d /r", "lea r16,m 8d /r o16",
  "xchg eax,r32 90 +r", "xchg r32,eax 90 +r", "xchg ax,r16 90 +r o16", "xchg r16,ax 90 +r o16",
  "xchg rm8,r8 86 /r", "xchg r8,rm8 86 /r", "xchg rm16,r16 87 /r o16", "xchg r16,rm16 87 /r o16",
  "xchg rm32,r32 87 /r", "xchg r32,rm32 87 /r",
  "push r32 50 +r", "push r16 50 +r o16", "push simm8 6a", "push imm32 68", "push rm32 ff /6 *", "push rm16 ff /6 o16",
  "push es 06", "push cs 0e", "push ss 16", "push ds 1e", "push fs 0f a0", "push gs 0f a8",
  "pop r32 58 +r", "pop r16 58 +r o16", "pop rm32 8f /0 *", "pop rm16 8f /0 o16",
  "pop es 07", "pop ss 17", "pop ds 1f", "pop fs 0f a1", "pop gs 0f a9",
  "pushad 60", "pusha 60", "popad 61", "popa 61", "pushfd 9c", "pushf 9c", "popfd 9d", "popf 9d",
  "cdq 99", "cwde 98", "cbw 98 o16", "cwd 99 o16", "lahf 9f", "sahf 9e", "bswap r32 0f c8 +r",
  // Arithmetic and logic.
  ...ALU.flatMap((name, digit) => aluRows(name, digit)),
  "test rm8,r8 84 /r", "test rm16,r16 85 /r o16", "test rm32,r32 85 /r",
  "test r8,rm8 84 /r", "test r16,rm16 85 /r o16", "test r32,rm32 85 /r",
  "test al,imm8 a8", "test ax,imm16 a9 o16", "test eax,imm32 a9",
  "test rm8,imm8 f6 /0", "test rm16,imm16 f7 /0 o16", "test rm32,imm32 f7 /0",
  "inc r32 40 +r", "inc r16 40 +r o16", "inc rm8 fe /0", "inc rm16 ff /0 o16", "inc rm32 ff /0",
  "dec r32 48 +r", "dec r16 48 +r o16", "dec rm8 fe /1", "dec rm16 ff /1 o16", "dec rm32 ff /1",
  ...Object.entries(UNARY).flatMap(([name, d]) => [`${name} rm8 f6 /${d}`, `${name} rm16 f7 /${d} o16`, `${name} rm32 f7 /${d}`]),
  "imul r32,rm32 0f af /r", "imul r16,rm16 0f af /r o16",
  "imul r32,simm8 6b /r", "imul r32,imm32 69 /r",
  "imul r32,rm32,simm8 6b /r", "imul r16,rm16,simm8 6b /r o16", "imul r32,rm32,imm32 69 /r", "imul r16,rm16,imm16 69 /r o16",
  ...Object.entries(SHIFTS).flatMap(([name, d]) => [
    `${name} rm8,one d0 /${d}`, `${name} rm16,one d1 /${d} o16`, `${name} rm32,one d1 /${d}`,
    `${name} rm8,cl d2 /${d}`, `${name} rm16,cl d3 /${d} o16`, `${name} rm32,cl d3 /${d}`,
    `${name} rm8,imm8 c0 /${d}`, `${name} rm16,imm8 c1 /${d} o16`, `${name} rm32,imm8 c1 /${d}`,
  ]),
  // Control transfer (jmp/jcc relaxation is handled by the assembler; these rows give the near/indirect forms).
  "call rel e8", "call rm32 ff /2 *", "jmp rel e9", "jmp rm32 ff /4 *", "jmp far ea",
  "ret c3", "ret imm16 c2", "leave c9", "iret cf", "iretd cf", "int three cc", "int imm8 cd", "int3 cc", "into ce",
  ...CONDITIONS.flatMap((names, cc) => names.flatMap((c) => [
    `j${c} rel 0f ${hex(0x80 + cc)}`, `set${c} rm8 0f ${hex(0x90 + cc)} /0`,
    `cmov${c} r32,rm32 0f ${hex(0x40 + cc)} /r`, `cmov${c} r16,rm16 0f ${hex(0x40 + cc)} /r o16`,
  ])),
  // Ports.
  "in al,imm8 e4", "in ax,imm8 e5 o16", "in eax,imm8 e5", "in al,dx ec", "in ax,dx ed o16", "in eax,dx ed",
  "out imm8,al e6", "out imm8,ax e7 o16", "out imm8,eax e7", "out dx,al ee", "out dx,ax ef o16", "out dx,eax ef",
  // Strings (the operand-less forms; prefixes rep/repe/repne are separate).
  "movsb a4", "movsw a5 o16", "movsd a5", "stosb aa", "stosw ab o16", "stosd ab", "lodsb ac", "lodsw ad o16", "lodsd ad",
  "cmpsb a6", "cmpsw a7 o16", "cmpsd a7", "scasb ae", "scasw af o16", "scasd af", "insb 6c", "insw 6d o16", "insd 6d", "outsb 6e", "outsw 6f o16", "outsd 6f",
  // System.
  "nop 90", "hlt f4", "cli fa", "sti fb", "cld fc", "std fd", "clc f8", "stc f9", "cmc f5", "ud2 0f 0b",
  "lgdt m 0f 01 /2", "lidt m 0f 01 /3", "sgdt m 0f 01 /0", "sidt m 0f 01 /1", "invlpg m 0f 01 /7",
  "cpuid 0f a2", "wbinvd 0f 09", "invd 0f 08", "pause f3 90",
];

function parseRow(row: string): Form {
  const parts = row.split(" ");
  const mnemonic = parts[0];
  let rest = parts.slice(1);
  let specs: Spec[] = [];
  if (rest.length > 0 && !/^[0-9a-f]{2}$/.test(rest[0])) {
    specs = rest[0].split(",") as Spec[];
    rest = rest.slice(1);
  }
  const form: Form = { mnemonic, specs, opcode: [], plusReg: false, operandSize16: false, defaultForUnsizedMemory: false };
  for (const p of rest) {
    if (/^[0-9a-f]{2}$/.test(p)) form.opcode.push(parseInt(p, 16));
    else if (p === "/r") form.modrm = "r";
    else if (/^\/[0-7]$/.test(p)) form.modrm = Number(p[1]);
    else if (p === "+r") form.plusReg = true;
    else if (p === "o16") form.operandSize16 = true;
    else if (p === "*") form.defaultForUnsizedMemory = true;
    else throw new Error(`bad instruction table row: ${row}`);
  }
  return form;
}

/** Forms by mnemonic, in preference order. Built once at module load from the rows above. */
export const FORMS: ReadonlyMap<string, readonly Form[]> = (() => {
  const map = new Map<string, Form[]>();
  for (const row of ROWS) {
    const form = parseRow(row);
    const list = map.get(form.mnemonic) ?? [];
    list.push(form);
    map.set(form.mnemonic, list);
  }
  return map;
})();

/**
 * Instructions GNU as accepts that the game's machine cannot run the way QEMU does, refused by the assembler with
 * these words (error code E_ASM_NOT_OFFERED) instead of assembled into something the game would treat differently.
 * Keyed by mnemonic; "mov cr" stands for mov to or from a control register.
 */
export const NOT_OFFERED: ReadonlyMap<string, string> = new Map([
  ["rdtsc", "rdtsc reads the host's clock: the game's machine is deterministic, so it is not offered"],
  ["rdtscp", "rdtscp reads the host's clock: the game's machine is deterministic, so it is not offered"],
  ["ltr", "ltr loads a task register: hardware tasks (TSS) are not modelled by the game's machine, so it is not offered"],
  ["mov cr", "control registers are not modelled: the game's machine stays in 32-bit protected mode without paging, so mov to or from cr0-cr4 is not offered"],
]);

/** Conditional jumps: mnemonic → condition code (the low nibble of 70+cc / 0f 80+cc). */
export const JCC: ReadonlyMap<string, number> = new Map(CONDITIONS.flatMap((names, cc) => names.map((c) => [`j${c}`, cc] as const)));

/** Instruction prefixes written as separate words before a mnemonic. */
export const PREFIXES: Readonly<Record<string, number>> = { rep: 0xf3, repe: 0xf3, repz: 0xf3, repne: 0xf2, repnz: 0xf2, lock: 0xf0 };

/**
 * The bytes GNU as pads code sections with for alignment (i386, no -march): a single NOP of each length 1–7, the
 * longest repeated; more than 20 bytes of padding starts with a jmp over it (short up to 129 bytes, else near).
 * Measured from `as --32` 2.40.
 */
const CODE_NOPS: readonly (readonly number[])[] = [
  [],
  [0x90],
  [0x66, 0x90],
  [0x8d, 0x76, 0x00],
  [0x8d, 0x74, 0x26, 0x00],
  [0x8d, 0x74, 0x26, 0x00, 0x90],
  [0x8d, 0xb6, 0x00, 0x00, 0x00, 0x00],
  [0x8d, 0xb4, 0x26, 0x00, 0x00, 0x00, 0x00],
];

export function codePadding(count: number): number[] {
  const out: number[] = [];
  let left = count;
  if (left > 20 && left - 2 <= 127) { out.push(0xeb, left - 2); left -= 2; }
  else if (left > 20) { const d = left - 5; out.push(0xe9, d & 0xff, (d >> 8) & 0xff, (d >> 16) & 0xff, d >>> 24); left -= 5; }
  while (left > 7) { out.push(...CODE_NOPS[7]); left -= 7; }
  out.push(...CODE_NOPS[left]);
  return out;
}
