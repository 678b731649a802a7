; Instruction timing test: CPU timing.
; Each check restarts the timer (DIV reset, TIMA=0 at 262144 Hz: one tick per 4 M-cycles), runs the instruction
; four times (or the pair named) and reads TIMA; minus the count of an empty run, that is the instruction's
; M-cycles, which must equal Pan Docs' count (the opcode table, written here as literals by scripts/gen-test-roms.ts).
; Conditional branches are timed taken and not taken. Reports on serial and screen, ending "Passed" or "Failed".
INCLUDE "header.inc"
INCLUDE "testlib.inc"
INCLUDE "timing.inc"

    cart_header "CPU TIMING", $00, $00, $00

SECTION "main", ROMX[$4000]
entry:
    di
    ld sp, $DFF0
    xor a
    ldh [rIE], a
    call test_init
    call print_inline
    db "CPU TIMING\n", 0
    call timing_calibrate
    call setup_regs
    call timer_start
    nop
    nop
    nop
    nop
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 1
    db "NOP", 0
    call setup_regs
    call timer_start
    ld bc, $c100
    ld bc, $c100
    ld bc, $c100
    ld bc, $c100
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 3
    db "LD BC,n16", 0
    call setup_regs
    call timer_start
    ld [bc], a
    ld [bc], a
    ld [bc], a
    ld [bc], a
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 2
    db "LD [BC],A", 0
    call setup_regs
    call timer_start
    inc bc
    inc bc
    inc bc
    inc bc
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 2
    db "INC BC", 0
    call setup_regs
    call timer_start
    inc b
    inc b
    inc b
    inc b
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 1
    db "INC B", 0
    call setup_regs
    call timer_start
    dec b
    dec b
    dec b
    dec b
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 1
    db "DEC B", 0
    call setup_regs
    call timer_start
    ld b, $00
    ld b, $00
    ld b, $00
    ld b, $00
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 2
    db "LD B,n8", 0
    call setup_regs
    call timer_start
    rlca
    rlca
    rlca
    rlca
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 1
    db "RLCA", 0
    call setup_regs
    call timer_start
    ld [$c400], sp
    ld [$c400], sp
    ld [$c400], sp
    ld [$c400], sp
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 5
    db "LD [a16],SP", 0
    call setup_regs
    call timer_start
    add hl, bc
    add hl, bc
    add hl, bc
    add hl, bc
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 2
    db "ADD HL,BC", 0
    call setup_regs
    call timer_start
    ld a, [bc]
    ld a, [bc]
    ld a, [bc]
    ld a, [bc]
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 2
    db "LD A,[BC]", 0
    call setup_regs
    call timer_start
    dec bc
    dec bc
    dec bc
    dec bc
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 2
    db "DEC BC", 0
    call setup_regs
    call timer_start
    inc c
    inc c
    inc c
    inc c
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 1
    db "INC C", 0
    call setup_regs
    call timer_start
    dec c
    dec c
    dec c
    dec c
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 1
    db "DEC C", 0
    call setup_regs
    call timer_start
    ld c, $00
    ld c, $00
    ld c, $00
    ld c, $00
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 2
    db "LD C,n8", 0
    call setup_regs
    call timer_start
    rrca
    rrca
    rrca
    rrca
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 1
    db "RRCA", 0
    call setup_regs
    call timer_start
    ld de, $c100
    ld de, $c100
    ld de, $c100
    ld de, $c100
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 3
    db "LD DE,n16", 0
    call setup_regs
    call timer_start
    ld [de], a
    ld [de], a
    ld [de], a
    ld [de], a
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 2
    db "LD [DE],A", 0
    call setup_regs
    call timer_start
    inc de
    inc de
    inc de
    inc de
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 2
    db "INC DE", 0
    call setup_regs
    call timer_start
    inc d
    inc d
    inc d
    inc d
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 1
    db "INC D", 0
    call setup_regs
    call timer_start
    dec d
    dec d
    dec d
    dec d
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 1
    db "DEC D", 0
    call setup_regs
    call timer_start
    ld d, $00
    ld d, $00
    ld d, $00
    ld d, $00
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 2
    db "LD D,n8", 0
    call setup_regs
    call timer_start
    rla
    rla
    rla
    rla
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 1
    db "RLA", 0
    call setup_regs
    call timer_start
    jr @ + 2
    jr @ + 2
    jr @ + 2
    jr @ + 2
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 3
    db "JR e8", 0
    call setup_regs
    call timer_start
    add hl, de
    add hl, de
    add hl, de
    add hl, de
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 2
    db "ADD HL,DE", 0
    call setup_regs
    call timer_start
    ld a, [de]
    ld a, [de]
    ld a, [de]
    ld a, [de]
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 2
    db "LD A,[DE]", 0
    call setup_regs
    call timer_start
    dec de
    dec de
    dec de
    dec de
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 2
    db "DEC DE", 0
    call setup_regs
    call timer_start
    inc e
    inc e
    inc e
    inc e
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 1
    db "INC E", 0
    call setup_regs
    call timer_start
    dec e
    dec e
    dec e
    dec e
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 1
    db "DEC E", 0
    call setup_regs
    call timer_start
    ld e, $00
    ld e, $00
    ld e, $00
    ld e, $00
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 2
    db "LD E,n8", 0
    call setup_regs
    call timer_start
    rra
    rra
    rra
    rra
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 1
    db "RRA", 0
    call setup_regs
    ld de, $0000
    push de
    pop af
    call timer_start
    jr nz, @ + 2
    jr nz, @ + 2
    jr nz, @ + 2
    jr nz, @ + 2
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 3
    db "JR NZ,e8 TAKEN", 0
    call setup_regs
    ld de, $0080
    push de
    pop af
    call timer_start
    jr nz, @ + 2
    jr nz, @ + 2
    jr nz, @ + 2
    jr nz, @ + 2
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 2
    db "JR NZ,e8 NOT", 0
    call setup_regs
    call timer_start
    ld hl, $c100
    ld hl, $c100
    ld hl, $c100
    ld hl, $c100
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 3
    db "LD HL,n16", 0
    call setup_regs
    call timer_start
    ld [hl+], a
    ld [hl+], a
    ld [hl+], a
    ld [hl+], a
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 2
    db "LD [HL+],A", 0
    call setup_regs
    call timer_start
    inc hl
    inc hl
    inc hl
    inc hl
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 2
    db "INC HL", 0
    call setup_regs
    call timer_start
    inc h
    inc h
    inc h
    inc h
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 1
    db "INC H", 0
    call setup_regs
    call timer_start
    dec h
    dec h
    dec h
    dec h
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 1
    db "DEC H", 0
    call setup_regs
    call timer_start
    ld h, $00
    ld h, $00
    ld h, $00
    ld h, $00
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 2
    db "LD H,n8", 0
    call setup_regs
    call timer_start
    daa
    daa
    daa
    daa
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 1
    db "DAA", 0
    call setup_regs
    ld de, $0080
    push de
    pop af
    call timer_start
    jr z, @ + 2
    jr z, @ + 2
    jr z, @ + 2
    jr z, @ + 2
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 3
    db "JR Z,e8 TAKEN", 0
    call setup_regs
    ld de, $0000
    push de
    pop af
    call timer_start
    jr z, @ + 2
    jr z, @ + 2
    jr z, @ + 2
    jr z, @ + 2
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 2
    db "JR Z,e8 NOT", 0
    call setup_regs
    call timer_start
    add hl, hl
    add hl, hl
    add hl, hl
    add hl, hl
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 2
    db "ADD HL,HL", 0
    call setup_regs
    call timer_start
    ld a, [hl+]
    ld a, [hl+]
    ld a, [hl+]
    ld a, [hl+]
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 2
    db "LD A,[HL+]", 0
    call setup_regs
    call timer_start
    dec hl
    dec hl
    dec hl
    dec hl
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 2
    db "DEC HL", 0
    call setup_regs
    call timer_start
    inc l
    inc l
    inc l
    inc l
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 1
    db "INC L", 0
    call setup_regs
    call timer_start
    dec l
    dec l
    dec l
    dec l
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 1
    db "DEC L", 0
    call setup_regs
    call timer_start
    ld l, $00
    ld l, $00
    ld l, $00
    ld l, $00
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 2
    db "LD L,n8", 0
    call setup_regs
    call timer_start
    cpl
    cpl
    cpl
    cpl
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 1
    db "CPL", 0
    call setup_regs
    ld de, $0000
    push de
    pop af
    call timer_start
    jr nc, @ + 2
    jr nc, @ + 2
    jr nc, @ + 2
    jr nc, @ + 2
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 3
    db "JR NC,e8 TAKEN", 0
    call setup_regs
    ld de, $0010
    push de
    pop af
    call timer_start
    jr nc, @ + 2
    jr nc, @ + 2
    jr nc, @ + 2
    jr nc, @ + 2
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 2
    db "JR NC,e8 NOT", 0
    call setup_regs
    call timer_start
    ld sp, $c100
    ld sp, $c100
    ld sp, $c100
    ld sp, $c100
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 3
    db "LD SP,n16", 0
    call setup_regs
    call timer_start
    ld [hl-], a
    ld [hl-], a
    ld [hl-], a
    ld [hl-], a
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 2
    db "LD [HL-],A", 0
    call setup_regs
    call timer_start
    inc sp
    inc sp
    inc sp
    inc sp
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 2
    db "INC SP", 0
    call setup_regs
    call timer_start
    inc [hl]
    inc [hl]
    inc [hl]
    inc [hl]
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 3
    db "INC [HL]", 0
    call setup_regs
    call timer_start
    dec [hl]
    dec [hl]
    dec [hl]
    dec [hl]
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 3
    db "DEC [HL]", 0
    call setup_regs
    call timer_start
    ld [hl], $00
    ld [hl], $00
    ld [hl], $00
    ld [hl], $00
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 3
    db "LD [HL],n8", 0
    call setup_regs
    call timer_start
    scf
    scf
    scf
    scf
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 1
    db "SCF", 0
    call setup_regs
    ld de, $0010
    push de
    pop af
    call timer_start
    jr c, @ + 2
    jr c, @ + 2
    jr c, @ + 2
    jr c, @ + 2
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 3
    db "JR C,e8 TAKEN", 0
    call setup_regs
    ld de, $0000
    push de
    pop af
    call timer_start
    jr c, @ + 2
    jr c, @ + 2
    jr c, @ + 2
    jr c, @ + 2
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 2
    db "JR C,e8 NOT", 0
    call setup_regs
    call timer_start
    add hl, sp
    add hl, sp
    add hl, sp
    add hl, sp
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 2
    db "ADD HL,SP", 0
    call setup_regs
    call timer_start
    ld a, [hl-]
    ld a, [hl-]
    ld a, [hl-]
    ld a, [hl-]
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 2
    db "LD A,[HL-]", 0
    call setup_regs
    call timer_start
    dec sp
    dec sp
    dec sp
    dec sp
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 2
    db "DEC SP", 0
    call setup_regs
    call timer_start
    inc a
    inc a
    inc a
    inc a
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 1
    db "INC A", 0
    call setup_regs
    call timer_start
    dec a
    dec a
    dec a
    dec a
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 1
    db "DEC A", 0
    call setup_regs
    call timer_start
    ld a, $00
    ld a, $00
    ld a, $00
    ld a, $00
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 2
    db "LD A,n8", 0
    call setup_regs
    call timer_start
    ccf
    ccf
    ccf
    ccf
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 1
    db "CCF", 0
    call setup_regs
    call timer_start
    ld b, b
    ld b, b
    ld b, b
    ld b, b
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 1
    db "LD B,B", 0
    call setup_regs
    call timer_start
    ld b, c
    ld b, c
    ld b, c
    ld b, c
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 1
    db "LD B,C", 0
    call setup_regs
    call timer_start
    ld b, d
    ld b, d
    ld b, d
    ld b, d
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 1
    db "LD B,D", 0
    call setup_regs
    call timer_start
    ld b, e
    ld b, e
    ld b, e
    ld b, e
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 1
    db "LD B,E", 0
    call setup_regs
    call timer_start
    ld b, h
    ld b, h
    ld b, h
    ld b, h
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 1
    db "LD B,H", 0
    call setup_regs
    call timer_start
    ld b, l
    ld b, l
    ld b, l
    ld b, l
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 1
    db "LD B,L", 0
    call setup_regs
    call timer_start
    ld b, [hl]
    ld b, [hl]
    ld b, [hl]
    ld b, [hl]
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 2
    db "LD B,[HL]", 0
    call setup_regs
    call timer_start
    ld b, a
    ld b, a
    ld b, a
    ld b, a
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 1
    db "LD B,A", 0
    call setup_regs
    call timer_start
    ld c, b
    ld c, b
    ld c, b
    ld c, b
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 1
    db "LD C,B", 0
    call setup_regs
    call timer_start
    ld c, c
    ld c, c
    ld c, c
    ld c, c
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 1
    db "LD C,C", 0
    call setup_regs
    call timer_start
    ld c, d
    ld c, d
    ld c, d
    ld c, d
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 1
    db "LD C,D", 0
    call setup_regs
    call timer_start
    ld c, e
    ld c, e
    ld c, e
    ld c, e
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 1
    db "LD C,E", 0
    call setup_regs
    call timer_start
    ld c, h
    ld c, h
    ld c, h
    ld c, h
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 1
    db "LD C,H", 0
    call setup_regs
    call timer_start
    ld c, l
    ld c, l
    ld c, l
    ld c, l
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 1
    db "LD C,L", 0
    call setup_regs
    call timer_start
    ld c, [hl]
    ld c, [hl]
    ld c, [hl]
    ld c, [hl]
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 2
    db "LD C,[HL]", 0
    call setup_regs
    call timer_start
    ld c, a
    ld c, a
    ld c, a
    ld c, a
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 1
    db "LD C,A", 0
    call setup_regs
    call timer_start
    ld d, b
    ld d, b
    ld d, b
    ld d, b
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 1
    db "LD D,B", 0
    call setup_regs
    call timer_start
    ld d, c
    ld d, c
    ld d, c
    ld d, c
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 1
    db "LD D,C", 0
    call setup_regs
    call timer_start
    ld d, d
    ld d, d
    ld d, d
    ld d, d
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 1
    db "LD D,D", 0
    call setup_regs
    call timer_start
    ld d, e
    ld d, e
    ld d, e
    ld d, e
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 1
    db "LD D,E", 0
    call setup_regs
    call timer_start
    ld d, h
    ld d, h
    ld d, h
    ld d, h
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 1
    db "LD D,H", 0
    call setup_regs
    call timer_start
    ld d, l
    ld d, l
    ld d, l
    ld d, l
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 1
    db "LD D,L", 0
    call setup_regs
    call timer_start
    ld d, [hl]
    ld d, [hl]
    ld d, [hl]
    ld d, [hl]
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 2
    db "LD D,[HL]", 0
    call setup_regs
    call timer_start
    ld d, a
    ld d, a
    ld d, a
    ld d, a
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 1
    db "LD D,A", 0
    call setup_regs
    call timer_start
    ld e, b
    ld e, b
    ld e, b
    ld e, b
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 1
    db "LD E,B", 0
    call setup_regs
    call timer_start
    ld e, c
    ld e, c
    ld e, c
    ld e, c
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 1
    db "LD E,C", 0
    call setup_regs
    call timer_start
    ld e, d
    ld e, d
    ld e, d
    ld e, d
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 1
    db "LD E,D", 0
    call setup_regs
    call timer_start
    ld e, e
    ld e, e
    ld e, e
    ld e, e
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 1
    db "LD E,E", 0
    call setup_regs
    call timer_start
    ld e, h
    ld e, h
    ld e, h
    ld e, h
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 1
    db "LD E,H", 0
    call setup_regs
    call timer_start
    ld e, l
    ld e, l
    ld e, l
    ld e, l
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 1
    db "LD E,L", 0
    call setup_regs
    call timer_start
    ld e, [hl]
    ld e, [hl]
    ld e, [hl]
    ld e, [hl]
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 2
    db "LD E,[HL]", 0
    call setup_regs
    call timer_start
    ld e, a
    ld e, a
    ld e, a
    ld e, a
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 1
    db "LD E,A", 0
    call setup_regs
    call timer_start
    ld h, b
    ld h, b
    ld h, b
    ld h, b
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 1
    db "LD H,B", 0
    call setup_regs
    call timer_start
    ld h, c
    ld h, c
    ld h, c
    ld h, c
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 1
    db "LD H,C", 0
    call setup_regs
    call timer_start
    ld h, d
    ld h, d
    ld h, d
    ld h, d
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 1
    db "LD H,D", 0
    call setup_regs
    call timer_start
    ld h, e
    ld h, e
    ld h, e
    ld h, e
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 1
    db "LD H,E", 0
    call setup_regs
    call timer_start
    ld h, h
    ld h, h
    ld h, h
    ld h, h
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 1
    db "LD H,H", 0
    call setup_regs
    call timer_start
    ld h, l
    ld h, l
    ld h, l
    ld h, l
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 1
    db "LD H,L", 0
    call setup_regs
    call timer_start
    ld h, [hl]
    ld h, [hl]
    ld h, [hl]
    ld h, [hl]
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 2
    db "LD H,[HL]", 0
    call setup_regs
    call timer_start
    ld h, a
    ld h, a
    ld h, a
    ld h, a
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 1
    db "LD H,A", 0
    call setup_regs
    call timer_start
    ld l, b
    ld l, b
    ld l, b
    ld l, b
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 1
    db "LD L,B", 0
    call setup_regs
    call timer_start
    ld l, c
    ld l, c
    ld l, c
    ld l, c
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 1
    db "LD L,C", 0
    call setup_regs
    call timer_start
    ld l, d
    ld l, d
    ld l, d
    ld l, d
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 1
    db "LD L,D", 0
    call setup_regs
    call timer_start
    ld l, e
    ld l, e
    ld l, e
    ld l, e
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 1
    db "LD L,E", 0
    call setup_regs
    call timer_start
    ld l, h
    ld l, h
    ld l, h
    ld l, h
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 1
    db "LD L,H", 0
    call setup_regs
    call timer_start
    ld l, l
    ld l, l
    ld l, l
    ld l, l
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 1
    db "LD L,L", 0
    call setup_regs
    call timer_start
    ld l, [hl]
    ld l, [hl]
    ld l, [hl]
    ld l, [hl]
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 2
    db "LD L,[HL]", 0
    call setup_regs
    call timer_start
    ld l, a
    ld l, a
    ld l, a
    ld l, a
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 1
    db "LD L,A", 0
    call setup_regs
    call timer_start
    ld [hl], b
    ld [hl], b
    ld [hl], b
    ld [hl], b
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 2
    db "LD [HL],B", 0
    call setup_regs
    call timer_start
    ld [hl], c
    ld [hl], c
    ld [hl], c
    ld [hl], c
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 2
    db "LD [HL],C", 0
    call setup_regs
    call timer_start
    ld [hl], d
    ld [hl], d
    ld [hl], d
    ld [hl], d
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 2
    db "LD [HL],D", 0
    call setup_regs
    call timer_start
    ld [hl], e
    ld [hl], e
    ld [hl], e
    ld [hl], e
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 2
    db "LD [HL],E", 0
    call setup_regs
    call timer_start
    ld [hl], h
    ld [hl], h
    ld [hl], h
    ld [hl], h
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 2
    db "LD [HL],H", 0
    call setup_regs
    call timer_start
    ld [hl], l
    ld [hl], l
    ld [hl], l
    ld [hl], l
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 2
    db "LD [HL],L", 0
    call setup_regs
    call timer_start
    ld [hl], a
    ld [hl], a
    ld [hl], a
    ld [hl], a
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 2
    db "LD [HL],A", 0
    call setup_regs
    call timer_start
    ld a, b
    ld a, b
    ld a, b
    ld a, b
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 1
    db "LD A,B", 0
    call setup_regs
    call timer_start
    ld a, c
    ld a, c
    ld a, c
    ld a, c
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 1
    db "LD A,C", 0
    call setup_regs
    call timer_start
    ld a, d
    ld a, d
    ld a, d
    ld a, d
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 1
    db "LD A,D", 0
    call setup_regs
    call timer_start
    ld a, e
    ld a, e
    ld a, e
    ld a, e
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 1
    db "LD A,E", 0
    call setup_regs
    call timer_start
    ld a, h
    ld a, h
    ld a, h
    ld a, h
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 1
    db "LD A,H", 0
    call setup_regs
    call timer_start
    ld a, l
    ld a, l
    ld a, l
    ld a, l
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 1
    db "LD A,L", 0
    call setup_regs
    call timer_start
    ld a, [hl]
    ld a, [hl]
    ld a, [hl]
    ld a, [hl]
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 2
    db "LD A,[HL]", 0
    call setup_regs
    call timer_start
    ld a, a
    ld a, a
    ld a, a
    ld a, a
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 1
    db "LD A,A", 0
    call setup_regs
    call timer_start
    add a, b
    add a, b
    add a, b
    add a, b
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 1
    db "ADD A,B", 0
    call setup_regs
    call timer_start
    add a, c
    add a, c
    add a, c
    add a, c
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 1
    db "ADD A,C", 0
    call setup_regs
    call timer_start
    add a, d
    add a, d
    add a, d
    add a, d
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 1
    db "ADD A,D", 0
    call setup_regs
    call timer_start
    add a, e
    add a, e
    add a, e
    add a, e
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 1
    db "ADD A,E", 0
    call setup_regs
    call timer_start
    add a, h
    add a, h
    add a, h
    add a, h
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 1
    db "ADD A,H", 0
    call setup_regs
    call timer_start
    add a, l
    add a, l
    add a, l
    add a, l
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 1
    db "ADD A,L", 0
    call setup_regs
    call timer_start
    add a, [hl]
    add a, [hl]
    add a, [hl]
    add a, [hl]
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 2
    db "ADD A,[HL]", 0
    call setup_regs
    call timer_start
    add a, a
    add a, a
    add a, a
    add a, a
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 1
    db "ADD A,A", 0
    call setup_regs
    call timer_start
    adc a, b
    adc a, b
    adc a, b
    adc a, b
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 1
    db "ADC A,B", 0
    call setup_regs
    call timer_start
    adc a, c
    adc a, c
    adc a, c
    adc a, c
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 1
    db "ADC A,C", 0
    call setup_regs
    call timer_start
    adc a, d
    adc a, d
    adc a, d
    adc a, d
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 1
    db "ADC A,D", 0
    call setup_regs
    call timer_start
    adc a, e
    adc a, e
    adc a, e
    adc a, e
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 1
    db "ADC A,E", 0
    call setup_regs
    call timer_start
    adc a, h
    adc a, h
    adc a, h
    adc a, h
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 1
    db "ADC A,H", 0
    call setup_regs
    call timer_start
    adc a, l
    adc a, l
    adc a, l
    adc a, l
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 1
    db "ADC A,L", 0
    call setup_regs
    call timer_start
    adc a, [hl]
    adc a, [hl]
    adc a, [hl]
    adc a, [hl]
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 2
    db "ADC A,[HL]", 0
    call setup_regs
    call timer_start
    adc a, a
    adc a, a
    adc a, a
    adc a, a
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 1
    db "ADC A,A", 0
    call setup_regs
    call timer_start
    sub a, b
    sub a, b
    sub a, b
    sub a, b
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 1
    db "SUB A,B", 0
    call setup_regs
    call timer_start
    sub a, c
    sub a, c
    sub a, c
    sub a, c
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 1
    db "SUB A,C", 0
    call setup_regs
    call timer_start
    sub a, d
    sub a, d
    sub a, d
    sub a, d
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 1
    db "SUB A,D", 0
    call setup_regs
    call timer_start
    sub a, e
    sub a, e
    sub a, e
    sub a, e
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 1
    db "SUB A,E", 0
    call setup_regs
    call timer_start
    sub a, h
    sub a, h
    sub a, h
    sub a, h
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 1
    db "SUB A,H", 0
    call setup_regs
    call timer_start
    sub a, l
    sub a, l
    sub a, l
    sub a, l
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 1
    db "SUB A,L", 0
    call setup_regs
    call timer_start
    sub a, [hl]
    sub a, [hl]
    sub a, [hl]
    sub a, [hl]
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 2
    db "SUB A,[HL]", 0
    call setup_regs
    call timer_start
    sub a, a
    sub a, a
    sub a, a
    sub a, a
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 1
    db "SUB A,A", 0
    call setup_regs
    call timer_start
    sbc a, b
    sbc a, b
    sbc a, b
    sbc a, b
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 1
    db "SBC A,B", 0
    call setup_regs
    call timer_start
    sbc a, c
    sbc a, c
    sbc a, c
    sbc a, c
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 1
    db "SBC A,C", 0
    call setup_regs
    call timer_start
    sbc a, d
    sbc a, d
    sbc a, d
    sbc a, d
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 1
    db "SBC A,D", 0
    call setup_regs
    call timer_start
    sbc a, e
    sbc a, e
    sbc a, e
    sbc a, e
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 1
    db "SBC A,E", 0
    call setup_regs
    call timer_start
    sbc a, h
    sbc a, h
    sbc a, h
    sbc a, h
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 1
    db "SBC A,H", 0
    call setup_regs
    call timer_start
    sbc a, l
    sbc a, l
    sbc a, l
    sbc a, l
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 1
    db "SBC A,L", 0
    call setup_regs
    call timer_start
    sbc a, [hl]
    sbc a, [hl]
    sbc a, [hl]
    sbc a, [hl]
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 2
    db "SBC A,[HL]", 0
    call setup_regs
    call timer_start
    sbc a, a
    sbc a, a
    sbc a, a
    sbc a, a
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 1
    db "SBC A,A", 0
    call setup_regs
    call timer_start
    and a, b
    and a, b
    and a, b
    and a, b
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 1
    db "AND A,B", 0
    call setup_regs
    call timer_start
    and a, c
    and a, c
    and a, c
    and a, c
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 1
    db "AND A,C", 0
    call setup_regs
    call timer_start
    and a, d
    and a, d
    and a, d
    and a, d
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 1
    db "AND A,D", 0
    call setup_regs
    call timer_start
    and a, e
    and a, e
    and a, e
    and a, e
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 1
    db "AND A,E", 0
    call setup_regs
    call timer_start
    and a, h
    and a, h
    and a, h
    and a, h
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 1
    db "AND A,H", 0
    call setup_regs
    call timer_start
    and a, l
    and a, l
    and a, l
    and a, l
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 1
    db "AND A,L", 0
    call setup_regs
    call timer_start
    and a, [hl]
    and a, [hl]
    and a, [hl]
    and a, [hl]
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 2
    db "AND A,[HL]", 0
    call setup_regs
    call timer_start
    and a, a
    and a, a
    and a, a
    and a, a
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 1
    db "AND A,A", 0
    call setup_regs
    call timer_start
    xor a, b
    xor a, b
    xor a, b
    xor a, b
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 1
    db "XOR A,B", 0
    call setup_regs
    call timer_start
    xor a, c
    xor a, c
    xor a, c
    xor a, c
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 1
    db "XOR A,C", 0
    call setup_regs
    call timer_start
    xor a, d
    xor a, d
    xor a, d
    xor a, d
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 1
    db "XOR A,D", 0
    call setup_regs
    call timer_start
    xor a, e
    xor a, e
    xor a, e
    xor a, e
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 1
    db "XOR A,E", 0
    call setup_regs
    call timer_start
    xor a, h
    xor a, h
    xor a, h
    xor a, h
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 1
    db "XOR A,H", 0
    call setup_regs
    call timer_start
    xor a, l
    xor a, l
    xor a, l
    xor a, l
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 1
    db "XOR A,L", 0
    call setup_regs
    call timer_start
    xor a, [hl]
    xor a, [hl]
    xor a, [hl]
    xor a, [hl]
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 2
    db "XOR A,[HL]", 0
    call setup_regs
    call timer_start
    xor a, a
    xor a, a
    xor a, a
    xor a, a
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 1
    db "XOR A,A", 0
    call setup_regs
    call timer_start
    or a, b
    or a, b
    or a, b
    or a, b
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 1
    db "OR A,B", 0
    call setup_regs
    call timer_start
    or a, c
    or a, c
    or a, c
    or a, c
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 1
    db "OR A,C", 0
    call setup_regs
    call timer_start
    or a, d
    or a, d
    or a, d
    or a, d
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 1
    db "OR A,D", 0
    call setup_regs
    call timer_start
    or a, e
    or a, e
    or a, e
    or a, e
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 1
    db "OR A,E", 0
    call setup_regs
    call timer_start
    or a, h
    or a, h
    or a, h
    or a, h
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 1
    db "OR A,H", 0
    call setup_regs
    call timer_start
    or a, l
    or a, l
    or a, l
    or a, l
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 1
    db "OR A,L", 0
    call setup_regs
    call timer_start
    or a, [hl]
    or a, [hl]
    or a, [hl]
    or a, [hl]
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 2
    db "OR A,[HL]", 0
    call setup_regs
    call timer_start
    or a, a
    or a, a
    or a, a
    or a, a
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 1
    db "OR A,A", 0
    call setup_regs
    call timer_start
    cp a, b
    cp a, b
    cp a, b
    cp a, b
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 1
    db "CP A,B", 0
    call setup_regs
    call timer_start
    cp a, c
    cp a, c
    cp a, c
    cp a, c
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 1
    db "CP A,C", 0
    call setup_regs
    call timer_start
    cp a, d
    cp a, d
    cp a, d
    cp a, d
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 1
    db "CP A,D", 0
    call setup_regs
    call timer_start
    cp a, e
    cp a, e
    cp a, e
    cp a, e
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 1
    db "CP A,E", 0
    call setup_regs
    call timer_start
    cp a, h
    cp a, h
    cp a, h
    cp a, h
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 1
    db "CP A,H", 0
    call setup_regs
    call timer_start
    cp a, l
    cp a, l
    cp a, l
    cp a, l
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 1
    db "CP A,L", 0
    call setup_regs
    call timer_start
    cp a, [hl]
    cp a, [hl]
    cp a, [hl]
    cp a, [hl]
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 2
    db "CP A,[HL]", 0
    call setup_regs
    call timer_start
    cp a, a
    cp a, a
    cp a, a
    cp a, a
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 1
    db "CP A,A", 0
    call setup_regs
    ld de, $0000
    push de
    pop af
    call timer_start
    call sub_ret_nz
    call sub_ret_nz
    call sub_ret_nz
    call sub_ret_nz
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 11
    db "CALL+RET NZ TAKEN", 0
    call setup_regs
    ld de, $0080
    push de
    pop af
    call timer_start
    ret nz
    ret nz
    ret nz
    ret nz
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 2
    db "RET NZ NOT", 0
    call setup_regs
    call timer_start
    pop bc
    pop bc
    pop bc
    pop bc
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 3
    db "POP BC", 0
    call setup_regs
    ld de, $0000
    push de
    pop af
    call timer_start
    jp nz, @ + 3
    jp nz, @ + 3
    jp nz, @ + 3
    jp nz, @ + 3
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 4
    db "JP NZ,a16 TAKEN", 0
    call setup_regs
    ld de, $0080
    push de
    pop af
    call timer_start
    jp nz, @ + 3
    jp nz, @ + 3
    jp nz, @ + 3
    jp nz, @ + 3
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 3
    db "JP NZ,a16 NOT", 0
    call setup_regs
    call timer_start
    jp @ + 3
    jp @ + 3
    jp @ + 3
    jp @ + 3
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 4
    db "JP a16", 0
    call setup_regs
    ld de, $0000
    push de
    pop af
    call timer_start
    call nz, sub_ret
    call nz, sub_ret
    call nz, sub_ret
    call nz, sub_ret
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 10
    db "CALL NZ,a16+RET TAKEN", 0
    call setup_regs
    ld de, $0080
    push de
    pop af
    call timer_start
    call nz, sub_ret
    call nz, sub_ret
    call nz, sub_ret
    call nz, sub_ret
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 3
    db "CALL NZ,a16 NOT", 0
    call setup_regs
    call timer_start
    push bc
    push bc
    push bc
    push bc
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 4
    db "PUSH BC", 0
    call setup_regs
    call timer_start
    add a, $00
    add a, $00
    add a, $00
    add a, $00
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 2
    db "ADD A,n8", 0
    call setup_regs
    call timer_start
    rst $00
    rst $00
    rst $00
    rst $00
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 8
    db "RST $00+RET", 0
    call setup_regs
    ld de, $0080
    push de
    pop af
    call timer_start
    call sub_ret_z
    call sub_ret_z
    call sub_ret_z
    call sub_ret_z
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 11
    db "CALL+RET Z TAKEN", 0
    call setup_regs
    ld de, $0000
    push de
    pop af
    call timer_start
    ret z
    ret z
    ret z
    ret z
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 2
    db "RET Z NOT", 0
    call setup_regs
    call timer_start
    call sub_ret
    call sub_ret
    call sub_ret
    call sub_ret
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 10
    db "CALL+RET", 0
    call setup_regs
    ld de, $0080
    push de
    pop af
    call timer_start
    jp z, @ + 3
    jp z, @ + 3
    jp z, @ + 3
    jp z, @ + 3
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 4
    db "JP Z,a16 TAKEN", 0
    call setup_regs
    ld de, $0000
    push de
    pop af
    call timer_start
    jp z, @ + 3
    jp z, @ + 3
    jp z, @ + 3
    jp z, @ + 3
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 3
    db "JP Z,a16 NOT", 0
    call setup_regs
    ld de, $0080
    push de
    pop af
    call timer_start
    call z, sub_ret
    call z, sub_ret
    call z, sub_ret
    call z, sub_ret
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 10
    db "CALL Z,a16+RET TAKEN", 0
    call setup_regs
    ld de, $0000
    push de
    pop af
    call timer_start
    call z, sub_ret
    call z, sub_ret
    call z, sub_ret
    call z, sub_ret
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 3
    db "CALL Z,a16 NOT", 0
    call setup_regs
    call timer_start
    call sub_ret
    call sub_ret
    call sub_ret
    call sub_ret
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 10
    db "CALL a16+RET", 0
    call setup_regs
    call timer_start
    adc a, $00
    adc a, $00
    adc a, $00
    adc a, $00
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 2
    db "ADC A,n8", 0
    call setup_regs
    call timer_start
    rst $08
    rst $08
    rst $08
    rst $08
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 8
    db "RST $08+RET", 0
    call setup_regs
    ld de, $0000
    push de
    pop af
    call timer_start
    call sub_ret_nc
    call sub_ret_nc
    call sub_ret_nc
    call sub_ret_nc
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 11
    db "CALL+RET NC TAKEN", 0
    call setup_regs
    ld de, $0010
    push de
    pop af
    call timer_start
    ret nc
    ret nc
    ret nc
    ret nc
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 2
    db "RET NC NOT", 0
    call setup_regs
    call timer_start
    pop de
    pop de
    pop de
    pop de
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 3
    db "POP DE", 0
    call setup_regs
    ld de, $0000
    push de
    pop af
    call timer_start
    jp nc, @ + 3
    jp nc, @ + 3
    jp nc, @ + 3
    jp nc, @ + 3
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 4
    db "JP NC,a16 TAKEN", 0
    call setup_regs
    ld de, $0010
    push de
    pop af
    call timer_start
    jp nc, @ + 3
    jp nc, @ + 3
    jp nc, @ + 3
    jp nc, @ + 3
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 3
    db "JP NC,a16 NOT", 0
    call setup_regs
    ld de, $0000
    push de
    pop af
    call timer_start
    call nc, sub_ret
    call nc, sub_ret
    call nc, sub_ret
    call nc, sub_ret
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 10
    db "CALL NC,a16+RET TAKEN", 0
    call setup_regs
    ld de, $0010
    push de
    pop af
    call timer_start
    call nc, sub_ret
    call nc, sub_ret
    call nc, sub_ret
    call nc, sub_ret
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 3
    db "CALL NC,a16 NOT", 0
    call setup_regs
    call timer_start
    push de
    push de
    push de
    push de
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 4
    db "PUSH DE", 0
    call setup_regs
    call timer_start
    sub a, $00
    sub a, $00
    sub a, $00
    sub a, $00
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 2
    db "SUB A,n8", 0
    call setup_regs
    call timer_start
    rst $10
    rst $10
    rst $10
    rst $10
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 8
    db "RST $10+RET", 0
    call setup_regs
    ld de, $0010
    push de
    pop af
    call timer_start
    call sub_ret_c
    call sub_ret_c
    call sub_ret_c
    call sub_ret_c
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 11
    db "CALL+RET C TAKEN", 0
    call setup_regs
    ld de, $0000
    push de
    pop af
    call timer_start
    ret c
    ret c
    ret c
    ret c
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 2
    db "RET C NOT", 0
    call setup_regs
    call timer_start
    call sub_reti
    call sub_reti
    call sub_reti
    call sub_reti
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 10
    db "CALL+RETI", 0
    call setup_regs
    ld de, $0010
    push de
    pop af
    call timer_start
    jp c, @ + 3
    jp c, @ + 3
    jp c, @ + 3
    jp c, @ + 3
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 4
    db "JP C,a16 TAKEN", 0
    call setup_regs
    ld de, $0000
    push de
    pop af
    call timer_start
    jp c, @ + 3
    jp c, @ + 3
    jp c, @ + 3
    jp c, @ + 3
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 3
    db "JP C,a16 NOT", 0
    call setup_regs
    ld de, $0010
    push de
    pop af
    call timer_start
    call c, sub_ret
    call c, sub_ret
    call c, sub_ret
    call c, sub_ret
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 10
    db "CALL C,a16+RET TAKEN", 0
    call setup_regs
    ld de, $0000
    push de
    pop af
    call timer_start
    call c, sub_ret
    call c, sub_ret
    call c, sub_ret
    call c, sub_ret
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 3
    db "CALL C,a16 NOT", 0
    call setup_regs
    call timer_start
    sbc a, $00
    sbc a, $00
    sbc a, $00
    sbc a, $00
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 2
    db "SBC A,n8", 0
    call setup_regs
    call timer_start
    rst $18
    rst $18
    rst $18
    rst $18
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 8
    db "RST $18+RET", 0
    call setup_regs
    call timer_start
    ldh [$ff80], a
    ldh [$ff80], a
    ldh [$ff80], a
    ldh [$ff80], a
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 3
    db "LDH [a8],A", 0
    call setup_regs
    call timer_start
    pop hl
    pop hl
    pop hl
    pop hl
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 3
    db "POP HL", 0
    call setup_regs
    call timer_start
    ldh [c], a
    ldh [c], a
    ldh [c], a
    ldh [c], a
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 2
    db "LDH [C],A", 0
    call setup_regs
    call timer_start
    push hl
    push hl
    push hl
    push hl
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 4
    db "PUSH HL", 0
    call setup_regs
    call timer_start
    and a, $00
    and a, $00
    and a, $00
    and a, $00
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 2
    db "AND A,n8", 0
    call setup_regs
    call timer_start
    rst $20
    rst $20
    rst $20
    rst $20
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 8
    db "RST $20+RET", 0
    call setup_regs
    call timer_start
    add sp, 0
    add sp, 0
    add sp, 0
    add sp, 0
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 4
    db "ADD SP,e8", 0
    call setup_regs
    call timer_start
    ld hl, @ + 4
    jp hl
    ld hl, @ + 4
    jp hl
    ld hl, @ + 4
    jp hl
    ld hl, @ + 4
    jp hl
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 4
    db "LD HL,n16+JP HL", 0
    call setup_regs
    call timer_start
    ld [$c400], a
    ld [$c400], a
    ld [$c400], a
    ld [$c400], a
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 4
    db "LD [a16],A", 0
    call setup_regs
    call timer_start
    xor a, $00
    xor a, $00
    xor a, $00
    xor a, $00
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 2
    db "XOR A,n8", 0
    call setup_regs
    call timer_start
    rst $28
    rst $28
    rst $28
    rst $28
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 8
    db "RST $28+RET", 0
    call setup_regs
    call timer_start
    ldh a, [$ff80]
    ldh a, [$ff80]
    ldh a, [$ff80]
    ldh a, [$ff80]
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 3
    db "LDH A,[a8]", 0
    call setup_regs
    call timer_start
    pop af
    pop af
    pop af
    pop af
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 3
    db "POP AF", 0
    call setup_regs
    call timer_start
    ldh a, [c]
    ldh a, [c]
    ldh a, [c]
    ldh a, [c]
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 2
    db "LDH A,[C]", 0
    call setup_regs
    call timer_start
    di
    di
    di
    di
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 1
    db "DI", 0
    call setup_regs
    call timer_start
    push af
    push af
    push af
    push af
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 4
    db "PUSH AF", 0
    call setup_regs
    call timer_start
    or a, $00
    or a, $00
    or a, $00
    or a, $00
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 2
    db "OR A,n8", 0
    call setup_regs
    call timer_start
    rst $30
    rst $30
    rst $30
    rst $30
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 8
    db "RST $30+RET", 0
    call setup_regs
    call timer_start
    ld hl, sp + 0
    ld hl, sp + 0
    ld hl, sp + 0
    ld hl, sp + 0
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 3
    db "LD HL,SP+e8", 0
    call setup_regs
    call timer_start
    ld sp, hl
    ld sp, hl
    ld sp, hl
    ld sp, hl
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 2
    db "LD SP,HL", 0
    call setup_regs
    call timer_start
    ld a, [$c400]
    ld a, [$c400]
    ld a, [$c400]
    ld a, [$c400]
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 4
    db "LD A,[a16]", 0
    call setup_regs
    call timer_start
    ei
    ei
    ei
    ei
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 1
    db "EI", 0
    call setup_regs
    call timer_start
    cp a, $00
    cp a, $00
    cp a, $00
    cp a, $00
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 2
    db "CP A,n8", 0
    call setup_regs
    call timer_start
    rst $38
    rst $38
    rst $38
    rst $38
    ldh a, [rTIMA]
    ld sp, $DFF0
    call check_time
    db 8
    db "RST $38+RET", 0
    call print_inline
    db "\n", 0
    jp test_done
