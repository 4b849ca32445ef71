// A supervisord process's settings as the pure machine's policy. supervisord
// retries a failed start `startretries` times (so startretries+1 spawns in
// all) whatever autorestart says, waiting 1 s, 2 s, 3 s... between them;
// after a run that reached RUNNING it restarts at once. monitor's extension:
// startretries=-1 retries forever, with exponential back-off capped at
// backoff_max. An essential process is never restarted by the machine: an
// unexpected exit shuts everything down instead, and the engine restarts an
// expected one itself when autorestart=true.
import type { PolicyConfig } from "../../policy/types.ts";
import type { ProcessSpec } from "../config.ts";

/** setTimeout's ceiling (2^31-1 ms): a longer delay would fire at once. */
const MAX_DELAY_MS = 2 ** 31 - 1;

export function policyOf(spec: ProcessSpec): PolicyConfig {
  const b = spec.backoff;
  const backoff =
    b.kind === "linear"
      ? { backoffGrowth: "linear" as const, backoffMs: b.stepMs, backoffFactor: 1, backoffMaxMs: MAX_DELAY_MS }
      : { backoffGrowth: "exponential" as const, backoffMs: b.firstMs, backoffFactor: b.factor, backoffMaxMs: Math.min(b.maxMs, MAX_DELAY_MS) };
  return {
    restart: spec.essential ? "never" : spec.autorestart,
    exitCodes: spec.exitCodes,
    startSecsMs: spec.startSecsMs,
    ...backoff,
    maxRetries: spec.startRetries < 0 ? Infinity : spec.startRetries + 1,
    stopSignal: spec.stopSignal,
    stopTimeoutMs: spec.stopWaitMs,
    healthRetries: spec.healthcheck?.retries ?? 0,
    rollback: false,
    needsReady: spec.ready !== null,
    restartDelayMs: 0,
    retryFailedStarts: true,
  };
}
