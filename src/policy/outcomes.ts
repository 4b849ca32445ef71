// The moves several handlers share: start a child, ask the group to stop,
// settle a failed start, settle an exit from RUNNING, finish a stop.
import { constants } from "node:os";
import { computeBackoffDelay, computeRestartDelay } from "./backoff.ts";
import { shouldRestart } from "./restart-policy.ts";
import type { StepDraft } from "./step-draft.ts";
import type { ExitStatus, StopIntent } from "./types.ts";

const { SIGCONT, SIGKILL } = constants.signals;

/** `exit 3` / `signal 9`, for transition reasons. */
export function describeExit(status: ExitStatus): string {
  return "code" in status ? `exit ${status.code}` : `signal ${status.signal}`;
}

/** X -> STARTING: ask the engine for a child. */
export function startChild(d: StepDraft, reason: string): void {
  d.go("STARTING", reason);
  d.set({ spawnPending: true, pid: null, startedAt: null, healthFailures: 0, paused: false, stopIntent: null });
  d.emit({ type: "spawn" });
}

/** With health checks, RUNNING alone does not prove a start good: a child that
 *  is up for startSecs but never answers its probe must still reach FATAL. */
function provenByHealth(d: StepDraft): boolean {
  return (d.config.healthRetries ?? 0) > 0;
}

/** STARTING -> RUNNING: the start succeeded, so the failed-start count starts
 *  over (with health checks: at the first passed check, or a run's own exit). */
export function markRunning(d: StepDraft, reason: string): void {
  d.cancel("start-secs");
  d.cancel("ready-timeout");
  d.go("RUNNING", reason);
  d.set({ healthFailures: 0, ...(!provenByHealth(d) && { failures: 0 }) });
}

/** Stop signal to the group, then SIGCONT so a stopped group can act on it
 *  (daemontools' and s6's `svc -d` send TERM then CONT); SIGKILL after stopTimeout. */
export function signalStop(d: StepDraft): void {
  const signal = d.config.stopSignal;
  d.emit({ type: "signal", signal, target: "group" });
  if (signal !== SIGCONT && signal !== SIGKILL) d.emit({ type: "signal", signal: SIGCONT, target: "group" });
  if (Number.isFinite(d.config.stopTimeoutMs)) d.arm("stop-timeout", d.config.stopTimeoutMs);
}

/** STARTING|RUNNING -> STOPPING. With a spawn still pending, the signal waits for `spawned`. */
export function beginStop(d: StepDraft, intent: StopIntent, reason: string): void {
  d.cancel("start-secs");
  d.cancel("ready-timeout");
  d.go("STOPPING", reason);
  d.set({ stopIntent: intent });
  if (d.state.pid !== null) signalStop(d);
}

/** BACKOFF|EXITED (no child) -> STOPPED: drop pending timers and say done. */
export function stopWithoutChild(d: StepDraft, reason: string, status: ExitStatus): void {
  d.cancelAll();
  d.set({ awaitingRollback: false });
  d.go("STOPPED", reason);
  d.done(status);
}

/** BACKOFF -> FATAL, or ask for a rollback first when a backup is configured. */
export function giveUp(d: StepDraft): void {
  if (d.config.rollback) {
    d.set({ awaitingRollback: true });
    d.emit({ type: "rollback" });
    return;
  }
  d.go("FATAL", `${d.state.failures} consecutive failed starts`);
  d.done(d.state.lastStatus ?? { code: 1 });
}

/** STARTING -> BACKOFF (retry later, or give up) | EXITED (policy says no restart).
 *  Also STOPPING -> the same when monitor stopped the child (unhealthy, unresponsive,
 *  not ready in time): `unexpected`, its exit status says nothing, so retry unless never/once. */
export function failStart(d: StepDraft, status: ExitStatus, why: string, unexpected = false): void {
  const { config } = d;
  const { once } = d.state;
  let retry: boolean;
  if (config.retryFailedStarts) retry = !once; // supervisord: startretries override autorestart
  else if (unexpected) retry = config.restart !== "never" && !once;
  else retry = shouldRestart(config, status, once);
  if (!retry) {
    d.go("EXITED", `${why}; not restarted`);
    d.done(status);
    return;
  }
  const failures = d.state.failures + 1;
  d.set({ failures });
  d.go("BACKOFF", why);
  if (failures >= config.maxRetries) giveUp(d);
  else d.arm("backoff", computeBackoffDelay(config, failures));
}

/** RUNNING -> EXITED (a good run ended: the failed-start count starts over),
 *  then restart per policy after the first delay. */
export function exitRunning(d: StepDraft, status: ExitStatus, reason: string): void {
  d.go("EXITED", reason);
  if (d.state.failures > 0) d.set({ failures: 0 });
  const { config } = d;
  const restart = shouldRestart(config, status, d.state.once);
  if (!restart) {
    d.done(status);
    return;
  }
  const delay = computeRestartDelay(config);
  // EXITED -> STARTING at once, as supervisord does after a good run.
  if (delay === 0) startChild(d, "restart after exit");
  else d.arm("backoff", delay);
}

/** STOPPING -> the end of a stop, once the child is gone (or its spawn failed). */
export function finishStop(d: StepDraft, status: ExitStatus): void {
  const intent = d.state.stopIntent;
  d.set({ stopIntent: null });
  switch (intent) {
    case "deadline": // STOPPING -> STOPPED: job deadline, status 124 as timeout(1)
      d.go("STOPPED", "deadline reached");
      d.done({ code: 124 });
      return;
    case "restart": // STOPPING -> STOPPED -> STARTING: a start arrived while stopping
      d.go("STOPPED", `stopped (${describeExit(status)})`);
      d.set({ failures: 0 });
      startChild(d, "start requested");
      return;
    case "unhealthy": // STOPPING -> BACKOFF | FATAL (rollback) | EXITED (never): a failed start, whatever the exit code
      failStart(d, status, `stopped after ${d.config.healthRetries} failed health checks (${describeExit(status)})`, true);
      return;
    case "unresponsive": // STOPPING -> BACKOFF | FATAL | EXITED: the watchdog's verdict, as unhealthy
      failStart(d, status, `stopped as unresponsive (${describeExit(status)})`, true);
      return;
    case "not-ready": // STOPPING -> BACKOFF | FATAL | EXITED: a failed start
      failStart(d, status, `not ready within ${d.config.readyTimeoutMs} ms (${describeExit(status)})`, true);
      return;
    default: // STOPPING -> STOPPED: stop request
      d.go("STOPPED", `stopped (${describeExit(status)})`);
      d.done(status);
  }
}
