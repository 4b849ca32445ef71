import { describe, expect, test } from "bun:test";
import fc from "fast-check";
import { packTai64n, tai64nFromMillis, unpackTai64n } from "../../../src/daemontools/tai64n.ts";

const hex = (b: Uint8Array) => Buffer.from(b).toString("hex");

describe("TAI64N labels", () => {
  test("the unix epoch is 2^62 + 10 seconds, as djb's tai_now() labels it", () => {
    expect(hex(packTai64n({ seconds: 0, nanoseconds: 0 }))).toBe("400000000000000a00000000");
  });
  test("seconds and nanoseconds are big-endian", () => {
    expect(hex(packTai64n({ seconds: 0x01020304, nanoseconds: 999_999_999 }))).toBe("400000000102030e3b9ac9ff");
  });
  test("a stamp taken from Debian's supervise decodes to its unix time", () => {
    // First 12 bytes of a supervise/status written by /usr/bin/supervise.
    const bytes = Buffer.from("400000006b03682d026ad004", "hex");
    expect(unpackTai64n(bytes)).toEqual({ seconds: 0x6b03682d - 10, nanoseconds: 0x026ad004 });
  });
  test("times before 1970 have labels below 2^62 + 10", () => {
    expect(hex(packTai64n({ seconds: -11, nanoseconds: 0 }))).toBe("3fffffffffffffff00000000");
  });
  test("pack then unpack gives the instant back, at any offset in a buffer", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -(2 ** 52), max: 2 ** 52 }),
        fc.integer({ min: 0, max: 999_999_999 }),
        fc.nat(8),
        (seconds, nanoseconds, at) => {
          const buf = packTai64n({ seconds, nanoseconds }, new Uint8Array(12 + at), at);
          expect(unpackTai64n(buf, at)).toEqual({ seconds, nanoseconds });
        },
      ),
    );
  });
  test("unpack then pack gives the bytes back for every label within safe integers", () => {
    const label = fc.bigInt({ min: (1n << 62n) - (1n << 52n), max: (1n << 62n) + (1n << 52n) });
    fc.assert(
      fc.property(label, fc.integer({ min: 0, max: 999_999_999 }), (l, ns) => {
        const bytes = new Uint8Array(12);
        const view = new DataView(bytes.buffer);
        view.setBigUint64(0, l);
        view.setUint32(8, ns);
        expect(hex(packTai64n(unpackTai64n(bytes)))).toBe(hex(bytes));
      }),
    );
  });
  test("out-of-range parts are refused rather than wrapped", () => {
    expect(() => packTai64n({ seconds: 1.5, nanoseconds: 0 })).toThrow(/seconds/);
    expect(() => packTai64n({ seconds: 0, nanoseconds: 1_000_000_000 })).toThrow(/nanoseconds/);
    expect(() => packTai64n({ seconds: 0, nanoseconds: -1 })).toThrow(/nanoseconds/);
    expect(() => unpackTai64n(new Uint8Array(11))).toThrow(/12 bytes/);
  });
  test("milliseconds since the epoch split into whole seconds and nanoseconds, also before 1970", () => {
    expect(tai64nFromMillis(1_795_385_379_040)).toEqual({ seconds: 1_795_385_379, nanoseconds: 40_000_000 });
    expect(tai64nFromMillis(-1)).toEqual({ seconds: -1, nanoseconds: 999_000_000 });
  });
});
