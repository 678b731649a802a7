/**
 * Splits GNU as source (Intel syntax, noprefix) into statements and tokens. `#` starts a comment to the end of the
 * line; `;` separates statements on one line (as GNU as does on i386); strings use double quotes with C escapes;
 * character constants are `'A'` or `'A` as in GNU as. Numbers: 0x hex, 0b binary, leading 0 octal (GNU as rules).
 */

export interface Token {
  kind: "ident" | "number" | "string" | "punct";
  text: string;
  /** For numbers and character constants: the value; for strings: unused. */
  value: bigint;
  /** Decoded bytes of a string token. */
  bytes: number[];
  /** 1-based column in the source line. */
  column: number;
}

export interface Statement { line: number; column: number; tokens: Token[] }

export interface LexError { line: number; column: number; message: string }

const IDENT_START = /[A-Za-z_.$]/;
const IDENT_PART = /[A-Za-z0-9_.$]/;
const TWO_CHAR_PUNCT = new Set(["<<", ">>"]);

const ESCAPES: Record<string, number> = { n: 10, t: 9, r: 13, "0": 0, "\\": 92, '"': 34, "'": 39, a: 7, b: 8, f: 12, v: 11, e: 27 };

function token(kind: Token["kind"], text: string, column: number, value = 0n, bytes: number[] = []): Token {
  return { kind, text, value, bytes, column };
}

/** UTF-8 bytes of one code point: GNU as copies source bytes into strings verbatim, and sources are UTF-8. */
function utf8(point: number): number[] {
  if (point < 0x80) return [point];
  if (point < 0x800) return [0xc0 | (point >> 6), 0x80 | (point & 0x3f)];
  if (point < 0x10000) return [0xe0 | (point >> 12), 0x80 | ((point >> 6) & 0x3f), 0x80 | (point & 0x3f)];
  return [0xf0 | (point >> 18), 0x80 | ((point >> 12) & 0x3f), 0x80 | ((point >> 6) & 0x3f), 0x80 | (point & 0x3f)];
}

/** Reads one number starting at `i`; returns its token and the index after it, or an error message. */
function readNumber(text: string, i: number): { tok?: Token; end: number; error?: string } {
  let j = i;
  while (j < text.length && /[0-9A-Za-z_]/.test(text[j])) j++;
  const raw = text.slice(i, j);
  let digits = raw;
  let radix = 10;
  if (/^0[xX]/.test(raw)) { radix = 16; digits = raw.slice(2); }
  else if (/^0[bB]/.test(raw)) { radix = 2; digits = raw.slice(2); }
  else if (/^0[0-9]/.test(raw)) { radix = 8; digits = raw.slice(1); }
  const valid = radix === 16 ? /^[0-9a-fA-F]+$/ : radix === 2 ? /^[01]+$/ : radix === 8 ? /^[0-7]+$/ : /^[0-9]+$/;
  if (!valid.test(digits)) return { end: j, error: `'${raw}' is not a number (hex is 0x1f, binary 0b101, octal starts with 0)` };
  let value = 0n;
  const big = BigInt(radix);
  for (const d of digits) value = value * big + BigInt(parseInt(d, radix));
  return { tok: token("number", raw, i + 1, BigInt.asIntN(64, value)), end: j };
}

function readEscape(text: string, i: number): { byte: number; end: number } {
  const c = text[i];
  if (c === "x") {
    let j = i + 1;
    while (j < text.length && j < i + 3 && /[0-9a-fA-F]/.test(text[j])) j++;
    return { byte: parseInt(text.slice(i + 1, j) || "0", 16) & 0xff, end: j };
  }
  if (/[0-7]/.test(c)) {
    let j = i;
    while (j < text.length && j < i + 3 && /[0-7]/.test(text[j])) j++;
    return { byte: parseInt(text.slice(i, j), 8) & 0xff, end: j };
  }
  return { byte: ESCAPES[c] ?? c.charCodeAt(0) & 0xff, end: i + 1 };
}

/** Tokenizes the whole source into statements; lexical errors are returned with their position. */
export function lex(source: string): { statements: Statement[]; error?: LexError } {
  const statements: Statement[] = [];
  const lines = source.split("\n");
  for (let n = 0; n < lines.length; n++) {
    const text = lines[n].replace(/\r$/, "");
    let tokens: Token[] = [];
    let startColumn = 1;
    const flush = (): void => {
      if (tokens.length > 0) statements.push({ line: n + 1, column: startColumn, tokens });
      tokens = [];
    };
    let i = 0;
    while (i < text.length) {
      const c = text[i];
      if (c === " " || c === "\t") { i++; continue; }
      if (c === "#") break;
      if (c === ";") { flush(); i++; continue; }
      if (tokens.length === 0) startColumn = i + 1;
      if (IDENT_START.test(c)) {
        let j = i + 1;
        while (j < text.length && IDENT_PART.test(text[j])) j++;
        tokens.push(token("ident", text.slice(i, j), i + 1));
        i = j;
      } else if (/[0-9]/.test(c)) {
        const r = readNumber(text, i);
        if (r.error) return { statements, error: { line: n + 1, column: i + 1, message: r.error } };
        tokens.push(r.tok!);
        i = r.end;
      } else if (c === '"') {
        const bytes: number[] = [];
        let j = i + 1;
        while (j < text.length && text[j] !== '"') {
          if (text[j] === "\\" && j + 1 < text.length) {
            const e = readEscape(text, j + 1);
            bytes.push(e.byte);
            j = e.end;
          } else {
            const code = text.charCodeAt(j);
            const point = text.codePointAt(j)!;
            bytes.push(...utf8(point));
            j += point > 0xffff ? 2 : 1;
          }
        }
        if (j >= text.length) return { statements, error: { line: n + 1, column: i + 1, message: "string is missing its closing quote" } };
        tokens.push(token("string", text.slice(i, j + 1), i + 1, 0n, bytes));
        i = j + 1;
      } else if (c === "'") {
        if (i + 1 >= text.length) return { statements, error: { line: n + 1, column: i + 1, message: "character constant is missing its character" } };
        let value: number;
        let j: number;
        if (text[i + 1] === "\\") { const e = readEscape(text, i + 2); value = e.byte; j = e.end; }
        else { value = text.charCodeAt(i + 1) & 0xff; j = i + 2; }
        if (text[j] === "'") j++;
        tokens.push(token("number", text.slice(i, j), i + 1, BigInt(value)));
        i = j;
      } else {
        const two = text.slice(i, i + 2);
        if (TWO_CHAR_PUNCT.has(two)) { tokens.push(token("punct", two, i + 1)); i += 2; }
        else if ("+-*/%&|^~()[],:=@".includes(c)) { tokens.push(token("punct", c, i + 1)); i++; }
        else return { statements, error: { line: n + 1, column: i + 1, message: `unexpected character '${c}'` } };
      }
    }
    flush();
  }
  return { statements };
}
