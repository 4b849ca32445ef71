// --backup=PATH (SPEC 2, Rollback): PROGRAM is hashed at each start and the
// hash of the last version that reached RUNNING is kept. When the machine has
// spent the retries (exec failures count: they are failed starts) it asks for
// a rollback; the backup goes in place when decideRollback agrees, and the
// machine starts again with a fresh count. A content that failed is
// remembered and never put back.
import { statSync } from "node:fs";
import { resolve } from "node:path";
import { ExecError, UsageError } from "../errors.ts";
import { programInDirectory, resolveProgram } from "../sys/resolve.ts";
import type { Feature, FeatureContext, FeatureModule } from "./feature.ts";
import { hashFile, shortHash } from "./file-hash.ts";
import { decideRollback, describeRefusal } from "./rollback-decision.ts";
import { swapInBackup } from "./rollback-swap.ts";

export const rollbackFeature: FeatureModule = {
  options: [{ name: "backup", value: true, arg: "PATH", summary: "roll back to PATH when a new PROGRAM fails --max-retries starts (3 by default then)" }],
  create(options) {
    const backup = options.get("backup")?.[0];
    if (backup === undefined) return undefined;
    if (backup === "") throw new UsageError("--backup: empty path");
    let isDirectory = false;
    try {
      isDirectory = statSync(backup).isDirectory();
    } catch {
      // SPEC 2: the backup need not exist yet; it is looked at when needed.
    }
    if (isDirectory) throw new UsageError(`--backup: '${backup}' is a directory, not a file`);
    return createRollback(resolve(backup));
  },
};

function errorText(e: unknown): string {
  return (e as { code?: string }).code ?? (e instanceof Error ? e.message : String(e));
}

function createRollback(backup: string): Feature {
  let ctx: FeatureContext;
  let program = "";
  let startedHash: string | undefined;
  let lastRunning: string | undefined;
  const failed = new Set<string>();

  // PATH lookup at each start, as the spawn does; a file that cannot be
  // executed any more (126) is still the one at the last path found.
  const locateProgram = () => {
    try {
      const { cwd, env } = ctx.config.child;
      const found = resolveProgram(programInDirectory(ctx.config.program, cwd), env.PATH ?? process.env.PATH);
      program = resolve(cwd ?? process.cwd(), found);
    } catch (e) {
      if (!(e instanceof ExecError)) throw e;
    }
  };
  const hashOrNone = (path: string) => {
    try {
      return hashFile(path);
    } catch (e) {
      ctx.log.warn(`${ctx.config.program}: cannot hash ${path}: ${errorText(e)}`);
      return undefined;
    }
  };

  return {
    name: "rollback",
    policy: (p) => ({ ...p, rollback: true }),
    setup(c) {
      ctx = c;
      locateProgram();
      if (program === backup) throw new UsageError(`--backup: '${backup}' is PROGRAM itself`);
    },
    onState(_from, to) {
      // The hash is taken just before the spawn it describes (the state
      // change comes first in the machine's actions).
      if (to === "STARTING") {
        locateProgram();
        startedHash = hashOrNone(program);
        ctx.log.debug(`${ctx.config.program}: starting ${program} (sha256 ${shortHash(startedHash)})`);
      } else if (to === "RUNNING") {
        lastRunning = startedHash;
      }
    },
    rollback() {
      const name = ctx.config.program;
      const now = hashOrNone(program);
      if (startedHash !== undefined && startedHash !== lastRunning) failed.add(startedHash);
      const previous = hashOrNone(`${program}.failed`);
      let backupHash: string | undefined;
      try {
        backupHash = hashFile(backup);
      } catch (e) {
        ctx.log.warn(`${name}: no rollback: cannot read ${backup}: ${errorText(e)}`);
        return false;
      }
      const verdict = decideRollback({
        program: now,
        lastRunning,
        backup: backupHash,
        failed: previous === undefined ? failed : new Set([...failed, previous]),
      });
      if (!verdict.roll) {
        ctx.log.warn(`${name}: no rollback: ${describeRefusal(verdict.refusal, program, backup)}`);
        return false;
      }
      let kept: string;
      try {
        kept = swapInBackup(program, backup);
      } catch (e) {
        ctx.log.error(`${name}: rollback of ${program} failed: ${errorText(e)}`);
        return false;
      }
      ctx.log.warn(
        `${name}: rolled back: ${program} (sha256 ${shortHash(now)}) failed ${ctx.runner.state.failures} consecutive starts; ` +
          `${backup} (sha256 ${shortHash(backupHash)}) is now ${program}; the failed version is kept as ${kept}`,
      );
      return true;
    },
  };
}
