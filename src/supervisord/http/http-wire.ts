// HTTP/1.x requests off a byte stream, and response heads and chunks onto
// one. Pure. Our own because supervisorctl's `tail -f` client ends its
// request with one CRLF too many: Bun.serve's parser takes that CRLF for a
// second, bad request and writes "400 Bad Request" into the middle of the
// streaming answer. RFC 9112 section 2.2 says a server SHOULD ignore empty
// lines before a request line, which is what supervisord's medusa does and
// what this parser does.
//
// Request bodies come with Content-Length (Python's xmlrpc.client, curl,
// browsers' forms); a chunked request body is refused with 411.

export interface WireRequest {
  readonly method: string;
  /** The request target as sent: `/RPC2`, `/logtail/foo?x`, or an absolute URL. */
  readonly target: string;
  readonly version: "1.0" | "1.1";
  /** Names lower-cased, in the order sent. */
  readonly headers: ReadonlyArray<readonly [string, string]>;
  readonly body: Uint8Array;
}

export class WireError extends Error {
  override name = "WireError";
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export interface WireLimits {
  readonly maxHeadBytes: number;
  readonly maxBodyBytes: number;
}

export const DEFAULT_LIMITS: WireLimits = { maxHeadBytes: 64 * 1024, maxBodyBytes: 32 * 1024 * 1024 };

const CRLF2 = [13, 10, 13, 10];
const decoder = new TextDecoder("latin1");

function indexOfHeadEnd(buf: Uint8Array, from: number): number {
  for (let i = from; i + 3 < buf.length; i++) {
    if (buf[i] === 13 && buf[i + 1] === 10 && buf[i + 2] === 13 && buf[i + 3] === 10) return i;
  }
  return -1;
}

const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

function parseHead(text: string): Omit<WireRequest, "body"> {
  const lines = text.split("\r\n");
  const m = /^([!#$%&'*+.^_`|~0-9A-Za-z-]+) (\S+) HTTP\/1\.([01])$/.exec(lines[0]!);
  if (!m) throw new WireError(400, `bad request line '${lines[0]!.slice(0, 80)}'`);
  const headers: [string, string][] = [];
  for (const line of lines.slice(1)) {
    const colon = line.indexOf(":");
    const name = colon > 0 ? line.slice(0, colon) : "";
    if (!TOKEN.test(name)) throw new WireError(400, `bad header line '${line.slice(0, 80)}'`);
    headers.push([name.toLowerCase(), line.slice(colon + 1).trim()]);
  }
  return { method: m[1]!, target: m[2]!, version: m[3] === "0" ? "1.0" : "1.1", headers };
}

function bodyLength(headers: ReadonlyArray<readonly [string, string]>, limits: WireLimits): number {
  if (headers.some(([n]) => n === "transfer-encoding")) throw new WireError(411, "chunked request bodies are not accepted; send Content-Length");
  const lengths = headers.filter(([n]) => n === "content-length").map(([, v]) => v);
  if (lengths.length === 0) return 0;
  if (new Set(lengths).size > 1 || !/^\d{1,15}$/.test(lengths[0]!)) throw new WireError(400, `bad Content-Length '${lengths.join(", ")}'`);
  const n = Number(lengths[0]);
  if (n > limits.maxBodyBytes) throw new WireError(413, `request body of ${n} bytes is over the limit of ${limits.maxBodyBytes}`);
  return n;
}

/** Feed bytes as they arrive; take complete requests out. After a WireError the stream is unusable. */
export class RequestParser {
  private buf = new Uint8Array(0);

  constructor(private readonly limits: WireLimits = DEFAULT_LIMITS) {}

  push(chunk: Uint8Array): void {
    const next = new Uint8Array(this.buf.length + chunk.length);
    next.set(this.buf);
    next.set(chunk, this.buf.length);
    this.buf = next;
  }

  /** The next complete request, or null when more bytes are needed. Throws WireError. */
  next(): WireRequest | null {
    let start = 0;
    // Empty lines before a request line are ignored (RFC 9112 2.2).
    while (start + 1 < this.buf.length && this.buf[start] === 13 && this.buf[start + 1] === 10) start += 2;
    if (start > 0) this.buf = this.buf.subarray(start);
    const end = indexOfHeadEnd(this.buf, 0);
    if (end === -1) {
      if (this.buf.length > this.limits.maxHeadBytes) throw new WireError(431, `request head over ${this.limits.maxHeadBytes} bytes`);
      return null;
    }
    const head = parseHead(decoder.decode(this.buf.subarray(0, end)));
    const length = bodyLength(head.headers, this.limits);
    const bodyStart = end + CRLF2.length;
    if (this.buf.length < bodyStart + length) return null;
    const body = this.buf.slice(bodyStart, bodyStart + length);
    this.buf = this.buf.slice(bodyStart + length);
    return { ...head, body };
  }
}

const REASONS: Record<number, string> = {
  200: "OK", 204: "No Content", 301: "Moved Permanently", 302: "Found", 304: "Not Modified",
  400: "Bad Request", 401: "Unauthorized", 403: "Forbidden", 404: "Not Found", 405: "Method Not Allowed",
  411: "Length Required", 413: "Content Too Large", 431: "Request Header Fields Too Large",
  500: "Internal Server Error", 501: "Not Implemented", 503: "Service Unavailable",
};

export function reasonPhrase(status: number): string {
  return REASONS[status] ?? "Unknown";
}

/** `HTTP/1.1 200 OK\r\nName: value\r\n...\r\n\r\n`; header values lose CR and LF. */
export function packResponseHead(version: "1.0" | "1.1", status: number, headers: Iterable<readonly [string, string]>): string {
  let out = `HTTP/${version} ${status} ${reasonPhrase(status)}\r\n`;
  for (const [name, value] of headers) out += `${name}: ${value.replace(/[\r\n]+/g, " ")}\r\n`;
  return `${out}\r\n`;
}

/** One chunk of a chunked body (never empty: an empty chunk ends the body). */
export function packChunk(data: Uint8Array): Uint8Array {
  const size = new TextEncoder().encode(`${data.length.toString(16)}\r\n`);
  const out = new Uint8Array(size.length + data.length + 2);
  out.set(size);
  out.set(data, size.length);
  out.set([13, 10], size.length + data.length);
  return out;
}

export const LAST_CHUNK = new TextEncoder().encode("0\r\n\r\n");

/** Whether the connection stays open after this exchange (HTTP/1.1 by default, 1.0 only when asked). */
export function keepsAlive(req: Pick<WireRequest, "version" | "headers">): boolean {
  const connection = req.headers.filter(([n]) => n === "connection").map(([, v]) => v.toLowerCase());
  if (connection.some((v) => v.split(",").some((t) => t.trim() === "close"))) return false;
  if (req.version === "1.1") return true;
  return connection.some((v) => v.split(",").some((t) => t.trim() === "keep-alive"));
}
