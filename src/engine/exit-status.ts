// monitor's own exit status, in one place: the child's code, 128 + signal,
// 124 for a deadline, then `--remap-exit FROM:TO`.
import { shellStatus, type ExitStatus } from "../sys/wait-status.ts";

export const EXIT_TIMEOUT = 124;

export function finalStatus(s: ExitStatus, remap: ReadonlyMap<number, number>): number {
  const raw = shellStatus(s) & 0xff;
  return remap.get(raw) ?? raw;
}
