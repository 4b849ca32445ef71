// The pipe between SUB's stdout and SUB/log's stdin, made once when SUB is
// first seen and held by monitor (both ends, close-on-exec) for as long as
// SUB is known. Because monitor holds the read end, SUB never gets EPIPE
// while its log service restarts, and what SUB wrote meanwhile waits in the
// pipe; because it holds the write end, the log never sees end-of-file when
// SUB restarts. That is svscan's pipe, and why no line is lost.
import { closeFd, duplicateAbove, makePipe } from "../sys/libc.ts";

export interface LogPipe {
  readonly readEnd: number;
  readonly writeEnd: number;
  /** Monitor's copy of the write end: once the service is gone for good, the log reads to end-of-file. */
  closeWrite(): void;
  close(): void;
}

/** Above the standard fds: with fd 0, 1 or 2 closed in monitor, pipe(2) would hand them out,
 *  and a child's dup2 onto its own source would keep close-on-exec. */
function aboveStdio(fd: number): number {
  if (fd > 2) return fd;
  const moved = duplicateAbove(fd, 3);
  closeFd(fd);
  return moved;
}

export function openLogPipe(): LogPipe {
  const [r, w] = makePipe();
  const readEnd = aboveStdio(r);
  const writeEnd = aboveStdio(w);
  let writeOpen = true;
  let readOpen = true;
  return {
    readEnd,
    writeEnd,
    closeWrite() {
      if (writeOpen) closeFd(writeEnd);
      writeOpen = false;
    },
    close() {
      this.closeWrite();
      if (readOpen) closeFd(readEnd);
      readOpen = false;
    },
  };
}
