// HOOK POINT for event listeners ([eventlistener:x]) and metrics: everything
// the engine does that supervisord turns into an event, as plain data.
//   process-state     -> PROCESS_STATE_<to> (from, tries for STARTING/BACKOFF,
//                        expected for EXITED, pid for RUNNING/STOPPING/EXITED)
//   supervisor-state  -> SUPERVISOR_STATE_CHANGE_RUNNING / _STOPPING
//   group-added/removed -> PROCESS_GROUP_ADDED / _REMOVED
//   remote-communication -> REMOTE_COMMUNICATION (supervisor.sendRemoteCommEvent)
// Subscribe with engine.events.on(listener). Output (PROCESS_LOG_STDOUT /
// _STDERR, and an [eventlistener:x]'s READY / RESULT on its stdout) is heard
// per process with `p.output.listen(channel, fn)` for p of engine.processes();
// events go to a listener's stdin with `p.writeStdin(bytes)`. TICK_* are
// timers of the listener module's own. Listeners are called synchronously, in
// the order things happened; one that throws is logged and the others still run.
import type { ProcessStateName, ProcessStatus } from "../backend.ts";

export type EngineEvent =
  | {
      readonly kind: "process-state";
      readonly process: ProcessStatus;
      readonly from: ProcessStateName;
      /** Failed starts in a row (supervisord's `tries`). */
      readonly tries: number;
      /** For EXITED: whether the exit code was one of exitcodes. */
      readonly expected: boolean;
    }
  | { readonly kind: "supervisor-state"; readonly state: "RUNNING" | "STOPPING" }
  | { readonly kind: "group-added" | "group-removed"; readonly group: string }
  | { readonly kind: "remote-communication"; readonly type: string; readonly data: string };

export class EngineEvents {
  private readonly listeners = new Set<(e: EngineEvent) => void>();

  constructor(private readonly onListenerError: (e: unknown) => void = () => {}) {}

  on(listener: (e: EngineEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit(e: EngineEvent): void {
    for (const l of [...this.listeners]) {
      try {
        l(e);
      } catch (err) {
        this.onListenerError(err);
      }
    }
  }
}
