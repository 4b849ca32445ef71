// The options of `monitor [OPTIONS] [--] PROGRAM [ARGS...]` as data, and
// their translation into a typed configuration. Each value goes through the
// parser for its kind, so every bad value is one line naming the option.
import { UsageError } from "../errors.ts";
import type { OptionSpec } from "./argv.ts";
import {
  parseCount,
  parseDuration,
  parseExitCode,
  parseExitCodes,
  parseFactor,
  parseSignal,
} from "./values.ts";
import type { ForwardMode } from "../engine/forward.ts";
import type { LogFormat } from "../log.ts";
import { FEATURE_MODULES } from "../engine/features.ts";
import { CHILD_OPTIONS, parseChildOptions, type ChildSetup } from "../child/child-options.ts";
import type { Feature } from "../engine/feature.ts";

export const CORE_OPTIONS: readonly OptionSpec[] = [
  { name: "forward", value: true, arg: "group|child|none", summary: "where received signals go (default group)" },
  { name: "map-signal", value: true, repeat: true, arg: "FROM:TO", summary: "rewrite a forwarded signal; TO=0 drops it" },
  { name: "remap-exit", value: true, repeat: true, arg: "FROM:TO", summary: "exit TO when the child's status is FROM" },
  { name: "restart", value: true, arg: "on-failure|always|never", summary: "when to start the program again (default on-failure)" },
  { name: "exit-codes", value: true, arg: "LIST", summary: "expected exit codes for on-failure (default 0)" },
  { name: "start-secs", value: true, arg: "DURATION", summary: "a shorter run is a failed start (default 1s)" },
  { name: "backoff", value: true, arg: "DURATION", summary: "delay before the first restart (default 1s)" },
  { name: "backoff-factor", value: true, arg: "N", summary: "growth of the delay per failed start (default 2)" },
  { name: "backoff-max", value: true, arg: "DURATION", summary: "the delay never exceeds this (default 60s)" },
  { name: "max-retries", value: true, arg: "N", summary: "consecutive failed starts before giving up (default unlimited; 3 with --backup)" },
  { name: "stop-signal", value: true, arg: "SIGNAL", summary: "how to ask the group to stop (default TERM)" },
  { name: "stop-timeout", value: true, arg: "DURATION", summary: "then SIGKILL the group (default 10s)" },
  { name: "keep-orphans", summary: "leave the rest of the group running when the child exits" },
  { name: "timeout", value: true, arg: "DURATION", summary: "job deadline: stop the group, exit 124, never restart" },
  ...CHILD_OPTIONS,
  { name: "subreaper", summary: "become child subreaper when not PID 1" },
  { name: "log-format", value: true, arg: "pretty|json", summary: "monitor's own log on stderr" },
  { name: "verbose", short: "v", summary: "more of monitor's own log" },
  { name: "quiet", short: "q", summary: "only warnings and errors" },
  { name: "help", short: "h", summary: "show this help" },
  { name: "version", summary: "print the version" },
];

/** Core options plus every feature module's own. */
export const SINGLE_OPTIONS: readonly OptionSpec[] = [...CORE_OPTIONS, ...FEATURE_MODULES.flatMap((m) => m.options)];

export type RestartPolicy = "on-failure" | "always" | "never";

export interface SingleConfig {
  program: string;
  args: string[];
  forward: ForwardMode;
  mapSignal: Map<number, number>;
  remapExit: Map<number, number>;
  restart: RestartPolicy;
  exitCodes: number[];
  startSecsMs: number;
  backoffMs: number;
  backoffFactor: number;
  backoffMaxMs: number;
  maxRetries: number;
  stopSignal: number;
  stopTimeoutMs: number;
  keepOrphans: boolean;
  timeoutMs: number | undefined;
  subreaper: boolean;
  /** --env, --env-file, --cwd, --umask. */
  child: ChildSetup;
  logFormat: LogFormat | undefined;
  logLevel: number;
}

function oneOf<T extends string>(option: string, value: string, allowed: readonly T[]): T {
  if (!(allowed as readonly string[]).includes(value)) {
    throw new UsageError(`--${option}: '${value}' is not one of ${allowed.join(", ")}`);
  }
  return value as T;
}

function pairs(option: string, values: string[], parse: (v: string, option: string) => number): Map<number, number> {
  const out = new Map<number, number>();
  for (const v of values) {
    const m = /^([^:]+):([^:]+)$/.exec(v);
    if (!m) throw new UsageError(`--${option}: '${v}' is not FROM:TO`);
    out.set(parse(m[1]!, `--${option}`), parse(m[2]!, `--${option}`));
  }
  return out;
}

export function buildSingleConfig(options: Map<string, string[]>, operands: string[]): SingleConfig {
  const one = (name: string) => options.get(name)?.[0];
  const has = (name: string) => options.has(name);
  const [program, ...args] = operands;
  if (program === undefined) throw new UsageError("missing PROGRAM (usage: monitor [OPTIONS] [--] PROGRAM [ARGS...])");
  const dur = (name: string, dflt: number) => (has(name) ? parseDuration(one(name)!, `--${name}`) : dflt);
  // SPEC 2: 3 with --backup, so a bad upgrade is rolled back rather than retried forever.
  const maxRetries = has("max-retries") ? parseCount(one("max-retries")!, "--max-retries") : has("backup") ? 3 : Infinity;
  if (maxRetries === 0) throw new UsageError("--max-retries: '0' must be at least 1");
  const timeoutMs = has("timeout") ? parseDuration(one("timeout")!, "--timeout") : undefined;
  if (timeoutMs === 0) throw new UsageError("--timeout: '0' must be more than zero");
  return {
    program,
    args,
    forward: has("forward") ? oneOf("forward", one("forward")!, ["group", "child", "none"] as const) : "group",
    mapSignal: pairs("map-signal", options.get("map-signal") ?? [], (v, o) => parseSignal(v, o, true)),
    remapExit: pairs("remap-exit", options.get("remap-exit") ?? [], parseExitCode),
    restart: has("restart") ? oneOf("restart", one("restart")!, ["on-failure", "always", "never"] as const) : "on-failure",
    exitCodes: has("exit-codes") ? parseExitCodes(one("exit-codes")!, "--exit-codes") : [0],
    startSecsMs: dur("start-secs", 1000),
    backoffMs: dur("backoff", 1000),
    backoffFactor: has("backoff-factor") ? parseFactor(one("backoff-factor")!, "--backoff-factor") : 2,
    backoffMaxMs: dur("backoff-max", 60_000),
    maxRetries,
    stopSignal: has("stop-signal") ? parseSignal(one("stop-signal")!, "--stop-signal") : 15,
    stopTimeoutMs: dur("stop-timeout", 10_000),
    keepOrphans: has("keep-orphans"),
    timeoutMs,
    subreaper: has("subreaper"),
    child: parseChildOptions(options),
    logFormat: has("log-format") ? oneOf("log-format", one("log-format")!, ["pretty", "json"] as const) : undefined,
    logLevel: has("verbose") ? 4 : has("quiet") ? 1 : 3,
  };
}

/** Every feature whose options were given, validated before anything starts. */
export function buildFeatures(options: Map<string, string[]>, core: SingleConfig): Feature[] {
  return FEATURE_MODULES.map((m) => m.create(options, core)).filter((f): f is Feature => f !== undefined);
}
