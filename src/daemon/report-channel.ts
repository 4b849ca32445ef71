// The detached monitor's side of the report pipe: taken out of the
// environment and off fd 3 (so no child inherits it) before anything is
// spawned, and, once the report is sent, monitor's stderr (the caller's
// until then, so a failed first start is explained where it was typed)
// moved to /dev/null.
import { closeSync, openSync } from "node:fs";
import { closeFd, duplicateAbove, duplicateTo } from "../sys/libc.ts";
import { REPORT_VAR, useReportFd } from "./report.ts";

const HIGH_FD = 100;

export function takeReportChannel(): void {
  const value = process.env[REPORT_VAR];
  if (value === undefined) return;
  delete process.env[REPORT_VAR];
  const fd = Number(value);
  useReportFd(duplicateAbove(fd, HIGH_FD));
  closeFd(fd);
}

/** Nothing more reaches the caller's terminal. */
export function silenceStderr(): void {
  const devNull = openSync("/dev/null", "r+");
  duplicateTo(devNull, 2);
  closeSync(devNull);
}
