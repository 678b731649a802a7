/**
 * What the stage preludes' methods do on the machine. The prelude bodies are real Rust (preludes/*.ts); this file
 * models each one by name, statement for statement: constructors build the struct field by field (String fields
 * from the text argument, raw pointers null, integers from the parameter of the same name, `[7; 16]` arrays),
 * `init` writes the address of a field into a pointer field, readers dereference a raw pointer (the check that
 * finds dangling pointers), `Countdown::poll` is the future's state machine, and the two Drop impls of stage 6.
 */
import type { RV, Interp } from "./interpreter.ts";
import { layoutOf } from "./layout.ts";
import { hex, isPinned, valueAt, writeAt, type MVal, type PlaceRef } from "./memory.ts";
import { adt, isUnpin, ref, show, STRING, USIZE, type Ty } from "./types.ts";

/** Self-pointer fields: [pointer field, the field it points at]. */
const SELF_POINTERS: Record<string, readonly [string, string]> = {
  SelfRef: ["ptr", "data"], Tracked: ["ptr", "data"], Node: ["ptr_to_value", "value"], Countdown: ["ptr", "data"],
};

type Arg = { v: MVal; ty: Ty; from: number };

const unit = (): RV => ({ k: "val", v: { t: "unit" }, ty: { k: "unit" } });

function construct(it: Interp, ty: Ty, text: string, named: Record<string, number>): MVal {
  if (ty.k === "adt" && ty.name === "String") return it.newString(text);
  if (ty.k === "raw") return { t: "ptr", addr: 0, ty };
  if (ty.k === "int") return { t: "int", v: named.__field__ ?? 0 };
  if (ty.k === "array") return { t: "array", items: Array.from({ length: ty.len }, () => construct(it, ty.of, text, {})) };
  if (ty.k === "adt" && ty.name === "PhantomPinned") return { t: "zst" };
  if (ty.k === "adt") {
    const s = it.world.structs.get(ty.name);
    if (s) return { t: "struct", fields: s.fields.map((f) => construct(it, f.ty, text, f.name in named ? { __field__: named[f.name]! } : ty.name === "Three" && f.ty.k === "array" ? {} : {})) };
  }
  return { t: "unit" };
}

/** Sets `ptrField` of the struct at `p` to the address of `targetField` (`this.ptr = &this.data;`). */
function pointAtSelf(it: Interp, p: PlaceRef, ptrField: string, targetField: string): void {
  const target = it.field(p, targetField);
  const ptr = it.field(p, ptrField);
  const addr = it.addr(target);
  writeAt(it.mem, ptr, { t: "ptr", addr, ty: ptr.ty });
  it.event({ kind: "write-ptr", text: `${it.name(ptr)} = ${hex(addr)} (&${it.name(target)})`, addr: it.addr(ptr), to: addr });
}

/** Dereferences a raw pointer field: the read a player watches succeed or turn into UB. */
function readThrough(it: Interp, p: PlaceRef, ptrField: string): PlaceRef {
  const ptr = it.field(p, ptrField);
  const v = valueAt(it.mem, ptr);
  const target = it.target(v, ptr.ty, `\`${it.name(ptr)}\``);
  const a = it.mem.allocs[target.alloc]!;
  it.event({
    kind: "read", ok: true, addr: it.addr(target), to: it.addr(p),
    text: `*${it.name(ptr)} reads ${it.name(target)} at ${hex(it.addr(target))}`,
    detail: `${ptrField}|${isPinned(it.mem, p) ? "pinned" : "unpinned"}|${a.region}`,
  });
  return target;
}

function self(it: Interp, recv: RV | null): PlaceRef {
  const r = recv as Extract<RV, { k: "val" }>;
  return it.derefVal(r.v, r.ty);
}

export function callPrelude(it: Interp, fn: string, recv: RV | null, args: readonly Arg[]): RV {
  const [owner, name] = fn.includes("::") ? fn.split("::") as [string, string] : ["", fn];
  const f = it.env.fns.get(fn);
  if (name === "new" && f) {
    const ty = adt(owner);
    const text = args[0]?.v.t === "bytes" ? args[0].v.text : "";
    const named: Record<string, number> = {};
    f.paramNames.forEach((n, i) => { const a = args[i]; if (a && a.v.t === "int") named[n] = a.v.v; });
    return { k: "val", v: construct(it, ty, text, named), ty };
  }
  if (fn === "noop_waker") return { k: "val", v: { t: "waker" }, ty: adt("Waker") };
  const sp = SELF_POINTERS[owner];
  switch (name) {
    case "init": case "init_early": {
      const p = self(it, recv);
      if (sp) { pointAtSelf(it, p, sp[0], sp[1]); return unit(); }
      if (owner === "Holder" || owner === "Recycler") {
        // unsafe { self.map_unchecked_mut(|h| &mut h.inner) }.init(): `inner` is structurally pinned.
        const inner = it.field(p, "inner");
        it.project(inner, "pinned");
        pointAtSelf(it, inner, "ptr", "data");
        return unit();
      }
      if (owner === "Three") {
        const name = valueAt(it.mem, it.field(p, "name")) as Extract<MVal, { t: "string" }>;
        const heap = it.field(p, "into_heap");
        writeAt(it.mem, heap, { t: "ptr", addr: name.buf, ty: heap.ty });
        it.event({ kind: "write-ptr", text: `${it.name(heap)} = ${hex(name.buf)} (the String's heap buffer)`, addr: it.addr(heap), to: name.buf });
        pointAtSelf(it, p, "to_field", "name");
        const arr = it.field(p, "into_array");
        const buf0 = { ...it.field(p, "buf") };
        const addr = it.addr(buf0);
        writeAt(it.mem, arr, { t: "ptr", addr, ty: arr.ty });
        it.event({ kind: "write-ptr", text: `${it.name(arr)} = ${hex(addr)} (&buf[0], inline)`, addr: it.addr(arr), to: addr });
        return unit();
      }
      break;
    }
    case "value": {
      const p = self(it, recv);
      const holder = owner === "Holder" || owner === "Recycler";
      const target = readThrough(it, holder ? it.field(p, "inner") : p, holder ? "ptr" : sp![0]);
      return { k: "val", v: { t: "ptr", addr: it.addr(target), ty: ref(false, STRING) }, ty: ref(false, STRING) };
    }
    case "read_heap": case "read_array": {
      const p = self(it, recv);
      const t = readThrough(it, p, name === "read_heap" ? "into_heap" : "into_array");
      return { k: "val", v: valueAt(it.mem, t), ty: { k: "int", name: "u8" } };
    }
    case "read_field": {
      const p = self(it, recv);
      const t = readThrough(it, p, "to_field");
      const s = valueAt(it.mem, t) as Extract<MVal, { t: "string" }>;
      return { k: "val", v: { t: "int", v: s.len }, ty: USIZE };
    }
    case "poll": {
      // Countdown::poll: the first poll points `ptr` at `data`; every poll reads through it; Ready after `left` Pendings.
      const p = self(it, recv);
      const ptr = valueAt(it.mem, it.field(p, "ptr")) as Extract<MVal, { t: "ptr" }>;
      if (ptr.addr === 0) pointAtSelf(it, p, "ptr", "data");
      const s = valueAt(it.mem, readThrough(it, p, "ptr")) as Extract<MVal, { t: "string" }>;
      const left = valueAt(it.mem, it.field(p, "left")) as Extract<MVal, { t: "int" }>;
      const cx = args[0]?.v.t === "ptr" ? valueAt(it.mem, it.derefVal(args[0].v, args[0].ty)) : null;
      const waker = cx && cx.t === "ctx" ? cx.waker : 0;
      const ready = left.v === 0;
      if (!ready) left.v--;
      it.event({
        kind: "poll", addr: it.addr(p), to: waker, ok: ready,
        text: ready ? `poll → Ready(${s.len}) at ${hex(it.addr(p))}` : `poll → Pending at ${hex(it.addr(p))}; waker at ${hex(waker)} woken`,
      });
      return { k: "val", v: { t: "poll", ready, v: ready ? s.len : 0 }, ty: adt("Poll", USIZE) };
    }
    case "drop": {
      const p = self(it, recv);
      const inner = it.field(p, "inner");
      if (owner === "Recycler") {
        // mem::replace(&mut self.inner, SelfRef::new("")): moves a structurally pinned field out of a pinned value.
        if (isPinned(it.mem, inner) && !isUnpin(it.world, inner.ty)) {
          it.ub("Drop moved a pinned field", `Recycler's Drop moved \`inner\` (${show(inner.ty)}, pinned at ${hex(it.addr(inner))}) out with mem::replace; Drop::drop gets \`&mut self\`, but the value is still pinned while it drops`);
        }
        const old = structuredClone(valueAt(it.mem, inner));
        writeAt(it.mem, inner, construct(it, inner.ty, "", {}));
        const tmp = it.temp(old, inner.ty, "recycled");
        const optr = valueAt(it.mem, it.field(tmp, "ptr")) as Extract<MVal, { t: "ptr" }>;
        if (optr.addr !== 0) readThrough(it, tmp, "ptr");
        it.dropPlace(tmp);
        it.mem.allocs[tmp.alloc]!.live = false;
        it.mem.allocs[tmp.alloc]!.death = "dropped";
        return unit();
      }
      const iptr = valueAt(it.mem, it.field(inner, "ptr")) as Extract<MVal, { t: "ptr" }>;
      if (iptr.addr !== 0) readThrough(it, inner, "ptr");
      return unit();
    }
  }
  throw new Error(`the machine does not model ${fn} (size ${layoutOf(it.world, adt(owner)).size})`);
}
