// What each start of a supervisord process is given, as supervisord's
// Subprocess.spawn builds it: the command found in supervisord's own PATH
// (a relative path with a slash is taken from `directory` when set), the
// environment (monitor's own, SUPERVISOR_ENABLED, SUPERVISOR_SERVER_URL,
// SUPERVISOR_PROCESS_NAME, SUPERVISOR_GROUP_NAME, then the configured
// variables), and the spawnerr text supervisord shows when that fails.
import { ExecError, type SysError } from "../../errors.ts";
import { throughShim } from "../../shim/through-shim.ts";
import { programInDirectory, resolveProgram } from "../../sys/resolve.ts";
import type { SpawnOptions } from "../../sys/spawn.ts";
import type { ProcessSpec } from "../config.ts";

/** The path to execute; throws ExecError 127 (not found) or 126 (not executable). */
export function resolveCommand(spec: ProcessSpec, pathVar = process.env.PATH): string {
  return resolveProgram(programInDirectory(spec.argv[0]!, spec.directory ?? undefined), pathVar);
}

export function childEnvironment(spec: ProcessSpec, base: Readonly<Record<string, string | undefined>>, serverUrl: string | null): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(base)) if (v !== undefined) env[k] = v;
  env.SUPERVISOR_ENABLED = "1";
  const url = spec.serverUrl ?? serverUrl;
  if (url) env.SUPERVISOR_SERVER_URL = url;
  env.SUPERVISOR_PROCESS_NAME = spec.name;
  env.SUPERVISOR_GROUP_NAME = spec.group;
  return Object.assign(env, spec.environment);
}

/** Python's repr of a str, as supervisord's messages print names: 'x' (or "x" when it holds a quote). */
function pyRepr(s: string): string {
  return s.includes("'") && !s.includes('"') ? `"${s}"` : `'${s.replace(/\\/g, "\\\\").replace(/'/g, "\\'")}'`;
}

/** spawnerr for a command that cannot be started. */
export function spawnErrorText(e: ExecError | SysError, spec: ProcessSpec): string {
  if (!(e instanceof ExecError)) return `unknown error making dispatchers for ${pyRepr(spec.name)}: ${e.message}`;
  const program = spec.argv[0]!;
  if (e.status === 127) return `can't find command ${pyRepr(program)}`;
  if (e.code === "EISDIR") return `command at ${pyRepr(program)} is a directory`;
  return `command at ${pyRepr(program)} is not executable`;
}

/** The spawn options of one start: PATH resolved already, fds 0-2 given, directory and umask as configured. */
export function spawnOptionsFor(spec: ProcessSpec, path: string, env: Record<string, string>, fds: Map<number, number>): SpawnOptions {
  return {
    program: path,
    argv0: spec.argv[0]!,
    args: spec.argv.slice(1),
    env,
    fds,
    ...(spec.directory !== null && { cwd: spec.directory }),
    ...(spec.umask !== null && { umask: spec.umask }),
  };
}

/** user= other than monitor's own: through the exec shim, which calls setgroups, setgid, setuid, then exec. */
export function asUser(o: SpawnOptions, spec: ProcessSpec, groupsOf: (u: { name: string; gid: number }) => number[]): SpawnOptions {
  const user = spec.user;
  if (!user || user.uid === process.getuid?.()) return o;
  return throughShim(o, { user: { uid: user.uid, gid: user.gid, groups: groupsOf(user) } });
}
