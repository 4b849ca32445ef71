// --health-cmd: `/bin/sh -c CMD` started through spawnChild (never Bun.spawn:
// Bun's waiter would race our reaper for the status) in a process group of
// its own, with stdio on /dev/null. At the timeout the whole group gets
// SIGKILL; when the shell ends, whatever it left in its group goes too.
import { ExecError, SysError } from "../errors.ts";
import { signalGroup } from "../sys/libc.ts";
import { watchChild } from "../sys/reaper.ts";
import { SIGNALS } from "../sys/signals.ts";
import { spawnChild } from "../sys/spawn.ts";
import { describeExit, type ExitStatus } from "../sys/wait-status.ts";
import { describeTimeout, HEALTHY, type ProbeResult, type RunningProbe, unhealthy } from "./probe.ts";

export interface CommandProbeOptions {
  readonly command: string;
  readonly timeoutMs: number;
  readonly env: Readonly<Record<string, string>>;
  /** The program's --cwd, when given. */
  readonly cwd?: string;
  /** An fd open on /dev/null, given to the probe as stdin, stdout and stderr. */
  readonly nullFd: number;
}

function killGroup(pgid: number): void {
  try {
    signalGroup(pgid, SIGNALS.SIGKILL);
  } catch {
    // EPERM: nothing of ours is left under that id.
  }
}

export function startCommandProbe(o: CommandProbeOptions): RunningProbe {
  let pgid: number;
  try {
    const stdio = new Map([[0, o.nullFd], [1, o.nullFd], [2, o.nullFd]]);
    pgid = spawnChild({ program: "/bin/sh", args: ["-c", o.command], env: o.env, fds: stdio, ...(o.cwd !== undefined && { cwd: o.cwd }) }).pid;
  } catch (e) {
    if (!(e instanceof ExecError) && !(e instanceof SysError)) throw e;
    return { result: Promise.resolve(unhealthy(`cannot start /bin/sh: ${e.message}`)), cancel() {} };
  }
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    killGroup(pgid);
  }, o.timeoutMs);
  const result = new Promise<ProbeResult>((resolve) => {
    watchChild(pgid, {
      onExit(status: ExitStatus) {
        clearTimeout(timer);
        // Called right after wait4 reaped the shell, before anything else
        // runs: if members remain the pgid is still theirs (Linux does not
        // reuse a pid while a group carries it as its id); if none remain the
        // kill finds nobody.
        killGroup(pgid);
        if (timedOut) resolve(unhealthy(describeTimeout(o.timeoutMs)));
        else if ("code" in status && status.code === 0) resolve(HEALTHY);
        else resolve(unhealthy(describeExit(status)));
      },
    });
  });
  return {
    result,
    cancel() {
      clearTimeout(timer);
      killGroup(pgid);
    },
  };
}
