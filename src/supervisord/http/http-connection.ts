// One HTTP/1.x connection on a Bun socket: requests are parsed as bytes
// arrive and answered one at a time, in order; each becomes a fetch-style
// Request for the route handler, and its Response goes back on the wire:
// with its Content-Length when the handler set one, chunked otherwise
// (HTTP/1.0: raw, then close). Writes respect the socket's back-pressure, so
// a slow `tail -f` reader holds at most one chunk in memory. A client that
// goes away cancels the body it was reading (the log tap is released).
import type { Socket } from "bun";
import { keepsAlive, LAST_CHUNK, packChunk, packResponseHead, RequestParser, WireError, type WireRequest } from "./http-wire.ts";

export type HttpHandler = (req: Request, wire: WireRequest) => Response | Promise<Response>;

export interface ConnectionState {
  parser: RequestParser;
  busy: boolean;
  closed: boolean;
  pending: Uint8Array[];
  drained: (() => void)[];
  reading: { cancel(): Promise<void> } | null;
}

export function newConnectionState(): ConnectionState {
  return { parser: new RequestParser(), busy: false, closed: false, pending: [], drained: [], reading: null };
}

const encoder = new TextEncoder();

type Sock = Socket<ConnectionState>;

function write(s: Sock, bytes: Uint8Array): void {
  const c = s.data;
  if (c.closed || bytes.length === 0) return;
  if (c.pending.length) {
    c.pending.push(bytes);
    return;
  }
  const n = s.write(bytes);
  if (n < bytes.length) c.pending.push(bytes.subarray(Math.max(0, n)));
}

/** The socket is writable again: flush what waited, then wake writers. */
export function onDrain(s: Sock): void {
  const c = s.data;
  while (c.pending.length) {
    const head = c.pending[0]!;
    const n = s.write(head);
    if (n < head.length) {
      c.pending[0] = head.subarray(Math.max(0, n));
      return;
    }
    c.pending.shift();
  }
  for (const wake of c.drained.splice(0)) wake();
}

function flushed(s: Sock): Promise<void> {
  if (!s.data.pending.length || s.data.closed) return Promise.resolve();
  return new Promise((r) => s.data.drained.push(r));
}

export function onClose(s: Sock): void {
  const c = s.data;
  c.closed = true;
  c.pending = [];
  void c.reading?.cancel().catch(() => {});
  for (const wake of c.drained.splice(0)) wake();
}

function toRequest(w: WireRequest): Request {
  const url = /^https?:\/\//i.test(w.target) ? w.target : `http://localhost${w.target.startsWith("/") ? "" : "/"}${w.target}`;
  const headers = new Headers();
  for (const [n, v] of w.headers) headers.append(n, v);
  const hasBody = w.method !== "GET" && w.method !== "HEAD";
  return new Request(url, { method: w.method, headers, body: hasBody ? w.body : null });
}

function errorBytes(version: "1.0" | "1.1", status: number, text: string): Uint8Array {
  const body = `${text}\n`;
  const head = packResponseHead(version, status, [
    ["Content-Type", "text/plain;charset=utf-8"],
    ["Content-Length", String(encoder.encode(body).length)],
    ["Connection", "close"],
  ]);
  return encoder.encode(head + body);
}

async function sendResponse(s: Sock, w: WireRequest, res: Response, keepAlive: boolean): Promise<boolean> {
  const headers = new Map<string, string>();
  res.headers.forEach((v, k) => headers.set(k.toLowerCase(), v));
  const known = headers.has("content-length");
  const chunked = !known && w.version === "1.1" && res.body !== null;
  const body = w.method === "HEAD" ? null : res.body;
  if (res.body === null && !known) headers.set("content-length", "0");
  if (chunked) headers.set("transfer-encoding", "chunked");
  // Without a length or chunking, only closing the connection ends the body.
  const stay = keepAlive && (known || chunked || res.body === null);
  headers.set("connection", stay ? "keep-alive" : "close");
  write(s, encoder.encode(packResponseHead(w.version, res.status, headers)));
  if (body) {
    const reader = body.getReader();
    s.data.reading = reader;
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done || s.data.closed) break;
        if (value.length) write(s, chunked ? packChunk(value) : value);
        await flushed(s);
      }
    } finally {
      s.data.reading = null;
      reader.releaseLock();
    }
    if (chunked) write(s, LAST_CHUNK);
  }
  return stay;
}

/** Answer every complete request in order; one at a time per connection. */
export async function serveRequests(s: Sock, handler: HttpHandler): Promise<void> {
  const c = s.data;
  if (c.busy) return;
  c.busy = true;
  try {
    while (!c.closed) {
      let w: WireRequest | null;
      try {
        w = c.parser.next();
      } catch (e) {
        const err = e instanceof WireError ? e : new WireError(400, String(e));
        write(s, errorBytes("1.1", err.status, err.message));
        s.end();
        return;
      }
      if (!w) return;
      let res: Response;
      try {
        res = await handler(toRequest(w), w);
      } catch (e) {
        write(s, errorBytes(w.version, 500, `internal error: ${e instanceof Error ? e.message : String(e)}`));
        s.end();
        return;
      }
      const stay = await sendResponse(s, w, res, keepsAlive(w));
      if (!stay) {
        await flushed(s);
        s.end();
        return;
      }
    }
  } finally {
    c.busy = false;
  }
}
