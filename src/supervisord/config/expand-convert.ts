// The conversions of Python's % operator that supervisor values can meet:
// integers (process_num, numprocs) in d/i/u/o/x/X/e/f/g and strings in s/r/a,
// with Python's rules for flags (- + space # 0), width and precision.
import type { Spec } from "./expand.ts";

export function pad(s: string, width: number | null, left: boolean, fill: string): string {
  const n = (width ?? 0) - Array.from(s).length;
  if (n <= 0) return s;
  return left ? s + " ".repeat(n) : fill.repeat(n) + s;
}

/** Sign, prefix and digits padded to width; '0' pads between prefix and digits, as Python does. */
function assemble(negative: boolean, prefix: string, digits: string, spec: Spec): string {
  const sign = negative ? "-" : spec.flags.includes("+") ? "+" : spec.flags.includes(" ") ? " " : "";
  const head = sign + prefix;
  if (spec.flags.includes("-")) return pad(head + digits, spec.width, true, " ");
  if (spec.flags.includes("0")) return head + pad(digits, spec.width === null ? null : spec.width - head.length, false, "0");
  return pad(head + digits, spec.width, false, " ");
}

export function formatInteger(value: number, spec: Spec): string {
  const n = Math.trunc(value);
  const base = spec.type === "o" ? 8 : spec.type === "x" || spec.type === "X" ? 16 : 10;
  let digits = Math.abs(n).toString(base);
  if (spec.type === "X") digits = digits.toUpperCase();
  if (spec.precision !== null && digits.length < spec.precision) digits = "0".repeat(spec.precision - digits.length) + digits;
  const prefix = !spec.flags.includes("#") || base === 10 ? "" : spec.type === "o" ? "0o" : spec.type === "x" ? "0x" : "0X";
  return assemble(n < 0, prefix, digits, spec);
}

function exponential(x: number, p: number, alt: boolean): string {
  const [mantissa, exp] = x.toExponential(p).split("e") as [string, string];
  const e = Number(exp);
  const m = alt && !mantissa.includes(".") ? `${mantissa}.` : mantissa;
  return `${m}e${e < 0 ? "-" : "+"}${String(Math.abs(e)).padStart(2, "0")}`;
}

function dropTrailingZeros(body: string): string {
  const [mantissa, exp] = body.split("e") as [string, string | undefined];
  const m = mantissa.includes(".") ? mantissa.replace(/0+$/, "").replace(/\.$/, "") : mantissa;
  return exp === undefined ? m : `${m}e${exp}`;
}

export function formatFloat(value: number, spec: Spec): string {
  const x = Math.abs(value);
  const alt = spec.flags.includes("#");
  const p = spec.precision ?? 6;
  let body: string;
  const kind = spec.type.toLowerCase();
  if (kind === "f") body = x.toFixed(p) + (alt && p === 0 ? "." : "");
  else if (kind === "e") body = exponential(x, p, alt);
  else {
    // %g: fixed when -4 <= exponent < precision, else exponential; trailing zeros dropped unless '#'.
    const P = p === 0 ? 1 : p;
    const X = x === 0 ? 0 : Number(x.toExponential(P - 1).split("e")[1]);
    body = X >= -4 && X < P ? x.toFixed(P - 1 - X) : exponential(x, P - 1, alt);
    if (alt && !body.includes(".") && !body.includes("e")) body += ".";
    if (!alt) body = dropTrailingZeros(body);
  }
  if (spec.type === spec.type.toUpperCase()) body = body.toUpperCase();
  return assemble(value < 0 || Object.is(value, -0), "", body, spec);
}

const UNPRINTABLE = /[\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Cn}\p{Zl}\p{Zp}\p{Zs}]/u;

/** Python's repr() of a str (ascii() when `ascii`). */
export function reprString(s: string, ascii: boolean): string {
  const quote = s.includes("'") && !s.includes('"') ? '"' : "'";
  let out = quote;
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    if (ch === quote || ch === "\\") out += `\\${ch}`;
    else if (ch === "\t") out += "\\t";
    else if (ch === "\n") out += "\\n";
    else if (ch === "\r") out += "\\r";
    else if (cp < 0x7f && cp >= 0x20) out += ch;
    else if (!ascii && !UNPRINTABLE.test(ch)) out += ch;
    else if (cp <= 0xff) out += `\\x${cp.toString(16).padStart(2, "0")}`;
    else if (cp <= 0xffff) out += `\\u${cp.toString(16).padStart(4, "0")}`;
    else out += `\\U${cp.toString(16).padStart(8, "0")}`;
  }
  return out + quote;
}
