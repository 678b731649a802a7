/** Family id → the game's own microcode for it, gathered from one file per ladder topic. */
export const REFERENCE_MICROCODE: Readonly<Record<string, string>> = {};
