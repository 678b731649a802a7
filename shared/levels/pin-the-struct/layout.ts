/**
 * x86-64 layouts of the subset's types, as rustc lays them out: integers at their natural size and alignment,
 * `String`/`Vec<T>` 24 bytes (pointer, length, capacity; align 8), `Box<T>`, `&T`, `*const T` 8 bytes for sized T,
 * `&str` 16 (pointer + length), `Pin<P>` exactly `P` (it is `#[repr(transparent)]`), `PhantomPinned` 0 bytes align 1,
 * `[T; N]` inline, `Waker` 16 (data pointer + vtable pointer), `Context<'_>` 32 and `Poll<usize>` 16 (both
 * measured with size_of on rustc 1.95). Stage structs are `#[repr(C)]`: fields in declaration order, each at the next
 * multiple of its alignment, the size rounded up to the struct's alignment (the Rust reference, "Type layout").
 *
 * Omits: repr(Rust) reordering (the stage types all use repr(C)). The order of String's three words is
 * unspecified in Rust; the board draws them as (ptr, len, cap) and only the total size is observable.
 */
import { pinTarget } from "./std-api.ts";
import type { Ty, TypeWorld } from "./types.ts";

export interface Layout {
  readonly size: number;
  readonly align: number;
  /** Field offsets for structs (declaration order), element stride for arrays. */
  readonly offsets: readonly number[];
}

const INT_SIZE: Record<string, number> = { u8: 1, i8: 1, u16: 2, i16: 2, u32: 4, i32: 4, u64: 8, i64: 8, usize: 8, isize: 8 };

export function layoutOf(world: TypeWorld, t: Ty): Layout {
  switch (t.k) {
    case "int": { const s = INT_SIZE[t.name]!; return { size: s, align: s, offsets: [] }; }
    case "bool": return { size: 1, align: 1, offsets: [] };
    case "unit": return { size: 0, align: 1, offsets: [] };
    case "ref": case "raw": return t.to.k === "str" ? { size: 16, align: 8, offsets: [0, 8] } : { size: 8, align: 8, offsets: [] };
    case "array": {
      const e = layoutOf(world, t.of);
      return { size: e.size * t.len, align: e.align, offsets: [e.size] };
    }
    case "adt": {
      switch (t.name) {
        case "String": case "Vec": return { size: 24, align: 8, offsets: [0, 8, 16] };
        case "Box": return { size: 8, align: 8, offsets: [] };
        case "Pin": return layoutOf(world, t.args[0]!);
        case "PhantomPinned": return { size: 0, align: 1, offsets: [] };
        case "Waker": return { size: 16, align: 8, offsets: [0, 8] };
        case "Context": return { size: 32, align: 8, offsets: [] };
        case "Poll": {
          const inner = layoutOf(world, t.args[0]!);
          const align = Math.max(inner.align, 1);
          return { size: inner.size === 0 ? 1 : roundUp(align + inner.size, align), align, offsets: [align] };
        }
      }
      const s = world.structs.get(t.name);
      if (!s) return { size: 0, align: 1, offsets: [] };
      let off = 0;
      let align = 1;
      const offsets: number[] = [];
      for (const f of s.fields) {
        const l = layoutOf(world, f.ty);
        off = roundUp(off, l.align);
        offsets.push(off);
        off += l.size;
        align = Math.max(align, l.align);
      }
      return { size: roundUp(off, align), align, offsets };
    }
    default: return { size: 8, align: 8, offsets: [] };
  }
}

export function roundUp(n: number, align: number): number {
  return Math.ceil(n / align) * align;
}

/** The type a pointer value points at: `&T`, `*const T`, `Box<T>`, `Pin<P>` → T. */
export function pointee(t: Ty): Ty {
  if (t.k === "ref" || t.k === "raw") return t.to;
  if (t.k === "adt" && t.name === "Box") return t.args[0]!;
  if (t.k === "adt" && t.name === "Pin") return pinTarget(t);
  return { k: "error" };
}
