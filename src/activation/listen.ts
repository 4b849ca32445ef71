// Listening sockets bound once by monitor and handed to every start of the
// child as fds 3, 4, ... (systemd's socket activation, sd_listen_fds(3)).
// Because monitor keeps them open across restarts and reloads, the kernel
// queues connections while no child accepts: none is refused.
import { lstatSync, statSync, unlinkSync } from "node:fs";
import { bindSocket, closeFd, duplicateAbove, listenSocket, openSocket, setSocketOption, socketAddress } from "../sys/libc.ts";
import { formatListenAddress, type ListenAddress } from "./address.ts";
import { AF_INET, AF_INET6, AF_UNIX, packSockaddr, unpackSockaddr } from "./sockaddr.ts";

/** sd_listen_fds(3): passed fds start at 3. */
export const LISTEN_FDS_START = 3;
/** monitor's copies live at or above this, so a child's dup2 to 3.. never lands on its own source
 *  (dup2 onto itself would keep close-on-exec and the fd would vanish at exec). */
export const HIGH_FD = 100;

const SOCK_STREAM = 1;
const SOL_SOCKET = 1;
const SO_REUSEADDR = 2;
const BACKLOG = 4096; // SOMAXCONN; the kernel caps it at net.core.somaxconn

export interface ListenSet {
  /** The addresses as bound (a port 0 resolved to the kernel's choice). */
  readonly bound: readonly ListenAddress[];
  /** monitor's close-on-exec copies, in order: the child gets them at 3, 4, ... */
  readonly fds: readonly number[];
  /** LISTEN_FDS and LISTEN_FDNAMES; LISTEN_PID is the child's own pid, set by the exec shim. */
  env(): Record<string, string>;
  /** Child fd -> monitor fd, for SpawnOptions.fds. */
  fdMap(): Map<number, number>;
  /** Close every socket and remove the unix socket files this set created. */
  close(): void;
}

/** Bind and listen on every address, in order; on any failure nothing stays open. Throws SysError. */
export function openListeners(addresses: readonly ListenAddress[]): ListenSet {
  const fds: number[] = [];
  const bound: ListenAddress[] = [];
  const files: Array<{ path: string; ino: number }> = [];
  const close = () => {
    for (const fd of fds.splice(0)) closeFd(fd);
    for (const f of files.splice(0)) removeIfSame(f.path, f.ino);
  };
  try {
    for (const a of addresses) {
      const fd = bindOne(a);
      fds.push(fd);
      bound.push(unpackSockaddr(socketAddress(fd), a.name));
      if (a.kind === "unix" && !a.abstract) files.push({ path: a.path, ino: statSync(a.path).ino });
    }
  } catch (e) {
    close();
    throw e;
  }
  return {
    bound,
    fds,
    env: () => ({ LISTEN_FDS: String(fds.length), LISTEN_FDNAMES: bound.map((b) => b.name).join(":") }),
    fdMap: () => new Map(fds.map((fd, i) => [LISTEN_FDS_START + i, fd])),
    close,
  };
}

function bindOne(a: ListenAddress): number {
  const what = `--listen ${formatListenAddress(a)}`;
  const domain = a.kind === "unix" ? AF_UNIX : a.family === 4 ? AF_INET : AF_INET6;
  if (a.kind === "unix" && !a.abstract) removeStaleSocket(a.path);
  const fd = openSocket(domain, SOCK_STREAM);
  try {
    // TIME_WAIT connections of a previous monitor must not block the port.
    if (a.kind === "tcp") setSocketOption(fd, SOL_SOCKET, SO_REUSEADDR, 1);
    bindSocket(fd, packSockaddr(a), what);
    listenSocket(fd, BACKLOG, what);
    return duplicateAbove(fd, HIGH_FD);
  } finally {
    closeFd(fd);
  }
}

/** A socket file left by a previous run blocks bind (EADDRINUSE); anything that is not a socket is left alone. */
function removeStaleSocket(path: string): void {
  try {
    if (lstatSync(path).isSocket()) unlinkSync(path);
  } catch {
    // absent: nothing to remove
  }
}

/** Remove our socket file unless something else has replaced it since. */
function removeIfSame(path: string, ino: number): void {
  try {
    if (lstatSync(path).ino === ino) unlinkSync(path);
  } catch {
    // already gone
  }
}
