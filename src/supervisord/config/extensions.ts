// monitor's own program keys (SPEC section 5). Section-wide ones are read once
// like supervisor's priority; per-process ones may use %(process_num)d (a
// listen port per process, for instance).
import { resolve, dirname } from "node:path";
import { parseDuration, parseFactor } from "../../cli/values.ts";
import { UsageError } from "../../errors.ts";
import { readDotenv } from "../../child/dotenv.ts";
import type { Environment } from "./environment.ts";
import type { ExpansionVars } from "./expand.ts";
import { parseBoolean, parseInteger, parseList, parseName } from "./py-values.ts";
import type { SectionReader } from "./section-reader.ts";
import type { Backoff, HealthCheck, ListenAddress, Readiness } from "./types.ts";

export interface SectionExtensions {
  readonly dependsOn: string[];
  readonly essential: boolean;
  readonly backoff: Backoff;
}

/** depends_on, essential, and the back-off shape (exponential once asked for or when retrying forever). */
export function readSectionExtensions(r: SectionReader, vars: ExpansionVars, startRetries: number): SectionExtensions {
  const factor = r.parseOptional("backoff_factor", vars, parseFactor);
  const maxMs = r.parseOptional("backoff_max", vars, parseDuration);
  const exponential = factor !== null || maxMs !== null || startRetries === -1;
  return {
    dependsOn: r.parse("depends_on", vars, "", (v, o) => parseList(v).map((name) => parseName(name, o))),
    essential: r.parse("essential", vars, "false", parseBoolean),
    backoff: exponential
      ? { kind: "exponential", firstMs: 1000, factor: factor ?? 2, maxMs: maxMs ?? 60_000 }
      : { kind: "linear", stepMs: 1000 },
  };
}

export function parseListenAddress(text: string, option: string): ListenAddress {
  const tcp = /^tcp:\/\/(\[[0-9A-Fa-f:.]+\]|[^\s:/[\]]+):(\d+)$/.exec(text);
  if (tcp) {
    const port = parseInteger(tcp[2]!, `${option} port`, 1, 65535);
    return { kind: "tcp", host: tcp[1]!.replace(/^\[|\]$/g, ""), port, text };
  }
  if (text.startsWith("unix:") && text.length > 5) return { kind: "unix", path: text.slice(5), text };
  throw new UsageError(`${option}: '${text}' is not a listen address (expected tcp://HOST:PORT or unix:PATH)`);
}

export function parseReadiness(value: string, option: string): Readiness {
  if (value === "notify") return { kind: "notify" };
  const fd = /^fd:(\d+)$/.exec(value);
  if (fd) return { kind: "fd", fd: parseInteger(fd[1]!, `${option} fd`, 3, 1023) };
  if (/^\d/.test(value)) return { kind: "delay", ms: parseDuration(value, option) };
  throw new UsageError(`${option}: '${value}' is not a readiness mode (expected notify, fd:N or a duration)`);
}

export interface ProcessExtensions {
  readonly environmentFile: { path: string; vars: Environment } | null;
  readonly healthcheck: HealthCheck | null;
  readonly listen: ListenAddress[];
  readonly ready: Readiness | null;
}

export function readProcessExtensions(r: SectionReader, vars: ExpansionVars): ProcessExtensions {
  const fileKey = "environment_file";
  const file = r.get(fileKey, vars);
  // Relative to the file that names it, like %(here)s, so a config directory can be moved as a whole.
  const envPath = file === undefined ? null : resolve(dirname(r.entry(fileKey)!.file), file);
  const health = r.get("healthcheck", vars);
  const intervalMs = r.parse("healthcheck_interval", vars, "30s", parseDuration);
  const retries = r.parse("healthcheck_retries", vars, "3", (v, o) => parseInteger(v, o, 1));
  if (health === undefined && (r.has("healthcheck_interval") || r.has("healthcheck_retries"))) {
    r.warn(r.has("healthcheck_interval") ? "healthcheck_interval" : "healthcheck_retries", `[${r.section.name}] healthcheck_* has no effect without healthcheck=`);
  }
  if (health !== undefined && health.trim() === "") throw r.error("healthcheck", `${r.option("healthcheck")}: empty (expected a shell command or an http:// URL)`);
  const timing = { intervalMs, retries, timeoutMs: 5000 };
  return {
    environmentFile: envPath === null ? null : { path: envPath, vars: readDotenv(envPath, (m) => r.error(fileKey, `${r.option(fileKey)}: ${m}`)) },
    healthcheck: health === undefined ? null : /^https?:\/\//i.test(health) ? { kind: "http", url: health, ...timing } : { kind: "command", command: health, ...timing },
    listen: r.parse("listen", vars, "", (v, o) => parseList(v).map((a) => parseListenAddress(a, o))),
    ready: r.parseOptional("ready", vars, parseReadiness),
  };
}
