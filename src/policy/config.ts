// Defaults (SPEC section 2) and checks for a PolicyConfig. Front-ends pass what
// the user gave; a value the machine cannot honour is a UsageError naming it.
import { constants } from "node:os";
import { UsageError } from "../errors.ts";
import type { PolicyConfig } from "./types.ts";

export const DEFAULT_POLICY: PolicyConfig = {
  restart: "on-failure",
  exitCodes: [0],
  startSecsMs: 1000,
  backoffMs: 1000,
  backoffFactor: 2,
  backoffMaxMs: 60_000,
  maxRetries: Infinity,
  stopSignal: constants.signals.SIGTERM,
  stopTimeoutMs: 10_000,
  healthRetries: 0,
  rollback: false,
};

function requireAtLeast(field: string, value: number, min: number, allowInfinity: boolean): void {
  const ok = value === Infinity ? allowInfinity : Number.isFinite(value) && value >= min;
  if (!ok) throw new UsageError(`policy ${field}: ${value} is not a number >= ${min}${allowInfinity ? " (or unlimited)" : ""}`);
}

/** Fill defaults, then check every field; throws UsageError naming the first bad one. */
export function resolvePolicyConfig(given: Partial<PolicyConfig> = {}): PolicyConfig {
  const config: PolicyConfig = { ...DEFAULT_POLICY, ...given };
  if (!["on-failure", "always", "never"].includes(config.restart)) {
    throw new UsageError(`policy restart: '${config.restart}' is not one of on-failure, always, never`);
  }
  if (config.backoffGrowth !== undefined && !["exponential", "linear"].includes(config.backoffGrowth)) {
    throw new UsageError(`policy backoffGrowth: '${config.backoffGrowth}' is not one of exponential, linear`);
  }
  for (const code of config.exitCodes) {
    if (!Number.isInteger(code) || code < 0 || code > 255) throw new UsageError(`policy exitCodes: ${code} is not an exit code (0-255)`);
  }
  requireAtLeast("startSecsMs", config.startSecsMs, 0, false);
  requireAtLeast("backoffMs", config.backoffMs, 0, false);
  requireAtLeast("backoffFactor", config.backoffFactor, 1, false);
  requireAtLeast("backoffMaxMs", config.backoffMaxMs, 0, false);
  requireAtLeast("maxRetries", config.maxRetries, 1, true);
  requireAtLeast("stopSignal", config.stopSignal, 1, false);
  requireAtLeast("stopTimeoutMs", config.stopTimeoutMs, 0, true);
  requireAtLeast("healthRetries", config.healthRetries ?? 0, 0, false);
  if (config.restartDelayMs !== undefined) requireAtLeast("restartDelayMs", config.restartDelayMs, 0, false);
  if (!Number.isInteger(config.maxRetries) && config.maxRetries !== Infinity) {
    throw new UsageError(`policy maxRetries: ${config.maxRetries} is not a whole number`);
  }
  return config;
}
