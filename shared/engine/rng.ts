/**
 * Seeded PRNG: mulberry32. Its whole state is one uint32, so it lives inside a level's plain-data state
 * and a snapshot of the state is also a snapshot of the random stream. Integer-only, identical in every
 * JavaScript engine.
 */
export interface Rng {
  state: number;
}

export function createRng(seed: number): Rng {
  return { state: seed >>> 0 };
}

/** Next uint32, advancing the state in place. */
export function nextU32(rng: Rng): number {
  rng.state = (rng.state + 0x6d2b79f5) >>> 0;
  let t = rng.state;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return (t ^ (t >>> 14)) >>> 0;
}

/** Uniform integer in [lo, hi] (inclusive); rejection sampling keeps it unbiased. */
export function nextInt(rng: Rng, lo: number, hi: number): number {
  const span = (hi - lo + 1) >>> 0;
  if (span === 0) return lo;
  const limit = Math.floor(0x100000000 / span) * span;
  let x = nextU32(rng);
  while (x >= limit) x = nextU32(rng);
  return lo + (x % span);
}

/** Picks one element of a non-empty array. */
export function pick<T>(rng: Rng, items: readonly T[]): T {
  return items[nextInt(rng, 0, items.length - 1)]!;
}
