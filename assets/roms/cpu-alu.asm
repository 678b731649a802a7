; Instruction test: 8-bit ALU, DAA, rotates, BIT/RES/SET and 16-bit additions.
; Each check loads A, F and B, runs one instruction and compares A and F with the value Pan Docs' rules give
; (literals written by scripts/gen-test-roms.ts). A failing check prints its address, the value it got and the
; one expected. Reports on serial and screen, ending with "Passed" or "Failed".
INCLUDE "header.inc"
INCLUDE "testlib.inc"
INCLUDE "alu-checks.inc"

    cart_header "CPU ALU", $00, $00, $00

SECTION "main", ROMX[$4000]
entry:
    di
    ld sp, $DFF0
    call test_init
    call print_inline
    db "CPU ALU\n", 0

    call print_inline
    db "ADD ", 0
    setup $00, $00, $10
    add a, b
    expect $10, $00
    setup $00, $00, $C6
    add a, b
    expect $C6, $00
    setup $01, $00, $09
    add a, b
    expect $0A, $00
    setup $01, $00, $F0
    add a, b
    expect $F1, $00
    setup $0F, $00, $01
    add a, b
    expect $10, $20
    setup $10, $00, $A5
    add a, b
    expect $B5, $00
    setup $7F, $00, $F0
    add a, b
    expect $6F, $10
    setup $7F, $00, $7F
    add a, b
    expect $FE, $20
    setup $80, $00, $FF
    add a, b
    expect $7F, $10
    setup $80, $00, $91
    add a, b
    expect $11, $10
    setup $FF, $00, $A5
    add a, b
    expect $A4, $30
    setup $3A, $00, $99
    add a, b
    expect $D3, $20
    setup $C6, $00, $91
    add a, b
    expect $57, $10
    setup $C6, $00, $00
    add a, b
    expect $C6, $00
    setup $99, $00, $0F
    add a, b
    expect $A8, $20
    setup $99, $00, $3A
    add a, b
    expect $D3, $20
    setup $09, $00, $99
    add a, b
    expect $A2, $20
    setup $91, $00, $80
    add a, b
    expect $11, $10
    setup $5A, $00, $3A
    add a, b
    expect $94, $20
    setup $5A, $00, $5A
    add a, b
    expect $B4, $20
    setup $A5, $00, $08
    add a, b
    expect $AD, $00
    setup $A5, $00, $10
    add a, b
    expect $B5, $00
    setup $08, $00, $80
    add a, b
    expect $88, $00
    setup $F0, $00, $01
    add a, b
    expect $F1, $00
    setup $00, $F0, $10
    add a, b
    expect $10, $00
    setup $00, $F0, $C6
    add a, b
    expect $C6, $00
    setup $01, $F0, $09
    add a, b
    expect $0A, $00
    setup $01, $F0, $F0
    add a, b
    expect $F1, $00
    setup $0F, $F0, $01
    add a, b
    expect $10, $20
    setup $10, $F0, $A5
    add a, b
    expect $B5, $00

    call print_inline
    db "ADC ", 0
    setup $00, $00, $10
    adc a, b
    expect $10, $00
    setup $00, $10, $C6
    adc a, b
    expect $C7, $00
    setup $01, $00, $09
    adc a, b
    expect $0A, $00
    setup $01, $10, $F0
    adc a, b
    expect $F2, $00
    setup $0F, $00, $01
    adc a, b
    expect $10, $20
    setup $10, $10, $A5
    adc a, b
    expect $B6, $00
    setup $7F, $00, $F0
    adc a, b
    expect $6F, $10
    setup $7F, $10, $7F
    adc a, b
    expect $FF, $20
    setup $80, $00, $FF
    adc a, b
    expect $7F, $10
    setup $80, $10, $91
    adc a, b
    expect $12, $10
    setup $FF, $00, $A5
    adc a, b
    expect $A4, $30
    setup $3A, $10, $99
    adc a, b
    expect $D4, $20
    setup $C6, $00, $91
    adc a, b
    expect $57, $10
    setup $C6, $10, $00
    adc a, b
    expect $C7, $00
    setup $99, $00, $0F
    adc a, b
    expect $A8, $20
    setup $99, $10, $3A
    adc a, b
    expect $D4, $20
    setup $09, $00, $99
    adc a, b
    expect $A2, $20
    setup $91, $10, $80
    adc a, b
    expect $12, $10
    setup $5A, $00, $3A
    adc a, b
    expect $94, $20
    setup $5A, $10, $5A
    adc a, b
    expect $B5, $20
    setup $A5, $00, $08
    adc a, b
    expect $AD, $00
    setup $A5, $10, $10
    adc a, b
    expect $B6, $00
    setup $08, $00, $80
    adc a, b
    expect $88, $00
    setup $F0, $10, $01
    adc a, b
    expect $F2, $00

    call print_inline
    db "SUB ", 0
    setup $00, $00, $10
    sub a, b
    expect $F0, $50
    setup $00, $00, $C6
    sub a, b
    expect $3A, $70
    setup $01, $00, $09
    sub a, b
    expect $F8, $70
    setup $01, $00, $F0
    sub a, b
    expect $11, $50
    setup $0F, $00, $01
    sub a, b
    expect $0E, $40
    setup $10, $00, $A5
    sub a, b
    expect $6B, $70
    setup $7F, $00, $F0
    sub a, b
    expect $8F, $50
    setup $7F, $00, $7F
    sub a, b
    expect $00, $C0
    setup $80, $00, $FF
    sub a, b
    expect $81, $70
    setup $80, $00, $91
    sub a, b
    expect $EF, $70
    setup $FF, $00, $A5
    sub a, b
    expect $5A, $40
    setup $3A, $00, $99
    sub a, b
    expect $A1, $50
    setup $C6, $00, $91
    sub a, b
    expect $35, $40
    setup $C6, $00, $00
    sub a, b
    expect $C6, $40
    setup $99, $00, $0F
    sub a, b
    expect $8A, $60
    setup $99, $00, $3A
    sub a, b
    expect $5F, $60
    setup $09, $00, $99
    sub a, b
    expect $70, $50
    setup $91, $00, $80
    sub a, b
    expect $11, $40
    setup $5A, $00, $3A
    sub a, b
    expect $20, $40
    setup $5A, $00, $5A
    sub a, b
    expect $00, $C0
    setup $A5, $00, $08
    sub a, b
    expect $9D, $60
    setup $A5, $00, $10
    sub a, b
    expect $95, $40
    setup $08, $00, $80
    sub a, b
    expect $88, $50
    setup $F0, $00, $01
    sub a, b
    expect $EF, $60

    call print_inline
    db "SBC ", 0
    setup $00, $00, $10
    sbc a, b
    expect $F0, $50
    setup $00, $00, $C6
    sbc a, b
    expect $3A, $70
    setup $01, $10, $09
    sbc a, b
    expect $F7, $70
    setup $01, $10, $F0
    sbc a, b
    expect $10, $50
    setup $0F, $00, $01
    sbc a, b
    expect $0E, $40
    setup $10, $00, $A5
    sbc a, b
    expect $6B, $70
    setup $7F, $10, $F0
    sbc a, b
    expect $8E, $50
    setup $7F, $10, $7F
    sbc a, b
    expect $FF, $70
    setup $80, $00, $FF
    sbc a, b
    expect $81, $70
    setup $80, $00, $91
    sbc a, b
    expect $EF, $70
    setup $FF, $10, $A5
    sbc a, b
    expect $59, $40
    setup $3A, $10, $99
    sbc a, b
    expect $A0, $50
    setup $C6, $00, $91
    sbc a, b
    expect $35, $40
    setup $C6, $00, $00
    sbc a, b
    expect $C6, $40
    setup $99, $10, $0F
    sbc a, b
    expect $89, $60
    setup $99, $10, $3A
    sbc a, b
    expect $5E, $60
    setup $09, $00, $99
    sbc a, b
    expect $70, $50
    setup $91, $00, $80
    sbc a, b
    expect $11, $40
    setup $5A, $10, $3A
    sbc a, b
    expect $1F, $60
    setup $5A, $10, $5A
    sbc a, b
    expect $FF, $70
    setup $A5, $00, $08
    sbc a, b
    expect $9D, $60
    setup $A5, $00, $10
    sbc a, b
    expect $95, $40
    setup $08, $10, $80
    sbc a, b
    expect $87, $50
    setup $F0, $10, $01
    sbc a, b
    expect $EE, $60

    call print_inline
    db "CP ", 0
    setup $00, $00, $10
    cp a, b
    expect $00, $50
    setup $00, $00, $C6
    cp a, b
    expect $00, $70
    setup $01, $00, $09
    cp a, b
    expect $01, $70
    setup $01, $00, $F0
    cp a, b
    expect $01, $50
    setup $0F, $00, $01
    cp a, b
    expect $0F, $40
    setup $10, $00, $A5
    cp a, b
    expect $10, $70
    setup $7F, $00, $F0
    cp a, b
    expect $7F, $50
    setup $7F, $00, $7F
    cp a, b
    expect $7F, $C0
    setup $80, $00, $FF
    cp a, b
    expect $80, $70
    setup $80, $00, $91
    cp a, b
    expect $80, $70
    setup $FF, $00, $A5
    cp a, b
    expect $FF, $40
    setup $3A, $00, $99
    cp a, b
    expect $3A, $50
    setup $C6, $00, $91
    cp a, b
    expect $C6, $40
    setup $C6, $00, $00
    cp a, b
    expect $C6, $40
    setup $99, $00, $0F
    cp a, b
    expect $99, $60
    setup $99, $00, $3A
    cp a, b
    expect $99, $60
    setup $09, $00, $99
    cp a, b
    expect $09, $50
    setup $91, $00, $80
    cp a, b
    expect $91, $40
    setup $5A, $00, $3A
    cp a, b
    expect $5A, $40
    setup $5A, $00, $5A
    cp a, b
    expect $5A, $C0
    setup $A5, $00, $08
    cp a, b
    expect $A5, $60
    setup $A5, $00, $10
    cp a, b
    expect $A5, $40
    setup $08, $00, $80
    cp a, b
    expect $08, $50
    setup $F0, $00, $01
    cp a, b
    expect $F0, $60

    call print_inline
    db "AND ", 0
    setup $00, $00, $10
    and a, b
    expect $00, $A0
    setup $00, $00, $C6
    and a, b
    expect $00, $A0
    setup $01, $F0, $09
    and a, b
    expect $01, $20
    setup $01, $F0, $F0
    and a, b
    expect $00, $A0
    setup $0F, $F0, $01
    and a, b
    expect $01, $20
    setup $10, $00, $A5
    and a, b
    expect $00, $A0
    setup $7F, $F0, $F0
    and a, b
    expect $70, $20
    setup $7F, $F0, $7F
    and a, b
    expect $7F, $20
    setup $80, $00, $FF
    and a, b
    expect $80, $20
    setup $80, $00, $91
    and a, b
    expect $80, $20
    setup $FF, $F0, $A5
    and a, b
    expect $A5, $20
    setup $3A, $00, $99
    and a, b
    expect $18, $20
    setup $C6, $00, $91
    and a, b
    expect $80, $20
    setup $C6, $00, $00
    and a, b
    expect $00, $A0
    setup $99, $F0, $0F
    and a, b
    expect $09, $20
    setup $99, $F0, $3A
    and a, b
    expect $18, $20
    setup $09, $F0, $99
    and a, b
    expect $09, $20
    setup $91, $F0, $80
    and a, b
    expect $80, $20
    setup $5A, $00, $3A
    and a, b
    expect $1A, $20
    setup $5A, $00, $5A
    and a, b
    expect $5A, $20
    setup $A5, $F0, $08
    and a, b
    expect $00, $A0
    setup $A5, $F0, $10
    and a, b
    expect $00, $A0
    setup $08, $00, $80
    and a, b
    expect $00, $A0
    setup $F0, $00, $01
    and a, b
    expect $00, $A0

    call print_inline
    db "XOR ", 0
    setup $00, $F0, $10
    xor a, b
    expect $10, $00
    setup $00, $F0, $C6
    xor a, b
    expect $C6, $00
    setup $01, $F0, $09
    xor a, b
    expect $08, $00
    setup $01, $F0, $F0
    xor a, b
    expect $F1, $00
    setup $0F, $F0, $01
    xor a, b
    expect $0E, $00
    setup $10, $F0, $A5
    xor a, b
    expect $B5, $00
    setup $7F, $F0, $F0
    xor a, b
    expect $8F, $00
    setup $7F, $F0, $7F
    xor a, b
    expect $00, $80
    setup $80, $F0, $FF
    xor a, b
    expect $7F, $00
    setup $80, $F0, $91
    xor a, b
    expect $11, $00
    setup $FF, $F0, $A5
    xor a, b
    expect $5A, $00
    setup $3A, $F0, $99
    xor a, b
    expect $A3, $00
    setup $C6, $F0, $91
    xor a, b
    expect $57, $00
    setup $C6, $F0, $00
    xor a, b
    expect $C6, $00
    setup $99, $F0, $0F
    xor a, b
    expect $96, $00
    setup $99, $F0, $3A
    xor a, b
    expect $A3, $00
    setup $09, $F0, $99
    xor a, b
    expect $90, $00
    setup $91, $F0, $80
    xor a, b
    expect $11, $00
    setup $5A, $F0, $3A
    xor a, b
    expect $60, $00
    setup $5A, $F0, $5A
    xor a, b
    expect $00, $80
    setup $A5, $F0, $08
    xor a, b
    expect $AD, $00
    setup $A5, $F0, $10
    xor a, b
    expect $B5, $00
    setup $08, $F0, $80
    xor a, b
    expect $88, $00
    setup $F0, $F0, $01
    xor a, b
    expect $F1, $00

    call print_inline
    db "OR ", 0
    setup $00, $F0, $10
    or a, b
    expect $10, $00
    setup $00, $F0, $C6
    or a, b
    expect $C6, $00
    setup $01, $F0, $09
    or a, b
    expect $09, $00
    setup $01, $F0, $F0
    or a, b
    expect $F1, $00
    setup $0F, $F0, $01
    or a, b
    expect $0F, $00
    setup $10, $F0, $A5
    or a, b
    expect $B5, $00
    setup $7F, $F0, $F0
    or a, b
    expect $FF, $00
    setup $7F, $F0, $7F
    or a, b
    expect $7F, $00
    setup $80, $F0, $FF
    or a, b
    expect $FF, $00
    setup $80, $F0, $91
    or a, b
    expect $91, $00
    setup $FF, $F0, $A5
    or a, b
    expect $FF, $00
    setup $3A, $F0, $99
    or a, b
    expect $BB, $00
    setup $C6, $F0, $91
    or a, b
    expect $D7, $00
    setup $C6, $F0, $00
    or a, b
    expect $C6, $00
    setup $99, $F0, $0F
    or a, b
    expect $9F, $00
    setup $99, $F0, $3A
    or a, b
    expect $BB, $00
    setup $09, $F0, $99
    or a, b
    expect $99, $00
    setup $91, $F0, $80
    or a, b
    expect $91, $00
    setup $5A, $F0, $3A
    or a, b
    expect $7A, $00
    setup $5A, $F0, $5A
    or a, b
    expect $5A, $00
    setup $A5, $F0, $08
    or a, b
    expect $AD, $00
    setup $A5, $F0, $10
    or a, b
    expect $B5, $00
    setup $08, $F0, $80
    or a, b
    expect $88, $00
    setup $F0, $F0, $01
    or a, b
    expect $F1, $00

    call print_inline
    db "INC ", 0
    setup $00, $00, $00
    inc a
    expect $01, $00
    setup $00, $F0, $00
    inc a
    expect $01, $10
    setup $01, $00, $00
    inc a
    expect $02, $00
    setup $01, $F0, $00
    inc a
    expect $02, $10
    setup $0F, $00, $00
    inc a
    expect $10, $20
    setup $0F, $F0, $00
    inc a
    expect $10, $30
    setup $10, $00, $00
    inc a
    expect $11, $00
    setup $10, $F0, $00
    inc a
    expect $11, $10
    setup $7F, $00, $00
    inc a
    expect $80, $20
    setup $7F, $F0, $00
    inc a
    expect $80, $30
    setup $80, $00, $00
    inc a
    expect $81, $00
    setup $80, $F0, $00
    inc a
    expect $81, $10
    setup $FF, $00, $00
    inc a
    expect $00, $A0
    setup $FF, $F0, $00
    inc a
    expect $00, $B0
    setup $3A, $00, $00
    inc a
    expect $3B, $00
    setup $3A, $F0, $00
    inc a
    expect $3B, $10
    setup $C6, $00, $00
    inc a
    expect $C7, $00
    setup $C6, $F0, $00
    inc a
    expect $C7, $10
    setup $99, $00, $00
    inc a
    expect $9A, $00
    setup $99, $F0, $00
    inc a
    expect $9A, $10
    setup $09, $00, $00
    inc a
    expect $0A, $00
    setup $09, $F0, $00
    inc a
    expect $0A, $10
    setup $91, $00, $00
    inc a
    expect $92, $00
    setup $91, $F0, $00
    inc a
    expect $92, $10
    setup $5A, $00, $00
    inc a
    expect $5B, $00
    setup $5A, $F0, $00
    inc a
    expect $5B, $10
    setup $A5, $00, $00
    inc a
    expect $A6, $00
    setup $A5, $F0, $00
    inc a
    expect $A6, $10
    setup $08, $00, $00
    inc a
    expect $09, $00
    setup $08, $F0, $00
    inc a
    expect $09, $10
    setup $F0, $00, $00
    inc a
    expect $F1, $00
    setup $F0, $F0, $00
    inc a
    expect $F1, $10

    call print_inline
    db "DEC ", 0
    setup $00, $00, $00
    dec a
    expect $FF, $60
    setup $00, $F0, $00
    dec a
    expect $FF, $70
    setup $01, $00, $00
    dec a
    expect $00, $C0
    setup $01, $F0, $00
    dec a
    expect $00, $D0
    setup $0F, $00, $00
    dec a
    expect $0E, $40
    setup $0F, $F0, $00
    dec a
    expect $0E, $50
    setup $10, $00, $00
    dec a
    expect $0F, $60
    setup $10, $F0, $00
    dec a
    expect $0F, $70
    setup $7F, $00, $00
    dec a
    expect $7E, $40
    setup $7F, $F0, $00
    dec a
    expect $7E, $50
    setup $80, $00, $00
    dec a
    expect $7F, $60
    setup $80, $F0, $00
    dec a
    expect $7F, $70
    setup $FF, $00, $00
    dec a
    expect $FE, $40
    setup $FF, $F0, $00
    dec a
    expect $FE, $50
    setup $3A, $00, $00
    dec a
    expect $39, $40
    setup $3A, $F0, $00
    dec a
    expect $39, $50
    setup $C6, $00, $00
    dec a
    expect $C5, $40
    setup $C6, $F0, $00
    dec a
    expect $C5, $50
    setup $99, $00, $00
    dec a
    expect $98, $40
    setup $99, $F0, $00
    dec a
    expect $98, $50
    setup $09, $00, $00
    dec a
    expect $08, $40
    setup $09, $F0, $00
    dec a
    expect $08, $50
    setup $91, $00, $00
    dec a
    expect $90, $40
    setup $91, $F0, $00
    dec a
    expect $90, $50
    setup $5A, $00, $00
    dec a
    expect $59, $40
    setup $5A, $F0, $00
    dec a
    expect $59, $50
    setup $A5, $00, $00
    dec a
    expect $A4, $40
    setup $A5, $F0, $00
    dec a
    expect $A4, $50
    setup $08, $00, $00
    dec a
    expect $07, $40
    setup $08, $F0, $00
    dec a
    expect $07, $50
    setup $F0, $00, $00
    dec a
    expect $EF, $60
    setup $F0, $F0, $00
    dec a
    expect $EF, $70

    call print_inline
    db "DAA ", 0
    setup $00, $00, $00
    daa
    expect $00, $80
    setup $00, $20, $00
    daa
    expect $06, $00
    setup $00, $10, $00
    daa
    expect $60, $10
    setup $00, $30, $00
    daa
    expect $66, $10
    setup $00, $40, $00
    daa
    expect $00, $C0
    setup $00, $60, $00
    daa
    expect $FA, $40
    setup $00, $50, $00
    daa
    expect $A0, $50
    setup $00, $70, $00
    daa
    expect $9A, $50
    setup $09, $00, $00
    daa
    expect $09, $00
    setup $09, $20, $00
    daa
    expect $0F, $00
    setup $09, $10, $00
    daa
    expect $69, $10
    setup $09, $30, $00
    daa
    expect $6F, $10
    setup $09, $40, $00
    daa
    expect $09, $40
    setup $09, $60, $00
    daa
    expect $03, $40
    setup $09, $50, $00
    daa
    expect $A9, $50
    setup $09, $70, $00
    daa
    expect $A3, $50
    setup $0A, $00, $00
    daa
    expect $10, $00
    setup $0A, $20, $00
    daa
    expect $10, $00
    setup $0A, $10, $00
    daa
    expect $70, $10
    setup $0A, $30, $00
    daa
    expect $70, $10
    setup $0A, $40, $00
    daa
    expect $0A, $40
    setup $0A, $60, $00
    daa
    expect $04, $40
    setup $0A, $50, $00
    daa
    expect $AA, $50
    setup $0A, $70, $00
    daa
    expect $A4, $50
    setup $0F, $00, $00
    daa
    expect $15, $00
    setup $0F, $20, $00
    daa
    expect $15, $00
    setup $0F, $10, $00
    daa
    expect $75, $10
    setup $0F, $30, $00
    daa
    expect $75, $10
    setup $0F, $40, $00
    daa
    expect $0F, $40
    setup $0F, $60, $00
    daa
    expect $09, $40
    setup $0F, $50, $00
    daa
    expect $AF, $50
    setup $0F, $70, $00
    daa
    expect $A9, $50
    setup $10, $00, $00
    daa
    expect $10, $00
    setup $10, $20, $00
    daa
    expect $16, $00
    setup $10, $10, $00
    daa
    expect $70, $10
    setup $10, $30, $00
    daa
    expect $76, $10
    setup $10, $40, $00
    daa
    expect $10, $40
    setup $10, $60, $00
    daa
    expect $0A, $40
    setup $10, $50, $00
    daa
    expect $B0, $50
    setup $10, $70, $00
    daa
    expect $AA, $50
    setup $42, $00, $00
    daa
    expect $42, $00
    setup $42, $20, $00
    daa
    expect $48, $00
    setup $42, $10, $00
    daa
    expect $A2, $10
    setup $42, $30, $00
    daa
    expect $A8, $10
    setup $42, $40, $00
    daa
    expect $42, $40
    setup $42, $60, $00
    daa
    expect $3C, $40
    setup $42, $50, $00
    daa
    expect $E2, $50
    setup $42, $70, $00
    daa
    expect $DC, $50
    setup $99, $00, $00
    daa
    expect $99, $00
    setup $99, $20, $00
    daa
    expect $9F, $00
    setup $99, $10, $00
    daa
    expect $F9, $10
    setup $99, $30, $00
    daa
    expect $FF, $10
    setup $99, $40, $00
    daa
    expect $99, $40
    setup $99, $60, $00
    daa
    expect $93, $40
    setup $99, $50, $00
    daa
    expect $39, $50
    setup $99, $70, $00
    daa
    expect $33, $50
    setup $9A, $00, $00
    daa
    expect $00, $90
    setup $9A, $20, $00
    daa
    expect $00, $90
    setup $9A, $10, $00
    daa
    expect $00, $90
    setup $9A, $30, $00
    daa
    expect $00, $90
    setup $9A, $40, $00
    daa
    expect $9A, $40
    setup $9A, $60, $00
    daa
    expect $94, $40
    setup $9A, $50, $00
    daa
    expect $3A, $50
    setup $9A, $70, $00
    daa
    expect $34, $50
    setup $A0, $00, $00
    daa
    expect $00, $90
    setup $A0, $20, $00
    daa
    expect $06, $10
    setup $A0, $10, $00
    daa
    expect $00, $90
    setup $A0, $30, $00
    daa
    expect $06, $10
    setup $A0, $40, $00
    daa
    expect $A0, $40
    setup $A0, $60, $00
    daa
    expect $9A, $40
    setup $A0, $50, $00
    daa
    expect $40, $50
    setup $A0, $70, $00
    daa
    expect $3A, $50
    setup $FA, $00, $00
    daa
    expect $60, $10
    setup $FA, $20, $00
    daa
    expect $60, $10
    setup $FA, $10, $00
    daa
    expect $60, $10
    setup $FA, $30, $00
    daa
    expect $60, $10
    setup $FA, $40, $00
    daa
    expect $FA, $40
    setup $FA, $60, $00
    daa
    expect $F4, $40
    setup $FA, $50, $00
    daa
    expect $9A, $50
    setup $FA, $70, $00
    daa
    expect $94, $50
    setup $FF, $00, $00
    daa
    expect $65, $10
    setup $FF, $20, $00
    daa
    expect $65, $10
    setup $FF, $10, $00
    daa
    expect $65, $10
    setup $FF, $30, $00
    daa
    expect $65, $10
    setup $FF, $40, $00
    daa
    expect $FF, $40
    setup $FF, $60, $00
    daa
    expect $F9, $40
    setup $FF, $50, $00
    daa
    expect $9F, $50
    setup $FF, $70, $00
    daa
    expect $99, $50
    setup $66, $00, $00
    daa
    expect $66, $00
    setup $66, $20, $00
    daa
    expect $6C, $00
    setup $66, $10, $00
    daa
    expect $C6, $10
    setup $66, $30, $00
    daa
    expect $CC, $10
    setup $66, $40, $00
    daa
    expect $66, $40
    setup $66, $60, $00
    daa
    expect $60, $40
    setup $66, $50, $00
    daa
    expect $06, $50
    setup $66, $70, $00
    daa
    expect $00, $D0
    setup $60, $00, $00
    daa
    expect $60, $00
    setup $60, $20, $00
    daa
    expect $66, $00
    setup $60, $10, $00
    daa
    expect $C0, $10
    setup $60, $30, $00
    daa
    expect $C6, $10
    setup $60, $40, $00
    daa
    expect $60, $40
    setup $60, $60, $00
    daa
    expect $5A, $40
    setup $60, $50, $00
    daa
    expect $00, $D0
    setup $60, $70, $00
    daa
    expect $FA, $50
    setup $06, $00, $00
    daa
    expect $06, $00
    setup $06, $20, $00
    daa
    expect $0C, $00
    setup $06, $10, $00
    daa
    expect $66, $10
    setup $06, $30, $00
    daa
    expect $6C, $10
    setup $06, $40, $00
    daa
    expect $06, $40
    setup $06, $60, $00
    daa
    expect $00, $C0
    setup $06, $50, $00
    daa
    expect $A6, $50
    setup $06, $70, $00
    daa
    expect $A0, $50
    setup $3C, $00, $00
    daa
    expect $42, $00
    setup $3C, $20, $00
    daa
    expect $42, $00
    setup $3C, $10, $00
    daa
    expect $A2, $10
    setup $3C, $30, $00
    daa
    expect $A2, $10
    setup $3C, $40, $00
    daa
    expect $3C, $40
    setup $3C, $60, $00
    daa
    expect $36, $40
    setup $3C, $50, $00
    daa
    expect $DC, $50
    setup $3C, $70, $00
    daa
    expect $D6, $50
    setup $9F, $00, $00
    daa
    expect $05, $10
    setup $9F, $20, $00
    daa
    expect $05, $10
    setup $9F, $10, $00
    daa
    expect $05, $10
    setup $9F, $30, $00
    daa
    expect $05, $10
    setup $9F, $40, $00
    daa
    expect $9F, $40
    setup $9F, $60, $00
    daa
    expect $99, $40
    setup $9F, $50, $00
    daa
    expect $3F, $50
    setup $9F, $70, $00
    daa
    expect $39, $50

    call print_inline
    db "\n", 0

    call print_inline
    db "CPL SCF CCF ", 0
    setup $00, $00, $00
    cpl
    expect $FF, $60
    setup $00, $00, $00
    scf
    expect $00, $10
    setup $00, $00, $00
    ccf
    expect $00, $10
    setup $00, $F0, $00
    cpl
    expect $FF, $F0
    setup $00, $F0, $00
    scf
    expect $00, $90
    setup $00, $F0, $00
    ccf
    expect $00, $80
    setup $00, $90, $00
    cpl
    expect $FF, $F0
    setup $00, $90, $00
    scf
    expect $00, $90
    setup $00, $90, $00
    ccf
    expect $00, $80
    setup $01, $00, $00
    cpl
    expect $FE, $60
    setup $01, $00, $00
    scf
    expect $01, $10
    setup $01, $00, $00
    ccf
    expect $01, $10
    setup $01, $F0, $00
    cpl
    expect $FE, $F0
    setup $01, $F0, $00
    scf
    expect $01, $90
    setup $01, $F0, $00
    ccf
    expect $01, $80
    setup $01, $90, $00
    cpl
    expect $FE, $F0
    setup $01, $90, $00
    scf
    expect $01, $90
    setup $01, $90, $00
    ccf
    expect $01, $80
    setup $0F, $00, $00
    cpl
    expect $F0, $60
    setup $0F, $00, $00
    scf
    expect $0F, $10
    setup $0F, $00, $00
    ccf
    expect $0F, $10
    setup $0F, $F0, $00
    cpl
    expect $F0, $F0
    setup $0F, $F0, $00
    scf
    expect $0F, $90
    setup $0F, $F0, $00
    ccf
    expect $0F, $80
    setup $0F, $90, $00
    cpl
    expect $F0, $F0
    setup $0F, $90, $00
    scf
    expect $0F, $90
    setup $0F, $90, $00
    ccf
    expect $0F, $80
    setup $10, $00, $00
    cpl
    expect $EF, $60
    setup $10, $00, $00
    scf
    expect $10, $10
    setup $10, $00, $00
    ccf
    expect $10, $10
    setup $10, $F0, $00
    cpl
    expect $EF, $F0
    setup $10, $F0, $00
    scf
    expect $10, $90
    setup $10, $F0, $00
    ccf
    expect $10, $80
    setup $10, $90, $00
    cpl
    expect $EF, $F0
    setup $10, $90, $00
    scf
    expect $10, $90
    setup $10, $90, $00
    ccf
    expect $10, $80
    setup $7F, $00, $00
    cpl
    expect $80, $60
    setup $7F, $00, $00
    scf
    expect $7F, $10
    setup $7F, $00, $00
    ccf
    expect $7F, $10
    setup $7F, $F0, $00
    cpl
    expect $80, $F0
    setup $7F, $F0, $00
    scf
    expect $7F, $90
    setup $7F, $F0, $00
    ccf
    expect $7F, $80
    setup $7F, $90, $00
    cpl
    expect $80, $F0
    setup $7F, $90, $00
    scf
    expect $7F, $90
    setup $7F, $90, $00
    ccf
    expect $7F, $80
    setup $80, $00, $00
    cpl
    expect $7F, $60
    setup $80, $00, $00
    scf
    expect $80, $10
    setup $80, $00, $00
    ccf
    expect $80, $10
    setup $80, $F0, $00
    cpl
    expect $7F, $F0
    setup $80, $F0, $00
    scf
    expect $80, $90
    setup $80, $F0, $00
    ccf
    expect $80, $80
    setup $80, $90, $00
    cpl
    expect $7F, $F0
    setup $80, $90, $00
    scf
    expect $80, $90
    setup $80, $90, $00
    ccf
    expect $80, $80
    setup $FF, $00, $00
    cpl
    expect $00, $60
    setup $FF, $00, $00
    scf
    expect $FF, $10
    setup $FF, $00, $00
    ccf
    expect $FF, $10
    setup $FF, $F0, $00
    cpl
    expect $00, $F0
    setup $FF, $F0, $00
    scf
    expect $FF, $90
    setup $FF, $F0, $00
    ccf
    expect $FF, $80
    setup $FF, $90, $00
    cpl
    expect $00, $F0
    setup $FF, $90, $00
    scf
    expect $FF, $90
    setup $FF, $90, $00
    ccf
    expect $FF, $80
    setup $3A, $00, $00
    cpl
    expect $C5, $60
    setup $3A, $00, $00
    scf
    expect $3A, $10
    setup $3A, $00, $00
    ccf
    expect $3A, $10
    setup $3A, $F0, $00
    cpl
    expect $C5, $F0
    setup $3A, $F0, $00
    scf
    expect $3A, $90
    setup $3A, $F0, $00
    ccf
    expect $3A, $80
    setup $3A, $90, $00
    cpl
    expect $C5, $F0
    setup $3A, $90, $00
    scf
    expect $3A, $90
    setup $3A, $90, $00
    ccf
    expect $3A, $80

    call print_inline
    db "ROT ", 0
    setup $00, $00, $00
    rlca
    expect $00, $00
    setup $00, $00, $00
    rrca
    expect $00, $00
    setup $00, $00, $00
    rla
    expect $00, $00
    setup $00, $00, $00
    rra
    expect $00, $00
    setup $00, $00, $00
    rlc a
    expect $00, $80
    setup $00, $00, $00
    rrc a
    expect $00, $80
    setup $00, $00, $00
    rl a
    expect $00, $80
    setup $00, $00, $00
    rr a
    expect $00, $80
    setup $00, $00, $00
    sla a
    expect $00, $80
    setup $00, $00, $00
    sra a
    expect $00, $80
    setup $00, $00, $00
    srl a
    expect $00, $80
    setup $00, $00, $00
    swap a
    expect $00, $80
    setup $00, $F0, $00
    rlca
    expect $00, $00
    setup $00, $F0, $00
    rrca
    expect $00, $00
    setup $00, $F0, $00
    rla
    expect $01, $00
    setup $00, $F0, $00
    rra
    expect $80, $00
    setup $00, $F0, $00
    rlc a
    expect $00, $80
    setup $00, $F0, $00
    rrc a
    expect $00, $80
    setup $00, $F0, $00
    rl a
    expect $01, $00
    setup $00, $F0, $00
    rr a
    expect $80, $00
    setup $00, $F0, $00
    sla a
    expect $00, $80
    setup $00, $F0, $00
    sra a
    expect $00, $80
    setup $00, $F0, $00
    srl a
    expect $00, $80
    setup $00, $F0, $00
    swap a
    expect $00, $80
    setup $01, $00, $00
    rlca
    expect $02, $00
    setup $01, $00, $00
    rrca
    expect $80, $10
    setup $01, $00, $00
    rla
    expect $02, $00
    setup $01, $00, $00
    rra
    expect $00, $10
    setup $01, $00, $00
    rlc a
    expect $02, $00
    setup $01, $00, $00
    rrc a
    expect $80, $10
    setup $01, $00, $00
    rl a
    expect $02, $00
    setup $01, $00, $00
    rr a
    expect $00, $90
    setup $01, $00, $00
    sla a
    expect $02, $00
    setup $01, $00, $00
    sra a
    expect $00, $90
    setup $01, $00, $00
    srl a
    expect $00, $90
    setup $01, $00, $00
    swap a
    expect $10, $00
    setup $01, $F0, $00
    rlca
    expect $02, $00
    setup $01, $F0, $00
    rrca
    expect $80, $10
    setup $01, $F0, $00
    rla
    expect $03, $00
    setup $01, $F0, $00
    rra
    expect $80, $10
    setup $01, $F0, $00
    rlc a
    expect $02, $00
    setup $01, $F0, $00
    rrc a
    expect $80, $10
    setup $01, $F0, $00
    rl a
    expect $03, $00
    setup $01, $F0, $00
    rr a
    expect $80, $10
    setup $01, $F0, $00
    sla a
    expect $02, $00
    setup $01, $F0, $00
    sra a
    expect $00, $90
    setup $01, $F0, $00
    srl a
    expect $00, $90
    setup $01, $F0, $00
    swap a
    expect $10, $00
    setup $0F, $00, $00
    rlca
    expect $1E, $00
    setup $0F, $00, $00
    rrca
    expect $87, $10
    setup $0F, $00, $00
    rla
    expect $1E, $00
    setup $0F, $00, $00
    rra
    expect $07, $10
    setup $0F, $00, $00
    rlc a
    expect $1E, $00
    setup $0F, $00, $00
    rrc a
    expect $87, $10
    setup $0F, $00, $00
    rl a
    expect $1E, $00
    setup $0F, $00, $00
    rr a
    expect $07, $10
    setup $0F, $00, $00
    sla a
    expect $1E, $00
    setup $0F, $00, $00
    sra a
    expect $07, $10
    setup $0F, $00, $00
    srl a
    expect $07, $10
    setup $0F, $00, $00
    swap a
    expect $F0, $00
    setup $0F, $F0, $00
    rlca
    expect $1E, $00
    setup $0F, $F0, $00
    rrca
    expect $87, $10
    setup $0F, $F0, $00
    rla
    expect $1F, $00
    setup $0F, $F0, $00
    rra
    expect $87, $10
    setup $0F, $F0, $00
    rlc a
    expect $1E, $00
    setup $0F, $F0, $00
    rrc a
    expect $87, $10
    setup $0F, $F0, $00
    rl a
    expect $1F, $00
    setup $0F, $F0, $00
    rr a
    expect $87, $10
    setup $0F, $F0, $00
    sla a
    expect $1E, $00
    setup $0F, $F0, $00
    sra a
    expect $07, $10
    setup $0F, $F0, $00
    srl a
    expect $07, $10
    setup $0F, $F0, $00
    swap a
    expect $F0, $00
    setup $10, $00, $00
    rlca
    expect $20, $00
    setup $10, $00, $00
    rrca
    expect $08, $00
    setup $10, $00, $00
    rla
    expect $20, $00
    setup $10, $00, $00
    rra
    expect $08, $00
    setup $10, $00, $00
    rlc a
    expect $20, $00
    setup $10, $00, $00
    rrc a
    expect $08, $00
    setup $10, $00, $00
    rl a
    expect $20, $00
    setup $10, $00, $00
    rr a
    expect $08, $00
    setup $10, $00, $00
    sla a
    expect $20, $00
    setup $10, $00, $00
    sra a
    expect $08, $00
    setup $10, $00, $00
    srl a
    expect $08, $00
    setup $10, $00, $00
    swap a
    expect $01, $00
    setup $10, $F0, $00
    rlca
    expect $20, $00
    setup $10, $F0, $00
    rrca
    expect $08, $00
    setup $10, $F0, $00
    rla
    expect $21, $00
    setup $10, $F0, $00
    rra
    expect $88, $00
    setup $10, $F0, $00
    rlc a
    expect $20, $00
    setup $10, $F0, $00
    rrc a
    expect $08, $00
    setup $10, $F0, $00
    rl a
    expect $21, $00
    setup $10, $F0, $00
    rr a
    expect $88, $00
    setup $10, $F0, $00
    sla a
    expect $20, $00
    setup $10, $F0, $00
    sra a
    expect $08, $00
    setup $10, $F0, $00
    srl a
    expect $08, $00
    setup $10, $F0, $00
    swap a
    expect $01, $00
    setup $7F, $00, $00
    rlca
    expect $FE, $00
    setup $7F, $00, $00
    rrca
    expect $BF, $10
    setup $7F, $00, $00
    rla
    expect $FE, $00
    setup $7F, $00, $00
    rra
    expect $3F, $10
    setup $7F, $00, $00
    rlc a
    expect $FE, $00
    setup $7F, $00, $00
    rrc a
    expect $BF, $10
    setup $7F, $00, $00
    rl a
    expect $FE, $00
    setup $7F, $00, $00
    rr a
    expect $3F, $10
    setup $7F, $00, $00
    sla a
    expect $FE, $00
    setup $7F, $00, $00
    sra a
    expect $3F, $10
    setup $7F, $00, $00
    srl a
    expect $3F, $10
    setup $7F, $00, $00
    swap a
    expect $F7, $00
    setup $7F, $F0, $00
    rlca
    expect $FE, $00
    setup $7F, $F0, $00
    rrca
    expect $BF, $10
    setup $7F, $F0, $00
    rla
    expect $FF, $00
    setup $7F, $F0, $00
    rra
    expect $BF, $10
    setup $7F, $F0, $00
    rlc a
    expect $FE, $00
    setup $7F, $F0, $00
    rrc a
    expect $BF, $10
    setup $7F, $F0, $00
    rl a
    expect $FF, $00
    setup $7F, $F0, $00
    rr a
    expect $BF, $10
    setup $7F, $F0, $00
    sla a
    expect $FE, $00
    setup $7F, $F0, $00
    sra a
    expect $3F, $10
    setup $7F, $F0, $00
    srl a
    expect $3F, $10
    setup $7F, $F0, $00
    swap a
    expect $F7, $00
    setup $80, $00, $00
    rlca
    expect $01, $10
    setup $80, $00, $00
    rrca
    expect $40, $00
    setup $80, $00, $00
    rla
    expect $00, $10
    setup $80, $00, $00
    rra
    expect $40, $00
    setup $80, $00, $00
    rlc a
    expect $01, $10
    setup $80, $00, $00
    rrc a
    expect $40, $00
    setup $80, $00, $00
    rl a
    expect $00, $90
    setup $80, $00, $00
    rr a
    expect $40, $00
    setup $80, $00, $00
    sla a
    expect $00, $90
    setup $80, $00, $00
    sra a
    expect $C0, $00
    setup $80, $00, $00
    srl a
    expect $40, $00
    setup $80, $00, $00
    swap a
    expect $08, $00
    setup $80, $F0, $00
    rlca
    expect $01, $10
    setup $80, $F0, $00
    rrca
    expect $40, $00
    setup $80, $F0, $00
    rla
    expect $01, $10
    setup $80, $F0, $00
    rra
    expect $C0, $00
    setup $80, $F0, $00
    rlc a
    expect $01, $10
    setup $80, $F0, $00
    rrc a
    expect $40, $00
    setup $80, $F0, $00
    rl a
    expect $01, $10
    setup $80, $F0, $00
    rr a
    expect $C0, $00
    setup $80, $F0, $00
    sla a
    expect $00, $90
    setup $80, $F0, $00
    sra a
    expect $C0, $00
    setup $80, $F0, $00
    srl a
    expect $40, $00
    setup $80, $F0, $00
    swap a
    expect $08, $00
    setup $FF, $00, $00
    rlca
    expect $FF, $10
    setup $FF, $00, $00
    rrca
    expect $FF, $10
    setup $FF, $00, $00
    rla
    expect $FE, $10
    setup $FF, $00, $00
    rra
    expect $7F, $10
    setup $FF, $00, $00
    rlc a
    expect $FF, $10
    setup $FF, $00, $00
    rrc a
    expect $FF, $10
    setup $FF, $00, $00
    rl a
    expect $FE, $10
    setup $FF, $00, $00
    rr a
    expect $7F, $10
    setup $FF, $00, $00
    sla a
    expect $FE, $10
    setup $FF, $00, $00
    sra a
    expect $FF, $10
    setup $FF, $00, $00
    srl a
    expect $7F, $10
    setup $FF, $00, $00
    swap a
    expect $FF, $00
    setup $FF, $F0, $00
    rlca
    expect $FF, $10
    setup $FF, $F0, $00
    rrca
    expect $FF, $10
    setup $FF, $F0, $00
    rla
    expect $FF, $10
    setup $FF, $F0, $00
    rra
    expect $FF, $10
    setup $FF, $F0, $00
    rlc a
    expect $FF, $10
    setup $FF, $F0, $00
    rrc a
    expect $FF, $10
    setup $FF, $F0, $00
    rl a
    expect $FF, $10
    setup $FF, $F0, $00
    rr a
    expect $FF, $10
    setup $FF, $F0, $00
    sla a
    expect $FE, $10
    setup $FF, $F0, $00
    sra a
    expect $FF, $10
    setup $FF, $F0, $00
    srl a
    expect $7F, $10
    setup $FF, $F0, $00
    swap a
    expect $FF, $00
    setup $3A, $00, $00
    rlca
    expect $74, $00
    setup $3A, $00, $00
    rrca
    expect $1D, $00
    setup $3A, $00, $00
    rla
    expect $74, $00
    setup $3A, $00, $00
    rra
    expect $1D, $00
    setup $3A, $00, $00
    rlc a
    expect $74, $00
    setup $3A, $00, $00
    rrc a
    expect $1D, $00
    setup $3A, $00, $00
    rl a
    expect $74, $00
    setup $3A, $00, $00
    rr a
    expect $1D, $00
    setup $3A, $00, $00
    sla a
    expect $74, $00
    setup $3A, $00, $00
    sra a
    expect $1D, $00
    setup $3A, $00, $00
    srl a
    expect $1D, $00
    setup $3A, $00, $00
    swap a
    expect $A3, $00
    setup $3A, $F0, $00
    rlca
    expect $74, $00
    setup $3A, $F0, $00
    rrca
    expect $1D, $00
    setup $3A, $F0, $00
    rla
    expect $75, $00
    setup $3A, $F0, $00
    rra
    expect $9D, $00
    setup $3A, $F0, $00
    rlc a
    expect $74, $00
    setup $3A, $F0, $00
    rrc a
    expect $1D, $00
    setup $3A, $F0, $00
    rl a
    expect $75, $00
    setup $3A, $F0, $00
    rr a
    expect $9D, $00
    setup $3A, $F0, $00
    sla a
    expect $74, $00
    setup $3A, $F0, $00
    sra a
    expect $1D, $00
    setup $3A, $F0, $00
    srl a
    expect $1D, $00
    setup $3A, $F0, $00
    swap a
    expect $A3, $00

    call print_inline
    db "BIT ", 0
    setup $00, $00, $00
    bit 0, a
    expect $00, $A0
    setup $00, $F0, $00
    bit 0, a
    expect $00, $B0
    setup $00, $F0, $00
    res 0, a
    expect $00, $F0
    setup $00, $00, $00
    set 0, a
    expect $01, $00
    setup $00, $00, $00
    bit 1, a
    expect $00, $A0
    setup $00, $F0, $00
    bit 1, a
    expect $00, $B0
    setup $00, $F0, $00
    res 1, a
    expect $00, $F0
    setup $00, $00, $00
    set 1, a
    expect $02, $00
    setup $00, $00, $00
    bit 2, a
    expect $00, $A0
    setup $00, $F0, $00
    bit 2, a
    expect $00, $B0
    setup $00, $F0, $00
    res 2, a
    expect $00, $F0
    setup $00, $00, $00
    set 2, a
    expect $04, $00
    setup $00, $00, $00
    bit 3, a
    expect $00, $A0
    setup $00, $F0, $00
    bit 3, a
    expect $00, $B0
    setup $00, $F0, $00
    res 3, a
    expect $00, $F0
    setup $00, $00, $00
    set 3, a
    expect $08, $00
    setup $00, $00, $00
    bit 4, a
    expect $00, $A0
    setup $00, $F0, $00
    bit 4, a
    expect $00, $B0
    setup $00, $F0, $00
    res 4, a
    expect $00, $F0
    setup $00, $00, $00
    set 4, a
    expect $10, $00
    setup $00, $00, $00
    bit 5, a
    expect $00, $A0
    setup $00, $F0, $00
    bit 5, a
    expect $00, $B0
    setup $00, $F0, $00
    res 5, a
    expect $00, $F0
    setup $00, $00, $00
    set 5, a
    expect $20, $00
    setup $00, $00, $00
    bit 6, a
    expect $00, $A0
    setup $00, $F0, $00
    bit 6, a
    expect $00, $B0
    setup $00, $F0, $00
    res 6, a
    expect $00, $F0
    setup $00, $00, $00
    set 6, a
    expect $40, $00
    setup $00, $00, $00
    bit 7, a
    expect $00, $A0
    setup $00, $F0, $00
    bit 7, a
    expect $00, $B0
    setup $00, $F0, $00
    res 7, a
    expect $00, $F0
    setup $00, $00, $00
    set 7, a
    expect $80, $00
    setup $FF, $00, $00
    bit 0, a
    expect $FF, $20
    setup $FF, $F0, $00
    bit 0, a
    expect $FF, $30
    setup $FF, $F0, $00
    res 0, a
    expect $FE, $F0
    setup $FF, $00, $00
    set 0, a
    expect $FF, $00
    setup $FF, $00, $00
    bit 1, a
    expect $FF, $20
    setup $FF, $F0, $00
    bit 1, a
    expect $FF, $30
    setup $FF, $F0, $00
    res 1, a
    expect $FD, $F0
    setup $FF, $00, $00
    set 1, a
    expect $FF, $00
    setup $FF, $00, $00
    bit 2, a
    expect $FF, $20
    setup $FF, $F0, $00
    bit 2, a
    expect $FF, $30
    setup $FF, $F0, $00
    res 2, a
    expect $FB, $F0
    setup $FF, $00, $00
    set 2, a
    expect $FF, $00
    setup $FF, $00, $00
    bit 3, a
    expect $FF, $20
    setup $FF, $F0, $00
    bit 3, a
    expect $FF, $30
    setup $FF, $F0, $00
    res 3, a
    expect $F7, $F0
    setup $FF, $00, $00
    set 3, a
    expect $FF, $00
    setup $FF, $00, $00
    bit 4, a
    expect $FF, $20
    setup $FF, $F0, $00
    bit 4, a
    expect $FF, $30
    setup $FF, $F0, $00
    res 4, a
    expect $EF, $F0
    setup $FF, $00, $00
    set 4, a
    expect $FF, $00
    setup $FF, $00, $00
    bit 5, a
    expect $FF, $20
    setup $FF, $F0, $00
    bit 5, a
    expect $FF, $30
    setup $FF, $F0, $00
    res 5, a
    expect $DF, $F0
    setup $FF, $00, $00
    set 5, a
    expect $FF, $00
    setup $FF, $00, $00
    bit 6, a
    expect $FF, $20
    setup $FF, $F0, $00
    bit 6, a
    expect $FF, $30
    setup $FF, $F0, $00
    res 6, a
    expect $BF, $F0
    setup $FF, $00, $00
    set 6, a
    expect $FF, $00
    setup $FF, $00, $00
    bit 7, a
    expect $FF, $20
    setup $FF, $F0, $00
    bit 7, a
    expect $FF, $30
    setup $FF, $F0, $00
    res 7, a
    expect $7F, $F0
    setup $FF, $00, $00
    set 7, a
    expect $FF, $00
    setup $5A, $00, $00
    bit 0, a
    expect $5A, $A0
    setup $5A, $F0, $00
    bit 0, a
    expect $5A, $B0
    setup $5A, $F0, $00
    res 0, a
    expect $5A, $F0
    setup $5A, $00, $00
    set 0, a
    expect $5B, $00
    setup $5A, $00, $00
    bit 1, a
    expect $5A, $20
    setup $5A, $F0, $00
    bit 1, a
    expect $5A, $30
    setup $5A, $F0, $00
    res 1, a
    expect $58, $F0
    setup $5A, $00, $00
    set 1, a
    expect $5A, $00
    setup $5A, $00, $00
    bit 2, a
    expect $5A, $A0
    setup $5A, $F0, $00
    bit 2, a
    expect $5A, $B0
    setup $5A, $F0, $00
    res 2, a
    expect $5A, $F0
    setup $5A, $00, $00
    set 2, a
    expect $5E, $00
    setup $5A, $00, $00
    bit 3, a
    expect $5A, $20
    setup $5A, $F0, $00
    bit 3, a
    expect $5A, $30
    setup $5A, $F0, $00
    res 3, a
    expect $52, $F0
    setup $5A, $00, $00
    set 3, a
    expect $5A, $00
    setup $5A, $00, $00
    bit 4, a
    expect $5A, $20
    setup $5A, $F0, $00
    bit 4, a
    expect $5A, $30
    setup $5A, $F0, $00
    res 4, a
    expect $4A, $F0
    setup $5A, $00, $00
    set 4, a
    expect $5A, $00
    setup $5A, $00, $00
    bit 5, a
    expect $5A, $A0
    setup $5A, $F0, $00
    bit 5, a
    expect $5A, $B0
    setup $5A, $F0, $00
    res 5, a
    expect $5A, $F0
    setup $5A, $00, $00
    set 5, a
    expect $7A, $00
    setup $5A, $00, $00
    bit 6, a
    expect $5A, $20
    setup $5A, $F0, $00
    bit 6, a
    expect $5A, $30
    setup $5A, $F0, $00
    res 6, a
    expect $1A, $F0
    setup $5A, $00, $00
    set 6, a
    expect $5A, $00
    setup $5A, $00, $00
    bit 7, a
    expect $5A, $A0
    setup $5A, $F0, $00
    bit 7, a
    expect $5A, $B0
    setup $5A, $F0, $00
    res 7, a
    expect $5A, $F0
    setup $5A, $00, $00
    set 7, a
    expect $DA, $00
    setup $81, $00, $00
    bit 0, a
    expect $81, $20
    setup $81, $F0, $00
    bit 0, a
    expect $81, $30
    setup $81, $F0, $00
    res 0, a
    expect $80, $F0
    setup $81, $00, $00
    set 0, a
    expect $81, $00
    setup $81, $00, $00
    bit 1, a
    expect $81, $A0
    setup $81, $F0, $00
    bit 1, a
    expect $81, $B0
    setup $81, $F0, $00
    res 1, a
    expect $81, $F0
    setup $81, $00, $00
    set 1, a
    expect $83, $00
    setup $81, $00, $00
    bit 2, a
    expect $81, $A0
    setup $81, $F0, $00
    bit 2, a
    expect $81, $B0
    setup $81, $F0, $00
    res 2, a
    expect $81, $F0
    setup $81, $00, $00
    set 2, a
    expect $85, $00
    setup $81, $00, $00
    bit 3, a
    expect $81, $A0
    setup $81, $F0, $00
    bit 3, a
    expect $81, $B0
    setup $81, $F0, $00
    res 3, a
    expect $81, $F0
    setup $81, $00, $00
    set 3, a
    expect $89, $00
    setup $81, $00, $00
    bit 4, a
    expect $81, $A0
    setup $81, $F0, $00
    bit 4, a
    expect $81, $B0
    setup $81, $F0, $00
    res 4, a
    expect $81, $F0
    setup $81, $00, $00
    set 4, a
    expect $91, $00
    setup $81, $00, $00
    bit 5, a
    expect $81, $A0
    setup $81, $F0, $00
    bit 5, a
    expect $81, $B0
    setup $81, $F0, $00
    res 5, a
    expect $81, $F0
    setup $81, $00, $00
    set 5, a
    expect $A1, $00
    setup $81, $00, $00
    bit 6, a
    expect $81, $A0
    setup $81, $F0, $00
    bit 6, a
    expect $81, $B0
    setup $81, $F0, $00
    res 6, a
    expect $81, $F0
    setup $81, $00, $00
    set 6, a
    expect $C1, $00
    setup $81, $00, $00
    bit 7, a
    expect $81, $20
    setup $81, $F0, $00
    bit 7, a
    expect $81, $30
    setup $81, $F0, $00
    res 7, a
    expect $01, $F0
    setup $81, $00, $00
    set 7, a
    expect $81, $00

    call print_inline
    db "\n", 0

    call print_inline
    db "ADD HL ", 0
    setup16 $0000, $0000, $00
    add hl, bc
    expect16 $0000, $00
    setup16 $0000, $0000, $F0
    add hl, bc
    expect16 $0000, $80
    setup16 $0000, $8A23, $00
    add hl, bc
    expect16 $8A23, $00
    setup16 $0000, $8A23, $F0
    add hl, bc
    expect16 $8A23, $80
    setup16 $0000, $7FFF, $00
    add hl, bc
    expect16 $7FFF, $00
    setup16 $0000, $7FFF, $F0
    add hl, bc
    expect16 $7FFF, $80
    setup16 $0001, $1000, $00
    add hl, bc
    expect16 $1001, $00
    setup16 $0001, $1000, $F0
    add hl, bc
    expect16 $1001, $80
    setup16 $0001, $0000, $00
    add hl, bc
    expect16 $0001, $00
    setup16 $0001, $0000, $F0
    add hl, bc
    expect16 $0001, $80
    setup16 $0001, $8A23, $00
    add hl, bc
    expect16 $8A24, $00
    setup16 $0001, $8A23, $F0
    add hl, bc
    expect16 $8A24, $80
    setup16 $0FFF, $FFFF, $00
    add hl, bc
    expect16 $0FFE, $30
    setup16 $0FFF, $FFFF, $F0
    add hl, bc
    expect16 $0FFE, $B0
    setup16 $0FFF, $1000, $00
    add hl, bc
    expect16 $1FFF, $00
    setup16 $0FFF, $1000, $F0
    add hl, bc
    expect16 $1FFF, $80
    setup16 $0FFF, $0000, $00
    add hl, bc
    expect16 $0FFF, $00
    setup16 $0FFF, $0000, $F0
    add hl, bc
    expect16 $0FFF, $80
    setup16 $1000, $F00F, $00
    add hl, bc
    expect16 $000F, $10
    setup16 $1000, $F00F, $F0
    add hl, bc
    expect16 $000F, $90
    setup16 $1000, $FFFF, $00
    add hl, bc
    expect16 $0FFF, $10
    setup16 $1000, $FFFF, $F0
    add hl, bc
    expect16 $0FFF, $90
    setup16 $1000, $1000, $00
    add hl, bc
    expect16 $2000, $00
    setup16 $1000, $1000, $F0
    add hl, bc
    expect16 $2000, $80
    setup16 $7FFF, $0FFF, $00
    add hl, bc
    expect16 $8FFE, $20
    setup16 $7FFF, $0FFF, $F0
    add hl, bc
    expect16 $8FFE, $A0
    setup16 $7FFF, $F00F, $00
    add hl, bc
    expect16 $700E, $30
    setup16 $7FFF, $F00F, $F0
    add hl, bc
    expect16 $700E, $B0
    setup16 $7FFF, $FFFF, $00
    add hl, bc
    expect16 $7FFE, $30
    setup16 $7FFF, $FFFF, $F0
    add hl, bc
    expect16 $7FFE, $B0
    setup16 $8000, $8000, $00
    add hl, bc
    expect16 $0000, $10
    setup16 $8000, $8000, $F0
    add hl, bc
    expect16 $0000, $90
    setup16 $8000, $0FFF, $00
    add hl, bc
    expect16 $8FFF, $00
    setup16 $8000, $0FFF, $F0
    add hl, bc
    expect16 $8FFF, $80
    setup16 $8000, $F00F, $00
    add hl, bc
    expect16 $700F, $10
    setup16 $8000, $F00F, $F0
    add hl, bc
    expect16 $700F, $90
    setup16 $FFFF, $0605, $00
    add hl, bc
    expect16 $0604, $30
    setup16 $FFFF, $0605, $F0
    add hl, bc
    expect16 $0604, $B0
    setup16 $FFFF, $8000, $00
    add hl, bc
    expect16 $7FFF, $10
    setup16 $FFFF, $8000, $F0
    add hl, bc
    expect16 $7FFF, $90
    setup16 $FFFF, $0FFF, $00
    add hl, bc
    expect16 $0FFE, $30
    setup16 $FFFF, $0FFF, $F0
    add hl, bc
    expect16 $0FFE, $B0
    setup16 $8A23, $0001, $00
    add hl, bc
    expect16 $8A24, $00
    setup16 $8A23, $0001, $F0
    add hl, bc
    expect16 $8A24, $80
    setup16 $8A23, $0605, $00
    add hl, bc
    expect16 $9028, $20
    setup16 $8A23, $0605, $F0
    add hl, bc
    expect16 $9028, $A0
    setup16 $8A23, $8000, $00
    add hl, bc
    expect16 $0A23, $10
    setup16 $8A23, $8000, $F0
    add hl, bc
    expect16 $0A23, $90
    setup16 $0605, $7FFF, $00
    add hl, bc
    expect16 $8604, $20
    setup16 $0605, $7FFF, $F0
    add hl, bc
    expect16 $8604, $A0
    setup16 $0605, $0001, $00
    add hl, bc
    expect16 $0606, $00
    setup16 $0605, $0001, $F0
    add hl, bc
    expect16 $0606, $80
    setup16 $0605, $0605, $00
    add hl, bc
    expect16 $0C0A, $00
    setup16 $0605, $0605, $F0
    add hl, bc
    expect16 $0C0A, $80
    setup16 $F00F, $8A23, $00
    add hl, bc
    expect16 $7A32, $10
    setup16 $F00F, $8A23, $F0
    add hl, bc
    expect16 $7A32, $90
    setup16 $F00F, $7FFF, $00
    add hl, bc
    expect16 $700E, $30
    setup16 $F00F, $7FFF, $F0
    add hl, bc
    expect16 $700E, $B0
    setup16 $F00F, $0001, $00
    add hl, bc
    expect16 $F010, $00
    setup16 $F00F, $0001, $F0
    add hl, bc
    expect16 $F010, $80

    call print_inline
    db "SP+E8 ", 0
    setup_sp $0000
    ld hl, sp + 0
    expect_sp $0000, $00
    setup_sp $0000
    ld hl, sp + 1
    expect_sp $0001, $00
    setup_sp $0000
    ld hl, sp + 15
    expect_sp $000F, $00
    setup_sp $0000
    ld hl, sp + 16
    expect_sp $0010, $00
    setup_sp $0000
    ld hl, sp + 127
    expect_sp $007F, $00
    setup_sp $0000
    ld hl, sp + -128
    expect_sp $FF80, $00
    setup_sp $0000
    ld hl, sp + -1
    expect_sp $FFFF, $00
    setup_sp $0000
    ld hl, sp + -8
    expect_sp $FFF8, $00
    setup_sp $000F
    ld hl, sp + 0
    expect_sp $000F, $00
    setup_sp $000F
    ld hl, sp + 1
    expect_sp $0010, $20
    setup_sp $000F
    ld hl, sp + 15
    expect_sp $001E, $20
    setup_sp $000F
    ld hl, sp + 16
    expect_sp $001F, $00
    setup_sp $000F
    ld hl, sp + 127
    expect_sp $008E, $20
    setup_sp $000F
    ld hl, sp + -128
    expect_sp $FF8F, $00
    setup_sp $000F
    ld hl, sp + -1
    expect_sp $000E, $30
    setup_sp $000F
    ld hl, sp + -8
    expect_sp $0007, $30
    setup_sp $00FF
    ld hl, sp + 0
    expect_sp $00FF, $00
    setup_sp $00FF
    ld hl, sp + 1
    expect_sp $0100, $30
    setup_sp $00FF
    ld hl, sp + 15
    expect_sp $010E, $30
    setup_sp $00FF
    ld hl, sp + 16
    expect_sp $010F, $10
    setup_sp $00FF
    ld hl, sp + 127
    expect_sp $017E, $30
    setup_sp $00FF
    ld hl, sp + -128
    expect_sp $007F, $10
    setup_sp $00FF
    ld hl, sp + -1
    expect_sp $00FE, $30
    setup_sp $00FF
    ld hl, sp + -8
    expect_sp $00F7, $30
    setup_sp $FFFF
    ld hl, sp + 0
    expect_sp $FFFF, $00
    setup_sp $FFFF
    ld hl, sp + 1
    expect_sp $0000, $30
    setup_sp $FFFF
    ld hl, sp + 15
    expect_sp $000E, $30
    setup_sp $FFFF
    ld hl, sp + 16
    expect_sp $000F, $10
    setup_sp $FFFF
    ld hl, sp + 127
    expect_sp $007E, $30
    setup_sp $FFFF
    ld hl, sp + -128
    expect_sp $FF7F, $10
    setup_sp $FFFF
    ld hl, sp + -1
    expect_sp $FFFE, $30
    setup_sp $FFFF
    ld hl, sp + -8
    expect_sp $FFF7, $30
    setup_sp $C0F8
    ld hl, sp + 0
    expect_sp $C0F8, $00
    setup_sp $C0F8
    ld hl, sp + 1
    expect_sp $C0F9, $00
    setup_sp $C0F8
    ld hl, sp + 15
    expect_sp $C107, $30
    setup_sp $C0F8
    ld hl, sp + 16
    expect_sp $C108, $10
    setup_sp $C0F8
    ld hl, sp + 127
    expect_sp $C177, $30
    setup_sp $C0F8
    ld hl, sp + -128
    expect_sp $C078, $10
    setup_sp $C0F8
    ld hl, sp + -1
    expect_sp $C0F7, $30
    setup_sp $C0F8
    ld hl, sp + -8
    expect_sp $C0F0, $30
    setup_sp $1234
    ld hl, sp + 0
    expect_sp $1234, $00
    setup_sp $1234
    ld hl, sp + 1
    expect_sp $1235, $00
    setup_sp $1234
    ld hl, sp + 15
    expect_sp $1243, $20
    setup_sp $1234
    ld hl, sp + 16
    expect_sp $1244, $00
    setup_sp $1234
    ld hl, sp + 127
    expect_sp $12B3, $20
    setup_sp $1234
    ld hl, sp + -128
    expect_sp $11B4, $00
    setup_sp $1234
    ld hl, sp + -1
    expect_sp $1233, $30
    setup_sp $1234
    ld hl, sp + -8
    expect_sp $122C, $10
    setup_sp $FFF8
    ld hl, sp + 0
    expect_sp $FFF8, $00
    setup_sp $FFF8
    ld hl, sp + 1
    expect_sp $FFF9, $00
    setup_sp $FFF8
    ld hl, sp + 15
    expect_sp $0007, $30
    setup_sp $FFF8
    ld hl, sp + 16
    expect_sp $0008, $10
    setup_sp $FFF8
    ld hl, sp + 127
    expect_sp $0077, $30
    setup_sp $FFF8
    ld hl, sp + -128
    expect_sp $FF78, $10
    setup_sp $FFF8
    ld hl, sp + -1
    expect_sp $FFF7, $30
    setup_sp $FFF8
    ld hl, sp + -8
    expect_sp $FFF0, $30
    call print_inline
    db "\n", 0
    jp test_done
