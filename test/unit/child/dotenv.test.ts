import { describe, expect, test } from "bun:test";
import fc from "fast-check";
import { unpackDotenv } from "../../../src/child/dotenv.ts";
import { ConfigError } from "../../../src/errors.ts";

describe("unpackDotenv", () => {
  test("reads KEY=value lines, export prefixes, comments, quotes and trailing comments", () => {
    const text = [
      "# a comment",
      "",
      "PLAIN=value",
      "export EXPORTED=yes",
      "SPACED =  trimmed  ",
      "CUT=kept # dropped",
      "HASH=a#b",
      "SINGLE='literal \\n $X'",
      'DOUBLE="line\\nnext \\"q\\""',
      "EMPTY=",
    ].join("\n");
    expect(unpackDotenv(text, "f.env")).toEqual({
      PLAIN: "value",
      EXPORTED: "yes",
      SPACED: "trimmed",
      CUT: "kept",
      HASH: "a#b",
      SINGLE: "literal \\n $X",
      DOUBLE: 'line\nnext "q"',
      EMPTY: "",
    });
  });

  test("a later line wins over an earlier one", () => {
    expect(unpackDotenv("A=1\nA=2\n", "f")).toEqual({ A: "2" });
  });

  test.each([
    ["not a pair", 1],
    ["A=1\n1BAD=x", 2],
    ["A='open", 1],
    ['A="open', 1],
    ["A='x' tail", 1],
  ])("%j is refused with file:line", (text, line) => {
    let error: unknown;
    try {
      unpackDotenv(text, "app.env");
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).message).toStartWith(`app.env:${line}: `);
  });

  test("any value without a quote or newline survives being written single-quoted", () => {
    const value = fc.string().filter((v) => !v.includes("'") && !/[\r\n]/.test(v));
    fc.assert(fc.property(value, (v) => expect(unpackDotenv(`K='${v}'\n`, "f")).toEqual({ K: v })));
  });
});
