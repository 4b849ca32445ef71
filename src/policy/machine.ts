// The supervision machine: step(config, state, event) -> { state, actions }.
// Pure and total: every (state x event) cell is handled below or ignored
// (same state object back, no actions). Timers, signals and spawns are
// actions the engine carries out; their outcomes come back as events.
//
//             start      stop       spawned     spawn-failed  exited          timer              health(fail N)  ready     deadline   rollback-*
// STOPPED     STARTING   -          -           -             -               -                  -               -         -          -
// STARTING    -(1)       STOPPING   arm ss /    BACKOFF|      BACKOFF|FATAL|  start-secs:        -               RUNNING   STOPPING   -
//                                   RUNNING(2)  FATAL|EXITED  EXITED(3)       RUNNING                            (needsR)  (124)
// RUNNING     -(1)       STOPPING   -           -             EXITED(4)       -                  STOPPING        -         STOPPING   -
// BACKOFF     -(1)       STOPPED    -           -             -               backoff: STARTING  -               -         STOPPED    STARTING|FATAL
// STOPPING    intent     intent     signal(5)   STOPPED(6)    STOPPED|BACKOFF stop-timeout:      -               -         intent     -
//             restart    stop                                 |STARTING(6)    kill-group                                   124
// EXITED      STARTING   STOPPED(7) -           -             -               backoff: STARTING  -               -         STOPPED(7) -
// FATAL       STARTING   -          -           -             -               -                  -               -         -          -
//
// (1) sets `once` as the start asks (svc -o: this run is the last; svc -u: keep it up). (2) RUNNING at once when startSecs is 0; nothing when needsReady.
// (3) a run >= startSecs goes STARTING -> RUNNING -> EXITED; a shorter one is a failed
//     start: BACKOFF (retry), FATAL / rollback (maxRetries reached), EXITED (no restart).
// (4) then STARTING at once (restart delay 0), a pending restart (timer backoff), or done.
// (5) the stop came while the spawn was pending. (6) per the stop's intent; after
//     an unhealthy, unresponsive or not-ready stop, a failed start whatever the
//     exit status: BACKOFF | FATAL / rollback | EXITED (never).
// (7) only with a restart pending; an EXITED that is done ignores stop and deadline.
// With healthRetries, RUNNING does not reset the failed-start count: a passed
// health check or an exit from RUNNING does, so a child that is up but never
// healthy still reaches FATAL after maxRetries.
// child-stopped / child-continued only set `paused`, in every state with a child.
//
// Readiness and reloads (SPEC 6); every other cell of these columns is ignored:
//             ready(pid)          timer ready-timeout      unresponsive(pid)       replaced(pid)
// STARTING    RUNNING (needsR)    STOPPING (not-ready)     -                       -
// RUNNING     -                   -                        STOPPING (8)            RUNNING, new pid (9)
// STOPPING    -                   -                        -                       -
// (8) not while paused; the exit is a failed start, as after unhealthy.
// (9) the old child's exit (its pid) is then ignored, as every exit of a pid not followed.
// A ready or unresponsive report naming another pid than the child's is ignored.
// A not-ready stop ends as a failed start (BACKOFF | FATAL | EXITED), whatever the exit status.
import { onChildPaused, onExited, onReplaced, onSpawned, onSpawnFailed } from "./on-child.ts";
import { onHealth, onReady, onRollbackReply, onTimer, onUnresponsive } from "./on-report.ts";
import { onDeadline, onStart, onStop } from "./on-request.ts";
import { StepDraft } from "./step-draft.ts";
import type { Event, MachineState, PolicyConfig, StepResult } from "./types.ts";

/** Never started: STOPPED, no child, nothing armed. Send `start` to begin. */
export function initialState(_config: PolicyConfig): MachineState {
  return {
    phase: "STOPPED",
    pid: null,
    spawnPending: false,
    startedAt: null,
    failures: 0,
    lastStatus: null,
    armed: [],
    healthFailures: 0,
    stopIntent: null,
    once: false,
    paused: false,
    awaitingRollback: false,
    hasRun: false,
  };
}

/** Feed one event; get the next state and the actions to carry out, in order. */
export function step(config: PolicyConfig, state: MachineState, event: Event): StepResult {
  const d = new StepDraft(config, state);
  switch (event.type) {
    case "start":
      onStart(d, event.once === true);
      break;
    case "stop":
      onStop(d);
      break;
    case "deadline":
      onDeadline(d);
      break;
    case "spawned":
      onSpawned(d, event.pid, event.at);
      break;
    case "spawn-failed":
      onSpawnFailed(d, event.status);
      break;
    case "exited":
      onExited(d, event.status, event.at, event.pid);
      break;
    case "child-stopped":
    case "child-continued":
      onChildPaused(d, event.type === "child-stopped");
      break;
    case "timer":
      onTimer(d, event.timer);
      break;
    case "health":
      onHealth(d, event.ok);
      break;
    case "ready":
      onReady(d, event.pid);
      break;
    case "unresponsive":
      onUnresponsive(d, event.reason, event.pid);
      break;
    case "replaced":
      onReplaced(d, event.pid, event.at);
      break;
    case "rollback-done":
    case "rollback-refused":
      onRollbackReply(d, event.type === "rollback-done");
      break;
  }
  return d.result();
}

/** The program will not start again without a new `start`: STOPPED, FATAL, or an EXITED with no restart pending. */
export function isSettled(state: MachineState): boolean {
  if (state.phase === "STOPPED" || state.phase === "FATAL") return true;
  return state.phase === "EXITED" && state.armed.length === 0 && !state.spawnPending;
}
