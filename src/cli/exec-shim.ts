// `monitor __exec [--uid=N --gid=N --groups=A,B] [--pid-vars=LISTEN_PID,WATCHDOG_PID] [--keep-fds=3,4] [--argv0=S] -- PROGRAM ARGS...`
// (hidden): what posix_spawn cannot do between fork and exec, done by a copy
// of monitor that then execs PROGRAM in its own pid. Needs no /bin/sh. It runs
// none of single mode's start-up (no quiet-runtime re-exec, no handlers), and
// a failure is one line on stderr with 127 / 126, as a direct start reports.
import { RuntimeError, SysError } from "../errors.ts";
import { keepAcrossExec, switchUser } from "../sys/libc.ts";
import { execProgram } from "../sys/exec-program.ts";
import { unpackShimArgs } from "../shim/shim-args.ts";

export async function run(argv: string[]): Promise<number> {
  const { request, program, args } = unpackShimArgs(argv);
  const env = { ...process.env } as Record<string, string>;
  // sd_listen_fds(3) checks LISTEN_PID against getpid(), sd_watchdog_enabled(3)
  // WATCHDOG_PID; exec keeps this pid.
  for (const name of request.pidVars ?? []) env[name] = String(process.pid);
  for (const fd of request.keepFds ?? []) keepAcrossExec(fd);
  if (request.user) {
    const { uid, gid, groups } = request.user;
    try {
      switchUser(uid, gid, groups);
    } catch (e) {
      if (!(e instanceof SysError)) throw e;
      throw new RuntimeError(`${program}: cannot run as uid ${uid} gid ${gid}: ${e.message}`, 126);
    }
  }
  return execProgram(program, [request.argv0 ?? program, ...args], env);
}
