// How a detached monitor (--daemon) tells the command that started it how
// its first start went: one line on an inherited pipe, `running` or
// `exit N`, sent once. The codec is a pure pair; the channel is a module
// state so main.ts can report an early exit without loading libc.
import { closeSync, writeSync } from "node:fs";

/** Names the report fd in the detached monitor's environment; removed before anything is spawned. */
export const REPORT_VAR = "MONITOR_DAEMON_REPORT";
/** Where the report pipe lands in the detached monitor: fd 3 is the one Bun leaves open across exec. */
export const REPORT_FD = 3;

export type StartReport = { readonly kind: "running" } | { readonly kind: "exit"; readonly status: number };

export function packReport(r: StartReport): string {
  return r.kind === "running" ? "running\n" : `exit ${r.status}\n`;
}

/** The first complete line, or undefined (none yet, or not a report). */
export function unpackReport(text: string): StartReport | undefined {
  const line = text.split("\n", 2);
  if (line.length < 2) return undefined;
  if (line[0] === "running") return { kind: "running" };
  const m = /^exit (\d{1,3})$/.exec(line[0]!);
  return m && Number(m[1]) <= 255 ? { kind: "exit", status: Number(m[1]) } : undefined;
}

let reportFd: number | undefined;

/** True in a monitor started by --daemon (the marker survives its quiet re-exec until taken). */
export function isDetachedChild(): boolean {
  return process.env[REPORT_VAR] !== undefined || reportFd !== undefined;
}

/** The channel, once report-channel.ts has moved it off fd 3. */
export function useReportFd(fd: number): void {
  reportFd = fd;
}

/** Say how the first start went, once. False when there was nobody (left) to tell. */
export function reportStart(r: StartReport): boolean {
  if (reportFd === undefined) return false;
  const fd = reportFd;
  reportFd = undefined;
  try {
    writeSync(fd, packReport(r));
  } catch {
    // the caller is gone (it was killed): nobody to tell
  }
  closeSync(fd);
  return true;
}
