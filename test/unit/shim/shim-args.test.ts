import { describe, expect, test } from "bun:test";
import fc from "fast-check";
import { packShimArgs, unpackShimArgs, type ShimCommand } from "../../../src/shim/shim-args.ts";
import { UsageError } from "../../../src/errors.ts";

describe("exec shim arguments", () => {
  test("pack and unpack are inverse, with pid variables and kept descriptors", () => {
    const cmd = fc.record({
      request: fc.record(
        {
          pidVars: fc.constantFrom(["LISTEN_PID"], ["LISTEN_PID", "WATCHDOG_PID"]),
          keepFds: fc.uniqueArray(fc.integer({ min: 3, max: 1023 }), { minLength: 1, maxLength: 4 }),
          argv0: fc.string({ minLength: 1 }),
        },
        { requiredKeys: [] },
      ),
      program: fc.string({ minLength: 1 }),
      args: fc.array(fc.string()),
    }) as fc.Arbitrary<ShimCommand>;
    fc.assert(fc.property(cmd, (c) => expect(unpackShimArgs(packShimArgs(c))).toEqual(c)));
  });

  test("a kept descriptor below 3 or not a number is refused", () => {
    for (const bad of ["2", "x", "3,-1"]) expect(() => unpackShimArgs([`--keep-fds=${bad}`, "--", "prog"])).toThrow(UsageError);
  });
});
