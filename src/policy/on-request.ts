// Requests from users (supervisorctl start/stop, svc -u/-d/-o, SIGTERM to
// monitor) and the job deadline. Each branch is labelled with its transition.
import { beginStop, startChild, stopWithoutChild } from "./outcomes.ts";
import type { StepDraft } from "./step-draft.ts";

export function onStart(d: StepDraft, once: boolean): void {
  const { phase, stopIntent } = d.state;
  switch (phase) {
    case "STOPPED": // STOPPED -> STARTING
    case "EXITED": // EXITED -> STARTING: a pending restart delay is dropped, start now
    case "FATAL": // FATAL -> STARTING: a new start request gets a fresh count
      d.cancel("backoff");
      d.set({ failures: 0, once });
      startChild(d, "start requested");
      return;
    case "STOPPING": // STOPPING: start again once the child is gone (not after a deadline)...
      if (stopIntent === "deadline") return;
      // ...unless the start is `svc -o`: the run going down now was the one run asked for.
      if (once) d.set({ once, stopIntent: stopIntent === "restart" ? "stop" : stopIntent });
      else d.set({ stopIntent: "restart", once });
      return;
    case "STARTING":
    case "RUNNING":
    case "BACKOFF": // already trying: `svc -u` after `svc -o` keeps it up from now on, `svc -o` makes this run the last
      if (d.state.once !== once) d.set({ once });
      return;
  }
}

export function onStop(d: StepDraft): void {
  const { phase, stopIntent, lastStatus } = d.state;
  switch (phase) {
    case "STARTING":
    case "RUNNING": // STARTING|RUNNING -> STOPPING: stop signal, KILL after stopTimeout
      beginStop(d, "stop", "stop requested");
      return;
    case "BACKOFF": // BACKOFF -> STOPPED: no child; drop the retry (or the rollback wait)
      stopWithoutChild(d, "stop requested", lastStatus ?? { code: 0 });
      return;
    case "EXITED": // EXITED -> STOPPED when a restart is pending; otherwise already done
      if (d.isArmed("backoff")) stopWithoutChild(d, "stop requested", lastStatus ?? { code: 0 });
      return;
    case "STOPPING": // STOPPING: a stop overrides a pending restart (or retry); keeps a deadline's 124
      if (stopIntent !== "stop" && stopIntent !== "deadline") d.set({ stopIntent: "stop" });
      return;
    case "STOPPED":
    case "FATAL": // nothing runs, nothing pending
      return;
  }
}

export function onDeadline(d: StepDraft): void {
  const { phase, stopIntent } = d.state;
  switch (phase) {
    case "STARTING":
    case "RUNNING": // STARTING|RUNNING -> STOPPING: stop the group, done 124 when it is gone
      beginStop(d, "deadline", "deadline reached");
      return;
    case "BACKOFF": // BACKOFF -> STOPPED: no child; never restart
      stopWithoutChild(d, "deadline reached", { code: 124 });
      return;
    case "EXITED": // EXITED -> STOPPED when a restart is pending; otherwise already done
      if (d.isArmed("backoff")) stopWithoutChild(d, "deadline reached", { code: 124 });
      return;
    case "STOPPING": // STOPPING: whatever the stop was for, it now ends with 124
      if (stopIntent !== "deadline") d.set({ stopIntent: "deadline" });
      return;
    case "STOPPED":
    case "FATAL": // already done
      return;
  }
}
