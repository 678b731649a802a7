/**
 * Victory conditions: what a finished, UB-free run's trace must show for each stage (stages.ts names the goal).
 * Every goal needs the run to reach the end of main, drops included, with no undefined behaviour and no panic.
 */
import type { RunState, TraceEvent } from "./interpreter.ts";
import type { Goal } from "./stages.ts";

const reads = (t: readonly TraceEvent[]) => t.filter((e) => e.kind === "read" && e.ok && e.detail);
const pinnedRead = (e: TraceEvent) => e.detail!.split("|")[1] === "pinned";

/** Returns "" when the goal is met, else the sentence saying what is missing. */
export function goalGap(goal: Goal, run: RunState): string {
  const t = run.trace;
  switch (goal) {
    case "pinnedRead":
      return reads(t).some(pinnedRead) ? "" : "read `data` through the self-pointer of a pinned SelfRef";
    case "heapRead":
      return reads(t).some((e) => pinnedRead(e) && e.detail!.endsWith("|heap")) ? "" : "read through the self-pointer of the SelfRef pinned in its Box on the heap";
    case "vecReads": {
      const grew = t.findIndex((e) => e.kind === "realloc");
      const initBefore = grew >= 0 && t.slice(0, grew).some((e) => e.kind === "write-ptr");
      const after = new Set(reads(t).filter((_e) => grew >= 0).filter((e) => t.indexOf(e) > grew).map((e) => e.to));
      if (!initBefore) return "initialise a node before the Vec grows (push more nodes than its capacity)";
      return after.size >= 3 ? "" : "read all three nodes through their self-pointers after the Vec has grown";
    }
    case "survivorRead": {
      const moved = t.findIndex((e) => e.kind === "move" && e.text.includes("of Three"));
      const inited = t.findIndex((e) => e.kind === "write-ptr");
      const read = reads(t).some((e) => t.indexOf(e) > moved && e.detail!.startsWith("into_heap|"));
      return inited >= 0 && moved > inited && read ? "" : "initialise, move with `let b = a;`, then read through the surviving pointer";
    }
    case "handleMoveRead": {
      const moved = t.findIndex((e) => e.kind === "move" && e.text.includes("of Pin<Box<"));
      const inited = t.findIndex((e) => e.kind === "write-ptr");
      const read = reads(t).some((e) => t.indexOf(e) > moved && pinnedRead(e) && e.detail!.endsWith("|heap"));
      return inited >= 0 && moved > inited && read ? "" : "move the initialised Pin<Box<SelfRef>> handle to another variable, then read through the self-pointer";
    }
    case "cleanDrop": {
      const dropped = t.some((e) => e.kind === "drop");
      return dropped && reads(t).some(pinnedRead) ? "" : "pin a holder, initialise it, read through it, and let it drop";
    }
    case "projection": {
      const pinnedData = t.some((e) => e.kind === "project" && e.detail === "pinned" && e.text.includes(".data "));
      const unpinnedEdits = t.some((e) => e.kind === "project" && e.detail === "unpinned" && e.text.includes(".edits "));
      const lastProject = t.map((e) => e.kind).lastIndexOf("project");
      const readAfter = reads(t).some((e) => t.indexOf(e) > lastProject && pinnedRead(e));
      if (!pinnedData) return "project `data` as Pin<&mut String> with map_unchecked_mut";
      if (!unpinnedEdits) return "project `edits` as &mut u32 with get_unchecked_mut";
      return readAfter ? "" : "read `data` through the self-pointer after the projections";
    }
    case "futureReady": {
      const polls = t.filter((e) => e.kind === "poll");
      const ready = polls.findIndex((e) => e.ok);
      const addrs = new Set(polls.map((e) => e.addr));
      if (ready < 0) return "poll the future until it returns Ready";
      if (ready < 2) return "the future must be polled Pending, Pending, then Ready";
      return addrs.size === 1 ? "" : "every poll must find the future at the same address";
    }
  }
}
