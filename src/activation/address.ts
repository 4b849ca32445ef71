// `--listen` values: `[NAME=]tcp://HOST:PORT` or `[NAME=]unix:PATH`.
// HOST is an IP literal (`127.0.0.1`, `[::1]`, `0.0.0.0`, `[::]`); PORT 0
// lets the kernel choose. `unix:@NAME` is a Linux abstract socket, as
// systemd's ListenStream=@NAME. NAME goes to LISTEN_FDNAMES; without one the
// fd is named "unknown", what sd_listen_fds_with_names(3) reports for an
// fd that has no name. Names cannot hold ':' (the list separator).
import { UsageError } from "../errors.ts";
import { formatIPv4, formatIPv6, parseIPv4, parseIPv6 } from "./ip-literal.ts";

export type ListenAddress =
  | { readonly kind: "tcp"; readonly family: 4 | 6; readonly host: Uint8Array; readonly port: number; readonly name: string }
  | { readonly kind: "unix"; readonly path: string; readonly abstract: boolean; readonly name: string };

export const DEFAULT_FD_NAME = "unknown";
/** sun_path is 108 bytes with its NUL (an abstract name has a leading NUL instead). */
export const UNIX_PATH_MAX = 107;

const NAME = /^([A-Za-z0-9_.-]{1,255})=(.*)$/s;
const EXPECTED = "expected [NAME=]tcp://HOST:PORT or [NAME=]unix:PATH";

export function parseListenAddress(value: string, option = "--listen"): ListenAddress {
  const bad = (why: string) => new UsageError(`${option}: '${value}' ${why}`);
  let name = DEFAULT_FD_NAME;
  let rest = value;
  const named = NAME.exec(value);
  if (named && /^(tcp:\/\/|unix:)/.test(named[2]!)) [name, rest] = [named[1]!, named[2]!];
  if (rest.startsWith("unix:")) {
    const path = rest.slice("unix:".length);
    const abstract = path.startsWith("@");
    const bytes = Buffer.byteLength(abstract ? path.slice(1) : path);
    if (bytes === 0) throw bad("has an empty unix socket path");
    if (path.includes("\0")) throw bad("has a NUL byte in its path");
    if (bytes > UNIX_PATH_MAX) throw bad(`has a unix socket path longer than ${UNIX_PATH_MAX} bytes`);
    return { kind: "unix", path: abstract ? path.slice(1) : path, abstract, name };
  }
  if (!rest.startsWith("tcp://")) throw bad(`is not an address (${EXPECTED})`);
  const hostPort = rest.slice("tcp://".length);
  const m = /^(?:\[([^\]]*)\]|([^:[\]]*)):(\d{1,5})$/.exec(hostPort);
  if (!m) throw bad(`is not tcp://HOST:PORT (an IPv6 host goes in brackets: tcp://[::1]:8080)`);
  const port = Number(m[3]);
  if (port > 65535) throw bad(`has port ${port}, more than 65535`);
  if (m[1] !== undefined) {
    const host = parseIPv6(m[1]);
    if (!host) throw bad(`has '${m[1]}', which is not an IPv6 address literal`);
    return { kind: "tcp", family: 6, host, port, name };
  }
  const host = parseIPv4(m[2]!);
  if (!host) throw bad(`has '${m[2]}', which is not an IP address literal (e.g. 127.0.0.1, 0.0.0.0 or [::1])`);
  return { kind: "tcp", family: 4, host, port, name };
}

/** Canonical text without the name: `tcp://127.0.0.1:8080`, `tcp://[::1]:80`, `unix:/run/app.sock`, `unix:@app`. */
export function formatListenAddress(a: ListenAddress): string {
  if (a.kind === "unix") return `unix:${a.abstract ? "@" : ""}${a.path}`;
  const host = a.family === 4 ? formatIPv4(a.host) : `[${formatIPv6(a.host)}]`;
  return `tcp://${host}:${a.port}`;
}
