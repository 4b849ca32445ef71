// Health checks as a single-mode feature: the scheduler probes while the
// program is RUNNING and each counted result becomes a `health` event; the
// machine stops the group after `retries` failures in a row and restarts it
// per policy. The log says each failure and, at the last one, why the group
// is being stopped.
import { closeSync, openSync } from "node:fs";
import type { SingleConfig } from "../cli/single-options.ts";
import { childEnvironment } from "../child/child-options.ts";
import type { Feature, FeatureContext, FeatureModule } from "../engine/feature.ts";
import { startCommandProbe } from "./command-probe.ts";
import { startHttpProbe } from "./http-probe.ts";
import { HEALTH_OPTIONS, type HealthConfig, parseHealthOptions } from "./options.ts";
import type { RunningProbe } from "./probe.ts";
import { type ProbeReport, ProbeScheduler } from "./scheduler.ts";

export const healthFeature: FeatureModule = {
  options: HEALTH_OPTIONS,
  create(options, core) {
    const config = parseHealthOptions(options);
    return config && createHealthFeature(config, core);
  },
};

function createHealthFeature(config: HealthConfig, core: SingleConfig): Feature {
  let ctx: FeatureContext | undefined;
  let nullFd: number | undefined;
  // Docker's HEALTHCHECK rule: the probe sees the program's environment and
  // directory. Taken at setup, once monitor's re-exec took its own variables out.
  let env: Record<string, string> = {};
  const cwd = core.child.cwd;
  const { probe } = config;
  const startProbe = (): RunningProbe =>
    probe.kind === "cmd"
      ? startCommandProbe({ command: probe.command, timeoutMs: config.timeoutMs, env, cwd, nullFd: nullFd! })
      : startHttpProbe(probe.url, config.timeoutMs);
  const scheduler = new ProbeScheduler(config, startProbe, (r) => ctx && reportProbe(ctx, config, r));
  return {
    name: "health",
    policy: (p) => ({ ...p, healthRetries: config.retries }),
    setup(c) {
      ctx = c;
      env = childEnvironment(core.child);
      if (probe.kind === "cmd") nullFd = openSync("/dev/null", "r+");
    },
    onSpawned: () => scheduler.childSpawned(),
    onState(from, to) {
      if (to === "RUNNING") scheduler.resume();
      else if (from === "RUNNING") scheduler.stop();
    },
    teardown() {
      scheduler.stop();
      if (nullFd !== undefined) closeSync(nullFd);
      nullFd = undefined;
    },
  };
}

function reportProbe({ config: core, log, runner }: FeatureContext, config: HealthConfig, r: ProbeReport): void {
  const name = core.program;
  const { phase, paused, healthFailures } = runner.state;
  if (r.result.ok) {
    if (healthFailures > 0) log.info(`${name}: health check passed after ${healthFailures} failed`);
    else log.debug(`${name}: health check passed`);
    runner.feed({ type: "health", ok: true });
    return;
  }
  const why = r.result.why;
  if (r.inStartPeriod) {
    log.info(`${name}: health check failed in the start period (not counted): ${why}`);
    return;
  }
  // The machine judges only a RUNNING child that is not stopped (SIGSTOP).
  if (phase !== "RUNNING" || paused) {
    log.debug(`${name}: health check failed while ${paused ? "paused" : phase} (not counted): ${why}`);
    return;
  }
  const n = healthFailures + 1;
  if (n >= config.retries) {
    log.warn(`${name}: health check failed ${n === 1 ? "once" : `${n} times`}: ${why}; stopping group ${runner.pid}; this counts as a failed start`);
  } else {
    log.warn(`${name}: health check failed (${n} of ${config.retries}): ${why}`);
  }
  runner.feed({ type: "health", ok: false });
}
