/**
 * Tokens of the Rust subset (Rust reference, "Lexical structure"): identifiers and keywords, lifetimes, integer and
 * string literals (with `\n`, `\t`, `\\`, `\"`, `\0` escapes), punctuation, and line comments and nested block comments.
 * Omits: raw strings, byte strings, chars, floats, suffixed literals other than integer type suffixes.
 */
import type { Span } from "./ast.ts";

export type TokKind = "ident" | "lifetime" | "int" | "str" | "punct" | "eof";

export interface Token {
  readonly kind: TokKind;
  readonly text: string;
  readonly span: Span;
  /** Integer literal value (kept below 2^31 by the lexer's limit). */
  readonly value?: number;
}

export interface LexError {
  readonly message: string;
  readonly span: Span;
}

/** Multi-character punctuation first: the lexer takes the longest match. */
const PUNCT = ["::", "->", "=>", "+=", "-=", "==", "!=", "<=", ">=", "&&", "||", "..", "#!", "#", "(", ")", "{", "}", "[", "]", "<", ">",
  ",", ";", ":", ".", "&", "*", "=", "!", "|", "+", "-", "/", "?", "'", "@", "%", "^"] as const;

const INT_SUFFIXES = ["u8", "u16", "u32", "u64", "usize", "i8", "i16", "i32", "i64", "isize"];

const isIdentStart = (c: string) => /[A-Za-z_]/.test(c);
const isIdent = (c: string) => /[A-Za-z0-9_]/.test(c);

export function lex(src: string): { tokens: Token[] } | { error: LexError } {
  const tokens: Token[] = [];
  let i = 0;
  const n = src.length;
  while (i < n) {
    const c = src[i]!;
    if (c === " " || c === "\t" || c === "\n" || c === "\r") { i++; continue; }
    if (src.startsWith("//", i)) { while (i < n && src[i] !== "\n") i++; continue; }
    if (src.startsWith("/*", i)) {
      const start = i;
      let depth = 0;
      do {
        if (src.startsWith("/*", i)) { depth++; i += 2; } else if (src.startsWith("*/", i)) { depth--; i += 2; } else i++;
      } while (depth > 0 && i < n);
      if (depth > 0) return { error: { message: "unterminated block comment", span: { start, end: n } } };
      continue;
    }
    const start = i;
    if (c === "'" && i + 1 < n && isIdentStart(src[i + 1]!) && src[i + 2] !== "'") {
      i++;
      while (i < n && isIdent(src[i]!)) i++;
      tokens.push({ kind: "lifetime", text: src.slice(start, i), span: { start, end: i } });
      continue;
    }
    if (isIdentStart(c)) {
      while (i < n && isIdent(src[i]!)) i++;
      tokens.push({ kind: "ident", text: src.slice(start, i), span: { start, end: i } });
      continue;
    }
    if (/[0-9]/.test(c)) {
      while (i < n && /[0-9_]/.test(src[i]!)) i++;
      const digits = src.slice(start, i).replace(/_/g, "");
      let end = i;
      while (end < n && isIdent(src[end]!)) end++;
      const suffix = src.slice(i, end);
      if (suffix && !INT_SUFFIXES.includes(suffix)) {
        return { error: { message: `invalid suffix \`${suffix}\` for number literal`, span: { start, end } } };
      }
      if (digits.length > 9) return { error: { message: "integer literal is too large for this game (at most 999999999)", span: { start, end } } };
      i = end;
      tokens.push({ kind: "int", text: src.slice(start, end), span: { start, end }, value: Number(digits) });
      continue;
    }
    if (c === "\"") {
      i++;
      let value = "";
      for (;;) {
        if (i >= n) return { error: { message: "unterminated double quote string", span: { start, end: n } } };
        const d = src[i]!;
        if (d === "\"") { i++; break; }
        if (d === "\\") {
          const e = src[i + 1];
          const map: Record<string, string> = { n: "\n", t: "\t", "\\": "\\", "\"": "\"", "0": "\0", "'": "'", r: "\r" };
          if (e === undefined || !(e in map)) return { error: { message: `unknown character escape: \`${e ?? ""}\``, span: { start: i, end: i + 2 } } };
          value += map[e];
          i += 2;
          continue;
        }
        value += d;
        i++;
      }
      tokens.push({ kind: "str", text: value, span: { start, end: i } });
      continue;
    }
    const p = PUNCT.find((q) => src.startsWith(q, i));
    if (!p) return { error: { message: `unknown start of token: ${JSON.stringify(c)}`, span: { start, end: start + 1 } } };
    i += p.length;
    tokens.push({ kind: "punct", text: p, span: { start, end: i } });
  }
  tokens.push({ kind: "eof", text: "", span: { start: n, end: n } });
  return { tokens };
}
