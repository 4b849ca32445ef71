// Everything section 6 adds to one supervised program, from plain parameters,
// so single-program mode (feature.ts) and `serve` programs wire it the same
// way: bind the sockets, route each start through Activation, turn readiness
// and the watchdog into the machine's events, and reload on request.
//
// Wiring, for any ProgramRunner: policy() into its PolicyConfig; prepare()
// in its spawnOptions hook; attach() in onSpawned; exited() in onExit;
// stateChanged() in onState; reload() on the reload signal or
// `ctl reload NAME`; close() once the program is done.
import type { ProgramRunner } from "../engine/program.ts";
import { Reloader } from "../engine/reload.ts";
import type { Log } from "../log.ts";
import type { PolicyConfig, ProcessState } from "../policy/types.ts";
import type { SpawnOptions } from "../sys/spawn.ts";
import type { ExitStatus } from "../sys/wait-status.ts";
import { Activation } from "./activation.ts";
import { formatListenAddress, type ListenAddress } from "./address.ts";
import { openListeners, type ListenSet } from "./listen.ts";
import type { ReadySpec } from "./ready.ts";

export interface ProgramActivationParams {
  readonly name: string;
  readonly log: Log;
  readonly listen: readonly ListenAddress[];
  readonly ready: ReadySpec | undefined;
  /** For notify and fd:N (options.ts DEFAULT_READY_TIMEOUT_MS); undefined = no bound. */
  readonly readyTimeoutMs: number | undefined;
  readonly watchdogMs: number | undefined;
  /** A reload's standby without --ready is ready once it has run this long. */
  readonly startSecsMs: number;
  readonly stopSignal: number;
  readonly stopTimeoutMs: number;
}

/** What the program's policy gains: STARTING -> RUNNING on readiness, and its bound. */
export function readinessPolicy(p: PolicyConfig, ready: ReadySpec | undefined, readyTimeoutMs: number | undefined): PolicyConfig {
  return ready ? { ...p, needsReady: true, readyTimeoutMs } : p;
}

export class ProgramActivation {
  private readonly activation: Activation;
  private readonly reloader: Reloader;
  readonly listeners: ListenSet | undefined;

  /** Binds the sockets now (throws SysError: nothing stays open then). */
  constructor(
    private readonly p: ProgramActivationParams,
    runner: ProgramRunner,
  ) {
    const { name, log } = p;
    this.listeners = p.listen.length ? openListeners(p.listen) : undefined;
    for (const a of this.listeners?.bound ?? []) log.info(`${name}: listening on ${formatListenAddress(a)} (${a.name})`);
    this.activation = new Activation(
      { name, log, listeners: this.listeners, ready: p.ready, watchdogMs: p.watchdogMs },
      {
        ready: (pid) => runner.feed({ type: "ready", pid }),
        unresponsive(pid, why) {
          if (runner.pid === pid && runner.phase === "RUNNING") log.warn(`${name}: pid ${pid} is unresponsive (${why}); stopping group ${pid} to restart it`);
          runner.feed({ type: "unresponsive", reason: why, pid });
        },
      },
    );
    this.reloader = new Reloader({
      name,
      log,
      runner,
      spawnStandby: () => {
        const { pid } = runner.spawnStandby();
        this.activation.attach(pid);
        return pid;
      },
      // Ready as a start is: when the child says so, or (no readiness) once it has run startSecs.
      whenReady: (pid) => (p.ready ? this.activation.whenReady(pid) : Bun.sleep(p.startSecsMs)),
      readyTimeoutMs: p.readyTimeoutMs,
      stopSignal: p.stopSignal,
      stopTimeoutMs: p.stopTimeoutMs,
    });
  }

  prepare(o: SpawnOptions): SpawnOptions {
    return this.activation.prepare(o);
  }

  attach(pid: number): void {
    this.activation.attach(pid);
  }

  exited(pid: number, status: ExitStatus): void {
    this.activation.release(pid);
    this.reloader.childExited(pid, status);
  }

  stateChanged(to: ProcessState): void {
    this.reloader.stateChanged(to);
  }

  /** Zero-downtime restart; resolves true when a new child took over, false when the old one kept running. */
  reload(): Promise<boolean> {
    return this.reloader.reload();
  }

  /** After the program is done: wait for the groups a reload is stopping, close sockets and channels. */
  async close(): Promise<void> {
    await this.reloader.close();
    this.activation.close();
  }
}
