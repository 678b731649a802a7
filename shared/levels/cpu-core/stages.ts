/**
 * The cpu-core ladder: which microcode families the player writes in each stage (by ladder topic: every family of
 * microcode/families.ts names its topic), which the game provides (the reference microcode: everything the stage
 * does not ask for), the test programs that judge it (per-opcode randomized tests plus ROMs run in lockstep with
 * the reference core), and the texts a player reads. Facts in the hints are Pan Docs' ("CPU Instruction Set",
 * "Interrupts", "halt", instruction timing tables); none of the digest's errata (§F) is taught.
 */
import type { MetricInfo, StageInfo } from "../../engine/level.ts";
import { FAMILIES } from "./microcode/index.ts";
import type { RomName } from "./level-roms.ts";

/** One lockstep ROM run: the reference and the player's core side by side for `frames` frames. */
export interface RomRun {
  readonly rom: RomName;
  readonly frames: number;
  /** Joypad changes (the keys held from `frame` on). */
  readonly inputs?: readonly { readonly frame: number; readonly mask: number }[];
}

export interface StageRules {
  readonly stage: number;
  /** Ladder topics whose families the player writes (microcode/families.ts `topic`). */
  readonly topics: readonly string[];
  readonly runs: readonly RomRun[];
  /** The final stage: after the boot check the player plays Brickfall on their own core. */
  readonly tetris: boolean;
}

const ALL_TOPICS = [...new Set(FAMILIES.map((f) => f.topic))];

/** Brickfall's first 300 frames of the golden input (fixtures/brickfall-golden.input): Start, then pieces moved,
 * rotated and dropped, so the boot check covers the title, the game start and play. Masks are joypad BUTTONS. */
const BOOT_INPUT: readonly { frame: number; mask: number }[] = (() => {
  const presses: [number, number][] = [
    [30, 0x80], [32, 2], [34, 2], [36, 2], [38, 2], [40, 4], [42, 2], [44, 4], [46, 1], [48, 1], [50, 4], [52, 2], [54, 4],
    [56, 1], [58, 1], [60, 1], [62, 1], [64, 4], [89, 0x10], [91, 0x10], [93, 1], [95, 1], [97, 4], [99, 2], [101, 2],
    [103, 2], [105, 2], [107, 4], [109, 0x10], [111, 1], [113, 1], [115, 1], [117, 1], [119, 4], [144, 0x10], [146, 0x10],
    [148, 2], [150, 4], [152, 1], [154, 1], [156, 4], [181, 0x10], [183, 0x10], [185, 0x10], [187, 1], [189, 1], [191, 1],
    [193, 1], [195, 4], [220, 4], [222, 2], [224, 2], [226, 2], [228, 2], [230, 4], [232, 0x10], [234, 2], [236, 2],
    [238, 4], [240, 1], [242, 4], [244, 0x10], [246, 1], [248, 1], [250, 1], [252, 1], [254, 4], [279, 0x10], [281, 1],
    [283, 1], [285, 1], [287, 1], [289, 4], [291, 0x10], [293, 1], [295, 1], [297, 1],
  ];
  // Each key is held for one frame, then released.
  return presses.flatMap(([frame, mask]) => [{ frame, mask }, { frame: frame + 1, mask: 0 }]);
})();

/** Frames Brickfall must match the reference before the player may play it. */
export const BOOT_FRAMES = 300;
/** A Tetris round lasts until GAME OVER or this many frames (5 minutes at 59.73 Hz). */
export const PLAY_FRAMES = 17_920;

// Test ROM frame limits: a little over what the reference needs to report (level-rom-images.ts REPORT_FRAMES).
const alu: RomRun = { rom: "cpu-alu", frames: 15 };
const timing: RomRun = { rom: "cpu-timing", frames: 9 };
const timingCb: RomRun = { rom: "cpu-timing-cb", frames: 9 };
const interrupts: RomRun = { rom: "cpu-interrupts", frames: 8 };

export const STAGE_RULES: readonly StageRules[] = [
  { stage: 1, topics: ["alu"], runs: [alu], tetris: false },
  { stage: 2, topics: ["daa"], runs: [alu], tetris: false },
  { stage: 3, topics: ["loads"], runs: [timing, alu], tetris: false },
  { stage: 4, topics: ["flow"], runs: [timing, interrupts], tetris: false },
  { stage: 5, topics: ["cb"], runs: [timingCb, alu], tetris: false },
  { stage: 6, topics: ["interrupts"], runs: [interrupts, { rom: "brickfall", frames: 120, inputs: BOOT_INPUT.filter((i) => i.frame < 120) }], tetris: false },
  { stage: 7, topics: ALL_TOPICS, runs: [alu, timing, timingCb, interrupts], tetris: false },
  { stage: 8, topics: ALL_TOPICS, runs: [{ rom: "brickfall", frames: BOOT_FRAMES, inputs: BOOT_INPUT }], tetris: true },
];

/** The family ids the player writes in a stage, in the families table's order. */
export function writableFamilies(rules: StageRules): string[] {
  return FAMILIES.filter((f) => rules.topics.includes(f.topic)).map((f) => f.id);
}

/** The family ids the game provides (reference microcode) in a stage. */
export function providedFamilies(rules: StageRules): Set<string> {
  return new Set(FAMILIES.filter((f) => !rules.topics.includes(f.topic)).map((f) => f.id));
}

/** Misconception classes a failed check is tagged with (shown on the board, counted for the teacher). */
export const MISCONCEPTION = {
  compile: "does not compile",
  flag: "wrong flag",
  value: "wrong result",
  cycles: "wrong cycle count",
  decode: "wrong decode",
  stack: "stack order",
  interrupt: "missed interrupt",
  unimplemented: "family not written",
} as const;

const CHECK_METRICS: readonly MetricInfo[] = [
  { key: "opcodesPassing", label: "opcodes passing (weighted by Brickfall's mix)", unit: "permille", better: "higher" },
  { key: "instructionsMatched", label: "instructions before the first divergence", unit: "count", better: "higher" },
  { key: "cycleError", label: "timing error (T-cycles)", unit: "count", better: "lower" },
  { key: "checks", label: "checks run", unit: "count", better: "lower" },
];
const TETRIS_METRICS: readonly MetricInfo[] = [
  { key: "tetrisScore", label: "Tetris score", unit: "count", better: "higher" },
  { key: "framesPlayed", label: "frames played on your core", unit: "count", better: "higher" },
  ...CHECK_METRICS,
];

/** Real time per tick: the check stages only need a slow clock; Tetris runs one frame per tick (59.73 Hz ≈ 17 ms). */
const CHECK_TICK_MS = 250;
export const FRAME_TICK_MS = 17;

const TEXTS: readonly Omit<StageInfo, "id" | "tickMs" | "metrics">[] = [
  {
    title: "Be the ALU",
    goal: "Write the 8-bit arithmetic and logic families (ADD ADC SUB SBC AND XOR OR CP, INC and DEC) until every opcode and the ALU test ROM match the reference.",
    concept: "Flags are part of the result: Z, N, H and C are computed by every ALU instruction, each by its own rule.",
    hints: [
      "H is the carry out of bit 3 for 8-bit additions: (A & $F) + (r & $F) > $F. For subtractions it is the borrow into bit 4: (A & $F) < (r & $F) (plus the carry for ADC/SBC).",
      "SUB, SBC and CP set N; CP is SUB without storing A — its flags are exactly SUB's.",
      "INC and DEC leave C alone (only Z, N and H change); AND sets H=1, XOR and OR clear N, H and C.",
    ],
    victory: "Your ALU matches the reference on every vector: flags are results too — Z from the 8-bit result, N from the operation, H from bit 3, C from bit 7.",
  },
  {
    title: "DAA, the boss",
    goal: "Write DAA (and CPL, SCF, CCF) so that BCD arithmetic comes out right after every add and every subtract.",
    concept: "Binary-coded decimal: DAA repairs A after an addition or subtraction of two BCD numbers, using N, H and C left by that operation.",
    hints: [
      "After an addition (N=0): if C or A > $99, add $60 and set C; then if H or (A & $F) > 9, add $06.",
      "After a subtraction (N=1): if C, subtract $60; if H, subtract $06. C stays as it was; never compare A with $99 here.",
      "Finally Z = (A == 0), H = 0 and N is kept. Test the high digit first: its condition looks at A before the low fix.",
    ],
    victory: "DAA done: the half-carry exists for this one instruction — it records the carry between the two BCD digits so DAA can repair them.",
  },
  {
    title: "Loads and decoding",
    goal: "Write the load families (LD r,r', immediates, 16-bit loads, LDH, [HL+]/[HL-]) and 16-bit INC/DEC/ADD HL so the timing ROM runs in lockstep.",
    concept: "Decoding: the opcode's bit fields x, y, z, p, q select registers from tables — one family covers 63 LD r,r' opcodes.",
    hints: [
      "LD r,r' is 01 yyy zzz: destination r[y], source r[z], with r = B C D E H L [HL] A. $76 (01 110 110) is HALT, not LD [HL],[HL].",
      "Every bus access costs one M-cycle (4 T-cycles): LD A,[HL] is 8, LD [a16],A is 16. INC rr and DEC rr take an extra internal M-cycle and touch no flags.",
      "ADD HL,rr keeps Z, clears N, sets H from the carry out of bit 11 and C from bit 15.",
    ],
    victory: "Your decoder matches: instruction sets are tables indexed by bit fields, and every memory access is a cycle you can count.",
  },
  {
    title: "Jumps, calls, returns and the stack",
    goal: "Write JP, JR, CALL, RET, RETI, RST, PUSH and POP (with their conditions) so control flow and the stack match the reference cycle for cycle.",
    concept: "The stack grows down: PUSH writes the high byte at SP-1 and the low byte at SP-2; a conditional branch costs more when taken.",
    hints: [
      "JR cc not taken is 8 T-cycles, taken 12; JP cc 12/16; CALL is 24 (12 not taken); RET cc 20 taken, 8 not taken; RET 16.",
      "PUSH rr is 16 cycles: an internal M-cycle, then SP-1 ← high byte, SP-2 ← low byte. POP reads low then high; POP AF clears F's low nibble.",
      "CALL pushes the address of the next instruction (PC after the two operand bytes). RST n is a one-byte CALL to n*8.",
    ],
    victory: "Control flow matches: the stack is just memory below SP, written high byte first, and every taken branch pays for refilling PC.",
  },
  {
    title: "CB: rotates, shifts, BIT, RES, SET",
    goal: "Write the CB-prefixed page (RLC RRC RL RR SLA SRA SWAP SRL, BIT, RES, SET) and the accumulator rotates RLCA RRCA RLA RRA.",
    concept: "A prefix byte opens a second 256-opcode page; its regular x-y-z layout makes 256 opcodes a handful of families.",
    hints: [
      "RLCA, RRCA, RLA and RRA always clear Z; their CB twins (RLC A…) set Z from the result.",
      "BIT b,r sets Z when the bit is 0, N=0, H=1 and keeps C; RES and SET change no flags. [HL] forms read (and write back) memory: 16 cycles, BIT b,[HL] 12.",
      "SRA keeps bit 7 (arithmetic shift); SRL shifts a 0 in; SWAP clears C.",
    ],
    victory: "The CB page is yours: bit operations are the same eight operations times eight registers, decoded from the second byte.",
  },
  {
    title: "Interrupts and HALT",
    goal: "Write interrupt dispatch, EI, DI, HALT, STOP and NOP so the interrupt test ROM and Brickfall's first frames run in lockstep.",
    concept: "An interrupt is a hardware CALL: when IME=1 and IE & IF ≠ 0 the CPU pushes PC and jumps to the vector, clearing IME and the IF bit.",
    hints: [
      "Dispatch takes 20 T-cycles (5 M-cycles); the vectors are VBlank $40, STAT $48, Timer $50, Serial $58, Joypad $60, lowest bit first.",
      "EI takes effect after the next instruction (EI; RET returns before any interrupt); DI is immediate. RETI enables at once.",
      "HALT waits for IE & IF ≠ 0 even with IME=0 (then no dispatch). With IME=0 and an interrupt already pending, the HALT bug: the next byte is read twice.",
    ],
    victory: "Interrupts match: the CPU checks for them between instructions, and EI's delay and the HALT bug are rules you can now recite from a trace.",
  },
  {
    title: "Timing: the whole core",
    goal: "Bring every family together in one core of your own that passes the ALU, timing and interrupt ROMs with zero cycles of error.",
    concept: "Cycle accuracy: the PPU and the timer advance with the CPU's T-cycles, so a wrong count moves every later event.",
    hints: [
      "A 1-cycle error shows up as a divergence in `cycles`: the timing ROMs read TIMA after running an instruction four times.",
      "Count M-cycles: one for the opcode fetch, one per operand byte, one per memory access, plus internal ones (16-bit arithmetic, taken branches, the push delay).",
      "Paste your earlier stages' families in: the editor keeps them per family, and the check tells you which family diverged first.",
    ],
    victory: "Your core is cycle-exact on every test ROM: timing is part of an instruction's meaning when hardware runs beside the CPU.",
  },
  {
    title: "Tetris on your core",
    goal: `Make Brickfall run frame-identical to the reference for ${BOOT_FRAMES} frames on your own core, then play it there until GAME OVER.`,
    concept: "A game is the integration test: every family, interrupt and cycle count you wrote now runs 60 frames a second.",
    hints: [
      "The boot check runs Brickfall with scripted keys beside the reference core; the first divergence names the instruction, the family and the fields.",
      "Brickfall waits for VBlank with HALT and reads the joypad in its handler: dispatch, RETI and the stack must be right before anything moves.",
      "Once booted, press play: the server runs your core one frame per tick, and your keys reach it on the next frame.",
    ],
    victory: "You played Tetris on a CPU you wrote: the score came from your ALU's DAA, your loads wrote it to WRAM, your interrupts drew it.",
  },
];

export const STAGES: readonly StageInfo[] = TEXTS.map((t, i) => {
  const tetris = STAGE_RULES[i]!.tetris;
  return { id: i + 1, ...t, tickMs: tetris ? FRAME_TICK_MS : CHECK_TICK_MS, metrics: tetris ? TETRIS_METRICS : CHECK_METRICS };
});
