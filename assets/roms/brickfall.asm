; BRICKFALL — the project's falling-blocks game for the DMG, written for Bare Metal Arcade.
;
; A 10-wide, 18-tall playfield; the seven tetrominoes in four orientations with wall kicks; soft drop (Down) and
; hard drop (Up); rotate with A (clockwise) and B (counter-clockwise); pause with Start. Cleared lines flash, then
; collapse. Score (BCD, with DAA): 40/100/300/1200 × (level + 1) for 1-4 lines, +1 per soft-dropped row, +2 per
; hard-dropped row. A level every 10 lines; the fall delay follows the level (48 frames at level 0 down to 2).
; The next piece is shown on the right. Pieces come from a 16-bit xorshift seeded when Start is pressed on the
; title screen (frame counter and DIV), so the player's timing chooses the sequence.
;
; Hardware use: the VBlank interrupt copies the sprite table by OAM DMA (from HRAM), redraws changed board rows and
; the score panel, and counts frames; the main loop waits for it with HALT. The falling piece and the preview are
; sprites; the stack is background tiles. Font and tiles are the project's own (include/font.inc, brickfall-data.inc).
INCLUDE "header.inc"
INCLUDE "hardware.inc"

    cart_header "BRICKFALL", $00, $00, $00

DEF EMPTY EQU " "               ; an empty cell is the font's space tile
DEF BLOCK_TILE EQU $60          ; $60 + piece number
DEF WALL_TILE EQU $67
DEF FLASH_TILE EQU $68
DEF ROWS EQU 18
DEF COLS EQU 10
DEF KEY_RIGHT EQU $01
DEF KEY_LEFT EQU $02
DEF KEY_UP EQU $04
DEF KEY_DOWN EQU $08
DEF KEY_A EQU $10
DEF KEY_B EQU $20
DEF KEY_START EQU $80
DEF STATE_TITLE EQU 0
DEF STATE_PLAY EQU 1
DEF STATE_CLEARING EQU 2
DEF STATE_PAUSED EQU 3
DEF STATE_OVER EQU 4
DEF DAS_DELAY EQU 16            ; frames before a held Left/Right repeats
DEF DAS_REPEAT EQU 6            ; frames between repeats
DEF CLEAR_FRAMES EQU 24         ; line-clear animation
DEF ROWS_PER_VBLANK EQU 3       ; board rows redrawn per VBlank (what fits in it with DMA and the panel)

SECTION "shadow oam", WRAM0[$C000]
shadow_oam: ds 160

SECTION "board", WRAM0[$C100]
board:      ds ROWS * COLS      ; tile numbers, row by row
SECTION "row flags", WRAM0[$C1C0]
dirty:      ds ROWS             ; 1 = redraw this row at the next VBlank
SECTION "full rows", WRAM0[$C1E0]
full_rows:  ds ROWS             ; 1 = this row is being cleared

SECTION "variables", WRAM0[$C200]
state:       ds 1
frame:       ds 2
vblank_flag: ds 1
keys:        ds 1
pressed:     ds 1
rng:         ds 2
piece:       ds 1
rot:         ds 1
px:          ds 1
py:          ds 1
next_piece:  ds 1
fall_timer:  ds 1
das_timer:   ds 1
soft_timer:  ds 1
clear_timer: ds 1
score:       ds 3               ; BCD, least significant byte first
lines_bcd:   ds 2
lines_bin:   ds 2
level:       ds 1
level_bcd:   ds 1
panel_dirty: ds 1               ; score, lines and level changed
status_dirty: ds 1              ; the status text changed
status:      ds 2               ; pointer to the 8-character status text
move_dx:     ds 1
saved_rot:   ds 1
saved_px:    ds 1
saved_py:    ds 1
kick_left:   ds 1
cleared:     ds 1
spr_piece:   ds 1
spr_rot:     ds 1
spr_x:       ds 1
spr_y:       ds 1
spr_tile:    ds 1

SECTION "hram", HRAM[$FF80]
hram_dma:   ds 16               ; dma_routine (10 bytes)

SECTION "vblank vector", ROM0[$0040]
    jp vblank_handler

SECTION "main", ROM0[$0150]
entry:
    di
    ld sp, $E000
    call lcd_off
    ld hl, $8200                ; the font: tiles $20-$5F, one bit plane written twice
    ld de, font
    ld bc, font_end - font
.font:
    ld a, [de]
    inc de
    ld [hl+], a
    ld [hl+], a
    dec bc
    ld a, b
    or c
    jr nz, .font
    ld hl, $8600                ; the game's tiles from $60
    ld de, brickfall_tiles
    ld bc, brickfall_tiles_end - brickfall_tiles
    call copy
    ld hl, hram_dma
    ld de, dma_routine
    ld bc, dma_routine_end - dma_routine
    call copy
    ld hl, shadow_oam
    ld bc, 160
    xor a
    call fill
    ld hl, OAM_START            ; OAM itself holds garbage at power-on: no sprites until the first DMA
    ld bc, 160
    xor a
    call fill
    ld hl, state                ; all variables to 0
    ld bc, spr_tile + 1 - state
    xor a
    call fill
    ld a, %11100100
    ldh [rBGP], a
    ldh [rOBP0], a
    ld a, $01
    ld [rng], a
    ld hl, status_blank
    call set_status
    call show_title
    ld a, IE_VBLANK
    ldh [rIE], a
    xor a
    ldh [rIF], a
    ei

main_loop:
    call wait_vblank
    call read_keys
    ld a, [state]               ; one state handler per frame
    add a, a
    ld e, a
    ld d, 0
    ld hl, state_handlers
    add hl, de
    ld a, [hl+]
    ld h, [hl]
    ld l, a
    call call_hl
    call update_sprites
    jr main_loop

call_hl:
    jp hl

state_handlers:
    dw title_update, play_update, clearing_update, paused_update, over_update

; ---------------------------------------------------------------- interrupt and frame plumbing

vblank_handler:
    push af
    push bc
    push de
    push hl
    call hram_dma
    ld b, ROWS_PER_VBLANK       ; B = rows this VBlank may still draw, C = rows left to scan
    ld c, ROWS
    ld hl, dirty
.scan:
    ld a, [hl+]
    and a
    jr nz, .found
.continue:
    dec c
    jr nz, .scan
    jr .rows_done
.found:
    dec hl
    ld [hl], 0
    inc hl
    push hl
    push bc
    ld a, ROWS
    sub c
    ld c, a                     ; the row number
    call draw_row
    pop bc
    pop hl
    dec b
    jr nz, .continue
.rows_done:
    ld a, [panel_dirty]
    and a
    call nz, draw_panel
    ld a, [status_dirty]
    and a
    call nz, draw_status
    ld hl, frame
    inc [hl]
    jr nz, .counted
    inc hl
    inc [hl]
.counted:
    ld a, 1
    ld [vblank_flag], a
    pop hl
    pop de
    pop bc
    pop af
    reti

; Copied to HRAM: starts OAM DMA from shadow_oam and waits the 160 M-cycles it takes.
dma_routine:
    ld a, HIGH(shadow_oam)
    ldh [rDMA], a
    ld a, 40
.wait:
    dec a
    jr nz, .wait
    ret
dma_routine_end:

wait_vblank:
    halt
    ld a, [vblank_flag]
    and a
    jr z, wait_vblank
    xor a
    ld [vblank_flag], a
    ret

; keys = held (Right Left Up Down A B Select Start from bit 0), pressed = went down since the last frame.
read_keys:
    ld a, P1_BUTTONS
    ldh [rP1], a
    ldh a, [rP1]
    ldh a, [rP1]
    cpl
    and $0F
    swap a
    ld b, a
    ld a, P1_DPAD
    ldh [rP1], a
    ldh a, [rP1]
    ldh a, [rP1]
    ldh a, [rP1]
    ldh a, [rP1]
    cpl
    and $0F
    or b
    ld b, a
    ld a, [keys]
    cpl
    and b
    ld [pressed], a
    ld a, b
    ld [keys], a
    ld a, P1_NONE
    ldh [rP1], a
    ret

; 16-bit xorshift (7, 9, 8): rng ^= rng << 7; rng ^= rng >> 9; rng ^= rng << 8. Returns the high byte in A.
rand:
    ld a, [rng]
    ld c, a
    ld a, [rng + 1]
    ld b, a
    rrca                        ; hi << 7 (bit 0 to bit 7)
    and $80
    ld d, a
    ld a, c
    srl a                       ; lo >> 1
    or d
    xor b
    ld b, a                     ; hi ^= (x << 7) >> 8
    ld a, c
    rrca
    and $80
    xor c
    ld c, a                     ; lo ^= (x << 7) & $FF
    ld a, b
    srl a
    xor c
    ld c, a                     ; lo ^= hi >> 1
    xor b
    ld b, a                     ; hi ^= lo
    ld a, c
    ld [rng], a
    ld a, b
    ld [rng + 1], a
    ret

; A = a piece 0-6, rerolled once if it repeats the current next piece.
random_piece:
    call rand
    and 7
    cp 7
    jr z, .again
    ld hl, next_piece
    cp [hl]
    ret nz
.again:
    call rand
    swap a
    and 7
    cp 7
    ret c
    xor a
    ret

; ---------------------------------------------------------------- title and game over

show_title:
    call lcd_off
    call clear_map
    ld hl, SCRN0 + 3 * 32 + 6
    call block_strip
    ld hl, SCRN0 + 5 * 32 + 5
    ld de, text_title
    call print_at
    ld hl, SCRN0 + 7 * 32 + 6
    call block_strip
    ld hl, SCRN0 + 10 * 32 + 4
    ld de, text_press_start
    call print_at
    ld hl, SCRN0 + 14 * 32 + 1
    ld de, text_credit
    call print_at
    ld hl, SCRN0 + 15 * 32 + 4
    ld de, text_credit2
    call print_at
    ld hl, dirty                ; nothing of the game is drawn over the title
    ld bc, ROWS
    xor a
    call fill
    ld [panel_dirty], a
    ld [status_dirty], a
    ld a, STATE_TITLE
    ld [state], a
    jp lcd_on

title_update:
    ld a, [pressed]
    and KEY_START
    ret z
    ld a, [frame]               ; the moment Start was pressed seeds the pieces
    ld b, a
    ldh a, [rDIV]
    xor b
    ld [rng], a
    ld a, [frame + 1]
    or $80
    ld [rng + 1], a
    jp start_game

over_update:
    ld a, [pressed]
    and KEY_START
    ret z
    jp show_title

game_over:
    ld a, STATE_OVER
    ld [state], a
    ld hl, board + 7 * COLS + 3
    ld de, text_game
    call copy_text
    ld hl, board + 8 * COLS + 3
    ld de, text_over
    call copy_text
    ld a, 1
    ld [dirty + 7], a
    ld [dirty + 8], a
    ret

; ---------------------------------------------------------------- starting a game

start_game:
    call lcd_off
    call clear_map
    ld hl, SCRN0                ; walls at columns 0 and 11
    ld b, ROWS
.walls:
    ld a, WALL_TILE
    ld [hl], a
    push hl
    ld de, 11
    add hl, de
    ld [hl], a
    pop hl
    ld de, 32
    add hl, de
    dec b
    jr nz, .walls
    ld hl, SCRN0 + 1 * 32 + 13
    ld de, text_score
    call print_at
    ld hl, SCRN0 + 4 * 32 + 13
    ld de, text_lines
    call print_at
    ld hl, SCRN0 + 7 * 32 + 13
    ld de, text_level
    call print_at
    ld hl, SCRN0 + 10 * 32 + 13
    ld de, text_next
    call print_at
    ld hl, board
    ld bc, ROWS * COLS
    ld a, EMPTY
    call fill
    ld hl, dirty
    ld bc, ROWS
    ld a, 1
    call fill
    ld hl, score
    ld bc, level_bcd + 1 - score
    xor a
    call fill
    ld hl, status_blank
    call set_status
    call draw_panel
    call draw_status
    call random_piece
    ld [next_piece], a
    ld a, STATE_PLAY
    ld [state], a
    call spawn
    jp lcd_on

; The next piece comes in at the top; if it does not fit, the game is over.
spawn:
    ld a, [next_piece]
    ld [piece], a
    call random_piece
    ld [next_piece], a
    xor a
    ld [rot], a
    ld [py], a
    ld a, 3
    ld [px], a
    call gravity
    ld [fall_timer], a
    call collides
    ret nc
    jp game_over

; A = frames per row at the current level.
gravity:
    ld a, [level]
    cp 19
    jr c, .in_table
    ld a, 19
.in_table:
    ld e, a
    ld d, 0
    ld hl, gravity_table
    add hl, de
    ld a, [hl]
    ret

; ---------------------------------------------------------------- playing

play_update:
    ld a, [pressed]
    and KEY_START
    jr z, .not_paused
    ld a, STATE_PAUSED
    ld [state], a
    ld hl, status_paused
    jp set_status
.not_paused:
    ld a, [pressed]
    and KEY_A
    jr z, .no_a
    ld a, 1
    call try_rotate
.no_a:
    ld a, [pressed]
    and KEY_B
    jr z, .no_b
    ld a, -1
    call try_rotate
.no_b:
    ld a, [pressed]
    and KEY_LEFT
    jr z, .no_left
    ld a, DAS_DELAY
    ld [das_timer], a
    ld a, -1
    call try_move_x
    jr .moved
.no_left:
    ld a, [pressed]
    and KEY_RIGHT
    jr z, .no_right
    ld a, DAS_DELAY
    ld [das_timer], a
    ld a, 1
    call try_move_x
    jr .moved
.no_right:
    ld a, [keys]
    and KEY_LEFT | KEY_RIGHT
    jr z, .moved
    ld hl, das_timer
    dec [hl]
    jr nz, .moved
    ld [hl], DAS_REPEAT
    ld a, [keys]
    and KEY_LEFT
    ld a, -1
    jr nz, .repeat
    ld a, 1
.repeat:
    call try_move_x
.moved:
    ld a, [pressed]
    and KEY_UP
    jr z, .no_hard_drop
.hard_drop:
    call try_move_down
    jp c, lock_piece
    ld de, $0002
    call add_score
    jr .hard_drop
.no_hard_drop:
    ld a, [keys]
    and KEY_DOWN
    jr z, .gravity
    ld hl, soft_timer
    inc [hl]
    bit 0, [hl]
    jr z, .gravity
    call try_move_down
    jp c, lock_piece
    ld de, $0001
    call add_score
    call gravity
    ld [fall_timer], a
    ret
.gravity:
    ld hl, fall_timer
    dec [hl]
    ret nz
    call gravity
    ld [fall_timer], a
    call try_move_down
    jp c, lock_piece
    ret

paused_update:
    ld a, [pressed]
    and KEY_START
    ret z
    ld a, STATE_PLAY
    ld [state], a
    ld hl, status_blank
    jp set_status

; A = -1 or 1: moves the piece sideways if it fits there.
try_move_x:
    ld [move_dx], a
    ld b, a
    ld a, [px]
    add a, b
    ld [px], a
    call collides
    ret nc
    ld a, [move_dx]
    ld b, a
    ld a, [px]
    sub b
    ld [px], a
    ret

; Moves the piece one row down; carry set (and the piece unmoved) if it cannot.
try_move_down:
    ld hl, py
    inc [hl]
    call collides
    ret nc
    ld hl, py
    dec [hl]
    scf
    ret

; A = 1 (clockwise) or -1: rotates, trying the kicks in order; keeps the old position if none fits.
try_rotate:
    ld b, a
    ld a, [rot]
    ld [saved_rot], a
    add a, b
    and 3
    ld [rot], a
    ld a, [px]
    ld [saved_px], a
    ld a, [py]
    ld [saved_py], a
    ld a, (kicks_end - kicks) / 2
    ld [kick_left], a
    ld hl, kicks
.try:
    ld a, [saved_px]
    add a, [hl]
    ld [px], a
    inc hl
    ld a, [saved_py]
    add a, [hl]
    ld [py], a
    inc hl
    push hl
    call collides
    pop hl
    ret nc
    ld a, [kick_left]
    dec a
    ld [kick_left], a
    jr nz, .try
    ld a, [saved_rot]
    ld [rot], a
    ld a, [saved_px]
    ld [px], a
    ld a, [saved_py]
    ld [py], a
    ret

; HL = the current piece's four cells (dx, dy).
shape_pointer:
    ld a, [piece]
    add a, a
    add a, a
    ld b, a
    ld a, [rot]
    add a, b
    add a, a
    add a, a
    add a, a
    ld e, a
    ld d, 0
    ld hl, piece_shapes
    add hl, de
    ret

; Carry set if the piece at (px, py, rot) leaves the field or overlaps the stack.
collides:
    call shape_pointer
    ld b, 4
.cell:
    ld a, [px]
    add a, [hl]
    inc hl
    cp COLS
    jr nc, .hit                 ; also a negative column
    ld c, a
    ld a, [py]
    add a, [hl]
    inc hl
    cp ROWS
    jr nc, .hit
    push hl
    call cell_address
    ld a, [hl]
    pop hl
    cp EMPTY
    jr nz, .hit
    dec b
    jr nz, .cell
    and a
    ret
.hit:
    scf
    ret

; A = row, C = column: HL = the board cell (the board is within one 256-byte page).
cell_address:
    ld l, a
    add a, a
    add a, a
    add a, l
    add a, a
    add a, c
    add a, LOW(board)
    ld l, a
    ld h, HIGH(board)
    ret

; The piece becomes part of the stack; full rows start the clear animation, otherwise the next piece comes.
lock_piece:
    call shape_pointer
    ld b, 4
.cell:
    ld a, [px]
    add a, [hl]
    inc hl
    ld c, a
    ld a, [py]
    add a, [hl]
    inc hl
    push hl
    push af
    call cell_address
    ld a, [piece]
    add a, BLOCK_TILE
    ld [hl], a
    pop af
    add a, LOW(dirty)
    ld l, a
    ld h, HIGH(dirty)
    ld [hl], 1
    pop hl
    dec b
    jr nz, .cell
    call find_full_rows
    and a
    jp z, spawn
    ld [cleared], a
    call award
    ld a, CLEAR_FRAMES
    ld [clear_timer], a
    ld a, STATE_CLEARING
    ld [state], a
    ret

; Marks full rows in full_rows; A = how many.
find_full_rows:
    ld hl, board
    ld de, full_rows
    ld bc, ROWS << 8
.row:
    push bc
    ld b, COLS
    ld c, 1
.cell:
    ld a, [hl+]
    cp EMPTY
    jr nz, .filled
    ld c, 0
.filled:
    dec b
    jr nz, .cell
    ld a, c
    ld [de], a
    inc de
    pop bc
    add a, c
    ld c, a
    dec b
    jr nz, .row
    ld a, c
    ret

; Score, lines and level for [cleared] lines: points × (level + 1), a level every 10 lines.
award:
    ld a, [cleared]
    dec a
    add a, a
    ld e, a
    ld d, 0
    ld hl, line_points
    add hl, de
    ld a, [hl+]
    ld e, a
    ld d, [hl]
    ld a, [level]
    inc a
    ld b, a
.times:
    push bc
    push de
    call add_score
    pop de
    pop bc
    dec b
    jr nz, .times
    ld a, [cleared]
    ld b, a
    ld hl, lines_bcd
    ld a, [hl]
    add a, b
    daa
    ld [hl+], a
    ld a, [hl]
    adc a, 0
    daa
    ld [hl], a
    ld hl, lines_bin
    ld a, [hl]
    add a, b
    ld [hl+], a
    ld a, [hl]
    adc a, 0
    ld [hl], a
    ld a, [lines_bin]           ; level = lines / 10
    ld l, a
    ld a, [lines_bin + 1]
    ld h, a
    ld bc, -10
    ld d, 0
.divide:
    add hl, bc
    jr nc, .divided
    inc d
    jr .divide
.divided:
    ld a, d
    cp 99
    jr c, .level_ok
    ld a, 99
.level_ok:
    ld [level], a
    ld b, 0                     ; level in BCD
.tens:
    cp 10
    jr c, .ones
    sub 10
    inc b
    jr .tens
.ones:
    swap b
    or b
    ld [level_bcd], a
    ld a, 1
    ld [panel_dirty], a
    ret

; DE = BCD points (4 digits) added to the 6-digit BCD score, which stops at 999999.
add_score:
    ld hl, score
    ld a, [hl]
    add a, e
    daa
    ld [hl+], a
    ld a, [hl]
    adc a, d
    daa
    ld [hl+], a
    ld a, [hl]
    adc a, 0
    daa
    ld [hl], a
    jr nc, .done
    ld a, $99
    ld [hl-], a
    ld [hl-], a
    ld [hl], a
.done:
    ld a, 1
    ld [panel_dirty], a
    ret

; The full rows flash, then the rows above fall into their place.
clearing_update:
    ld hl, clear_timer
    dec [hl]
    jr z, .finish
    ld a, [hl]
    and 3
    ret nz
    ld a, [hl]
    and 4
    ld a, FLASH_TILE
    jr nz, .paint
    ld a, EMPTY
.paint:
    ld e, a
    ld c, 0
.row:
    ld a, c
    add a, LOW(full_rows)
    ld l, a
    ld h, HIGH(full_rows)
    ld a, [hl]
    and a
    jr z, .next
    ld a, c
    add a, LOW(dirty)
    ld l, a
    ld [hl], 1
    push bc
    ld a, c
    ld c, 0
    call cell_address
    ld a, e
    ld b, COLS
.fill:
    ld [hl+], a
    dec b
    jr nz, .fill
    pop bc
.next:
    inc c
    ld a, c
    cp ROWS
    jr nz, .row
    ret
.finish:
    call collapse
    ld a, STATE_PLAY
    ld [state], a
    jp spawn

; Removes the full rows: the rows above move down, empty rows come in at the top. Every row is redrawn.
collapse:
    ld b, ROWS - 1              ; B = row read, C = row written
    ld c, ROWS - 1
.row:
    ld a, b
    add a, LOW(full_rows)
    ld l, a
    ld h, HIGH(full_rows)
    ld a, [hl]
    and a
    jr nz, .skip
    ld a, b
    cp c
    call nz, move_row
    dec c
.skip:
    dec b
    bit 7, b
    jr z, .row
.clear_top:
    bit 7, c
    jr nz, .done
    push bc
    ld a, c
    ld c, 0
    call cell_address
    ld a, EMPTY
    ld b, COLS
.empty:
    ld [hl+], a
    dec b
    jr nz, .empty
    pop bc
    dec c
    jr .clear_top
.done:
    ld hl, full_rows
    ld bc, ROWS
    xor a
    call fill
    ld hl, dirty
    ld bc, ROWS
    ld a, 1
    jp fill

; Copies board row B to row C. Keeps BC.
move_row:
    push bc
    ld a, b
    ld c, 0
    call cell_address
    ld d, h
    ld e, l
    pop bc
    push bc
    ld a, c
    ld c, 0
    call cell_address
    ld b, COLS
.copy:
    ld a, [de]
    inc de
    ld [hl+], a
    dec b
    jr nz, .copy
    pop bc
    ret

; ---------------------------------------------------------------- drawing

; Shadow OAM: sprites 0-3 the falling piece, 4-7 the next piece in the panel.
update_sprites:
    ld a, [state]
    cp STATE_PLAY
    jr z, .show
    cp STATE_PAUSED
    jr z, .show
    ld hl, shadow_oam
    ld bc, 32
    xor a
    jp fill
.show:
    ld a, [piece]
    ld [spr_piece], a
    add a, BLOCK_TILE
    ld [spr_tile], a
    ld a, [rot]
    ld [spr_rot], a
    ld a, [px]
    add a, a
    add a, a
    add a, a
    add a, 16                   ; column 1 of the screen is playfield column 0; OAM X is screen X + 8
    ld [spr_x], a
    ld a, [py]
    add a, a
    add a, a
    add a, a
    add a, 16
    ld [spr_y], a
    ld hl, shadow_oam
    call put_piece
    ld a, [next_piece]
    ld [spr_piece], a
    add a, BLOCK_TILE
    ld [spr_tile], a
    xor a
    ld [spr_rot], a
    ld a, 14 * 8 + 8
    ld [spr_x], a
    ld a, 12 * 8 + 16
    ld [spr_y], a
    ld hl, shadow_oam + 16
    ; falls through

; Four sprites for piece spr_piece / spr_rot with its box at OAM (spr_x, spr_y), written at HL.
put_piece:
    push hl
    ld a, [spr_piece]
    add a, a
    add a, a
    ld b, a
    ld a, [spr_rot]
    add a, b
    add a, a
    add a, a
    add a, a
    ld e, a
    ld d, 0
    ld hl, piece_shapes
    add hl, de
    ld d, h
    ld e, l
    pop hl
    REPT 4
    ld a, [de]
    inc de
    add a, a
    add a, a
    add a, a
    ld c, a
    ld a, [de]
    inc de
    add a, a
    add a, a
    add a, a
    ld b, a
    ld a, [spr_y]
    add a, b
    ld [hl+], a
    ld a, [spr_x]
    add a, c
    ld [hl+], a
    ld a, [spr_tile]
    ld [hl+], a
    xor a
    ld [hl+], a
    ENDR
    ret

; Board row C to the map (VBlank only).
draw_row:
    ld a, c
    push bc
    ld c, 0
    call cell_address
    pop bc
    ld d, h
    ld e, l
    ld l, c
    ld h, 0
    add hl, hl
    add hl, hl
    add hl, hl
    add hl, hl
    add hl, hl
    ld bc, SCRN0 + 1
    add hl, bc
    REPT COLS
    ld a, [de]
    inc de
    ld [hl+], a
    ENDR
    ret

; Score, lines and level to the map (VBlank, or with the LCD off).
draw_panel:
    xor a
    ld [panel_dirty], a
    ld hl, SCRN0 + 2 * 32 + 13
    ld a, [score + 2]
    call put_bcd
    ld a, [score + 1]
    call put_bcd
    ld a, [score]
    call put_bcd
    ld hl, SCRN0 + 5 * 32 + 14
    ld a, [lines_bcd + 1]
    call put_bcd
    ld a, [lines_bcd]
    call put_bcd
    ld hl, SCRN0 + 8 * 32 + 16
    ld a, [level_bcd]
    jp put_bcd

; The 8-character status text to the map (VBlank, or with the LCD off).
draw_status:
    xor a
    ld [status_dirty], a
    ld hl, SCRN0 + 16 * 32 + 12
    ld a, [status]
    ld e, a
    ld a, [status + 1]
    ld d, a
    REPT 8
    ld a, [de]
    inc de
    ld [hl+], a
    ENDR
    ret

; A = two BCD digits written at HL.
put_bcd:
    ld b, a
    swap a
    and $0F
    add a, "0"
    ld [hl+], a
    ld a, b
    and $0F
    add a, "0"
    ld [hl+], a
    ret

; HL = the 8-character status text.
set_status:
    ld a, l
    ld [status], a
    ld a, h
    ld [status + 1], a
    ld a, 1
    ld [status_dirty], a
    ret

; ---------------------------------------------------------------- helpers

lcd_off:
    ldh a, [rLCDC]
    bit 7, a
    ret z
.wait:
    ldh a, [rLY]
    cp 144
    jr c, .wait
    xor a
    ldh [rLCDC], a
    ret

lcd_on:
    ld a, LCDC_ON | LCDC_TILES_8000 | LCDC_OBJ_ON | LCDC_BG_ON
    ldh [rLCDC], a
    ret

clear_map:
    ld hl, SCRN0
    ld bc, 32 * 32
    ld a, EMPTY
    ; falls through

; Fills BC bytes at HL with A.
fill:
    ld d, a
.loop:
    ld a, d
    ld [hl+], a
    dec bc
    ld a, b
    or c
    jr nz, .loop
    ret

; Copies BC bytes from DE to HL.
copy:
    ld a, [de]
    inc de
    ld [hl+], a
    dec bc
    ld a, b
    or c
    jr nz, copy
    ret

; Prints the 0-terminated text at DE to HL.
print_at:
    ld a, [de]
    and a
    ret z
    inc de
    ld [hl+], a
    jr print_at

; Copies the 0-terminated text at DE to HL (the board).
copy_text:
    jr print_at

; The seven blocks in a row at HL.
block_strip:
    ld a, BLOCK_TILE
    ld b, 7
.loop:
    ld [hl+], a
    inc a
    dec b
    jr nz, .loop
    ret

; ---------------------------------------------------------------- data

gravity_table:  ; frames per row, levels 0-19 and up
    db 48, 43, 38, 33, 28, 23, 18, 13, 8, 6, 5, 5, 5, 4, 4, 4, 3, 3, 3, 2
line_points:    ; BCD, for 1-4 lines
    dw $0040, $0100, $0300, $1200
kicks:          ; (dx, dy) tried in order when rotating
    db 0, 0, -1, 0, 1, 0, -2, 0, 2, 0, 0, -1
kicks_end:

text_title:       db "BRICKFALL", 0
text_press_start: db "PRESS START", 0
text_credit:      db "BARE METAL ARCADE", 0
text_credit2:     db "LR35902 DMG", 0
text_score:       db "SCORE", 0
text_lines:       db "LINES", 0
text_level:       db "LEVEL", 0
text_next:        db "NEXT", 0
text_game:        db "GAME", 0
text_over:        db "OVER", 0
status_blank:     db "        "
status_paused:    db " PAUSED "

INCLUDE "font.inc"
INCLUDE "brickfall-data.inc"
