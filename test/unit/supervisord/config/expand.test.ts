// %(name)s expansion against results computed by Python's `%` operator with
// the same mapping (supervisor's options.expand is exactly that operator).
import { describe, expect, test } from "bun:test";
import fc from "fast-check";
import { UsageError } from "../../../../src/errors.ts";
import { expandPercent } from "../../../../src/supervisord/config/expand.ts";

const vars = new Map<string, string | number>([
  ["program_name", "web"],
  ["process_num", 7],
  ["numprocs", 12],
  ["here", "/etc/sv"],
  ["ENV_HOME", "/root"],
  ["neg", -12],
]);

// [template, Python's `template % vars`]
const PYTHON: [string, string][] = [
  ["%(program_name)s", "web"],
  ["%(process_num)02d", "07"],
  ["%(process_num)d", "7"],
  ["%(program_name)s_%(process_num)03d", "web_007"],
  ["%(process_num)x", "7"],
  ["%(numprocs)#x", "0xc"],
  ["%(numprocs)#o", "0o14"],
  ["%(process_num)-4d|", "7   |"],
  ["%(process_num)+d", "+7"],
  ["%(neg)05d", "-0012"],
  ["%(program_name).1s", "w"],
  ["%(program_name)6s", "   web"],
  ["%(program_name)-6s|", "web   |"],
  ["%(process_num)s", "7"],
  ["%(program_name)r", "'web'"],
  ["%(process_num).2f", "7.00"],
  ["%(process_num)e", "7.000000e+00"],
  ["%(numprocs)g", "12"],
  ["100%%", "100%"],
  ["%%(here)s", "%(here)s"],
  ["%(here)s/%(ENV_HOME)s", "/etc/sv//root"],
  ["%(process_num)5.3d", "  007"],
  ["%(process_num) d", " 7"],
  ["%(neg)X", "-C"],
  ["%(process_num)c", "\u0007"],
  ["%(process_num)ld", "7"],
  ["no percent at all", "no percent at all"],
];

function errorOf(template: string): string {
  try {
    expandPercent(template, vars, "[program:web] command");
  } catch (e) {
    expect(e).toBeInstanceOf(UsageError);
    return (e as Error).message;
  }
  throw new Error(`no error for ${template}`);
}

describe("expandPercent", () => {
  test.each(PYTHON)("%j gives what Python gives", (template, expected) => {
    expect(expandPercent(template, vars, "k")).toBe(expected);
  });

  test.each([
    // [template, fragment]; every one of these raises in Python too.
    ["%(nope)s", "names %(nope), which is not defined here (defined: here, neg, numprocs, process_num, program_name, ENV_<variable>)"],
    ["%(program_name)d", "'web' is text, not a number"],
    ["%(here", "unclosed %("],
    ["%(here)", "ends inside a % conversion"],
    ["%(here)z", "'z' is not a conversion"],
    ["50%", "ends in a lone %"],
    ["%(process_num)*d", "* width"],
  ])("%j is an error naming the option and the value", (template, fragment) => {
    const message = errorOf(template);
    expect(message).toStartWith(`[program:web] command: '${template}' `);
    expect(message).toContain(fragment);
  });

  test("a conversion without a name is refused, where Python would insert the mapping", () => {
    expect(errorOf("date +%s")).toContain("has a % without a (name) at index 6 (write %% for a literal %)");
  });

  test("text without % comes back unchanged, %% always becomes %", () => {
    fc.assert(
      fc.property(fc.string().filter((s) => !s.includes("%")), fc.string().filter((s) => !s.includes("%")), (a, b) => {
        expect(expandPercent(a, vars, "k")).toBe(a);
        expect(expandPercent(`${a}%%${b}`, vars, "k")).toBe(`${a}%${b}`);
      }),
    );
  });

  test("%(process_num)0Nd pads every process number to N digits, as supervisord's process names do", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 99999 }), fc.integer({ min: 1, max: 8 }), (n, width) => {
        const got = expandPercent(`p_%(process_num)0${width}d`, new Map([["process_num", n]]), "k");
        expect(got).toBe(`p_${String(n).padStart(width, "0")}`);
      }),
    );
  });
});
