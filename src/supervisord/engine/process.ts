// One supervisord process: a ProgramRunner (the pure machine's engine) plus
// what supervisord reports about it (laststart, laststop, exitstatus,
// spawnerr), its output, its stdin pipe and its health check. Every start
// goes through spawnOptions() below, in supervisord's order: find the
// command, make the pipes, build the environment, then spawn (through the
// exec shim for user=). The log lines are supervisord's own wording, so
// `maintail` reads as it does under supervisord.
import { existsSync } from "node:fs";
import { SysError, type ExecError } from "../../errors.ts";
import type { Log } from "../../log.ts";
import { ProgramRunner } from "../../engine/program.ts";
import { signalName } from "../../cli/values.ts";
import type { SpawnOptions } from "../../sys/spawn.ts";
import type { ProcessState } from "../../policy/types.ts";
import type { ExitStatus } from "../../sys/wait-status.ts";
import type { ProcessStateName, ProcessStatus } from "../backend.ts";
import { STOPPED_STATES } from "../backend.ts";
import type { ProcessSpec } from "../config.ts";
import { ChildIo } from "./child-io.ts";
import { createProcessOutput, type OutputPlace, type ProcessOutput } from "./child-output.ts";
import { policyOf } from "./policy-of.ts";
import { ProcessHealth } from "./process-health.ts";
import { asUser, childEnvironment, resolveCommand, spawnErrorText, spawnOptionsFor } from "./spawn-plan.ts";
import { stopTarget, type StopTarget } from "./stop-target.ts";
import type { ProgramActivation } from "../../activation/program-activation.ts";
import { activationFor, withReadiness } from "./process-activation.ts";
import { reportExit } from "./exit-report.ts";

export interface ProcessContext {
  /** supervisord's log (the main log file, and stderr unless silent). */
  readonly log: Log;
  /** A silent log for the runner's own lines: this module words them as supervisord does. */
  readonly quiet: Log;
  readonly place: OutputPlace;
  readonly serverUrl: string | null;
  /** Supplementary groups for user= (initgroups). */
  groupsOf(user: { name: string; gid: number }): number[];
  /** After every state change, with the process's status already updated. */
  changed(p: SupervisedProcess, from: ProcessStateName): void;
}

const now = () => Date.now() / 1000;

export class SupervisedProcess {
  readonly runner: ProgramRunner;
  readonly output: ProcessOutput;
  private phase: ProcessStateName = "STOPPED";
  private laststart = 0;
  private laststop = 0;
  private exitstatus = 0;
  private spawnerr = "";
  /** Consecutive failed starts (supervisord's `backoff`, the events' `tries`). */
  tries = 0;
  /** Whether the last exit from RUNNING was one of exitcodes. */
  lastExitExpected = true;
  /** Process groups of children started so far; what is left of them is stopped at shutdown. */
  readonly pgids = new Set<number>();
  private readonly io: ChildIo;
  private readonly health: ProcessHealth | null;
  /** listen= and ready= (monitor extensions): sockets bound once, readiness before RUNNING. */
  private readonly activation: ProgramActivation | null;
  private settledWaiters: (() => void)[] = [];

  constructor(
    readonly spec: ProcessSpec,
    private readonly ctx: ProcessContext,
  ) {
    this.output = createProcessOutput(spec, ctx.place);
    this.io = new ChildIo(this.output);
    this.runner = new ProgramRunner(spec.name, withReadiness(policyOf(spec), spec), {
      spawnOptions: () => this.spawnOptions(),
      onSpawned: (s) => this.spawned(s.pid),
      onPromoted: (pid) => this.pgids.add(pid),
      onSpawnFailed: (e) => this.spawnFailed(e),
      onExit: (pid, status) => this.exited(pid, status),
      onState: (from, to) => this.transition(from, to),
      signalTarget: (signal, escalation) => this.signalTarget(signal, escalation),
    }, ctx.quiet);
    this.health = spec.healthcheck && new ProcessHealth(spec.name, spec.healthcheck, () => this.environment(), this.runner, ctx.log);
    // Binds listen= sockets now; throws SysError (nothing stays open) when one is taken.
    this.activation = activationFor(spec, this.runner, ctx.log);
  }

  get state(): ProcessStateName {
    return this.phase;
  }

  status(): ProcessStatus {
    const pid = this.runner.pid;
    return {
      group: this.spec.group,
      name: this.spec.name,
      state: this.phase,
      start: this.laststart,
      stop: this.laststop,
      pid: pid ?? 0,
      exitstatus: this.exitstatus,
      spawnerr: this.spawnerr,
      stdoutLogfile: this.output.logfile("stdout"),
      stderrLogfile: this.output.logfile("stderr"),
    };
  }

  private env: Record<string, string> | null = null;

  /** The child's environment: monitor's own does not change once it runs, so it is built once. */
  private environment(): Record<string, string> {
    return (this.env ??= childEnvironment(this.spec, process.env, this.ctx.serverUrl));
  }

  private spawnOptions(): SpawnOptions {
    const spec = this.spec;
    this.laststart = now();
    this.spawnerr = "";
    let path: string;
    try {
      path = resolveCommand(spec);
      if (spec.directory && !existsSync(spec.directory)) throw new SysError("chdir", 2, "ENOENT", spec.directory);
    } catch (e) {
      if (e instanceof SysError && e.call === "chdir") this.spawnerr = `couldn't chdir to ${spec.directory}: ENOENT`;
      throw e;
    }
    const fds = this.io.forSpawn();
    const o = spawnOptionsFor(spec, path, this.environment(), fds);
    return asUser(this.activation?.prepare(o) ?? o, spec, this.ctx.groupsOf);
  }

  private spawned(pid: number): void {
    this.io.spawnDone();
    this.pgids.add(pid);
    this.activation?.attach(pid);
    this.health?.spawned();
    this.ctx.log.info(`spawned: '${this.spec.name}' with pid ${pid}`);
  }

  private spawnFailed(e: ExecError | SysError): void {
    this.io.spawnDone();
    this.io.stdin.close();
    this.spawnerr ||= spawnErrorText(e, this.spec);
    this.ctx.log.info(`spawnerr: ${this.spawnerr}`);
  }

  /** Called by the runner before it feeds the exit to the machine: the phase is still the one the child ran in. */
  private exited(pid: number, status: ExitStatus): void {
    this.activation?.exited(pid, status);
    // A reload's old child (replaced by a standby) is not the process's exit.
    if (pid !== this.runner.state.pid) return;
    this.laststop = now();
    this.io.stdin.close();
    this.output.exited();
    const r = reportExit(this.spec, this.phase, status, this.laststop - this.laststart);
    this.exitstatus = r.exitstatus;
    if (r.spawnerr !== undefined) this.spawnerr = r.spawnerr;
    if (r.expected !== undefined) this.lastExitExpected = r.expected;
    this.ctx.log[r.level](r.line);
  }

  private transition(from: ProcessState, to: ProcessState): void {
    this.phase = to;
    const name = this.spec.name;
    // supervisord's backoff count: up by one per failed start, reset by RUNNING or a fresh start.
    if (to === "BACKOFF") this.tries++;
    else if (to === "RUNNING" || (to === "STARTING" && from !== "BACKOFF")) this.tries = 0;
    if (to === "RUNNING") {
      const why = this.spec.ready ? "process is ready" : `process has stayed up for > than ${this.spec.startSecsMs / 1000} seconds (startsecs)`;
      this.ctx.log.info(`success: ${name} entered RUNNING state, ${why}`);
    } else if (to === "FATAL") {
      this.ctx.log.info(`gave up: ${name} entered FATAL state, too many start retries too quickly`);
    }
    this.health?.stateChanged(from, to);
    this.activation?.stateChanged(to);
    this.ctx.changed(this, from);
    if (STOPPED_STATES.has(to) && !this.runner.state.spawnPending) for (const wake of this.settledWaiters.splice(0)) wake();
  }

  private signalTarget(signal: number, escalation: boolean): StopTarget {
    const { spec, runner } = this;
    const target = stopTarget(spec, signal, escalation, runner.state.paused);
    if (escalation) this.ctx.log.warn(`killing '${spec.name}' (${runner.pid}) with SIGKILL`);
    else if (target !== "none") this.ctx.log.debug(`killing ${spec.name} (pid ${runner.pid}) ${target === "group" ? "process group " : ""}with signal ${signalName(signal)}`);
    return target;
  }

  start(): void {
    this.runner.start();
  }

  stop(): void {
    this.runner.stop();
  }

  signal(signal: number): boolean {
    this.ctx.log.debug(`sending ${this.spec.name} (pid ${this.runner.pid}) sig ${signalName(signal)}`);
    return this.runner.signalChild(signal);
  }

  /** Zero-downtime restart on the same sockets (SPEC 6); false when the old child kept running. */
  reload(): Promise<boolean> {
    return this.activation?.reload() ?? Promise.resolve(false);
  }

  writeStdin(data: Uint8Array): Promise<void> {
    return this.io.stdin.write(data);
  }

  /** Resolves once the process is in a stopped state (STOPPED, EXITED, FATAL) with no start pending. */
  whenSettled(): Promise<void> {
    if (STOPPED_STATES.has(this.phase) && !this.runner.state.spawnPending) return Promise.resolve();
    return new Promise((r) => this.settledWaiters.push(r));
  }

  /** The process is gone from the engine (group removed, monitor exiting); resolves once its sockets are closed. */
  async close(): Promise<void> {
    this.runner.clearTimers();
    this.health?.close();
    for (const wake of this.settledWaiters.splice(0)) wake();
    await Promise.all([this.io.close(), this.activation?.close()]);
  }
}
