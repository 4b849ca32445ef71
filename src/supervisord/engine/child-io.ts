// A process's stdio across its starts: stdin (a new pipe per start, monitor
// keeps the write end) and stdout/stderr (new capture pipes per start, monitor
// keeps the read ends: child-output.ts). Each start takes fds 0, 1 and 2 from here;
// the child's ends (stdin's read end, the write ends of stdout and stderr)
// are closed in monitor right after the spawn, whether it worked or not
// (spawnChild runs synchronously once the options are built, so a microtask
// is "right after" also for a reload's standby, whose spawn reports nothing
// back).
import { SysError } from "../../errors.ts";
import { ChildStdin } from "./child-stdin.ts";
import type { ProcessOutput } from "./child-output.ts";

export class ChildIo {
  readonly stdin = new ChildStdin();
  private pending: (() => void) | null = null;

  constructor(readonly output: ProcessOutput) {}

  /** fds 0-2 for the next start. Throws SysError when a pipe cannot be made. */
  forSpawn(): Map<number, number> {
    this.spawnDone();
    let out: ReturnType<ProcessOutput["forSpawn"]> | undefined;
    let input: ReturnType<ChildStdin["forSpawn"]>;
    try {
      out = this.output.forSpawn();
      input = this.stdin.forSpawn();
    } catch (e) {
      out?.done();
      const err = e as NodeJS.ErrnoException;
      throw e instanceof SysError ? e : new SysError("open", err.errno ?? 0, err.code ?? "EIO", err.message);
    }
    const output = out;
    this.pending = () => {
      input.done();
      output.done();
    };
    queueMicrotask(() => this.spawnDone());
    return new Map([[0, input.fd], ...output.fds]);
  }

  /** The spawn happened (or failed): close the child's ends here. Idempotent. */
  spawnDone(): void {
    const p = this.pending;
    this.pending = null;
    p?.();
  }

  async close(): Promise<void> {
    this.spawnDone();
    this.stdin.close();
    await this.output.close();
  }
}
