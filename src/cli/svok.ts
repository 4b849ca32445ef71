// `monitor svok DIR`: daemontools' svok. Exit 0 when a supervise (ours or
// daemontools') is running in DIR, 100 when none is, 111 when DIR cannot be
// examined. Only the first DIR counts, as in daemontools.
import { closeSync, writeSync } from "node:fs";
import { describeErrorCode, errorCodeOf } from "../daemontools/error-text.ts";
import { openFifoWriter } from "../daemontools/fifo.ts";
import { chdirErrorCode, supervisePath } from "../daemontools/service-dir.ts";

const RUNNING = 0;
const NOT_RUNNING = 100;
const CANNOT_TELL = 111;

export async function run(argv: string[]): Promise<number> {
  const dir = argv[0];
  if (dir === undefined) {
    writeSync(2, "svok: usage: svok dir\n");
    return NOT_RUNNING;
  }
  const chdirError = chdirErrorCode(dir);
  if (chdirError) {
    writeSync(2, `svok: fatal: unable to chdir to ${dir}: ${describeErrorCode(chdirError)}\n`);
    return CANNOT_TELL;
  }
  try {
    closeSync(openFifoWriter(supervisePath(dir, "ok")));
    return RUNNING;
  } catch (e) {
    const code = errorCodeOf(e);
    // No supervise/ok yet (ENOENT), or nobody reading it (ENXIO).
    if (code === "ENOENT" || code === "ENXIO") return NOT_RUNNING;
    writeSync(2, `svok: fatal: unable to open ${dir}/supervise/ok: ${describeErrorCode(code)}\n`);
    return CANNOT_TELL;
  }
}
