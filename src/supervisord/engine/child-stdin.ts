// A child's stdin as supervisord gives it: a pipe per start, whose write end
// monitor keeps for supervisor.sendProcessStdin. The write end is
// non-blocking; what the pipe cannot take yet waits and is retried shortly,
// so a child that does not read never blocks monitor. A child that closed
// its stdin makes the write fail with EPIPE (Bun ignores SIGPIPE).
import { writeSync } from "node:fs";
import { closeFd, makePipe, setNonBlocking } from "../../sys/libc.ts";

const RETRY_MS = 20;

export class ChildStdin {
  private fd: number | null = null;
  private pending: Uint8Array[] = [];
  private retry: Timer | undefined;

  /** A new pipe for the next start: the child's fd 0, and what to call once the spawn is done. */
  forSpawn(): { fd: number; done(): void } {
    this.close();
    const [r, w] = makePipe();
    setNonBlocking(w);
    this.fd = w;
    return { fd: r, done: () => closeFd(r) };
  }

  /** Queue `data` for the child; rejects (code EPIPE) when the child can no longer read it. */
  write(data: Uint8Array): Promise<void> {
    if (this.fd === null) return Promise.reject(Object.assign(new Error("the child's stdin is closed"), { code: "EPIPE" }));
    this.pending.push(data);
    try {
      this.flush();
    } catch (e) {
      return Promise.reject(e);
    }
    return Promise.resolve();
  }

  private flush(): void {
    clearTimeout(this.retry);
    this.retry = undefined;
    while (this.fd !== null && this.pending.length) {
      const head = this.pending[0]!;
      let n: number;
      try {
        n = writeSync(this.fd, head);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== "EAGAIN") {
          this.pending = [];
          throw e;
        }
        this.retry = setTimeout(() => {
          try {
            this.flush();
          } catch {
            // the child went away meanwhile: what it did not read is dropped
          }
        }, RETRY_MS);
        return;
      }
      if (n < head.length) this.pending[0] = head.subarray(n);
      else this.pending.shift();
    }
  }

  /** The child is gone: drop what it did not read. */
  close(): void {
    clearTimeout(this.retry);
    this.retry = undefined;
    this.pending = [];
    if (this.fd !== null) closeFd(this.fd);
    this.fd = null;
  }
}
