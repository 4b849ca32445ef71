// Socket activation, readiness, watchdog and reloads as a single-mode
// feature: the sockets are bound once at setup, each start goes through
// Activation.prepare/attach, readiness becomes the machine's `ready` event and
// a silent watchdog its `unresponsive` event, and the reload signal starts a
// Reloader instead of being forwarded.
import type { Feature, FeatureContext, FeatureModule } from "../engine/feature.ts";
import { Reloader } from "../engine/reload.ts";
import { signalName } from "../cli/values.ts";
import { Activation } from "./activation.ts";
import { formatListenAddress } from "./address.ts";
import { openListeners } from "./listen.ts";
import { ACTIVATION_OPTIONS, type ActivationConfig, parseActivationOptions } from "./options.ts";

export const activationFeature: FeatureModule = {
  options: ACTIVATION_OPTIONS,
  create(options) {
    const config = parseActivationOptions(options);
    return config && createActivationFeature(config);
  },
};

function createActivationFeature(config: ActivationConfig): Feature {
  let activation: Activation | undefined;
  let reloader: Reloader | undefined;
  return {
    name: "activation",
    policy: (p) => (config.ready ? { ...p, needsReady: true, readyTimeoutMs: config.readyTimeoutMs } : p),
    setup(ctx) {
      activation = openActivation(ctx, config);
      if (config.reloadSignal !== undefined) reloader = openReloader(ctx, config, activation);
    },
    spawnOptions: (o) => activation!.prepare(o),
    onSpawned: (s) => activation!.attach(s.pid),
    onExit(pid, status) {
      activation?.release(pid);
      reloader?.childExited(pid, status);
    },
    onState: (_from, to) => reloader?.stateChanged(to),
    onSignal(signal) {
      if (signal !== config.reloadSignal || !reloader) return false;
      void reloader.reload();
      return true;
    },
    async teardown() {
      await reloader?.close();
      activation?.close();
    },
  };
}

function openActivation({ config: core, log, runner }: FeatureContext, config: ActivationConfig): Activation {
  const name = core.program;
  const listeners = config.listen.length ? openListeners(config.listen) : undefined;
  for (const a of listeners?.bound ?? []) log.info(`${name}: listening on ${formatListenAddress(a)} (${a.name})`);
  return new Activation(
    { name, log, listeners, ready: config.ready, watchdogMs: config.watchdogMs },
    {
      ready: (pid) => runner.feed({ type: "ready", pid }),
      unresponsive(pid, why) {
        if (runner.pid === pid && runner.phase === "RUNNING") log.warn(`${name}: pid ${pid} is unresponsive (${why}); stopping group ${pid} to restart it`);
        runner.feed({ type: "unresponsive", reason: why, pid });
      },
    },
  );
}

function openReloader({ config: core, log, runner }: FeatureContext, config: ActivationConfig, activation: Activation): Reloader {
  log.debug(`${core.program}: ${signalName(config.reloadSignal!)} reloads`);
  return new Reloader({
    name: core.program,
    log,
    runner,
    spawnStandby() {
      const { pid } = runner.spawnStandby();
      activation.attach(pid);
      return pid;
    },
    // Ready as a start is: when the child says so, or (no --ready) once it has run --start-secs.
    whenReady: (pid) => (config.ready ? activation.whenReady(pid) : Bun.sleep(core.startSecsMs)),
    readyTimeoutMs: config.readyTimeoutMs,
    stopSignal: core.stopSignal,
    stopTimeoutMs: core.stopTimeoutMs,
  });
}
