// Taking a service directory as daemontools 0.76's supervise does at start,
// in its order: chdir DIR (checked, not done: one monitor may hold many
// directories), stat DIR/down (present: want down, not started), then
// DIR/supervise/ (supervise-dir.ts) with a first status of pid 0. Every
// failure is fatal for that directory: RuntimeError(111) in supervise's words.
import { RuntimeError } from "../errors.ts";
import { describeErrorCode } from "./error-text.ts";
import { chdirErrorCode, probeNormallyUp } from "./service-dir.ts";
import { initialWant } from "./service-status.ts";
import type { ServiceStatus, Want } from "./status-file.ts";
import { openSuperviseDir, SUPERVISE_SETUP_FAILED, type SuperviseDir } from "./supervise-dir.ts";
import { tai64nFromMillis } from "./tai64n.ts";

export interface TakenServiceDir {
  sdir: SuperviseDir;
  want: Want;
  initial: ServiceStatus;
}

function fatal(message: string): RuntimeError {
  return new RuntimeError(message, SUPERVISE_SETUP_FAILED);
}

export function takeServiceDir(dir: string): TakenServiceDir {
  const chdirError = chdirErrorCode(dir);
  if (chdirError) throw fatal(`unable to chdir to ${dir}: ${describeErrorCode(chdirError)}`);
  const down = probeNormallyUp(dir);
  if (down.errorCode) throw fatal(`unable to stat ${dir}/down: ${describeErrorCode(down.errorCode)}`);
  const want = initialWant(down.normallyUp);
  const initial: ServiceStatus = { changedAt: tai64nFromMillis(Date.now()), pid: 0, paused: false, want };
  // runit's 20-byte layout: its first 18 bytes are daemontools', so both svstat and sv read it.
  return { sdir: openSuperviseDir(dir, initial, "runit"), want, initial };
}
