/**
 * A seeded generator of hostile client messages: every message type the rooms know (and unknown ones), with
 * payloads that are valid, mutated (a field dropped, added, or of the wrong type) or pathological (oversized,
 * deeply nested, prototype keys, non-finite numbers). The same seed always gives the same sequence.
 */
import { createRng, nextInt, pick, type Rng } from "../../shared/engine/rng.ts";

/** Unknown field names come from a small set that includes the prototype-pollution keys. */
const EXTRA_KEYS = ["admin", "x", "__proto__", "constructor", "seq2"] as const;

export const KNOWN_TYPES = ["act", "desync", "watch", "start", "pause", "resume", "hint", "lock", "end", "kick", "lateJoin", "nextStage", "direct"] as const;

/** Whole code points (an emoji is never split): a lone surrogate is a separate, deliberate case in the tests. */
const ALPHABET = Array.from("abcdefghijklmnopqrstuvwxyz0123456789_-<>'\"\\/ é漢🙂\u0000");

function randomString(rng: Rng, max: number): string {
  const n = nextInt(rng, 0, max);
  let s = "";
  for (let i = 0; i < n; i++) s += pick(rng, ALPHABET);
  return s;
}

function weirdValue(rng: Rng, depth = 0): unknown {
  switch (nextInt(rng, 0, 13)) {
    case 0: return nextInt(rng, -5, 5000);
    case 1: return -nextInt(rng, 1, 1 << 30);
    case 2: return pick(rng, [NaN, Infinity, -Infinity, -0, 2 ** 53 + 1, 1e308, 0.5]);
    case 3: return randomString(rng, 20);
    case 4: return "x".repeat(nextInt(rng, 900, 3000));
    case 5: return null;
    case 6: return pick(rng, [true, false]);
    case 7: return depth > 3 ? [] : Array.from({ length: nextInt(rng, 0, 4) }, () => weirdValue(rng, depth + 1));
    case 8: return depth > 3 ? {} : { [pick(rng, EXTRA_KEYS)]: weirdValue(rng, depth + 1) };
    case 9: { let v: unknown = 1; for (let i = 0; i < 60; i++) v = [v]; return v; }
    case 10: return JSON.parse('{"__proto__": {"polluted": true}, "constructor": {"prototype": {"x": 1}}}');
    case 11: return { type: "place", addr: nextInt(rng, 0, 120) };
    case 12: return "0123456789abcdef";
    default: return undefined;
  }
}

/** A plausible payload for each known type, before mutation. */
function validShape(rng: Rng, type: string): Record<string, unknown> {
  switch (type) {
    case "act": return { seq: nextInt(rng, 0, 1000), action: { type: "place", addr: nextInt(rng, 0, 128) } };
    case "desync": return { tick: nextInt(rng, 0, 100), hash: "0123456789abcdef" };
    case "watch": case "direct": return { board: randomString(rng, 12) };
    case "start": return { countdownSec: nextInt(rng, 0, 5) };
    case "hint": return { text: randomString(rng, 40) };
    case "lock": return { locked: pick(rng, [true, false]) };
    case "kick": return { student: randomString(rng, 12), reason: randomString(rng, 20) };
    case "lateJoin": return { on: pick(rng, [true, false]) };
    default: return {};
  }
}

export interface FuzzMessage {
  readonly type: string | number;
  readonly payload: unknown;
}

export function fuzzMessages(seed: number, count: number): FuzzMessage[] {
  const rng = createRng(seed);
  const out: FuzzMessage[] = [];
  for (let i = 0; i < count; i++) {
    const roll = nextInt(rng, 0, 99);
    const type: string | number = roll < 85 ? pick(rng, KNOWN_TYPES) : roll < 95 ? randomString(rng, 10) || "x" : nextInt(rng, 0, 300);
    let payload: unknown = validShape(rng, String(type));
    const mutation = nextInt(rng, 0, 5);
    if (mutation === 1) payload = weirdValue(rng);
    else if (mutation === 2 && typeof payload === "object" && payload) {
      const keys = Object.keys(payload);
      if (keys.length) delete (payload as Record<string, unknown>)[pick(rng, keys)];
    } else if (mutation === 3 && typeof payload === "object" && payload) {
      const keys = Object.keys(payload);
      (payload as Record<string, unknown>)[keys.length && nextInt(rng, 0, 1) ? pick(rng, keys) : pick(rng, EXTRA_KEYS)] = weirdValue(rng);
    }
    out.push({ type, payload });
  }
  return out;
}
