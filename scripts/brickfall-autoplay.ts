/**
 * Records a Brickfall input script by playing the game on the reference machine: a simple bot reads the board
 * and the falling piece from WRAM (addresses from the assembler's symbols), picks a placement (lines, height,
 * holes, bumpiness), and taps A / Left / Right / Up to get there. From frame GIVE_UP until the first game over it
 * just hard-drops every piece where it appears, so the recording also covers GAME OVER and a second game.
 * The recorded script (frame, keys per change) is what the golden test replays; the bot is not needed to replay it.
 *   npx node scripts/brickfall-autoplay.ts [frames] [out]
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { BUTTONS } from "../shared/levels/cpu-core/joypad.ts";
import { GameBoy } from "../shared/levels/cpu-core/machine.ts";
import { assembleRom, ROOT } from "./roms.ts";

const FRAMES = Number(process.argv[2] ?? 3600);
const OUT = process.argv[3] ?? join(ROOT, "shared/levels/cpu-core/fixtures/brickfall-golden.input");
const { rom, symbols } = assembleRom("brickfall");
const sym = (name: string) => {
  const v = symbols.get(name);
  if (v === undefined) throw new Error(`no symbol ${name}`);
  return v;
};
const gb = new GameBoy(rom);
const ram = (address: number) => gb.bus.read(address);
const signed = (b: number) => (b >= 0x80 ? b - 0x100 : b);
const shapes: number[][][][] = [];
for (let p = 0; p < 7; p++) {
  shapes.push([]);
  for (let r = 0; r < 4; r++) {
    const cells: number[][] = [];
    for (let k = 0; k < 4; k++) cells.push([rom[sym("piece_shapes") + (p * 4 + r) * 8 + k * 2]!, rom[sym("piece_shapes") + (p * 4 + r) * 8 + k * 2 + 1]!]);
    shapes[p]!.push(cells);
  }
}
const EMPTY = 0x20, ROWS = 18, COLS = 10;
const GIVE_UP = 1500;
let gameOvers = 0;

function evaluate(board: boolean[], piece: number, rot: number, px: number): number | null {
  const fits = (y: number) => shapes[piece]![rot]!.every(([dx, dy]) => {
    const x = px + dx!, yy = y + dy!;
    return x >= 0 && x < COLS && yy >= 0 && yy < ROWS && !board[yy * COLS + x];
  });
  if (!fits(0)) return null;
  let y = 0;
  while (fits(y + 1)) y++;
  const b = board.slice();
  for (const [dx, dy] of shapes[piece]![rot]!) b[(y + dy!) * COLS + px + dx!] = true;
  let lines = 0;
  for (let r = ROWS - 1; r >= 0; r--) {
    if (b.slice(r * COLS, r * COLS + COLS).every(Boolean)) {
      lines++;
      b.splice(r * COLS, COLS);
      b.unshift(...new Array<boolean>(COLS).fill(false));
      r++;
    }
  }
  const heights: number[] = [];
  let holes = 0;
  for (let x = 0; x < COLS; x++) {
    let h = 0;
    for (let r = 0; r < ROWS; r++) if (b[r * COLS + x]) { h = ROWS - r; break; }
    heights.push(h);
    for (let r = ROWS - h; r < ROWS; r++) if (!b[r * COLS + x]) holes++;
  }
  const aggregate = heights.reduce((a, h) => a + h, 0);
  let bump = 0;
  for (let x = 1; x < COLS; x++) bump += Math.abs(heights[x]! - heights[x - 1]!);
  return 76 * lines - 51 * aggregate - 36 * holes - 18 * bump;
}

const masks: number[] = [];
let target: { rot: number; px: number } | null = null;
let lastPiece = -1, lastPy = 99, prev = 0, prevState = -1;
for (let frame = 0; frame < FRAMES; frame++) {
  let keys = 0;
  const state = ram(sym("state"));
  if (state === 0 && frame % 120 === 30) keys = BUTTONS.start;
  if (state === 4 && frame % 120 === 60) keys = BUTTONS.start;
  if (state === 4 && prevState !== 4) gameOvers++;
  prevState = state;
  if (state === 1) {
    const piece = ram(sym("piece")), rot = ram(sym("rot")), px = signed(ram(sym("px"))), py = ram(sym("py"));
    if (py < lastPy || piece !== lastPiece) target = null; // a new piece
    lastPy = py;
    lastPiece = piece;
    if (!target) {
      const board: boolean[] = [];
      for (let i = 0; i < ROWS * COLS; i++) board.push(ram(sym("board") + i) !== EMPTY);
      let best = -Infinity;
      for (let r = 0; r < 4; r++) for (let x = -2; x < COLS; x++) {
        const s = evaluate(board, piece, r, x);
        if (s !== null && s > best) { best = s; target = { rot: r, px: x }; }
      }
      target ??= { rot, px };
      if (frame >= GIVE_UP && gameOvers === 0) target = { rot, px };
    }
    if (prev === 0) {
      if (rot !== target.rot) keys = BUTTONS.a;
      else if (px > target.px) keys = BUTTONS.left;
      else if (px < target.px) keys = BUTTONS.right;
      else keys = BUTTONS.up;
    }
  }
  masks.push(keys);
  gb.runFrame(keys);
  prev = keys;
}

const names = Object.entries(BUTTONS);
const lines = ["# Brickfall golden input, recorded by scripts/brickfall-autoplay.ts: <frame> <keys held from that frame>"];
let held = -1;
masks.forEach((m, f) => {
  if (m === held) return;
  held = m;
  lines.push(`${f} ${m === 0 ? "-" : names.filter(([, bit]) => m & bit).map(([n]) => n).join(",")}`);
});
writeFileSync(OUT, lines.join("\n") + "\n");
const bcd = (a: number, n: number) => Array.from({ length: n }, (_, i) => ram(a + n - 1 - i).toString(16).padStart(2, "0")).join("");
console.log(JSON.stringify({ out: OUT, frames: FRAMES, changes: lines.length - 1, score: bcd(sym("score"), 3), lines: bcd(sym("lines_bcd"), 2), level: ram(sym("level")), state: ram(sym("state")) }));
