/** Family id → the game's own microcode for it, gathered from one file per ladder topic. */
import { ALU_MICROCODE } from "./alu.ts";
import { CB_MICROCODE } from "./cb.ts";
import { DAA_MICROCODE } from "./daa.ts";
import { FLOW_MICROCODE } from "./flow.ts";
import { INTERRUPTS_MICROCODE } from "./interrupts.ts";
import { LOADS_MICROCODE } from "./loads.ts";

export const REFERENCE_MICROCODE: Readonly<Record<string, string>> = {
  ...ALU_MICROCODE, ...DAA_MICROCODE, ...LOADS_MICROCODE, ...FLOW_MICROCODE, ...CB_MICROCODE, ...INTERRUPTS_MICROCODE,
};
