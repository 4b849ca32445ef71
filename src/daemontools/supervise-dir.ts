// DIR/supervise/ set up the way daemontools 0.76's supervise sets it up, so
// Debian's svc, svstat and svok (and runit's sv) work against monitor:
//   1. mkdir supervise (0700); an existing one is reused
//   2. lock: opened O_APPEND and held with flock(LOCK_EX|LOCK_NB), so two
//      supervisors (ours or daemontools') never run the same directory
//   3. control FIFO, opened for reading, and once for writing by ourselves so
//      reads see "no data" instead of end-of-file between two svc calls
//   4. the first status, before `ok` exists: svstat opens ok first, then
//      status, and must not find ok without status
//   5. ok FIFO, held open for reading: from then on svok reports "running"
// Everything is released by closing the fds (the lock included).
import { closeSync, constants, mkdirSync, openSync } from "node:fs";
import { RuntimeError } from "../errors.ts";
import { watchInput } from "../activation/input-watch.ts";
import { readAvailable, tryLockExclusive } from "../sys/libc.ts";
import { unpackControl, type ControlEvent } from "./control.ts";
import { describeErrorCode, errorCodeOf } from "./error-text.ts";
import { ensureFifo, openFifoReader, openFifoWriter } from "./fifo.ts";
import { supervisePath } from "./service-dir.ts";
import type { ServiceStatus, StatusLayout } from "./status-file.ts";
import { writeStatus } from "./status-io.ts";

export interface SuperviseDir {
  readonly dir: string;
  /** Rewrite supervise/status (status.new, then rename). */
  writeStatus(status: ServiceStatus): void;
  /** The service directory moved (same inode, new name): later status writes go there. */
  moveTo(dir: string): void;
  /** Deliver each control letter, in order, as an event until close(); a failed read goes to onError. */
  watchControl(onEvent: (event: ControlEvent) => void, onError?: (error: unknown) => void): void;
  /** Release the lock and the FIFOs; once resolved, svok reports "not running". */
  close(): Promise<void>;
}

/** Exit status daemontools' supervise uses for "unable to acquire lock" and other fatal setup errors. */
export const SUPERVISE_SETUP_FAILED = 111;

export function openSuperviseDir(dir: string, initial: ServiceStatus, layout: StatusLayout = "daemontools"): SuperviseDir {
  const fds: number[] = [];
  const attempt = <T>(what: string, act: () => T): T => {
    try {
      return act();
    } catch (e) {
      for (const fd of fds.splice(0)) closeSync(fd);
      throw new RuntimeError(`unable to ${what}: ${describeErrorCode(errorCodeOf(e))}`, SUPERVISE_SETUP_FAILED);
    }
  };
  const hold = (fd: number): number => (fds.push(fd), fd);

  try {
    mkdirSync(`${dir}/supervise`, { mode: 0o700 });
  } catch {
    // Exists already, or cannot be made: opening the lock below says which.
  }
  const lockPath = supervisePath(dir, "lock");
  attempt(`acquire ${lockPath}`, () => hold(openLocked(lockPath)));
  const controlPath = supervisePath(dir, "control");
  const controlFd = attempt(`read ${controlPath}`, () => (ensureFifo(controlPath), hold(openFifoReader(controlPath))));
  attempt(`write ${controlPath}`, () => hold(openFifoWriter(controlPath)));
  attempt(`write ${supervisePath(dir, "status")}`, () => writeStatus(dir, initial, layout));
  const okPath = supervisePath(dir, "ok");
  attempt(`read ${okPath}`, () => (ensureFifo(okPath), hold(openFifoReader(okPath))));

  let unwatch: (() => void) | undefined;
  let closing: Promise<void> | undefined;
  let where = dir;
  // One small buffer per directory: svc writes at most 11 bytes at a time.
  const buf = new Uint8Array(64);
  return {
    get dir() {
      return where;
    },
    moveTo(to) {
      where = to;
    },
    writeStatus: (status) => writeStatus(where, status, layout),
    watchControl(onEvent, onError = (e) => {
      throw e;
    }) {
      if (unwatch || closing) throw new Error(`${controlPath}: already watched or closed`);
      // The kernel signals input on the FIFO (input-watch.ts): no epoll
      // registration, no stream and no wake-up per directory, which is what
      // lets one monitor hold a thousand of them. Our own write end keeps the
      // FIFO from reaching end-of-file between two svc calls.
      unwatch = watchInput(controlFd, () => {
        try {
          for (;;) {
            const n = readAvailable(controlFd, buf);
            if (n === null || n === 0 || closing) return;
            for (const event of unpackControl(buf.subarray(0, n))) onEvent(event);
          }
        } catch (e) {
          if (!closing) onError(e);
        }
      });
    },
    close() {
      // Unwatched before the fd is closed: a closed number can be reused at
      // once by an unrelated open.
      if (!closing) {
        unwatch?.();
        for (const fd of fds.splice(0)) closeSync(fd);
        closing = Promise.resolve();
      }
      return closing;
    },
  };
}

/** supervise/lock opened as daemontools opens it, and locked; a held lock is "temporary failure". */
function openLocked(path: string): number {
  const fd = openSync(path, constants.O_WRONLY | constants.O_CREAT | constants.O_APPEND | constants.O_NONBLOCK, 0o600);
  if (tryLockExclusive(fd)) return fd;
  closeSync(fd);
  throw Object.assign(new Error(`${path}: locked by another supervisor`), { code: "EWOULDBLOCK" });
}
