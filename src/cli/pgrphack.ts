// `monitor pgrphack PROGRAM [ARGS...]`: daemontools' pgrphack. Starts a new
// session (so a new process group) and becomes PROGRAM in place. As in
// daemontools a failed setsid is ignored: a process that already leads its
// group (every service monitor supervises) is in a group of its own anyway.
// 100 for bad usage, 111 when PROGRAM cannot be run, with daemontools' words.
import { writeSync } from "node:fs";
import { describeErrorCode } from "../daemontools/error-text.ts";
import { ExecError } from "../errors.ts";
import { execProgram } from "../sys/exec-program.ts";
import { startSession } from "../sys/libc.ts";

export async function run(argv: string[]): Promise<number> {
  const [program, ...args] = argv;
  if (program === undefined || program === "") {
    writeSync(2, "pgrphack: usage: pgrphack child\n");
    return 100;
  }
  startSession();
  try {
    execProgram(program, [program, ...args], { ...process.env } as Record<string, string>);
  } catch (e) {
    if (!(e instanceof ExecError)) throw e;
    writeSync(2, `pgrphack: fatal: unable to run ${program}: ${describeErrorCode(e.code)}\n`);
  }
  return 111;
}
