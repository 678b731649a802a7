/**
 * Copy propagation for one opcode's family body, before it is compiled: a local that only names a register
 * (`v = r[z]` with z = 2 is `v = D`) is replaced by that register wherever it is read, and its assignment dropped,
 * when every read comes before anything could change the register. Why: the local cost a closure and a store per
 * instruction (INC/DEC, the CB shifts, the ALU on r), and reading the register in its place is the same value.
 *
 * Conservative by construction: only top-level assignments of locals assigned once in the whole family, only
 * the registers A B C D E H L BC DE HL SP, and any statement that might write the register (or could touch
 * everything, like `prefix`) ends the window in which reads may be replaced.
 */
import type { Expr, Stmt } from "./ast.ts";
import { classify } from "./names.ts";

/** Resolves a table entry of this opcode (`r[z]` → "D"); the caller's fields decide. */
export type Resolve = (e: Expr & { kind: "index" }) => string;

const ALIASABLE = new Set(["A", "B", "C", "D", "E", "H", "L", "BC", "DE", "HL", "SP"]);
/** The 8-bit registers each name stands for. */
const PARTS: Readonly<Record<string, readonly string[]>> = {
  A: ["A"], F: ["F"], B: ["B"], C: ["C"], D: ["D"], E: ["E"], H: ["H"], L: ["L"],
  AF: ["A", "F"], BC: ["B", "C"], DE: ["D", "E"], HL: ["H", "L"], SP: ["SP"], PC: ["PC"],
};

/**
 * The locals of `body` (a family's top level) that can read a register instead: local → register name. Their
 * assignments are the top-level statements `body[i]` with `body[i]` an assign to such a local.
 */
export function registerAliases(body: readonly Stmt[], resolve: Resolve): Map<string, string> {
  const assigned = new Map<string, number>();
  const countAssigns = (stmts: readonly Stmt[]) => {
    for (const s of stmts) {
      if (s.kind === "assign" && s.target.kind === "name") assigned.set(s.target.name, (assigned.get(s.target.name) ?? 0) + 1);
      if (s.kind === "if") { countAssigns(s.then); countAssigns(s.else); }
    }
  };
  countAssigns(body);
  const out = new Map<string, string>();
  body.forEach((s, i) => {
    if (s.kind !== "assign" || s.target.kind !== "name" || classify(s.target.name) !== "local") return;
    if (assigned.get(s.target.name) !== 1) return;
    const reg = registerOf(s.value, resolve);
    if (!reg || !ALIASABLE.has(reg)) return;
    if (readsBeforeWrite(body.slice(i + 1), s.target.name, new Set(PARTS[reg]!), resolve)) out.set(s.target.name, reg);
  });
  return out;
}

function registerOf(e: Expr, resolve: Resolve): string | undefined {
  if (e.kind === "name" && (classify(e.name) === "reg8" || classify(e.name) === "pair")) return e.name;
  if (e.kind === "index" && e.table !== "cc") return resolve(e);
  return undefined;
}

/** True when every read of `local` in `stmts` (in order, branches included) comes before a write to `parts`. */
function readsBeforeWrite(stmts: readonly Stmt[], local: string, parts: ReadonlySet<string>, resolve: Resolve): boolean {
  let clobbered = false;
  const visit = (list: readonly Stmt[]): boolean => {
    for (const s of list) {
      const exprs = stmtExprs(s);
      const effects = exprs.some((e) => touches(e, parts));
      if (exprs.some((e) => mentions(e, local)) && (clobbered || effects)) return false;
      if (effects || writes(s, parts, resolve)) clobbered = true;
      if (s.kind === "if" && (!visit(s.then) || !visit(s.else))) return false;
    }
    return true;
  };
  return visit(stmts);
}

/** The expressions a statement evaluates itself (an `if`'s branches are visited as statements). */
function stmtExprs(s: Stmt): Expr[] {
  switch (s.kind) {
    case "assign": return s.target.kind === "index" ? [s.target.index, s.value] : [s.value];
    case "write": return [s.address, s.value];
    case "push": return [s.value];
    case "acknowledge": return [s.bit];
    case "if": return [s.cond];
    case "word": return [];
  }
}

function mentions(e: Expr, name: string): boolean {
  switch (e.kind) {
    case "num": return false;
    case "name": return e.name === name;
    case "index": return mentions(e.index, name);
    case "read": return mentions(e.address, name);
    case "unary": return mentions(e.arg, name);
    case "binary": return mentions(e.left, name) || mentions(e.right, name);
    case "ternary": return mentions(e.cond, name) || mentions(e.then, name) || mentions(e.else, name);
  }
}

/** Whether evaluating `e` changes one of `parts`: the fetches move PC, `pop` moves SP. */
function touches(e: Expr, parts: ReadonlySet<string>): boolean {
  switch (e.kind) {
    case "num": return false;
    case "name":
      if (e.name === "imm8" || e.name === "simm8" || e.name === "imm16") return parts.has("PC");
      return e.name === "pop" && parts.has("SP");
    case "index": return touches(e.index, parts);
    case "read": return touches(e.address, parts);
    case "unary": return touches(e.arg, parts);
    case "binary": return touches(e.left, parts) || touches(e.right, parts);
    case "ternary": return touches(e.cond, parts) || touches(e.then, parts) || touches(e.else, parts);
  }
}

/** Whether the statement itself may write one of `parts` (flags write F; `prefix` may write anything). */
function writes(s: Stmt, parts: ReadonlySet<string>, resolve: Resolve): boolean {
  switch (s.kind) {
    case "assign": {
      const t = s.target;
      const name = t.kind === "index" ? resolve(t) : t.kind === "name" ? t.name : "";
      const written = PARTS[name] ?? (classify(name) === "flag" ? ["F"] : []);
      return written.some((p) => parts.has(p));
    }
    case "push": return parts.has("SP");
    case "word": return s.word === "prefix";
    default: return false;
  }
}
