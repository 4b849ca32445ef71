// --daemon, the caller's side, as the classic double fork without fork (Bun
// cannot fork): monitor spawns a copy of itself as `monitor __detach ARGV`
// in a new session (posix_spawn's setsid), with stdin and stdout on
// /dev/null and a report pipe on fd 3; that copy spawns the real monitor
// (same argv, the report fd named in its environment) in its own session
// and group and exits at once, so the detached monitor is not a session
// leader and is adopted by init (or the nearest subreaper). The caller
// waits for the one-line report: 0 once the program runs, the start's status
// if it failed.
import { closeSync, openSync, readSync } from "node:fs";
import { RuntimeError } from "../errors.ts";
import { closeFd, makePipe } from "../sys/libc.ts";
import { selfCommand } from "../sys/self-command.ts";
import { spawnChild } from "../sys/spawn.ts";
import { REPORT_FD, unpackReport } from "./report.ts";

export const DETACH_VERB = "__detach";

/** Start the detached monitor with `argv` (monitor's own arguments) and return the caller's exit status. */
export function detach(argv: readonly string[]): number {
  const self = selfCommand();
  const [readEnd, writeEnd] = makePipe();
  const devNull = openSync("/dev/null", "r+");
  try {
    spawnChild({
      program: self.program,
      args: [...self.args, DETACH_VERB, ...argv],
      env: process.env as Record<string, string>,
      group: "session",
      fds: new Map([[0, devNull], [1, devNull], [REPORT_FD, writeEnd]]),
    });
  } finally {
    closeFd(writeEnd);
    closeSync(devNull);
  }
  // Blocking reads: the caller has nothing else to do. End of file without a
  // report means the detached monitor died before its first start.
  const buf = Buffer.alloc(256);
  let text = "";
  for (;;) {
    const n = readSync(readEnd, buf);
    if (n === 0) break;
    text += buf.toString("latin1", 0, n);
    const r = unpackReport(text);
    if (r) {
      closeFd(readEnd);
      return r.kind === "running" ? 0 : r.status;
    }
  }
  closeFd(readEnd);
  throw new RuntimeError("--daemon: the detached monitor ended before its first start");
}
