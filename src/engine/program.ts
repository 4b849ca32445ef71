// One supervised program: feeds events to the pure machine and carries out
// the actions it returns (spawn, signal the group, arm timers, roll back).
// The same runner serves single-program mode, supervisord programs and
// daemontools services; what differs is passed in as hooks.
import { ExecError, SysError } from "../errors.ts";
import type { Log } from "../log.ts";
import { initialState, step } from "../policy/machine.ts";
import type { Action, Event, MachineState, PolicyConfig, ProcessState, TimerName } from "../policy/types.ts";
import { signalGroup } from "../sys/libc.ts";
import { watchChild } from "../sys/reaper.ts";
import { SIGNALS } from "../sys/signals.ts";
import { spawnChild, type SpawnOptions, type Spawned } from "../sys/spawn.ts";
import { describeExit, type ExitStatus } from "../sys/wait-status.ts";

export interface ProgramHooks {
  /** The spawn options for the next start (env, fds, ... may change between starts). */
  spawnOptions(): SpawnOptions;
  onSpawned?(s: Spawned): void;
  /** A reload's standby became the program's child (promote). */
  onPromoted?(pid: number): void;
  onExit?(pid: number, status: ExitStatus): void;
  onState?(from: ProcessState, to: ProcessState, reason: string): void;
  /** After each step that changed the machine's state (pid, phase, paused, ...), once its actions are done. */
  onChange?(state: MachineState): void;
  /** The program will not start again (unless `start` is fed). */
  onDone?(status: ExitStatus): void;
  /** Answer a rollback request: true when the backup was put in place. */
  rollback?(): boolean;
  /** A start failed before a child existed (not found, not executable, posix_spawn refused); it counts as a failed start. */
  onSpawnFailed?(e: ExecError | SysError): void;
  /**
   * Where the machine's stop signal goes, and (escalation) the SIGKILL after the
   * stop timeout: supervisord's stopasgroup / killasgroup. "none" skips it.
   * Default: the child's whole group.
   */
  signalTarget?(signal: number, escalation: boolean): "group" | "child" | "none";
}

export class ProgramRunner {
  state: MachineState;
  /** The current child's pid (= its pgid), or null. */
  pid: number | null = null;
  /** The last child's group, kept after its exit for clean-up. */
  lastPgid: number | null = null;
  restarts = 0;
  private timers = new Map<TimerName, Timer>();
  private queue: Event[] = [];
  private busy = false;
  /** One-shot replacement for the next stop signal (a forwarded shutdown signal). */
  private stopSignalOverride: { signal: number; target: "group" | "child" } | null = null;

  constructor(
    readonly name: string,
    readonly policy: PolicyConfig,
    readonly hooks: ProgramHooks,
    readonly log: Log,
  ) {
    this.state = initialState(policy);
  }

  get phase(): ProcessState {
    return this.state.phase;
  }

  /** `once`: run it one time, do not restart it (daemontools' `svc -o`). */
  start(once = false): void {
    this.feed(once ? { type: "start", once } : { type: "start" });
  }

  /** Ask the program to stop; `via` replaces the stop signal (a forwarded TERM, say). */
  stop(via?: { signal: number; target: "group" | "child" }): void {
    this.stopSignalOverride = via ?? null;
    this.feed({ type: "stop" });
  }

  /** Feed one event; actions are carried out in order, re-entrant feeds are queued. */
  feed(event: Event): void {
    this.queue.push(event);
    if (this.busy) return;
    this.busy = true;
    try {
      while (this.queue.length) {
        const e = this.queue.shift()!;
        const before = this.state;
        const r = step(this.policy, before, e);
        this.state = r.state;
        for (const a of r.actions) this.perform(a);
        if (r.state !== before) this.hooks.onChange?.(r.state);
      }
    } finally {
      this.busy = false;
    }
  }

  private perform(a: Action): void {
    switch (a.type) {
      case "spawn":
        return this.spawn();
      case "signal": {
        const via = this.stopSignalOverride;
        this.stopSignalOverride = null;
        if (this.pid === null) return;
        if (via) return void (via.target === "child" ? this.signalChild(via.signal) : this.signalOwnGroup(via.signal));
        this.deliver(a.signal, this.hooks.signalTarget?.(a.signal, false) ?? "group");
        return;
      }
      case "kill-group":
        if (this.pid !== null) {
          const target = this.hooks.signalTarget?.(SIGNALS.SIGKILL, true) ?? "group";
          this.log.warn(`${this.name}: still running after the stop timeout; SIGKILL to ${target === "group" ? "group" : "pid"} ${this.pid}`);
          this.deliver(SIGNALS.SIGKILL, target);
        }
        return;
      case "arm": {
        clearTimeout(this.timers.get(a.timer));
        const t = setTimeout(() => {
          this.timers.delete(a.timer);
          this.feed({ type: "timer", timer: a.timer });
        }, a.ms);
        this.timers.set(a.timer, t);
        return;
      }
      case "cancel":
        clearTimeout(this.timers.get(a.timer));
        this.timers.delete(a.timer);
        return;
      case "rollback": {
        const ok = this.hooks.rollback?.() ?? false;
        queueMicrotask(() => this.feed({ type: ok ? "rollback-done" : "rollback-refused" }));
        return;
      }
      case "done":
        this.hooks.onDone?.(a.status);
        return;
      case "state":
        if (a.to === "STARTING" && a.from !== "STOPPED") this.restarts++;
        this.hooks.onState?.(a.from, a.to, a.reason);
        return;
    }
  }

  private spawn(): void {
    let s: Spawned;
    try {
      s = spawnChild(this.hooks.spawnOptions());
    } catch (e) {
      // A posix_spawn that failed for want of resources (EAGAIN, ENOMEM) is a
      // failed start as well: one program's trouble never takes monitor down.
      if (!(e instanceof ExecError || e instanceof SysError)) throw e;
      this.log.error(`${this.name}: ${e.message}`);
      this.hooks.onSpawnFailed?.(e);
      this.queue.push({ type: "spawn-failed", status: e instanceof ExecError ? e.status : 126, at: Date.now() });
      return;
    }
    const pid = s.pid;
    this.pid = pid;
    this.lastPgid = pid;
    this.watch(pid);
    this.log.info(`${this.name}: started pid ${pid}`);
    this.hooks.onSpawned?.(s);
    this.queue.push({ type: "spawned", pid, at: Date.now() });
  }

  /** Every child of this program, standbys included, is watched the same way: its exit goes to
   *  hooks.onExit and to the machine, which ignores the exit of a pid it does not follow. */
  private watch(pid: number): void {
    watchChild(pid, {
      onExit: (status) => {
        if (this.pid === pid) this.pid = null;
        this.log.info(`${this.name}: pid ${pid} exited (${describeExit(status)})`);
        this.hooks.onExit?.(pid, status);
        this.feed({ type: "exited", status, at: Date.now(), pid });
      },
      onStopContinue: (w) => {
        this.log.debug(`${this.name}: pid ${pid} ${w.kind}`);
        if (this.pid !== pid) return; // a standby's pause is not the program's
        this.feed({ type: w.kind === "stopped" ? "child-stopped" : "child-continued" });
      },
    });
  }

  /** A second child on the next start's spawn options, outside the machine: a reload's standby.
   *  It never takes the terminal at spawn (promote() hands it over). Throws ExecError. */
  spawnStandby(): Spawned {
    const s = spawnChild({ ...this.hooks.spawnOptions(), foregroundFd: undefined });
    this.watch(s.pid);
    this.log.info(`${this.name}: started standby pid ${s.pid}`);
    return s;
  }

  /** The standby `pid` takes over from the RUNNING child. False when the machine refused it
   *  (the program is no longer RUNNING: the reload lost a race with an exit or a stop). */
  promote(pid: number): boolean {
    this.feed({ type: "replaced", pid, at: Date.now() });
    if (this.state.pid !== pid) return false;
    this.pid = pid;
    this.lastPgid = pid;
    this.hooks.onPromoted?.(pid);
    return true;
  }

  private deliver(signal: number, target: "group" | "child" | "none"): void {
    if (target === "child") this.signalChild(signal);
    else if (target === "group") this.signalOwnGroup(signal);
  }

  /** Send to the child's group (pgid = its pid). */
  signalOwnGroup(signal: number): boolean {
    return this.pid !== null && signalGroup(this.pid, signal);
  }

  signalChild(signal: number): boolean {
    if (this.pid === null) return false;
    try {
      process.kill(this.pid, signal);
      return true;
    } catch {
      return false;
    }
  }

  /** Drop every timer (monitor is exiting). */
  clearTimers(): void {
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
  }
}

export function exitDescription(s: ExitStatus): string {
  return describeExit(s);
}
