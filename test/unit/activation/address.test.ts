import { describe, expect, test } from "bun:test";
import fc from "fast-check";
import { isIPv6 } from "node:net";
import { formatListenAddress, parseListenAddress } from "../../../src/activation/address.ts";
import { formatIPv6, parseIPv6 } from "../../../src/activation/ip-literal.ts";
import { packSockaddr, unpackSockaddr } from "../../../src/activation/sockaddr.ts";
import { UsageError } from "../../../src/errors.ts";

const ipv4 = fc.tuple(fc.nat(255), fc.nat(255), fc.nat(255), fc.nat(255)).map((b) => b.join("."));
const ipv6 = fc.ipV6();
const port = fc.integer({ min: 0, max: 65535 });
const name = fc.stringMatching(/^[A-Za-z0-9_.-]{1,20}$/);

describe("--listen addresses", () => {
  test("tcp and unix addresses parse to what they name, with the fd name before '='", () => {
    expect(parseListenAddress("tcp://127.0.0.1:8080")).toEqual({ kind: "tcp", family: 4, host: new Uint8Array([127, 0, 0, 1]), port: 8080, name: "unknown" });
    expect(parseListenAddress("web=unix:/run/app.sock")).toEqual({ kind: "unix", path: "/run/app.sock", abstract: false, name: "web" });
    expect(parseListenAddress("unix:@app")).toMatchObject({ kind: "unix", path: "app", abstract: true });
    expect(formatListenAddress(parseListenAddress("tcp://[::1]:443"))).toBe("tcp://[::1]:443");
    // '=' inside a path is part of the path when no scheme follows it.
    expect(parseListenAddress("unix:/tmp/a=b")).toMatchObject({ path: "/tmp/a=b", name: "unknown" });
  });

  test("every bad address is a UsageError naming the option and the value", () => {
    for (const bad of ["localhost:80", "tcp://localhost:80", "tcp://127.0.0.1", "tcp://127.0.0.1:65536", "tcp://::1:80", "tcp://[::g]:80", "unix:", "unix:@", `unix:/${"x".repeat(107)}`, "udp://1.2.3.4:5"]) {
      expect(() => parseListenAddress(bad)).toThrow(UsageError);
      expect(() => parseListenAddress(bad)).toThrow(`--listen: '${bad}'`);
    }
  });

  test("format(parse(x)) is canonical and parses back to the same address (IPv4, IPv6, unix)", () => {
    fc.assert(
      fc.property(fc.oneof(ipv4.map((h) => `tcp://${h}`), ipv6.map((h) => `tcp://[${h}]`)), port, name, (host, p, n) => {
        const a = parseListenAddress(`${n}=${host}:${p}`);
        expect(parseListenAddress(`${n}=${formatListenAddress(a)}`)).toEqual(a);
      }),
    );
  });

  test("IPv6 literals parse as node:net reads them and format in RFC 5952's short form", () => {
    fc.assert(
      fc.property(ipv6, (h) => {
        expect(isIPv6(h)).toBe(true);
        const bytes = parseIPv6(h)!;
        expect(bytes).toHaveLength(16);
        expect(parseIPv6(formatIPv6(bytes))).toEqual(bytes);
      }),
    );
    expect(formatIPv6(parseIPv6("0:0:0:0:0:0:0:1")!)).toBe("::1");
    expect(formatIPv6(parseIPv6("2001:db8:0:0:1:0:0:1")!)).toBe("2001:db8::1:0:0:1");
  });

  test("sockaddr pack and unpack are inverse, as bind(2) and getsockname(2) see them", () => {
    fc.assert(
      fc.property(fc.oneof(ipv4.map((h) => `tcp://${h}`), ipv6.map((h) => `tcp://[${h}]`)), port, (host, p) => {
        const a = parseListenAddress(`${host}:${p}`);
        expect(unpackSockaddr(packSockaddr(a), a.name)).toEqual(a);
      }),
    );
    for (const v of ["unix:/run/x.sock", "unix:@abstract"]) {
      const a = parseListenAddress(v);
      expect(unpackSockaddr(packSockaddr(a), a.name)).toEqual(a);
    }
  });
});
