// Reading the scanned directory: every entry not starting with '.' that is a
// directory (symlinks followed, as svscan's stat) and holds a `run`, named by
// its inode. A failed stat is reported and the entry skipped, as svscan does;
// a directory that cannot be read at all skips the whole pass.
//
// An idle scan should cost next to nothing, so a pass reuses the last
// listing while DIR itself has not changed (same mtime and ctime: an entry
// added, removed or renamed changes both), re-examining only the entries
// whose verdict can change without DIR changing: directories without a run
// yet, entries whose stat failed, and symlinks. As in git's racy-index rule,
// a listing taken within a second of DIR's last change is not trusted (file
// times are only as fine as the kernel's coarse clock), so the next pass
// reads everything again.
import { readdirSync, statSync } from "node:fs";
import { describeErrorCode, errorCodeOf } from "./error-text.ts";
import type { ListedService } from "./scan-plan.ts";

/** `changed` is false when the listing is the last one, unchanged: the pass has nothing new to look at. */
export type Listing = { ok: true; services: ListedService[]; changed: boolean } | { ok: false; error: string };

const RACY_MS = 1000;

/** `root/name` as text; the names of `.` are used bare, as svscan (which chdirs there) uses them. */
export function servicePath(root: string, name: string): string {
  return root === "." ? name : `${root}/${name}`;
}

type Verdict = { service: ListedService } | { skip: "final" | "recheck" };

function examine(root: string, name: string, symlink: boolean, warn: (line: string) => void): Verdict {
  const path = servicePath(root, name);
  let st;
  try {
    st = statSync(path);
  } catch (e) {
    const code = errorCodeOf(e);
    // Removed between readdir and stat: DIR's change shows on the next pass.
    if (code === "ENOENT") return { skip: symlink ? "recheck" : "final" };
    warn(`unable to stat ${path}: ${describeErrorCode(code)}`);
    return { skip: "recheck" };
  }
  if (!st.isDirectory()) return { skip: symlink ? "recheck" : "final" };
  try {
    if (!statSync(`${path}/run`, { throwIfNoEntry: false })) return { skip: "recheck" };
  } catch (e) {
    if (errorCodeOf(e) !== "ENOTDIR") warn(`unable to stat ${path}/run: ${describeErrorCode(errorCodeOf(e))}`);
    return { skip: "recheck" };
  }
  return { service: { name, key: `${st.dev}:${st.ino}` } };
}

export class ServiceLister {
  private stamp: string | undefined;
  private trusted = false;
  /** Name -> service, for the entries that qualified. */
  private services = new Map<string, ListedService>();
  /** Entries to examine again on every pass (name -> is a symlink). */
  private recheck = new Map<string, boolean>();
  /** The services in name order, rebuilt only when they change. */
  private listed: ListedService[] = [];

  constructor(readonly root: string) {}

  list(warn: (line: string) => void): Listing {
    let stamp: string;
    try {
      const st = statSync(this.root, { bigint: true });
      stamp = `${st.mtimeNs}:${st.ctimeNs}`;
      if (this.trusted && stamp === this.stamp) return this.revisit(warn);
      this.trusted = Date.now() - Number(st.mtimeNs / 1_000_000n) > RACY_MS;
    } catch (e) {
      return { ok: false, error: `unable to read directory ${this.root}: ${describeErrorCode(errorCodeOf(e))}` };
    }
    let entries;
    try {
      entries = readdirSync(this.root, { withFileTypes: true });
    } catch (e) {
      this.trusted = false;
      return { ok: false, error: `unable to read directory ${this.root}: ${describeErrorCode(errorCodeOf(e))}` };
    }
    this.stamp = stamp;
    this.services.clear();
    this.recheck.clear();
    for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : 1))) {
      if (entry.name.startsWith(".")) continue;
      this.record(entry.name, entry.isSymbolicLink(), warn);
    }
    this.listed = [...this.services.values()];
    return { ok: true, services: this.listed, changed: true };
  }

  private revisit(warn: (line: string) => void): Listing {
    let changed = false;
    for (const [name, symlink] of [...this.recheck]) {
      const before = this.services.get(name)?.key;
      this.services.delete(name);
      this.recheck.delete(name);
      this.record(name, symlink, warn);
      if (this.services.get(name)?.key !== before) changed = true;
    }
    if (changed) this.listed = [...this.services.values()];
    return { ok: true, services: this.listed, changed };
  }

  private record(name: string, symlink: boolean, warn: (line: string) => void): void {
    const v = examine(this.root, name, symlink, warn);
    if ("service" in v) this.services.set(name, v.service);
    // A symlink that qualifies is looked at again too: its target may be replaced.
    if (symlink || ("skip" in v && v.skip === "recheck")) this.recheck.set(name, symlink);
  }
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
