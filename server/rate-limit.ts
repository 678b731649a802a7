/**
 * Per-client flood control: a token bucket per client, `perSecond` tokens a second up to `burst`. A message that
 * finds the bucket empty is answered with E_RATE_LIMITED and dropped, so one client's flood never slows another.
 * The clock is injected so tests can drive it.
 */
import { gameError, type GameError } from "../shared/engine/errors.ts";
import { RATE_BURST, RATE_PER_SECOND } from "../shared/protocol.ts";

export interface Bucket {
  tokens: number;
  at: number;
}

export interface RateLimit {
  readonly perSecond: number;
  readonly burst: number;
}

export interface Limiter {
  bucket(): Bucket;
  /** Takes a token: null if the message may pass, else the error to send back. */
  admit(bucket: Bucket): GameError | null;
}

export const DEFAULT_RATE: RateLimit = { perSecond: RATE_PER_SECOND, burst: RATE_BURST };

export function createLimiter(rate: RateLimit, now: () => number): Limiter {
  const error = gameError("E_RATE_LIMITED", `Slow down: at most ${rate.perSecond} messages a second.`);
  return {
    bucket: () => ({ tokens: rate.burst, at: now() }),
    admit(bucket) {
      const t = now();
      bucket.tokens = Math.min(rate.burst, bucket.tokens + ((t - bucket.at) * rate.perSecond) / 1000);
      bucket.at = t;
      if (bucket.tokens < 1) return error;
      bucket.tokens -= 1;
      return null;
    },
  };
}
