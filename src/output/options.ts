// The output options of single-program mode and their checks (SPEC 2):
// --log-file=PATH with supervisord's rotation defaults (50MB, 10 backups),
// --log-timestamps and --tee. Without --log-file the child keeps monitor's
// stdio, so the others are refused rather than silently ignored.
import { statSync } from "node:fs";
import { dirname, resolve } from "node:path";
import type { OptionSpec } from "../cli/argv.ts";
import { parseCount, parseSize } from "../cli/values.ts";
import { UsageError } from "../errors.ts";
import type { LogFileSpec } from "./logfile.ts";

export const OUTPUT_OPTIONS: readonly OptionSpec[] = [
  { name: "log-file", value: true, arg: "PATH", summary: "child stdout and stderr go to PATH (append) instead of the terminal" },
  { name: "log-max-bytes", value: true, arg: "SIZE", summary: "rotate PATH once it reaches SIZE; 0 = never (default 50MB)" },
  { name: "log-backups", value: true, arg: "N", summary: "rotated files kept as PATH.1 ... PATH.N; 0 = truncate (default 10)" },
  { name: "log-timestamps", summary: "prefix each captured line with its UTC time, ms precision" },
  { name: "tee", summary: "with --log-file, also copy the output to monitor's stdout/stderr" },
];

export interface OutputConfig {
  readonly file: LogFileSpec;
  readonly timestamps: boolean;
  readonly tee: boolean;
}

export const DEFAULT_MAX_BYTES = 50 * 1024 * 1024;
export const DEFAULT_BACKUPS = 10;

function checkPath(value: string): string {
  if (value === "") throw new UsageError("--log-file: empty path");
  const path = resolve(value);
  let isDirectory = false;
  try {
    isDirectory = statSync(path).isDirectory();
  } catch {
    // a new file: its directory must exist
  }
  if (isDirectory) throw new UsageError(`--log-file: '${value}' is a directory, not a file`);
  let dirOk = false;
  try {
    dirOk = statSync(dirname(path)).isDirectory();
  } catch {
    // missing
  }
  if (!dirOk) throw new UsageError(`--log-file: directory '${dirname(path)}' does not exist`);
  return path;
}

/** undefined when no output option was given. Throws UsageError. */
export function parseOutputOptions(options: ReadonlyMap<string, string[]>): OutputConfig | undefined {
  const value = (name: string) => options.get(name)?.[0];
  const file = value("log-file");
  if (file === undefined) {
    const given = OUTPUT_OPTIONS.find((o) => options.has(o.name));
    if (given) throw new UsageError(`--${given.name}: needs --log-file`);
    return undefined;
  }
  const maxBytes = value("log-max-bytes");
  const backups = value("log-backups");
  return {
    file: {
      path: checkPath(file),
      maxBytes: maxBytes === undefined ? DEFAULT_MAX_BYTES : parseSize(maxBytes, "--log-max-bytes"),
      backups: backups === undefined ? DEFAULT_BACKUPS : parseCount(backups, "--log-backups"),
    },
    timestamps: options.has("log-timestamps"),
    tee: options.has("tee"),
  };
}
