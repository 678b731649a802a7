; Interrupt, HALT and timer test: dispatch to the five vectors in priority order, EI's one-instruction delay,
; EI then DI, HALT woken with IME=0 (no dispatch), the HALT bug, the TIMA overflow reload from TMA, the extra
; TIMA tick when a DIV write lands while the selected counter bit is 1, the LYC=LY STAT interrupt and VBlank at
; LY=144. Expected values follow Pan Docs ("Interrupts", "halt", "Timer Obscure Behaviour", "STAT").
; Reports on serial and screen, ending with "Passed" or "Failed".
INCLUDE "header.inc"
INCLUDE "testlib.inc"

    cart_header "CPU INTERRUPTS", $00, $00, $00

SECTION "vectors", ROM0[$0040]
    push af
    ld a, 0
    jp record           ; $40 VBlank
    ds 2
    push af
    ld a, 1
    jp record           ; $48 STAT
    ds 2
    push af
    ld a, 2
    jp record           ; $50 Timer
    ds 2
    push af
    ld a, 3
    jp record           ; $58 Serial
    ds 2
    push af
    ld a, 4
    jp record           ; $60 Joypad

SECTION "vars", WRAM0[$C000]
log_count: ds 1
log:       ds 16        ; per interrupt: its number, LY, B

; check value: compares A with the value and prints the name that follows on failure.
MACRO check
    call check_a
    db \1
ENDM

SECTION "record", ROM0[$0800]
; Appends the interrupt's number (A), LY and B to the log.
record:
    push hl
    push de
    ld d, a
    ld a, [log_count]
    ld e, a
    add a, a
    add a, e            ; 3 bytes per entry
    ld hl, log
    add a, l
    ld l, a
    ld [hl], d
    inc hl
    ldh a, [rLY]
    ld [hl+], a
    ld [hl], b
    ld a, e
    inc a
    ld [log_count], a
    pop de
    pop hl
    pop af
    reti

SECTION "main", ROMX[$4000]
entry:
    di
    ld sp, $DFF0
    call test_init
    call print_inline
    db "CPU INTERRUPTS\n", 0

    ; 1. All five requested at once with IME=1: taken in order VBlank, STAT, Timer, Serial, Joypad.
    call clear_log
    ld a, $1F
    ldh [rIE], a
    ldh [rIF], a
    ei
    nop
    di
    ld a, [log_count]
    check 5
    db "PRIORITY COUNT", 0
    ld a, [log]
    check 0
    db "FIRST VBLANK", 0
    ld a, [log + 3]
    check 1
    db "THEN STAT", 0
    ld a, [log + 12]
    check 4
    db "LAST JOYPAD", 0
    ldh a, [rIF]
    check $E0
    db "IF CLEARED", 0

    ; 2. EI enables after the next instruction: B is 1 when the interrupt is taken.
    call clear_log
    ld a, IE_TIMER
    ldh [rIE], a
    ldh [rIF], a
    ld b, 0
    ei
    inc b
    inc b
    di
    ld a, [log + 2]
    check 1
    db "EI DELAY", 0

    ; 3. EI immediately followed by DI takes no interrupt.
    call clear_log
    ld a, IE_TIMER
    ldh [rIF], a
    ei
    di
    nop
    ld a, [log_count]
    check 0
    db "EI DI", 0

    ; 4. HALT with IME=0 is left when the timer requests, without dispatch.
    call clear_log
    xor a
    ldh [rIF], a
    ld a, $F0
    ldh [rTIMA], a
    ld a, $05
    ldh [rTAC], a
    halt
    nop
    ldh a, [rIF]
    and IE_TIMER
    check IE_TIMER
    db "HALT WAKES", 0
    ld a, [log_count]
    check 0
    db "HALT NO DISPATCH", 0
    xor a
    ldh [rTAC], a

    ; 5. HALT bug: IME=0 and an interrupt already pending: the byte after HALT runs twice.
    ld a, IE_TIMER
    ldh [rIF], a
    xor a
    halt
    inc a
    check 2
    db "HALT BUG", 0

    ; 6. TIMA overflow: TIMA = TMA one M-cycle later, and the Timer interrupt is requested.
    xor a
    ldh [rIF], a
    ld a, $AB
    ldh [rTMA], a
    ld a, $FF
    ldh [rTIMA], a
    ld a, $04           ; 4096 Hz: one tick per 1024 T-cycles
    ldh [rTAC], a
    ldh [rDIV], a       ; the next tick is 1024 T-cycles away
    ld b, 100           ; 100 × 16 T-cycles: past the overflow, before the next tick
.wait6:
    dec b
    jr nz, .wait6
    ldh a, [rTIMA]
    check $AB
    db "TIMA RELOAD", 0
    ldh a, [rIF]
    and IE_TIMER
    check IE_TIMER
    db "TIMA IRQ", 0

    ; 7. A DIV write while the selected bit (bit 3 at 262144 Hz) is 1 is a falling edge: TIMA counts it.
    ld a, $05
    ldh [rTAC], a
    xor a
    ldh [rDIV], a       ; counter = 0
    ldh [rTIMA], a      ; counter = 12: TIMA = 0
    ldh [rDIV], a       ; counter = 24: TIMA ticked at 16, and bit 3 of 24 is 1: one more
    ldh a, [rTIMA]      ; counter = 12 again: no tick since
    check 2
    db "DIV WRITE EDGE", 0
    xor a
    ldh [rTAC], a

    ; 8. The LYC=LY STAT interrupt arrives on line 10; VBlank on line 144.
    call clear_log
    ld a, 10
    ldh [rLYC], a
    ld a, STAT_LYC
    ldh [rSTAT], a
    ld a, LCDC_ON | LCDC_TILES_8000 | LCDC_BG_ON
    ldh [rLCDC], a
    xor a
    ldh [rIF], a
    ld a, IE_STAT | IE_VBLANK
    ldh [rIE], a
    ei
.wait8:
    ld a, [log_count]
    cp 2
    jr c, .wait8
    di
    ld a, [log]
    check 1
    db "STAT FIRST", 0
    ld a, [log + 1]
    check 10
    db "STAT ON LYC", 0
    ld a, [log + 3]
    check 0
    db "THEN VBLANK", 0
    ld a, [log + 4]
    check 144
    db "VBLANK LY", 0
    call lcd_off

    call print_inline
    db "\n", 0
    jp test_done

clear_log:
    xor a
    ld [log_count], a
    ld hl, log
    ld b, 16
.loop:
    ld [hl+], a
    dec b
    jr nz, .loop
    ret

; Compares A with the byte after the call; on failure prints the name that follows it, got and expected.
check_a:
    pop hl
    push af
    call count_check
    pop af
    ld d, a
    ld a, [hl+]
    ld e, a
    cp d
    jr nz, .fail
.skip:
    ld a, [hl+]
    or a
    jr nz, .skip
    jp hl
.fail:
    call count_failure
    call print_str
    push hl
    call print_inline
    db " GOT ", 0
    ld a, d
    call print_hex
    call print_inline
    db " WANT ", 0
    ld a, e
    call print_hex
    call print_inline
    db "\n", 0
    pop hl
    jp hl
