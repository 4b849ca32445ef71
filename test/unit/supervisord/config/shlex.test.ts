// command= splitting (shlex.split) and environment= pairs
// (dict_of_key_value_pairs), against results computed with Python 3.11 and
// supervisor 4.2.5 for the same strings.
import { describe, expect, test } from "bun:test";
import fc from "fast-check";
import { parseEnvironment } from "../../../../src/supervisord/config/environment.ts";
import { splitCommand } from "../../../../src/supervisord/config/shlex.ts";

const SPLIT: [string, string[]][] = [
  ["/bin/sleep 10", ["/bin/sleep", "10"]],
  ['sh -c "echo a; echo b"', ["sh", "-c", "echo a; echo b"]],
  ["a 'b c' d", ["a", "b c", "d"]],
  ["a\\ b", ["a b"]],
  ['a "x\\"y" z', ["a", 'x"y', "z"]],
  ['"" x', ["", "x"]],
  ["''", [""]],
  ["a\\\\b", ["a\\b"]],
  ['a"b"c', ["abc"]],
  ["x  \t y\n z", ["x", "y", "z"]],
  ['"a\\nb"', ["a\\nb"]],
  ["a#b # c", ["a#b", "#", "c"]],
  ["'a\\b'", ["a\\b"]],
];

const ENVIRONMENT: [string, Record<string, string>][] = [
  ["A=1", { A: "1" }],
  ['A="x y",B=2', { A: "x y", B: "2" }],
  ["A=1,B=2,", { A: "1", B: "2" }],
  ["A=/usr/bin:/bin", { A: "/usr/bin:/bin" }],
  ["A=\"a,b\",B='c d'", { A: "a,b", B: "c d" }],
  ["A=-x", { A: "-x" }],
  ['KEY="val"  ,  K2=v2', { KEY: "val", K2: "v2" }],
  ["A=(x)", { A: "(x)" }],
  ["A=1;B=2", { A: "1", B: "2" }],
  ['A=""', { A: "" }],
  ["A=x+y.z", { A: "x+y.z" }],
  ["A=a#comment\n,B=2", { A: "a", B: "2" }],
  ['A="q#q"', { A: "q#q" }],
  ["A=1,\n  B=2", { A: "1", B: "2" }],
  ["", {}],
];

describe("splitCommand", () => {
  test.each(SPLIT)("%j splits as shlex.split does", (command, argv) => {
    expect(splitCommand(command, "k")).toEqual(argv);
  });

  test.each(['"abc', "a\\", "'x", "a 'it\\'s'"])("%j is an error, as shlex.split raises", (command) => {
    expect(() => splitCommand(command, "[program:x] command")).toThrow(/^\[program:x\] command: '.*' (has no closing quotation|ends with a lone backslash)$/);
  });

  test("words of plain characters split on any run of spaces and tabs", () => {
    fc.assert(
      fc.property(fc.array(fc.stringMatching(/^[A-Za-z0-9_./=:-]+$/), { minLength: 1 }), fc.constantFrom(" ", "\t", "  \t "), (words, gap) => {
        expect(splitCommand(words.join(gap), "k")).toEqual(words);
      }),
    );
  });

  test("a single-quoted word comes back exactly, whatever it contains but a quote", () => {
    fc.assert(
      fc.property(fc.string().filter((s) => !s.includes("'")), (s) => {
        expect(splitCommand(`cmd '${s}'`, "k")).toEqual(["cmd", s]);
      }),
    );
  });
});

describe("parseEnvironment", () => {
  test.each(ENVIRONMENT)("%j gives supervisor's pairs", (text, pairs) => {
    expect(parseEnvironment(text, "k")).toEqual(pairs);
  });

  test.each([
    // supervisor would silently keep A=x (dropping y) or A=a (dropping @b); monitor says so.
    ["A=x y", "the value of A runs into 'y'"],
    ["A=a@b", "the value of A runs into '@'"],
    ["A=caf\u00e9", "the value of A runs into '\u00e9'"],
    ["A", "is not KEY=value pairs"],
    ["A=1,,B=2", "is not KEY=value pairs"],
    ['A="open', "has no closing quotation"],
  ])("%j is an error naming the option", (text, fragment) => {
    expect(() => parseEnvironment(text, "[program:x] environment")).toThrow(`[program:x] environment: `);
    expect(() => parseEnvironment(text, "[program:x] environment")).toThrow(fragment);
  });

  test("any double-quoted value without a quote survives commas, spaces, = and #", () => {
    fc.assert(
      fc.property(fc.dictionary(fc.stringMatching(/^[A-Z_][A-Z0-9_]*$/), fc.string().filter((v) => !/["']/.test(v))), (env) => {
        const text = Object.entries(env).map(([k, v]) => `${k}="${v}"`).join(",");
        expect(parseEnvironment(text, "k")).toEqual(env);
      }),
    );
  });
});
