// The socket-activation, readiness and reload options of single-program mode
// (SPEC 2 table, SPEC 6) and their checks. Each refusal names the option.
import type { OptionSpec } from "../cli/argv.ts";
import { parseDuration, parseSignal, signalName } from "../cli/values.ts";
import { UsageError } from "../errors.ts";
import { FORWARDED_SIGNALS, SHUTDOWN_SIGNALS, signalNumber } from "../sys/signals.ts";
import { parseListenAddress, type ListenAddress } from "./address.ts";
import { LISTEN_FDS_START } from "./listen.ts";
import { parseReadySpec, type ReadySpec } from "./ready.ts";

export const ACTIVATION_OPTIONS: readonly OptionSpec[] = [
  { name: "listen", value: true, repeat: true, arg: "ADDR", summary: "bind tcp://HOST:PORT or unix:PATH once; every start gets it as fd 3.. (LISTEN_FDS)" },
  { name: "ready", value: true, arg: "notify|fd:N|DURATION", summary: "STARTING -> RUNNING only when the child says it is ready" },
  { name: "ready-timeout", value: true, arg: "DURATION", summary: "with --ready=notify|fd:N: not ready this long is a failed start (default 90s)" },
  { name: "watchdog", value: true, arg: "DURATION", summary: "with --ready=notify: restart a child that stops sending WATCHDOG=1" },
  { name: "reload-signal", value: true, arg: "SIGNAL", summary: "on this signal: new child on the same sockets, then stop the old one once it is ready" },
];

/** systemd's DefaultTimeoutStartSec. */
export const DEFAULT_READY_TIMEOUT_MS = 90_000;

export interface ActivationConfig {
  readonly listen: readonly ListenAddress[];
  readonly ready: ReadySpec | undefined;
  /** For notify and fd:N; undefined for a DURATION or no --ready. */
  readonly readyTimeoutMs: number | undefined;
  readonly watchdogMs: number | undefined;
  readonly reloadSignal: number | undefined;
}

function positive(option: string, value: string): number {
  const ms = parseDuration(value, `--${option}`);
  if (ms <= 0) throw new UsageError(`--${option}: '${value}' must be more than zero`);
  return ms;
}

function parseReloadSignal(value: string): number {
  const n = parseSignal(value, "--reload-signal");
  const name = signalName(n);
  if (SHUTDOWN_SIGNALS.has(n)) throw new UsageError(`--reload-signal: ${name} means shut down (pick e.g. HUP or USR2)`);
  if (!FORWARDED_SIGNALS.some((s) => signalNumber(s) === n)) throw new UsageError(`--reload-signal: ${name} cannot be caught or is monitor's own (pick e.g. HUP or USR2)`);
  return n;
}

/** undefined when none of these options was given. Throws UsageError. */
export function parseActivationOptions(options: ReadonlyMap<string, string[]>): ActivationConfig | undefined {
  if (!ACTIVATION_OPTIONS.some((o) => options.has(o.name))) return undefined;
  const one = (name: string) => options.get(name)?.[0];
  const listen = (options.get("listen") ?? []).map((v) => parseListenAddress(v));
  const readyValue = one("ready");
  const ready = readyValue === undefined ? undefined : parseReadySpec(readyValue);
  const waits = ready !== undefined && ready.kind !== "delay";
  const timeout = one("ready-timeout");
  if (timeout !== undefined && !waits) throw new UsageError("--ready-timeout needs --ready=notify or --ready=fd:N");
  const watchdog = one("watchdog");
  if (watchdog !== undefined && ready?.kind !== "notify") throw new UsageError("--watchdog needs --ready=notify (the child pings with WATCHDOG=1)");
  if (ready?.kind === "fd" && ready.fd < LISTEN_FDS_START + listen.length) {
    throw new UsageError(`--ready: fd:${ready.fd} is one of the --listen descriptors (3 to ${LISTEN_FDS_START + listen.length - 1})`);
  }
  const reload = one("reload-signal");
  return {
    listen,
    ready,
    readyTimeoutMs: waits ? (timeout === undefined ? DEFAULT_READY_TIMEOUT_MS : positive("ready-timeout", timeout)) : undefined,
    watchdogMs: watchdog === undefined ? undefined : positive("watchdog", watchdog),
    reloadSignal: reload === undefined ? undefined : parseReloadSignal(reload),
  };
}
