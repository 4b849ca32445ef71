// The health-check options of single-program mode and their checks. Defaults
// are Docker's HEALTHCHECK ones (interval 30s, timeout 5s, retries 3, start
// period 0s); the probe is a shell command or an HTTP GET, not both.
import type { OptionSpec } from "../cli/argv.ts";
import { parseCount, parseDuration } from "../cli/values.ts";
import { UsageError } from "../errors.ts";

export const HEALTH_OPTIONS: readonly OptionSpec[] = [
  { name: "health-cmd", value: true, arg: "CMD", summary: "health probe: /bin/sh -c CMD in its own group; non-zero or timeout = unhealthy" },
  { name: "health-http", value: true, arg: "URL", summary: "health probe: GET URL; 2xx/3xx = healthy" },
  { name: "health-interval", value: true, arg: "DURATION", summary: "pause between health probes (default 30s)" },
  { name: "health-timeout", value: true, arg: "DURATION", summary: "a probe taking longer fails; its group is killed (default 5s)" },
  { name: "health-retries", value: true, arg: "N", summary: "consecutive failed probes before a restart (default 3)" },
  { name: "health-start-period", value: true, arg: "DURATION", summary: "failures this soon after a start do not count (default 0s)" },
];

export type HealthProbe = { readonly kind: "cmd"; readonly command: string } | { readonly kind: "http"; readonly url: string };

export interface HealthConfig {
  readonly probe: HealthProbe;
  readonly intervalMs: number;
  readonly timeoutMs: number;
  readonly retries: number;
  readonly startPeriodMs: number;
}

function parseProbeUrl(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new UsageError(`--health-http: '${value}' is not a URL (expected e.g. http://127.0.0.1:8080/healthz)`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new UsageError(`--health-http: '${value}' is not an http:// or https:// URL`);
  }
  return url.href;
}

function probeFrom(options: ReadonlyMap<string, string[]>): HealthProbe | undefined {
  const cmd = options.get("health-cmd")?.[0];
  const http = options.get("health-http")?.[0];
  if (cmd !== undefined && http !== undefined) throw new UsageError("--health-cmd and --health-http: give one probe, not both");
  if (cmd !== undefined) {
    if (cmd.trim() === "") throw new UsageError("--health-cmd: empty command");
    return { kind: "cmd", command: cmd };
  }
  if (http !== undefined) return { kind: "http", url: parseProbeUrl(http) };
  return undefined;
}

/** undefined when no health option was given (then nothing is scheduled at all). Throws UsageError. */
export function parseHealthOptions(options: ReadonlyMap<string, string[]>): HealthConfig | undefined {
  const given = HEALTH_OPTIONS.map((o) => o.name).filter((n) => options.has(n));
  const probe = probeFrom(options);
  if (probe === undefined) {
    if (given.length === 0) return undefined;
    throw new UsageError(`--${given[0]}: needs --health-cmd or --health-http`);
  }
  const value = (name: string) => options.get(name)?.[0];
  const positive = (name: string, dflt: number) => {
    const v = value(name);
    if (v === undefined) return dflt;
    const ms = parseDuration(v, `--${name}`);
    if (ms <= 0) throw new UsageError(`--${name}: '${v}' must be more than zero`);
    return ms;
  };
  const retriesText = value("health-retries");
  const retries = retriesText === undefined ? 3 : parseCount(retriesText, "--health-retries");
  if (retries === 0) throw new UsageError("--health-retries: '0' must be at least 1");
  const startPeriod = value("health-start-period");
  return {
    probe,
    intervalMs: positive("health-interval", 30_000),
    timeoutMs: positive("health-timeout", 5_000),
    retries,
    startPeriodMs: startPeriod === undefined ? 0 : parseDuration(startPeriod, "--health-start-period"),
  };
}
