// Where `monitor ctl` talks to: supervisorctl's serverurl. `unix:///path` is
// HTTP over that unix socket; `http://host[:port]` is HTTP over TCP (port 80
// when none is given, as Python's httplib). Whatever path the URL carries,
// XML-RPC goes to /RPC2 (supervisor's transport ignores it), while
// `tail -f` appends /logtail/... to the URL as written.
import { UsageError } from "../errors.ts";

export interface Endpoint {
  /** The serverurl as given; supervisorctl's messages quote it. */
  readonly url: string;
  /** Socket path for unix://, undefined for http://. */
  readonly socketPath?: string;
  /** `http://host:port` to hand to fetch (for unix:// the host is `localhost`, as supervisor's client sends). */
  readonly origin: string;
  /** `Basic ...` when both username and password are set. */
  readonly authorization?: string;
}

export function parseEndpoint(url: string, username: string | null, password: string | null): Endpoint {
  // supervisor's transport sends credentials only when both are set; its
  // logtail client sends them whenever a password is set.
  const authorization =
    username !== null && password !== null ? `Basic ${Buffer.from(`${username}:${password}`).toString("base64")}` : undefined;
  if (url.startsWith("unix://")) {
    const socketPath = url.slice("unix://".length);
    if (!socketPath) throw new UsageError(`serverurl ${url} names no socket path`);
    return { url, socketPath, origin: "http://localhost", authorization };
  }
  if (url.startsWith("http://")) {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      throw new UsageError(`serverurl ${url} is not a URL`);
    }
    if (!parsed.hostname) throw new UsageError(`serverurl ${url} names no host`);
    return { url, origin: `http://${parsed.host}`, authorization };
  }
  throw new UsageError(`unknown protocol for serverurl ${url} (expected unix:///path or http://host:port)`);
}

/** fetch options that reach the endpoint (the unix socket, when there is one). */
export function fetchTarget(e: Endpoint, path: string): { url: string; unix?: string } {
  return e.socketPath === undefined ? { url: `${e.origin}${path}` } : { url: `${e.origin}${path}`, unix: e.socketPath };
}
