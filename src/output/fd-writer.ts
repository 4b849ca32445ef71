// Writing all of a buffer to an fd that may be a pipe or a terminal (--tee
// copies to monitor's own stdout and stderr). A non-blocking fd is waited on
// with poll(2) rather than spun on: --tee keeps the child's pace to that of
// whoever reads monitor's output, as tee(1) does.
import { constants } from "node:os";
import { errnoName, POLLOUT, pollFds, writeFrom } from "../sys/libc.ts";

const { EAGAIN, EINTR } = constants.errno;

/** null when all was written, else the errno's name (EPIPE: nobody reads any more). */
export function writeFully(fd: number, bytes: Uint8Array): string | null {
  let at = 0;
  const pfd = new Int32Array([fd, POLLOUT]);
  while (at < bytes.byteLength) {
    const n = writeFrom(fd, bytes.subarray(at));
    if (n >= 0) {
      at += n;
      continue;
    }
    if (n === -EINTR) continue;
    if (n === -EAGAIN) {
      pfd[1] = POLLOUT;
      pollFds(pfd, 1, -1);
      continue;
    }
    return errnoName(-n);
  }
  return null;
}
