import { describe, expect, test } from "bun:test";
import fc from "fast-check";
import { keepsAlive, packChunk, packResponseHead, RequestParser, WireError, type WireRequest } from "../../../../src/supervisord/http/http-wire.ts";

const enc = new TextEncoder();

function parseAll(chunks: Uint8Array[]): WireRequest[] {
  const p = new RequestParser();
  const out: WireRequest[] = [];
  for (const c of chunks) {
    p.push(c);
    for (let r = p.next(); r; r = p.next()) out.push(r);
  }
  return out;
}

function errorOf(text: string): WireError {
  const p = new RequestParser({ maxHeadBytes: 256, maxBodyBytes: 64 });
  p.push(enc.encode(text));
  try {
    p.next();
  } catch (e) {
    return e as WireError;
  }
  throw new Error("no error");
}

describe("HTTP/1.x request parsing", () => {
  test("supervisorctl tail -f's request, with one CRLF too many, is one request and nothing else", () => {
    const text = "GET /logtail/web/stdout HTTP/1.1\r\nHost: \r\nAccept-Encoding: chunked\r\nAccept: */*\r\nUser-agent: Supervisor HTTP Client\r\n\r\n\r\n";
    const p = new RequestParser();
    p.push(enc.encode(text));
    const r = p.next();
    expect(r).toMatchObject({ method: "GET", target: "/logtail/web/stdout", version: "1.1" });
    expect(r!.headers).toContainEqual(["host", ""]);
    expect(p.next()).toBeNull();
  });

  test("requests cut at any byte boundary parse as when sent whole, pipelined ones in order", () => {
    const request = fc.record({
      method: fc.constantFrom("GET", "POST", "PUT"),
      path: fc.stringMatching(/^\/[A-Za-z0-9_./-]{0,20}$/),
      body: fc.uint8Array({ maxLength: 200 }),
      headers: fc.array(fc.tuple(fc.stringMatching(/^X-[A-Za-z]{1,8}$/), fc.stringMatching(/^[ -~]{0,20}$/)), { maxLength: 4 }),
    });
    fc.assert(
      fc.property(fc.array(request, { minLength: 1, maxLength: 3 }), fc.array(fc.integer({ min: 1, max: 50 }), { minLength: 1 }), (reqs, cuts) => {
        const bytes = Buffer.concat(
          reqs.map((r) => {
            const head = `${r.method} ${r.path} HTTP/1.1\r\n${r.headers.map(([k, v]) => `${k}: ${v}\r\n`).join("")}Content-Length: ${r.body.length}\r\n\r\n`;
            return Buffer.concat([enc.encode(head), r.body]);
          }),
        );
        const chunks: Uint8Array[] = [];
        for (let at = 0, i = 0; at < bytes.length; i++) {
          const n = cuts[i % cuts.length]!;
          chunks.push(bytes.subarray(at, at + n));
          at += n;
        }
        const parsed = parseAll(chunks);
        expect(parsed.map((p) => [p.method, p.target, [...p.body]])).toEqual(reqs.map((r) => [r.method, r.path, [...r.body]]));
        expect(parsed.map((p) => p.headers.filter(([n]) => n.startsWith("x-")).map(([, v]) => v))).toEqual(reqs.map((r) => r.headers.map(([, v]) => v.trim())));
      }),
    );
  });

  test("a bad request line, a header without a colon, a bad or doubled length are 400", () => {
    expect(errorOf("NONSENSE\r\n\r\n").status).toBe(400);
    expect(errorOf("GET / HTTP/2.0\r\n\r\n").status).toBe(400);
    expect(errorOf("GET / HTTP/1.1\r\nno colon here\r\n\r\n").status).toBe(400);
    expect(errorOf("POST / HTTP/1.1\r\nContent-Length: ten\r\n\r\n").status).toBe(400);
    expect(errorOf("POST / HTTP/1.1\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n").status).toBe(400);
  });

  test("a chunked body is 411, an oversized body 413, an endless head 431", () => {
    expect(errorOf("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n").status).toBe(411);
    expect(errorOf("POST / HTTP/1.1\r\nContent-Length: 65\r\n\r\n").status).toBe(413);
    expect(errorOf(`GET / HTTP/1.1\r\nX-A: ${"a".repeat(300)}`).status).toBe(431);
  });

  test("HTTP/1.1 stays open unless Connection: close; HTTP/1.0 only with keep-alive", () => {
    const cases: [WireRequest["version"], [string, string][], boolean][] = [
      ["1.1", [], true],
      ["1.1", [["connection", "close"]], false],
      ["1.1", [["connection", "keep-alive, Close"]], false],
      ["1.0", [], false],
      ["1.0", [["connection", "Keep-Alive"]], true],
    ];
    for (const [version, headers, stays] of cases) expect(keepsAlive({ version, headers })).toBe(stays);
  });
});

describe("response framing", () => {
  test("a head is the status line, the headers and an empty line; values cannot smuggle a line", () => {
    expect(packResponseHead("1.1", 404, [["Content-Length", "0"], ["X", "a\r\nInjected: 1"]])).toBe("HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nX: a Injected: 1\r\n\r\n");
  });

  test("a chunk is its hex size, CRLF, the bytes, CRLF", () => {
    expect(new TextDecoder().decode(packChunk(enc.encode("x".repeat(26))))).toBe(`1a\r\n${"x".repeat(26)}\r\n`);
  });
});
