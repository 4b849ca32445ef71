// PROGRAM lookup as execvp(3) does it: a name with a slash is used as is;
// otherwise each PATH entry is tried, and a file found but not executable
// (EACCES) is remembered so the error is 126, not 127.
import { accessSync, constants as fsc, statSync } from "node:fs";
import { isAbsolute, join } from "node:path";
import { constants } from "node:os";
import { ExecError } from "../errors.ts";

const DEFAULT_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

function probe(path: string): "ok" | "missing" | "denied" {
  let st;
  try {
    // Most PATH entries do not have it: no exception for those (a throw costs twice the stat).
    st = statSync(path, { throwIfNoEntry: false });
  } catch {
    return "missing";
  }
  if (!st) return "missing";
  if (st.isDirectory()) return "denied";
  try {
    accessSync(path, fsc.X_OK);
    return "ok";
  } catch {
    return "denied";
  }
}

export function resolveProgram(program: string, pathVar: string | undefined): string {
  if (program === "") throw new ExecError(program, 127, constants.errno.ENOENT, "ENOENT");
  if (program.includes("/")) {
    const r = probe(program);
    if (r === "missing") throw new ExecError(program, 127, constants.errno.ENOENT, "ENOENT");
    if (r === "denied") throw new ExecError(program, 126, constants.errno.EACCES, "EACCES");
    return program;
  }
  let denied = false;
  for (const dir of (pathVar ?? DEFAULT_PATH).split(":")) {
    const candidate = `${dir === "" ? "." : dir}/${program}`;
    const r = probe(candidate);
    if (r === "ok") return candidate;
    if (r === "denied") denied = true;
  }
  if (denied) throw new ExecError(program, 126, constants.errno.EACCES, "EACCES");
  throw new ExecError(program, 127, constants.errno.ENOENT, "ENOENT");
}

/** PROGRAM as the child's exec sees it: a relative path with a slash is taken
 *  from the child's directory (`--cwd`), as `cd DIR && ./prog` or `env -C DIR` would. */
export function programInDirectory(program: string, cwd: string | undefined): string {
  return cwd !== undefined && program.includes("/") && !isAbsolute(program) ? join(cwd, program) : program;
}
