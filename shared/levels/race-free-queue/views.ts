/**
 * Views: what a thread (or a message) knows. One flat integer array per view:
 *  - entries [0, L) are per-location timestamps: the newest message of each atomic location the holder has seen
 *    (Kang et al., "A Promising Semantics for Relaxed-Memory Concurrency", POPL 2017, §3: thread views are maps
 *    from locations to timestamps);
 *  - entries [L, L + T) are a vector clock over threads (Lamport 1978; Fidge/Mattern) used for happens-before, which
 *    the data-race check on non-atomic locations needs (as in loom's `VersionVec` and FastTrack).
 * Views are treated as immutable values once shared (stored in a message or in a release view); `join` returns a
 * fresh array. Omits: nothing of the model; this file is only the lattice.
 */
export type View = number[];

/** The least view: every location at its initial message (timestamp 0), every clock at 0. */
export function bottom(size: number): View {
  return new Array<number>(size).fill(0);
}

/** Pointwise maximum (the view lattice's join). Either side may be null (the bottom view). */
export function join(a: View | null, b: View | null): View | null {
  if (a === null) return b;
  if (b === null || a === b) return a;
  const out = a.slice();
  for (let i = 0; i < out.length; i++) if (b[i]! > out[i]!) out[i] = b[i]!;
  return out;
}

/** Joins `b` into the fresh (unshared) array `a` in place; returns whether anything grew. */
export function joinInto(a: View, b: View | null): boolean {
  if (b === null) return false;
  let grew = false;
  for (let i = 0; i < a.length; i++) if (b[i]! > a[i]!) { a[i] = b[i]!; grew = true; }
  return grew;
}

/** a ⊑ b pointwise. */
export function leq(a: View, b: View): boolean {
  for (let i = 0; i < a.length; i++) if (a[i]! > b[i]!) return false;
  return true;
}
