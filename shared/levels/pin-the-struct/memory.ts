/**
 * The memory of the pin machine: allocations on a stack that grows down from 0x7ffe_0000_0000 and a heap that grows
 * up from 0x6000_0000_1000, each holding one typed value tree laid out by layout.ts, so every field has an exact
 * address. A move copies a value tree to a new allocation and leaves a ghost (the old allocation, dead, kept for the
 * board). A raw pointer is just an address: it is checked only when dereferenced, by finding the allocation and
 * the place of the pointer's type at that address.
 *
 * Implements: stack slots, heap allocation with malloc's 16-byte alignment, free, moved-from places, pinned
 * places, finding the place at an address. Omits: reuse of freed heap addresses (a freed address is never handed
 * out again, so a dangling pointer never aliases a newer value), byte-level reinterpretation of values.
 */
import { layoutOf } from "./layout.ts";
import { sameTy, type Ty, type TypeWorld } from "./types.ts";

export const STACK_TOP = 0x7ffe_0000_0000;
export const HEAP_BASE = 0x6000_0000_1000;
/** malloc on x86-64 glibc returns 16-byte aligned blocks. */
export const HEAP_ALIGN = 16;

export type MVal =
  | { readonly t: "int"; v: number }
  | { readonly t: "bool"; v: boolean }
  /** A pointer of type `ty` (`&T`, `&mut T`, `*const T`, `Box<T>`, `Pin<P>`); `unchecked` marks a `&mut` from get_unchecked_mut. */
  | { readonly t: "ptr"; addr: number; ty: Ty; unchecked?: boolean }
  | { readonly t: "struct"; fields: MVal[] }
  | { readonly t: "string"; buf: number; len: number; cap: number }
  | { readonly t: "vec"; buf: number; len: number; cap: number }
  | { readonly t: "array"; items: MVal[] }
  /** The bytes of a String's heap buffer. */
  | { readonly t: "bytes"; text: string }
  | { readonly t: "zst" }
  | { readonly t: "unit" }
  | { readonly t: "poll"; ready: boolean; v: number }
  | { readonly t: "ctx"; waker: number }
  | { readonly t: "waker" }
  /** A projection closure `|s| &mut s.a.b`: the field path it selects. */
  | { readonly t: "closure"; fields: string[] }
  | { readonly t: "uninit" };

export interface Alloc {
  readonly id: number;
  readonly addr: number;
  readonly size: number;
  readonly region: "stack" | "heap";
  /** What the board calls it: a variable name, "Box<SelfRef>", "Vec buffer", "String buffer". */
  readonly label: string;
  readonly ty: Ty;
  value: MVal;
  live: boolean;
  /** Why it died: "moved" (a ghost), "freed", "out of scope". */
  death: string;
  /** Field paths (dot-joined indexes) moved out of a live allocation. */
  movedParts: string[];
  /** Paths (dot-joined indexes, "" = whole) pinned here. */
  pinned: string[];
  /** Where it moved to, for ghosts. */
  movedTo: number;
}

export interface Memory {
  allocs: Alloc[];
  sp: number;
  heapTop: number;
  heapAllocations: number;
}

export interface PlaceRef {
  readonly alloc: number;
  /** Indexes: struct field, array element. */
  readonly path: readonly number[];
  readonly ty: Ty;
}

export function newMemory(): Memory {
  return { allocs: [], sp: STACK_TOP, heapTop: HEAP_BASE, heapAllocations: 0 };
}

export function allocStack(mem: Memory, world: TypeWorld, ty: Ty, label: string, value: MVal): Alloc {
  const l = layoutOf(world, ty);
  mem.sp = Math.floor((mem.sp - l.size) / l.align) * l.align;
  return push(mem, { addr: mem.sp, size: l.size, region: "stack", label, ty, value });
}

export function allocHeap(mem: Memory, world: TypeWorld, ty: Ty, label: string, value: MVal, size = layoutOf(world, ty).size): Alloc {
  const addr = mem.heapTop;
  mem.heapTop = Math.ceil((addr + Math.max(size, 1)) / HEAP_ALIGN) * HEAP_ALIGN;
  mem.heapAllocations++;
  return push(mem, { addr, size, region: "heap", label, ty, value });
}

function push(mem: Memory, a: Omit<Alloc, "id" | "live" | "death" | "movedParts" | "pinned" | "movedTo">): Alloc {
  const alloc: Alloc = { ...a, id: mem.allocs.length, live: true, death: "", movedParts: [], pinned: [], movedTo: 0 };
  mem.allocs.push(alloc);
  return alloc;
}

export function allocAt(mem: Memory, addr: number): Alloc | undefined {
  // Newest first: a stack address can be reused by a later slot only after the old one died.
  for (let i = mem.allocs.length - 1; i >= 0; i--) {
    const a = mem.allocs[i]!;
    if (addr >= a.addr && (addr < a.addr + a.size || (a.size === 0 && addr === a.addr))) return a;
  }
  return undefined;
}

/** Offset of a path inside a type, and the type found there. */
export function offsetOf(world: TypeWorld, ty: Ty, path: readonly number[]): { offset: number; ty: Ty } {
  let offset = 0;
  let t = ty;
  for (const i of path) {
    const l = layoutOf(world, t);
    if (t.k === "array") { offset += i * l.offsets[0]!; t = t.of; continue; }
    if (t.k === "adt") {
      const s = world.structs.get(t.name);
      if (s) { offset += l.offsets[i]!; t = s.fields[i]!.ty; continue; }
    }
    break;
  }
  return { offset, ty: t };
}

export function addrOf(mem: Memory, world: TypeWorld, p: PlaceRef): number {
  const a = mem.allocs[p.alloc]!;
  return a.addr + offsetOf(world, a.ty, p.path).offset;
}

/** The value at a place (a live reference into the tree, so writes through it land in memory). */
export function valueAt(mem: Memory, p: PlaceRef): MVal {
  let v = mem.allocs[p.alloc]!.value;
  for (const i of p.path) {
    if (v.t === "struct") v = v.fields[i]!;
    else if (v.t === "array") v = v.items[i] ?? { t: "uninit" };
    else if (v.t === "bytes") return { t: "int", v: v.text.charCodeAt(i) };
    else return { t: "uninit" };
  }
  return v;
}

export function writeAt(mem: Memory, p: PlaceRef, value: MVal): void {
  const a = mem.allocs[p.alloc]!;
  if (p.path.length === 0) { a.value = value; return; }
  const parent = valueAt(mem, { alloc: p.alloc, path: p.path.slice(0, -1), ty: p.ty });
  const i = p.path[p.path.length - 1]!;
  if (parent.t === "struct") parent.fields[i] = value;
  else if (parent.t === "array") parent.items[i] = value;
  const key = p.path.join(".");
  a.movedParts = a.movedParts.filter((m) => m !== key && !m.startsWith(key + "."));
}

export const pathKey = (path: readonly number[]): string => path.join(".");

/** Is this place (or an enclosing one) moved out, or is its allocation dead? Returns the reason, or "". */
export function deadReason(mem: Memory, p: PlaceRef): string {
  const a = mem.allocs[p.alloc]!;
  if (!a.live) return a.death;
  const key = pathKey(p.path);
  for (const m of a.movedParts) if (key === m || key.startsWith(m + ".")) return "moved";
  return "";
}

/**
 * The place of type `want` at `addr`, if a value of that type lives there (a pointer's validity, as Miri checks
 * it: the allocation must be live and the bytes must belong to a value of the pointee's type).
 */
export function placeAt(mem: Memory, world: TypeWorld, addr: number, want: Ty): { place: PlaceRef | null; alloc: Alloc | undefined } {
  const a = allocAt(mem, addr);
  if (!a) return { place: null, alloc: undefined };
  let off = addr - a.addr;
  let t = a.ty;
  const path: number[] = [];
  for (let depth = 0; depth < 8; depth++) {
    if (off === 0 && sameTy(t, want)) return { place: { alloc: a.id, path, ty: t }, alloc: a };
    const l = layoutOf(world, t);
    if (t.k === "array") {
      const stride = l.offsets[0]!;
      const i = stride ? Math.floor(off / stride) : 0;
      path.push(i);
      off -= i * stride;
      t = t.of;
      continue;
    }
    if (t.k === "adt") {
      const s = world.structs.get(t.name);
      if (!s) break;
      let found = -1;
      for (let i = s.fields.length - 1; i >= 0; i--) {
        const fl = layoutOf(world, s.fields[i]!.ty);
        if (off >= l.offsets[i]! && off < l.offsets[i]! + Math.max(fl.size, 1) && (fl.size > 0 || sameTy(s.fields[i]!.ty, want))) { found = i; break; }
      }
      if (found < 0) break;
      path.push(found);
      off -= l.offsets[found]!;
      t = s.fields[found]!.ty;
      continue;
    }
    break;
  }
  return { place: null, alloc: a };
}

export function isPinned(mem: Memory, p: PlaceRef): boolean {
  const a = mem.allocs[p.alloc]!;
  const key = pathKey(p.path);
  return a.pinned.some((k) => k === "" || key === k || key.startsWith(k + ".") || k.startsWith(key === "" ? "" : key + "."));
}

export function hex(n: number): string {
  return "0x" + n.toString(16);
}

export function deepCopy(v: MVal): MVal {
  return structuredClone(v);
}
