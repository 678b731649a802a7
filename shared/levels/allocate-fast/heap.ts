/**
 * The heap as the allocator sees it: live blocks sorted by address inside [0, size). Placement is checked the
 * way `GlobalAlloc` obliges an allocator: the returned range must be in bounds, aligned, and disjoint from every
 * live allocation.
 */
import { fail, ok, type Result } from "../../engine/errors.ts";
import { alignUp, hex, isAligned } from "./alignment.ts";

export interface Block {
  readonly id: number;
  readonly addr: number;
  readonly size: number;
  readonly align: number;
  readonly label: string;
}

export interface Layout {
  readonly size: number;
  readonly align: number;
  readonly label: string;
}

export function blockAt(blocks: readonly Block[], addr: number): Block | undefined {
  return blocks.find((b) => addr >= b.addr && addr < b.addr + b.size);
}

/** Checks a placement of `layout` at `addr` in a heap of `heapSize` bytes. */
export function checkPlacement(blocks: readonly Block[], heapSize: number, layout: Layout, addr: number): Result<null> {
  const end = addr + layout.size;
  const range = `${hex(addr)}..${hex(end)}`;
  if (addr < 0 || end > heapSize) {
    return fail("E_OUT_OF_BOUNDS", `${layout.label} at ${range} runs past the end of the ${heapSize}-byte heap (${hex(heapSize)}).`);
  }
  if (!isAligned(addr, layout.align)) {
    const up = alignUp(addr, layout.align);
    return fail("E_MISALIGNED",
      `${hex(addr)} is not a multiple of ${layout.align}: ${layout.label} needs ${layout.align}-byte alignment ` +
      `(round up: (${addr} + ${layout.align - 1}) & !${layout.align - 1} = ${up}).`);
  }
  const hit = blocks.find((b) => addr < b.addr + b.size && b.addr < end);
  if (hit) {
    return fail("E_OVERLAP", `${range} overlaps the live ${hit.label} at ${hex(hit.addr)}..${hex(hit.addr + hit.size)}.`);
  }
  return ok(null);
}

/** Inserts keeping address order. */
export function insertBlock(blocks: Block[], block: Block): void {
  let i = 0;
  while (i < blocks.length && blocks[i]!.addr < block.addr) i++;
  blocks.splice(i, 0, block);
}

/** Start of the free range that contains `addr` (the end of the nearest live block below it, or 0). */
export function freeRangeStart(blocks: readonly Block[], addr: number): number {
  let start = 0;
  for (const b of blocks) {
    const end = b.addr + b.size;
    if (end <= addr && end > start) start = end;
  }
  return start;
}

/** Lowest aligned address at or after `from` where `layout` fits (first fit), or -1 if none does. */
export function firstFit(blocks: readonly Block[], heapSize: number, layout: Layout, from = 0): number {
  let addr = alignUp(from, layout.align);
  for (const b of blocks) {
    if (b.addr + b.size <= addr) continue;
    if (addr + layout.size <= b.addr) return addr;
    addr = alignUp(Math.max(addr, b.addr + b.size), layout.align);
  }
  return addr + layout.size <= heapSize ? addr : -1;
}
