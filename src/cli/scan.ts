// `monitor scan [DIR]`: daemontools' svscan, every supervise in this one
// process. Supervises each subdirectory of DIR (default `.`) that does not
// start with '.' and has a `run`, looks again every 5 s, pipes SUB into
// SUB/log. TERM, INT, HUP or QUIT stops every service and log service, then
// monitor exits 0. 111 when DIR cannot be entered, 100 for bad usage.
import { writeSync } from "node:fs";
import { describeErrorCode } from "../daemontools/error-text.ts";
import { Scanner } from "../daemontools/scanner.ts";
import { chdirErrorCode } from "../daemontools/service-dir.ts";
import { handleShutdownSignals } from "../engine/shutdown-signals.ts";
import { createLog } from "../log.ts";
import { pageOutExecutable } from "../sys/page-out.ts";
import { ensureQuietRuntime } from "../sys/quiet-runtime.ts";
import { startReaper } from "../sys/reaper.ts";
import { SERVICE_LOG_LEVEL } from "./supervise.ts";

export async function run(argv: string[]): Promise<number> {
  if (argv.length > 1 || argv[0] === "") {
    writeSync(2, "scan: usage: monitor scan [dir]\n");
    return 100;
  }
  const root = argv[0] ?? ".";
  const chdirError = chdirErrorCode(root);
  if (chdirError) {
    writeSync(2, `scan: fatal: unable to chdir to ${root}: ${describeErrorCode(chdirError)}\n`);
    return 111;
  }
  ensureQuietRuntime();
  startReaper();
  const log = createLog({ level: SERVICE_LOG_LEVEL });
  const scanner = new Scanner(root, log, { ...process.env } as Record<string, string>);
  let stopped!: () => void;
  const stopping = new Promise<void>((r) => (stopped = r));
  const uninstall = handleShutdownSignals(() => stopped(), log);
  // The rescan timer keeps Bun's loop alive; this one covers the shutdown.
  const keepAlive = setInterval(() => {}, 2 ** 31 - 1);
  scanner.start();
  // Start-up is over once the first pass has started everything: one full GC,
  // then the executable's start-up pages go back to the page cache (page-out.ts).
  setImmediate(() => {
    Bun.gc(true);
    pageOutExecutable();
  });
  await stopping;
  await scanner.shutdown();
  uninstall();
  clearInterval(keepAlive);
  return 0;
}
