// `monitor fghack PROGRAM [ARGS...]`: daemontools' fghack, for daemons that
// put themselves in the background. PROGRAM starts with 31 copies of a pipe's
// write end (fds 3 to 33) and fghack stays until every copy is closed: a
// daemon that forks and exits keeps them open in its descendants, which is
// how fghack knows it still runs. Then fghack waits for PROGRAM itself and
// exits with its code; 111 when PROGRAM died of a signal ("child crashed")
// or cannot be run, 100 for bad usage, with daemontools' words. PROGRAM stays
// in fghack's process group, as daemontools' fork leaves it.
import { writeSync } from "node:fs";
import { describeErrorCode } from "../daemontools/error-text.ts";
import { ExecError } from "../errors.ts";
import { closeFd, duplicateAbove, makePipe, ownProcessGroup, readBlocking } from "../sys/libc.ts";
import { ensureQuietRuntime, releaseHeldSignals } from "../sys/quiet-runtime.ts";
import { drainChildren, startReaper, waitForExit } from "../sys/reaper.ts";
import { spawnChild } from "../sys/spawn.ts";

const FATAL = "fghack: fatal: ";
/** fghack.c dups the write end 30 times beside the original: fds 3..33 once pipe()'s read end is closed. */
const FIRST_COPY = 3;
const COPIES = 31;

export async function run(argv: string[]): Promise<number> {
  const [program, ...args] = argv;
  if (program === undefined || program === "") {
    writeSync(2, "fghack: usage: fghack child\n");
    return 100;
  }
  ensureQuietRuntime();
  startReaper();
  // Default dispositions from here on: TERM kills fghack as it kills daemontools'.
  releaseHeldSignals();
  const [readEnd, rawWrite] = makePipe();
  // Above the copies' range, so no dup2 in the child targets its own source.
  const writeEnd = duplicateAbove(rawWrite, FIRST_COPY + COPIES);
  closeFd(rawWrite);
  const fds = new Map<number, number>();
  for (let fd = FIRST_COPY; fd < FIRST_COPY + COPIES; fd++) fds.set(fd, writeEnd);
  let pid: number;
  try {
    pid = spawnChild({ program, args, env: { ...process.env } as Record<string, string>, fds, group: ownProcessGroup() }).pid;
  } catch (e) {
    if (!(e instanceof ExecError)) throw e;
    writeSync(2, `${FATAL}unable to run ${program}: ${describeErrorCode(e.code)}\n`);
    return 111;
  }
  const exit = waitForExit(pid);
  closeFd(writeEnd);
  // Blocks the thread until the last copy is closed, as fghack's read loop does;
  // nothing else is owed attention meanwhile (PROGRAM's exit waits in the kernel).
  const buf = new Uint8Array(1);
  while (readBlocking(readEnd, buf) > 0);
  closeFd(readEnd);
  // End-of-file comes as PROGRAM closes its files, a moment before it can be
  // waited for; the reaper's SIGCHLD then settles `exit`. A pending promise
  // does not keep Bun's loop alive, a timer does (this one never fires).
  const keepAlive = setInterval(() => {}, 2 ** 31 - 1);
  drainChildren();
  const status = await exit;
  clearInterval(keepAlive);
  if ("signal" in status) {
    writeSync(2, `${FATAL}child crashed\n`);
    return 111;
  }
  return status.code;
}
