; Instruction timing test: CPU timing CB.
; Each check restarts the timer (DIV reset, TIMA=0 at 262144 Hz: one tick per 4 M-cycles), runs the instruction
; four times (or the pair named) and reads TIMA; minus the count of an empty run, that is the instruction's
; M-cycles, which must equal Pan Docs' count (the opcode table, written here as literals by scripts/gen-test-roms.ts).
; Conditional branches are timed taken and not taken. Reports on serial and screen, ending "Passed" or "Failed".
INCLUDE "header.inc"
INCLUDE "testlib.inc"
INCLUDE "timing.inc"

    cart_header "CPU TIMING CB", $00, $00, $00

SECTION "main", ROMX[$4000]
entry:
    di
    ld sp, $DFF0
    xor a
    ldh [rIE], a
    call test_init
    call print_inline
    db "CPU TIMING CB\n", 0
    call timing_calibrate
    call setup_regs
    call timer_start
    rlc b
    rlc b
    rlc b
    rlc b
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 2
    db "RLC B", 0
    call setup_regs
    call timer_start
    rlc c
    rlc c
    rlc c
    rlc c
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 2
    db "RLC C", 0
    call setup_regs
    call timer_start
    rlc d
    rlc d
    rlc d
    rlc d
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 2
    db "RLC D", 0
    call setup_regs
    call timer_start
    rlc e
    rlc e
    rlc e
    rlc e
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 2
    db "RLC E", 0
    call setup_regs
    call timer_start
    rlc h
    rlc h
    rlc h
    rlc h
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 2
    db "RLC H", 0
    call setup_regs
    call timer_start
    rlc l
    rlc l
    rlc l
    rlc l
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 2
    db "RLC L", 0
    call setup_regs
    call timer_start
    rlc [hl]
    rlc [hl]
    rlc [hl]
    rlc [hl]
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 4
    db "RLC [HL]", 0
    call setup_regs
    call timer_start
    rlc a
    rlc a
    rlc a
    rlc a
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 2
    db "RLC A", 0
    call setup_regs
    call timer_start
    rrc b
    rrc b
    rrc b
    rrc b
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 2
    db "RRC B", 0
    call setup_regs
    call timer_start
    rrc c
    rrc c
    rrc c
    rrc c
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 2
    db "RRC C", 0
    call setup_regs
    call timer_start
    rrc d
    rrc d
    rrc d
    rrc d
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 2
    db "RRC D", 0
    call setup_regs
    call timer_start
    rrc e
    rrc e
    rrc e
    rrc e
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 2
    db "RRC E", 0
    call setup_regs
    call timer_start
    rrc h
    rrc h
    rrc h
    rrc h
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 2
    db "RRC H", 0
    call setup_regs
    call timer_start
    rrc l
    rrc l
    rrc l
    rrc l
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 2
    db "RRC L", 0
    call setup_regs
    call timer_start
    rrc [hl]
    rrc [hl]
    rrc [hl]
    rrc [hl]
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 4
    db "RRC [HL]", 0
    call setup_regs
    call timer_start
    rrc a
    rrc a
    rrc a
    rrc a
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 2
    db "RRC A", 0
    call setup_regs
    call timer_start
    rl b
    rl b
    rl b
    rl b
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 2
    db "RL B", 0
    call setup_regs
    call timer_start
    rl c
    rl c
    rl c
    rl c
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 2
    db "RL C", 0
    call setup_regs
    call timer_start
    rl d
    rl d
    rl d
    rl d
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 2
    db "RL D", 0
    call setup_regs
    call timer_start
    rl e
    rl e
    rl e
    rl e
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 2
    db "RL E", 0
    call setup_regs
    call timer_start
    rl h
    rl h
    rl h
    rl h
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 2
    db "RL H", 0
    call setup_regs
    call timer_start
    rl l
    rl l
    rl l
    rl l
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 2
    db "RL L", 0
    call setup_regs
    call timer_start
    rl [hl]
    rl [hl]
    rl [hl]
    rl [hl]
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 4
    db "RL [HL]", 0
    call setup_regs
    call timer_start
    rl a
    rl a
    rl a
    rl a
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 2
    db "RL A", 0
    call setup_regs
    call timer_start
    rr b
    rr b
    rr b
    rr b
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 2
    db "RR B", 0
    call setup_regs
    call timer_start
    rr c
    rr c
    rr c
    rr c
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 2
    db "RR C", 0
    call setup_regs
    call timer_start
    rr d
    rr d
    rr d
    rr d
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 2
    db "RR D", 0
    call setup_regs
    call timer_start
    rr e
    rr e
    rr e
    rr e
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 2
    db "RR E", 0
    call setup_regs
    call timer_start
    rr h
    rr h
    rr h
    rr h
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 2
    db "RR H", 0
    call setup_regs
    call timer_start
    rr l
    rr l
    rr l
    rr l
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 2
    db "RR L", 0
    call setup_regs
    call timer_start
    rr [hl]
    rr [hl]
    rr [hl]
    rr [hl]
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 4
    db "RR [HL]", 0
    call setup_regs
    call timer_start
    rr a
    rr a
    rr a
    rr a
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 2
    db "RR A", 0
    call setup_regs
    call timer_start
    sla b
    sla b
    sla b
    sla b
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 2
    db "SLA B", 0
    call setup_regs
    call timer_start
    sla c
    sla c
    sla c
    sla c
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 2
    db "SLA C", 0
    call setup_regs
    call timer_start
    sla d
    sla d
    sla d
    sla d
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 2
    db "SLA D", 0
    call setup_regs
    call timer_start
    sla e
    sla e
    sla e
    sla e
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 2
    db "SLA E", 0
    call setup_regs
    call timer_start
    sla h
    sla h
    sla h
    sla h
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 2
    db "SLA H", 0
    call setup_regs
    call timer_start
    sla l
    sla l
    sla l
    sla l
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 2
    db "SLA L", 0
    call setup_regs
    call timer_start
    sla [hl]
    sla [hl]
    sla [hl]
    sla [hl]
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 4
    db "SLA [HL]", 0
    call setup_regs
    call timer_start
    sla a
    sla a
    sla a
    sla a
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 2
    db "SLA A", 0
    call setup_regs
    call timer_start
    sra b
    sra b
    sra b
    sra b
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 2
    db "SRA B", 0
    call setup_regs
    call timer_start
    sra c
    sra c
    sra c
    sra c
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 2
    db "SRA C", 0
    call setup_regs
    call timer_start
    sra d
    sra d
    sra d
    sra d
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 2
    db "SRA D", 0
    call setup_regs
    call timer_start
    sra e
    sra e
    sra e
    sra e
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 2
    db "SRA E", 0
    call setup_regs
    call timer_start
    sra h
    sra h
    sra h
    sra h
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 2
    db "SRA H", 0
    call setup_regs
    call timer_start
    sra l
    sra l
    sra l
    sra l
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 2
    db "SRA L", 0
    call setup_regs
    call timer_start
    sra [hl]
    sra [hl]
    sra [hl]
    sra [hl]
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 4
    db "SRA [HL]", 0
    call setup_regs
    call timer_start
    sra a
    sra a
    sra a
    sra a
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 2
    db "SRA A", 0
    call setup_regs
    call timer_start
    swap b
    swap b
    swap b
    swap b
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 2
    db "SWAP B", 0
    call setup_regs
    call timer_start
    swap c
    swap c
    swap c
    swap c
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 2
    db "SWAP C", 0
    call setup_regs
    call timer_start
    swap d
    swap d
    swap d
    swap d
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 2
    db "SWAP D", 0
    call setup_regs
    call timer_start
    swap e
    swap e
    swap e
    swap e
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 2
    db "SWAP E", 0
    call setup_regs
    call timer_start
    swap h
    swap h
    swap h
    swap h
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 2
    db "SWAP H", 0
    call setup_regs
    call timer_start
    swap l
    swap l
    swap l
    swap l
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 2
    db "SWAP L", 0
    call setup_regs
    call timer_start
    swap [hl]
    swap [hl]
    swap [hl]
    swap [hl]
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 4
    db "SWAP [HL]", 0
    call setup_regs
    call timer_start
    swap a
    swap a
    swap a
    swap a
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 2
    db "SWAP A", 0
    call setup_regs
    call timer_start
    srl b
    srl b
    srl b
    srl b
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 2
    db "SRL B", 0
    call setup_regs
    call timer_start
    srl c
    srl c
    srl c
    srl c
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 2
    db "SRL C", 0
    call setup_regs
    call timer_start
    srl d
    srl d
    srl d
    srl d
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 2
    db "SRL D", 0
    call setup_regs
    call timer_start
    srl e
    srl e
    srl e
    srl e
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 2
    db "SRL E", 0
    call setup_regs
    call timer_start
    srl h
    srl h
    srl h
    srl h
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 2
    db "SRL H", 0
    call setup_regs
    call timer_start
    srl l
    srl l
    srl l
    srl l
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 2
    db "SRL L", 0
    call setup_regs
    call timer_start
    srl [hl]
    srl [hl]
    srl [hl]
    srl [hl]
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 4
    db "SRL [HL]", 0
    call setup_regs
    call timer_start
    srl a
    srl a
    srl a
    srl a
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 2
    db "SRL A", 0
    call setup_regs
    call timer_start
    bit 0, b
    bit 0, b
    bit 0, b
    bit 0, b
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 2
    db "BIT 0,B", 0
    call setup_regs
    call timer_start
    bit 0, c
    bit 0, c
    bit 0, c
    bit 0, c
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 2
    db "BIT 0,C", 0
    call setup_regs
    call timer_start
    bit 0, d
    bit 0, d
    bit 0, d
    bit 0, d
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 2
    db "BIT 0,D", 0
    call setup_regs
    call timer_start
    bit 0, e
    bit 0, e
    bit 0, e
    bit 0, e
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 2
    db "BIT 0,E", 0
    call setup_regs
    call timer_start
    bit 0, h
    bit 0, h
    bit 0, h
    bit 0, h
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 2
    db "BIT 0,H", 0
    call setup_regs
    call timer_start
    bit 0, l
    bit 0, l
    bit 0, l
    bit 0, l
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 2
    db "BIT 0,L", 0
    call setup_regs
    call timer_start
    bit 0, [hl]
    bit 0, [hl]
    bit 0, [hl]
    bit 0, [hl]
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 3
    db "BIT 0,[HL]", 0
    call setup_regs
    call timer_start
    bit 0, a
    bit 0, a
    bit 0, a
    bit 0, a
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 2
    db "BIT 0,A", 0
    call setup_regs
    call timer_start
    bit 1, b
    bit 1, b
    bit 1, b
    bit 1, b
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 2
    db "BIT 1,B", 0
    call setup_regs
    call timer_start
    bit 1, c
    bit 1, c
    bit 1, c
    bit 1, c
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 2
    db "BIT 1,C", 0
    call setup_regs
    call timer_start
    bit 1, d
    bit 1, d
    bit 1, d
    bit 1, d
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 2
    db "BIT 1,D", 0
    call setup_regs
    call timer_start
    bit 1, e
    bit 1, e
    bit 1, e
    bit 1, e
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 2
    db "BIT 1,E", 0
    call setup_regs
    call timer_start
    bit 1, h
    bit 1, h
    bit 1, h
    bit 1, h
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 2
    db "BIT 1,H", 0
    call setup_regs
    call timer_start
    bit 1, l
    bit 1, l
    bit 1, l
    bit 1, l
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 2
    db "BIT 1,L", 0
    call setup_regs
    call timer_start
    bit 1, [hl]
    bit 1, [hl]
    bit 1, [hl]
    bit 1, [hl]
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 3
    db "BIT 1,[HL]", 0
    call setup_regs
    call timer_start
    bit 1, a
    bit 1, a
    bit 1, a
    bit 1, a
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 2
    db "BIT 1,A", 0
    call setup_regs
    call timer_start
    bit 2, b
    bit 2, b
    bit 2, b
    bit 2, b
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 2
    db "BIT 2,B", 0
    call setup_regs
    call timer_start
    bit 2, c
    bit 2, c
    bit 2, c
    bit 2, c
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 2
    db "BIT 2,C", 0
    call setup_regs
    call timer_start
    bit 2, d
    bit 2, d
    bit 2, d
    bit 2, d
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 2
    db "BIT 2,D", 0
    call setup_regs
    call timer_start
    bit 2, e
    bit 2, e
    bit 2, e
    bit 2, e
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 2
    db "BIT 2,E", 0
    call setup_regs
    call timer_start
    bit 2, h
    bit 2, h
    bit 2, h
    bit 2, h
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 2
    db "BIT 2,H", 0
    call setup_regs
    call timer_start
    bit 2, l
    bit 2, l
    bit 2, l
    bit 2, l
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 2
    db "BIT 2,L", 0
    call setup_regs
    call timer_start
    bit 2, [hl]
    bit 2, [hl]
    bit 2, [hl]
    bit 2, [hl]
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 3
    db "BIT 2,[HL]", 0
    call setup_regs
    call timer_start
    bit 2, a
    bit 2, a
    bit 2, a
    bit 2, a
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 2
    db "BIT 2,A", 0
    call setup_regs
    call timer_start
    bit 3, b
    bit 3, b
    bit 3, b
    bit 3, b
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 2
    db "BIT 3,B", 0
    call setup_regs
    call timer_start
    bit 3, c
    bit 3, c
    bit 3, c
    bit 3, c
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 2
    db "BIT 3,C", 0
    call setup_regs
    call timer_start
    bit 3, d
    bit 3, d
    bit 3, d
    bit 3, d
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 2
    db "BIT 3,D", 0
    call setup_regs
    call timer_start
    bit 3, e
    bit 3, e
    bit 3, e
    bit 3, e
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 2
    db "BIT 3,E", 0
    call setup_regs
    call timer_start
    bit 3, h
    bit 3, h
    bit 3, h
    bit 3, h
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 2
    db "BIT 3,H", 0
    call setup_regs
    call timer_start
    bit 3, l
    bit 3, l
    bit 3, l
    bit 3, l
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 2
    db "BIT 3,L", 0
    call setup_regs
    call timer_start
    bit 3, [hl]
    bit 3, [hl]
    bit 3, [hl]
    bit 3, [hl]
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 3
    db "BIT 3,[HL]", 0
    call setup_regs
    call timer_start
    bit 3, a
    bit 3, a
    bit 3, a
    bit 3, a
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 2
    db "BIT 3,A", 0
    call setup_regs
    call timer_start
    bit 4, b
    bit 4, b
    bit 4, b
    bit 4, b
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 2
    db "BIT 4,B", 0
    call setup_regs
    call timer_start
    bit 4, c
    bit 4, c
    bit 4, c
    bit 4, c
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 2
    db "BIT 4,C", 0
    call setup_regs
    call timer_start
    bit 4, d
    bit 4, d
    bit 4, d
    bit 4, d
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 2
    db "BIT 4,D", 0
    call setup_regs
    call timer_start
    bit 4, e
    bit 4, e
    bit 4, e
    bit 4, e
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 2
    db "BIT 4,E", 0
    call setup_regs
    call timer_start
    bit 4, h
    bit 4, h
    bit 4, h
    bit 4, h
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 2
    db "BIT 4,H", 0
    call setup_regs
    call timer_start
    bit 4, l
    bit 4, l
    bit 4, l
    bit 4, l
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 2
    db "BIT 4,L", 0
    call setup_regs
    call timer_start
    bit 4, [hl]
    bit 4, [hl]
    bit 4, [hl]
    bit 4, [hl]
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 3
    db "BIT 4,[HL]", 0
    call setup_regs
    call timer_start
    bit 4, a
    bit 4, a
    bit 4, a
    bit 4, a
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 2
    db "BIT 4,A", 0
    call setup_regs
    call timer_start
    bit 5, b
    bit 5, b
    bit 5, b
    bit 5, b
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 2
    db "BIT 5,B", 0
    call setup_regs
    call timer_start
    bit 5, c
    bit 5, c
    bit 5, c
    bit 5, c
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 2
    db "BIT 5,C", 0
    call setup_regs
    call timer_start
    bit 5, d
    bit 5, d
    bit 5, d
    bit 5, d
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 2
    db "BIT 5,D", 0
    call setup_regs
    call timer_start
    bit 5, e
    bit 5, e
    bit 5, e
    bit 5, e
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 2
    db "BIT 5,E", 0
    call setup_regs
    call timer_start
    bit 5, h
    bit 5, h
    bit 5, h
    bit 5, h
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 2
    db "BIT 5,H", 0
    call setup_regs
    call timer_start
    bit 5, l
    bit 5, l
    bit 5, l
    bit 5, l
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 2
    db "BIT 5,L", 0
    call setup_regs
    call timer_start
    bit 5, [hl]
    bit 5, [hl]
    bit 5, [hl]
    bit 5, [hl]
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 3
    db "BIT 5,[HL]", 0
    call setup_regs
    call timer_start
    bit 5, a
    bit 5, a
    bit 5, a
    bit 5, a
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 2
    db "BIT 5,A", 0
    call setup_regs
    call timer_start
    bit 6, b
    bit 6, b
    bit 6, b
    bit 6, b
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 2
    db "BIT 6,B", 0
    call setup_regs
    call timer_start
    bit 6, c
    bit 6, c
    bit 6, c
    bit 6, c
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 2
    db "BIT 6,C", 0
    call setup_regs
    call timer_start
    bit 6, d
    bit 6, d
    bit 6, d
    bit 6, d
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 2
    db "BIT 6,D", 0
    call setup_regs
    call timer_start
    bit 6, e
    bit 6, e
    bit 6, e
    bit 6, e
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 2
    db "BIT 6,E", 0
    call setup_regs
    call timer_start
    bit 6, h
    bit 6, h
    bit 6, h
    bit 6, h
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 2
    db "BIT 6,H", 0
    call setup_regs
    call timer_start
    bit 6, l
    bit 6, l
    bit 6, l
    bit 6, l
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 2
    db "BIT 6,L", 0
    call setup_regs
    call timer_start
    bit 6, [hl]
    bit 6, [hl]
    bit 6, [hl]
    bit 6, [hl]
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 3
    db "BIT 6,[HL]", 0
    call setup_regs
    call timer_start
    bit 6, a
    bit 6, a
    bit 6, a
    bit 6, a
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 2
    db "BIT 6,A", 0
    call setup_regs
    call timer_start
    bit 7, b
    bit 7, b
    bit 7, b
    bit 7, b
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 2
    db "BIT 7,B", 0
    call setup_regs
    call timer_start
    bit 7, c
    bit 7, c
    bit 7, c
    bit 7, c
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 2
    db "BIT 7,C", 0
    call setup_regs
    call timer_start
    bit 7, d
    bit 7, d
    bit 7, d
    bit 7, d
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 2
    db "BIT 7,D", 0
    call setup_regs
    call timer_start
    bit 7, e
    bit 7, e
    bit 7, e
    bit 7, e
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 2
    db "BIT 7,E", 0
    call setup_regs
    call timer_start
    bit 7, h
    bit 7, h
    bit 7, h
    bit 7, h
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 2
    db "BIT 7,H", 0
    call setup_regs
    call timer_start
    bit 7, l
    bit 7, l
    bit 7, l
    bit 7, l
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 2
    db "BIT 7,L", 0
    call setup_regs
    call timer_start
    bit 7, [hl]
    bit 7, [hl]
    bit 7, [hl]
    bit 7, [hl]
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 3
    db "BIT 7,[HL]", 0
    call setup_regs
    call timer_start
    bit 7, a
    bit 7, a
    bit 7, a
    bit 7, a
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 2
    db "BIT 7,A", 0
    call setup_regs
    call timer_start
    res 0, b
    res 0, b
    res 0, b
    res 0, b
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 2
    db "RES 0,B", 0
    call setup_regs
    call timer_start
    res 0, c
    res 0, c
    res 0, c
    res 0, c
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 2
    db "RES 0,C", 0
    call setup_regs
    call timer_start
    res 0, d
    res 0, d
    res 0, d
    res 0, d
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 2
    db "RES 0,D", 0
    call setup_regs
    call timer_start
    res 0, e
    res 0, e
    res 0, e
    res 0, e
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 2
    db "RES 0,E", 0
    call setup_regs
    call timer_start
    res 0, h
    res 0, h
    res 0, h
    res 0, h
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 2
    db "RES 0,H", 0
    call setup_regs
    call timer_start
    res 0, l
    res 0, l
    res 0, l
    res 0, l
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 2
    db "RES 0,L", 0
    call setup_regs
    call timer_start
    res 0, [hl]
    res 0, [hl]
    res 0, [hl]
    res 0, [hl]
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 4
    db "RES 0,[HL]", 0
    call setup_regs
    call timer_start
    res 0, a
    res 0, a
    res 0, a
    res 0, a
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 2
    db "RES 0,A", 0
    call setup_regs
    call timer_start
    res 1, b
    res 1, b
    res 1, b
    res 1, b
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 2
    db "RES 1,B", 0
    call setup_regs
    call timer_start
    res 1, c
    res 1, c
    res 1, c
    res 1, c
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 2
    db "RES 1,C", 0
    call setup_regs
    call timer_start
    res 1, d
    res 1, d
    res 1, d
    res 1, d
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 2
    db "RES 1,D", 0
    call setup_regs
    call timer_start
    res 1, e
    res 1, e
    res 1, e
    res 1, e
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 2
    db "RES 1,E", 0
    call setup_regs
    call timer_start
    res 1, h
    res 1, h
    res 1, h
    res 1, h
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 2
    db "RES 1,H", 0
    call setup_regs
    call timer_start
    res 1, l
    res 1, l
    res 1, l
    res 1, l
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 2
    db "RES 1,L", 0
    call setup_regs
    call timer_start
    res 1, [hl]
    res 1, [hl]
    res 1, [hl]
    res 1, [hl]
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 4
    db "RES 1,[HL]", 0
    call setup_regs
    call timer_start
    res 1, a
    res 1, a
    res 1, a
    res 1, a
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 2
    db "RES 1,A", 0
    call setup_regs
    call timer_start
    res 2, b
    res 2, b
    res 2, b
    res 2, b
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 2
    db "RES 2,B", 0
    call setup_regs
    call timer_start
    res 2, c
    res 2, c
    res 2, c
    res 2, c
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 2
    db "RES 2,C", 0
    call setup_regs
    call timer_start
    res 2, d
    res 2, d
    res 2, d
    res 2, d
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 2
    db "RES 2,D", 0
    call setup_regs
    call timer_start
    res 2, e
    res 2, e
    res 2, e
    res 2, e
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 2
    db "RES 2,E", 0
    call setup_regs
    call timer_start
    res 2, h
    res 2, h
    res 2, h
    res 2, h
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 2
    db "RES 2,H", 0
    call setup_regs
    call timer_start
    res 2, l
    res 2, l
    res 2, l
    res 2, l
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 2
    db "RES 2,L", 0
    call setup_regs
    call timer_start
    res 2, [hl]
    res 2, [hl]
    res 2, [hl]
    res 2, [hl]
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 4
    db "RES 2,[HL]", 0
    call setup_regs
    call timer_start
    res 2, a
    res 2, a
    res 2, a
    res 2, a
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 2
    db "RES 2,A", 0
    call setup_regs
    call timer_start
    res 3, b
    res 3, b
    res 3, b
    res 3, b
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 2
    db "RES 3,B", 0
    call setup_regs
    call timer_start
    res 3, c
    res 3, c
    res 3, c
    res 3, c
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 2
    db "RES 3,C", 0
    call setup_regs
    call timer_start
    res 3, d
    res 3, d
    res 3, d
    res 3, d
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 2
    db "RES 3,D", 0
    call setup_regs
    call timer_start
    res 3, e
    res 3, e
    res 3, e
    res 3, e
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 2
    db "RES 3,E", 0
    call setup_regs
    call timer_start
    res 3, h
    res 3, h
    res 3, h
    res 3, h
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 2
    db "RES 3,H", 0
    call setup_regs
    call timer_start
    res 3, l
    res 3, l
    res 3, l
    res 3, l
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 2
    db "RES 3,L", 0
    call setup_regs
    call timer_start
    res 3, [hl]
    res 3, [hl]
    res 3, [hl]
    res 3, [hl]
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 4
    db "RES 3,[HL]", 0
    call setup_regs
    call timer_start
    res 3, a
    res 3, a
    res 3, a
    res 3, a
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 2
    db "RES 3,A", 0
    call setup_regs
    call timer_start
    res 4, b
    res 4, b
    res 4, b
    res 4, b
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 2
    db "RES 4,B", 0
    call setup_regs
    call timer_start
    res 4, c
    res 4, c
    res 4, c
    res 4, c
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 2
    db "RES 4,C", 0
    call setup_regs
    call timer_start
    res 4, d
    res 4, d
    res 4, d
    res 4, d
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 2
    db "RES 4,D", 0
    call setup_regs
    call timer_start
    res 4, e
    res 4, e
    res 4, e
    res 4, e
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 2
    db "RES 4,E", 0
    call setup_regs
    call timer_start
    res 4, h
    res 4, h
    res 4, h
    res 4, h
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 2
    db "RES 4,H", 0
    call setup_regs
    call timer_start
    res 4, l
    res 4, l
    res 4, l
    res 4, l
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 2
    db "RES 4,L", 0
    call setup_regs
    call timer_start
    res 4, [hl]
    res 4, [hl]
    res 4, [hl]
    res 4, [hl]
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 4
    db "RES 4,[HL]", 0
    call setup_regs
    call timer_start
    res 4, a
    res 4, a
    res 4, a
    res 4, a
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 2
    db "RES 4,A", 0
    call setup_regs
    call timer_start
    res 5, b
    res 5, b
    res 5, b
    res 5, b
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 2
    db "RES 5,B", 0
    call setup_regs
    call timer_start
    res 5, c
    res 5, c
    res 5, c
    res 5, c
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 2
    db "RES 5,C", 0
    call setup_regs
    call timer_start
    res 5, d
    res 5, d
    res 5, d
    res 5, d
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 2
    db "RES 5,D", 0
    call setup_regs
    call timer_start
    res 5, e
    res 5, e
    res 5, e
    res 5, e
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 2
    db "RES 5,E", 0
    call setup_regs
    call timer_start
    res 5, h
    res 5, h
    res 5, h
    res 5, h
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 2
    db "RES 5,H", 0
    call setup_regs
    call timer_start
    res 5, l
    res 5, l
    res 5, l
    res 5, l
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 2
    db "RES 5,L", 0
    call setup_regs
    call timer_start
    res 5, [hl]
    res 5, [hl]
    res 5, [hl]
    res 5, [hl]
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 4
    db "RES 5,[HL]", 0
    call setup_regs
    call timer_start
    res 5, a
    res 5, a
    res 5, a
    res 5, a
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 2
    db "RES 5,A", 0
    call setup_regs
    call timer_start
    res 6, b
    res 6, b
    res 6, b
    res 6, b
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 2
    db "RES 6,B", 0
    call setup_regs
    call timer_start
    res 6, c
    res 6, c
    res 6, c
    res 6, c
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 2
    db "RES 6,C", 0
    call setup_regs
    call timer_start
    res 6, d
    res 6, d
    res 6, d
    res 6, d
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 2
    db "RES 6,D", 0
    call setup_regs
    call timer_start
    res 6, e
    res 6, e
    res 6, e
    res 6, e
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 2
    db "RES 6,E", 0
    call setup_regs
    call timer_start
    res 6, h
    res 6, h
    res 6, h
    res 6, h
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 2
    db "RES 6,H", 0
    call setup_regs
    call timer_start
    res 6, l
    res 6, l
    res 6, l
    res 6, l
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 2
    db "RES 6,L", 0
    call setup_regs
    call timer_start
    res 6, [hl]
    res 6, [hl]
    res 6, [hl]
    res 6, [hl]
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 4
    db "RES 6,[HL]", 0
    call setup_regs
    call timer_start
    res 6, a
    res 6, a
    res 6, a
    res 6, a
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 2
    db "RES 6,A", 0
    call setup_regs
    call timer_start
    res 7, b
    res 7, b
    res 7, b
    res 7, b
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 2
    db "RES 7,B", 0
    call setup_regs
    call timer_start
    res 7, c
    res 7, c
    res 7, c
    res 7, c
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 2
    db "RES 7,C", 0
    call setup_regs
    call timer_start
    res 7, d
    res 7, d
    res 7, d
    res 7, d
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 2
    db "RES 7,D", 0
    call setup_regs
    call timer_start
    res 7, e
    res 7, e
    res 7, e
    res 7, e
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 2
    db "RES 7,E", 0
    call setup_regs
    call timer_start
    res 7, h
    res 7, h
    res 7, h
    res 7, h
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 2
    db "RES 7,H", 0
    call setup_regs
    call timer_start
    res 7, l
    res 7, l
    res 7, l
    res 7, l
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 2
    db "RES 7,L", 0
    call setup_regs
    call timer_start
    res 7, [hl]
    res 7, [hl]
    res 7, [hl]
    res 7, [hl]
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 4
    db "RES 7,[HL]", 0
    call setup_regs
    call timer_start
    res 7, a
    res 7, a
    res 7, a
    res 7, a
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 2
    db "RES 7,A", 0
    call setup_regs
    call timer_start
    set 0, b
    set 0, b
    set 0, b
    set 0, b
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 2
    db "SET 0,B", 0
    call setup_regs
    call timer_start
    set 0, c
    set 0, c
    set 0, c
    set 0, c
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 2
    db "SET 0,C", 0
    call setup_regs
    call timer_start
    set 0, d
    set 0, d
    set 0, d
    set 0, d
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 2
    db "SET 0,D", 0
    call setup_regs
    call timer_start
    set 0, e
    set 0, e
    set 0, e
    set 0, e
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 2
    db "SET 0,E", 0
    call setup_regs
    call timer_start
    set 0, h
    set 0, h
    set 0, h
    set 0, h
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 2
    db "SET 0,H", 0
    call setup_regs
    call timer_start
    set 0, l
    set 0, l
    set 0, l
    set 0, l
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 2
    db "SET 0,L", 0
    call setup_regs
    call timer_start
    set 0, [hl]
    set 0, [hl]
    set 0, [hl]
    set 0, [hl]
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 4
    db "SET 0,[HL]", 0
    call setup_regs
    call timer_start
    set 0, a
    set 0, a
    set 0, a
    set 0, a
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 2
    db "SET 0,A", 0
    call setup_regs
    call timer_start
    set 1, b
    set 1, b
    set 1, b
    set 1, b
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 2
    db "SET 1,B", 0
    call setup_regs
    call timer_start
    set 1, c
    set 1, c
    set 1, c
    set 1, c
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 2
    db "SET 1,C", 0
    call setup_regs
    call timer_start
    set 1, d
    set 1, d
    set 1, d
    set 1, d
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 2
    db "SET 1,D", 0
    call setup_regs
    call timer_start
    set 1, e
    set 1, e
    set 1, e
    set 1, e
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 2
    db "SET 1,E", 0
    call setup_regs
    call timer_start
    set 1, h
    set 1, h
    set 1, h
    set 1, h
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 2
    db "SET 1,H", 0
    call setup_regs
    call timer_start
    set 1, l
    set 1, l
    set 1, l
    set 1, l
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 2
    db "SET 1,L", 0
    call setup_regs
    call timer_start
    set 1, [hl]
    set 1, [hl]
    set 1, [hl]
    set 1, [hl]
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 4
    db "SET 1,[HL]", 0
    call setup_regs
    call timer_start
    set 1, a
    set 1, a
    set 1, a
    set 1, a
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 2
    db "SET 1,A", 0
    call setup_regs
    call timer_start
    set 2, b
    set 2, b
    set 2, b
    set 2, b
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 2
    db "SET 2,B", 0
    call setup_regs
    call timer_start
    set 2, c
    set 2, c
    set 2, c
    set 2, c
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 2
    db "SET 2,C", 0
    call setup_regs
    call timer_start
    set 2, d
    set 2, d
    set 2, d
    set 2, d
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 2
    db "SET 2,D", 0
    call setup_regs
    call timer_start
    set 2, e
    set 2, e
    set 2, e
    set 2, e
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 2
    db "SET 2,E", 0
    call setup_regs
    call timer_start
    set 2, h
    set 2, h
    set 2, h
    set 2, h
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 2
    db "SET 2,H", 0
    call setup_regs
    call timer_start
    set 2, l
    set 2, l
    set 2, l
    set 2, l
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 2
    db "SET 2,L", 0
    call setup_regs
    call timer_start
    set 2, [hl]
    set 2, [hl]
    set 2, [hl]
    set 2, [hl]
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 4
    db "SET 2,[HL]", 0
    call setup_regs
    call timer_start
    set 2, a
    set 2, a
    set 2, a
    set 2, a
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 2
    db "SET 2,A", 0
    call setup_regs
    call timer_start
    set 3, b
    set 3, b
    set 3, b
    set 3, b
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 2
    db "SET 3,B", 0
    call setup_regs
    call timer_start
    set 3, c
    set 3, c
    set 3, c
    set 3, c
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 2
    db "SET 3,C", 0
    call setup_regs
    call timer_start
    set 3, d
    set 3, d
    set 3, d
    set 3, d
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 2
    db "SET 3,D", 0
    call setup_regs
    call timer_start
    set 3, e
    set 3, e
    set 3, e
    set 3, e
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 2
    db "SET 3,E", 0
    call setup_regs
    call timer_start
    set 3, h
    set 3, h
    set 3, h
    set 3, h
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 2
    db "SET 3,H", 0
    call setup_regs
    call timer_start
    set 3, l
    set 3, l
    set 3, l
    set 3, l
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 2
    db "SET 3,L", 0
    call setup_regs
    call timer_start
    set 3, [hl]
    set 3, [hl]
    set 3, [hl]
    set 3, [hl]
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 4
    db "SET 3,[HL]", 0
    call setup_regs
    call timer_start
    set 3, a
    set 3, a
    set 3, a
    set 3, a
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 2
    db "SET 3,A", 0
    call setup_regs
    call timer_start
    set 4, b
    set 4, b
    set 4, b
    set 4, b
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 2
    db "SET 4,B", 0
    call setup_regs
    call timer_start
    set 4, c
    set 4, c
    set 4, c
    set 4, c
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 2
    db "SET 4,C", 0
    call setup_regs
    call timer_start
    set 4, d
    set 4, d
    set 4, d
    set 4, d
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 2
    db "SET 4,D", 0
    call setup_regs
    call timer_start
    set 4, e
    set 4, e
    set 4, e
    set 4, e
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 2
    db "SET 4,E", 0
    call setup_regs
    call timer_start
    set 4, h
    set 4, h
    set 4, h
    set 4, h
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 2
    db "SET 4,H", 0
    call setup_regs
    call timer_start
    set 4, l
    set 4, l
    set 4, l
    set 4, l
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 2
    db "SET 4,L", 0
    call setup_regs
    call timer_start
    set 4, [hl]
    set 4, [hl]
    set 4, [hl]
    set 4, [hl]
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 4
    db "SET 4,[HL]", 0
    call setup_regs
    call timer_start
    set 4, a
    set 4, a
    set 4, a
    set 4, a
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 2
    db "SET 4,A", 0
    call setup_regs
    call timer_start
    set 5, b
    set 5, b
    set 5, b
    set 5, b
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 2
    db "SET 5,B", 0
    call setup_regs
    call timer_start
    set 5, c
    set 5, c
    set 5, c
    set 5, c
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 2
    db "SET 5,C", 0
    call setup_regs
    call timer_start
    set 5, d
    set 5, d
    set 5, d
    set 5, d
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 2
    db "SET 5,D", 0
    call setup_regs
    call timer_start
    set 5, e
    set 5, e
    set 5, e
    set 5, e
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 2
    db "SET 5,E", 0
    call setup_regs
    call timer_start
    set 5, h
    set 5, h
    set 5, h
    set 5, h
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 2
    db "SET 5,H", 0
    call setup_regs
    call timer_start
    set 5, l
    set 5, l
    set 5, l
    set 5, l
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 2
    db "SET 5,L", 0
    call setup_regs
    call timer_start
    set 5, [hl]
    set 5, [hl]
    set 5, [hl]
    set 5, [hl]
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 4
    db "SET 5,[HL]", 0
    call setup_regs
    call timer_start
    set 5, a
    set 5, a
    set 5, a
    set 5, a
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 2
    db "SET 5,A", 0
    call setup_regs
    call timer_start
    set 6, b
    set 6, b
    set 6, b
    set 6, b
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 2
    db "SET 6,B", 0
    call setup_regs
    call timer_start
    set 6, c
    set 6, c
    set 6, c
    set 6, c
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 2
    db "SET 6,C", 0
    call setup_regs
    call timer_start
    set 6, d
    set 6, d
    set 6, d
    set 6, d
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 2
    db "SET 6,D", 0
    call setup_regs
    call timer_start
    set 6, e
    set 6, e
    set 6, e
    set 6, e
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 2
    db "SET 6,E", 0
    call setup_regs
    call timer_start
    set 6, h
    set 6, h
    set 6, h
    set 6, h
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 2
    db "SET 6,H", 0
    call setup_regs
    call timer_start
    set 6, l
    set 6, l
    set 6, l
    set 6, l
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 2
    db "SET 6,L", 0
    call setup_regs
    call timer_start
    set 6, [hl]
    set 6, [hl]
    set 6, [hl]
    set 6, [hl]
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 4
    db "SET 6,[HL]", 0
    call setup_regs
    call timer_start
    set 6, a
    set 6, a
    set 6, a
    set 6, a
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 2
    db "SET 6,A", 0
    call setup_regs
    call timer_start
    set 7, b
    set 7, b
    set 7, b
    set 7, b
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 2
    db "SET 7,B", 0
    call setup_regs
    call timer_start
    set 7, c
    set 7, c
    set 7, c
    set 7, c
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 2
    db "SET 7,C", 0
    call setup_regs
    call timer_start
    set 7, d
    set 7, d
    set 7, d
    set 7, d
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 2
    db "SET 7,D", 0
    call setup_regs
    call timer_start
    set 7, e
    set 7, e
    set 7, e
    set 7, e
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 2
    db "SET 7,E", 0
    call setup_regs
    call timer_start
    set 7, h
    set 7, h
    set 7, h
    set 7, h
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 2
    db "SET 7,H", 0
    call setup_regs
    call timer_start
    set 7, l
    set 7, l
    set 7, l
    set 7, l
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 2
    db "SET 7,L", 0
    call setup_regs
    call timer_start
    set 7, [hl]
    set 7, [hl]
    set 7, [hl]
    set 7, [hl]
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 4
    db "SET 7,[HL]", 0
    call setup_regs
    call timer_start
    set 7, a
    set 7, a
    set 7, a
    set 7, a
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 2
    db "SET 7,A", 0
    call print_inline
    db "\n", 0
    jp test_done
