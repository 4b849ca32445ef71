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
import { throughShim } from "../../shim/through-shim.ts";
import { signalName } from "../../cli/values.ts";
import { SIGNALS } from "../../sys/signals.ts";
import type { SpawnOptions } from "../../sys/spawn.ts";
import type { ProcessState } from "../../policy/types.ts";
import type { ExitStatus } from "../../sys/wait-status.ts";
import type { ProcessStateName, ProcessStatus } from "../backend.ts";
import { STOPPED_STATES } from "../backend.ts";
import type { ProcessSpec } from "../config.ts";
import { ChildStdin } from "./child-stdin.ts";
import { createProcessOutput, type OutputPlace, type ProcessOutput } from "./child-output.ts";
import { policyOf } from "./policy-of.ts";
import { ProcessHealth } from "./process-health.ts";
import { childEnvironment, resolveCommand, spawnErrorText } from "./spawn-plan.ts";
import { ProgramActivation, readinessPolicy } from "../../activation/program-activation.ts";
import { parseListenAddress } from "../../activation/address.ts";
import { DEFAULT_READY_TIMEOUT_MS } from "../../activation/options.ts";

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

/** supervisord's decode_wait_status text: `exit status 1`, `terminated by SIGTERM`. */
export function exitText(s: ExitStatus): string {
  return "code" in s ? `exit status ${s.code}` : `terminated by ${signalName(s.signal)}`;
}

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
  private readonly stdin = new ChildStdin();
  private readonly health: ProcessHealth | null;
  /** listen= and ready= (monitor extensions): sockets bound once, readiness before RUNNING. */
  private readonly activation: ProgramActivation | null;
  private afterSpawn: () => void = () => {};
  private settledWaiters: (() => void)[] = [];

  constructor(
    readonly spec: ProcessSpec,
    private readonly ctx: ProcessContext,
  ) {
    this.output = createProcessOutput(spec, ctx.place);
    this.health = spec.healthcheck && new ProcessHealth(spec.healthcheck, () => this.environment(), { result: (ok, why) => this.healthResult(ok, why) });
    const ready = spec.ready ?? undefined;
    const readyTimeoutMs = ready && ready.kind !== "delay" ? DEFAULT_READY_TIMEOUT_MS : undefined;
    this.runner = new ProgramRunner(spec.name, readinessPolicy(policyOf(spec), ready, readyTimeoutMs), {
      spawnOptions: () => this.spawnOptions(),
      onSpawned: (s) => this.spawned(s.pid),
      onPromoted: (pid) => this.pgids.add(pid),
      onSpawnFailed: (e) => this.spawnFailed(e),
      onExit: (pid, status) => this.exited(pid, status),
      onState: (from, to) => this.transition(from, to),
      signalTarget: (signal, escalation) => this.signalTarget(signal, escalation),
    }, ctx.quiet);
    // Binds listen= sockets now; throws SysError (nothing stays open) when one is taken.
    this.activation =
      spec.listen.length || ready
        ? new ProgramActivation(
            {
              name: spec.name,
              log: ctx.log,
              listen: spec.listen.map((a) => parseListenAddress(a.text, `[program:${spec.program}] listen`)),
              ready,
              readyTimeoutMs,
              watchdogMs: undefined,
              startSecsMs: spec.startSecsMs,
              stopSignal: spec.stopSignal,
              stopTimeoutMs: spec.stopWaitMs,
            },
            this.runner,
          )
        : null;
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
    let out: ReturnType<ProcessOutput["forSpawn"]>;
    let input: ReturnType<ChildStdin["forSpawn"]>;
    try {
      out = this.output.forSpawn();
      input = this.stdin.forSpawn();
    } catch (e) {
      const err = e as NodeJS.ErrnoException;
      throw e instanceof SysError ? e : new SysError("open", err.errno ?? 0, err.code ?? "EIO", err.message);
    }
    this.afterSpawn = () => {
      out.done();
      input.done();
      this.afterSpawn = () => {};
    };
    // spawnChild runs synchronously right after this returns; a reload's standby
    // spawn reports no onSpawned, so the child's ends are also closed just after.
    queueMicrotask(() => this.afterSpawn());
    const o: SpawnOptions = {
      program: path,
      argv0: spec.argv[0]!,
      args: spec.argv.slice(1),
      env: this.environment(),
      fds: new Map([[0, input.fd], ...out.fds]),
      ...(spec.directory !== null && { cwd: spec.directory }),
      ...(spec.umask !== null && { umask: spec.umask }),
    };
    const prepared = this.activation?.prepare(o) ?? o;
    const user = spec.user;
    if (!user || user.uid === process.getuid?.()) return prepared;
    return throughShim(prepared, { user: { uid: user.uid, gid: user.gid, groups: this.ctx.groupsOf(user) } });
  }

  private spawned(pid: number): void {
    this.afterSpawn();
    this.pgids.add(pid);
    this.activation?.attach(pid);
    this.health?.spawned();
    this.ctx.log.info(`spawned: '${this.spec.name}' with pid ${pid}`);
  }

  private spawnFailed(e: ExecError | SysError): void {
    this.afterSpawn();
    this.stdin.close();
    this.spawnerr ||= spawnErrorText(e, this.spec);
    this.ctx.log.info(`spawnerr: ${this.spawnerr}`);
  }

  /** Called by the runner before it feeds the exit to the machine: the phase is still the one the child ran in. */
  private exited(pid: number, status: ExitStatus): void {
    this.activation?.exited(pid, status);
    // A reload's old child (replaced by a standby) is not the process's exit.
    if (pid !== this.runner.state.pid) return;
    const spec = this.spec;
    this.laststop = now();
    this.stdin.close();
    const es = "code" in status ? status.code : -1;
    const expected = "code" in status && spec.exitCodes.includes(status.code);
    const tooQuickly = this.phase === "STARTING" && this.laststop - this.laststart < spec.startSecsMs / 1000;
    if (this.phase === "STOPPING") {
      this.exitstatus = es;
      const line = `stopped: ${spec.name} (${exitText(status)})`;
      if (expected) this.ctx.log.info(line);
      else this.ctx.log.warn(line);
    } else if (tooQuickly) {
      this.exitstatus = 0; // supervisord: None
      this.spawnerr = "Exited too quickly (process log may have details)";
      this.ctx.log.warn(`exited: ${spec.name} (${exitText(status)}; not expected)`);
    } else {
      this.exitstatus = es;
      this.lastExitExpected = expected;
      if (!expected) this.spawnerr = `Bad exit code ${es}`;
      const line = `exited: ${spec.name} (${exitText(status)}; ${expected ? "expected" : "not expected"})`;
      if (expected) this.ctx.log.info(line);
      else this.ctx.log.warn(line);
    }
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

  private signalTarget(signal: number, escalation: boolean): "group" | "child" | "none" {
    const spec = this.spec;
    if (escalation) {
      this.ctx.log.warn(`killing '${spec.name}' (${this.runner.pid}) with SIGKILL`);
      return spec.killAsGroup ? "group" : "child";
    }
    // The machine follows the stop signal with SIGCONT for a stopped child;
    // supervisord does not, so it goes out only when the child is stopped.
    if (signal === SIGNALS.SIGCONT && spec.stopSignal !== SIGNALS.SIGCONT && !this.runner.state.paused) return "none";
    this.ctx.log.debug(`killing ${spec.name} (pid ${this.runner.pid}) ${spec.stopAsGroup ? "process group " : ""}with signal ${signalName(signal)}`);
    return spec.stopAsGroup ? "group" : "child";
  }

  private healthResult(ok: boolean, why: string): void {
    const { phase, paused, healthFailures } = this.runner.state;
    if (ok || phase !== "RUNNING" || paused) {
      if (ok && healthFailures > 0) this.ctx.log.info(`health: ${this.spec.name} passed after ${healthFailures} failed checks`);
      if (ok) this.runner.feed({ type: "health", ok: true });
      return;
    }
    const retries = this.spec.healthcheck!.retries;
    const n = healthFailures + 1;
    this.ctx.log.warn(`health: ${this.spec.name} failed (${n} of ${retries}): ${why}${n >= retries ? "; stopping it" : ""}`);
    this.runner.feed({ type: "health", ok: false });
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
    return this.stdin.write(data);
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
    this.stdin.close();
    this.output.close();
    for (const wake of this.settledWaiters.splice(0)) wake();
    await this.activation?.close();
  }
}
