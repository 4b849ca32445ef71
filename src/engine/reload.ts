// Zero-downtime reload (SPEC 6, --reload-signal): start a standby child on
// the same spawn options (the same listening sockets, which monitor holds, so
// the kernel keeps queueing connections), wait until it is ready, hand the
// program over to it, then stop the old child gracefully: its group, the stop
// signal (then CONT), SIGKILL after the stop timeout.
//
// A reload that does not succeed changes nothing: the old child keeps
// serving and the standby's group is stopped. That is the case when the
// standby cannot be executed, exits, or is not ready in time, and when the
// old child leaves RUNNING meanwhile (it exited, or a stop came): then the
// machine's own rules decide what follows, as without a reload.
import { ExecError } from "../errors.ts";
import type { Log } from "../log.ts";
import type { ProcessState } from "../policy/types.ts";
import { signalGroup } from "../sys/libc.ts";
import { SIGNALS } from "../sys/signals.ts";
import { describeExit, type ExitStatus } from "../sys/wait-status.ts";
import type { ProgramRunner } from "./program.ts";
import { stopGroup } from "./stop-group.ts";

export interface ReloadParams {
  readonly name: string;
  readonly log: Log;
  readonly runner: ProgramRunner;
  /** Spawn the standby through the runner and set up its readiness; returns its pid. Throws ExecError. */
  spawnStandby(): number;
  /** Resolves when the standby says it is ready (or has run long enough). */
  whenReady(pid: number): Promise<void>;
  /** Give up on a standby not ready this long after its spawn; undefined = no bound. */
  readonly readyTimeoutMs: number | undefined;
  readonly stopSignal: number;
  readonly stopTimeoutMs: number;
}

type Outcome = { kind: "ready" } | { kind: "exited"; status: ExitStatus } | { kind: "timeout" } | { kind: "left"; phase: ProcessState } | { kind: "closing" };

interface Pending {
  readonly pid: number;
  readonly old: number;
  settle(o: Outcome): void;
}

export class Reloader {
  private pending: Pending | undefined;
  private readonly stopping = new Set<Promise<unknown>>();
  /** Reloads that handed over, for the log and tests. */
  done = 0;

  constructor(private readonly p: ReloadParams) {}

  get inProgress(): boolean {
    return this.pending !== undefined;
  }

  /** Start a reload now; resolves when it has succeeded or been given up. */
  async reload(): Promise<boolean> {
    const { name, log, runner } = this.p;
    if (this.pending) {
      log.warn(`${name}: reload already in progress (standby pid ${this.pending.pid}); this one is ignored`);
      return false;
    }
    const old = runner.pid;
    if (runner.phase !== "RUNNING" || old === null) {
      log.warn(`${name}: reload ignored: the program is ${runner.phase}, not RUNNING`);
      return false;
    }
    let pid: number;
    try {
      pid = this.p.spawnStandby();
    } catch (e) {
      if (!(e instanceof ExecError)) throw e;
      log.error(`${name}: reload failed: ${e.message}; pid ${old} keeps running`);
      return false;
    }
    log.info(`${name}: reload: standby pid ${pid} started beside pid ${old}`);
    const outcome = await this.waitForStandby(pid, old);
    this.pending = undefined;
    if (outcome.kind === "ready" && runner.promote(pid)) {
      this.done++;
      log.info(`${name}: reloaded: pid ${pid} is ready and replaces pid ${old}, which is being stopped`);
      this.stopGently(old);
      return true;
    }
    log.warn(`${name}: reload failed: ${describeOutcome(outcome, pid, this.p.readyTimeoutMs)}; ${keeps(outcome, old)}`);
    if (outcome.kind !== "exited") this.stopGently(pid);
    return false;
  }

  /** Every exit of the program's children (the runner's onExit). */
  childExited(pid: number, status: ExitStatus): void {
    if (this.pending?.pid === pid) this.pending.settle({ kind: "exited", status });
  }

  /** Every transition of the program: the old child leaving RUNNING ends a pending reload. */
  stateChanged(to: ProcessState): void {
    if (this.pending && to !== "RUNNING") this.pending.settle({ kind: "left", phase: to });
  }

  /** monitor is exiting: give up a pending reload and wait until every group it is stopping is gone. */
  async close(): Promise<void> {
    this.pending?.settle({ kind: "closing" });
    // The settled reload stops its standby on a later turn of the loop: let it.
    await Bun.sleep(0);
    while (this.stopping.size) await Promise.all([...this.stopping]);
  }

  private waitForStandby(pid: number, old: number): Promise<Outcome> {
    return new Promise<Outcome>((resolve) => {
      let timer: Timer | undefined;
      const settle = (o: Outcome) => {
        if (this.pending?.pid !== pid) return;
        clearTimeout(timer);
        this.pending = undefined;
        resolve(o);
      };
      this.pending = { pid, old, settle };
      const bound = this.p.readyTimeoutMs;
      if (bound !== undefined) timer = setTimeout(() => settle({ kind: "timeout" }), bound);
      this.p.whenReady(pid).then(() => settle({ kind: "ready" }));
    });
  }

  /** Stop signal then CONT to the group (a stopped group must be able to act on it), KILL at the stop timeout. */
  private stopGently(pgid: number): void {
    const { stopSignal, stopTimeoutMs } = this.p;
    signalGroup(pgid, stopSignal);
    if (stopSignal !== SIGNALS.SIGCONT && stopSignal !== SIGNALS.SIGKILL) signalGroup(pgid, SIGNALS.SIGCONT);
    const killAt = Number.isFinite(stopTimeoutMs) ? Date.now() + stopTimeoutMs : Infinity;
    const p: Promise<unknown> = stopGroup(pgid, null, killAt).finally(() => this.stopping.delete(p));
    this.stopping.add(p);
  }
}

function describeOutcome(o: Outcome, pid: number, readyTimeoutMs: number | undefined): string {
  switch (o.kind) {
    case "ready":
      return `standby pid ${pid} was ready, but the program was no longer RUNNING`;
    case "exited":
      return `standby pid ${pid} exited (${describeExit(o.status)}) before it was ready`;
    case "timeout":
      return `standby pid ${pid} was not ready within ${readyTimeoutMs} ms`;
    case "left":
      return `the program went ${o.phase} while standby pid ${pid} was starting`;
    case "closing":
      return `monitor is shutting down`;
  }
}

function keeps(o: Outcome, old: number): string {
  if (o.kind === "left" || o.kind === "closing" || o.kind === "ready") return "the standby is stopped";
  return `pid ${old} keeps running`;
}
