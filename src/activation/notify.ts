// NOTIFY_SOCKET: a unix datagram socket per start of the child, so a
// message is known to come from that start (the old child during a reload
// has its own). Sockets live in one private directory per monitor:
// mode 0711 so a child running as another user can reach a socket whose
// name it was given, but nobody can list the directory; the socket's name is
// 128 random bits, so knowing the path is the permission to send. Always a
// path, never an abstract name: abstract sockets are open to every process in
// the network namespace.
import { randomBytes } from "node:crypto";
import { chmodSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { bindSocket, closeFd, openSocket, receiveDatagram } from "../sys/libc.ts";
import { UNIX_PATH_MAX } from "./address.ts";
import { watchInput } from "./input-watch.ts";
import { unpackNotify, type NotifyFields } from "./notify-message.ts";
import { AF_UNIX, packSockaddr } from "./sockaddr.ts";

const SOCK_DGRAM = 2;
const SOCK_NONBLOCK = 0o4000;
// systemd reads notifications into a buffer of this size; longer ones are cut.
const NOTIFY_BUFFER = 4096;

export interface NotifySocket {
  readonly path: string;
  close(): void;
}

export class NotifyDirectory {
  private dir: string | undefined;
  private readonly buf = new Uint8Array(NOTIFY_BUFFER);

  /** A new socket; each datagram's fields go to `onFields`. Throws SysError. */
  open(onFields: (fields: NotifyFields) => void): NotifySocket {
    const path = join(this.directory(), `${randomBytes(16).toString("hex")}.sock`);
    const fd = openSocket(AF_UNIX, SOCK_DGRAM | SOCK_NONBLOCK);
    try {
      bindSocket(fd, packSockaddr({ kind: "unix", path, abstract: false, name: "" }), `NOTIFY_SOCKET ${path}`);
      chmodSync(path, 0o666);
    } catch (e) {
      closeFd(fd);
      throw e;
    }
    const unwatch = watchInput(fd, () => {
      for (;;) {
        const n = receiveDatagram(fd, this.buf);
        if (n === null) return;
        onFields(unpackNotify(Buffer.from(this.buf.subarray(0, n)).toString()));
      }
    });
    let open = true;
    return {
      path,
      close: () => {
        if (!open) return;
        open = false;
        unwatch();
        closeFd(fd);
        rmSync(path, { force: true });
      },
    };
  }

  /** Remove the directory (sockets still open keep working until closed). */
  close(): void {
    if (this.dir !== undefined) rmSync(this.dir, { recursive: true, force: true });
    this.dir = undefined;
  }

  private directory(): string {
    if (this.dir !== undefined) return this.dir;
    // A long TMPDIR would not leave room in sun_path for the socket's name.
    const base = tmpdir().length + 64 <= UNIX_PATH_MAX ? tmpdir() : "/tmp";
    this.dir = mkdtempSync(join(base, "monitor-notify-"));
    chmodSync(this.dir, 0o711);
    return this.dir;
  }
}
