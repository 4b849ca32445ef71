// `monitor serve [-c FILE] [-n] [-s] [-e LEVEL] [-l FILE] [-j FILE]`: a
// supervisord drop-in. FILE is looked for where supervisord looks when -c is
// not given. monitor serve always stays in the foreground (supervisord -n):
// nodaemon=false in the file changes nothing. A bad config is one line
// naming file:line and exit 2, with nothing started.
import { existsSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { UsageError } from "../errors.ts";
import { loadConfig } from "../supervisord/config.ts";
import type { SupervisordConfig } from "../supervisord/config.ts";
import { LOG_LEVELS, type LogLevel } from "../supervisord/config/py-values.ts";
import { runServe } from "../supervisord/serve/run.ts";
import { attachEventListeners } from "../supervisord/events/serve-events.ts";
import { statusRoutes } from "../supervisord/status-page/routes.ts";
import { version } from "./version.ts";
import { ensureQuietRuntime } from "../sys/quiet-runtime.ts";
import { formatUsage, splitArgv, type OptionSpec } from "./argv.ts";

const OPTIONS: readonly OptionSpec[] = [
  { name: "configuration", short: "c", value: true, arg: "FILE", summary: "the supervisord.conf to run" },
  { name: "nodaemon", short: "n", summary: "stay in the foreground (always the case; accepted for supervisord's command lines)" },
  { name: "silent", short: "s", summary: "no log on stderr (the log file is still written)" },
  { name: "loglevel", short: "e", value: true, arg: "LEVEL", summary: "critical, error, warn, info, debug, trace or blather" },
  { name: "logfile", short: "l", value: true, arg: "FILE", summary: "supervisord's own log file" },
  { name: "pidfile", short: "j", value: true, arg: "FILE", summary: "where to write monitor's pid" },
  { name: "help", short: "h", summary: "show this help" },
];

/** supervisord's search when -c is not given (options.py default_configfile). */
function defaultConfigFile(): string {
  const here = dirname(process.execPath);
  const candidates = [
    resolve(here, "../etc/supervisord.conf"),
    resolve(here, "../supervisord.conf"),
    resolve("supervisord.conf"),
    resolve("etc/supervisord.conf"),
    "/etc/supervisord.conf",
    "/etc/supervisor/supervisord.conf",
  ];
  const found = candidates.find((c) => existsSync(c));
  if (!found) throw new UsageError(`no config file given (-c FILE) and none found at ${candidates.join(", ")}`);
  return found;
}

function withOverrides(c: SupervisordConfig, o: ReadonlyMap<string, string[]>): SupervisordConfig {
  const level = o.get("loglevel")?.[0];
  if (level !== undefined && !(LOG_LEVELS as readonly string[]).includes(level)) {
    throw new UsageError(`-e: '${level}' is not a log level (expected one of ${LOG_LEVELS.join(", ")})`);
  }
  const s = c.supervisord;
  return {
    ...c,
    supervisord: {
      ...s,
      ...(o.has("silent") && { silent: true }),
      ...(level !== undefined && { loglevel: level as LogLevel }),
      ...(o.has("logfile") && { logfile: resolve(o.get("logfile")![0]!) }),
      ...(o.has("pidfile") && { pidfile: resolve(o.get("pidfile")![0]!) }),
    },
  };
}

export async function run(argv: string[]): Promise<number> {
  const { options, operands } = splitArgv(argv, OPTIONS, false);
  if (options.has("help")) {
    process.stdout.write(formatUsage("monitor serve [-c FILE] [OPTIONS]", OPTIONS));
    return 0;
  }
  if (operands.length) throw new UsageError(`serve takes no operands (got '${operands[0]}'); the config file goes after -c`);
  const file = options.get("configuration")?.[0] ?? defaultConfigFile();
  const read = () => withOverrides(loadConfig(file), options);
  // Re-executed before the file is read, which is then read once, not in both runs (a thousand programs take tens of ms).
  ensureQuietRuntime();
  const config = read();
  return runServe(config, { loadConfig: read, extraRoutes: (engine) => statusRoutes(engine, version), attach: attachEventListeners });
}
