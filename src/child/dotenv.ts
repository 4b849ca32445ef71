// A dotenv file, for `--env-file=PATH` (single mode) and `environment_file=PATH`
// (a supervisord program key, monitor's extension): read before anything
// starts, so a missing or malformed file stops everything like any other
// config error. The common subset of dotenv: `KEY=value`, optional
// `export `, `#` comment lines, 'single' quotes literal, "double" quotes with
// \n \t \" \\ escapes, unquoted values trimmed and cut at ` #`. No expansion.
import { readFileSync } from "node:fs";
import { ConfigError } from "../errors.ts";

export type Environment = Readonly<Record<string, string>>;

const ESCAPES: Record<string, string> = { n: "\n", t: "\t", r: "\r", '"': '"', "\\": "\\" };

function unquote(raw: string, file: string, line: number): string {
  const v = raw.trim();
  const q = v[0];
  if (q === "'" || q === '"') {
    const end = v.indexOf(q, 1);
    let i = 1;
    let out = "";
    if (q === "'") {
      if (end === -1) throw new ConfigError(file, line, `unterminated ' quote in ${v}`);
      out = v.slice(1, end);
      i = end + 1;
    } else {
      for (; i < v.length && v[i] !== '"'; i++) out += v[i] === "\\" && i + 1 < v.length ? ESCAPES[v[++i]!] ?? `\\${v[i]}` : v[i];
      if (i >= v.length) throw new ConfigError(file, line, `unterminated " quote in ${v}`);
      i++;
    }
    const rest = v.slice(i).trim();
    if (rest !== "" && !rest.startsWith("#")) throw new ConfigError(file, line, `text after the closing quote: ${rest}`);
    return out;
  }
  const hash = v.search(/\s#/);
  return (hash === -1 ? v : v.slice(0, hash)).trim();
}

export function unpackDotenv(text: string, file: string): Environment {
  const pairs: [string, string][] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.trim();
    if (line === "" || line.startsWith("#")) return;
    const m = /^(?:export\s+)?([A-Za-z_][A-Za-z0-9_.]*)\s*=(.*)$/.exec(line);
    if (!m) throw new ConfigError(file, i + 1, `'${line}' is not KEY=value`);
    pairs.push([m[1]!, unquote(m[2]!, file, i + 1)]);
  });
  return Object.fromEntries(pairs);
}

/** Reads and parses PATH; `fail` turns a read error into the config line that named the file. */
export function readDotenv(path: string, fail: (message: string) => Error): Environment {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (e) {
    throw fail(`cannot read '${path}' (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
  }
  return unpackDotenv(text, path);
}
