// The two FIFOs of supervise/: `control` (svc writes letters into it) and
// `ok` (svok and svstat open it for writing, which fails with ENXIO unless a
// supervise holds it open for reading). Opens are non-blocking as
// daemontools' are: a blocking open of a FIFO waits for the other side.
// fs.openSync sets O_CLOEXEC, so the run script never inherits these fds.
import { constants, openSync } from "node:fs";
import { SysError } from "../errors.ts";
import { makeFifo } from "../sys/libc.ts";

/** mkfifo PATH unless something already exists there (daemontools ignores that failure too). */
export function ensureFifo(path: string, mode = 0o600): void {
  try {
    makeFifo(path, mode);
  } catch (e) {
    if (!(e instanceof SysError && e.code === "EEXIST")) throw e;
  }
}

/** O_RDONLY|O_NONBLOCK: succeeds with no writer; reads then give EAGAIN, or 0 once a writer has come and gone. */
export function openFifoReader(path: string): number {
  return openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
}

/** O_WRONLY|O_NONBLOCK: throws ENXIO ("supervise not running") when nobody reads. */
export function openFifoWriter(path: string): number {
  return openSync(path, constants.O_WRONLY | constants.O_NONBLOCK);
}
