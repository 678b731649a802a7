/**
 * The GlobalAlloc contract as errors a player reads. Rust's `core::alloc::GlobalAlloc` makes the *caller*
 * responsible for: a layout of non-zero size (`alloc` with size 0 is undefined behaviour); passing `dealloc` a
 * pointer that this allocator returned and that is still allocated (not freed, not invalidated by an arena
 * reset); and passing `dealloc` exactly the layout the block was allocated with. Breaking any of them is UB, which
 * the game reports the way Miri would: a distinct code, one sentence naming the allocation, and the misconception
 * it belongs to. The same table serves manual stages (the player's actions) and trace runs (a teacher's trace).
 */
import { gameError, type GameError } from "../../engine/errors.ts";
import { hex } from "./alignment.ts";

export interface ContractError extends GameError {
  readonly misconception: string;
}

/** Every contract breach: code, misconception tag, and what the reference says about it. */
export const CONTRACT = {
  E_ZERO_SIZE: { misconception: "zero-sized allocation", rule: "layout.size() must be non-zero: alloc with a zero-size layout is undefined behaviour" },
  E_USE_AFTER_FREE: { misconception: "use after free", rule: "a pointer must not be used after dealloc" },
  E_USE_AFTER_RESET: { misconception: "use after reset", rule: "every pointer into an arena dangles once the arena is reset" },
  E_DOUBLE_FREE: { misconception: "double free", rule: "dealloc must be given a block that is currently allocated" },
  E_WRONG_LAYOUT: { misconception: "wrong layout on dealloc", rule: "dealloc must be called with the same layout that was used to allocate the block" },
  E_FOREIGN_FREE: { misconception: "foreign pointer", rule: "dealloc must be given a pointer this allocator returned" },
} as const;

export type ContractCode = keyof typeof CONTRACT;

function breach(code: ContractCode, message: string): ContractError {
  return { ...gameError(code, message), misconception: CONTRACT[code].misconception };
}

export interface LayoutOf {
  readonly size: number;
  readonly align: number;
}

const layoutText = (l: LayoutOf) => `Layout { size: ${l.size}, align: ${l.align} }`;

export function zeroSize(what: string, layout: LayoutOf): ContractError {
  return breach("E_ZERO_SIZE",
    `Undefined Behavior: ${what} called with ${layoutText(layout)}: a zero-sized allocation must not reach the allocator ` +
    `(a Box<()> or Vec<()> uses NonNull::dangling() instead).`);
}

export function useAfterFree(name: string, addr: number, what = "access"): ContractError {
  return breach("E_USE_AFTER_FREE", `Undefined Behavior: memory ${what} failed: ${name} at ${hex(addr, 4)} has been freed, so this pointer is dangling.`);
}

export function useAfterReset(name: string, addr: number, what = "access"): ContractError {
  return breach("E_USE_AFTER_RESET",
    `Undefined Behavior: memory ${what} failed: ${name} at ${hex(addr, 4)} lived in the arena, and the arena has been reset, so this pointer is dangling.`);
}

export function doubleFree(name: string, addr: number): ContractError {
  return breach("E_DOUBLE_FREE", `Undefined Behavior: deallocating ${name} at ${hex(addr, 4)}, which has already been freed (double free).`);
}

export function wrongLayout(name: string, had: LayoutOf, gave: LayoutOf): ContractError {
  return breach("E_WRONG_LAYOUT",
    `Undefined Behavior: incorrect layout on deallocation: ${name} has size ${had.size} and alignment ${had.align}, ` +
    `but gave size ${gave.size} and alignment ${gave.align}.`);
}

export function foreignFree(addr: number): ContractError {
  return breach("E_FOREIGN_FREE", `Undefined Behavior: deallocating ${hex(addr, 4)}, which is not the start of any block this allocator returned.`);
}

/** What a pointer the program holds currently refers to. */
export type HandleState = "live" | "freed" | "reset";

export interface Handle {
  readonly id: number;
  readonly addr: number;
  size: number;
  readonly align: number;
  state: HandleState;
}

/** Checks `dealloc(addr, layout)` against the handles the program holds (newest handle at an address wins). */
export function checkDealloc(handles: readonly Handle[], addr: number, layout: LayoutOf, name: (h: Handle) => string): ContractError | null {
  let found: Handle | undefined;
  for (const h of handles) if (h.addr === addr && (h.state === "live" || !found || found.state !== "live")) found = h;
  if (!found) return foreignFree(addr);
  if (found.state === "freed") return doubleFree(name(found), addr);
  if (found.state === "reset") return useAfterReset(name(found), addr, "deallocation");
  if (found.size !== layout.size || found.align !== layout.align) return wrongLayout(name(found), found, layout);
  return null;
}

/** Checks a read or write through the handle with this id. */
export function checkUse(h: Handle, name: string): ContractError | null {
  if (h.state === "freed") return useAfterFree(name, h.addr);
  if (h.state === "reset") return useAfterReset(name, h.addr);
  return null;
}
