// A spawn whose cost does not grow with monitor's descriptors. posix_spawn
// (like fork) copies the caller's whole descriptor table into the child, and
// the child's exec then closes every close-on-exec entry again: with a
// thousand programs' pipes that copy and that close are most of a spawn's
// cost, and they grow with each program started. This one, a few lines of C
// compiled in memory at the first spawn (Bun's TinyCC, as native-forward.ts),
// does what glibc's posix_spawn does (vfork-style clone on its own stack with
// signals blocked; in the child every signal back to its default, the group
// or session, directory, umask, the fds, the signal mask, exec) except that
// the child starts on the parent's table (CLONE_FILES), copies the fds it
// is given into a block of slots reserved low in the table, and takes a
// private table of only the fds below the end of that block
// (close_range(CLOSE_RANGE_UNSHARE), Linux 5.9). The slots go back to
// /dev/null in the parent once the child has exec'd. Everything below the
// block is what monitor inherited and the runtime's first descriptors: the
// child keeps what is not close-on-exec there, as with posix_spawn.
// Where the runtime cannot compile it, or the kernel refuses the unshare
// (ENOSYS, a seccomp filter's EPERM), spawn.ts uses posix_spawn.
import { closeSync, openSync, readdirSync } from "node:fs";
import { compileC, duplicateAbove, fdFlags } from "./libc.ts";

const SOURCE = `
typedef unsigned long size_t;
int clone(int (*fn)(void *), void *stack, int flags, void *arg, ...);
int dup3(int oldfd, int newfd, int flags);
int close_range(unsigned int first, unsigned int last, int flags);
int setpgid(int pid, int pgid);
int setsid(void);
int chdir(const char *path);
unsigned int umask(unsigned int mask);
int execve(const char *path, char *const argv[], char *const envp[]);
void _exit(int status);
int sigaction(int sig, const void *act, void *old);
int pthread_sigmask(int how, const void *set, void *old);
int waitpid(int pid, int *status, int options);
int *__errno_location(void);
void *mmap(void *addr, size_t length, int prot, int flags, int fd, long offset);

#define STACK_BYTES (128 * 1024)
#define CLONE_VM 0x100
#define CLONE_FILES 0x400
#define CLONE_VFORK 0x4000
#define SIGCHLD_ 17
#define CLOSE_RANGE_UNSHARE 2
#define O_CLOEXEC_ 02000000
/* Stages the child reports with its errno: an UNSHARE failure means this kernel cannot do it. */
#define STAGE_SETUP 1
#define STAGE_UNSHARE 2
#define STAGE_EXEC 3

struct request {
  const char *path; char *const *argv; char *const *envp;
  const int *from; const int *to; int count; int base;
  int group; /* -1: a group of its own, -2: a new session, N: join group N */
  const char *cwd; int mask; /* -1: keep */
  volatile int failure; /* stage << 16 | errno */
};

static char *stack;

static int child(void *p) {
  struct request *r = p;
  long none[32];
  char all_clear[128];
  int stage = STAGE_SETUP;
  int i, s;
  for (i = 0; i < 32; i++) none[i] = 0;
  for (i = 0; i < 128; i++) all_clear[i] = 0;
  /* Every handler and ignored signal back to its default: the child shares the parent's memory until exec. */
  for (s = 1; s < 65; s++) if (s != 9 && s != 19) sigaction(s, none, 0);
  if (r->group == -2) { if (setsid() < 0) goto fail; }
  else if (setpgid(0, r->group == -1 ? 0 : r->group) < 0) goto fail;
  if (r->cwd && chdir(r->cwd) < 0) goto fail;
  if (r->mask >= 0) umask(r->mask);
  for (i = 0; i < r->count; i++) if (dup3(r->from[i], r->base + i, 0) < 0) goto fail;
  stage = STAGE_UNSHARE;
  if (close_range(r->base + r->count, ~0U, CLOSE_RANGE_UNSHARE) < 0) goto fail;
  stage = STAGE_SETUP;
  for (i = 0; i < r->count; i++) if (dup3(r->base + i, r->to[i], 0) < 0) goto fail;
  if (r->count > 0) close_range(r->base, r->base + r->count - 1, 0);
  pthread_sigmask(2, all_clear, 0);
  stage = STAGE_EXEC;
  execve(r->path, r->argv, r->envp);
fail:
  r->failure = (stage << 16) | *__errno_location();
  _exit(127);
  return 0;
}

/* The child's pid, or minus (stage << 16 | errno). */
int monitor_spawn(const char *path, char *const *argv, char *const *envp, const int *from, const int *to, int count,
                  int base, int group, const char *cwd, int mask, int devnull) {
  struct request r;
  char all[128], old[128];
  int i, pid, e, status;
  if (!stack) {
    char *m = mmap(0, STACK_BYTES, 3, 0x02 | 0x20 | 0x20000, -1, 0);
    if (m == (char *)-1) return -((STAGE_SETUP << 16) | *__errno_location());
    stack = m;
  }
  r.path = path; r.argv = argv; r.envp = envp; r.from = from; r.to = to; r.count = count; r.base = base;
  r.group = group; r.cwd = cwd; r.mask = mask; r.failure = 0;
  for (i = 0; i < 128; i++) all[i] = (char)0xff;
  pthread_sigmask(0, all, old);
  pid = clone(child, stack + STACK_BYTES, CLONE_VM | CLONE_FILES | CLONE_VFORK | SIGCHLD_, &r);
  e = *__errno_location();
  pthread_sigmask(2, old, 0);
  /* The child has exec'd or exited: its copies in the shared slots go back to /dev/null. */
  for (i = 0; i < count; i++) dup3(devnull, base + i, O_CLOEXEC_);
  if (pid < 0) return -((STAGE_SETUP << 16) | e);
  /* As inside glibc's posix_spawn: a child whose exec failed is reaped here, before any SIGCHLD is handled, so
     the reaper never sees a pid nobody spawned. */
  if (r.failure) { waitpid(pid, &status, 0); return -r.failure; }
  return pid;
}
`;

const DEFS = {
  monitor_spawn: { args: ["ptr", "ptr", "ptr", "ptr", "ptr", "i32", "i32", "i32", "ptr", "i32", "i32"], returns: "i32" },
} as const;

/** How many fds one spawn may hand over (stdio, sockets, a notify socket...). */
export const SLOTS = 16;
const STAGE_UNSHARE = 2;

export interface NativeSpawnRequest {
  path: Buffer;
  argv: BigUint64Array;
  envp: BigUint64Array;
  /** Child fd -> monitor fd. Every child fd must lie below `base`. */
  fds: ReadonlyMap<number, number>;
  group: "new" | "session" | number;
  cwd: Buffer | null;
  umask: number | undefined;
}

export type NativeSpawnResult = { pid: number } | { errno: number } | "unsupported";

export interface NativeSpawner {
  /** The first reserved slot: child fds must be below it. */
  readonly base: number;
  spawn(r: NativeSpawnRequest): NativeSpawnResult;
}

let state: NativeSpawner | null | undefined;

/** The native spawner, built at the first call; null where it cannot be (then and after). */
export function nativeSpawner(): NativeSpawner | null {
  if (state !== undefined) return state;
  state = null;
  if (process.platform !== "linux") return null;
  let fns: ReturnType<typeof compileC<typeof DEFS>>;
  try {
    fns = compileC("monitor-spawn.c", SOURCE, DEFS);
  } catch {
    return null;
  }
  const slots = reserveSlots();
  if (!slots) return null;
  const { base, devNull } = slots;
  const from = new Int32Array(SLOTS);
  const to = new Int32Array(SLOTS);
  state = {
    base,
    spawn(r) {
      let n = 0;
      for (const [target, source] of r.fds) {
        to[n] = target;
        from[n] = source;
        n++;
      }
      const group = r.group === "new" ? -1 : r.group === "session" ? -2 : r.group;
      const rc = fns.monitor_spawn(r.path, r.argv, r.envp, from, to, n, base, group, r.cwd, r.umask ?? -1, devNull) as number;
      if (rc > 0) return { pid: rc };
      const failure = -rc;
      if (failure >> 16 === STAGE_UNSHARE) {
        // This kernel (or its seccomp filter) refuses the private table: posix_spawn from now on.
        state = null;
        return "unsupported";
      }
      return { errno: failure & 0xffff };
    },
  };
  return state;
}

/** SLOTS consecutive fds on /dev/null, above every fd that a child would inherit (not close-on-exec). */
function reserveSlots(): { base: number; devNull: number } | null {
  let inherited = 2;
  for (const name of readdirSync("/proc/self/fd")) {
    const fd = Number(name);
    const flags = fdFlags(fd);
    if (flags !== null && !(flags & 1)) inherited = Math.max(inherited, fd);
  }
  const devNull = openSync("/dev/null", "r+");
  for (let attempt = 0, min = inherited + 1; attempt < 8; attempt++) {
    const got: number[] = [];
    for (let i = 0; i < SLOTS; i++) {
      const fd = duplicateAbove(devNull, got.length ? got[0]! + i : min);
      got.push(fd);
      if (fd !== got[0]! + i) break;
    }
    if (got.length === SLOTS && got.at(-1) === got[0]! + SLOTS - 1) return { base: got[0]!, devNull };
    // Something holds a slot in that range: try above it.
    min = got.at(-1)! + 1;
    for (const fd of got) closeSync(fd);
  }
  closeSync(devNull);
  return null;
}
