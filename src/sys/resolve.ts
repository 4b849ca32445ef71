// PROGRAM lookup as execvp(3) does it: a name with a slash is used as is;
// otherwise each PATH entry is tried, and a file found but not executable
// (EACCES) is remembered so the error is 126, not 127. A relative name with a
// slash is probed from `cwd` when given: the child changes directory before
// it executes, so that is where the kernel will look (daemontools' ./run).
import { accessSync, constants as fsc, statSync } from "node:fs";
import { resolve } from "node:path";
import { constants } from "node:os";
import { ExecError } from "../errors.ts";

const DEFAULT_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

function probe(path: string): "ok" | "missing" | "denied" {
  let st;
  try {
    st = statSync(path);
  } catch {
    return "missing";
  }
  if (st.isDirectory()) return "denied";
  try {
    accessSync(path, fsc.X_OK);
    return "ok";
  } catch {
    return "denied";
  }
}

export function resolveProgram(program: string, pathVar: string | undefined, cwd?: string): string {
  if (program === "") throw new ExecError(program, 127, constants.errno.ENOENT, "ENOENT");
  if (program.includes("/")) {
    const r = probe(cwd === undefined ? program : resolve(cwd, program));
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
