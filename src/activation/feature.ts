// Socket activation, readiness, the watchdog and reloads as a single-mode
// feature: a thin layer over ProgramActivation (which `serve` programs use
// the same way), plus the reload signal, which is then not forwarded.
import type { Feature, FeatureModule } from "../engine/feature.ts";
import { ACTIVATION_OPTIONS, type ActivationConfig, parseActivationOptions } from "./options.ts";
import { ProgramActivation, readinessPolicy } from "./program-activation.ts";

export const activationFeature: FeatureModule = {
  options: ACTIVATION_OPTIONS,
  create(options) {
    const config = parseActivationOptions(options);
    return config && createActivationFeature(config);
  },
};

function createActivationFeature(config: ActivationConfig): Feature {
  let program: ProgramActivation | undefined;
  return {
    name: "activation",
    policy: (p) => readinessPolicy(p, config.ready, config.readyTimeoutMs),
    setup({ config: core, log, runner }) {
      program = new ProgramActivation(
        { name: core.program, log, ...config, startSecsMs: core.startSecsMs, stopSignal: core.stopSignal, stopTimeoutMs: core.stopTimeoutMs },
        runner,
      );
    },
    spawnOptions: (o) => program!.prepare(o),
    onSpawned: (s) => program!.attach(s.pid),
    onExit: (pid, status) => program?.exited(pid, status),
    onState: (_from, to) => program?.stateChanged(to),
    claimedSignals: config.reloadSignal === undefined ? [] : [config.reloadSignal],
    onSignal(signal) {
      if (signal !== config.reloadSignal || !program) return false;
      void program.reload();
      return true;
    },
    teardown: () => program?.close(),
  };
}
