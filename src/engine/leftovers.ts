// What a child leaves behind. Members of its group are stopped with the stop
// signal, then SIGKILL (unless --keep-orphans). At monitor's exit, anything
// that still holds monitor's output pipes and started after the first child
// (the grandchild that left the group: the classic Go exec.Cmd.Wait hang) is
// named in the log and stopped too, as are monitor's own descendants when it
// reaps orphans as PID 1 or a subreaper.
import type { Log } from "../log.ts";
import { sendSignal } from "../sys/libc.ts";
import { allStats, ancestorsOf, descendantsOf, pipeHolders, pipeInode, readStat } from "../sys/proc-tree.ts";
import { SIGNALS } from "../sys/signals.ts";

/** Pipe inodes behind monitor's stdout and stderr, read at start-up. */
export function outputPipes(): Set<number> {
  const out = new Set<number>();
  for (const fd of [1, 2]) {
    const inode = pipeInode(fd);
    if (inode !== undefined) out.add(inode);
  }
  return out;
}

/** Processes started after `since` (clock ticks) that hold our pipes or descend from us. */
export function findStragglers(pipes: ReadonlySet<number>, since: number, includeDescendants: boolean): number[] {
  const self = process.pid;
  const except = ancestorsOf(self);
  const found = new Set<number>();
  if (pipes.size) {
    for (const pid of pipeHolders(pipes, except)) {
      const st = readStat(pid);
      if (st && st.state !== "Z" && st.startTime >= since) found.add(pid);
    }
  }
  if (includeDescendants) {
    const stats = allStats();
    for (const pid of descendantsOf(self, stats)) {
      if (stats.find((s) => s.pid === pid)?.state !== "Z") found.add(pid);
    }
  }
  return [...found];
}

/** Stop stragglers: stop signal, up to `graceMs`, then SIGKILL. */
export async function stopStragglers(pids: number[], stopSignal: number, graceMs: number, log: Log): Promise<void> {
  if (!pids.length) return;
  log.warn(`stopping processes that outlived the child and hold its output or descend from monitor: pid ${pids.join(", ")}`);
  for (const pid of pids) sendSignal(pid, stopSignal);
  const deadline = Date.now() + graceMs;
  let alive = pids;
  while (alive.length && Date.now() < deadline) {
    await Bun.sleep(5);
    alive = alive.filter((pid) => {
      const st = readStat(pid);
      return st !== undefined && st.state !== "Z";
    });
  }
  for (const pid of alive) sendSignal(pid, SIGNALS.SIGKILL);
}
