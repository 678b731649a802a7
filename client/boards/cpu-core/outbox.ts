/**
 * Paces the board's actions under the server's flood control (a token bucket per client, RATE_PER_SECOND a second
 * up to RATE_BURST): carrying 75 families into a stage is 75 patches at once, and a message over the limit is
 * dropped with E_RATE_LIMITED. Actions leave in the order they were queued, a little under the limit so the
 * player's own key presses still have room.
 */
import { RATE_BURST, RATE_PER_SECOND } from "../../../shared/protocol.ts";

const PER_SECOND = RATE_PER_SECOND - 4;
const BURST = RATE_BURST - 10;

export class Outbox {
  private readonly send: (action: unknown) => void;
  private readonly queue: unknown[] = [];
  private tokens = BURST;
  private at = performance.now();
  private timer: number | null = null;

  constructor(send: (action: unknown) => void) {
    this.send = send;
  }

  push(action: unknown): void {
    this.queue.push(action);
    this.drain();
  }

  /** Actions still waiting for room. */
  get waiting(): number {
    return this.queue.length;
  }

  private drain(): void {
    const now = performance.now();
    this.tokens = Math.min(BURST, this.tokens + ((now - this.at) * PER_SECOND) / 1000);
    this.at = now;
    while (this.queue.length && this.tokens >= 1) {
      this.tokens--;
      this.send(this.queue.shift());
    }
    if (this.queue.length && this.timer === null) {
      this.timer = window.setTimeout(() => { this.timer = null; this.drain(); }, Math.ceil(1000 / PER_SECOND));
    }
  }

  destroy(): void {
    if (this.timer !== null) window.clearTimeout(this.timer);
    this.timer = null;
    this.queue.length = 0;
  }
}
