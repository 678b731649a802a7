/**
 * Lexer for the thread language (ast.ts): Rust's token shapes for the subset we accept — identifiers, integer
 * literals (decimal/hex/binary, `_` separators, type suffixes such as `0usize`), strings (for `assert!` messages),
 * punctuation, and line and block comments. Omits: floats, chars, raw strings, lifetimes.
 * Errors carry a span; lexing never throws.
 */
import type { Span } from "./ast.ts";

export type TokenKind = "ident" | "int" | "string" | "punct" | "eof";

export interface Token {
  readonly kind: TokenKind;
  readonly text: string;
  /** For int tokens: the value (wrapped to an unsigned 32-bit machine word). */
  readonly value: number;
  readonly span: Span;
}

export interface LexError {
  readonly code: "E_LEX";
  readonly message: string;
  readonly span: Span;
}

/** Longest first, so `<<=` wins over `<<` and `<`. */
const PUNCTS = [
  "<<=", ">>=", "::", "==", "!=", "<=", ">=", "&&", "||", "<<", ">>", "+=", "-=", "*=", "/=", "%=", "&=", "|=", "^=",
  "=>", "->", "+", "-", "*", "/", "%", "&", "|", "^", "!", "<", ">", "=", "(", ")", "{", "}", "[", "]", ";", ":",
  ",", ".", "#", "_",
] as const;

const INT_SUFFIX = /^(usize|isize|u8|u16|u32|u64|i8|i16|i32|i64)$/;

export function spanAt(text: string, start: number, end: number): Span {
  let line = 1;
  let col = 1;
  for (let i = 0; i < start && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) { line++; col = 1; } else col++;
  }
  return { start, end, line, col };
}

export function lex(src: string): { ok: true; tokens: Token[] } | { ok: false; error: LexError } {
  const tokens: Token[] = [];
  const err = (message: string, start: number, end: number) => ({ ok: false as const, error: { code: "E_LEX" as const, message, span: spanAt(src, start, end) } });
  let i = 0;
  while (i < src.length) {
    const c = src[i]!;
    if (c === " " || c === "\t" || c === "\n" || c === "\r") { i++; continue; }
    if (src.startsWith("//", i)) {
      while (i < src.length && src[i] !== "\n") i++;
      continue;
    }
    if (src.startsWith("/*", i)) {
      const close = src.indexOf("*/", i + 2);
      if (close < 0) return err("unterminated block comment", i, src.length);
      i = close + 2;
      continue;
    }
    const start = i;
    if (/[A-Za-z_]/.test(c) && !(c === "_" && !/[A-Za-z0-9_]/.test(src[i + 1] ?? ""))) {
      while (i < src.length && /[A-Za-z0-9_]/.test(src[i]!)) i++;
      tokens.push({ kind: "ident", text: src.slice(start, i), value: 0, span: spanAt(src, start, i) });
      continue;
    }
    if (/[0-9]/.test(c)) {
      let radix = 10;
      if (c === "0" && (src[i + 1] === "x" || src[i + 1] === "b")) { radix = src[i + 1] === "x" ? 16 : 2; i += 2; }
      const digitsStart = i;
      const digit = radix === 16 ? /[0-9a-fA-F_]/ : radix === 2 ? /[01_]/ : /[0-9_]/;
      while (i < src.length && digit.test(src[i]!)) i++;
      const digits = src.slice(digitsStart, i).replaceAll("_", "");
      const suffixStart = i;
      while (i < src.length && /[A-Za-z0-9]/.test(src[i]!)) i++;
      const suffix = src.slice(suffixStart, i);
      if (suffix && !INT_SUFFIX.test(suffix)) return err(`invalid suffix \`${suffix}\` for number literal`, start, i);
      if (!digits) return err("number literal has no digits", start, i);
      const big = parseInt(digits, radix);
      if (!Number.isSafeInteger(big) || big > 0xffffffff) return err("integer literal is too large for this machine's 32-bit words", start, i);
      tokens.push({ kind: "int", text: src.slice(start, i), value: big >>> 0, span: spanAt(src, start, i) });
      continue;
    }
    if (c === "\"") {
      i++;
      let s = "";
      while (i < src.length && src[i] !== "\"") {
        if (src[i] === "\\" && i + 1 < src.length) { s += src[i + 1]; i += 2; } else s += src[i++];
      }
      if (i >= src.length) return err("unterminated string literal", start, i);
      i++;
      tokens.push({ kind: "string", text: s, value: 0, span: spanAt(src, start, i) });
      continue;
    }
    const p = PUNCTS.find((q) => src.startsWith(q, i));
    if (!p) return err(`unknown start of token: ${JSON.stringify(c)}`, i, i + 1);
    i += p.length;
    tokens.push({ kind: "punct", text: p, value: 0, span: spanAt(src, start, i) });
  }
  tokens.push({ kind: "eof", text: "", value: 0, span: spanAt(src, src.length, src.length) });
  return { ok: true, tokens };
}
