// At start-up supervisord removes the AUTO child logs a previous run left in
// childlogdir (names NAME-CHANNEL---IDENTIFIER-XXXXXXXX.log and their rotated
// .N), unless nocleanup=true. Same pattern here.
import { readdirSync, unlinkSync } from "node:fs";
import { join } from "node:path";
import type { Log } from "../../log.ts";

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

export function autoLogPattern(identifier: string): RegExp {
  return new RegExp(`^.+?---${escape(identifier)}-\\S+\\.log\\.?\\d{0,4}$`);
}

export function clearAutoChildLogs(childlogdir: string, identifier: string, log: Log): void {
  let names: string[];
  try {
    names = readdirSync(childlogdir);
  } catch {
    log.warn("Could not clear childlog dir");
    return;
  }
  const re = autoLogPattern(identifier);
  for (const name of names) {
    if (!re.test(name)) continue;
    try {
      unlinkSync(join(childlogdir, name));
    } catch {
      log.warn(`Failed to clean up '${join(childlogdir, name)}'`);
    }
  }
}
