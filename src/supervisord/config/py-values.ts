// supervisor's own value types (supervisor/datatypes.py) where they differ
// from the shared parsers in src/cli/values.ts: its booleans, Python's int(),
// autorestart, log levels, host:port, names, octal modes, comma lists.
// Each throws UsageError starting with `option`, like src/cli/values.ts.
import { UsageError } from "../../errors.ts";
import { stripPy } from "./py-space.ts";

const TRUTHY = ["yes", "true", "on", "1"];
const FALSY = ["no", "false", "off", "0"];

/** yes/true/on/1 and no/false/off/0, any case; nothing else. */
export function parseBoolean(value: string, option: string): boolean {
  const v = value.toLowerCase();
  if (TRUTHY.includes(v)) return true;
  if (FALSY.includes(v)) return false;
  throw new UsageError(`${option}: '${value}' is not a boolean (expected true/false, yes/no, on/off or 1/0)`);
}

/** Python's int(): surrounding whitespace, a sign, `_` between digits. Bounds give the error its wording. */
export function parseInteger(value: string, option: string, min = -Infinity, max = Infinity): number {
  const v = stripPy(value);
  if (!/^[+-]?\d+(?:_\d+)*$/.test(v)) throw new UsageError(`${option}: '${value}' is not an integer`);
  const n = Number(v.replace(/_/g, ""));
  if (n < min || n > max) {
    const range = max === Infinity ? `at least ${min}` : min === -Infinity ? `at most ${max}` : `${min}-${max}`;
    throw new UsageError(`${option}: '${value}' is out of range (expected ${range})`);
  }
  return n;
}

export type Autorestart = "always" | "never" | "on-failure";

/** true -> always, false -> never, unexpected -> on-failure (exit code not in exitcodes). */
export function parseAutorestart(value: string, option: string): Autorestart {
  const v = value.toLowerCase();
  if (TRUTHY.includes(v)) return "always";
  if (FALSY.includes(v)) return "never";
  if (v === "unexpected") return "on-failure";
  throw new UsageError(`${option}: '${value}' is not an autorestart value (expected true, false or unexpected)`);
}

export const LOG_LEVELS = ["critical", "error", "warn", "info", "debug", "trace", "blather"] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export function parseLogLevel(value: string, option: string): LogLevel {
  const v = value.toLowerCase();
  const level = LOG_LEVELS.find((l) => l === v);
  if (!level) throw new UsageError(`${option}: '${value}' is not a log level (expected one of ${LOG_LEVELS.join(", ")})`);
  return level;
}

/** `port`, `host:port`, `*:port` (datatypes.inet_address); host null means every interface. */
export function parseInetAddress(value: string, option: string): { host: string | null; port: number } {
  const colon = value.lastIndexOf(":");
  const host = colon === -1 ? "" : value.slice(0, colon).toLowerCase();
  const port = parseInteger(colon === -1 ? value : value.slice(colon + 1), option, 1, 65535);
  return { host: host === "" || host === "*" ? null : host, port };
}

/**
 * Program, group and process names (datatypes.process_or_group_name): stripped,
 * and without ' ', ':' or '/', which would break namespecs, URLs and the
 * listener protocol. Empty names are refused too.
 */
export function parseName(value: string, option: string): string {
  const name = stripPy(value);
  const bad = [" ", ":", "/"].find((c) => name.includes(c));
  if (bad) throw new UsageError(`${option}: '${value}' is not a valid name (it contains '${bad}')`);
  if (name === "") throw new UsageError(`${option}: empty name`);
  return name;
}

/** An octal permission mode such as 0700 or 0o770. */
export function parseOctalMode(value: string, option: string): number {
  const m = /^(?:0o)?([0-7]{1,4})$/i.exec(stripPy(value));
  if (!m) throw new UsageError(`${option}: '${value}' is not an octal mode (expected e.g. 0700)`);
  return parseInt(m[1]!, 8);
}

/** `a, b,c` (datatypes.list_of_strings): empty value gives an empty list. */
export function parseList(value: string): string[] {
  return value === "" ? [] : value.split(",").map((s) => stripPy(s));
}
