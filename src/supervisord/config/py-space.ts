// Python's idea of whitespace (str.isspace, str.strip, re's \s), which is not
// JavaScript's: Python counts \x1c-\x1f and \x85 and not \ufeff. configparser
// strips keys and values with it, so a faithful reader must too.
const PY_SPACE = "\t\n\v\f\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000";

export function isPySpace(ch: string): boolean {
  return ch.length === 1 && PY_SPACE.includes(ch);
}

export function lstripPy(s: string): string {
  let i = 0;
  while (i < s.length && isPySpace(s[i]!)) i++;
  return s.slice(i);
}

export function rstripPy(s: string): string {
  let j = s.length;
  while (j > 0 && isPySpace(s[j - 1]!)) j--;
  return s.slice(0, j);
}

export function stripPy(s: string): string {
  return lstripPy(rstripPy(s));
}

/** str.split() with no argument: runs of whitespace separate, none at the ends. */
export function splitPy(s: string): string[] {
  const out: string[] = [];
  let word = "";
  for (const ch of s) {
    if (isPySpace(ch)) {
      if (word) out.push(word);
      word = "";
    } else word += ch;
  }
  if (word) out.push(word);
  return out;
}
