// Starting children with posix_spawn(3): in a process group of their own, with
// an empty signal mask and every signal at its default disposition (Bun
// ignores SIGPIPE and installs handlers; none of that may leak into a child).
// Every child of monitor starts here, health commands included.
import { ExecError, SysError } from "../errors.ts";
import { checkReturned, cString, cStringArray, errnoName, libc, libcOptional } from "./libc.ts";
import { nativeSpawner, SLOTS } from "./native-spawn.ts";
import { programInDirectory, resolveProgram } from "./resolve.ts";
import { constants } from "node:os";
import { isAbsolute } from "node:path";

const POSIX_SPAWN_SETPGROUP = 0x02;
const POSIX_SPAWN_SETSIGDEF = 0x04;
const POSIX_SPAWN_SETSIGMASK = 0x08;
const POSIX_SPAWN_SETSID = 0x80;

// Generous sizes: glibc's posix_spawnattr_t is 336 bytes, file actions 80,
// sigset_t 128; musl's are smaller.
const ATTR_BYTES = 1024;
const ACTIONS_BYTES = 512;
const SIGSET_BYTES = 256;

export interface SpawnOptions {
  /** PROGRAM as given: looked up in PATH when it has no slash. */
  program: string;
  args: readonly string[];
  /** The child's whole environment. Read once per object: its C strings are kept for the
   *  next spawn given the same object, so a changed environment is a new object. */
  env: Readonly<Record<string, string>>;
  /** Child fd -> monitor fd to dup2 there (0, 1, 2, and 3.. for sockets); unlisted fds are inherited. */
  fds?: ReadonlyMap<number, number>;
  /** "new": own group (pgid = pid, the default); "session": setsid; a number: join that group. */
  group?: "new" | "session" | number;
  cwd?: string;
  umask?: number;
  /** Make the child's group the terminal's foreground group through this fd, before exec. */
  foregroundFd?: number;
  /** argv[0] for the child; defaults to PROGRAM as given. */
  argv0?: string;
}

export interface Spawned {
  pid: number;
  /** The path that was executed. */
  path: string;
  /** Whether the child set the terminal's foreground group itself. */
  tookForeground: boolean;
}

type CStrings = ReturnType<typeof cStringArray>;

/** Each environment's envp, built at its first spawn (a program's environment is the same object for all its starts). */
const envBlocks = new WeakMap<object, CStrings>();

function envBlock(env: Readonly<Record<string, string>>): CStrings {
  let block = envBlocks.get(env);
  if (!block) {
    block = cStringArray(Object.entries(env).map(([k, v]) => `${k}=${v}`));
    envBlocks.set(env, block);
  }
  return block;
}

/** Whether spawns may take the compiled path (native-spawn.ts). Off by default: single mode
 *  and scan hold a few descriptors and spawn with posix_spawn, as SPEC promises; monitor serve,
 *  holding three pipe ends per program for a thousand programs, turns it on. */
let compiledSpawn = false;

/** From now on spawn through the compiled path where it can be built (monitor serve). */
export function preferCompiledSpawn(): void {
  compiledSpawn = true;
}

/** Spawn or throw ExecError(127 not found / 126 cannot execute) or SysError. */
export function spawnChild(o: SpawnOptions): Spawned {
  // posix_spawn changes directory before the exec: look PROGRAM up from there
  // too, and execute a relative PROGRAM as given, so it is found (and its $0
  // reads) as after `cd DIR && ./prog`: daemontools' ./run, a relative --cwd.
  // An absolute path is not looked at first: posix_spawn's own exec reports
  // a missing (ENOENT, 127) or unexecutable (EACCES, 126) one the same way.
  const inDir = programInDirectory(o.program, o.cwd);
  const found = isAbsolute(inDir) ? inDir : resolveProgram(inDir, o.env.PATH);
  const path = inDir === o.program ? found : o.program;
  const group = o.group ?? "new";
  const argv = cStringArray([o.argv0 ?? o.program, ...o.args]);
  const envp = envBlock(o.env);
  const file = cString(path);
  const fds = o.fds ?? NO_FDS;
  // The foreground terminal (single mode) is glibc's tcsetpgrp action: posix_spawn's.
  const native = compiledSpawn && o.foregroundFd === undefined ? nativeSpawner() : null;
  if (native && fds.size <= SLOTS && [...fds.keys()].every((target) => target < native.base)) {
    const dir = o.cwd === undefined ? null : cString(o.cwd);
    const r = native.spawn({ path: file, argv: argv.array, envp: envp.array, fds, group, cwd: dir, umask: o.umask });
    // Reachable until the child has exec'd (spawn returns only then).
    void [argv, envp, file, dir];
    if (r !== "unsupported") {
      if ("errno" in r) throw execFailure(o.program, r.errno);
      return { pid: r.pid, path, tookForeground: false };
    }
  }
  return posixSpawn(o, path, group, file, argv, envp);
}

const NO_FDS: ReadonlyMap<number, number> = new Map();

function posixSpawn(o: SpawnOptions, path: string, group: "new" | "session" | number, file: Buffer, argv: CStrings, envp: CStrings): Spawned {
  const attr = attributesFor(group);
  const actions = new Uint8Array(ACTIONS_BYTES);
  const keep: unknown[] = [];
  checkReturned("posix_spawn_file_actions_init", libc.posix_spawn_file_actions_init(actions));
  try {
    for (const [target, source] of o.fds ?? []) {
      // dup2 onto itself would keep FD_CLOEXEC on some libcs: callers pass
      // sources that differ from targets (pipes and sockets are high fds).
      checkReturned("posix_spawn_file_actions_adddup2", libc.posix_spawn_file_actions_adddup2(actions, source, target));
    }
    if (o.cwd !== undefined) {
      const chdir = libcOptional.posix_spawn_file_actions_addchdir_np;
      if (!chdir) throw new SysError("posix_spawn_file_actions_addchdir_np", 38, "ENOSYS", "this libc cannot set a child's directory");
      const dir = cString(o.cwd);
      keep.push(dir);
      checkReturned("posix_spawn_file_actions_addchdir_np", chdir(actions, dir));
    }
    let tookForeground = false;
    if (o.foregroundFd !== undefined && libcOptional.posix_spawn_file_actions_addtcsetpgrp_np) {
      // glibc >= 2.35 calls tcsetpgrp in the child, with signals blocked, before exec (tini's order).
      checkReturned("posix_spawn_file_actions_addtcsetpgrp_np", libcOptional.posix_spawn_file_actions_addtcsetpgrp_np(actions, o.foregroundFd));
      tookForeground = true;
    }
    const pidOut = new Int32Array(1);
    // posix_spawn cannot set a umask: set monitor's around the call (JS is
    // single-threaded here, and no other thread of Bun's creates files).
    const oldMask = o.umask !== undefined ? process.umask(o.umask) : undefined;
    let rc: number;
    try {
      rc = libc.posix_spawn(pidOut, file, actions, attr, argv.array, envp.array);
    } finally {
      if (oldMask !== undefined) process.umask(oldMask);
    }
    keep.push(argv, envp, file);
    if (rc !== 0) throw execFailure(o.program, rc);
    return { pid: pidOut[0]!, path, tookForeground };
  } finally {
    libc.posix_spawn_file_actions_destroy(actions);
    if (typeof group === "number") libc.posix_spawnattr_destroy(attr);
  }
}

/** The attributes for a child in its own group or session, made once each (they never change); one to join group N, per spawn. */
const attributes = new Map<"new" | "session", Uint8Array>();

function attributesFor(group: "new" | "session" | number): Uint8Array {
  const kept = typeof group === "number" ? undefined : attributes.get(group);
  if (kept) return kept;
  const attr = new Uint8Array(ATTR_BYTES);
  checkReturned("posix_spawnattr_init", libc.posix_spawnattr_init(attr));
  const empty = new Uint8Array(SIGSET_BYTES);
  const full = new Uint8Array(SIGSET_BYTES);
  libc.sigemptyset(empty);
  // Every bit by hand: sigfillset leaves out glibc's internal signals 32 and
  // 33, and posix_spawn would then leave them ignored across exec.
  full.fill(0xff, 0, 8);
  let flags = POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF;
  if (group === "session") flags |= POSIX_SPAWN_SETSID;
  else {
    flags |= POSIX_SPAWN_SETPGROUP;
    checkReturned("posix_spawnattr_setpgroup", libc.posix_spawnattr_setpgroup(attr, group === "new" ? 0 : group));
  }
  // The attribute copies the sets (glibc, musl): they need not outlive this call.
  checkReturned("posix_spawnattr_setsigmask", libc.posix_spawnattr_setsigmask(attr, empty));
  checkReturned("posix_spawnattr_setsigdefault", libc.posix_spawnattr_setsigdefault(attr, full));
  checkReturned("posix_spawnattr_setflags", libc.posix_spawnattr_setflags(attr, flags));
  if (typeof group !== "number") attributes.set(group, attr);
  return attr;
}

/** glibc reports the child's failed exec as posix_spawn's return value. */
function execFailure(program: string, rc: number): Error {
  const code = errnoName(rc);
  if (rc === constants.errno.ENOENT || rc === constants.errno.ENOTDIR) return new ExecError(program, 127, rc, code);
  if (rc === constants.errno.EACCES || rc === constants.errno.ENOEXEC || rc === constants.errno.EISDIR || rc === constants.errno.ETXTBSY || rc === constants.errno.EPERM) {
    return new ExecError(program, 126, rc, code);
  }
  return new SysError("posix_spawn", rc, code, program);
}
