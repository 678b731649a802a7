/**
 * The pin-the-struct ladder (DESIGN.md, Level 1; the Manual Pin Projector project, digest §A1): goal, concept,
 * hints and victory text per stage, the goal the machine checks, and one golden program per stage that wins it.
 * Respects the digest's errata (§F): moving a `Pin<Box<T>>` handle compiles (§F.1); a pointer into the String's
 * heap buffer survives a move while pointers to the field or into an inline array dangle (§F.4); the self-pointer
 * is initialised only after pinning, or re-initialised after the move (§F.5); structural pinning is the type
 * author's per-field choice and the game enforces consistency, not a label (§F.3).
 */
import type { MetricInfo, StageInfo } from "../../engine/level.ts";

/** What the run must show for the stage to be won (checked by goals.ts over the machine's trace). */
export type Goal =
  | "pinnedRead"
  | "heapRead"
  | "vecReads"
  | "survivorRead"
  | "handleMoveRead"
  | "cleanDrop"
  | "projection"
  | "futureReady";

export const METRICS = {
  unsafeBlocks: { key: "unsafeBlocks", label: "Unsafe blocks", unit: "count", better: "lower" },
  heapAllocations: { key: "heapAllocations", label: "Heap allocations", unit: "count", better: "lower" },
  statements: { key: "statements", label: "Statements", unit: "count", better: "lower" },
  compileErrors: { key: "compileErrors", label: "Compile errors made", unit: "count", better: "lower" },
} as const satisfies Record<string, MetricInfo>;

const ALL_METRICS: readonly MetricInfo[] = [METRICS.unsafeBlocks, METRICS.heapAllocations, METRICS.statements, METRICS.compileErrors];

interface StageText extends Omit<StageInfo, "id" | "tickMs" | "metrics"> {
  readonly goalKind: Goal;
  readonly golden: string;
}

const TEXTS: readonly StageText[] = [
  {
    title: "Pin, then init",
    goal: "Build a SelfRef, pin it, point its `ptr` at its own `data` with `init`, and read `data` back through the pointer.",
    concept: "A self-reference is only sound once the value cannot move: `init` takes `Pin<&mut Self>`, so rustc makes you pin first.",
    hints: [
      "`a.init()` does not compile: `init` wants `Pin<&mut SelfRef>`, and `SelfRef` contains `PhantomPinned`, so it is `!Unpin`.",
      "`pin!(a)` moves `a` into a fresh stack slot and gives you a `Pin<&mut SelfRef>` to it.",
      "let mut p = pin!(a); p.as_mut().init(); let s = p.value();",
    ],
    victory: "You pinned first and initialised second: the pointer was written after the last move, so it points at the value's final place. That order — construct, pin, init — is the whole recipe.",
    goalKind: "pinnedRead",
    golden: 'let a = SelfRef::new("Hello, Pinning!");\nlet mut p = pin!(a);\np.as_mut().init();\nlet s = p.value();',
  },
  {
    title: "Re-seat after Box::pin",
    goal: "This SelfRef was initialised on the stack. Move it into a `Box::pin` and read `data` through the self-pointer from its heap home.",
    concept: "A move is a bitwise copy: `Box::pin(a)` copies the 32 bytes to the heap, and `ptr` still holds the old stack address.",
    hints: [
      "Read after `Box::pin` without re-initialising, and watch the arrow: it points at a ghost on the stack.",
      "The pointer must be written again after the value reached its final place.",
      "p.as_mut().init(); re-seats `ptr` at the heap copy of `data`.",
    ],
    victory: "The box moved the value to the heap and you re-seated the pointer there. Initialising before pinning is legal only because you re-initialised afterwards; the rule of thumb is to initialise only after pinning.",
    goalKind: "heapRead",
    golden: 'let mut a = SelfRef::new("Hello, Pinning!");\na.init_early();\nlet mut p = Box::pin(a);\np.as_mut().init();\nlet s = p.value();',
  },
  {
    title: "The Vec reallocation trap",
    goal: "Keep three nodes in a Vec, initialising each one as soon as it is stored, and read all three through their self-pointers after the last push.",
    concept: "A Vec moves its elements when it grows: the new buffer is twice as big and the old one is freed. Pin does not stop Vec; storing a stable pointer does.",
    hints: [
      "With `Vec<Node>` the second push reallocates: node 0 moves and its pointer dangles into freed memory.",
      "Store something whose address does not change when the Vec moves it: a Box.",
      "let mut v: Vec<Box<Node>> = Vec::with_capacity(1); v.push(Box::new(Node::new(\"a\"))); v[0].init(); …",
    ],
    victory: "The Vec moved its elements twice, but the elements were boxes: 8-byte handles moved, the nodes stayed put on the heap. Pin cannot stop a Vec from moving; it stops you from putting a pinned value where it can be moved.",
    goalKind: "vecReads",
    golden: 'let mut v: Vec<Box<Node>> = Vec::with_capacity(1);\nv.push(Box::new(Node::new("a")));\nv[0].init();\nv.push(Box::new(Node::new("b")));\nv[1].init();\nv.push(Box::new(Node::new("c")));\nv[2].init();\nlet a = v[0].value();\nlet b = v[1].value();\nlet c = v[2].value();',
  },
  {
    title: "Which of three pointers dangles?",
    goal: "Initialise a `Three`, move it with `let b = a;`, then read through the one pointer that survived the move — and no other.",
    concept: "A pointer into the String's heap buffer survives a move of the struct; a pointer to the field itself or into an inline array does not.",
    hints: [
      "The struct is 64 bytes: String (24), [u8; 16], then three pointers at 40, 48 and 56. A move copies all 64 to a new address.",
      "Which of the three addresses is outside the 64 bytes that moved?",
      "`into_heap` points into the String's buffer on the heap, which the move did not touch.",
    ],
    victory: "Only the heap-buffer pointer survived: the String's buffer never moved, while `to_field` and `into_array` still name the old stack bytes. Pinning exists for the pointers that point into the value itself.",
    goalKind: "survivorRead",
    golden: 'let mut a = Three::new("abc");\na.init();\nlet b = a;\nlet h = b.read_heap();',
  },
  {
    title: "The handle moves, the pointee stays",
    goal: "Pin a SelfRef in a box, initialise it, move the `Pin<Box<SelfRef>>` handle to another variable, and read through the self-pointer.",
    concept: "`Pin<Box<T>>` can move: moving it copies an 8-byte pointer, and the pinned T stays at its heap address. The Pin contract is about the pointee.",
    hints: [
      "`let moved = p;` compiles: it moves the box pointer, not the SelfRef.",
      "What does not compile is getting the SelfRef itself out: `let m = *p;` is E0507.",
      "let moved = p; let s = moved.value();",
    ],
    victory: "The handle moved between variables and the SelfRef never left its heap address, so its self-pointer stayed valid. Pinning freezes a place, not the pointer you reach it through.",
    goalKind: "handleMoveRead",
    golden: 'let mut p = Box::pin(SelfRef::new("Hello, Pinning!"));\np.as_mut().init();\nlet moved = p;\nlet s = moved.value();',
  },
  {
    title: "The Drop trap",
    goal: "Pin a holder of a SelfRef, initialise it, read through it, and let it drop at the end of main without undefined behaviour.",
    concept: "`Drop::drop` gets `&mut self`, not `Pin<&mut Self>`: it must not move a structurally pinned field, because the value is still pinned while it drops.",
    hints: [
      "Two holders: `Recycler`'s Drop moves `inner` out with `mem::replace`; `Holder`'s Drop reads it in place.",
      "Values drop in place when main ends, in reverse order of declaration.",
      "let mut h = Box::pin(Holder::new(\"…\")); h.as_mut().init(); let n = h.value().len();",
    ],
    victory: "Drop ran in place and read the field where it was pinned. A Drop that moves a pinned field breaks the pin guarantee at the very end of the value's life.",
    goalKind: "cleanDrop",
    golden: 'let mut h = Box::pin(Holder::new("Hello, Pinning!"));\nh.as_mut().init();\nlet n = h.value().len();',
  },
  {
    title: "Build a projection",
    goal: "Through a pinned `Tracked`, append to `data` through a `Pin<&mut String>` projection, add 1 to `edits` through a `&mut u32`, then read `data` through the self-pointer.",
    concept: "Projection: a structurally pinned field is reached only as `Pin<&mut Field>` (map_unchecked_mut); an unpinned field as `&mut Field` (get_unchecked_mut). Each field is one or the other, never both.",
    hints: [
      "`p.edits += 1` is E0594: `Tracked` is `!Unpin`, so `Pin<Box<Tracked>>` gives no `&mut` to its fields.",
      "unsafe { p.as_mut().map_unchecked_mut(|t| &mut t.data) } gives `Pin<&mut String>`; String is Unpin, so `push_str` works on it.",
      "unsafe { &mut p.as_mut().get_unchecked_mut().edits } gives `&mut u32`. Never project `data` both ways.",
    ],
    victory: "`data` was pinned and `edits` was not, and you treated each the same way every time. The String grew (its buffer moved on the heap) but the field did not, so the self-pointer held.",
    goalKind: "projection",
    golden: 'let mut p = Box::pin(Tracked::new("Hello, Pinning"));\np.as_mut().init();\nlet mut data = unsafe { p.as_mut().map_unchecked_mut(|t| &mut t.data) };\ndata.push_str("!");\nlet edits = unsafe { &mut p.as_mut().get_unchecked_mut().edits };\n*edits += 1;\nlet s = p.value();',
  },
  {
    title: "A self-referential future",
    goal: "Be the executor: pin a `Countdown` future and poll it until it is Ready (Pending, Pending, Ready), at one stable address.",
    concept: "`poll` takes `Pin<&mut Self>`: a future may hold pointers into itself between polls, so it must not move once polled.",
    hints: [
      "`f.poll(&mut cx)` on an unpinned future is E0599; `Future::poll(&mut f, …)` is E0308.",
      "Make a context first: let waker = noop_waker(); let mut cx = Context::from_waker(&waker);",
      "let mut fut = pin!(Countdown::new(\"…\", 2)); then fut.as_mut().poll(&mut cx) three times.",
    ],
    victory: "Pending, Pending, Ready, and the future never moved: the pointer it set on the first poll was valid on every later poll. That is why every executor pins a future before polling it.",
    goalKind: "futureReady",
    golden: 'let waker = noop_waker();\nlet mut cx = Context::from_waker(&waker);\nlet mut fut = pin!(Countdown::new("Data processed successfully!", 2));\nlet first = fut.as_mut().poll(&mut cx);\nlet second = fut.as_mut().poll(&mut cx);\nlet third = fut.as_mut().poll(&mut cx);',
  },
];

/** The program is stepped by the player; the clock does nothing but count (one tick a second). */
export const TICK_MS = 1000;

export const STAGES: readonly StageInfo[] = TEXTS.map((t, i) => ({
  id: i + 1, title: t.title, goal: t.goal, concept: t.concept, hints: t.hints, victory: t.victory, tickMs: TICK_MS, metrics: ALL_METRICS,
}));

export const STAGE_GOALS: readonly Goal[] = TEXTS.map((t) => t.goalKind);

/** One winning program per stage: compiled by rustc in the agreement suite and replayed as a golden. */
export const GOLDEN_PROGRAMS: readonly { stage: number; program: string }[] = TEXTS.map((t, i) => ({ stage: i + 1, program: t.golden }));
