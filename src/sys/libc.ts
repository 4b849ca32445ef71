// The kernel boundary: the only module that imports bun:ffi. Everything else
// calls the typed wrappers below, which throw SysError(call, errno) on failure.
// libc's file name differs by platform (glibc vs musl); only this file knows.
import { cc, dlopen, ptr, read, type Pointer } from "bun:ffi";
import { closeSync, writeSync } from "node:fs";
import { constants } from "node:os";
import { SysError } from "../errors.ts";

const symbols = {
  posix_spawn: { args: ["ptr", "ptr", "ptr", "ptr", "ptr", "ptr"], returns: "i32" },
  posix_spawnattr_init: { args: ["ptr"], returns: "i32" },
  posix_spawnattr_destroy: { args: ["ptr"], returns: "i32" },
  posix_spawnattr_setflags: { args: ["ptr", "i16"], returns: "i32" },
  posix_spawnattr_setpgroup: { args: ["ptr", "i32"], returns: "i32" },
  posix_spawnattr_setsigmask: { args: ["ptr", "ptr"], returns: "i32" },
  posix_spawnattr_setsigdefault: { args: ["ptr", "ptr"], returns: "i32" },
  posix_spawn_file_actions_init: { args: ["ptr"], returns: "i32" },
  posix_spawn_file_actions_destroy: { args: ["ptr"], returns: "i32" },
  posix_spawn_file_actions_adddup2: { args: ["ptr", "i32", "i32"], returns: "i32" },
  posix_spawn_file_actions_addclose: { args: ["ptr", "i32"], returns: "i32" },
  posix_spawn_file_actions_addopen: { args: ["ptr", "i32", "ptr", "i32", "u32"], returns: "i32" },
  sigemptyset: { args: ["ptr"], returns: "i32" },
  sigfillset: { args: ["ptr"], returns: "i32" },
  signal: { args: ["i32", "ptr"], returns: "ptr" },
  kill: { args: ["i32", "i32"], returns: "i32" },
  setpgid: { args: ["i32", "i32"], returns: "i32" },
  getpgid: { args: ["i32"], returns: "i32" },
  getpgrp: { args: [], returns: "i32" },
  getpid: { args: [], returns: "i32" },
  setsid: { args: [], returns: "i32" },
  wait4: { args: ["i32", "ptr", "i32", "ptr"], returns: "i32" },
  prctl: { args: ["i32", "u64", "u64", "u64", "u64"], returns: "i32" },
  tcgetpgrp: { args: ["i32"], returns: "i32" },
  tcsetpgrp: { args: ["i32", "i32"], returns: "i32" },
  isatty: { args: ["i32"], returns: "i32" },
  pipe2: { args: ["ptr", "i32"], returns: "i32" },
  close: { args: ["i32"], returns: "i32" },
  dup: { args: ["i32"], returns: "i32" },
  fcntl: { args: ["i32", "i32", "i32"], returns: "i32" },
  execve: { args: ["ptr", "ptr", "ptr"], returns: "i32" },
  setuid: { args: ["u32"], returns: "i32" },
  setgid: { args: ["u32"], returns: "i32" },
  setgroups: { args: ["u64", "ptr"], returns: "i32" },
  read: { args: ["i32", "ptr", "u64"], returns: "i64" },
  write: { args: ["i32", "ptr", "u64"], returns: "i64" },
  __errno_location: { args: [], returns: "ptr" },
  pthread_sigmask: { args: ["i32", "ptr", "ptr"], returns: "i32" },
  // the native forwarding handler's source file (src/sys/native-forward.ts)
  memfd_create: { args: ["ptr", "u32"], returns: "i32" },
  // dropping start-up code pages once idle (src/sys/page-out.ts)
  madvise: { args: ["u64", "u64", "i32"], returns: "i32" },
  // daemontools service directories (src/daemontools/fifo.ts, supervise-dir.ts)
  mkfifo: { args: ["ptr", "u32"], returns: "i32" },
  flock: { args: ["i32", "i32"], returns: "i32" },
  // socket activation and readiness (src/activation/)
  socket: { args: ["i32", "i32", "i32"], returns: "i32" },
  bind: { args: ["i32", "ptr", "u32"], returns: "i32" },
  listen: { args: ["i32", "i32"], returns: "i32" },
  setsockopt: { args: ["i32", "i32", "i32", "ptr", "u32"], returns: "i32" },
  getsockname: { args: ["i32", "ptr", "ptr"], returns: "i32" },
  recvfrom: { args: ["i32", "ptr", "u64", "i32", "ptr", "ptr"], returns: "i64" },
  // output capture (src/output/)
  poll: { args: ["ptr", "u64", "i32"], returns: "i32" },
  ftruncate: { args: ["i32", "i64"], returns: "i32" },
  epoll_create1: { args: ["i32"], returns: "i32" },
  epoll_ctl: { args: ["i32", "i32", "i32", "ptr"], returns: "i32" },
  epoll_wait: { args: ["i32", "ptr", "i32", "i32"], returns: "i32" },
  // exec shim and daemon (src/cli/exec-shim.ts, src/daemon/)
  dup2: { args: ["i32", "i32"], returns: "i32" },
} as const;

// Symbols a libc may lack (glibc >= 2.29 / 2.35): opened separately so their
// absence only disables the feature that needs them.
const optionalSymbols = {
  posix_spawn_file_actions_addchdir_np: { args: ["ptr", "ptr"], returns: "i32" },
  posix_spawn_file_actions_addtcsetpgrp_np: { args: ["ptr", "i32"], returns: "i32" },
} as const;

const LIBC_NAMES = ["libc.so.6", "libc.musl-x86_64.so.1", "libc.musl-aarch64.so.1", "libc.so"];

function openLibc<T extends Record<string, { args: readonly string[]; returns: string }>>(defs: T) {
  let last: unknown;
  for (const name of LIBC_NAMES) {
    try {
      return dlopen(name, defs as never) as unknown as { symbols: Record<keyof T, (...a: unknown[]) => any> };
    } catch (e) {
      last = e;
    }
  }
  throw new SysError("dlopen", 0, "ENOENT", `libc (${LIBC_NAMES.join(", ")}): ${String(last)}`);
}

/** Raw symbols, for the sibling sys/ modules only. */
export const libc = openLibc(symbols).symbols;

function openOptional(): Partial<Record<keyof typeof optionalSymbols, (...a: unknown[]) => any>> {
  const out: Partial<Record<keyof typeof optionalSymbols, (...a: unknown[]) => any>> = {};
  for (const [name, def] of Object.entries(optionalSymbols)) {
    try {
      out[name as keyof typeof optionalSymbols] = openLibc({ [name]: def }).symbols[name];
    } catch {
      // not in this libc: the feature falls back or is refused.
    }
  }
  return out;
}
export const libcOptional = openOptional();

const ERRNO_NAMES: Record<number, string> = Object.fromEntries(
  Object.entries(constants.errno).map(([name, n]) => [n, name]),
);

export function errnoName(errno: number): string {
  return ERRNO_NAMES[errno] ?? `E${errno}`;
}

export function errno(): number {
  return read.i32(libc.__errno_location() as Pointer, 0);
}

/** Throw SysError for a -1 return; otherwise hand the value back. */
export function check(call: string, rc: number, detail?: string): number {
  if (rc === -1) {
    const e = errno();
    throw new SysError(call, e, errnoName(e), detail);
  }
  return rc;
}

/** For posix_spawn* calls, which return the error number instead of setting errno. */
export function checkReturned(call: string, rc: number, detail?: string): void {
  if (rc !== 0) throw new SysError(call, rc, errnoName(rc), detail);
}

/** A NUL-terminated C string kept alive by the caller. */
export function cString(s: string): Buffer {
  return Buffer.from(`${s}\0`);
}

/** A NULL-terminated char*[] plus the buffer it points into (keep both alive):
 *  the strings NUL-terminated one after the other in one buffer. */
export function cStringArray(items: readonly string[]): { array: BigUint64Array; keep: Buffer[] } {
  let size = 0;
  for (const s of items) size += Buffer.byteLength(s) + 1;
  const buf = Buffer.alloc(Math.max(size, 1));
  const base = ptr(buf);
  const array = new BigUint64Array(items.length + 1);
  let at = 0;
  items.forEach((s, i) => {
    array[i] = BigInt(base + at);
    at += buf.write(s, at) + 1;
  });
  return { array, keep: [buf] };
}

export { ptr };
export type { Pointer };

// Thin, typed wrappers for the calls other modules make directly.

/** kill(2); returns false when the process is already gone (ESRCH). */
export function sendSignal(pid: number, signal: number): boolean {
  if (libc.kill(pid, signal) === 0) return true;
  const e = errno();
  if (e === constants.errno.ESRCH) return false;
  throw new SysError("kill", e, errnoName(e), `pid ${pid} signal ${signal}`);
}

/** killpg(2) as kill(-pgid); false when the group is empty. */
export function signalGroup(pgid: number, signal: number): boolean {
  if (pgid <= 1) throw new SysError("killpg", constants.errno.EINVAL, "EINVAL", `refusing pgid ${pgid}`);
  return sendSignal(-pgid, signal);
}

export function getPgid(pid: number): number {
  return libc.getpgid(pid);
}

export function isTty(fd: number): boolean {
  return libc.isatty(fd) === 1;
}

const PR_SET_CHILD_SUBREAPER = 36;
const PR_SET_PDEATHSIG = 1;

export function setChildSubreaper(): void {
  check("prctl", libc.prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0), "PR_SET_CHILD_SUBREAPER");
}

export function setParentDeathSignal(signal: number): void {
  check("prctl", libc.prctl(PR_SET_PDEATHSIG, signal, 0, 0, 0), "PR_SET_PDEATHSIG");
}

const SIG_IGN = 1;
const SIG_DFL = 0;

/** Set a signal's disposition to ignored in monitor itself (children get defaults back at spawn). */
export function ignoreSignal(signal: number): void {
  libc.signal(signal, SIG_IGN);
}

export function defaultSignal(signal: number): void {
  libc.signal(signal, SIG_DFL);
}

const O_CLOEXEC = 0o2000000;
const O_NONBLOCK = 0o4000;

/** pipe2(O_CLOEXEC): [read end, write end]. */
export function makePipe(nonblockRead = false): [number, number] {
  const fds = new Int32Array(2);
  check("pipe2", libc.pipe2(fds, O_CLOEXEC));
  if (nonblockRead) setNonBlocking(fds[0]!);
  return [fds[0]!, fds[1]!];
}

const F_GETFL = 3;
const F_SETFL = 4;
const F_SETPIPE_SZ = 1031;

export function setNonBlocking(fd: number): void {
  const flags = check("fcntl", libc.fcntl(fd, F_GETFL, 0));
  check("fcntl", libc.fcntl(fd, F_SETFL, flags | O_NONBLOCK));
}

/** Grow a pipe's buffer (best effort: capped by /proc/sys/fs/pipe-max-size). */
export function setPipeSize(fd: number, bytes: number): number {
  return libc.fcntl(fd, F_SETPIPE_SZ, bytes);
}

export function closeFd(fd: number): void {
  libc.close(fd);
}

// daemontools service directories: supervise/control and supervise/ok are
// FIFOs, and supervise/lock is held with flock(2) (what daemontools 0.76's
// supervise uses on Linux, so its supervise and ours exclude each other).

/** mkfifo(3); throws SysError (code "EEXIST" when the path exists). */
export function makeFifo(path: string, mode: number): void {
  check("mkfifo", libc.mkfifo(cString(path), mode), path);
}

const LOCK_EX = 2;
const LOCK_NB = 4;

/** flock(fd, LOCK_EX|LOCK_NB); false when another open file description holds it. */
export function tryLockExclusive(fd: number): boolean {
  if (libc.flock(fd, LOCK_EX | LOCK_NB) === 0) return true;
  const e = errno();
  if (e === constants.errno.EWOULDBLOCK) return false;
  throw new SysError("flock", e, errnoName(e), `fd ${fd}`);
}

// Holding signals across monitor's own re-exec: a blocked mask survives
// execve, so a signal sent while the new runtime starts stays pending until
// its handler exists, instead of killing monitor with the default action.
const SIG_BLOCK = 0;
const SIG_UNBLOCK = 1;

function maskOf(signals: readonly number[]): Uint8Array {
  const set = new Uint8Array(128);
  for (const n of signals) set[(n - 1) >> 3]! |= 1 << ((n - 1) & 7);
  return set;
}

export function blockSignals(signals: readonly number[]): void {
  libc.pthread_sigmask(SIG_BLOCK, maskOf(signals), null);
}

export function unblockSignals(signals: readonly number[]): void {
  libc.pthread_sigmask(SIG_UNBLOCK, maskOf(signals), null);
}

// Socket activation and readiness (src/activation/): listening sockets bound
// once and handed to every start, the NOTIFY_SOCKET datagram socket, and
// input on an fd announced by a signal instead of a poll.
const SOCK_CLOEXEC = 0o2000000;
const F_DUPFD_CLOEXEC = 1030;
const F_SETOWN = 8;
const F_SETSIG = 10;
const O_ASYNC = 0o20000;

/** socket(2), always close-on-exec: a child gets a socket only through an explicit dup2. */
export function openSocket(domain: number, type: number): number {
  return check("socket", libc.socket(domain, type | SOCK_CLOEXEC, 0));
}

export function bindSocket(fd: number, address: Uint8Array, detail: string): void {
  check("bind", libc.bind(fd, address, address.byteLength), detail);
}

export function listenSocket(fd: number, backlog: number, detail: string): void {
  check("listen", libc.listen(fd, backlog), detail);
}

/** setsockopt(2) with an int value (SO_REUSEADDR, IPV6_V6ONLY, ...). */
export function setSocketOption(fd: number, level: number, name: number, value: number): void {
  check("setsockopt", libc.setsockopt(fd, level, name, new Int32Array([value]), 4), `level ${level} option ${name}`);
}

/** getsockname(2): the bound address as the kernel reports it (port 0 resolved). */
export function socketAddress(fd: number): Uint8Array {
  const buf = new Uint8Array(128);
  const len = new Uint32Array([buf.byteLength]);
  check("getsockname", libc.getsockname(fd, buf, len));
  return buf.subarray(0, Math.min(len[0]!, buf.byteLength));
}

/** One datagram into `buf` (its length), or null when none is queued (EAGAIN on a non-blocking socket). */
export function receiveDatagram(fd: number, buf: Uint8Array): number | null {
  const n = Number(libc.recvfrom(fd, buf, buf.byteLength, 0, null, null));
  if (n >= 0) return n;
  const e = errno();
  if (e === constants.errno.EAGAIN || e === constants.errno.EINTR) return null;
  throw new SysError("recvfrom", e, errnoName(e), `fd ${fd}`);
}

/** read(2) on a non-blocking fd: bytes read (0 = end of file), or null when nothing is there yet. */
export function readAvailable(fd: number, buf: Uint8Array): number | null {
  const n = Number(libc.read(fd, buf, buf.byteLength));
  if (n >= 0) return n;
  const e = errno();
  if (e === constants.errno.EAGAIN || e === constants.errno.EINTR) return null;
  throw new SysError("read", e, errnoName(e), `fd ${fd}`);
}

/** A close-on-exec copy of `fd` numbered `min` or more (so dup2 to 3.. in a child never targets its own source). */
export function duplicateAbove(fd: number, min: number): number {
  return check("fcntl", libc.fcntl(fd, F_DUPFD_CLOEXEC, min), `F_DUPFD_CLOEXEC ${fd}`);
}

/** Have the kernel send `signal` to monitor whenever input arrives on `fd`
 *  (F_SETOWN + F_SETSIG + O_ASYNC, see fcntl(2)); the fd becomes non-blocking. */
export function signalOnInput(fd: number, signal: number): void {
  check("fcntl", libc.fcntl(fd, F_SETOWN, libc.getpid()), `F_SETOWN ${fd}`);
  check("fcntl", libc.fcntl(fd, F_SETSIG, signal), `F_SETSIG ${fd}`);
  const flags = check("fcntl", libc.fcntl(fd, F_GETFL, 0));
  check("fcntl", libc.fcntl(fd, F_SETFL, flags | O_NONBLOCK | O_ASYNC), `O_ASYNC ${fd}`);
}

// Output capture (src/output/): the capture thread blocks in epoll_wait(2) on
// the child's pipes and its own control pipe, so monitor's event loop never
// copies output and an idle capture costs no wake-ups; --tee waits in poll(2)
// for a full terminal or pipe.
export const POLLIN = 0x1;

/** poll(2). `fds` holds struct pollfd as int32 pairs (fd, events | revents << 16).
 *  Returns the number of ready entries; 0 on timeout or EINTR (a signal landed on this thread). */
export function pollFds(fds: Int32Array, count: number, timeoutMs: number): number {
  const n = libc.poll(fds, count, timeoutMs);
  if (n >= 0) return n;
  const e = errno();
  if (e === constants.errno.EINTR) return 0;
  throw new SysError("poll", e, errnoName(e), `${count} fds`);
}

export const POLLOUT = 0x4;

// The capture thread waits with epoll(7), not poll(2): with a thousand pipes
// registered once, a wake-up costs what is ready, not what is registered.
export const EPOLLIN = 0x1;
const EPOLL_CLOEXEC = 0o2000000;
const EPOLL_CTL_ADD = 1;
const EPOLL_CTL_DEL = 2;
/** struct epoll_event is packed on x86-64 (12 bytes: events, then the 64-bit data at 4); 16 bytes elsewhere (data at 8). */
export const EPOLL_EVENT_BYTES = process.arch === "x64" ? 12 : 16;
const EPOLL_DATA_AT = process.arch === "x64" ? 4 : 8;

export function epollCreate(): number {
  return check("epoll_create1", libc.epoll_create1(EPOLL_CLOEXEC));
}

/** Watch `fd` for `events`; `key` (a u32) comes back with each of its events. */
export function epollAdd(ep: number, fd: number, events: number, key: number): void {
  const ev = new Uint8Array(EPOLL_EVENT_BYTES);
  const view = new DataView(ev.buffer);
  view.setUint32(0, events, true);
  view.setUint32(EPOLL_DATA_AT, key, true);
  check("epoll_ctl", libc.epoll_ctl(ep, EPOLL_CTL_ADD, fd, ev), `add fd ${fd}`);
}

/** Stop watching `fd`; false when it was not watched (ENOENT) or is closed (EBADF). */
export function epollRemove(ep: number, fd: number): boolean {
  return libc.epoll_ctl(ep, EPOLL_CTL_DEL, fd, new Uint8Array(EPOLL_EVENT_BYTES)) === 0;
}

/** epoll_wait(2) into `events` (EPOLL_EVENT_BYTES each): how many are ready; 0 on timeout or EINTR. */
export function epollWait(ep: number, events: Uint8Array, timeoutMs: number): number {
  const n = libc.epoll_wait(ep, events, Math.floor(events.byteLength / EPOLL_EVENT_BYTES), timeoutMs);
  if (n >= 0) return n;
  const e = errno();
  if (e === constants.errno.EINTR) return 0;
  throw new SysError("epoll_wait", e, errnoName(e), `epoll fd ${ep}`);
}

/** The key of the i-th event epollWait filled in. */
export function epollKey(events: DataView, i: number): number {
  return events.getUint32(i * EPOLL_EVENT_BYTES + EPOLL_DATA_AT, true);
}

/** read(2) into `buf` (its whole length): bytes read (0 = end of file), or
 *  minus the errno (-EAGAIN on an empty non-blocking pipe). Never throws: the
 *  capture thread decides per errno. */
export function readInto(fd: number, buf: Uint8Array): number {
  const n = Number(libc.read(fd, buf, buf.byteLength));
  return n >= 0 ? n : -errno();
}

/** write(2) of `buf` (its whole length): bytes written (maybe fewer: a full
 *  disk gives a short count first, then ENOSPC), or minus the errno. */
export function writeFrom(fd: number, buf: Uint8Array): number {
  const n = Number(libc.write(fd, buf, buf.byteLength));
  return n >= 0 ? n : -errno();
}

/** ftruncate(2): cut a log file back to its last whole line after a short write. 0 or minus the errno. */
export function truncateFd(fd: number, length: number): number {
  return libc.ftruncate(fd, length) === 0 ? 0 : -errno();
}

// Exec shim and daemon (src/cli/exec-shim.ts, src/sys/exec-program.ts,
// src/daemon/): the shim changes user and execs in place (same pid), leaving
// none of Bun's signal state behind; the detached monitor moves its stderr
// onto /dev/null once it has reported how the first start went.
const SIG_SETMASK = 2;

/** setgroups(2), setgid(2), setuid(2): in this order, each while the privilege for it is still held. */
export function switchUser(uid: number, gid: number, groups: readonly number[]): void {
  const list = new Uint32Array(groups);
  check("setgroups", libc.setgroups(groups.length, groups.length ? list : null), `[${groups.join(",")}]`);
  check("setgid", libc.setgid(gid), String(gid));
  check("setuid", libc.setuid(uid), String(uid));
}

/** An empty signal mask for the calling thread (the mask survives execve). */
export function clearSignalMask(): void {
  libc.pthread_sigmask(SIG_SETMASK, new Uint8Array(128), null);
}

/** execve(2). Returns only when it failed, with the errno. */
export function execute(path: string, argv: readonly string[], envp: readonly string[]): number {
  const file = cString(path);
  const args = cStringArray(argv);
  const env = cStringArray(envp);
  libc.execve(file, args.array, env.array);
  const e = errno();
  // Keep the buffers reachable until execve has read them.
  void [file, args, env];
  return e;
}

// A few lines of C compiled in memory with Bun's built-in TinyCC (bun:ffi
// cc), for what must run inside a signal handler without the event loop
// (src/sys/native-forward.ts). The source goes through a memfd: TinyCC reads a
// path, the image may have no writable directory, and /proc/self/fd/N has no
// extension, which TinyCC takes as C.
const MFD_CLOEXEC = 1;

type CSymbols = Record<string, { args: readonly string[]; returns: string }>;

/** Compile `source` and return its functions; throws when the runtime cannot (then callers fall back). */
export function compileC<T extends CSymbols>(name: string, source: string, defs: T): Record<keyof T, (...a: unknown[]) => any> {
  const fd = check("memfd_create", libc.memfd_create(cString(name), MFD_CLOEXEC), name);
  try {
    writeSync(fd, source);
    return cc({ source: `/proc/self/fd/${fd}`, symbols: defs as never }).symbols as never;
  } finally {
    closeSync(fd);
  }
}

/** signal(2) with a handler given by its address (a compiled function). */
export function setSignalHandler(signal: number, handler: Pointer): void {
  libc.signal(signal, handler);
}

const MADV_PAGEOUT = 21;

/** madvise(MADV_PAGEOUT) on [start, end): the kernel reclaims those pages now (Linux >= 5.4); false when refused. */
export function pageOutRange(start: bigint, end: bigint): boolean {
  return libc.madvise(start, end - start, MADV_PAGEOUT) === 0;
}

const F_GETFD = 1;
const F_SETFD = 2;

/** fcntl(F_GETFD): the fd's flags (FD_CLOEXEC = 1), or null when it is not open. */
export function fdFlags(fd: number): number | null {
  const flags = libc.fcntl(fd, F_GETFD, 0) as number;
  return flags < 0 ? null : flags;
}

/** Clear FD_CLOEXEC so `fd` survives execve. A closed fd is left alone (the program then finds it closed). */
export function keepAcrossExec(fd: number): void {
  libc.fcntl(fd, F_SETFD, 0);
}

/** dup2(2): `from` also as `to`, without close-on-exec. */
export function duplicateTo(from: number, to: number): void {
  check("dup2", libc.dup2(from, to), `${from} -> ${to}`);
}

// Event listeners (src/supervisord/events/listener-process.ts): events are
// written to a listener's stdin pipe without blocking monitor; what does
// not fit waits for the next attempt.
/** write(2) on a non-blocking fd: bytes written, or null when the pipe is full (EAGAIN). Throws SysError (EPIPE: the reader is gone). */
export function writeAvailable(fd: number, buf: Uint8Array): number | null {
  const n = Number(libc.write(fd, buf, buf.byteLength));
  if (n >= 0) return n;
  const e = errno();
  if (e === constants.errno.EAGAIN || e === constants.errno.EINTR) return null;
  throw new SysError("write", e, errnoName(e), `fd ${fd}`);
}

// daemontools' pgrphack and fghack (src/cli/pgrphack.ts, fghack.ts): a new
// session for the program, and fghack's wait for the end of its pipe, which
// blocks the thread on purpose (as fghack's own read does).

/** setsid(2); false when the caller already leads a process group (EPERM), as a supervised service does. */
export function startSession(): boolean {
  return libc.setsid() !== -1;
}

/** The caller's process group. */
export function ownProcessGroup(): number {
  return libc.getpgrp();
}

/** A blocking read(2), retried on EINTR: bytes read, 0 at end of file. */
export function readBlocking(fd: number, buf: Uint8Array): number {
  for (;;) {
    const n = Number(libc.read(fd, buf, buf.byteLength));
    if (n >= 0) return n;
    const e = errno();
    if (e !== constants.errno.EINTR) throw new SysError("read", e, errnoName(e), `fd ${fd}`);
  }
}
