/**
 * Reference queue programs in the thread language, written from the curricula's recipes (reference digest §A3):
 * the canonical SPSC ring ("Producer: t = tail.load(Relaxed); h = head.load(Acquire); if t - h == N, full; write
 * slot[t % N]; tail.store(t+1, Release)" and the mirror-image consumer) with every ordering a parameter, so stages
 * and tests can weaken one at a time.
 */
import type { Ordering } from "./ast.ts";

export interface RingOrderings {
  /** Producer's load of its own tail, its load of head, its publishing store of tail. */
  readonly producerTail: Ordering;
  readonly producerHead: Ordering;
  readonly publish: Ordering;
  /** Consumer's load of its own head, its load of tail, its releasing store of head. */
  readonly consumerHead: Ordering;
  readonly consumerTail: Ordering;
  readonly release: Ordering;
}

/** The weakest correct orderings (Rust Atomics and Locks ch. 5; the digest's SUPPLEMENT recipe). */
export const RING_ORDERINGS: RingOrderings = {
  producerTail: "Relaxed", producerHead: "Acquire", publish: "Release",
  consumerHead: "Relaxed", consumerTail: "Acquire", release: "Release",
};

export interface RingOptions {
  readonly capacity: number;
  readonly messages: number;
  readonly orderings?: Partial<RingOrderings>;
  /** head and tail each in their own cache line (`CachePadded`). */
  readonly padded?: boolean;
  /** The full test; the correct one is `t - h == N` (a bug to plant: `N + 1`). */
  readonly fullTest?: string;
}

export function spscRing(opts: RingOptions): string {
  const o = { ...RING_ORDERINGS, ...opts.orderings };
  const atomic = opts.padded ? "CachePadded<AtomicUsize> = CachePadded::new(AtomicUsize::new(0))" : "AtomicUsize = AtomicUsize::new(0)";
  return `// SPSC ring: capacity ${opts.capacity}, ${opts.messages} messages.
use std::sync::atomic::{AtomicUsize, Ordering};
const N: usize = ${opts.capacity};
const K: usize = ${opts.messages};
static head: ${atomic};
static tail: ${atomic};
static buf: [MaybeUninit<usize>; N] = [const { MaybeUninit::uninit() }; N];

fn producer() {
    let mut i = 1;
    while i <= K {
        let t = tail.load(Ordering::${o.producerTail});
        while t - head.load(Ordering::${o.producerHead}) == ${opts.fullTest ?? "N"} {
            spin_loop(); // full: wait for the consumer
        }
        buf[t % N] = i;
        produced!(i);
        tail.store(t + 1, Ordering::${o.publish});
        i += 1;
    }
}

fn consumer() {
    let mut got = 0;
    while got < K {
        let h = head.load(Ordering::${o.consumerHead});
        while tail.load(Ordering::${o.consumerTail}) == h {
            spin_loop(); // empty: wait for the producer
        }
        let v = buf[h % N];
        consumed!(v);
        head.store(h + 1, Ordering::${o.release});
        got += 1;
    }
}
`;
}
