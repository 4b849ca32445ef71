// The only caller of wait4(2). On every SIGCHLD it drains
// wait4(-1, WNOHANG | WUNTRACED | WCONTINUED) and hands each status to whoever
// spawned that pid; anything else that reaches monitor (an orphan reparented
// to PID 1 or a subreaper) is reaped and counted.
import { libc } from "./libc.ts";
import { decodeWaitStatus, type ExitStatus, type WaitStatus } from "./wait-status.ts";

const WNOHANG = 1;
const WUNTRACED = 2;
const WCONTINUED = 8;

export interface ChildWatch {
  onExit(status: ExitStatus): void;
  /** SIGSTOP/SIGCONT seen on the child: never an exit. */
  onStopContinue?(w: WaitStatus): void;
}

const watches = new Map<number, ChildWatch>();
// Exits of pids not (yet) watched: a spawner registers right after
// posix_spawn returns, but keep a few in case a drain runs in between.
const early = new Map<number, number>();
const EARLY_MAX = 256;

export const reaperStats = { orphansReaped: 0 };

let installed = false;
const statusBuf = new Int32Array(1);

/** Start reaping (idempotent). */
export function startReaper(): void {
  if (installed) return;
  installed = true;
  process.on("SIGCHLD", drainChildren);
}

/** Reap everything that is ready now. Returns how many were reaped. */
export function drainChildren(): number {
  let reaped = 0;
  for (;;) {
    const pid = libc.wait4(-1, statusBuf, WNOHANG | WUNTRACED | WCONTINUED, null) as number;
    if (pid <= 0) break; // 0: children remain, none ready; -1: ECHILD (none at all)
    const raw = statusBuf[0]!;
    const watch = watches.get(pid);
    // WIFSTOPPED / WIFCONTINUED: a pause, never an exit.
    if ((raw & 0xff) === 0x7f || raw === 0xffff) {
      watch?.onStopContinue?.(decodeWaitStatus(raw));
      continue;
    }
    reaped++;
    if (watch) {
      watches.delete(pid);
      watch.onExit(exitStatusOf(raw));
    } else {
      // An orphan (as PID 1 or subreaper), or a spawn not watched yet: only
      // counted, and decoded if someone asks for it. Cheap on purpose: a
      // container's PID 1 may inherit thousands at once.
      reaperStats.orphansReaped++;
      if (early.size >= EARLY_MAX) early.clear();
      early.set(pid, raw);
    }
  }
  return reaped;
}

function exitStatusOf(raw: number): ExitStatus {
  const w = decodeWaitStatus(raw);
  return w.kind === "exited" ? { code: w.code } : { signal: (w as { signal: number }).signal };
}

/** Ask to be told when `pid` (spawned by the caller) exits. */
export function watchChild(pid: number, watch: ChildWatch): void {
  const raw = early.get(pid);
  if (raw !== undefined) {
    early.delete(pid);
    reaperStats.orphansReaped--; // it was ours after all
    const done = exitStatusOf(raw);
    queueMicrotask(() => watch.onExit(done));
    return;
  }
  watches.set(pid, watch);
}

/** Promise form of watchChild. */
export function waitForExit(pid: number): Promise<ExitStatus> {
  return new Promise((resolve) => watchChild(pid, { onExit: resolve }));
}

export function watchedCount(): number {
  return watches.size;
}
