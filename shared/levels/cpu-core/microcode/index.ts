/**
 * The microcode level's public surface: the families, the game's reference microcode, the compiler, the player's
 * core on a GameBoy, lockstep comparison against the reference core and per-opcode randomized tests.
 * LANGUAGE.md is the language reference players read.
 */
export { FAMILIES, FAMILY_BY_ID, FAMILY_OF_OPCODE, DISPATCH_FAMILY, opcodeName, type FamilyInfo } from "./families.ts";
export { REFERENCE_MICROCODE } from "./reference/index.ts";
export { compileMicrocode, type FamilyError, type MicroError, type MicroProgram } from "./compile.ts";
export { createPlayerGameBoy } from "./player-core.ts";
export { runLockstep, type TraceEntry, type Divergence, type LockstepReport, type LockstepLimits } from "./lockstep.ts";
export { runOpcodeTests, OPCODE_STATUS } from "./opcode-tests.ts";
