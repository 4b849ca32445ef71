// supervisord's own log: `2026-11-22 10:51:00,123 INFO spawned: 'web' with
// pid 42`, local time, in [supervisord] logfile= (rotated at
// logfile_maxbytes, logfile_backups kept) and, like `supervisord -n`, on
// stderr unless silent. It is a consola instance (src/log.ts's way) with a
// reporter per destination; the file is written by the output capture, as
// the children's logs are: monitor writes its lines into a captured pipe.
// `maintail` reads the file, `maintail -f` follows it.
import { createConsola, type ConsolaReporter, type LogObject } from "consola/core";
import { writeSync } from "node:fs";
import { format } from "node:util";
import type { Log } from "../log.ts";
import type { LogLevel } from "./config/py-values.ts";
import type { LogTap } from "./http/logtail-route.ts";
import type { OutputCapture } from "../output/capture.ts";
import { followFile } from "./http/file-follow.ts";

/** supervisord loglevel -> consola level (0 error, 1 warn, 3 info, 4 debug, 5 trace). */
const LEVELS: Record<LogLevel, number> = { critical: 0, error: 0, warn: 1, info: 3, debug: 4, trace: 5, blather: 5 };

function levelName(type: string): string {
  if (type === "fatal") return "CRIT";
  if (type === "error") return "ERRO";
  if (type === "warn") return "WARN";
  if (type === "debug") return "DEBG";
  if (type === "trace" || type === "verbose") return "TRAC";
  return "INFO";
}

const pad = (n: number, w = 2) => String(n).padStart(w, "0");

/** supervisord's asctime: `2026-11-22 10:51:00,123` in local time. */
export function supervisordTime(d: Date): string {
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())},${pad(d.getMilliseconds(), 3)}`;
}

export function formatLine(obj: Pick<LogObject, "date" | "type" | "args">): string {
  return `${supervisordTime(obj.date)} ${levelName(obj.type)} ${format(...(obj.args as unknown[]))}\n`;
}

export interface MainLogOptions {
  /** Absolute path, or "syslog" (not written: monitor has no syslog writer). */
  readonly logfile: string;
  readonly maxBytes: number;
  readonly backups: number;
  readonly level: LogLevel;
  readonly silent: boolean;
}

export interface MainLog {
  readonly log: Log;
  readonly path: string | null;
  tap(): LogTap | null;
  clear(): Promise<void>;
}

/** Throws the fs error (code EACCES, ...) when the log file cannot be opened. */
export function openMainLog(o: MainLogOptions, capture: OutputCapture): MainLog {
  const path = o.logfile === "syslog" ? null : o.logfile;
  const sink = path === null ? null : capture.openLog({ path, maxBytes: o.maxBytes, backups: o.backups });
  const source = sink && capture.addSource({ name: "supervisord", sink });
  const reporters: ConsolaReporter[] = [];
  const write = (fd: number, line: string) => {
    try {
      writeSync(fd, line);
    } catch {
      // a full pipe or a closed stderr: monitor's log is never worth dying for
    }
  };
  if (source) reporters.push({ log: (obj) => write(source.writeFd, formatLine(obj)) });
  if (!o.silent) reporters.push({ log: (obj) => write(2, formatLine(obj)) });
  const log = createConsola({ level: LEVELS[o.level], reporters, throttle: 0 });
  return {
    log,
    path,
    tap: () => (path === null ? null : { path, follow: (from, onData) => followFile(path, from, onData) }),
    clear: async () => {
      if (sink) await capture.clearLog(sink);
    },
  };
}
