// supervisorctl's exit statuses (supervisorctl.py): LSB init-script codes for
// actions, LSB status codes for `status`. The last assignment wins, so a
// multi-name command exits with the code of its last problem.
import { Faults } from "../supervisord/faults.ts";

export const LSB = {
  SUCCESS: 0,
  GENERIC: 1,
  INVALID_ARGS: 2,
  UNIMPLEMENTED_FEATURE: 3,
  INSUFFICIENT_PRIVILEGES: 4,
  NOT_INSTALLED: 5,
  NOT_RUNNING: 7,
} as const;

/** `status` only: 3 when a listed process is in a stopped state, 4 when a name is unknown or the server is down. */
export const LSB_STATUS = { NOT_RUNNING: 3, UNKNOWN: 4 } as const;

const DEAD_PROGRAM_FAULTS: ReadonlySet<number> = new Set([Faults.SPAWN_ERROR, Faults.ABNORMAL_TERMINATION, Faults.NOT_RUNNING]);

/** set_exitstatus_from_xmlrpc_fault: unchanged for SUCCESS (and the ignored code), 7 for a dead program, else 1. */
export function statusForFault(current: number, faultCode: number, ignored?: number): number {
  if (faultCode === ignored || faultCode === Faults.SUCCESS) return current;
  return DEAD_PROGRAM_FAULTS.has(faultCode) ? LSB.NOT_RUNNING : LSB.GENERIC;
}
