// Whether to put the backup in place when a version has spent its retries
// (SPEC 2, Rollback): only a version other than the last one that reached
// RUNNING is rolled back, only to a backup that exists, differs from PROGRAM,
// and holds no content that already failed. Pure: hashes in, verdict out.

export interface RollbackFacts {
  /** sha256 of PROGRAM now; undefined when it is gone. */
  readonly program: string | undefined;
  /** sha256 of the last version that reached RUNNING; undefined when none did yet. */
  readonly lastRunning: string | undefined;
  /** sha256 of the backup; undefined when there is no backup file. */
  readonly backup: string | undefined;
  /** Contents that failed their retries (and PROGRAM.failed's). */
  readonly failed: ReadonlySet<string>;
}

export type RollbackRefusal = "same-as-last-running" | "no-backup" | "same-content" | "already-failed";

export type RollbackVerdict = { readonly roll: true } | { readonly roll: false; readonly refusal: RollbackRefusal };

export function decideRollback(f: RollbackFacts): RollbackVerdict {
  // The version that ran before failing now is no upgrade gone wrong (a
  // database down, a full disk): swapping binaries would not help.
  if (f.program !== undefined && f.program === f.lastRunning) return { roll: false, refusal: "same-as-last-running" };
  if (f.backup === undefined) return { roll: false, refusal: "no-backup" };
  if (f.backup === f.program) return { roll: false, refusal: "same-content" };
  if (f.failed.has(f.backup)) return { roll: false, refusal: "already-failed" };
  return { roll: true };
}

export function describeRefusal(refusal: RollbackRefusal, program: string, backup: string): string {
  switch (refusal) {
    case "same-as-last-running":
      return `${program} is the version that last reached RUNNING`;
    case "no-backup":
      return `${backup} does not exist`;
    case "same-content":
      return `${backup} has the same content as ${program}`;
    case "already-failed":
      return `${backup} holds a version that already failed`;
  }
}
