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
import { coalescer } from "../output/coalesce.ts";
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

/** The local date and time of one second, kept: a burst of lines (a thousand programs
 *  starting) shares it, and each local-time field costs a time zone lookup. */
let second = { at: NaN, text: "" };

/** supervisord's asctime: `2026-11-22 10:51:00,123` in local time. */
export function supervisordTime(d: Date): string {
  const ms = d.getTime();
  const at = Math.floor(ms / 1000);
  if (at !== second.at) {
    second = { at, text: `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}` };
  }
  return `${second.text},${pad(ms - at * 1000, 3)}`;
}

export function formatLine(obj: Pick<LogObject, "date" | "type" | "args">): string {
  const args = obj.args as unknown[];
  // format() of one string is that string (no % is read without arguments).
  const message = args.length === 1 && typeof args[0] === "string" ? args[0] : format(...args);
  return `${supervisordTime(obj.date)} ${levelName(obj.type)} ${message}\n`;
}

/** Lines for one fd, written together (coalesce.ts; at most 16 KiB waiting, the rest at exit):
 *  starting a thousand programs logs two thousand lines. */
function batchedWriter(fd: number): (line: string) => void {
  const lines = coalescer((text) => {
    try {
      writeSync(fd, text);
    } catch {
      // a full pipe or a closed stderr: monitor's log is never worth dying for
    }
  }, 16 * 1024);
  process.once("exit", lines.flush);
  return lines.push;
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
  if (source) {
    const write = batchedWriter(source.writeFd);
    reporters.push({ log: (obj) => write(formatLine(obj)) });
  }
  if (!o.silent) {
    const write = batchedWriter(2);
    reporters.push({ log: (obj) => write(formatLine(obj)) });
  }
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
