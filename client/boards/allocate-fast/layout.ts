/**
 * Geometry of the heap: rows of 64 bytes (one x86-64 cache line each) in address order, scaled so the whole
 * heap fits the board area. Addresses map to cells and back; a byte range maps to one rectangle per row.
 */
export const LINE_BYTES = 64;

export interface HeapLayout {
  readonly heapSize: number;
  readonly rows: number;
  /** Left edge and top of the cell grid, in game coordinates. */
  readonly x0: number;
  readonly y0: number;
  readonly cellW: number;
  readonly rowH: number;
}

export interface Rect {
  x: number;
  y: number;
  w: number;
  h: number;
}

/** The area the grid may use: right of the axis labels, below the column ruler. */
export const AREA = { left: 432, top: 72, right: 1264, bottom: 712 } as const;

export function heapLayout(heapSize: number): HeapLayout {
  const rows = Math.ceil(heapSize / LINE_BYTES);
  const cellW = Math.floor((AREA.right - AREA.left) / LINE_BYTES);
  const rowH = Math.max(4, Math.min(72, Math.floor((AREA.bottom - AREA.top) / rows)));
  return { heapSize, rows, x0: AREA.left, y0: AREA.top, cellW, rowH };
}

export function cellRect(l: HeapLayout, addr: number): Rect {
  return { x: l.x0 + (addr % LINE_BYTES) * l.cellW, y: l.y0 + Math.floor(addr / LINE_BYTES) * l.rowH, w: l.cellW, h: l.rowH };
}

/** One rectangle per row the byte range [start, end) touches. */
export function rangeRects(l: HeapLayout, start: number, end: number): Rect[] {
  const out: Rect[] = [];
  let a = Math.max(0, start);
  while (a < end) {
    const rowEnd = (Math.floor(a / LINE_BYTES) + 1) * LINE_BYTES;
    const b = Math.min(end, rowEnd);
    const r = cellRect(l, a);
    out.push({ x: r.x, y: r.y, w: (b - a) * l.cellW, h: l.rowH });
    a = b;
  }
  return out;
}

/** The byte under a game-coordinate point, or -1 outside the heap. */
export function addrAt(l: HeapLayout, x: number, y: number): number {
  const col = Math.floor((x - l.x0) / l.cellW);
  const row = Math.floor((y - l.y0) / l.rowH);
  if (col < 0 || col >= LINE_BYTES || row < 0 || row >= l.rows) return -1;
  const addr = row * LINE_BYTES + col;
  return addr < l.heapSize ? addr : -1;
}

/** Width in game units of the grid's full row. */
export function gridWidth(l: HeapLayout): number {
  return LINE_BYTES * l.cellW;
}
