/**
 * Allocation traces in the classic text format (the CS:APP malloc-lab `.rep` files), one operation per line:
 *
 *   a <id> <bytes>            alloc: `bytes` with the default alignment (8)
 *   a <id> <bytes> <align>    alloc with an explicit alignment (a power of two up to 4096): our alignment form
 *   r <id> <bytes>            realloc id to `bytes`, keeping its alignment
 *   f <id>                    free id with the layout it was allocated with
 *   f <id> <bytes> <align>    free id stating a layout (checked: dealloc must get the exact alloc layout)
 *   x                         reset: every live allocation dies at once (an arena reset; other designs free each)
 *   <t>: <op>                 any operation prefixed by a thread number 0–63 (default thread 0)
 *   # …                       comment; blank lines are ignored
 *
 * Up to four leading lines holding one integer each (the malloc-lab header: heap size, ids, ops, weight) are
 * accepted and ignored. Parsing checks syntax and ranges and names the line; whether the operations respect the
 * GlobalAlloc contract (no double free, no zero size, …) is checked when the trace runs (contract.ts).
 */
import { fail, ok, type Result } from "../../engine/errors.ts";
import { isPowerOfTwo } from "./alignment.ts";

export type TraceOp =
  | { readonly op: "a"; readonly id: number; readonly size: number; readonly align: number; readonly thread: number }
  | { readonly op: "r"; readonly id: number; readonly size: number; readonly thread: number }
  | { readonly op: "f"; readonly id: number; readonly thread: number; readonly layout?: { readonly size: number; readonly align: number } }
  | { readonly op: "x"; readonly thread: number };

export const DEFAULT_ALIGN = 8;
export const MAX_BYTES = 1 << 24;
export const MAX_ID = 1_000_000_000;
export const MAX_ALIGN = 4096;
export const MAX_THREADS = 64;
export const MAX_OPS = 1_000_000;

function number(token: string | undefined, what: string, line: number, min: number, max: number): number | string {
  if (token === undefined) return `line ${line}: missing ${what}`;
  if (!/^\d+$/.test(token)) return `line ${line}: ${what} must be a whole number, got "${token.slice(0, 20)}"`;
  const v = Number(token);
  if (v < min || v > max) return `line ${line}: ${what} ${v} is out of range (${min} to ${max})`;
  return v;
}

function alignment(token: string, line: number): number | string {
  const v = number(token, "alignment", line, 1, MAX_ALIGN);
  if (typeof v === "number" && !isPowerOfTwo(v)) return `line ${line}: alignment ${v} is not a power of two`;
  return v;
}

/** Parses trace text; errors name the line and say what is wrong. */
export function parseTrace(text: string): Result<TraceOp[]> {
  const ops: TraceOp[] = [];
  const lines = text.split(/\r?\n/);
  let header = 0;
  for (let i = 0; i < lines.length; i++) {
    const n = i + 1;
    const content = lines[i]!.replace(/#.*/, "").trim();
    if (content === "") continue;
    if (ops.length === 0 && header < 4 && /^\d+$/.test(content)) {
      header++;
      continue;
    }
    let thread = 0;
    let body = content;
    const prefix = /^(\d+)\s*:\s*(.*)$/.exec(content);
    if (prefix) {
      const t = number(prefix[1], "thread", n, 0, MAX_THREADS - 1);
      if (typeof t === "string") return fail("E_BAD_TRACE", t);
      thread = t;
      body = prefix[2]!;
    }
    const tokens = body.split(/\s+/);
    const kind = tokens[0]!;
    const arity: Record<string, readonly number[]> = { a: [3, 4], r: [3], f: [2, 4], x: [1] };
    const allowed = arity[kind];
    if (!allowed) return fail("E_BAD_TRACE", `line ${n}: unknown operation "${kind.slice(0, 20)}" (expected a, r, f or x)`);
    if (!allowed.includes(tokens.length)) {
      const forms = { a: "a <id> <bytes> [<align>]", r: "r <id> <bytes>", f: "f <id> [<bytes> <align>]", x: "x" } as const;
      return fail("E_BAD_TRACE", `line ${n}: "${body.slice(0, 40)}" does not match ${forms[kind as keyof typeof forms]}`);
    }
    if (kind === "x") {
      ops.push({ op: "x", thread });
      continue;
    }
    const id = number(tokens[1], "id", n, 0, MAX_ID);
    if (typeof id === "string") return fail("E_BAD_TRACE", id);
    if (kind === "f") {
      if (tokens.length === 2) {
        ops.push({ op: "f", id, thread });
        continue;
      }
      const size = number(tokens[2], "size", n, 0, MAX_BYTES);
      if (typeof size === "string") return fail("E_BAD_TRACE", size);
      const align = alignment(tokens[3]!, n);
      if (typeof align === "string") return fail("E_BAD_TRACE", align);
      ops.push({ op: "f", id, thread, layout: { size, align } });
      continue;
    }
    const size = number(tokens[2], "size", n, 0, MAX_BYTES);
    if (typeof size === "string") return fail("E_BAD_TRACE", size);
    if (kind === "r") {
      ops.push({ op: "r", id, size, thread });
      continue;
    }
    const align = tokens[3] === undefined ? DEFAULT_ALIGN : alignment(tokens[3], n);
    if (typeof align === "string") return fail("E_BAD_TRACE", align);
    ops.push({ op: "a", id, size, align, thread });
    if (ops.length > MAX_OPS) return fail("E_BAD_TRACE", `line ${n}: a trace holds at most ${MAX_OPS} operations`);
  }
  return ok(ops);
}

/** Writes operations back in the text format (the alignment column only when it is not the default). */
export function formatTrace(ops: readonly TraceOp[], comment?: string): string {
  const out: string[] = comment ? comment.split("\n").map((l) => `# ${l}`) : [];
  for (const o of ops) {
    const t = o.thread ? `${o.thread}: ` : "";
    if (o.op === "a") out.push(`${t}a ${o.id} ${o.size}${o.align === DEFAULT_ALIGN ? "" : ` ${o.align}`}`);
    else if (o.op === "r") out.push(`${t}r ${o.id} ${o.size}`);
    else if (o.op === "f") out.push(`${t}f ${o.id}${o.layout ? ` ${o.layout.size} ${o.layout.align}` : ""}`);
    else out.push(`${t}x`);
  }
  return out.join("\n") + "\n";
}
