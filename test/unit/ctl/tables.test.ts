import { describe, expect, test } from "bun:test";
import fc from "fast-check";
import { formatChanges, formatConfigInfo, formatStatusLines } from "../../../src/ctl/tables.ts";
import { formatSignalResult, formatStartResult, UnexpectedResult } from "../../../src/ctl/results.ts";
import { statusForFault } from "../../../src/ctl/exit-status.ts";
import { Faults } from "../../../src/supervisord/faults.ts";

const name = fc.stringMatching(/^[a-z][a-z0-9_-]{0,40}$/);

describe("supervisorctl's tables", () => {
  test("status: the state column starts at max(30, longest namespec) + 3 on every line", () => {
    fc.assert(
      fc.property(fc.array(fc.record({ name, group: name, statename: fc.constantFrom("RUNNING", "STOPPED", "FATAL"), description: fc.string() }), { minLength: 1, maxLength: 8 }), (rows) => {
        const lines = formatStatusLines(rows);
        const specs = rows.map((r) => (r.group === r.name ? r.name : `${r.group}:${r.name}`));
        const col = Math.max(30, ...specs.map((s) => s.length)) + 3;
        lines.forEach((line, i) => {
          expect(line.slice(0, col).trimEnd()).toBe(specs[i]!);
          expect(line.slice(col, col + 10).trimEnd()).toBe(rows[i]!.statename);
          expect(line.slice(col + 10)).toBe(rows[i]!.description);
        });
      }),
    );
  });

  test("avail and reread lines as supervisorctl writes them", () => {
    expect(formatConfigInfo({ name: "a", group: "g", inuse: false, autostart: true, group_prio: 5, process_prio: 999 })).toBe(`${"g:a".padEnd(32)} avail     auto      5:999`);
    expect(formatChanges(["b", "a"], ["c"], [])).toEqual(["a: available", "b: available", "c: changed"]);
    expect(formatChanges([], [], [])).toEqual(["No config updates to processes"]);
  });
});

describe("result lines and exit statuses", () => {
  test("each fault code has its words; one supervisorctl does not expect is an error", () => {
    const r = (status: number) => ({ name: "web", group: "web", status, description: "FAILED: boom" });
    expect(formatStartResult(r(Faults.SPAWN_ERROR))).toBe("web: ERROR (spawn error)");
    expect(formatSignalResult(r(Faults.FAILED))).toBe("FAILED: boom");
    expect(() => formatStartResult(r(Faults.FAILED))).toThrow(UnexpectedResult);
  });

  test("dead-program faults give 7, the ignored code and SUCCESS keep the status, others give 1", () => {
    expect(statusForFault(0, Faults.NOT_RUNNING)).toBe(7);
    expect(statusForFault(3, Faults.NOT_RUNNING, Faults.NOT_RUNNING)).toBe(3);
    expect(statusForFault(0, Faults.SUCCESS)).toBe(0);
    expect(statusForFault(0, Faults.BAD_NAME)).toBe(1);
  });
});
