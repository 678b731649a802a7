/**
 * `println!` format strings (std::fmt docs): `{}` (Display), `{:?}` and `{:#?}` (Debug), `{:p}` (Pointer), inline
 * captured names (`{a}`, `{a:p}`, Rust 2021), and the `{{` / `}}` escapes. Which types implement which trait, as
 * std and the stage preludes declare them (the stage structs derive nothing, so they are neither Display nor Debug;
 * PhantomPinned, Poll, Context and Waker are Debug; references, raw pointers, Box and Pin of those are Pointer).
 *
 * Omits: positional indexes (`{0}`), widths, precision, named arguments (`name = expr`).
 */
import { isAdt, type Ty, type TypeWorld } from "./types.ts";

export type FmtTrait = "Display" | "Debug" | "Pointer";

export interface Placeholder {
  readonly trait: FmtTrait;
  /** A captured variable name (`{a}`), or null for the next positional argument. */
  readonly capture: string | null;
  /** Offset of the `{` inside the literal's source text (after the opening quote). */
  readonly at: number;
}

export function parseFormat(text: string): { pieces: (string | Placeholder)[] } | { error: string } {
  const pieces: (string | Placeholder)[] = [];
  let lit = "";
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === "{" && text[i + 1] === "{") { lit += "{"; i++; continue; }
    if (c === "}" && text[i + 1] === "}") { lit += "}"; i++; continue; }
    if (c === "}") return { error: "invalid format string: unmatched `}` found" };
    if (c !== "{") { lit += c; continue; }
    const close = text.indexOf("}", i);
    if (close < 0) return { error: "invalid format string: expected `}` but string was terminated" };
    const inner = text.slice(i + 1, close);
    const m = /^([A-Za-z_][A-Za-z0-9_]*)?(?::(\?|#\?|p))?$/.exec(inner);
    if (!m) return { error: `unsupported in this game: the format spec {${inner}}` };
    if (lit) pieces.push(lit);
    lit = "";
    pieces.push({ trait: m[2] === "p" ? "Pointer" : m[2] ? "Debug" : "Display", capture: m[1] ?? null, at: i });
    i = close;
  }
  if (lit) pieces.push(lit);
  return { pieces };
}

/** Does `t` implement the formatting trait? References format as their referent (Display, Debug). */
export function implementsFmt(world: TypeWorld, t: Ty, trait: FmtTrait): boolean {
  if (trait === "Pointer") {
    if (t.k === "ref" || t.k === "raw") return true;
    if (isAdt(t, "Box")) return true;
    if (isAdt(t, "Pin")) return implementsFmt(world, t.args[0]!, "Pointer");
    return false;
  }
  switch (t.k) {
    case "int": case "bool": case "str": case "error": case "var": return true;
    case "ref": return implementsFmt(world, t.to, trait);
    case "raw": case "unit": return trait === "Debug";
    case "array": return trait === "Debug" && implementsFmt(world, t.of, trait);
    case "adt":
      if (t.name === "String") return true;
      if (t.name === "Box" || t.name === "Pin") return implementsFmt(world, t.args[0]!, trait);
      if (t.name === "Vec" || t.name === "Poll") return trait === "Debug" && implementsFmt(world, t.args[0]!, trait);
      if (t.name === "PhantomPinned" || t.name === "Context" || t.name === "Waker") return trait === "Debug";
      return false;
    default: return false;
  }
}

/** rustc's E0277 wording for a missing formatting trait (observed with rustc 1.95). */
export function fmtError(t: Ty, shown: string, trait: FmtTrait): string {
  if (trait === "Pointer") return `the trait bound \`${shown}: std::fmt::Pointer\` is not satisfied`;
  let inner = t;
  while (inner.k === "ref") inner = inner.to;
  void inner;
  return trait === "Display" ? `\`${shown}\` doesn't implement \`std::fmt::Display\`` : `\`${shown}\` doesn't implement \`Debug\``;
}
