// Reports from the engine's own checks: timers, health results, readiness,
// rollback replies. Each branch is labelled with its transition.
import { beginStop, markRunning, startChild } from "./outcomes.ts";
import type { StepDraft } from "./step-draft.ts";
import type { TimerName } from "./types.ts";

export function onTimer(d: StepDraft, timer: TimerName): void {
  // A fire for a timer not held armed raced a cancel: ignore it.
  if (!d.isArmed(timer)) return;
  d.disarm(timer);
  const { phase, pid } = d.state;
  if (timer === "start-secs" && phase === "STARTING" && pid !== null) {
    markRunning(d, "up for startSecs"); // STARTING -> RUNNING
  } else if (timer === "backoff" && phase === "BACKOFF") {
    startChild(d, "back-off elapsed"); // BACKOFF -> STARTING
  } else if (timer === "backoff" && phase === "EXITED") {
    startChild(d, "restart delay elapsed"); // EXITED -> STARTING
  } else if (timer === "stop-timeout" && phase === "STOPPING" && pid !== null) {
    d.emit({ type: "kill-group" }); // STOPPING: SIGKILL to the group, still waiting for the exit
  } else if (timer === "ready-timeout" && phase === "STARTING" && pid !== null) {
    // STARTING -> STOPPING: not ready in time (systemd's TimeoutStartSec); the exit is a failed start
    beginStop(d, "not-ready", `not ready after ${d.config.readyTimeoutMs} ms`);
  }
}

export function onHealth(d: StepDraft, ok: boolean): void {
  const retries = d.config.healthRetries ?? 0;
  // Only a RUNNING child is judged; a paused one (SIGSTOP) cannot answer.
  if (retries <= 0 || d.state.phase !== "RUNNING" || d.state.paused) return;
  if (ok) {
    // A passed check proves the start good: both counts start over.
    if (d.state.healthFailures > 0 || d.state.failures > 0) d.set({ healthFailures: 0, failures: 0 });
    return;
  }
  const healthFailures = d.state.healthFailures + 1;
  d.set({ healthFailures });
  // RUNNING -> STOPPING: unhealthy; the exit then counts as a failure
  if (healthFailures >= retries) beginStop(d, "unhealthy", `${healthFailures} consecutive failed health checks`);
}

export function onReady(d: StepDraft, from: number | undefined): void {
  const { phase, pid } = d.state;
  if (!d.config.needsReady || phase !== "STARTING" || pid === null) return;
  if (from !== undefined && from !== pid) return; // a report about another child (an old one, a standby)
  markRunning(d, "ready"); // STARTING -> RUNNING
}

/** The watchdog's verdict on the RUNNING child: stop its group; the exit counts as a failure, as unhealthy. */
export function onUnresponsive(d: StepDraft, reason: string, from: number | undefined): void {
  const { phase, pid, paused } = d.state;
  // A paused child (SIGSTOP) cannot ping; it is judged again once continued.
  if (phase !== "RUNNING" || pid === null || paused) return;
  if (from !== undefined && from !== pid) return;
  beginStop(d, "unresponsive", reason); // RUNNING -> STOPPING
}

export function onRollbackReply(d: StepDraft, rolledBack: boolean): void {
  if (!d.state.awaitingRollback) return;
  d.set({ awaitingRollback: false });
  if (rolledBack) {
    d.set({ failures: 0 });
    startChild(d, "rolled back to the backup"); // BACKOFF -> STARTING
  } else {
    d.go("FATAL", `${d.state.failures} consecutive failed starts; no rollback`); // BACKOFF -> FATAL
    d.done(d.state.lastStatus ?? { code: 1 });
  }
}
