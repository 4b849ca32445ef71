// supervisor expands values with Python's `value % mapping`: `%(name)s`,
// `%(process_num)02d`, `%%` for a literal percent. This is that operator for a
// mapping of strings and integers, with Python's flags, width, precision and
// conversions. One deliberate difference: a conversion without a `(name)`
// (`date +%s`) is an error here, where Python would insert the whole mapping.
import { UsageError } from "../../errors.ts";
import { formatFloat, formatInteger, pad, reprString } from "./expand-convert.ts";

export type ExpansionVars = ReadonlyMap<string, string | number>;

export interface Spec {
  flags: string;
  width: number | null;
  precision: number | null;
  type: string;
}

/** `template % vars` as Python computes it; throws UsageError naming `option`. */
export function expandPercent(template: string, vars: ExpansionVars, option: string): string {
  const bad = (why: string) =>
    new UsageError(`${option}: '${template}' ${why} (write %% for a literal %)`);
  let out = "";
  let i = 0;
  while (i < template.length) {
    const pct = template.indexOf("%", i);
    if (pct === -1) return out + template.slice(i);
    out += template.slice(i, pct);
    i = pct + 1;
    if (template[i] === "%") {
      out += "%";
      i++;
      continue;
    }
    if (template[i] !== "(") throw bad(i >= template.length ? "ends in a lone %" : `has a % without a (name) at index ${pct}`);
    let depth = 1;
    let j = i + 1;
    for (; j < template.length && depth > 0; j++) {
      if (template[j] === "(") depth++;
      else if (template[j] === ")") depth--;
    }
    if (depth > 0) throw bad("has an unclosed %(");
    const name = template.slice(i + 1, j - 1);
    const value = vars.get(name);
    if (value === undefined) {
      throw new UsageError(`${option}: '${template}' names %(${name}), which is not defined here (defined: ${describeVars(vars)})`);
    }
    const spec = readSpec(template, j, bad);
    i = spec.end;
    out += convert(value, spec, (why) => bad(`%(${name})${spec.type}: ${why}`));
  }
  return out;
}

/** Flags, width, precision, length modifier and conversion letter after `%(name)`. */
function readSpec(t: string, start: number, bad: (why: string) => Error): Spec & { end: number } {
  let k = start;
  const take = (chars: string) => {
    let got = "";
    while (k < t.length && chars.includes(t[k]!)) got += t[k++];
    return got;
  };
  const flags = take("-+ #0");
  if (t[k] === "*") throw bad("uses a * width, which needs positional arguments");
  const width = take("0123456789");
  let precision: number | null = null;
  if (t[k] === ".") {
    k++;
    if (t[k] === "*") throw bad("uses a * precision, which needs positional arguments");
    precision = Number(take("0123456789") || "0");
  }
  if (k < t.length && "hlL".includes(t[k]!)) k++;
  if (k >= t.length) throw bad("ends inside a % conversion");
  return { flags, width: width ? Number(width) : null, precision, type: t[k]!, end: k + 1 };
}

function convert(value: string | number, spec: Spec, bad: (why: string) => Error): string {
  const left = spec.flags.includes("-");
  switch (spec.type) {
    case "s":
    case "r":
    case "a": {
      let s = typeof value === "number" ? String(value) : spec.type === "s" ? value : reprString(value, spec.type === "a");
      if (spec.precision !== null) s = Array.from(s).slice(0, spec.precision).join("");
      return pad(s, spec.width, left, " ");
    }
    case "c": {
      const ch = typeof value === "number" ? String.fromCodePoint(value) : Array.from(value).length === 1 ? value : null;
      if (ch === null) throw bad("%c needs a number or a single character");
      return pad(ch, spec.width, left, " ");
    }
    case "d": case "i": case "u": case "o": case "x": case "X":
      if (typeof value !== "number") throw bad(`'${value}' is text, not a number`);
      return formatInteger(value, spec);
    case "e": case "E": case "f": case "F": case "g": case "G":
      if (typeof value !== "number") throw bad(`'${value}' is text, not a number`);
      return formatFloat(value, spec);
    default:
      throw bad(`'${spec.type}' is not a conversion (expected s, d, x, f, ...)`);
  }
}

function describeVars(vars: ExpansionVars): string {
  const names = [...vars.keys()].filter((k) => !k.startsWith("ENV_")).sort();
  return [...names, "ENV_<variable>"].join(", ");
}
