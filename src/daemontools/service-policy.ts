// The supervision policy of a daemontools service, for the shared machine:
// keep it up (restart whatever the exit), start it again 1 s after it exits
// (SPEC section 4), retry a failed exec every second for ever, and stop it
// with TERM then CONT to its group, never escalating: `svc -d` on a service
// that ignores TERM leaves it up, shown as "want down", as daemontools does.
import { constants } from "node:os";
import { resolvePolicyConfig } from "../policy/config.ts";
import type { PolicyConfig } from "../policy/types.ts";

/** Delay between an exit (or a failed exec) and the next start. */
export const RESTART_DELAY_MS = 1000;

export const SERVICE_POLICY: PolicyConfig = resolvePolicyConfig({
  restart: "always",
  // RUNNING as soon as spawned: daemontools has no notion of a failed start,
  // and no start-secs timer means no timer at all while a service is up.
  startSecsMs: 0,
  backoffMs: RESTART_DELAY_MS,
  backoffFactor: 1,
  backoffMaxMs: RESTART_DELAY_MS,
  restartDelayMs: RESTART_DELAY_MS,
  maxRetries: Infinity,
  stopSignal: constants.signals.SIGTERM,
  stopTimeoutMs: Infinity,
  rollback: false,
});
