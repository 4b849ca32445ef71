// --pidfile=PATH: monitor's pid in PATH, held with flock(2) for as long as
// monitor runs. The lock, not the pid in the file, says whether a live
// monitor holds it: the kernel drops it when its holder dies however it dies
// (even SIGKILL), so a file left behind is stale and taken over, and a pid
// reused by another process since is never mistaken for a monitor.
import { closeSync, constants, fstatSync, ftruncateSync, lstatSync, openSync, readFileSync, unlinkSync, writeSync } from "node:fs";
import { RuntimeError, UsageError } from "../errors.ts";
import { tryLockExclusive } from "../sys/libc.ts";

export interface HeldPidfile {
  readonly path: string;
  /** The pid found in a stale file that was taken over, if any. */
  readonly stalePid: number | undefined;
  /** Remove the file (when it is still ours) and drop the lock. */
  release(): void;
}

function openFile(path: string): number {
  try {
    // Bun opens close-on-exec, so no child inherits the lock.
    return openSync(path, constants.O_RDWR | constants.O_CREAT, 0o644);
  } catch (e) {
    const code = (e as { code?: string }).code ?? String(e);
    throw new RuntimeError(`--pidfile: cannot open ${path}: ${code}`);
  }
}

function pidIn(path: string): number | undefined {
  try {
    const m = /^\s*(\d+)\s*$/.exec(readFileSync(path, "latin1"));
    return m ? Number(m[1]) : undefined;
  } catch {
    return undefined;
  }
}

/** Take PATH for `pid`, or throw RuntimeError (status 1) when a live monitor holds it. */
export function takePidfile(path: string, pid = process.pid): HeldPidfile {
  if (path === "") throw new UsageError("--pidfile: empty path");
  const fd = openFile(path);
  if (!tryLockExclusive(fd)) {
    closeSync(fd);
    const holder = pidIn(path);
    throw new RuntimeError(`--pidfile: ${path} is held by a running monitor${holder === undefined ? "" : ` (pid ${holder})`}`);
  }
  const stalePid = pidIn(path);
  ftruncateSync(fd, 0);
  writeSync(fd, `${pid}\n`, 0);
  const { ino } = fstatSync(fd);
  let held = true;
  return {
    path,
    stalePid: stalePid === pid ? undefined : stalePid,
    release() {
      if (!held) return;
      held = false;
      try {
        // Only our own file: someone may have removed it and another monitor taken the name.
        if (lstatSync(path).ino === ino) unlinkSync(path);
      } catch {
        // already gone
      }
      closeSync(fd);
    },
  };
}
