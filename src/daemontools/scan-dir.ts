// Reading the scanned directory: every entry not starting with '.' that is a
// directory (symlinks followed, as svscan's stat) and holds a `run`, named by
// its inode. A failed stat is reported and the entry skipped, as svscan does;
// a directory that cannot be read at all skips the whole pass.
import { readdirSync, statSync } from "node:fs";
import { describeErrorCode, errorCodeOf } from "./error-text.ts";
import type { ListedService } from "./scan-plan.ts";

export type Listing = { ok: true; services: ListedService[] } | { ok: false; error: string };

/** `root/name` as text; the names of `.` are used bare, as svscan (which chdirs there) uses them. */
export function servicePath(root: string, name: string): string {
  return root === "." ? name : `${root}/${name}`;
}

function exists(path: string): boolean | string {
  try {
    statSync(path);
    return true;
  } catch (e) {
    const code = errorCodeOf(e);
    return code === "ENOENT" || code === "ENOTDIR" ? false : describeErrorCode(code);
  }
}

export function listServices(root: string, warn: (line: string) => void): Listing {
  let names: string[];
  try {
    names = readdirSync(root);
  } catch (e) {
    return { ok: false, error: `unable to read directory ${root}: ${describeErrorCode(errorCodeOf(e))}` };
  }
  const services: ListedService[] = [];
  for (const name of names.sort()) {
    if (name.startsWith(".")) continue;
    const path = servicePath(root, name);
    let st;
    try {
      st = statSync(path, { bigint: true });
    } catch (e) {
      // Removed between readdir and stat: nothing to say.
      if (errorCodeOf(e) !== "ENOENT") warn(`unable to stat ${path}: ${describeErrorCode(errorCodeOf(e))}`);
      continue;
    }
    if (!st.isDirectory()) continue;
    const run = exists(`${path}/run`);
    if (typeof run === "string") warn(`unable to stat ${path}/run: ${run}`);
    if (run !== true) continue;
    services.push({ name, key: `${st.dev}:${st.ino}` });
  }
  return { ok: true, services };
}

/** svscan's flaglog: SUB/log is a directory. A stat failure other than "missing" is reported (and means no log). */
export function hasLogDir(path: string, warn: (line: string) => void): boolean {
  try {
    return statSync(`${path}/log`).isDirectory();
  } catch (e) {
    const code = errorCodeOf(e);
    if (code !== "ENOENT") warn(`unable to stat ${path}/log: ${describeErrorCode(code)}`);
    return false;
  }
}
