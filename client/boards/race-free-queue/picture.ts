/**
 * What the race-free-queue board draws, computed from a QueueState without Phaser (so it is unit-tested):
 * which execution to show (the live one, or the last counterexample scrubbed to a step), each thread's lane with
 * its program counter, each atomic location's message timeline in modification order with every thread's view,
 * the non-atomic cells and slots, the cache lines with their contention, the happens-before arrows, and the
 * choices the selected thread's next step offers.
 */
import {
  cacheRun, choices, compiled, evalExpr, initMachine, replayActions, rulesOf, runnable, type Choice, type Compiled, type Machine, type QueueState,
  type StepEvent,
} from "../../../shared/levels/race-free-queue/index.ts";

export interface LaneLine { readonly no: number; readonly text: string; readonly pc: boolean }

export interface Lane {
  readonly tid: number;
  readonly name: string;
  readonly status: "ready" | "spinning" | "done" | "waiting";
  readonly lines: LaneLine[];
  /** The source line of the next step (0 when done). */
  readonly pcLine: number;
  readonly consumed: number[];
}

export interface MessageBox {
  readonly index: number;
  readonly val: number;
  readonly tid: number;
  readonly ord: string;
  readonly rmw: boolean;
}

export interface LocationRow {
  readonly loc: number;
  readonly name: string;
  readonly line: number;
  readonly messages: MessageBox[];
  /** Per thread: the index of the newest message it has seen (its view of this location). */
  readonly views: number[];
}

export interface CellBox {
  readonly name: string;
  readonly val: number;
  readonly slot: boolean;
  readonly full: boolean;
  readonly line: number;
  /** Heap node this cell belongs to (-1 none) and whether that node is allocated. */
  readonly node: number;
  readonly live: boolean;
}

export interface Arrow {
  /** From message `msg` of location `loc` (a release) to the lane of thread `tid` (the acquire that read it). */
  readonly loc: number;
  readonly msg: number;
  readonly tid: number;
  readonly line: number;
}

export interface ChoiceLabel { readonly index: number; readonly text: string; readonly loc: number; readonly msg: number }

export interface Picture {
  readonly prog: Compiled;
  readonly machine: Machine;
  readonly events: readonly StepEvent[];
  readonly caption: string;
  readonly lanes: Lane[];
  readonly locations: LocationRow[];
  readonly cells: CellBox[];
  /** Transfers per cache line in the simulated run (the contention meter). */
  readonly lineHeat: number[];
  readonly arrows: Arrow[];
  readonly candidates: ChoiceLabel[];
  readonly violation: string;
}

const THREAD_LETTERS = "PCXY";

/** A short lower-case thread tag for markers (first letter of its name, or P/C/X/Y by position). */
export function threadTag(prog: Compiled, tid: number): string {
  return (prog.threads[tid]?.name[0] ?? THREAD_LETTERS[tid] ?? "?").toUpperCase();
}

/** The execution to show: a counterexample scrubbed to `scrub` steps, else the live execution, else the start. */
function shown(state: QueueState, prog: Compiled, scrub: number | null): { machine: Machine; events: StepEvent[]; caption: string } {
  const cx = state.lastCheck?.counterexample;
  if (scrub !== null && cx && state.lastCheck!.source === state.source) {
    const upto = Math.max(0, Math.min(scrub, cx.actions.length));
    const r = replayActions(prog, cx.actions.slice(0, upto), { fifo: rulesOf(state).fifo });
    if (r.ok) return { machine: r.machine, events: r.events, caption: `counterexample: step ${upto} of ${cx.actions.length}  ([ and ] to scrub)` };
  }
  if (state.exec) return { machine: state.exec.machine, events: state.exec.events, caption: `execution: ${state.exec.actions.length} steps` };
  return { machine: initMachine(prog), events: [], caption: "the program before it runs" };
}

function choiceText(prog: Compiled, m: Machine, tid: number, c: Choice): { text: string; loc: number; msg: number } {
  const writer = (l: number, i: number) => {
    const msg = m.mem.locs[l]?.[i];
    if (!msg) return "";
    return msg.tid < 0 ? "the initial value" : `${prog.threads[msg.tid]!.name}'s ${msg.ord} write`;
  };
  const target = elementOf(prog, m, tid);
  switch (c.kind) {
    case "go": return { text: "step", loc: -1, msg: -1 };
    case "read": {
      const msg = m.mem.locs[target]![c.msg]!;
      return { text: `read ${msg.val}  (#${c.msg}, ${writer(target, c.msg)})`, loc: target, msg: c.msg };
    }
    case "place": {
      const list = m.mem.locs[target]!;
      return { text: c.after === list.length - 1 ? "store at the end of the order" : `store right after #${c.after} (value ${list[c.after]!.val}), before newer ones`, loc: target, msg: c.after };
    }
    case "cas": {
      const msg = m.mem.locs[target]![c.msg]!;
      return { text: `read ${msg.val} and ${c.success ? "succeed" : "fail"}  (#${c.msg}, ${writer(target, c.msg)})`, loc: target, msg: c.msg };
    }
  }
}

/** The atomic location a thread's next instruction touches (evaluating its index), or -1. */
function elementOf(prog: Compiled, m: Machine, tid: number): number {
  const t = m.threads[tid]!;
  const ins = prog.threads[tid]!.code[t.pc]!;
  if (ins.op !== "load" && ins.op !== "store" && ins.op !== "rmw" && ins.op !== "cas") return -1;
  if (!ins.place.index) return ins.place.base;
  const i = evalExpr(ins.place.index, t.locals);
  return i >= 0 && i < (ins.place.length ?? 0) ? ins.place.base + i : -1;
}

export function picture(state: QueueState, scrub: number | null, selected: number): Picture {
  const prog = compiled(state.source);
  const { machine: m, events, caption } = shown(state, prog, scrub);
  const srcLines = prog.source.split("\n");
  const lanes: Lane[] = prog.threads.map((t, tid) => {
    const th = m.threads[tid]!;
    const lineNos = t.code.map((i) => i.line).filter((n) => n > 0);
    const first = Math.min(...lineNos);
    const last = Math.max(...lineNos);
    const pcLine = th.status === "done" ? 0 : t.code[th.pc]!.line;
    const lines: LaneLine[] = [];
    for (let no = first; no <= last; no++) lines.push({ no, text: srcLines[no - 1] ?? "", pc: no === pcLine });
    const status = th.status === "done" ? "done" : th.status === "blocked" ? (runnable(m, tid) ? "ready" : "spinning") : "ready";
    return { tid, name: t.name, status, lines, pcLine, consumed: [...th.consumed] };
  });
  const locations: LocationRow[] = prog.locNames.map((name, loc) => {
    const msgs = m.mem.locs[loc]!;
    return {
      loc, name, line: prog.locLine[loc]!,
      messages: msgs.map((msg, index) => ({ index, val: msg.val, tid: msg.tid, ord: msg.ord, rmw: msg.rmw })),
      views: m.threads.map((t) => {
        let k = 0;
        for (let i = 0; i < msgs.length; i++) if (msgs[i]!.ts <= t.view.cur[loc]!) k = i;
        return k;
      }),
    };
  });
  const cells: CellBox[] = prog.cellNames.map((name, c) => {
    const cell = m.cells[c]!;
    const node = prog.cellNode[c]!;
    return { name, val: cell.val, slot: prog.cellSlot[c]!, full: cell.full === 1, line: prog.cellLine[c]!, node, live: node < 0 || m.heap.live[node] === 1 };
  });
  const arrows: Arrow[] = [];
  for (const e of events) {
    if (!e.sync || e.loc === undefined || e.readFromStep === undefined) continue;
    const msg = m.mem.locs[e.loc]!.findIndex((x) => x.step === e.readFromStep);
    if (msg >= 0) arrows.push({ loc: e.loc, msg, tid: e.tid, line: e.line });
  }
  const candidates: ChoiceLabel[] = [];
  if (selected >= 0 && selected < prog.threads.length && !m.violation && runnable(m, selected)) {
    choices(prog, m, selected).forEach((c, index) => candidates.push({ index, ...choiceText(prog, m, selected, c) }));
  }
  return {
    prog, machine: m, events, caption, lanes, locations, cells, lineHeat: cacheRun(prog).perLine, arrows, candidates,
    violation: m.violation ? m.violation.message : "",
  };
}
