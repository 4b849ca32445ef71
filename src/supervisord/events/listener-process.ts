// One listener process of a pool, run by a ProgramRunner: each start gets a
// fresh stdin pipe (events go in) and stdout pipe (READY and RESULT come
// out), started through spawnChild like every child of monitor. The pool is
// told of each spawn, of RUNNING, of every byte the listener writes and of
// its exit. stderr goes where the caller says (its log file, or monitor's).
import type { Log } from "../../log.ts";
import { ProgramRunner } from "../../engine/program.ts";
import type { PolicyConfig, ProcessState } from "../../policy/types.ts";
import { watchInput } from "../../activation/input-watch.ts";
import { closeFd, makePipe, readAvailable, setNonBlocking, writeAvailable } from "../../sys/libc.ts";
import { SysError } from "../../errors.ts";
import type { ProcessSpec } from "../config.ts";
import type { ListenerPool } from "./listener-pool.ts";

export interface ListenerProcessOptions {
  readonly spec: ProcessSpec;
  readonly pool: ListenerPool;
  readonly log: Log;
  /** The child's whole environment. */
  readonly env: Readonly<Record<string, string>>;
  /** fd for the child's stderr; default monitor's own. */
  readonly stderrFd?: number;
  /** Told of every state change (for PROCESS_STATE events, status). */
  onState?(from: ProcessState, to: ProcessState): void;
  /** Every chunk of the listener's stdout (supervisord logs it to stdout_logfile when set). */
  onStdout?(data: Uint8Array): void;
}

/** supervisord's rules for one process, in the machine's terms. */
export function supervisordPolicy(spec: ProcessSpec): PolicyConfig {
  const b = spec.backoff;
  return {
    restart: spec.autorestart,
    exitCodes: spec.exitCodes,
    startSecsMs: spec.startSecsMs,
    backoffMs: b.kind === "linear" ? b.stepMs : b.firstMs,
    backoffFactor: b.kind === "linear" ? 1 : b.factor,
    backoffGrowth: b.kind === "linear" ? "linear" : "exponential",
    backoffMaxMs: b.kind === "linear" ? Number.MAX_SAFE_INTEGER : b.maxMs,
    // startretries=N allows N retries after the first failed start.
    maxRetries: spec.startRetries < 0 ? Infinity : spec.startRetries + 1,
    stopSignal: spec.stopSignal,
    stopTimeoutMs: spec.stopWaitMs,
    rollback: false,
    restartDelayMs: 0,
    retryFailedStarts: true,
  };
}

/** Events that do not fit in the pipe wait here and are retried on a short timer. */
class StdinWriter {
  private pending: Uint8Array[] = [];
  private timer: Timer | undefined;
  private closed = false;

  constructor(private readonly fd: number) {}

  write(bytes: Uint8Array): boolean {
    if (this.closed) return false;
    this.pending.push(bytes);
    return this.flush();
  }

  private flush(): boolean {
    clearTimeout(this.timer);
    this.timer = undefined;
    try {
      while (this.pending.length > 0) {
        const head = this.pending[0]!;
        const n = writeAvailable(this.fd, head);
        if (n === null) break;
        if (n === head.length) this.pending.shift();
        else this.pending[0] = head.subarray(n);
      }
    } catch (e) {
      if (!(e instanceof SysError && e.code === "EPIPE")) throw e;
      this.close();
      return false;
    }
    if (this.pending.length > 0) this.timer = setTimeout(() => this.flush(), 20);
    return true;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    clearTimeout(this.timer);
    this.pending = [];
    closeFd(this.fd);
  }
}

export class ListenerProcess {
  readonly runner: ProgramRunner;
  private stdin: StdinWriter | null = null;
  private unwatch: (() => void) | null = null;
  private stdoutFd: number | null = null;
  /** Pipe ends made for a start whose spawn has not been confirmed yet. */
  private staged: { childIn: number; parentIn: number; parentOut: number; childOut: number } | null = null;

  readonly spec: ProcessSpec;

  constructor(private readonly o: ListenerProcessOptions) {
    this.spec = o.spec;
    const { spec } = o;
    this.runner = new ProgramRunner(spec.name, supervisordPolicy(spec), {
      spawnOptions: () => {
        this.dropStaged(); // a previous attempt failed to exec
        const [childIn, parentIn] = makePipe();
        const [parentOut, childOut] = makePipe();
        this.staged = { childIn, parentIn, parentOut, childOut };
        const fds = new Map([[0, childIn], [1, childOut]]);
        if (o.stderrFd !== undefined) fds.set(2, o.stderrFd);
        return { program: spec.argv[0]!, args: spec.argv.slice(1), env: o.env, fds, cwd: spec.directory ?? undefined, umask: spec.umask ?? undefined };
      },
      onSpawned: () => this.connect(),
      onExit: () => this.disconnect(),
      onState: (from, to) => {
        o.pool.setRunning(spec.name, to === "RUNNING");
        o.onState?.(from, to);
      },
    }, o.log);
  }

  start(): void {
    this.runner.start();
  }

  stop(): void {
    this.runner.stop();
  }

  private connect(): void {
    const s = this.staged!;
    this.staged = null;
    closeFd(s.childIn);
    closeFd(s.childOut);
    setNonBlocking(s.parentIn);
    this.stdin = new StdinWriter(s.parentIn);
    const stdin = this.stdin;
    this.o.pool.attach(this.o.spec.name, { write: (bytes) => stdin.write(bytes) });
    this.stdoutFd = s.parentOut;
    const fd = s.parentOut;
    const buf = new Uint8Array(65536);
    this.unwatch = watchInput(fd, () => {
      for (;;) {
        if (this.stdoutFd !== fd) return;
        const n = readAvailable(fd, buf);
        if (n === null) return;
        if (n === 0) return this.closeStdout();
        const chunk = buf.slice(0, n);
        this.o.onStdout?.(chunk);
        this.o.pool.output(this.o.spec.name, chunk);
      }
    });
  }

  private closeStdout(): void {
    this.unwatch?.();
    this.unwatch = null;
    if (this.stdoutFd !== null) closeFd(this.stdoutFd);
    this.stdoutFd = null;
  }

  private disconnect(): void {
    // What the listener wrote before it exited is still read first.
    if (this.stdoutFd !== null) {
      const buf = new Uint8Array(65536);
      for (;;) {
        const n = readAvailable(this.stdoutFd, buf);
        if (!n) break;
        this.o.pool.output(this.o.spec.name, buf.slice(0, n));
      }
    }
    this.closeStdout();
    this.stdin?.close();
    this.stdin = null;
    this.o.pool.detach(this.o.spec.name);
  }

  private dropStaged(): void {
    if (!this.staged) return;
    for (const fd of Object.values(this.staged)) closeFd(fd);
    this.staged = null;
  }
}
