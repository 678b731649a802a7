/**
 * The cpu-core board as a thumbnail for the class dashboard: the two opcode grids as 16×16 squares of status
 * colour (the stage's opcodes bright, others faint) above a bar of the stage's passing opcodes (the board shows the
 * same mini grid beside the game while Brickfall runs); during Tetris the
 * student's Game Boy screen instead, sampled down and drawn as runs of equal shade (a screen is mostly background,
 * so a row costs a handful of rectangles). No text: the dashboard labels the thumbnail itself.
 */
import type Phaser from "phaser";
import { writableFamilies, STAGE_RULES, type CpuCoreState } from "../../../shared/levels/cpu-core/index.ts";
import { FAMILY_OF_OPCODE } from "../../../shared/levels/cpu-core/microcode/index.ts";
import { COLOURS } from "../../app/theme.ts";
import type { Rect } from "../allocate-fast/layout.ts";
import { cellStatus } from "./picture.ts";
import { DMG_PALETTE, SCREEN_H, SCREEN_W } from "./screen.ts";

const STATUS_COLOUR = { untested: 0x2a3142, pass: 0x009e73, fail: COLOURS.error } as const;
const rgb = ([r, g, b]: readonly [number, number, number]) => (r << 16) | (g << 8) | b;
const SHADES = DMG_PALETTE.map(rgb);

function drawScreen(g: Phaser.GameObjects.Graphics, fb: Uint8Array, area: Rect): void {
  const scale = Math.min(area.w / SCREEN_W, area.h / SCREEN_H);
  const step = Math.max(1, Math.ceil(1 / scale));
  const x0 = area.x + (area.w - SCREEN_W * scale) / 2, y0 = area.y + (area.h - SCREEN_H * scale) / 2;
  g.fillStyle(SHADES[0]!, 1).fillRect(x0, y0, SCREEN_W * scale, SCREEN_H * scale);
  for (let y = 0; y < SCREEN_H; y += step) {
    let x = 0;
    while (x < SCREEN_W) {
      const shade = fb[y * SCREEN_W + x]! & 3;
      let end = x + step;
      while (end < SCREEN_W && (fb[y * SCREEN_W + end]! & 3) === shade) end += step;
      if (shade) g.fillStyle(SHADES[shade]!, 1).fillRect(x0 + x * scale, y0 + y * scale, (Math.min(end, SCREEN_W) - x) * scale, step * scale);
      x = end;
    }
  }
}

/** The two opcode pages as 16×16 squares of status colour above a bar of the stage's passing opcodes. */
export function drawMiniGrid(g: Phaser.GameObjects.Graphics, s: CpuCoreState, area: Rect): void {
  const mine = new Set(writableFamilies(STAGE_RULES[s.stage - 1] ?? STAGE_RULES[0]!));
  const barH = Math.max(3, Math.min(8, area.h * 0.08));
  const cell = Math.max(1, Math.min((area.w - 6) / 32, (area.h - barH - 4) / 16));
  const gridW = cell * 16;
  const x0 = area.x + (area.w - gridW * 2 - 6) / 2, y0 = area.y;
  let total = 0, passing = 0;
  for (let op = 0; op < 512; op++) {
    const family = FAMILY_OF_OPCODE[op]!;
    if (!family) continue;
    const status = cellStatus(s.report?.opcodeStatus, op);
    const ours = mine.has(family);
    if (ours) { total++; if (status === "pass") passing++; }
    const i = op & 0xff;
    const x = x0 + (op >= 256 ? gridW + 6 : 0) + (i % 16) * cell, y = y0 + Math.floor(i / 16) * cell;
    const side = Math.max(1, cell - (cell >= 4 ? 1 : 0));
    g.fillStyle(STATUS_COLOUR[status], ours || status !== "untested" ? 1 : 0.35).fillRect(x, y, side, side);
  }
  const by = y0 + cell * 16 + 4;
  g.fillStyle(COLOURS.free, 1).fillRect(x0, by, gridW * 2 + 6, barH);
  if (total) g.fillStyle(0x009e73, 1).fillRect(x0, by, ((gridW * 2 + 6) * passing) / total, barH);
  if (s.booted) g.fillStyle(COLOURS.pointer, 1).fillRect(x0 + gridW * 2 + 6 - barH, by, barH, barH);
}

export function drawCpuThumb(g: Phaser.GameObjects.Graphics, raw: unknown, area: Rect): void {
  const s = raw as CpuCoreState;
  const fb = s.play?.machine.ppu.framebuffer;
  if (fb) drawScreen(g, fb, area);
  else drawMiniGrid(g, s, area);
}
