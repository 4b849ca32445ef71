// One service directory under supervision, daemontools 0.76's supervise in
// process: DIR/supervise/ set up as it does (supervise-dir.ts), DIR/run kept
// up by the shared machine (ProgramRunner), control letters turned into
// machine events or signals (service-status.ts), and supervise/status
// rewritten whenever what it says changes. `monitor supervise DIR` runs one;
// `monitor scan` runs one per subdirectory in the same process.
import { ProgramRunner } from "../engine/program.ts";
import { stopGroup } from "../engine/stop-group.ts";
import type { Log } from "../log.ts";
import { SIGNALS } from "../sys/signals.ts";
import type { SpawnOptions } from "../sys/spawn.ts";
import type { ControlEvent } from "./control.ts";
import { describeErrorCode, errorCodeOf } from "./error-text.ts";
import { SERVICE_POLICY } from "./service-policy.ts";
import { outcomeOf, sameStatus, statusOf } from "./service-status.ts";
import { takeServiceDir } from "./service-setup.ts";
import type { SuperviseDir } from "./supervise-dir.ts";
import type { ServiceStatus, Want } from "./status-file.ts";

/** A shutdown (TERM to monitor) sends SIGKILL to a service group still up after this. */
export const SHUTDOWN_KILL_MS = 10_000;
/** What is left of a service's group after it exits gets TERM, then SIGKILL after this. */
export const LEFTOVER_KILL_MS = 10_000;

export interface ServiceOptions {
  /** The directory as given; paths are joined as text, as daemontools' relative opens after chdir. */
  dir: string;
  log: Log;
  env: Readonly<Record<string, string>>;
  /** fds the service gets as stdin / stdout (a scan's log pipe); inherited otherwise. */
  stdin?: number;
  stdout?: number;
}

export class ServiceSupervisor {
  readonly runner: ProgramRunner;
  readonly finished: Promise<void>;
  private dir: string;
  private want: Want;
  private last: ServiceStatus;
  private exitRequested = false;
  private done = false;
  private killTimer: Timer | undefined;
  private readonly cleanups = new Set<Promise<unknown>>();
  private resolveFinished!: () => void;

  /** Check DIR, take DIR/supervise as daemontools does; throws RuntimeError(111) naming what failed. */
  static open(o: ServiceOptions): ServiceSupervisor {
    const { sdir, want, initial } = takeServiceDir(o.dir);
    return new ServiceSupervisor(o, sdir, want, initial);
  }

  private constructor(
    private readonly o: ServiceOptions,
    private readonly sdir: SuperviseDir,
    want: Want,
    initial: ServiceStatus,
  ) {
    this.dir = o.dir;
    this.want = want;
    this.last = initial;
    this.finished = new Promise((r) => (this.resolveFinished = r));
    this.runner = new ProgramRunner(o.dir, SERVICE_POLICY, {
      spawnOptions: () => this.spawnOptions(),
      onExit: (pid) => this.onServiceExit(pid),
      onChange: () => {
        this.announce();
        this.finishIfDown();
      },
    }, o.log);
  }

  get name(): string {
    return this.dir;
  }

  /** Watch the control FIFO; start DIR/run unless DIR/down said not to. */
  start(): void {
    this.sdir.watchControl(
      (event) => this.control(event),
      (e) => this.o.log.warn(`${this.dir}: unable to read supervise/control: ${describeErrorCode(errorCodeOf(e))}`),
    );
    if (this.want === "up") this.runner.start();
  }

  /** One control letter, as daemontools' supervise reacts to it. */
  control(event: ControlEvent): void {
    if (this.done) return;
    const outcome = outcomeOf(event);
    if (outcome.want) this.want = outcome.want;
    if (outcome.event) this.runner.feed(outcome.event);
    // p c h a i t k go to the service's process alone, as daemontools' kill(pid, sig).
    if (outcome.signal !== undefined) this.runner.signalChild(outcome.signal);
    if (outcome.exit) this.exitRequested = true;
    this.announce();
    this.finishIfDown();
  }

  /** Monitor is stopping: `svc -dx`, then SIGKILL to the group if it is still up after SHUTDOWN_KILL_MS. */
  shutdown(): void {
    this.control({ type: "down" });
    this.control({ type: "exit" });
    if (this.done || this.killTimer) return;
    this.killTimer = setTimeout(() => {
      if (this.runner.pid === null) return;
      this.o.log.warn(`${this.dir}: still up ${SHUTDOWN_KILL_MS} ms after TERM; SIGKILL to group ${this.runner.pid}`);
      this.runner.signalOwnGroup(SIGNALS.SIGKILL);
    }, SHUTDOWN_KILL_MS);
  }

  /** The directory was renamed (same inode): starts and status writes follow it. */
  moveTo(dir: string): void {
    this.dir = dir;
    this.sdir.moveTo(dir);
  }

  /** Resolves when the leftovers of every exited run are gone. */
  async settled(): Promise<void> {
    while (this.cleanups.size) await Promise.all([...this.cleanups]);
  }

  private spawnOptions(): SpawnOptions {
    const fds = new Map<number, number>();
    if (this.o.stdin !== undefined) fds.set(0, this.o.stdin);
    if (this.o.stdout !== undefined) fds.set(1, this.o.stdout);
    // daemontools execs ./run from inside DIR (so a script's $0 is ./run).
    return { program: "./run", args: [], env: this.o.env, cwd: this.dir, fds };
  }

  private onServiceExit(pid: number): void {
    // What the run left in its group is stopped (SPEC 2's default; daemontools
    // leaves it): a `svc -k` of a shell that did not exec its daemon must not
    // leave that daemon running beside the next start.
    const p = stopGroup(pid, SIGNALS.SIGTERM, Date.now() + LEFTOVER_KILL_MS).finally(() => this.cleanups.delete(p));
    this.cleanups.add(p);
    // x is pending: this exit is the last; a pending `u` (STOPPING -> restart) is dropped.
    if (this.exitRequested) this.runner.feed({ type: "stop" });
  }

  private announce(): void {
    if (this.done) return;
    const next = statusOf(this.runner.state, this.want, this.last, Date.now());
    if (sameStatus(next, this.last)) return;
    this.last = next;
    try {
      this.sdir.writeStatus(next);
    } catch (e) {
      // daemontools warns and carries on: the service matters more than its status file.
      this.o.log.warn(`${this.dir}: unable to write supervise/status: ${describeErrorCode(errorCodeOf(e))}`);
    }
  }

  /** After x: leave as soon as no process runs (daemontools: `if (flagexit && !pid) return`). */
  private finishIfDown(): void {
    const m = this.runner.state;
    if (!this.exitRequested || this.done || m.pid !== null || m.spawnPending) return;
    this.done = true;
    this.runner.clearTimers();
    clearTimeout(this.killTimer);
    void this.sdir.close().then(() => this.resolveFinished());
  }
}
