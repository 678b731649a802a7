/**
 * What the pin-the-struct board shows, computed from a PinState without Phaser (so it is unit-tested): the stack
 * and heap as address-ordered strips of allocations, each value's fields at their offsets with sizes, pointers as
 * arrows (dangling ones flagged, with the ghost they point into), pinned places, the program listing with the
 * current statement, the executor panel (polls, waker, Pending/Ready), program output and the compiler panel.
 */
import { compiled, type PinState, type ShownDiagnostic } from "../../../shared/levels/pin-the-struct/machine.ts";
import { stageEnv } from "../../../shared/levels/pin-the-struct/compile.ts";
import { layoutOf, pointee } from "../../../shared/levels/pin-the-struct/layout.ts";
import { allocAt, deadReason, hex, placeAt, type Alloc, type MVal } from "../../../shared/levels/pin-the-struct/memory.ts";
import { show, type Ty, type TypeWorld } from "../../../shared/levels/pin-the-struct/types.ts";

export interface FieldBox {
  readonly name: string;
  readonly offset: number;
  readonly size: number;
  readonly text: string;
  /** A zero-sized PhantomPinned marker: drawn as a stake. */
  readonly marker?: boolean;
}

export interface AllocBox {
  readonly id: number;
  readonly region: "stack" | "heap";
  readonly addr: number;
  readonly size: number;
  readonly label: string;
  readonly type: string;
  /** live, or a ghost: moved from, freed, out of scope. */
  readonly state: "live" | "ghost";
  readonly why: string;
  readonly pinned: boolean;
  readonly fields: readonly FieldBox[];
}

export interface Arrow {
  readonly from: { readonly alloc: number; readonly offset: number };
  readonly to: number;
  /** The target allocation, if the address is inside one. */
  readonly toAlloc: number | null;
  readonly toOffset: number;
  readonly dangling: boolean;
}

export interface ListingLine {
  readonly text: string;
  readonly state: "done" | "current" | "todo" | "failed";
}

export interface Picture {
  readonly stack: readonly AllocBox[];
  readonly heap: readonly AllocBox[];
  readonly arrows: readonly Arrow[];
  readonly listing: readonly ListingLine[];
  readonly executor: { readonly future: string; readonly waker: string; readonly polls: readonly string[] } | null;
  readonly output: readonly string[];
  readonly diagnostics: readonly ShownDiagnostic[];
  /** The UB report, the panic, or the goal gap; empty while running fine. */
  readonly verdict: string;
}

function fieldsOf(world: TypeWorld, ty: Ty, v: MVal, offset: number, name: string, out: FieldBox[], ptrs: { offset: number; addr: number; ty: Ty }[]): void {
  const size = layoutOf(world, ty).size;
  if (v.t === "struct" && ty.k === "adt") {
    const s = world.structs.get(ty.name);
    const l = layoutOf(world, ty);
    if (s) {
      s.fields.forEach((f, i) => fieldsOf(world, f.ty, v.fields[i] ?? { t: "uninit" }, offset + l.offsets[i]!, name ? `${name}.${f.name}` : f.name, out, ptrs));
      return;
    }
  }
  let text: string;
  switch (v.t) {
    case "ptr": text = v.addr === 0 ? "null" : hex(v.addr); if (v.addr) ptrs.push({ offset, addr: v.addr, ty }); break;
    case "string": text = `String len ${v.len} cap ${v.cap}`; if (v.cap) ptrs.push({ offset, addr: v.buf, ty: { k: "raw", mut: false, to: { k: "int", name: "u8" } } }); break;
    case "vec": text = `Vec len ${v.len} cap ${v.cap}`; if (v.cap && v.buf > 64) ptrs.push({ offset, addr: v.buf, ty: { k: "raw", mut: false, to: { k: "unit" } } }); break;
    case "int": text = String(v.v); break;
    case "bool": text = String(v.v); break;
    case "zst": out.push({ name: name || "PhantomPinned", offset, size: 0, text: "PhantomPinned", marker: true }); return;
    case "bytes": text = JSON.stringify(v.text); break;
    case "array": text = `[${v.items.length} items]`; break;
    case "poll": text = v.ready ? `Ready(${v.v})` : "Pending"; break;
    case "ctx": text = `Context(waker ${hex(v.waker)})`; break;
    case "waker": text = "Waker (no-op)"; break;
    case "uninit": text = "uninit"; break;
    default: text = show(ty);
  }
  out.push({ name: name || show(ty), offset, size, text });
}

function box(world: TypeWorld, a: Alloc, ptrs: Arrow[], mem: PinState["run"]): AllocBox {
  const fields: FieldBox[] = [];
  const raw: { offset: number; addr: number; ty: Ty }[] = [];
  fieldsOf(world, a.ty, a.value, 0, "", fields, raw);
  for (const p of raw) {
    const target = allocAt(mem!.mem, p.addr);
    const found = placeAt(mem!.mem, world, p.addr, pointee(p.ty));
    const dangling = !target || !target.live || (found.place !== null && deadReason(mem!.mem, found.place) !== "");
    ptrs.push({ from: { alloc: a.id, offset: p.offset }, to: p.addr, toAlloc: target ? target.id : null, toOffset: target ? p.addr - target.addr : 0, dangling });
  }
  return {
    id: a.id, region: a.region, addr: a.addr, size: a.size, label: a.label, type: show(a.ty), state: a.live ? "live" : "ghost",
    why: a.live ? "" : a.death + (a.movedTo ? ` → ${hex(a.movedTo)}` : ""), pinned: a.pinned.length > 0, fields,
  };
}

export function picture(state: PinState): Picture {
  const world = stageEnv(state.stage).world;
  const run = state.run;
  const arrows: Arrow[] = [];
  const allocs = run ? run.mem.allocs.map((a) => box(world, a, arrows, run)) : [];
  const listing: ListingLine[] = [];
  if (state.program) {
    const c = compiled(state.stage, state.program);
    if (c.ok) {
      const stmts = [...c.block.stmts.map((s) => s.span), ...(c.block.tail ? [c.block.tail.span] : [])];
      stmts.forEach((sp, i) => {
        const text = state.program.slice(sp.start, sp.end).replace(/\s+/g, " ");
        const pc = run ? run.pc : 0;
        const failed = !!run && run.finished && (run.ub || run.panic) && i === pc;
        listing.push({ text, state: failed ? "failed" : i < pc ? "done" : i === pc && !(run && run.finished) ? "current" : "todo" });
      });
      listing.push({ text: "} // end of main: values drop in place", state: run && run.finished && !run.ub ? "done" : run && run.pc >= stmts.length && !run.finished ? "current" : run && run.ub && run.ub.stmt === -1 ? "failed" : "todo" });
    }
  }
  const polls = run ? run.trace.filter((e) => e.kind === "poll") : [];
  const executor = polls.length
    ? { future: hex(polls[polls.length - 1]!.addr ?? 0), waker: hex(polls[polls.length - 1]!.to ?? 0), polls: polls.map((p, i) => `poll #${i + 1} at ${hex(p.addr ?? 0)} → ${p.ok ? "Ready" : "Pending"}`) }
    : null;
  const verdict = !run ? "" : run.ub ? run.ub.text : run.panic ? `panicked: ${run.panic}` : state.goalGap ? `goal not met: ${state.goalGap}` : "";
  return {
    stack: allocs.filter((a) => a.region === "stack").sort((x, y) => y.addr - x.addr || x.id - y.id),
    heap: allocs.filter((a) => a.region === "heap").sort((x, y) => x.addr - y.addr),
    arrows, listing, executor,
    output: run ? run.trace.filter((e) => e.kind === "print").map((e) => e.text) : [],
    diagnostics: state.diagnostics, verdict,
  };
}
