// What daemontools' clients check before they touch supervise/: they chdir
// into DIR and report a failure as "unable to chdir". We do not change
// monitor's working directory (one process, possibly many directories); we
// predict chdir's errno instead: stat follows the same path walk (ENOENT,
// ENOTDIR, EACCES on a parent, ELOOP, ENAMETOOLONG), then DIR itself must be
// a directory we may search.
import { accessSync, constants, statSync } from "node:fs";
import { errorCodeOf } from "./error-text.ts";

/** The errno name chdir(dir) would fail with, or undefined when it would succeed. */
export function chdirErrorCode(dir: string): string | undefined {
  try {
    if (!statSync(dir).isDirectory()) return "ENOTDIR";
    accessSync(dir, constants.X_OK);
    return undefined;
  } catch (e) {
    return errorCodeOf(e) ?? "EIO";
  }
}

/**
 * `DIR/supervise/NAME`, the files supervise keeps. Joined as text, not
 * normalised: the kernel then resolves `DIR` (symlinks and `..` included)
 * exactly as daemontools' chdir(DIR) followed by a relative open does.
 */
export function supervisePath(dir: string, name: "lock" | "control" | "ok" | "status" | "status.new"): string {
  return `${dir}/supervise/${name}`;
}

/** daemontools' "normally up": DIR/down does not exist. Returns the stat errno name on other failures. */
export function probeNormallyUp(dir: string): { normallyUp: boolean; errorCode?: string } {
  try {
    statSync(`${dir}/down`);
    return { normallyUp: false };
  } catch (e) {
    const code = errorCodeOf(e);
    return code === "ENOENT" ? { normallyUp: true } : { normallyUp: false, errorCode: code ?? "EIO" };
  }
}
