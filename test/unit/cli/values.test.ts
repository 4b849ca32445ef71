import { describe, expect, test } from "bun:test";
import fc from "fast-check";
import { constants } from "node:os";
import { parseDuration, parseExitCodes, parseSignal, parseSize, parseUmask, signalName } from "../../../src/cli/values.ts";
import { UsageError } from "../../../src/errors.ts";

describe("parseDuration", () => {
  test("reads every unit SPEC.md names, and bare numbers as seconds", () => {
    expect(parseDuration("250ms")).toBe(250);
    expect(parseDuration("10s")).toBe(10_000);
    expect(parseDuration("5m")).toBe(300_000);
    expect(parseDuration("1h")).toBe(3_600_000);
    expect(parseDuration("3")).toBe(3000);
    expect(parseDuration("0.5")).toBe(500);
    expect(parseDuration("0")).toBe(0);
  });
  test("rejects junk with a one-line error naming the option and the value", () => {
    for (const bad of ["", "ten", "10x", "-1s", "1.s", "s"]) {
      expect(() => parseDuration(bad, "--backoff")).toThrow(UsageError);
      try {
        parseDuration(bad, "--backoff");
      } catch (e) {
        expect(String((e as Error).message)).toContain("--backoff");
        expect(String((e as Error).message)).not.toContain("\n");
      }
    }
  });
  test("any whole number of ms round-trips", () => {
    fc.assert(fc.property(fc.nat(10_000_000), (n) => parseDuration(`${n}ms`) === n));
  });
});

describe("parseSignal", () => {
  test("accepts TERM, SIGTERM, term and 15 alike, for every signal the OS knows", () => {
    for (const [name, n] of Object.entries(constants.signals)) {
      const short = name.slice(3);
      expect(parseSignal(name)).toBe(n);
      expect(parseSignal(short)).toBe(n);
      expect(parseSignal(short.toLowerCase())).toBe(n);
      expect(parseSignal(String(n))).toBe(n);
    }
  });
  test("0 only where allowed (a --map-signal target that drops)", () => {
    expect(parseSignal("0", "--map-signal", true)).toBe(0);
    expect(() => parseSignal("0")).toThrow(UsageError);
    expect(() => parseSignal("65")).toThrow(UsageError);
    expect(() => parseSignal("SIGNOPE")).toThrow(/SIGNOPE/);
  });
  test("signalName prefers classic names", () => {
    expect(signalName(constants.signals.SIGABRT)).toBe("SIGABRT");
    expect(signalName(constants.signals.SIGIO)).toBe("SIGIO");
    expect(signalName(15)).toBe("SIGTERM");
  });
});

describe("parseSize", () => {
  test("powers of 1024, as supervisord reads them", () => {
    expect(parseSize("512")).toBe(512);
    expect(parseSize("10KB")).toBe(10 * 1024);
    expect(parseSize("50MB")).toBe(50 * 1024 * 1024);
    expect(parseSize("1GB")).toBe(1024 ** 3);
    expect(parseSize("1gb")).toBe(1024 ** 3);
    expect(() => parseSize("1TB")).toThrow(UsageError);
    expect(() => parseSize("MB")).toThrow(UsageError);
  });
});

test("exit code lists and umasks", () => {
  expect(parseExitCodes("0,2,143")).toEqual([0, 2, 143]);
  expect(() => parseExitCodes("0,256")).toThrow(/256/);
  expect(() => parseExitCodes("")).toThrow(UsageError);
  expect(parseUmask("022")).toBe(0o22);
  expect(parseUmask("0o077")).toBe(0o77);
  expect(() => parseUmask("9")).toThrow(UsageError);
});
