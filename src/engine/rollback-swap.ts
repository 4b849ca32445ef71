// Putting the backup in place: PROGRAM becomes PROGRAM.failed (replacing an
// older one), then the backup is renamed over PROGRAM. rename(2) within one
// file system is atomic, so a start never sees a half-written PROGRAM; across
// file systems (EXDEV) the backup is copied beside PROGRAM, renamed over it,
// and then removed, which comes to the same for the program.
import { chmodSync, copyFileSync, renameSync, statSync, unlinkSync } from "node:fs";

function codeOf(e: unknown): string | undefined {
  return (e as { code?: string }).code;
}

function moveFile(from: string, to: string): void {
  try {
    renameSync(from, to);
    return;
  } catch (e) {
    if (codeOf(e) !== "EXDEV") throw e;
  }
  const temporary = `${to}.rollback-${process.pid}`;
  try {
    copyFileSync(from, temporary);
    renameSync(temporary, to);
  } catch (e) {
    try {
      unlinkSync(temporary);
    } catch {
      // never created
    }
    throw e;
  }
  unlinkSync(from);
}

/** A backup kept without execute bits still has to run: add x wherever r is. */
function ensureExecutable(path: string): void {
  const mode = statSync(path).mode & 0o7777;
  if ((mode & 0o111) === 0) chmodSync(path, mode | ((mode & 0o444) >> 2));
}

/** Returns the path the failed version was kept at. Throws (with PROGRAM put back) when a rename fails. */
export function swapInBackup(program: string, backup: string): string {
  const failed = `${program}.failed`;
  let kept = true;
  try {
    renameSync(program, failed);
  } catch (e) {
    if (codeOf(e) !== "ENOENT") throw e;
    kept = false; // PROGRAM was deleted: nothing to keep
  }
  try {
    moveFile(backup, program);
  } catch (e) {
    if (kept) renameSync(failed, program);
    throw e;
  }
  ensureExecutable(program);
  return failed;
}
