// The exec shim's last step: become PROGRAM in place (execve keeps the pid).
// Two things survive execve that Bun set up in the shim and that the program
// must not inherit: ignored dispositions (Bun ignores SIGPIPE and SIGXFSZ)
// and the calling thread's signal mask. Handlers are reset by the kernel.
// PROGRAM is looked up as execvp(3) does, with real execve calls, so the
// status is exact: 127 when nothing was found, 126 when something was found
// but could not be executed (EACCES anywhere on the way, ENOEXEC, ...).
import { readFileSync } from "node:fs";
import { constants } from "node:os";
import { ExecError } from "../errors.ts";
import { clearSignalMask, defaultSignal, errnoName, execute } from "./libc.ts";

// resolve.ts's default, so a shimmed start searches where a direct one does.
const DEFAULT_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
const E = constants.errno;
const S = constants.signals;

/** Signal numbers set in a /proc/PID/status mask line such as `SigIgn:	0000000001001000`. */
export function signalsInMask(hex: string): number[] {
  const bits = BigInt(`0x${hex.trim()}`);
  const out: number[] = [];
  for (let n = 1; n <= 64; n++) if ((bits >> BigInt(n - 1)) & 1n) out.push(n);
  return out;
}

function ignoredSignals(): number[] {
  try {
    const line = /^SigIgn:\s*([0-9a-f]+)$/m.exec(readFileSync("/proc/self/status", "latin1"));
    if (line) return signalsInMask(line[1]!);
  } catch {
    // no /proc in this image: reset what Bun is known to ignore
  }
  return [S.SIGPIPE, S.SIGXFSZ];
}

/** Default dispositions for every ignored signal and an empty mask, as spawnChild gives a direct child. */
export function resetInheritedSignals(): void {
  for (const n of ignoredSignals()) defaultSignal(n);
  clearSignalMask();
}

function candidates(program: string, pathVar: string | undefined): string[] {
  if (program.includes("/")) return [program];
  return (pathVar ?? DEFAULT_PATH).split(":").map((dir) => `${dir === "" ? "." : dir}/${program}`);
}

/** Exec PROGRAM or throw ExecError(127 not found / 126 cannot execute). Never returns. */
export function execProgram(program: string, argv: readonly string[], env: Readonly<Record<string, string>>): never {
  const envp = Object.entries(env).map(([k, v]) => `${k}=${v}`);
  resetInheritedSignals();
  let denied: number | undefined;
  let last: number = E.ENOENT;
  for (const path of program === "" ? [] : candidates(program, env.PATH)) {
    last = execute(path, argv, envp);
    if (last === E.EACCES) denied = last; // execvp: remember, keep searching
    else if (last !== E.ENOENT && last !== E.ENOTDIR) break; // found but unusable
  }
  const errno = last === E.ENOENT || last === E.ENOTDIR ? (denied ?? last) : last;
  const status = errno === E.ENOENT || errno === E.ENOTDIR ? 127 : 126;
  throw new ExecError(program, status, errno, errnoName(errno));
}
