/**
 * The race-free-queue ladder: each stage's program template, its ordering sites (the holes the player fills),
 * the mode it is played in, and the texts a player reads. Goals, hints and victory texts come from the reference
 * digest §A3 (the SPSC recipe, the reordering hazard, padding, the Treiber stack, Michael–Scott, the ABA trace) and
 * its misconception cards. Ordering costs: SeqCst 4, AcqRel 3, Acquire/Release 2, Relaxed 1 (digest §A3 scoring).
 *
 * A template is program text with `{{i}}` for ordering site i and `{{pad}}` for the head/tail declaration type;
 * `render` fills them in. Targets (`targetCost`) are the weakest correct choices, checked by the tests: the
 * reference solution verifies and every single weakening of it is caught.
 */
import type { MetricInfo, StageInfo } from "../../engine/level.ts";
import type { Ordering } from "./ast.ts";

export type Mode = "programmer" | "scheduler" | "duel";

export interface Site {
  /** What the site is, as the board labels it ("producer: publish tail"). */
  readonly label: string;
  /** Orderings Rust accepts there (loads cannot Release, stores cannot Acquire). */
  readonly allowed: readonly Ordering[];
}

export interface StageRules {
  readonly stage: number;
  readonly mode: Mode;
  readonly template: string;
  /** Stages with a tag toggle: the program with a version tag packed next to the pointer (the ABA fix). */
  readonly taggedTemplate?: string;
  /** Won only with the tag on. */
  readonly needsTag?: boolean;
  readonly sites: readonly Site[];
  /** Orderings the stage starts with (scheduler stages: the buggy queue the player must break). */
  readonly start: readonly Ordering[];
  /** The weakest correct orderings (the reference solution). */
  readonly solution: readonly Ordering[];
  /** Programmer stages are won when verified at or under this ordering cost. */
  readonly targetCost: number;
  /** The stage needs head and tail padded onto their own cache lines to be won. */
  readonly needsPadding: boolean;
  readonly startPadded: boolean;
  /** Checker bounds for this stage. */
  readonly preemptions: number;
  /** Per-producer FIFO is a property of queues, not of stacks. */
  readonly fifo: boolean;
  readonly maxExecutions: number;
  /** Duel stages: ticks the breaker has after the builder submits. */
  readonly duelTicks: number;
  readonly metrics: readonly (keyof typeof METRICS)[];
}

export const METRICS = {
  verified: { key: "verified", label: "Verified", unit: "count", better: "higher" },
  orderingCost: { key: "orderingCost", label: "Ordering cost", unit: "count", better: "lower" },
  throughput: { key: "throughput", label: "Simulated throughput (msgs/Mcycle)", unit: "count", better: "higher" },
  lineTransfers: { key: "lineTransfers", label: "Cache-line transfers", unit: "count", better: "lower" },
  operations: { key: "operations", label: "Atomic operations", unit: "count", better: "lower" },
  checks: { key: "checks", label: "Checks run", unit: "count", better: "lower" },
  steps: { key: "steps", label: "Scheduler steps", unit: "count", better: "lower" },
  ticks: { key: "ticks", label: "Time", unit: "ticks", better: "lower" },
} as const satisfies Record<string, MetricInfo>;

/** Five ticks a second: the clock duels run on. */
export const TICK_MS = 200;

export const LOAD: readonly Ordering[] = ["Relaxed", "Acquire", "SeqCst"];
export const STORE: readonly Ordering[] = ["Relaxed", "Release", "SeqCst"];
export const RMW: readonly Ordering[] = ["Relaxed", "Acquire", "Release", "AcqRel", "SeqCst"];

export const ORDERING_COST: Readonly<Record<Ordering, number>> = { Relaxed: 1, Acquire: 2, Release: 2, AcqRel: 3, SeqCst: 4 };

const PUBLISH = `// Publish one value: DATA is plain memory, READY is the flag.
static mut DATA: usize = 0;
static READY: AtomicBool = AtomicBool::new(false);

fn producer() {
    unsafe { DATA = 42; }
    READY.store(true, Ordering::{{0}});
}

fn consumer() {
    while !READY.load(Ordering::{{1}}) {
        spin_loop();
    }
    unsafe {
        let v = DATA;
        assert_eq!(v, 42, "the consumer saw READY but not DATA");
    }
}
`;

const RING = (capacity: number, messages: number) => `// SPSC ring: capacity ${capacity}, ${messages} messages. head and tail only ever grow; a slot is t % N.
const N: usize = ${capacity};
const K: usize = ${messages};
static head: {{pad}};
static tail: {{pad}};
static buf: [MaybeUninit<usize>; N] = [const { MaybeUninit::uninit() }; N];

fn producer() {
    let mut i = 1;
    while i <= K {
        let t = tail.load(Ordering::{{0}});
        while t - head.load(Ordering::{{1}}) == N {
            spin_loop(); // full
        }
        buf[t % N] = i;
        produced!(i);
        tail.store(t + 1, Ordering::{{2}});
        i += 1;
    }
}

fn consumer() {
    let mut got = 0;
    while got < K {
        let h = head.load(Ordering::{{3}});
        while tail.load(Ordering::{{4}}) == h {
            spin_loop(); // empty
        }
        let v = buf[h % N];
        consumed!(v);
        head.store(h + 1, Ordering::{{5}});
        got += 1;
    }
}
`;

const RING_SITES: readonly Site[] = [
  { label: "producer: load its own tail", allowed: LOAD },
  { label: "producer: load head (is it full?)", allowed: LOAD },
  { label: "producer: publish tail", allowed: STORE },
  { label: "consumer: load its own head", allowed: LOAD },
  { label: "consumer: load tail (is it empty?)", allowed: LOAD },
  { label: "consumer: release head", allowed: STORE },
];
const RING_SOLUTION: readonly Ordering[] = ["Relaxed", "Acquire", "Release", "Relaxed", "Acquire", "Release"];

const TREIBER = `// Treiber stack: nodes are array slots (0 is null); node n holds value[n] and next[n].
static head: AtomicUsize = AtomicUsize::new(0);
static next: [AtomicUsize; 4] = [AtomicUsize::new(0), AtomicUsize::new(0), AtomicUsize::new(0), AtomicUsize::new(0)];
static mut value: [usize; 4] = [0; 4];

fn pusher() {
    let mut n = 1;
    while n <= 2 {
        unsafe { value[n] = n * 10; }
        produced!(n * 10);
        loop {
            let h = head.load(Ordering::Relaxed);
            next[n].store(h, Ordering::{{0}});
            if head.compare_exchange(h, n, Ordering::{{1}}, Ordering::Relaxed).is_ok() {
                break;
            }
        }
        n += 1;
    }
}

fn popper() {
    let mut got = 0;
    while got < 2 {
        let h = head.load(Ordering::{{2}});
        if h == 0 {
            spin_loop(); // empty
        } else {
            let nx = next[h].load(Ordering::{{3}});
            if head.compare_exchange(h, nx, Ordering::{{4}}, Ordering::Relaxed).is_ok() {
                unsafe {
                    let v = value[h];
                    consumed!(v);
                }
                got += 1;
            }
        }
    }
}
`;

const MPSC = `// MPSC: producers take tickets with fetch_add; slot t is published by its own ready flag.
const K: usize = 4;
static tail: AtomicUsize = AtomicUsize::new(0);
static ready: [AtomicBool; K] = [const { AtomicBool::new(false) }; K];
static buf: [MaybeUninit<usize>; K] = [const { MaybeUninit::uninit() }; K];

fn producer_a() {
    let mut i = 1;
    while i <= 2 {
        let t = tail.fetch_add(1, Ordering::{{0}});
        buf[t] = 10 + i;
        produced!(10 + i);
        ready[t].store(true, Ordering::{{1}});
        i += 1;
    }
}

fn producer_b() {
    let mut i = 1;
    while i <= 2 {
        let t = tail.fetch_add(1, Ordering::{{0}});
        buf[t] = 20 + i;
        produced!(20 + i);
        ready[t].store(true, Ordering::{{1}});
        i += 1;
    }
}

fn consumer() {
    let mut h = 0;
    while h < K {
        while !ready[h].load(Ordering::{{2}}) {
            spin_loop();
        }
        let v = buf[h];
        consumed!(v);
        h += 1;
    }
}
`;

const ABA = (tagged: boolean) => `// Treiber stack over a node pool that reuses freed nodes: A(1) -> B(2) -> null.
// head holds ${tagged ? "(tag << 16) | node: every successful CAS bumps the tag" : "a bare node number"}.
static head: AtomicUsize = AtomicUsize::new(1);
#[nodes(live = 2)]
static next: [AtomicUsize; 4] = [AtomicUsize::new(0), AtomicUsize::new(2), AtomicUsize::new(0), AtomicUsize::new(0)];
#[nodes]
static mut value: [usize; 4] = [0, 10, 20, 0];
const MASK: usize = 0xFFFF;

fn t1() {
    let mut k = 0;
    while k < 2 {
        let h = head.load(Ordering::Acquire);
        if h & MASK == 0 { break; }
        let nx = next[h & MASK].load(Ordering::Relaxed);
        let nh = ${tagged ? "(((h >> 16) + 1) << 16) | nx" : "nx"};
        if head.compare_exchange(h, nh, Ordering::AcqRel, Ordering::Acquire).is_ok() {
            unsafe { let v = value[h & MASK]; }
            k += 1;
        }
    }
}

fn t2() {
    let mut got = 0;
    let mut a = 0;
    let mut b = 0;
    while got < 2 {
        let h = head.load(Ordering::Acquire);
        if h & MASK == 0 { break; }
        let nx = next[h & MASK].load(Ordering::Relaxed);
        let nh = ${tagged ? "(((h >> 16) + 1) << 16) | nx" : "nx"};
        if head.compare_exchange(h, nh, Ordering::AcqRel, Ordering::Acquire).is_ok() {
            unsafe { let v = value[h & MASK]; }
            if got == 0 { a = h & MASK; } else { b = h & MASK; }
            got += 1;
        }
    }
    if got == 2 {
        free(b);
        free(a);
        let n = alloc(); // the allocator hands A back
        unsafe { value[n] = 30; }
        loop {
            let h = head.load(Ordering::Relaxed);
            next[n].store(h & MASK, Ordering::Relaxed);
            let nh = ${tagged ? "(((h >> 16) + 1) << 16) | n" : "n"};
            if head.compare_exchange(h, nh, Ordering::Release, Ordering::Relaxed).is_ok() { break; }
        }
    }
}
`;

const MICHAEL_SCOTT = `// Michael–Scott queue: node 1 is the dummy; head and tail point at nodes; next[n] links them.
static head: AtomicUsize = AtomicUsize::new(1);
static tail: AtomicUsize = AtomicUsize::new(1);
#[nodes(live = 1)]
static next: [AtomicUsize; 4] = [const { AtomicUsize::new(0) }; 4];
#[nodes]
static mut value: [usize; 4] = [0; 4];

fn producer_a() {
    let n = alloc();
    unsafe { value[n] = 10; }
    produced!(10);
    loop {
        let t = tail.load(Ordering::{{0}});
        let nx = next[t].load(Ordering::{{1}});
        if nx == 0 {
            if next[t].compare_exchange(0, n, Ordering::{{2}}, Ordering::Relaxed).is_ok() {
                let _swing = tail.compare_exchange(t, n, Ordering::{{3}}, Ordering::Relaxed);
                break;
            }
        } else {
            let _help = tail.compare_exchange(t, nx, Ordering::{{3}}, Ordering::Relaxed); // help the lagging tail
        }
    }
}

fn producer_b() {
    let n = alloc();
    unsafe { value[n] = 20; }
    produced!(20);
    loop {
        let t = tail.load(Ordering::{{0}});
        let nx = next[t].load(Ordering::{{1}});
        if nx == 0 {
            if next[t].compare_exchange(0, n, Ordering::{{2}}, Ordering::Relaxed).is_ok() {
                let _swing = tail.compare_exchange(t, n, Ordering::{{3}}, Ordering::Relaxed);
                break;
            }
        } else {
            let _help = tail.compare_exchange(t, nx, Ordering::{{3}}, Ordering::Relaxed); // help the lagging tail
        }
    }
}

fn consumer() {
    let mut got = 0;
    while got < 2 {
        let h = head.load(Ordering::{{4}});
        let nx = next[h].load(Ordering::{{5}});
        if nx == 0 {
            spin_loop(); // empty: only the dummy
        } else if head.compare_exchange(h, nx, Ordering::{{6}}, Ordering::Relaxed).is_ok() {
            unsafe {
                let v = value[nx];
                consumed!(v);
            }
            got += 1;
        }
    }
}
`;

const PADDED = "CachePadded<AtomicUsize> = CachePadded::new(AtomicUsize::new(0))";
const UNPADDED = "AtomicUsize = AtomicUsize::new(0)";

/** A stage's program: its (tagged) template with the chosen orderings and padding. */
export function sourceOf(rules: StageRules, orderings: readonly Ordering[], padded: boolean, tagged: boolean): string {
  return render(tagged && rules.taggedTemplate ? rules.taggedTemplate : rules.template, orderings, padded);
}

/** Fills a template's ordering sites and padding. */
export function render(template: string, orderings: readonly Ordering[], padded: boolean): string {
  return template.replace(/\{\{(\d+|pad)\}\}/g, (_, k: string) => (k === "pad" ? (padded ? PADDED : UNPADDED) : orderings[Number(k)] ?? "SeqCst"));
}

const base = { needsPadding: false, startPadded: false, fifo: true, preemptions: 2, maxExecutions: 50_000, duelTicks: 0 } as const;
const relaxedAll = (n: number): Ordering[] => new Array<Ordering>(n).fill("Relaxed");

export const STAGE_RULES: readonly StageRules[] = [
  {
    ...base, stage: 1, mode: "programmer", template: PUBLISH,
    sites: [{ label: "producer: set READY", allowed: STORE }, { label: "consumer: read READY", allowed: LOAD }],
    start: relaxedAll(2), solution: ["Release", "Acquire"], targetCost: 4,
    metrics: ["verified", "orderingCost", "checks"],
  },
  {
    ...base, stage: 2, mode: "programmer", template: RING(2, 3), sites: RING_SITES, start: relaxedAll(6), solution: RING_SOLUTION,
    targetCost: 10, metrics: ["verified", "orderingCost", "throughput", "checks"],
  },
  {
    ...base, stage: 3, mode: "scheduler", template: RING(2, 2), sites: RING_SITES,
    start: ["Relaxed", "Acquire", "Relaxed", "Relaxed", "Acquire", "Release"], solution: RING_SOLUTION, targetCost: 0,
    metrics: ["steps"],
  },
  {
    ...base, stage: 4, mode: "programmer", template: RING(2, 3), sites: RING_SITES, start: RING_SOLUTION, solution: RING_SOLUTION,
    targetCost: 10, needsPadding: true, metrics: ["verified", "throughput", "lineTransfers", "orderingCost"],
  },
  {
    ...base, stage: 5, mode: "programmer", template: TREIBER, fifo: false,
    sites: [
      { label: "push: link next", allowed: STORE }, { label: "push: CAS head (success)", allowed: RMW },
      { label: "pop: load head", allowed: LOAD }, { label: "pop: load next", allowed: LOAD }, { label: "pop: CAS head (success)", allowed: RMW },
    ],
    start: relaxedAll(5), solution: ["Relaxed", "Release", "Acquire", "Relaxed", "Relaxed"], targetCost: 7,
    metrics: ["verified", "orderingCost", "checks"],
  },
  {
    ...base, stage: 6, mode: "scheduler", template: ABA(false), fifo: false, sites: [], start: [], solution: [], targetCost: 0,
    metrics: ["steps"],
  },
  {
    ...base, stage: 7, mode: "programmer", template: ABA(false), taggedTemplate: ABA(true), needsTag: true, fifo: false, sites: [], start: [],
    solution: [], targetCost: 0, metrics: ["verified", "checks"],
  },
  {
    ...base, stage: 8, mode: "programmer", template: MICHAEL_SCOTT,
    sites: [
      { label: "enqueue: load tail", allowed: LOAD }, { label: "enqueue: load tail's next", allowed: LOAD },
      { label: "enqueue: CAS link the node (success)", allowed: RMW }, { label: "enqueue: swing/help the tail (success)", allowed: RMW },
      { label: "dequeue: load head", allowed: LOAD }, { label: "dequeue: load head's next", allowed: LOAD },
      { label: "dequeue: CAS head (success)", allowed: RMW },
    ],
    start: relaxedAll(7), solution: ["Relaxed", "Relaxed", "Release", "Relaxed", "Relaxed", "Acquire", "Relaxed"], targetCost: 9,
    metrics: ["verified", "orderingCost", "checks"],
  },
  {
    ...base, stage: 9, mode: "programmer", template: MPSC,
    sites: [{ label: "producers: take a ticket", allowed: RMW }, { label: "producers: publish the slot", allowed: STORE }, { label: "consumer: wait for the slot", allowed: LOAD }],
    start: relaxedAll(3), solution: ["Relaxed", "Release", "Acquire"], targetCost: 5,
    metrics: ["verified", "orderingCost", "checks"],
  },
  {
    ...base, stage: 10, mode: "duel", template: RING(2, 3), sites: RING_SITES, start: relaxedAll(6), solution: RING_SOLUTION,
    targetCost: 10, duelTicks: 5 * 60 * 3, metrics: ["verified", "orderingCost", "steps", "ticks"],
  },
];

const TEXTS: readonly Omit<StageInfo, "id" | "tickMs" | "metrics">[] = [
  {
    title: "Publish one value",
    goal: "Choose the weakest orderings for READY so the consumer that sees READY == true always sees DATA == 42, then run the check.",
    concept: "Release/acquire: a release store publishes every write before it to an acquire load that reads it (happens-before).",
    hints: [
      "Relaxed means \"no synchronization; only atomicity\": a relaxed READY says nothing about DATA.",
      "The store that publishes needs Release; the load that observes needs Acquire.",
      "READY.store(true, Release) and READY.load(Acquire): cost 2 + 2 = 4. SeqCst also works but costs 8.",
    ],
    victory: "data = 42; ready.store(true, Release) on one side, ready.load(Acquire) on the other: \"Guaranteed!\". " +
      "The acquire that reads the release makes the DATA write happen-before the DATA read — that is the whole contract.",
  },
  {
    title: "SPSC ring: empty and full",
    goal: "Make the ring (capacity 2, 3 messages) pass the checker with the weakest orderings: no lost, duplicated or torn message, no data race.",
    concept: "In SPSC only one thread writes tail and one writes head; each side acquires the other's index and releases its own.",
    hints: [
      "A thread may read its own index Relaxed: nobody else writes it.",
      "Full is t - h == N, empty is h == t. The side that waits must Acquire the other's index.",
      "Producer: Relaxed, Acquire, Release. Consumer: Relaxed, Acquire, Release. Cost 10.",
    ],
    victory: "Each index has one writer, so the ring needs only Acquire/Release. The producer's Release on tail publishes the slot; " +
      "the consumer's Release on head tells the producer the slot may be overwritten.",
  },
  {
    title: "The relaxed-publish bug",
    goal: "Be the scheduler: this ring publishes tail with Relaxed. Step the threads and pick what each load reads until the consumer reads a slot without the producer's write happening before it.",
    concept: "\"Imagine a CPU reorders your code so the tail increment happens before the data write\": a relaxed store publishes nothing.",
    hints: [
      "Let the producer write a slot and publish tail first.",
      "Then step the consumer: its tail load can read the new tail — but with no happens-before edge.",
      "The consumer's slot read is now a data race: the bug Release prevents.",
    ],
    victory: "A relaxed tail store lets the consumer see the new tail without the slot write that came before it: a data race (UB in Rust). " +
      "Release on tail orders the data write before the index becomes visible.",
  },
  {
    title: "Padding and false sharing",
    goal: "The ring is correct but head and tail share a 64-byte cache line: pad them onto their own lines (CachePadded) and check it again.",
    concept: "Two threads writing different variables on one cache line make it bounce between cores (false sharing).",
    hints: [
      "Watch the contention meter: each time the other core touches the line, it moves.",
      "#[repr(align(64))] or crossbeam's CachePadded gives each index its own line.",
      "Toggle the padding, then check: the throughput metric rises.",
    ],
    victory: "With head and tail on their own lines, each core keeps its own index; only the real hand-offs move lines. " +
      "Padded counters are \"typically 10-100x faster\" under contention.",
  },
  {
    title: "Treiber stack",
    goal: "Choose the orderings of a lock-free stack (push with a CAS loop, pop with a CAS) so every value pushed is popped once, race-free.",
    concept: "A CAS publishes a node like a release store does; the popper must acquire the node before reading its fields.",
    hints: [
      "The node's value is plain memory written before the push CAS.",
      "Push's CAS needs Release; pop's load of head needs Acquire to see the node's value and next.",
      "next.store Relaxed, push CAS Release, pop head Acquire, pop next Relaxed, pop CAS Relaxed: cost 7.",
    ],
    victory: "Push releases the node with its CAS; pop acquires it when loading head. \"Atomics on the pointer don't protect the " +
      "pointed-to data\" — the orderings do. (Nodes here are never reused: the next boss reuses them.)",
  },
  {
    title: "The ABA boss",
    goal: "Be the scheduler: the stack is A -> B. Pause t1 between reading A's next and its CAS; let t2 pop A, pop B, free both and push a recycled A; then let t1's CAS succeed — and make it touch the freed B.",
    concept: "ABA: a CAS compares values, not histories. The same pointer can come back after its node was freed and reused.",
    hints: [
      "Step t1 twice: it loads head (A) and A's next (B). Now switch to t2.",
      "Run t2 to its end: it pops A and B, frees them, and alloc() hands A back; it pushes A on an empty stack.",
      "Back to t1: compare_exchange(A, B) succeeds because head is A again. Its next pop reaches B, which is free memory.",
    ],
    victory: "T1's CAS(A -> B) succeeded on a recycled A and installed B, \"But B was already freed! Corruption.\" " +
      "\"CAS success means correctness\" is the misconception: the fix is a tag that changes on every CAS, epochs, or hazard pointers.",
  },
  {
    title: "Fix ABA with a tag",
    goal: "Pack a version tag next to the pointer in head (tag << 16 | node) so every successful CAS bumps it, then check the stack: t1's stale CAS must now fail.",
    concept: "Tagged pointers: the CAS compares pointer and tag together, so a recycled pointer no longer looks unchanged.",
    hints: [
      "Run the check first: the checker finds the ABA schedule by itself.",
      "Turn the tag on: the packed word is (tag << 16) | node, and each CAS writes tag + 1.",
      "The real recipe packs a 16-bit tag above a 48-bit pointer in an AtomicU64; this machine's words are 32 bits, so 16 + 16.",
    ],
    victory: "With a tag, A-after-reuse is not A: t1's CAS fails and retries. Tags make ABA improbable (a 16-bit tag can wrap); epoch-based " +
      "reclamation makes it impossible by not freeing a node \"while any thread might still access it\".",
  },
  {
    title: "Michael–Scott queue",
    goal: "Two producers enqueue onto a linked queue with a dummy node, helping a lagging tail; one consumer dequeues. Choose the weakest orderings that keep both messages intact and race-free.",
    concept: "A dummy node means head and tail are never null; a producer that finds tail lagging swings it forward for the other (helping).",
    hints: [
      "\"You never CAS the dummy itself, only what it points to.\" The node's value is published by the CAS that links it.",
      "The consumer reads value[next] after loading head's next: that load must acquire what the link CAS released.",
      "Link CAS Release, head's next Acquire, everything else Relaxed: cost 9. The tail is only a hint here.",
    ],
    victory: "The link CAS publishes the node and the consumer's acquire of next receives it; the tail pointer is a hint any thread may " +
      "repair (helping), which is what makes the queue lock-free: someone always makes progress.",
  },
  {
    title: "MPSC with several producers",
    goal: "Two producers share one queue: each takes a ticket with fetch_add, fills its slot and raises the slot's ready flag. Choose the weakest orderings that keep every message, in per-producer order, race-free.",
    concept: "An RMW's atomicity alone hands out unique tickets (Relaxed is enough); publishing the data is the flag's job.",
    hints: [
      "Two fetch_adds never read the same value, whatever the ordering.",
      "The slot's data is published by its ready flag: Release there, Acquire in the consumer.",
      "fetch_add Relaxed, ready.store Release, ready.load Acquire: cost 5.",
    ],
    victory: "Tickets from a Relaxed fetch_add are unique; each slot is published by its own flag. \"Relaxed is correct for independent counters\" " +
      "— the ticket counter is one.",
  },
  {
    title: "Duel: break my queue",
    goal: "Builder: choose the ring's orderings and submit. Breaker: you have three minutes as the scheduler to lose, duplicate or race a message. The checker referees.",
    concept: "Red vs Blue: a counterexample is a schedule — loom made social.",
    hints: [
      "Breaker: look for an ordering weaker than the recipe and aim at it.",
      "A relaxed publish shows up as a race on a slot; a relaxed head release as a race when the producer reuses a slot.",
      "Builder: Relaxed/Acquire/Release on each side is correct; anything weaker can be broken.",
    ],
    victory: "The checker refereed the duel: a queue is only as strong as its weakest ordering, and a schedule that breaks it is the proof.",
  },
];

export const STAGES: readonly StageInfo[] = STAGE_RULES.map((rules, i) => ({
  id: rules.stage,
  ...TEXTS[i]!,
  tickMs: TICK_MS,
  metrics: rules.metrics.map((m) => METRICS[m]),
}));
