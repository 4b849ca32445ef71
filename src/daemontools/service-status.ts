// What supervise/status says about a service, derived from the machine's
// state and the want the control letters asked for, and what each control
// letter asks of the machine. Pure: the supervisor feeds and writes.
//
// daemontools keeps `want` as its own flags (flagwant, flagwantup): set by
// DIR/down at start and by the letters u, d and o, never by the service's
// exits. Kept the same way here, so a `svc -o` service that has exited still
// reads "want none" and a later `svc -d` still reads "want down".
import type { Event, MachineState } from "../policy/types.ts";
import type { ControlEvent } from "./control.ts";
import type { ServiceStatus, Want } from "./status-file.ts";
import { tai64nFromMillis, type Tai64n } from "./tai64n.ts";

/** What one control letter means for the service. */
export interface ControlOutcome {
  want?: Want;
  /** An event for the machine (u, d, o). */
  event?: Event;
  /** A signal for the service's process itself (p c h a i t k, as daemontools' kill(pid, ...)). */
  signal?: number;
  /** x: leave once the service is down. */
  exit?: true;
}

export function outcomeOf(control: ControlEvent): ControlOutcome {
  switch (control.type) {
    case "up":
      return { want: "up", event: { type: "start" } };
    case "once":
      return { want: "none", event: { type: "start", once: true } };
    case "down":
      return { want: "down", event: { type: "stop" } };
    case "pause":
    case "continue":
    case "signal":
      return { signal: control.signal };
    case "exit":
      return { exit: true };
  }
}

/** The want of a freshly opened directory: down when DIR/down exists (not started), up otherwise. */
export function initialWant(normallyUp: boolean): Want {
  return normallyUp ? "up" : "down";
}

/**
 * The status to write now. `changedAt` moves only when the pid does (a start
 * or an exit), as daemontools' pidchange(); the paused flag is only shown
 * while there is a pid. runit's two extra bytes: TERM sent while stopping,
 * and run / down.
 */
export function statusOf(m: MachineState, want: Want, last: { pid: number; changedAt: Tai64n }, nowMs: number): ServiceStatus {
  const pid = m.pid ?? 0;
  return {
    changedAt: pid === last.pid ? last.changedAt : tai64nFromMillis(nowMs),
    pid,
    paused: pid !== 0 && m.paused,
    want,
    runit: { termSent: pid !== 0 && m.phase === "STOPPING", state: pid !== 0 ? "run" : "down" },
  };
}

export function sameStatus(a: ServiceStatus, b: ServiceStatus): boolean {
  return (
    a.pid === b.pid &&
    a.paused === b.paused &&
    a.want === b.want &&
    a.changedAt.seconds === b.changedAt.seconds &&
    a.changedAt.nanoseconds === b.changedAt.nanoseconds &&
    a.runit?.termSent === b.runit?.termSent &&
    a.runit?.state === b.runit?.state
  );
}
