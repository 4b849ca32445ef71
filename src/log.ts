// monitor's own log: consola/core with reporters that write to stderr only
// (stdout belongs to the child) and throttling off (a crash loop must show
// every line, not "(repeated 5 times)" behind a timer).
import { createConsola, type ConsolaInstance, type ConsolaReporter, type LogObject } from "consola/core";
import { writeSync } from "node:fs";
import { isatty } from "node:tty";
import { format } from "node:util";

export type LogFormat = "pretty" | "json";
export type Log = ConsolaInstance;

type Sink = (line: string) => void;

const stderrSink: Sink = (line) => {
  try {
    writeSync(2, line);
  } catch {
    // stderr closed or full: monitor's log is never worth dying for.
  }
};

function messageOf(obj: LogObject): string {
  return format(...(obj.args as unknown[]));
}

/** `2026-11-22T10:51:00.123Z monitor[42] info: message` */
export function prettyReporter(sink: Sink = stderrSink): ConsolaReporter {
  return {
    log(obj) {
      const tag = obj.tag ? ` ${obj.tag}` : "";
      sink(`${obj.date.toISOString()} monitor[${process.pid}]${tag} ${obj.type}: ${messageOf(obj)}\n`);
    },
  };
}

/** One JSON object a line: time, level, pid, tag, msg. */
export function jsonReporter(sink: Sink = stderrSink): ConsolaReporter {
  return {
    log(obj) {
      const record: Record<string, unknown> = {
        time: obj.date.toISOString(),
        level: obj.type,
        pid: process.pid,
        msg: messageOf(obj),
      };
      if (obj.tag) record.tag = obj.tag;
      sink(`${JSON.stringify(record)}\n`);
    },
  };
}

export interface LogOptions {
  format?: LogFormat;
  /** consola levels: 3 info (default), 4 debug with -v, 1 warn+error with -q. */
  level?: number;
  reporter?: ConsolaReporter;
}

export function defaultLogFormat(): LogFormat {
  // isatty(2), not process.stderr.isTTY: Bun's stream keeps a dup of fd 2
  // open, which would keep a --daemon caller's stderr pipe open forever.
  return isatty(2) ? "pretty" : "json";
}

export function createLog(options: LogOptions = {}): Log {
  const fmt = options.format ?? defaultLogFormat();
  const reporter = options.reporter ?? (fmt === "json" ? jsonReporter() : prettyReporter());
  return createConsola({ level: options.level ?? 3, reporters: [reporter], throttle: 0 });
}

/** Reporter that keeps lines in memory, for tests. */
export function memoryReporter(): ConsolaReporter & { lines: string[] } {
  const lines: string[] = [];
  return { lines, log: (obj) => lines.push(`${obj.type}: ${messageOf(obj)}`) };
}
