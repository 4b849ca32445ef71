// The command line of the exec shim, `monitor __exec [FLAGS] -- PROGRAM ARGS...`,
// as a codec pair. monitor spawns itself with it when a start needs
// something posix_spawn cannot do before exec (another user; LISTEN_PID, which
// must equal the program's own pid); the shim does it and execs in place.
import { UsageError } from "../errors.ts";

export const SHIM_VERB = "__exec";

export interface ShimUser {
  readonly uid: number;
  readonly gid: number;
  /** Supplementary groups, set with setgroups(2) before setgid and setuid. */
  readonly groups: readonly number[];
}

export interface ShimRequest {
  readonly user?: ShimUser;
  /** Variables (LISTEN_PID, WATCHDOG_PID) set to the shim's own pid, which is the program's after exec. */
  readonly pidVars?: readonly string[];
  /** Descriptors (3 and up) the program must inherit. Bun marks the inherited fds above 3 close-on-exec
   *  when its runtime starts, so the shim clears the flag on these before it execs. */
  readonly keepFds?: readonly number[];
  /** argv[0] for the program; defaults to PROGRAM. */
  readonly argv0?: string;
}

export interface ShimCommand {
  readonly request: ShimRequest;
  readonly program: string;
  readonly args: readonly string[];
}

/** Everything after the verb: flags, `--`, PROGRAM, ARGS. */
export function packShimArgs(c: ShimCommand): string[] {
  const out: string[] = [];
  const { user, pidVars, keepFds, argv0 } = c.request;
  if (user) out.push(`--uid=${user.uid}`, `--gid=${user.gid}`, `--groups=${user.groups.join(",")}`);
  if (pidVars?.length) out.push(`--pid-vars=${pidVars.join(",")}`);
  if (keepFds?.length) out.push(`--keep-fds=${keepFds.join(",")}`);
  if (argv0 !== undefined) out.push(`--argv0=${argv0}`);
  out.push("--", c.program, ...c.args);
  return out;
}

const ID = /^\d{1,10}$/;
const PID_VAR = /^[A-Z_][A-Z0-9_]*$/;

function parseId(flag: string, v: string): number {
  if (!ID.test(v) || Number(v) > 0xfffffffe) throw new UsageError(`${SHIM_VERB}: --${flag}: '${v}' is not an id`);
  return Number(v);
}

export function unpackShimArgs(argv: readonly string[]): ShimCommand {
  const flags = new Map<string, string>();
  let i = 0;
  for (; i < argv.length && argv[i] !== "--"; i++) {
    const m = /^--(uid|gid|groups|argv0|pid-vars|keep-fds)=(.*)$/s.exec(argv[i]!);
    if (!m) throw new UsageError(`${SHIM_VERB}: unknown argument '${argv[i]}'`);
    if (flags.has(m[1]!)) throw new UsageError(`${SHIM_VERB}: --${m[1]} given twice`);
    flags.set(m[1]!, m[2]!);
  }
  const program = argv[i + 1];
  if (i >= argv.length || program === undefined) throw new UsageError(`${SHIM_VERB}: missing -- PROGRAM`);
  const ids = ["uid", "gid", "groups"].filter((f) => flags.has(f));
  if (ids.length !== 0 && ids.length !== 3) throw new UsageError(`${SHIM_VERB}: --uid, --gid and --groups go together`);
  const groupList = flags.get("groups") ?? "";
  const user: ShimUser | undefined = ids.length
    ? {
        uid: parseId("uid", flags.get("uid")!),
        gid: parseId("gid", flags.get("gid")!),
        groups: groupList === "" ? [] : groupList.split(",").map((g) => parseId("groups", g)),
      }
    : undefined;
  const pidVars = (flags.get("pid-vars") ?? "").split(",").filter((v) => v !== "");
  for (const v of pidVars) if (!PID_VAR.test(v)) throw new UsageError(`${SHIM_VERB}: --pid-vars: '${v}' is not a variable name`);
  const keepFds = (flags.get("keep-fds") ?? "").split(",").filter((v) => v !== "").map((v) => {
    if (!/^\d{1,7}$/.test(v) || Number(v) < 3) throw new UsageError(`${SHIM_VERB}: --keep-fds: '${v}' is not a descriptor of 3 or more`);
    return Number(v);
  });
  const request: ShimRequest = {
    ...(user && { user }),
    ...(pidVars.length && { pidVars }),
    ...(keepFds.length && { keepFds }),
    ...(flags.has("argv0") && { argv0: flags.get("argv0")! }),
  };
  return { request, program, args: argv.slice(i + 2) };
}
