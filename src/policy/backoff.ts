// Back-off delays, pure. supervisord waits 1 s, 2 s, 3 s... (linear) between
// failed starts; monitor multiplies instead (backoff * factor^(n-1)), which
// with factor 1 gives daemontools' constant 1 s. Either way it is capped.
import type { PolicyConfig } from "./types.ts";

/** Delay before retrying after `failures` consecutive failed starts (failures >= 1). */
export function computeBackoffDelay(config: PolicyConfig, failures: number): number {
  if (config.backoffMs <= 0) return 0;
  const delay = config.backoffMs * config.backoffFactor ** (Math.max(1, failures) - 1);
  // factor^(n-1) overflows to Infinity long before n gets large; `!(a < b)`
  // also catches NaN, so the cap holds whatever the inputs.
  return delay < config.backoffMaxMs ? delay : config.backoffMaxMs;
}

/** Delay before restarting after a run that reached RUNNING: the first delay, not zero. */
export function computeRestartDelay(config: PolicyConfig): number {
  return Math.max(0, Math.min(config.restartDelayMs ?? config.backoffMs, config.backoffMaxMs));
}
