// Opening supervisord's HTTP servers: a unix socket (`[unix_http_server]`,
// mode 0700 unless chmod=, owner from chown=) and/or a TCP port
// (`[inet_http_server]`). A socket file left behind by a dead server is
// replaced; one that still answers means another supervisor runs there, and
// supervisord refuses to start then, as monitor does.
import { chmodSync, chownSync, existsSync, lstatSync, unlinkSync } from "node:fs";
import { RuntimeError } from "../../errors.ts";
import { newConnectionState, onClose, onDrain, serveRequests, type ConnectionState, type HttpHandler } from "./http-connection.ts";

export type HttpEndpoint =
  | { readonly kind: "unix"; readonly path: string; readonly chmod: number; readonly chown: { uid: number; gid: number } | null }
  | { readonly kind: "inet"; readonly host: string | null; readonly port: number };

export interface HttpListener {
  /** `unix:///path` or `http://host:port`. */
  readonly url: string;
  close(): void;
}

function socketHandlers(handler: HttpHandler) {
  return {
    open(s: import("bun").Socket<ConnectionState>) {
      s.data = newConnectionState();
    },
    data(s: import("bun").Socket<ConnectionState>, bytes: Uint8Array) {
      s.data.parser.push(bytes);
      void serveRequests(s, handler);
    },
    drain: onDrain,
    close: onClose,
    error(s: import("bun").Socket<ConnectionState>) {
      onClose(s);
    },
  };
}

async function answers(path: string): Promise<boolean> {
  try {
    const sock = await Bun.connect({ unix: path, socket: { data() {}, error() {} } });
    sock.end();
    return true;
  } catch {
    return false;
  }
}

async function clearStaleSocket(path: string): Promise<void> {
  if (!existsSync(path)) return;
  if (!lstatSync(path).isSocket()) throw new RuntimeError(`unix://${path}: exists and is not a socket; remove it or change [unix_http_server] file=`);
  if (await answers(path)) throw new RuntimeError(`unix://${path}: another program is already listening there (a supervisord or monitor still running?)`);
  unlinkSync(path);
}

export async function listenHttp(e: HttpEndpoint, handler: HttpHandler): Promise<HttpListener> {
  if (e.kind === "unix") {
    await clearStaleSocket(e.path);
    let listener: import("bun").UnixSocketListener<ConnectionState>;
    try {
      listener = Bun.listen<ConnectionState>({ unix: e.path, socket: socketHandlers(handler) });
    } catch (err) {
      throw new RuntimeError(`unix://${e.path}: cannot listen (${(err as NodeJS.ErrnoException).code ?? err})`);
    }
    chmodSync(e.path, e.chmod);
    if (e.chown) chownSync(e.path, e.chown.uid, e.chown.gid);
    return {
      url: `unix://${e.path}`,
      close() {
        listener.stop(true);
        try {
          unlinkSync(e.path);
        } catch {
          // already gone
        }
      },
    };
  }
  const hostname = e.host ?? "0.0.0.0";
  let listener: import("bun").TCPSocketListener<ConnectionState>;
  try {
    listener = Bun.listen<ConnectionState>({ hostname, port: e.port, socket: socketHandlers(handler) });
  } catch (err) {
    throw new RuntimeError(`http://${hostname}:${e.port}: cannot listen (${(err as NodeJS.ErrnoException).code ?? err})`);
  }
  return { url: `http://${hostname}:${listener.port}`, close: () => listener.stop(true) };
}
