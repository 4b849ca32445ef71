// Back-off delays, pure. monitor multiplies (backoff * factor^(n-1)); factor 1
// gives daemontools' constant 1 s. supervisord waits n seconds after the n-th
// failed start (process.py: delay = now + backoff), which is growth "linear"
// with backoff 1 s. Either way the delay is capped at backoffMax.
import type { PolicyConfig } from "./types.ts";

/** Delay before retrying after `failures` consecutive failed starts (failures >= 1). */
export function computeBackoffDelay(config: PolicyConfig, failures: number): number {
  if (config.backoffMs <= 0) return 0;
  const n = Math.max(1, failures);
  const delay = config.backoffGrowth === "linear" ? config.backoffMs * n : config.backoffMs * config.backoffFactor ** (n - 1);
  // factor^(n-1) overflows to Infinity long before n gets large; `!(a < b)`
  // also catches NaN, so the cap holds whatever the inputs.
  return delay < config.backoffMaxMs ? delay : config.backoffMaxMs;
}

/** Delay before restarting after a run that reached RUNNING: the first delay, not zero. */
export function computeRestartDelay(config: PolicyConfig): number {
  return Math.max(0, Math.min(config.restartDelayMs ?? config.backoffMs, config.backoffMaxMs));
}
