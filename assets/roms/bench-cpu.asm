; CPU-bound benchmark ROM: never halts. With the LCD on, it loops forever over a mix of work that resembles game
; code — a CRC-16 over 1 KiB of WRAM (shifts, XOR, 16-bit pointers), a byte-sort pass (compare and swap through
; HL/DE), calls and returns, pushes and pops, CB bit operations — and shows the round count on screen.
INCLUDE "header.inc"
INCLUDE "hardware.inc"

    cart_header "BENCH CPU", $00, $00, $00

SECTION "vars", WRAM0[$C000]
buffer: ds 1024
rounds: ds 2
crc:    ds 2

SECTION "main", ROM0[$0150]
entry:
    di
    ld sp, $DFF0
    ld hl, buffer               ; fill the buffer with a pattern
    ld bc, 1024
    ld e, 7
.fill:
    ld a, e
    add a, 37
    ld e, a
    ld [hl+], a
    dec bc
    ld a, b
    or c
    jr nz, .fill
    xor a
    ld [rounds], a
    ld [rounds + 1], a
    ld a, LCDC_ON | LCDC_BG_ON
    ldh [rLCDC], a
.loop:
    call crc16
    call sort_pass
    call bits
    ld hl, rounds
    inc [hl]
    jr nz, .shown
    inc hl
    inc [hl]
.shown:
    ld a, [rounds]
    ld [SCRN0 + 32 * 8 + 9], a   ; the tile under the counter changes (may be dropped in mode 3: harmless)
    jr .loop

; CRC-16/CCITT over the buffer into [crc].
crc16:
    ld hl, buffer
    ld bc, 1024
    ld de, $FFFF
.byte:
    ld a, [hl+]
    xor d
    ld d, a
    push bc
    ld b, 8
.bit:
    sla e
    rl d
    jr nc, .no_xor
    ld a, d
    xor $10
    ld d, a
    ld a, e
    xor $21
    ld e, a
.no_xor:
    dec b
    jr nz, .bit
    pop bc
    dec bc
    ld a, b
    or c
    jr nz, .byte
    ld a, e
    ld [crc], a
    ld a, d
    ld [crc + 1], a
    ret

; One bubble-sort pass over the first 256 bytes (swaps adjacent bytes out of order), then disturbs one byte.
sort_pass:
    ld hl, buffer
    ld c, 255
.pair:
    ld a, [hl+]
    ld b, a
    ld a, [hl]
    cp b
    jr nc, .ordered
    ld [hl-], a
    ld a, b
    ld [hl+], a
.ordered:
    dec c
    jr nz, .pair
    ld a, [crc]
    ld [buffer + 128], a
    ret

; CB operations over 64 bytes.
bits:
    ld hl, buffer + 512
    ld b, 64
.next:
    swap [hl]
    rrc [hl]
    bit 3, [hl]
    jr z, .clear
    set 7, [hl]
    jr .done
.clear:
    res 0, [hl]
.done:
    inc hl
    dec b
    jr nz, .next
    ret
