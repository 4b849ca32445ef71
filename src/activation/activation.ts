// One program's socket activation and readiness, from plain parameters so
// single-program mode and `serve` programs share it. Each start goes through
// prepare() (environment, fds, exec shim, a readiness channel) and attach(pid)
// right after the spawn; release(pid) when that child is gone. Several
// children may be attached at once: during a reload the old and the new one.
import type { Log } from "../log.ts";
import type { SpawnOptions } from "../sys/spawn.ts";
import { resolveProgram } from "../sys/resolve.ts";
import type { ListenSet } from "./listen.ts";
import { NotifyDirectory } from "./notify.ts";
import { openReadyChannel, type ReadyChannel, type ReadySpec } from "./ready.ts";
import { throughShim } from "../shim/through-shim.ts";
import { Watchdog } from "./watchdog.ts";

export interface ActivationParams {
  readonly name: string;
  readonly log: Log;
  readonly listeners?: ListenSet;
  readonly ready?: ReadySpec;
  /** WatchdogSec; needs ready = notify. */
  readonly watchdogMs?: number;
}

/** What the program's runner hears about its children. */
export interface ActivationReports {
  ready(pid: number): void;
  /** No WATCHDOG=1 in time (or WATCHDOG=trigger). */
  unresponsive(pid: number, why: string): void;
}

interface Child {
  channel: ReadyChannel | undefined;
  watchdog: Watchdog | undefined;
  ready: Promise<void>;
}

export class Activation {
  private readonly notify = new NotifyDirectory();
  private readonly children = new Map<number, Child>();
  private pending: ReadyChannel | undefined;

  constructor(
    readonly params: ActivationParams,
    private readonly reports: ActivationReports,
  ) {}

  /** The next start's options: LISTEN_*, NOTIFY_SOCKET, WATCHDOG_USEC, fds, and the exec shim for the *_PID variables. */
  prepare(o: SpawnOptions): SpawnOptions {
    const p = this.params;
    this.pending?.close(); // the previous prepare's spawn failed
    this.pending = p.ready ? openReadyChannel(p.ready, this.notify) : undefined;
    const env: Record<string, string> = { ...o.env, ...p.listeners?.env(), ...this.pending?.env };
    const pidVars: string[] = [];
    if (p.listeners) pidVars.push("LISTEN_PID");
    if (p.watchdogMs !== undefined) {
      env.WATCHDOG_USEC = String(p.watchdogMs * 1000);
      pidVars.push("WATCHDOG_PID");
    }
    const fds = new Map([...(o.fds ?? []), ...(p.listeners?.fdMap() ?? []), ...(this.pending?.fds ?? [])]);
    if (!pidVars.length) return { ...o, env, fds };
    // posix_spawn cannot put the child's own pid in its environment: monitor's
    // exec shim does it in the child, then execve's PROGRAM (same pid).
    const path = resolveProgram(o.program, o.env.PATH);
    return throughShim({ ...o, env, fds, program: path, argv0: o.argv0 ?? o.program }, { pidVars });
  }

  /** The start just prepared is `pid`. */
  attach(pid: number): void {
    const channel = this.pending;
    this.pending = undefined;
    const { log, name, watchdogMs } = this.params;
    const watchdog = watchdogMs === undefined ? undefined : new Watchdog(watchdogMs, (silent) => this.reports.unresponsive(pid, `no WATCHDOG=1 for ${silent} ms`));
    let markReady!: () => void;
    const ready = new Promise<void>((r) => (markReady = r));
    this.children.set(pid, { channel, watchdog, ready });
    if (!channel) return;
    let isReady = false;
    channel.begin({
      ready: () => {
        if (isReady) return;
        isReady = true;
        log.info(`${name}: pid ${pid} is ready`);
        watchdog?.start();
        markReady();
        this.reports.ready(pid);
      },
      ping: () => watchdog?.ping(),
      trigger: () => watchdog?.trigger(),
      status: (text) => log.info(`${name}: pid ${pid} status: ${text}`),
      stopping: () => log.info(`${name}: pid ${pid} is stopping`),
      silent: (why) => log.warn(`${name}: pid ${pid} ${why}; it will not be seen ready`),
    });
  }

  /** Resolves when `pid` says it is ready (never, for a child that does not). */
  whenReady(pid: number): Promise<void> {
    return this.children.get(pid)?.ready ?? Promise.resolve();
  }

  /** `pid` exited: close its channel, stop its watchdog. */
  release(pid: number): void {
    const c = this.children.get(pid);
    if (!c) return;
    this.children.delete(pid);
    c.watchdog?.stop();
    c.channel?.close();
  }

  close(): void {
    for (const pid of [...this.children.keys()]) this.release(pid);
    this.pending?.close();
    this.pending = undefined;
    this.notify.close();
    this.params.listeners?.close();
  }
}
