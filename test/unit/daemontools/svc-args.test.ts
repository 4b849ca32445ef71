import { describe, expect, test } from "bun:test";
import fc from "fast-check";
import { parseSvcArgs } from "../../../src/cli/svc.ts";

describe("svc's option parsing (daemontools' getopt)", () => {
  test("letters are kept once each, in the order first given, as daemontools' svc writes them", () => {
    // Debian's svc writes "tupcd" for -tuutpcd (seen with strace).
    expect(parseSvcArgs(["-tuutpcd", "a", "b"])).toEqual({ letters: ["t", "u", "p", "c", "d"], dirs: ["a", "b"] });
    expect(parseSvcArgs(["-u", "-d", "-u", "a"])).toEqual({ letters: ["u", "d"], dirs: ["a"] });
  });
  test("options end at the first operand, at --, and at a lone -", () => {
    expect(parseSvcArgs(["a", "-u"])).toEqual({ letters: [], dirs: ["a", "-u"] });
    expect(parseSvcArgs(["-u", "--", "-x"])).toEqual({ letters: ["u"], dirs: ["-x"] });
    expect(parseSvcArgs(["-u", "-", "b"])).toEqual({ letters: ["u"], dirs: ["-", "b"] });
    // Any word starting with -- ends them and is dropped, as Debian's svc does.
    expect(parseSvcArgs(["-u", "--up", "a"])).toEqual({ letters: ["u"], dirs: ["a"] });
  });
  test("no directories is not an error", () => {
    expect(parseSvcArgs(["-u"])).toEqual({ letters: ["u"], dirs: [] });
    expect(parseSvcArgs([])).toEqual({ letters: [], dirs: [] });
  });
  test("the first letter outside udopchaitkx is reported", () => {
    expect(parseSvcArgs(["-uz", "a"])).toEqual({ illegal: "z" });
    expect(parseSvcArgs(["-U"])).toEqual({ illegal: "U" });
    expect(parseSvcArgs(["-u-d", "a"])).toEqual({ illegal: "-" });
  });
  test("any mix of valid letters yields each distinct letter once and all operands", () => {
    const letter = fc.constantFrom(..."udopchaitkx");
    fc.assert(fc.property(fc.array(fc.array(letter, { minLength: 1, maxLength: 5 }), { maxLength: 5 }), (groups) => {
      const argv = [...groups.map((g) => `-${g.join("")}`), "dir"];
      const r = parseSvcArgs(argv) as { letters: string[]; dirs: string[] };
      expect(r.letters).toEqual([...new Set(groups.flat())]);
      expect(r.dirs).toEqual(["dir"]);
    }));
  });
});
