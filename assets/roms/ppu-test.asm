; PPU test: one still picture whose every pixel the project's reference image (tests/unit/cpu-core/ppu.test.ts)
; predicts: a scrolled checkerboard background (tiles of colour 0 and 2, SCX=3, SCY=5), the window (all colour 3)
; from WX=103 (screen x 96), WY=80, and objects: a Γ shape plain, X-flipped and Y-flipped; two overlapping
; objects where the one with the smaller X wins; an object behind the background (drawn only on colour 0);
; a palette-1 object; eleven objects on one line, of which the 11th is not drawn (10 per line).
; Palettes: BGP %11100100 (identity), OBP0 %11010000 (colour 1 white), OBP1 %00000100 (colour 1 light grey).
INCLUDE "header.inc"
INCLUDE "hardware.inc"

    cart_header "PPU TEST", $00, $00, $00

SECTION "main", ROM0[$0150]
entry:
    di
    ld sp, $DFF0
.wait_vblank:
    ldh a, [rLY]
    cp 144
    jr c, .wait_vblank
    xor a
    ldh [rLCDC], a

    ld hl, $8000                 ; tiles 0-5
    ld de, tiles
    ld b, tiles_end - tiles
.copy_tiles:
    ld a, [de]
    inc de
    ld [hl+], a
    dec b
    jr nz, .copy_tiles

    ld hl, SCRN0                 ; checkerboard of tiles 0 and 2
    ld c, 32
.row:
    ld b, 32
.col:
    ld a, b
    add a, c
    and 1
    add a, a                     ; 0 or 2
    ld [hl+], a
    dec b
    jr nz, .col
    dec c
    jr nz, .row

    ld hl, SCRN1                 ; the window map: all tile 3
    ld bc, 32 * 32
.win:
    ld a, 3
    ld [hl+], a
    dec bc
    ld a, b
    or c
    jr nz, .win

    ld hl, OAM_START             ; OAM: the objects, the rest off screen (Y=0)
    ld de, objects
    ld b, objects_end - objects
.copy_objects:
    ld a, [de]
    inc de
    ld [hl+], a
    dec b
    jr nz, .copy_objects
    xor a
.clear_oam:
    ld [hl+], a
    ld a, l
    cp $A0
    ld a, 0
    jr nz, .clear_oam

    ld a, %11100100
    ldh [rBGP], a
    ld a, %11010000
    ldh [rOBP0], a
    ld a, %00000100
    ldh [rOBP1], a
    ld a, 3
    ldh [rSCX], a
    ld a, 5
    ldh [rSCY], a
    ld a, 96 + 7
    ldh [rWX], a
    ld a, 80
    ldh [rWY], a
    ld a, LCDC_ON | LCDC_WIN_9C00 | LCDC_WIN_ON | LCDC_TILES_8000 | LCDC_OBJ_ON | LCDC_BG_ON
    ldh [rLCDC], a
    xor a
    ldh [rIE], a
.forever:
    halt
    jr .forever

tiles:
    ds 16, $00                                   ; 0: colour 0
    REPT 8
    db $FF, $00                                  ; 1: colour 1
    ENDR
    REPT 8
    db $00, $FF                                  ; 2: colour 2
    ENDR
    ds 16, $FF                                   ; 3: colour 3
    db $FF, $FF                                  ; 4: Γ — top row and left column colour 3
    REPT 7
    db $80, $80
    ENDR
    REPT 8
    db $7E, $00                                  ; 5: 6 columns of colour 1, transparent edges
    ENDR
tiles_end:

; Y+16, X+8, tile, attributes
objects:
    db 16 + 16, 8 + 16, 4, $00                   ; Γ at (16,16)
    db 16 + 16, 8 + 40, 4, $20                   ; X-flipped at (40,16)
    db 16 + 16, 8 + 64, 4, $40                   ; Y-flipped at (64,16)
    db 16 + 40, 8 + 24, 4, $00                   ; Γ at (24,40), under the next one where they overlap
    db 16 + 40, 8 + 20, 5, $10                   ; block at (20,40), palette 1, smaller X: wins
    db 16 + 60, 8 + 30, 5, $90                   ; block at (30,60), palette 1, behind the background
    FOR_LINE EQU 100
    REPT 11
    db 16 + FOR_LINE, 8 + 10 + (@ - objects - 24) / 4 * 12, 5, $00   ; eleven blocks on line 100
    ENDR
objects_end:
