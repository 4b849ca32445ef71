// Nothing monitor started outlives it: once every process is stopped, what is
// left of their process groups gets the stop signal, then SIGKILL after
// stopwaitsecs, and then any other descendant (monitor serve is a child
// subreaper, so a grandchild that left its group with setsid is still ours)
// gets TERM, then KILL. supervisord itself leaves those running.
import type { Log } from "../../log.ts";
import { findStragglers, stopStragglers } from "../../engine/leftovers.ts";
import { groupAlive, stopGroup } from "../../engine/stop-group.ts";
import { SIGNALS } from "../../sys/signals.ts";
import type { SupervisedProcess } from "../engine/process.ts";

const STRAGGLER_GRACE_MS = 2000;

export async function stopLeftovers(processes: readonly SupervisedProcess[], log: Log): Promise<void> {
  const waits: Promise<unknown>[] = [];
  for (const p of processes) {
    for (const pgid of p.pgids) {
      if (!groupAlive(pgid)) continue;
      log.warn(`stopping what is left of ${p.spec.name}'s process group ${pgid}`);
      waits.push(stopGroup(pgid, p.spec.stopSignal, Date.now() + p.spec.stopWaitMs));
    }
    p.pgids.clear();
  }
  await Promise.all(waits);
  const stragglers = findStragglers(new Set(), 0, true);
  await stopStragglers(stragglers, SIGNALS.SIGTERM, STRAGGLER_GRACE_MS, log);
}
