// `monitor supervise DIR`: daemontools' supervise. Runs DIR/run, starts it
// again 1 s after it exits, honours DIR/down, obeys svc's letters through
// DIR/supervise/control and keeps DIR/supervise/status current. Exits 0 after
// `svc -x` once the service is down, or after TERM/INT/HUP/QUIT once it has
// stopped it; 111 when DIR cannot be set up (the lock is held, ...), 100 for
// bad usage, with daemontools' messages.
import { writeSync } from "node:fs";
import { ServiceSupervisor } from "../daemontools/service-supervisor.ts";
import { SUPERVISE_SETUP_FAILED } from "../daemontools/supervise-dir.ts";
import { handleShutdownSignals } from "../engine/shutdown-signals.ts";
import { RuntimeError } from "../errors.ts";
import { createLog } from "../log.ts";
import { pageOutExecutable } from "../sys/page-out.ts";
import { ensureQuietRuntime } from "../sys/quiet-runtime.ts";
import { startReaper } from "../sys/reaper.ts";

const USAGE_STATUS = 100;
/** monitor's own log for services: warnings and errors only; daemontools' supervise is silent. */
export const SERVICE_LOG_LEVEL = 1;

export async function run(argv: string[]): Promise<number> {
  if (argv.length !== 1 || argv[0] === "") {
    writeSync(2, "supervise: usage: supervise dir\n");
    return USAGE_STATUS;
  }
  const dir = argv[0]!;
  // Re-executes with Bun's GC timer off; nothing may be opened before it.
  ensureQuietRuntime();
  startReaper();
  const log = createLog({ level: SERVICE_LOG_LEVEL });
  let sup: ServiceSupervisor;
  try {
    sup = ServiceSupervisor.open({ dir, log, env: { ...process.env } as Record<string, string> });
  } catch (e) {
    if (!(e instanceof RuntimeError && e.status === SUPERVISE_SETUP_FAILED)) throw e;
    writeSync(2, `supervise: fatal: ${e.message}\n`);
    return SUPERVISE_SETUP_FAILED;
  }
  const uninstall = handleShutdownSignals(() => sup.shutdown(), log);
  // Signal listeners and pending promises do not keep Bun's loop alive; a
  // timer this long never fires, so it costs no wake-up while idle.
  const keepAlive = setInterval(() => {}, 2 ** 31 - 1);
  sup.start();
  // Start-up is over: one full GC, then the executable's start-up pages go back (page-out.ts).
  setImmediate(() => {
    Bun.gc(true);
    pageOutExecutable();
  });
  await sup.finished;
  await sup.settled();
  uninstall();
  clearInterval(keepAlive);
  return 0;
}
