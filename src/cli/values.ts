// Parsers for the value kinds SPEC.md names: DURATION, SIGNAL, SIZE, and the
// small list / map forms options use. Each throws UsageError naming the
// option and the bad value, so every caller gets the same one-line error.
import { constants } from "node:os";
import { UsageError } from "../errors.ts";

const SIGNALS = constants.signals as Record<string, number>;

const DURATION_UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** `250ms`, `10s`, `5m`, `1h`, or a bare number of seconds (may be fractional). Returns milliseconds. */
export function parseDuration(value: string, option = "duration"): number {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(value.trim());
  if (!m) throw new UsageError(`${option}: '${value}' is not a duration (expected e.g. 250ms, 10s, 5m, 1h or seconds)`);
  const n = Number(m[1]);
  return Math.round(n * DURATION_UNITS[m[2] ?? "s"]!);
}

/** `TERM`, `SIGTERM`, `term` or `15`. Returns the signal number (0 allowed only with allowZero). */
export function parseSignal(value: string, option = "signal", allowZero = false): number {
  const v = value.trim();
  if (/^\d+$/.test(v)) {
    const n = Number(v);
    if ((n === 0 && allowZero) || (n >= 1 && n <= 64)) return n;
    throw new UsageError(`${option}: '${value}' is not a signal number (1-64)`);
  }
  const upper = v.toUpperCase();
  const name = upper.startsWith("SIG") ? upper : `SIG${upper}`;
  const n = SIGNALS[name];
  if (n === undefined) throw new UsageError(`${option}: '${value}' is not a signal name (expected e.g. TERM, SIGHUP or 15)`);
  return n;
}

/** The name of a signal number, `SIGTERM` for 15; `SIG<n>` when unknown. */
export function signalName(n: number): string {
  for (const [name, num] of Object.entries(SIGNALS)) {
    // SIGIOT and SIGPOLL alias ABRT and IO; prefer the classic names.
    if (num === n && name !== "SIGIOT" && name !== "SIGPOLL") return name;
  }
  return `SIG${n}`;
}

const SIZE_UNITS: Record<string, number> = { "": 1, B: 1, KB: 1024, MB: 1024 ** 2, GB: 1024 ** 3 };

/** `512`, `10KB`, `50MB`, `1GB` (powers of 1024, as supervisord reads them). Returns bytes. */
export function parseSize(value: string, option = "size"): number {
  const m = /^(\d+)\s*(B|KB|MB|GB)?$/i.exec(value.trim());
  if (!m) throw new UsageError(`${option}: '${value}' is not a size (expected e.g. 512, 10KB, 50MB, 1GB)`);
  return Number(m[1]) * SIZE_UNITS[(m[2] ?? "").toUpperCase()]!;
}

/** A non-negative whole number. */
export function parseCount(value: string, option = "count"): number {
  if (!/^\d+$/.test(value.trim())) throw new UsageError(`${option}: '${value}' is not a whole number`);
  return Number(value.trim());
}

/** A positive number, fractions allowed (back-off factor). */
export function parseFactor(value: string, option = "factor"): number {
  const n = Number(value);
  if (!/^\d+(\.\d+)?$/.test(value.trim()) || n < 1) throw new UsageError(`${option}: '${value}' is not a number >= 1`);
  return n;
}

/** An exit code 0-255. */
export function parseExitCode(value: string, option = "exit code"): number {
  const v = value.trim();
  if (!/^\d+$/.test(v) || Number(v) > 255) throw new UsageError(`${option}: '${value}' is not an exit code (0-255)`);
  return Number(v);
}

/** `0,2,143`: a comma-separated list of exit codes. */
export function parseExitCodes(value: string, option = "exit codes"): number[] {
  if (value.trim() === "") throw new UsageError(`${option}: empty list (expected e.g. 0,2)`);
  return value.split(",").map((v) => parseExitCode(v, option));
}

/** Octal umask, `022` or `0o022`. */
export function parseUmask(value: string, option = "umask"): number {
  const m = /^(?:0o)?([0-7]{1,4})$/.exec(value.trim());
  if (!m) throw new UsageError(`${option}: '${value}' is not an octal umask (expected e.g. 022)`);
  return parseInt(m[1]!, 8);
}
