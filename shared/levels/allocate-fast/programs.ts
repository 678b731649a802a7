/**
 * The programs the manual stages serve: what a web handler, a tree builder and a kernel ask of their allocator, as timed
 * requests. Besides alloc and free, a program *uses* its handles (reads through the pointer) and marks the end of
 * a web request; those arrive like any request and are applied by the program itself.
 */
import { nextInt, pick, type Rng } from "../../engine/rng.ts";

export type ProgramRequest =
  | {
    readonly op: "alloc"; readonly id: number; readonly size: number; readonly align: number; readonly label: string; readonly at: number;
    /** How long the value lives, where the program says so: "tick" values die in the loop iteration that made them. */
    readonly lives?: "tick" | "forever";
  }
  | { readonly op: "free"; readonly id: number; readonly label: string; readonly at: number }
  | { readonly op: "use"; readonly id: number; readonly at: number }
  | { readonly op: "end"; readonly request: number; readonly at: number };

/**
 * Per-request web arena: each request allocates a header map, a body buffer, a String and sometimes a zero-sized
 * marker, uses them, drops one early, and ends. Requests follow each other; together they do not fit the arena.
 */
export function webRequests(rng: Rng, requests: number): ProgramRequest[] {
  const out: ProgramRequest[] = [];
  let at = 5;
  let id = 1;
  for (let r = 1; r <= requests; r++) {
    const mine: number[] = [];
    const shapes: [string, number, number][] = [
      [`HeaderMap (request ${r})`, nextInt(rng, 12, 20) * 8, 8],
      [`body [u8; N] (request ${r})`, nextInt(rng, 64, 200), 1],
      [`String (request ${r})`, 24, 8],
    ];
    if (nextInt(rng, 0, 2) === 0) shapes.splice(nextInt(rng, 0, 3), 0, [`PhantomData<Req> (request ${r})`, 0, 1]);
    for (const [label, size, align] of shapes) {
      out.push({ op: "alloc", id, size, align, label, at });
      if (size > 0) mine.push(id);
      id++;
      at += nextInt(rng, 12, 20);
    }
    for (const h of mine) {
      out.push({ op: "use", id: h, at });
      at += nextInt(rng, 2, 4);
    }
    const dropped = pick(rng, mine);
    out.push({ op: "free", id: dropped, label: "early drop", at });
    at += nextInt(rng, 4, 8);
    for (const h of mine) if (h !== dropped) out.push({ op: "use", id: h, at });
    at += nextInt(rng, 4, 8);
    out.push({ op: "end", request: r, at });
    at += nextInt(rng, 20, 30);
  }
  return out;
}

/** Layouts of the tree's types (x86-64). */
export const TREE_TYPES = {
  "Node { left, right, key }": { size: 24, align: 8 },
  "Edge { to, weight }": { size: 16, align: 8 },
  "Box<Empty> (zero-sized)": { size: 0, align: 1 },
} as const;

/**
 * A tree builder over a slab: nodes and edges are allocated and used, subtrees are pruned (the program drops them
 * and the player deallocates), and pruned slots are reused; the live set stays under the slab's slot count.
 */
export function treeProgram(rng: Rng, allocs: number, maxLive: number): ProgramRequest[] {
  const out: ProgramRequest[] = [];
  const live: { id: number; label: string }[] = [];
  let at = 5;
  let id = 1;
  const names = Object.keys(TREE_TYPES) as (keyof typeof TREE_TYPES)[];
  while (id <= allocs) {
    const prune = live.length >= maxLive || (live.length > 3 && nextInt(rng, 0, 2) === 0);
    if (prune) {
      const [victim] = live.splice(nextInt(rng, 0, live.length - 1), 1);
      out.push({ op: "free", id: victim!.id, label: victim!.label, at });
      if (live.length > 0) {
        at += nextInt(rng, 3, 6);
        out.push({ op: "use", id: pick(rng, live).id, at });
      }
    } else {
      const label = id % 7 === 4 ? names[2]! : nextInt(rng, 0, 3) === 0 ? names[1]! : names[0]!;
      out.push({ op: "alloc", id, label, at, ...TREE_TYPES[label] });
      if (TREE_TYPES[label].size > 0) {
        live.push({ id, label });
        at += nextInt(rng, 3, 6);
        out.push({ op: "use", id, at });
      }
      id++;
    }
    at += nextInt(rng, 14, 24);
  }
  while (live.length) {
    const [victim] = live.splice(0, 1);
    out.push({ op: "free", id: victim!.id, label: victim!.label, at });
    at += nextInt(rng, 10, 16);
  }
  return out;
}

/** Layouts of the kernel's boot-time values (x86-64; MemoryRegion is { start: u64, len: u64, kind: u32 } = 24 B). */
const KERNEL_TYPES = {
  memoryRegion: { size: 24, align: 8 },
  "Box<TaskStateSegment>": { size: 104, align: 4 },
  "Box<SerialPort { base: u16 }>": { size: 2, align: 2 },
  "Box<[u8; 128]> (scancode ring)": { size: 128, align: 1 },
  "Box<IdleTask> (zero-sized)": { size: 0, align: 1 },
  "Box<[u64; 64]> (frame bitmap)": { size: 512, align: 8 },
  "Vec<Box<dyn Task>> (run queue, capacity 16)": { size: 256, align: 8 },
  "Box<TimerTask> (spawned)": { size: 48, align: 8 },
  "Box<ShellTask> (with a [u8; 256] line buffer)": { size: 264, align: 8 },
} as const;

/** Capacity of the loop's `heapless::String<64>`: the longest log line the program formats. */
export const LOG_LINE_MAX = 64;

/**
 * A kernel's heap traffic: boot allocations that live until power-off (the memory map, the TSS, drivers, the frame
 * bitmap, the run queue, a zero-sized task), then `ticks` timer ticks, each formatting a log line of 48–64 bytes that
 * is written out and dropped in the same iteration, with a TimerTask spawned every eighth tick and the shell task last.
 * Boot data plus spawned tasks stay under 1.8 KiB; the log lines alone add ≥ 48 × ticks bytes, so with a
 * never-freeing 4 KiB heap they fit only if they never reach it (56 ticks: ≥ 2 688 bytes).
 */
export function kernelProgram(rng: Rng, ticks: number): ProgramRequest[] {
  const out: ProgramRequest[] = [];
  let at = 5;
  let id = 1;
  const boot = (label: string, size: number, align: number) => {
    out.push({ op: "alloc", id, size, align, label, at, lives: "forever" });
    at += nextInt(rng, 12, 18);
    id++;
  };
  const regions = nextInt(rng, 4, 8);
  boot(`Vec<MemoryRegion> (${regions} regions)`, regions * KERNEL_TYPES.memoryRegion.size, KERNEL_TYPES.memoryRegion.align);
  boot("String (kernel command line)", nextInt(rng, 9, 40), 1);
  for (const name of ["Box<TaskStateSegment>", "Box<SerialPort { base: u16 }>", "Box<[u8; 128]> (scancode ring)", "Box<IdleTask> (zero-sized)",
    "Box<[u64; 64]> (frame bitmap)", "Vec<Box<dyn Task>> (run queue, capacity 16)"] as const) {
    boot(name, KERNEL_TYPES[name].size, KERNEL_TYPES[name].align);
  }
  at += 10;
  for (let t = 1; t <= ticks; t++) {
    const line = id++;
    out.push({ op: "alloc", id: line, size: nextInt(rng, 48, LOG_LINE_MAX), align: 1, label: `log line String (tick ${t})`, at, lives: "tick" });
    out.push({ op: "use", id: line, at: at + 2 });
    out.push({ op: "free", id: line, label: "log line written to COM1", at: at + 4 });
    if (t % 8 === 0) {
      const name = t === ticks ? "Box<ShellTask> (with a [u8; 256] line buffer)" : "Box<TimerTask> (spawned)";
      const task = id++;
      out.push({ op: "alloc", id: task, label: name, at: at + 6, lives: "forever", ...KERNEL_TYPES[name] });
      out.push({ op: "use", id: task, at: at + 8 });
    }
    at += 10 + (t % 8 === 0 ? 4 : 0);
  }
  return out;
}
