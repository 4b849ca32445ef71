// The two ways supervisor tokenizes values with Python's shlex module:
// `command` with shlex.split (POSIX rules: quotes removed, backslash escapes,
// no comments), and `environment` with a non-POSIX shlex.shlex (quotes kept in
// the token, '#' starts a comment, every character outside the word set is a
// token of its own). Both throw UsageError naming `option`.
import { UsageError } from "../../errors.ts";

const SPACE = " \t\r\n";

/** shlex.split(s): a command line into argv, as supervisord does before exec. */
export function splitCommand(s: string, option: string): string[] {
  const argv: string[] = [];
  let token = "";
  let inToken = false;
  let i = 0;
  while (i < s.length) {
    const ch = s[i++]!;
    if (SPACE.includes(ch)) {
      if (inToken) argv.push(token);
      token = "";
      inToken = false;
    } else if (ch === "\\") {
      if (i >= s.length) throw new UsageError(`${option}: '${s}' ends with a lone backslash`);
      token += s[i++];
      inToken = true;
    } else if (ch === "'" || ch === '"') {
      inToken = true;
      const close = readQuoted(s, i, ch, option);
      token += close.text;
      i = close.end;
    } else {
      token += ch;
      inToken = true;
    }
  }
  if (inToken) argv.push(token);
  return argv;
}

/** Inside POSIX quotes: single quotes are literal; in double quotes a backslash escapes only `"` and `\`. */
function readQuoted(s: string, start: number, quote: string, option: string): { text: string; end: number } {
  let text = "";
  let i = start;
  while (i < s.length) {
    const ch = s[i++]!;
    if (ch === quote) return { text, end: i };
    if (quote === '"' && ch === "\\") {
      if (i >= s.length) break;
      const next = s[i++]!;
      text += next === '"' || next === "\\" ? next : `\\${next}`;
    } else text += ch;
  }
  throw new UsageError(`${option}: '${s}' has no closing quotation`);
}

// supervisor's dict_of_key_value_pairs adds '/.+-():' to shlex's ASCII word characters.
const WORD = /[A-Za-z0-9_/.+\-():]/;

/** Non-POSIX shlex.shlex tokens, as supervisor's environment parser reads them. */
export function tokenizeShlex(s: string, option: string): string[] {
  const tokens: string[] = [];
  let i = 0;
  while (i < s.length) {
    const ch = s[i]!;
    if (SPACE.includes(ch)) i++;
    else if (ch === "#") {
      // A comment runs to the end of the line; a word already begun continues on the next one.
      while (i < s.length && s[i] !== "\n") i++;
      i++;
    } else if (ch === "'" || ch === '"') {
      const end = s.indexOf(ch, i + 1);
      if (end === -1) throw new UsageError(`${option}: '${s}' has no closing quotation`);
      tokens.push(s.slice(i, end + 1));
      i = end + 1;
    } else if (WORD.test(ch)) {
      let word = "";
      while (i < s.length) {
        const c = s[i]!;
        if (c === "#") {
          while (i < s.length && s[i] !== "\n") i++;
          i++;
        } else if (WORD.test(c) || c === "'" || c === '"') {
          word += c;
          i++;
        } else break;
      }
      tokens.push(word);
    } else {
      tokens.push(ch);
      i++;
    }
  }
  return tokens;
}
