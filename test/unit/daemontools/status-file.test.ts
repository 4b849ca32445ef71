import { describe, expect, test } from "bun:test";
import fc from "fast-check";
import {
  DAEMONTOOLS_STATUS_BYTES,
  packStatus,
  RUNIT_STATUS_BYTES,
  unpackStatus,
  type ServiceStatus,
} from "../../../src/daemontools/status-file.ts";

const hex = (b: Uint8Array) => Buffer.from(b).toString("hex");

const arbStatus: fc.Arbitrary<ServiceStatus> = fc.record({
  changedAt: fc.record({
    seconds: fc.integer({ min: 0, max: 2 ** 40 }),
    nanoseconds: fc.integer({ min: 0, max: 999_999_999 }),
  }),
  pid: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 0xffff_ffff })),
  paused: fc.boolean(),
  want: fc.constantFrom("up" as const, "down" as const, "none" as const),
});

describe("supervise/status in daemontools 0.76's layout", () => {
  test("a file written by Debian's supervise unpacks field by field", () => {
    // /usr/bin/supervise, service up as pid 4648 (0x1228), paused by `svc -p`.
    const bytes = Buffer.from("400000006b03682d026ad00428120000" + "0175", "hex");
    expect(unpackStatus(bytes)).toEqual({
      changedAt: { seconds: 0x6b03682d - 10, nanoseconds: 0x026ad004 },
      pid: 4648,
      paused: true,
      want: "up",
    });
  });
  test("packing gives exactly 18 bytes: stamp, little-endian pid, paused, want", () => {
    const bytes = packStatus({ changedAt: { seconds: 0, nanoseconds: 5 }, pid: 0x01020304, paused: true, want: "down" });
    expect(bytes.byteLength).toBe(DAEMONTOOLS_STATUS_BYTES);
    expect(hex(bytes)).toBe("400000000000000a00000005" + "04030201" + "01" + "64");
  });
  test("want 'none' (after svc -o) is a zero byte, as supervise writes it", () => {
    const bytes = packStatus({ changedAt: { seconds: 0, nanoseconds: 0 }, pid: 7, paused: false, want: "none" });
    expect(bytes[17]).toBe(0);
  });
  test("pack then unpack is the identity, in both layouts", () => {
    fc.assert(
      fc.property(arbStatus, (status) => {
        expect(unpackStatus(packStatus(status))).toEqual(status);
        const runit = unpackStatus(packStatus(status, "runit"));
        expect({ ...runit, runit: undefined }).toEqual({ ...status, runit: undefined });
      }),
    );
  });
  test("unpack then pack is the identity on every well-formed 18-byte file", () => {
    const wellFormed = fc
      .tuple(fc.uint8Array({ minLength: 16, maxLength: 16 }), fc.constantFrom(0, 1), fc.constantFrom(0, 0x75, 0x64))
      .map(([head, paused, want]) => {
        head[0] = 0x40; // labels near now, so seconds stay exact
        head[1] = head[2] = 0;
        head[8] = Math.min(head[8]!, 0x3a); // nanoseconds below 10^9 (0x3b9aca00)
        return Uint8Array.from([...head, paused, want]);
      });
    fc.assert(fc.property(wellFormed, (bytes) => expect(hex(packStatus(unpackStatus(bytes)))).toBe(hex(bytes))));
  });
  test("every want byte: only 'u' and 'd' mean anything, as svstat reads it", () => {
    for (let byte = 0; byte < 256; byte++) {
      const bytes = new Uint8Array(18);
      bytes[0] = 0x40;
      bytes[17] = byte;
      const expected = byte === 0x75 ? "up" : byte === 0x64 ? "down" : "none";
      expect(unpackStatus(bytes).want).toBe(expected);
    }
  });
  test("every paused byte: any non-zero byte is paused", () => {
    for (let byte = 0; byte < 256; byte++) {
      const bytes = new Uint8Array(18);
      bytes[16] = byte;
      expect(unpackStatus(bytes).paused).toBe(byte !== 0);
    }
  });
  test("a file shorter than 18 bytes is refused as bad format; longer ones are read", () => {
    for (let n = 0; n < 18; n++) expect(() => unpackStatus(new Uint8Array(n))).toThrow(/bad format/);
    expect(unpackStatus(new Uint8Array(18)).runit).toBeUndefined();
    expect(unpackStatus(new Uint8Array(19)).runit).toBeUndefined();
  });
  test("a pid outside 32 bits is refused, not truncated", () => {
    const base = { changedAt: { seconds: 0, nanoseconds: 0 }, paused: false, want: "up" as const };
    expect(() => packStatus({ ...base, pid: 2 ** 32 })).toThrow(/pid/);
    expect(() => packStatus({ ...base, pid: -1 })).toThrow(/pid/);
  });
});

describe("runit's 20-byte extension", () => {
  test("a file written by runit's runsv keeps daemontools' first 18 bytes and adds term flag and state", () => {
    // /usr/bin/runsv, service up as pid 4819 (0x12d3): state 1 = run.
    const bytes = Buffer.from("400000006b0368562d8ff2b4d3120000" + "0075" + "0001", "hex");
    const status = unpackStatus(bytes);
    expect(status).toMatchObject({ pid: 4819, paused: false, want: "up", runit: { termSent: false, state: "run" } });
    expect(hex(packStatus(status, "runit"))).toBe(hex(bytes));
  });
  test("without runit's fields, a live pid is written as state run and no pid as down", () => {
    const base = { changedAt: { seconds: 0, nanoseconds: 0 }, paused: false, want: "up" as const };
    expect(packStatus({ ...base, pid: 9 }, "runit").subarray(18)).toEqual(Uint8Array.from([0, 1]));
    expect(packStatus({ ...base, pid: 0 }, "runit").subarray(18)).toEqual(Uint8Array.from([0, 0]));
    expect(packStatus({ ...base, pid: 0 }, "runit").byteLength).toBe(RUNIT_STATUS_BYTES);
  });
  test("the states and the term flag round-trip", () => {
    for (const state of ["down", "run", "finish"] as const) {
      for (const termSent of [false, true]) {
        const status: ServiceStatus = {
          changedAt: { seconds: 1, nanoseconds: 2 }, pid: 3, paused: false, want: "down", runit: { termSent, state },
        };
        expect(unpackStatus(packStatus(status, "runit"))).toEqual(status);
      }
    }
  });
});
