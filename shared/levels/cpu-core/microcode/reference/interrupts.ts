/**
 * Reference microcode, topic "interrupts and HALT" (Pan Docs: "Interrupts", "halt"). The core decides when to
 * dispatch (IME=1 and IE & IF != 0, checked before each instruction), applies EI's delay and wakes from HALT;
 * these families say what the instructions and the dispatch do.
 */
export const INTERRUPTS_MICROCODE: Readonly<Record<string, string>> = {
  nop: `family nop matches 00 000 000
`,
  stop: `family stop matches 00 010 000
  PC = (PC + 1) & 0xFFFF           # STOP skips its second byte
  stop
`,
  halt: `family halt matches 01 110 110
  if !ime && pending != 0 {
    haltbug                        # does not halt; the next byte is fetched twice
  } else {
    halt
  }
`,
  di: `family di matches 11 110 011
  di
`,
  ei: `family ei matches 11 111 011
  ei                               # IME becomes 1 after the next instruction
`,
  "interrupt-dispatch": `family interrupt-dispatch
  ime = false
  internal
  internal
  SP = (SP - 1) & 0xFFFF
  write(SP, PC >> 8)
  irq = pending                    # checked again after the high byte: the push may have overwritten IE
  SP = (SP - 1) & 0xFFFF
  write(SP, PC & 0xFF)
  internal
  if irq == 0 {
    PC = 0                         # cancelled: jumps to $0000
  } else if irq & 1 != 0 {
    acknowledge(0)
    PC = 0x40                      # VBlank
  } else if irq & 2 != 0 {
    acknowledge(1)
    PC = 0x48                      # STAT
  } else if irq & 4 != 0 {
    acknowledge(2)
    PC = 0x50                      # Timer
  } else if irq & 8 != 0 {
    acknowledge(3)
    PC = 0x58                      # Serial
  } else {
    acknowledge(4)
    PC = 0x60                      # Joypad
  }
`,
};
