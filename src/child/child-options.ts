// --env, --env-file, --cwd and --umask: the child's environment, directory and
// umask, validated before anything starts. The environment is monitor's own
// plus these (SPEC 2): every --env-file in order, then every --env, so a value
// given on the command line wins over a file's, as `docker run` orders them.
import { statSync } from "node:fs";
import { resolve } from "node:path";
import { UsageError } from "../errors.ts";
import type { OptionSpec } from "../cli/argv.ts";
import { parseUmask } from "../cli/values.ts";
import { readDotenv } from "./dotenv.ts";

export const CHILD_OPTIONS: readonly OptionSpec[] = [
  { name: "env", value: true, repeat: true, arg: "K=V", summary: "repeatable; set K=V in the child's environment" },
  { name: "env-file", value: true, repeat: true, arg: "PATH", summary: "repeatable; KEY=value lines (dotenv) added to the child's environment" },
  { name: "cwd", value: true, arg: "DIR", summary: "the child's working directory (a relative PROGRAM is found from there)" },
  { name: "umask", value: true, arg: "OCTAL", summary: "the child's umask, e.g. 022" },
];

export interface ChildSetup {
  /** Added to monitor's environment, later entries winning. */
  readonly env: Readonly<Record<string, string>>;
  /** Absolute. */
  readonly cwd?: string;
  readonly umask?: number;
}

function parseEnvPair(value: string): [string, string] {
  const eq = value.indexOf("=");
  if (eq <= 0) throw new UsageError(`--env: '${value}' is not K=V`);
  return [value.slice(0, eq), value.slice(eq + 1)];
}

function parseDirectory(value: string): string {
  const dir = resolve(value);
  let isDir = false;
  try {
    isDir = statSync(dir).isDirectory();
  } catch (e) {
    throw new UsageError(`--cwd: '${value}': ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
  }
  if (!isDir) throw new UsageError(`--cwd: '${value}' is not a directory`);
  return dir;
}

export function parseChildOptions(options: ReadonlyMap<string, string[]>): ChildSetup {
  const env: Record<string, string> = {};
  for (const file of options.get("env-file") ?? []) {
    if (file === "") throw new UsageError("--env-file: empty path");
    Object.assign(env, readDotenv(file, (message) => new UsageError(`--env-file: ${message}`)));
  }
  for (const pair of options.get("env") ?? []) {
    const [k, v] = parseEnvPair(pair);
    env[k] = v;
  }
  const cwd = options.get("cwd")?.[0];
  const umask = options.get("umask")?.[0];
  const mask = umask === undefined ? undefined : parseUmask(umask, "--umask");
  if (mask !== undefined && mask > 0o777) throw new UsageError(`--umask: '${umask}' is more than 0777`);
  return { env, ...(cwd !== undefined && { cwd: parseDirectory(cwd) }), ...(mask !== undefined && { umask: mask }) };
}

/** The child's whole environment: monitor's own, then --env-file and --env on top. */
export function childEnvironment(setup: ChildSetup): Record<string, string> {
  return { ...(process.env as Record<string, string>), ...setup.env };
}
