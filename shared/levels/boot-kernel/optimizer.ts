/**
 * The optimizer pass of boot-kernel (opt-level ≥ 1): dead-store elimination over kmain's IR, as a compiler does for
 * plain (non-volatile) writes. A store is deleted when it is not volatile and nothing in the program can read the
 * bytes it writes. The generated blocks never read VGA memory back, so plain VGA writes vanish — the blank screen
 * that `write_volatile` exists to prevent. An assembly block is opaque to the pass: like `asm volatile` with a
 * "memory" clobber it may read anything, so while one is present every store is kept.
 * Omits: store-to-store forwarding, reordering and every other optimisation; only deletion is modelled.
 */
import type { IrOp } from "./blocks.ts";

export interface Optimized {
  readonly ops: IrOp[];
  /** How many stores the pass deleted. */
  readonly deleted: number;
}

export function optimize(ops: readonly IrOp[], optLevel: number): Optimized {
  if (optLevel < 1 || ops.some((op) => op.op === "code" && op.readsAllMemory)) return { ops: ops.slice(), deleted: 0 };
  const kept = ops.filter((op) => op.op !== "store" || op.volatile);
  return { ops: kept, deleted: ops.length - kept.length };
}
