// The loggers of the log-throughput benchmark, each capturing the same
// writer's stdout into a fresh directory with rotation at 50 MB (except cat,
// the physical limit) and 20 backups (room for all 512 MiB, so any missing
// byte is a lost one). Each says how to start it, whether it exits by itself
// at the writer's end, and which files hold the log, oldest first.
import { existsSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { MONITOR_BIN } from "./supervisors.ts";

export const MAX_BYTES = 50 * 1024 * 1024;
export const BACKUPS = 20;

export type LogTargetName = "cat" | "monitor" | "monitor --log-timestamps" | "supervisord" | "s6-log" | "s6-log T" | "svlogd";

export interface LogTarget {
  name: LogTargetName;
  /** Bytes each line gains (a timestamp); 0 when lines are stored as written. */
  prefix: number;
  /** The binary that must exist. */
  needs: string;
  /** argv that runs `writer` under this logger, its output in `dir`. */
  argv(writer: string[], dir: string): string[];
  /** true: it exits once the writer has ended and all is written (else it is stopped once the files are complete). */
  exits: boolean;
  /** The log's files, oldest first. */
  files(dir: string): string[];
}

const sh = (script: string, ...args: string[]) => ["/bin/sh", "-c", script, "sh", ...args];

function rotated(path: string): string[] {
  const out: string[] = [];
  for (let i = BACKUPS; i >= 1; i--) if (existsSync(`${path}.${i}`)) out.push(`${path}.${i}`);
  if (existsSync(path)) out.push(path);
  return out;
}

/** svlogd and s6-log keep `current` and archives named @TAI64N.s (oldest sorts first). */
function archives(dir: string): string[] {
  const names = existsSync(dir) ? readdirSync(dir) : [];
  const old = names.filter((n) => n.startsWith("@")).sort();
  return [...old, ...(names.includes("current") ? ["current"] : [])].map((n) => join(dir, n));
}

const monitor = (timestamps: boolean): LogTarget => ({
  name: timestamps ? "monitor --log-timestamps" : "monitor",
  prefix: timestamps ? 25 : 0,
  needs: MONITOR_BIN,
  argv: (writer, dir) => [
    MONITOR_BIN, "-q", "--restart=never", `--log-file=${join(dir, "out.log")}`, "--log-max-bytes=50MB", `--log-backups=${BACKUPS}`,
    ...(timestamps ? ["--log-timestamps"] : []), "--", ...writer,
  ],
  exits: true,
  files: (dir) => rotated(join(dir, "out.log")),
});

const s6log = (timestamps: boolean): LogTarget => ({
  name: timestamps ? "s6-log T" : "s6-log",
  // `T`: "2026-11-22 10:51:00.123456789  " before each line.
  prefix: timestamps ? 31 : 0,
  needs: "/usr/bin/s6-log",
  argv: (writer, dir) => sh(`"$@" | s6-log ${timestamps ? "T " : ""}n${BACKUPS} s${MAX_BYTES} "${join(dir, "s6")}"`, ...writer),
  exits: true,
  files: (dir) => archives(join(dir, "s6")),
});

export function logTargets(): LogTarget[] {
  return [
    {
      name: "cat",
      prefix: 0,
      needs: "/usr/bin/cat",
      argv: (writer, dir) => sh(`"$@" | cat > "${join(dir, "out.log")}"`, ...writer),
      exits: true,
      files: (dir) => rotated(join(dir, "out.log")),
    },
    monitor(false),
    monitor(true),
    {
      name: "supervisord",
      prefix: 0,
      needs: "/usr/bin/supervisord",
      argv: (writer, dir) => {
        const conf = join(dir, "supervisord.conf");
        writeFileSync(conf, [
          "[supervisord]", "nodaemon=true", `logfile=${join(dir, "supervisord.log")}`, `pidfile=${join(dir, "supervisord.pid")}`,
          "[program:writer]", `command=${writer.join(" ")}`, "autorestart=false", "startsecs=0",
          `stdout_logfile=${join(dir, "logs", "out.log")}`, "stdout_logfile_maxbytes=50MB", `stdout_logfile_backups=${BACKUPS}`,
          `stderr_logfile=${join(dir, "writer.err")}`, "",
        ].join("\n"));
        return ["/bin/sh", "-c", `mkdir -p "${join(dir, "logs")}" && exec supervisord -n -c "${conf}"`];
      },
      exits: false,
      files: (dir) => rotated(join(dir, "logs", "out.log")),
    },
    s6log(false),
    s6log(true),
    {
      name: "svlogd",
      prefix: 0,
      needs: "/usr/bin/svlogd",
      argv: (writer, dir) => {
        const logDir = join(dir, "sv");
        return sh(`mkdir -p "${logDir}" && printf 's${MAX_BYTES}\\nn${BACKUPS}\\n' > "${logDir}/config" && "$@" | svlogd "${logDir}"`, ...writer);
      },
      exits: true,
      files: (dir) => archives(join(dir, "sv")),
    },
  ];
}
