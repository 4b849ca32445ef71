// `monitor __detach ARGV...` (hidden): the middle step of --daemon
// (src/daemon/detach.ts). Already in a new session, it starts the detached
// monitor with ARGV in the session's process group, hands it the report
// pipe (fd 3, named in its environment), and exits without waiting, so the
// detached monitor's parent is gone and it is not a session leader.
import { getPgid } from "../sys/libc.ts";
import { selfCommand } from "../sys/self-command.ts";
import { spawnChild } from "../sys/spawn.ts";
import { REPORT_FD, REPORT_VAR } from "../daemon/report.ts";

export async function run(argv: string[]): Promise<number> {
  const self = selfCommand();
  spawnChild({
    program: self.program,
    args: [...self.args, ...argv],
    env: { ...(process.env as Record<string, string>), [REPORT_VAR]: String(REPORT_FD) },
    group: getPgid(0),
  });
  return 0;
}
