/**
 * A token bucket per client: `rate` tokens a second up to `burst`. The clock is passed in so tests can drive it.
 */
export interface Bucket {
  tokens: number;
  at: number;
}

export function newBucket(burst: number, now: number): Bucket {
  return { tokens: burst, at: now };
}

/** Takes one token if there is one; returns whether the message may pass. */
export function take(bucket: Bucket, rate: number, burst: number, now: number): boolean {
  bucket.tokens = Math.min(burst, bucket.tokens + ((now - bucket.at) * rate) / 1000);
  bucket.at = now;
  if (bucket.tokens < 1) return false;
  bucket.tokens -= 1;
  return true;
}
