/**
 * The assembler's lexer: one source line into tokens. Numbers: decimal, $FF / 0xFF hex, %1010 / 0b1010 binary,
 * 'c' characters. Strings in double quotes with \n \t \\ \" \0 escapes. Identifiers may contain letters, digits,
 * _ . # @ (a leading "." is a local label). Comments start at ";".
 */
export type TokenKind = "ident" | "number" | "string" | "punct";

export interface Token {
  readonly kind: TokenKind;
  readonly text: string;
  /** The number's value, for "number" tokens; the decoded text for "string" tokens. */
  readonly value?: number;
  readonly str?: string;
  /** Column (0-based) in the line. */
  readonly col: number;
}

export class AsmError extends Error {
  readonly file: string;
  readonly line: number;
  constructor(message: string, file = "", line = 0) {
    super(file ? `${file}:${line}: ${message}` : message);
    this.file = file;
    this.line = line;
  }
}

const PUNCT = ["@", "<<", ">>", "<=", ">=", "==", "!=", "&&", "||", ",", ":", "[", "]", "(", ")", "+", "-", "*", "/", "%", "&", "|", "^", "~", "!", "<", ">", "="];
const isIdentStart = (c: string) => /[A-Za-z_.]/.test(c);
const isIdent = (c: string) => /[A-Za-z0-9_.#@]/.test(c);

export function tokenize(line: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < line.length) {
    const c = line[i]!;
    if (c === ";") break;
    if (c === " " || c === "\t" || c === "\r") { i++; continue; }
    const col = i;
    if (c === '"') {
      let s = "";
      i++;
      for (;;) {
        if (i >= line.length) throw new AsmError("unterminated string");
        const d = line[i++]!;
        if (d === '"') break;
        if (d === "\\") {
          const e = line[i++];
          s += e === "n" ? "\n" : e === "t" ? "\t" : e === "0" ? "\0" : e ?? "";
        } else s += d;
      }
      tokens.push({ kind: "string", text: line.slice(col, i), str: s, col });
      continue;
    }
    if (c === "'" && line[i + 2] === "'") {
      tokens.push({ kind: "number", text: line.slice(i, i + 3), value: line.charCodeAt(i + 1), col });
      i += 3;
      continue;
    }
    let m: RegExpMatchArray | null;
    const rest = line.slice(i);
    if ((m = rest.match(/^(\$|0x)([0-9A-Fa-f_]+)/))) {
      tokens.push({ kind: "number", text: m[0], value: parseInt(m[2]!.replaceAll("_", ""), 16), col });
      i += m[0].length;
      continue;
    }
    if ((m = rest.match(/^(%|0b)([01_]+)/))) {
      tokens.push({ kind: "number", text: m[0], value: parseInt(m[2]!.replaceAll("_", ""), 2), col });
      i += m[0].length;
      continue;
    }
    if ((m = rest.match(/^[0-9][0-9_]*/))) {
      tokens.push({ kind: "number", text: m[0], value: parseInt(m[0].replaceAll("_", ""), 10), col });
      i += m[0].length;
      continue;
    }
    if (isIdentStart(c)) {
      let j = i + 1;
      while (j < line.length && isIdent(line[j]!)) j++;
      // "hl+" / "hl-" / "hli" / "hld" inside brackets are handled by the parser.
      tokens.push({ kind: "ident", text: line.slice(i, j), col });
      i = j;
      continue;
    }
    const p = PUNCT.find((p) => line.startsWith(p, i));
    if (!p) throw new AsmError(`unexpected character '${c}'`);
    tokens.push({ kind: "punct", text: p, col });
    i += p.length;
  }
  return tokens;
}
