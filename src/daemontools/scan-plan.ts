// One pass of svscan's loop, pure: given the services known so far and what
// the directory holds now, what to start, rename and forget. daemontools
// 0.76's svscan.c, with SPEC section 4's one addition (a subdirectory counts
// only when it has a `run`):
//   - names starting with '.' are skipped; a service is known by its inode
//     (dev, ino), so a renamed directory is the same service;
//   - at most SERVICES are known; a new one beyond that is refused
//     ("running too many services") and tried again on the next pass;
//   - whether SUB/log exists is looked at once, when SUB is first seen;
//   - a known service whose supervisor (or log supervisor) is not running is
//     started again: that is how `svc -x` restarts a supervise;
//   - a directory that went away is left alone while anything of it still
//     runs, and forgotten (its log pipe closed) once nothing does.

/** svscan.c's SERVICES. */
export const MAX_SERVICES = 1000;

export interface ListedService {
  name: string;
  /** `${dev}:${ino}` of the directory. */
  key: string;
}

export interface KnownService {
  name: string;
  hasLog: boolean;
  mainRunning: boolean;
  logRunning: boolean;
}

export interface ScanPlan {
  /** Seen for the first time: make an entry (look at SUB/log), then start it. */
  add: ListedService[];
  /** Known, listed under a new name. */
  rename: ListedService[];
  /** Known and listed, supervisor not running: start it. */
  startMain: string[];
  /** Known and listed, with a log whose supervisor is not running. */
  startLog: string[];
  /** Not listed any more and nothing of it runs: close its pipe, forget it. */
  forget: string[];
  /** New names refused because MAX_SERVICES are known. */
  refused: string[];
}

export function planScan(known: ReadonlyMap<string, KnownService>, listed: readonly ListedService[], max = MAX_SERVICES): ScanPlan {
  const plan: ScanPlan = { add: [], rename: [], startMain: [], startLog: [], forget: [], refused: [] };
  const active = new Set<string>();
  let count = known.size;
  for (const l of listed) {
    if (l.name.startsWith(".") || active.has(l.key)) continue;
    const k = known.get(l.key);
    if (!k) {
      if (count >= max) {
        plan.refused.push(l.name);
        continue;
      }
      count++;
      active.add(l.key);
      plan.add.push(l);
      continue;
    }
    active.add(l.key);
    if (k.name !== l.name) plan.rename.push(l);
    if (!k.mainRunning) plan.startMain.push(l.key);
    if (k.hasLog && !k.logRunning) plan.startLog.push(l.key);
  }
  for (const [key, k] of known) {
    if (!active.has(key) && !k.mainRunning && !k.logRunning) plan.forget.push(key);
  }
  return plan;
}
