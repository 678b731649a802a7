/**
 * An allocator design: a tree of parts described as JSON, validated field by field (unknown fields and bad values
 * are refused with the path and the rule), normalised with defaults, and built into live parts over one address
 * space. The normalised design is plain data and is what a level's state and a replay keep.
 *
 *   {"kind": "classes", "table": [16, 32, 64, 128], "perSlab": 64,
 *    "fallback": {"kind": "fit", "fit": "best", "split": 32, "coalesce": "immediate", "tags": true},
 *    "heap": 65536, "sync": "lock"}
 *
 * Top-level only: `heap` (the address-space limit in bytes) and `sync` ("none" or "lock": whether every operation
 * on the shared heap takes a lock; a thread-cache at the top locks by itself).
 */
import { fail, ok, type Result } from "../../../engine/errors.ts";
import { isRecord } from "../../../engine/validate.ts";
import { isPowerOfTwo } from "../alignment.ts";
import { BumpArena, type BumpSpec } from "./bump.ts";
import { BuddyHeap, type BuddySpec } from "./buddy.ts";
import { FitHeap, type FitSpec } from "./fit.ts";
import { LargePath } from "./large.ts";
import type { Part, Space } from "./part.ts";
import { SizeClasses, type ClassesSpec } from "./size-classes.ts";
import { Slab, type SlabSpec } from "./slab.ts";
import { ThreadCache, type ThreadCacheSpec } from "./thread-cache.ts";

export interface LargeSpec<S> {
  readonly kind: "large";
  readonly threshold: number;
  readonly page: number;
  readonly small: S;
}

export type PartSpec =
  | BumpSpec | FitSpec | BuddySpec | SlabSpec
  | ClassesSpec<PartSpec> | LargeSpec<PartSpec> | ThreadCacheSpec<PartSpec>;

export interface Design {
  readonly heap: number;
  readonly sync: "none" | "lock";
  readonly root: PartSpec;
}

export const MAX_HEAP = 1 << 24;
const MAX_DEPTH = 4;

type Raw = Record<string, unknown>;

class DesignError extends Error {}

function refuse(path: string, rule: string): never {
  throw new DesignError(`${path} ${rule}`);
}

function only(raw: Raw, path: string, keys: readonly string[]): void {
  for (const k of Object.keys(raw)) if (!keys.includes(k)) refuse(`${path}.${k}`, `is not a field of a ${String(raw.kind)} part (fields: ${keys.join(", ")})`);
}

function int(raw: Raw, path: string, key: string, min: number, max: number, dflt?: number): number {
  const v = raw[key] ?? dflt;
  if (typeof v !== "number" || !Number.isInteger(v) || v < min || v > max) {
    refuse(`${path}.${key}`, `must be an integer from ${min} to ${max}` + (v === undefined ? " (it is missing)" : ""));
  }
  return v;
}

function pow2(raw: Raw, path: string, key: string, min: number, max: number, dflt?: number): number {
  const v = int(raw, path, key, min, max, dflt);
  if (!isPowerOfTwo(v)) refuse(`${path}.${key}`, `must be a power of two (it is ${v})`);
  return v;
}

function choice<T extends string>(raw: Raw, path: string, key: string, values: readonly T[], dflt: T): T {
  const v = raw[key] ?? dflt;
  if (typeof v !== "string" || !(values as readonly string[]).includes(v)) refuse(`${path}.${key}`, `must be one of ${values.join(", ")}`);
  return v as T;
}

function bool(raw: Raw, path: string, key: string, dflt: boolean): boolean {
  const v = raw[key] ?? dflt;
  if (typeof v !== "boolean") refuse(`${path}.${key}`, "must be true or false");
  return v;
}

const KINDS = ["bump", "fit", "buddy", "slab", "classes", "large", "thread-cache"] as const;
const TOP = ["heap", "sync"];

function part(untrusted: unknown, path: string, depth: number, heap: number, top: boolean): PartSpec {
  if (!isRecord(untrusted)) refuse(path, "must be an object with a kind");
  if (depth > MAX_DEPTH) refuse(path, `nests too deep (at most ${MAX_DEPTH} levels of parts)`);
  const raw = untrusted;
  const kind = raw.kind;
  if (typeof kind !== "string" || !(KINDS as readonly string[]).includes(kind)) refuse(`${path}.kind`, `must be one of ${KINDS.join(", ")}`);
  const extra = top ? TOP : [];
  switch (kind as (typeof KINDS)[number]) {
    case "bump":
      only(raw, path, ["kind", "chunk", "chain", ...extra]);
      return { kind: "bump", chunk: int(raw, path, "chunk", 16, heap, Math.min(heap, 4096)), chain: bool(raw, path, "chain", false) };
    case "fit":
      only(raw, path, ["kind", "fit", "split", "coalesce", "tags", "grow", ...extra]);
      return {
        kind: "fit", fit: choice(raw, path, "fit", ["first", "next", "best"], "first"),
        split: int(raw, path, "split", 0, heap, 32), coalesce: choice(raw, path, "coalesce", ["immediate", "deferred", "none"], "immediate"),
        tags: bool(raw, path, "tags", true), grow: int(raw, path, "grow", 16, heap, Math.min(heap, 4096)),
      };
    case "buddy": {
      only(raw, path, ["kind", "min", "max", ...extra]);
      const min = pow2(raw, path, "min", 8, heap, 32);
      const max = pow2(raw, path, "max", min, heap, Math.min(heap, 4096));
      if (max / min > 1 << 16) refuse(`${path}.max`, `is more than 2^16 times min (at most 17 orders)`);
      return { kind: "buddy", min, max };
    }
    case "slab": {
      only(raw, path, ["kind", "slot", "perSlab", ...extra]);
      const slot = int(raw, path, "slot", 8, 65536);
      if (slot % 8 !== 0) refuse(`${path}.slot`, `must be a multiple of 8 (it is ${slot})`);
      return { kind: "slab", slot, perSlab: int(raw, path, "perSlab", 1, 4096, 64) };
    }
    case "classes": {
      only(raw, path, ["kind", "table", "perSlab", "fallback", ...extra]);
      const table = raw.table;
      if (!Array.isArray(table) || table.length < 1 || table.length > 32) refuse(`${path}.table`, "must be a list of 1 to 32 slot sizes");
      table.forEach((v, i) => {
        if (typeof v !== "number" || !Number.isInteger(v) || v < 8 || v > 65536 || v % 8 !== 0) refuse(`${path}.table[${i}]`, "must be a multiple of 8 from 8 to 65536");
        if (i > 0 && v <= (table[i - 1] as number)) refuse(`${path}.table[${i}]`, `must be larger than the class before it (${String(table[i - 1])})`);
      });
      if (raw.fallback === undefined) refuse(`${path}.fallback`, "is missing: requests larger than the last class need a part");
      return {
        kind: "classes", table: table as number[], perSlab: int(raw, path, "perSlab", 1, 4096, 64),
        fallback: part(raw.fallback, `${path}.fallback`, depth + 1, heap, false),
      };
    }
    case "large": {
      only(raw, path, ["kind", "threshold", "page", "small", ...extra]);
      if (raw.small === undefined) refuse(`${path}.small`, "is missing: requests below the threshold need a part");
      return {
        kind: "large", threshold: int(raw, path, "threshold", 1, heap, 4096), page: pow2(raw, path, "page", 256, 65536, 4096),
        small: part(raw.small, `${path}.small`, depth + 1, heap, false),
      };
    }
    case "thread-cache": {
      only(raw, path, ["kind", "capacity", "refill", "inner", ...extra]);
      if (!top) refuse(path, "must be the outermost part: per-thread caches sit in front of the shared heap");
      const capacity = int(raw, path, "capacity", 1, 256, 16);
      if (raw.inner === undefined) refuse(`${path}.inner`, "is missing: the cache refills from a shared part");
      return {
        kind: "thread-cache", capacity, refill: int(raw, path, "refill", 1, capacity, Math.max(1, capacity >> 1)),
        inner: part(raw.inner, `${path}.inner`, depth + 1, heap, false),
      };
    }
  }
}

/** Validates and normalises an untrusted design (a parsed JSON value). */
export function parseDesign(untrusted: unknown, path = "allocator"): Result<Design> {
  try {
    if (!isRecord(untrusted)) refuse(path, "must be an object with a kind");
    const heap = int(untrusted, path, "heap", 64, MAX_HEAP, 65536);
    const sync = choice(untrusted, path, "sync", ["none", "lock"], "none");
    return ok({ heap, sync, root: part(untrusted, path, 0, heap, true) });
  } catch (e) {
    if (e instanceof DesignError) return fail("E_BAD_DESIGN", e.message + ".");
    throw e;
  }
}

/** The design as JSON again (top-level fields folded into the root part). */
export function designJson(design: Design): Record<string, unknown> {
  return { ...design.root, heap: design.heap, sync: design.sync };
}

export function buildPart(space: Space, spec: PartSpec): Part {
  switch (spec.kind) {
    case "bump": return new BumpArena(space, spec);
    case "fit": return new FitHeap(space, spec);
    case "buddy": return new BuddyHeap(space, spec);
    case "slab": return new Slab(space, spec);
    case "classes": return new SizeClasses(space, spec.table, spec.perSlab, buildPart(space, spec.fallback));
    case "large": return new LargePath(space, spec.threshold, spec.page, buildPart(space, spec.small));
    case "thread-cache": return new ThreadCache(space, spec.capacity, spec.refill, buildPart(space, spec.inner));
  }
}

/** Designs the ladder and the docs refer to by name. */
export const PRESETS = {
  /** The curriculum's arena: one pre-reserved chunk, chained when full. */
  arena: { kind: "bump", chunk: 65536, chain: true },
  /** A general-purpose malloc as the reference: first fit, boundary tags, immediate coalescing, one lock. */
  malloc: { kind: "fit", fit: "first", split: 32, coalesce: "immediate", tags: true, grow: 4096, sync: "lock" },
  slab: { kind: "slab", slot: 32, perSlab: 64 },
  buddy: { kind: "buddy", min: 32, max: 4096 },
  segregated: {
    kind: "classes", table: [16, 32, 48, 64, 96, 128, 192, 256, 384, 512], perSlab: 32,
    fallback: { kind: "large", threshold: 4096, page: 4096, small: { kind: "fit", fit: "best", split: 32, coalesce: "immediate", tags: true } },
    sync: "lock",
  },
  threaded: {
    kind: "thread-cache", capacity: 16, refill: 8,
    inner: { kind: "classes", table: [16, 32, 64, 128, 256, 512], perSlab: 64, fallback: { kind: "fit", fit: "first" } },
  },
} as const;
