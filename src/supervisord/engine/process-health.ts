// healthcheck= for a supervisord process (monitor extension): a shell
// command (exit 0 = healthy) or an http(s):// URL (2xx/3xx), probed every
// healthcheck_interval while the process is RUNNING; after
// healthcheck_retries failures in a row the machine stops it and restarts it
// per autorestart (the stop counts as an unexpected exit).
import { closeSync, openSync } from "node:fs";
import { startCommandProbe } from "../../health/command-probe.ts";
import { startHttpProbe } from "../../health/http-probe.ts";
import type { RunningProbe } from "../../health/probe.ts";
import { ProbeScheduler, type ProbeReport } from "../../health/scheduler.ts";
import type { ProcessState } from "../../policy/types.ts";
import type { HealthCheck } from "../config.ts";
import type { ProgramRunner } from "../../engine/program.ts";
import type { Log } from "../../log.ts";

export class ProcessHealth {
  private readonly scheduler: ProbeScheduler;
  private nullFd: number | null = null;

  constructor(
    private readonly name: string,
    private readonly check: HealthCheck,
    env: () => Readonly<Record<string, string>>,
    private readonly runner: ProgramRunner,
    private readonly log: Log,
  ) {
    const startProbe = (): RunningProbe => {
      if (check.kind === "http") return startHttpProbe(check.url, check.timeoutMs);
      this.nullFd ??= openSync("/dev/null", "r+");
      return startCommandProbe({ command: check.command, timeoutMs: check.timeoutMs, env: env(), nullFd: this.nullFd });
    };
    const report = (r: ProbeReport) => this.result(r.result.ok, r.result.ok ? "" : r.result.why);
    this.scheduler = new ProbeScheduler({ intervalMs: check.intervalMs, startPeriodMs: 0 }, startProbe, report);
  }

  /** A probe's verdict, for the machine; only a RUNNING child that is not paused (SIGSTOP) is judged. */
  private result(ok: boolean, why: string): void {
    const { phase, paused, healthFailures } = this.runner.state;
    if (ok) {
      if (healthFailures > 0) this.log.info(`health: ${this.name} passed after ${healthFailures} failed checks`);
      this.runner.feed({ type: "health", ok: true });
      return;
    }
    if (phase !== "RUNNING" || paused) return;
    const n = healthFailures + 1;
    const retries = this.check.retries;
    this.log.warn(`health: ${this.name} failed (${n} of ${retries}): ${why}${n >= retries ? "; stopping it" : ""}`);
    this.runner.feed({ type: "health", ok: false });
  }

  spawned(): void {
    this.scheduler.childSpawned();
  }

  stateChanged(from: ProcessState, to: ProcessState): void {
    if (to === "RUNNING") this.scheduler.resume();
    else if (from === "RUNNING") this.scheduler.stop();
  }

  close(): void {
    this.scheduler.stop();
    if (this.nullFd !== null) closeSync(this.nullFd);
    this.nullFd = null;
  }
}
