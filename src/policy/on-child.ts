// What the reaper and spawner report about the child. Each branch is
// labelled with its transition; a report about no child we know is ignored.
import { describeExit, exitRunning, failStart, finishStop, markRunning, signalStop } from "./outcomes.ts";
import type { StepDraft } from "./step-draft.ts";
import type { ExitStatus } from "./types.ts";

export function onSpawned(d: StepDraft, pid: number, at: number): void {
  if (!d.state.spawnPending) return;
  d.set({ spawnPending: false, pid, startedAt: at, hasRun: true, paused: false });
  const { config } = d;
  if (d.state.phase === "STOPPING") {
    signalStop(d); // STOPPING: the stop (or deadline) came while the spawn was pending
  } else if (config.needsReady) {
    // STARTING: wait for `ready` (at most readyTimeoutMs, when set)
    if (config.readyTimeoutMs !== undefined) d.arm("ready-timeout", config.readyTimeoutMs);
  } else if (config.startSecsMs <= 0) {
    markRunning(d, "started (startSecs 0)"); // STARTING -> RUNNING
  } else {
    d.arm("start-secs", config.startSecsMs); // STARTING: RUNNING when it fires
  }
}

export function onSpawnFailed(d: StepDraft, code: 126 | 127): void {
  if (!d.state.spawnPending) return;
  const status = { code };
  d.set({ spawnPending: false, lastStatus: status });
  if (d.state.phase === "STOPPING") {
    finishStop(d, status); // STOPPING -> STOPPED (or STARTING for a restart)
  } else if (d.config.giveUpOnFirstExecFailure && !d.state.hasRun) {
    d.go("FATAL", `cannot execute (${code}) at first start`); // STARTING -> FATAL
    d.done(status);
  } else {
    failStart(d, status, `exec failed (${code})`); // STARTING -> BACKOFF|FATAL|EXITED
  }
}

export function onExited(d: StepDraft, status: ExitStatus, at: number, pid: number | undefined): void {
  const { phase, startedAt } = d.state;
  if (d.state.pid === null || (pid !== undefined && pid !== d.state.pid)) return;
  d.set({ pid: null, paused: false, lastStatus: status, healthFailures: 0 });
  const how = describeExit(status);
  switch (phase) {
    case "STARTING": {
      d.cancel("start-secs");
      d.cancel("ready-timeout");
      const ran = at - (startedAt ?? at);
      if (!d.config.needsReady && ran >= d.config.startSecsMs) {
        // STARTING -> RUNNING -> EXITED: the start-secs fire lost the race against the exit
        markRunning(d, "up for startSecs");
        exitRunning(d, status, `exited (${how})`);
      } else {
        failStart(d, status, `exited too quickly (${how} after ${ran} ms)`); // STARTING -> BACKOFF|FATAL|EXITED
      }
      return;
    }
    case "RUNNING": // RUNNING -> EXITED -> (STARTING | restart pending | done)
      exitRunning(d, status, `exited (${how})`);
      return;
    case "STOPPING": // STOPPING -> STOPPED | EXITED | STARTING, per the stop's intent
      d.cancel("stop-timeout");
      finishStop(d, status);
      return;
    default: // no child in other states
      return;
  }
}

/** SIGSTOP/SIGCONT seen on the child: never an exit, never a restart; only remembered. */
export function onChildPaused(d: StepDraft, paused: boolean): void {
  if (d.state.pid === null || d.state.paused === paused) return;
  d.set({ paused });
}

/** RUNNING: a second child, ready, takes over (zero-downtime reload); its run counts from `at`. */
export function onReplaced(d: StepDraft, pid: number, at: number): void {
  // Only a RUNNING child with a known pid can be replaced; a reload racing an exit or a stop loses.
  if (d.state.phase !== "RUNNING" || d.state.pid === null || pid === d.state.pid) return;
  d.set({ pid, startedAt: at, healthFailures: 0, paused: false }); // RUNNING -> RUNNING, new pid
}
