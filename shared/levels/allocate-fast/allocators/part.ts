/**
 * What every allocator part implements, and the address space they share. Parts take memory from one simulated
 * address space by moving its break (sbrk), exactly as a malloc grows its heap; the break's highest value is the
 * heap's high-water mark. A part hands out `Block`s: the payload address plus the bytes it reserved for it
 * (header, padding, rounding), so internal fragmentation can be measured per block.
 *
 * Parts are transient computation: a run builds them from a design, drives a trace through them and keeps only
 * integer results, so nothing here lives in a level's state.
 */
import { alignUp } from "../alignment.ts";
import { charge, type Meter } from "../cost.ts";

export interface Block {
  /** Payload address returned to the program. */
  readonly addr: number;
  /** First byte reserved for this allocation (its header, if any). */
  readonly start: number;
  /** One past the last reserved byte. */
  readonly end: number;
  readonly size: number;
  readonly align: number;
  /** Id of the leaf part that owns it, so composites route the free back. */
  readonly owner: number;
  /** Header and footer bytes inside [start, end). */
  readonly meta: number;
}

export interface FreeSpace {
  total: number;
  largest: number;
}

/** What a board draws for one part: its free lists, bins and tree, as plain data. */
export interface PartView {
  readonly kind: string;
  readonly owner: number;
  /** Free ranges [start, end) this part holds, in address order. */
  readonly free: readonly (readonly [number, number])[];
  /** Per-list contents for free lists and bins: label → block starts in list order. */
  readonly lists: readonly { readonly label: string; readonly starts: readonly number[] }[];
  readonly children?: readonly PartView[];
}

export interface Part {
  readonly kind: string;
  alloc(size: number, align: number, thread: number): Block | null;
  free(block: Block, thread: number): void;
  /** Whether `block` came from this part (leaf ids; composites ask their children). */
  owns(block: Block): boolean;
  /** O(1) arena reset if the part supports it (then every block it handed out is dead); false otherwise. */
  reset(): boolean;
  /** The granule a request is rounded to (a size class), used as the bin key by per-thread caches. */
  classOf(size: number, align: number): number;
  freeSpace(): FreeSpace;
  /** Bytes of bookkeeping outside payload: side tables, descriptors (headers of live blocks are counted from blocks). */
  sideMetadata(): number;
  view(): PartView;
}

/** The address space: [0, limit), grown by moving the break. */
export interface Space {
  brk: number;
  readonly limit: number;
  readonly meter: Meter;
  /** Set while the space is reserving memory that is not charged (an arena's first chunk, made before the trace). */
  free: boolean;
  nextOwner: number;
}

export function createSpace(limit: number, meter: Meter): Space {
  return { brk: 0, limit, meter, free: false, nextOwner: 1 };
}

/** Moves the break up by `bytes` at an address aligned to `align`; returns the start, or -1 if the heap limit is hit. */
export function sbrk(space: Space, bytes: number, align: number): number {
  const start = alignUp(space.brk, align);
  if (start + bytes > space.limit || bytes <= 0) return -1;
  space.brk = start + bytes;
  if (!space.free) charge(space.meter, "grow");
  return start;
}

export function nextPow2(n: number): number {
  let p = 1;
  while (p < n) p *= 2;
  return p;
}

/** The shared heap's lock: two atomic RMWs per critical section, plus a line transfer when another thread held it last. */
export interface LockWord {
  holder: number;
}

export function acquire(space: Space, lock: LockWord, thread: number): void {
  charge(space.meter, "lock");
  if (lock.holder !== -1 && lock.holder !== thread) charge(space.meter, "lineTransfer");
  lock.holder = thread;
}
