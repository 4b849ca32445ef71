// struct sockaddr_in / sockaddr_in6 / sockaddr_un as Linux lays them out
// (<netinet/in.h>, <sys/un.h>): the family in host byte order, the port in
// network order. An abstract unix name is sun_path[0] = NUL followed by the
// name, its length given by addrlen alone (unix(7)).
import { endianness } from "node:os";
import type { ListenAddress } from "./address.ts";

export const AF_UNIX = 1;
export const AF_INET = 2;
export const AF_INET6 = 10;

const LE = endianness() === "LE";

/** The address to pass to bind(2), sized as addrlen. */
export function packSockaddr(a: ListenAddress): Uint8Array {
  if (a.kind === "unix") {
    const path = Buffer.from(a.path);
    // pathname: trailing NUL counted; abstract: leading NUL, nothing after the name
    const out = new Uint8Array(2 + 1 + path.length);
    new DataView(out.buffer).setUint16(0, AF_UNIX, LE);
    out.set(path, a.abstract ? 3 : 2);
    return out;
  }
  const out = new Uint8Array(a.family === 4 ? 16 : 28);
  const view = new DataView(out.buffer);
  view.setUint16(0, a.family === 4 ? AF_INET : AF_INET6, LE);
  view.setUint16(2, a.port, false);
  out.set(a.host, a.family === 4 ? 4 : 8);
  return out;
}

/** What getsockname(2) returned, back into an address (named `name`). */
export function unpackSockaddr(bytes: Uint8Array, name: string): ListenAddress {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const family = view.getUint16(0, LE);
  if (family === AF_INET) return { kind: "tcp", family: 4, host: bytes.slice(4, 8), port: view.getUint16(2, false), name };
  if (family === AF_INET6) return { kind: "tcp", family: 6, host: bytes.slice(8, 24), port: view.getUint16(2, false), name };
  if (family !== AF_UNIX) throw new Error(`unpackSockaddr: unknown address family ${family}`);
  const abstract = bytes.length > 2 && bytes[2] === 0;
  let path = bytes.subarray(abstract ? 3 : 2);
  if (!abstract) {
    const nul = path.indexOf(0);
    if (nul >= 0) path = path.subarray(0, nul);
  }
  return { kind: "unix", path: Buffer.from(path).toString(), abstract, name };
}
