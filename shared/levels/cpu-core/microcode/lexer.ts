/**
 * Splits microcode text into tokens with their line and column. Comments run from `#` to the end of the line;
 * a line break ends a statement (so does `;`). Numbers: decimal, 0x hex, $hex, 0b binary.
 */

export type TokenKind = "num" | "ident" | "punct" | "newline" | "eof";
export interface Token { kind: TokenKind; text: string; value: number; line: number; column: number }

const PUNCT2 = ["==", "!=", "<=", ">=", "<<", ">>", "&&", "||"];
const PUNCT1 = "+-&|^~!<>=()[]{}?:,;";

export interface LexError { message: string; line: number; column: number }

export function lex(text: string, firstLine = 1): { tokens: Token[]; error?: LexError } {
  const tokens: Token[] = [];
  const lines = text.split("\n");
  for (let li = 0; li < lines.length; li++) {
    const src = lines[li]!;
    const line = firstLine + li;
    let i = 0;
    while (i < src.length) {
      const ch = src[i]!;
      const column = i + 1;
      if (ch === "#") break;
      if (ch === " " || ch === "\t" || ch === "\r") { i++; continue; }
      const num = /^(0x[0-9a-fA-F]+|\$[0-9a-fA-F]+|0b[01]+|[0-9]+)(?![A-Za-z0-9_])/.exec(src.slice(i));
      if (num) {
        const t = num[1]!;
        const value = t.startsWith("$") ? parseInt(t.slice(1), 16) : t.startsWith("0b") ? parseInt(t.slice(2), 2) : Number(t);
        if (value > 0xffffffff) return { tokens, error: { message: `the number ${t} is too large`, line, column } };
        tokens.push({ kind: "num", text: t, value, line, column });
        i += t.length;
        continue;
      }
      const id = /^[A-Za-z_][A-Za-z0-9_]*/.exec(src.slice(i));
      if (id) {
        tokens.push({ kind: "ident", text: id[0], value: 0, line, column });
        i += id[0].length;
        continue;
      }
      const two = src.slice(i, i + 2);
      if (PUNCT2.includes(two)) { tokens.push({ kind: "punct", text: two, value: 0, line, column }); i += 2; continue; }
      if (PUNCT1.includes(ch)) { tokens.push({ kind: "punct", text: ch, value: 0, line, column }); i++; continue; }
      return { tokens, error: { message: `unexpected character "${ch}"`, line, column } };
    }
    tokens.push({ kind: "newline", text: "end of line", value: 0, line, column: src.length + 1 });
  }
  tokens.push({ kind: "eof", text: "end of text", value: 0, line: firstLine + lines.length - 1, column: 1 });
  return { tokens };
}
