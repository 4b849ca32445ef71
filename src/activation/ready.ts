// How a child says it is ready (`--ready`), one channel per start:
// - notify: NOTIFY_SOCKET, sd_notify(3)'s READY=1 (plus STATUS=, WATCHDOG=1,
//   STOPPING=1, reported as they come);
// - fd:N: s6's notification fd: the child writes a newline to fd N, the
//   write end of a pipe; monitor then closes its read end, as s6-supervise does;
// - DURATION: ready once the child has run that long.
import { UsageError } from "../errors.ts";
import { closeFd, duplicateAbove, makePipe, readAvailable } from "../sys/libc.ts";
import { parseDuration } from "../cli/values.ts";
import { watchInput } from "./input-watch.ts";
import { HIGH_FD } from "./listen.ts";
import { readNotifyReport } from "./notify-message.ts";
import type { NotifyDirectory } from "./notify.ts";

export type ReadySpec = { readonly kind: "notify" } | { readonly kind: "fd"; readonly fd: number } | { readonly kind: "delay"; readonly ms: number };

export function parseReadySpec(value: string, option = "--ready"): ReadySpec {
  if (value === "notify") return { kind: "notify" };
  const fd = /^fd:(\d+)$/.exec(value);
  if (fd) {
    const n = Number(fd[1]);
    // 0-2 are the child's stdio; the kernel's default RLIMIT_NOFILE is 1024.
    if (n < 3 || n > 1023) throw new UsageError(`${option}: '${value}' needs a descriptor from 3 to 1023 (0-2 are stdio)`);
    return { kind: "fd", fd: n };
  }
  if (/^\d/.test(value)) return { kind: "delay", ms: parseDuration(value, option) };
  throw new UsageError(`${option}: '${value}' is not notify, fd:N or a duration (e.g. 2s)`);
}

/** What one start's child said, as it says it. */
export interface ReadyReports {
  ready(): void;
  /** WATCHDOG=1 */
  ping(): void;
  /** WATCHDOG=trigger */
  trigger(): void;
  status(text: string): void;
  stopping(): void;
  /** The channel ended without readiness (fd:N closed before a newline). */
  silent(why: string): void;
}

export interface ReadyChannel {
  /** Added to the child's environment. */
  readonly env: Readonly<Record<string, string>>;
  /** Child fd -> monitor fd. */
  readonly fds: ReadonlyMap<number, number>;
  /** The child was spawned: drop monitor's copy of the child's end, start listening or timing. */
  begin(reports: ReadyReports): void;
  close(): void;
}

export function openReadyChannel(spec: ReadySpec, notify: NotifyDirectory): ReadyChannel {
  if (spec.kind === "delay") {
    let timer: Timer | undefined;
    return { env: {}, fds: new Map(), begin: (r) => (timer = setTimeout(() => r.ready(), spec.ms)), close: () => clearTimeout(timer) };
  }
  if (spec.kind === "notify") {
    let reports: ReadyReports | undefined;
    const early: Array<() => void> = [];
    const socket = notify.open((fields) => {
      const m = readNotifyReport(fields);
      const deliver = () => {
        if (m.status !== undefined) reports!.status(m.status);
        if (m.ready) reports!.ready();
        if (m.ping) reports!.ping();
        if (m.trigger) reports!.trigger();
        if (m.stopping) reports!.stopping();
      };
      if (reports) deliver();
      else early.push(deliver);
    });
    return {
      env: { NOTIFY_SOCKET: socket.path },
      fds: new Map(),
      begin: (r) => {
        reports = r;
        for (const f of early.splice(0)) f();
      },
      close: () => socket.close(),
    };
  }
  return openNotificationFd(spec.fd);
}

function openNotificationFd(target: number): ReadyChannel {
  const [readEnd, low] = makePipe();
  const writeEnd = duplicateAbove(low, HIGH_FD);
  closeFd(low);
  let reading = true;
  let writing = true;
  let unwatch = () => {};
  const stop = () => {
    unwatch();
    if (reading) closeFd(readEnd);
    reading = false;
  };
  const dropWriteEnd = () => {
    if (writing) closeFd(writeEnd);
    writing = false;
  };
  const buf = new Uint8Array(512);
  return {
    env: {},
    fds: new Map([[target, writeEnd]]),
    begin: (r) => {
      // Only the child holds the write end now, so its exit is our end of file.
      dropWriteEnd();
      unwatch = watchInput(readEnd, () => {
        while (reading) {
          const n = readAvailable(readEnd, buf);
          if (n === null) return;
          if (n === 0) {
            stop();
            return r.silent(`closed fd ${target} without writing a newline`);
          }
          if (buf.subarray(0, n).includes(10)) {
            stop();
            return r.ready();
          }
        }
      });
    },
    close: () => {
      stop();
      dropWriteEnd();
    },
  };
}
