import { describe, expect, test } from "bun:test";
import fc from "fast-check";
import { packReport, unpackReport } from "../../../src/daemon/report.ts";

describe("the --daemon start report", () => {
  test("pack and unpack are inverse for every status; a partial or foreign line is no report", () => {
    expect(unpackReport(packReport({ kind: "running" }))).toEqual({ kind: "running" });
    fc.assert(fc.property(fc.integer({ min: 0, max: 255 }), (status) => {
      expect(unpackReport(packReport({ kind: "exit", status }))).toEqual({ kind: "exit", status });
    }));
    for (const text of ["", "running", "exit 3", "exit 256\n", "exit -1\n", "ok\n"]) expect(unpackReport(text)).toBeUndefined();
  });
});
