/**
 * The type facts the checker and the machine share: the types of the subset, how rustc prints them, and the trait
 * facts that decide pinning — `Unpin` (an auto trait: a struct is `Unpin` when every field is, `PhantomPinned` is
 * not, `Box<T>` and raw pointers always are, `Vec<T>` only when `T` is — observed with rustc 1.95: `Pin::new(&mut
 * Vec<PhantomPinned>)` is E0277) and `Copy`.
 *
 * Implements: resolution of prelude type syntax to types, with `Self`. Omits: lifetimes (the borrow checker tracks
 * loans instead), trait objects, generics on user types.
 */
import type { PreludeDecls, StructDecl, TypeAst } from "./ast.ts";

export type IntName = "u8" | "u16" | "u32" | "u64" | "usize" | "i8" | "i16" | "i32" | "i64" | "isize";
export const INT_NAMES: readonly IntName[] = ["u8", "u16", "u32", "u64", "usize", "i8", "i16", "i32", "i64", "isize"];

export type Ty =
  | { readonly k: "int"; readonly name: IntName }
  | { readonly k: "bool" }
  | { readonly k: "unit" }
  | { readonly k: "str" }
  | { readonly k: "ref"; readonly mut: boolean; readonly to: Ty }
  | { readonly k: "raw"; readonly mut: boolean; readonly to: Ty }
  | { readonly k: "array"; readonly of: Ty; readonly len: number }
  /** String, Box, Pin, Vec, Poll, Context, Waker, PhantomPinned and the stage's structs. */
  | { readonly k: "adt"; readonly name: string; readonly args: readonly Ty[] }
  /** An inference variable; `int` marks an integer literal's `{integer}`. */
  | { readonly k: "var"; readonly id: number; readonly int: boolean }
  | { readonly k: "closure"; readonly param: Ty; readonly ret: Ty }
  /** A type that already produced an error: it matches everything so one mistake gives one diagnostic. */
  | { readonly k: "error" };

export const UNIT: Ty = { k: "unit" };
export const ERROR: Ty = { k: "error" };
export const adt = (name: string, ...args: Ty[]): Ty => ({ k: "adt", name, args });
export const ref = (mut: boolean, to: Ty): Ty => ({ k: "ref", mut, to });
export const STRING = adt("String");
export const USIZE: Ty = { k: "int", name: "usize" };

/** Standard library types the subset names (everything else must be a prelude struct). */
export const STD_TYPES: Record<string, number> = { String: 0, Box: 1, Pin: 1, Vec: 1, Poll: 1, Context: 0, Waker: 0, PhantomPinned: 0 };

export const isAdt = (t: Ty, name: string): t is { k: "adt"; name: string; args: readonly Ty[] } => t.k === "adt" && t.name === name;

/** rustc's spelling of a type in diagnostics. */
export function show(t: Ty): string {
  switch (t.k) {
    case "int": return t.name;
    case "bool": return "bool";
    case "unit": return "()";
    case "str": return "str";
    case "ref": return `&${t.mut ? "mut " : ""}${show(t.to)}`;
    case "raw": return `*${t.mut ? "mut" : "const"} ${show(t.to)}`;
    case "array": return `[${show(t.of)}; ${t.len}]`;
    case "adt": return t.args.length ? `${t.name}<${t.args.map(show).join(", ")}>` : t.name;
    case "var": return t.int ? "{integer}" : "_";
    case "closure": return "{closure}";
    case "error": return "{type error}";
  }
}

export function sameTy(a: Ty, b: Ty): boolean {
  if (a.k === "error" || b.k === "error") return true;
  if (a.k !== b.k) return false;
  switch (a.k) {
    case "int": return a.name === (b as typeof a).name;
    case "ref": case "raw": return a.mut === (b as typeof a).mut && sameTy(a.to, (b as typeof a).to);
    case "array": return a.len === (b as typeof a).len && sameTy(a.of, (b as typeof a).of);
    case "adt": {
      const o = b as typeof a;
      return a.name === o.name && a.args.length === o.args.length && a.args.every((x, i) => sameTy(x, o.args[i]!));
    }
    case "var": return a.id === (b as typeof a).id;
    default: return true;
  }
}

/** The stage's world of types: its structs (with field types resolved) and which of them lie with `impl Unpin`. */
export interface TypeWorld {
  readonly structs: ReadonlyMap<string, { decl: StructDecl; fields: readonly { name: string; ty: Ty }[] }>;
  readonly unpinImpls: ReadonlySet<string>;
  readonly dropImpls: ReadonlySet<string>;
  /** Structs implementing `Future`, with their `Output`. */
  readonly futures: ReadonlyMap<string, Ty>;
}

export function resolveTypeAst(ast: TypeAst, self: string | null, known: (name: string) => boolean): Ty | string {
  switch (ast.k) {
    case "unit": return UNIT;
    case "infer": return { k: "var", id: -1, int: false };
    case "ref": case "raw": {
      const to = resolveTypeAst(ast.to, self, known);
      return typeof to === "string" ? to : { k: ast.k, mut: ast.mut, to };
    }
    case "array": {
      const of = resolveTypeAst(ast.of, self, known);
      return typeof of === "string" ? of : { k: "array", of, len: ast.len };
    }
    case "path": {
      if ((INT_NAMES as readonly string[]).includes(ast.name)) return { k: "int", name: ast.name as IntName };
      if (ast.name === "bool") return { k: "bool" };
      if (ast.name === "str") return { k: "str" };
      const name = ast.name === "Self" && self ? self : ast.name;
      if (!(name in STD_TYPES) && !known(name)) return name;
      const args: Ty[] = [];
      for (const a of ast.args) {
        const r = resolveTypeAst(a, self, known);
        if (typeof r === "string") return r;
        args.push(r);
      }
      return { k: "adt", name, args };
    }
  }
}

export function buildWorld(decls: PreludeDecls): TypeWorld {
  const names = new Set(decls.structs.map((s) => s.name));
  const known = (n: string) => names.has(n);
  const must = (ast: TypeAst, self: string | null): Ty => {
    const t = resolveTypeAst(ast, self, known);
    if (typeof t === "string") throw new Error(`prelude names unknown type ${t}`);
    return t;
  };
  const structs = new Map(decls.structs.map((s) => [s.name, { decl: s, fields: s.fields.map((f) => ({ name: f.name, ty: must(f.ty, s.name) })) }]));
  const futures = new Map<string, Ty>();
  for (const i of decls.impls) if (i.trait === "Future" && i.output) futures.set(i.self, must(i.output, i.self));
  return {
    structs,
    unpinImpls: new Set(decls.impls.filter((i) => i.trait === "Unpin").map((i) => i.self)),
    dropImpls: new Set(decls.impls.filter((i) => i.trait === "Drop").map((i) => i.self)),
    futures,
  };
}

/** `T: Unpin` (std::marker::Unpin is an auto trait; PhantomPinned opts out). Unknown inference variables count as Unpin. */
export function isUnpin(world: TypeWorld, t: Ty, seen: ReadonlySet<string> = new Set()): boolean {
  switch (t.k) {
    case "array": return isUnpin(world, t.of, seen);
    case "adt": {
      if (t.name === "PhantomPinned") return false;
      if (t.name === "Box") return true; // impl<T: ?Sized> Unpin for Box<T>
      if (t.name === "Pin" || t.name === "Vec" || t.name === "Poll") return isUnpin(world, t.args[0]!, seen);
      const s = world.structs.get(t.name);
      if (!s) return true;
      if (world.unpinImpls.has(t.name)) return true;
      if (seen.has(t.name)) return true;
      const inner = new Set(seen).add(t.name);
      return s.fields.every((f) => isUnpin(world, f.ty, inner));
    }
    default: return true;
  }
}

/** `T: Copy`: integers, bool, shared references, raw pointers, PhantomPinned (it derives Copy), `Pin<P>` for Copy `P`. */
export function isCopy(world: TypeWorld, t: Ty): boolean {
  switch (t.k) {
    case "int": case "bool": case "unit": case "raw": case "error": return true;
    case "ref": return !t.mut;
    case "array": return isCopy(world, t.of);
    case "var": return t.int;
    case "adt": return t.name === "PhantomPinned" || ((t.name === "Pin" || t.name === "Poll") && isCopy(world, t.args[0]!));
    default: return false;
  }
}
