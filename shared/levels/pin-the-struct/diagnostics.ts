/**
 * Diagnostics in rustc's shape: `error[E0382]: use of moved value: `a``, a primary span with a label, notes and help,
 * and a renderer that prints them the way rustc does (`--> src/main.rs:L:C`, the source line, carets under the
 * span). Lines are counted in the player's program (the body of main), not in the prelude + program file rustc sees.
 */
import type { Span } from "./ast.ts";

export interface Diagnostic {
  /** rustc's error code (E0382 …), or "syntax" / "unsupported" for text the game cannot check. */
  readonly code: string;
  readonly message: string;
  readonly span: Span;
  readonly label?: string;
  readonly notes?: readonly string[];
  readonly help?: string;
}

export interface LineCol {
  readonly line: number;
  readonly col: number;
}

/** 1-based line and column of a byte offset, as rustc counts them (columns in characters). */
export function lineCol(src: string, offset: number): LineCol {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < src.length; i++) if (src[i] === "\n") { line++; lineStart = i + 1; }
  return { line, col: offset - lineStart + 1 };
}

export function renderDiagnostic(src: string, d: Diagnostic): string {
  const head = d.code === "syntax" || d.code === "unsupported" ? `error: ${d.message}` : `error[${d.code}]: ${d.message}`;
  const { line, col } = lineCol(src, d.span.start);
  const text = src.split("\n")[line - 1] ?? "";
  const width = String(line).length;
  const pad = " ".repeat(width);
  const endOnLine = Math.min(d.span.end - (d.span.start - (col - 1)), text.length);
  const carets = "^".repeat(Math.max(1, endOnLine - (col - 1)));
  const out = [head, `${pad}--> src/main.rs:${line}:${col}`, `${pad} |`, `${line} | ${text}`,
    `${pad} | ${" ".repeat(col - 1)}${carets}${d.label ? " " + d.label : ""}`, `${pad} |`];
  for (const n of d.notes ?? []) out.push(`${pad} = note: ${n}`);
  if (d.help) out.push(`${pad} = help: ${d.help}`);
  return out.join("\n");
}
