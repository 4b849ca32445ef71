// Contrast cases: each property, fed a deliberately wrong machine, fails.
// A property that passed here too would be a test that cannot fail.
import { describe, expect, test } from "bun:test";
import fc from "fast-check";
import { step } from "../../../src/policy/machine.ts";
import type { PolicyConfig } from "../../../src/policy/types.ts";
import type { Step } from "./drive.ts";
import { delayCapHolds, fatalCountHolds, firstDelayAfterGoodRun, RUNS, stopLeavesNothing } from "./properties.ts";

describe("contrast: the properties catch a wrong machine", () => {
  const withConfig = (mutate: (c: PolicyConfig) => PolicyConfig): Step => (c, s, e) => step(mutate(c), s, e);

  test("a machine that retries once more than configured fails the FATAL property", () => {
    const wrong = withConfig((c) => ({ ...c, maxRetries: c.maxRetries + 1 }));
    expect(fc.check(fatalCountHolds(wrong), RUNS).failed).toBe(true);
  });

  test("a machine that ignores backoffMax fails the delay-cap property", () => {
    const wrong = withConfig((c) => ({ ...c, backoffMaxMs: Infinity }));
    expect(fc.check(delayCapHolds(wrong), RUNS).failed).toBe(true);
  });

  test("a machine that restarts at once after a good run fails the first-delay property", () => {
    const wrong = withConfig((c) => ({ ...c, restartDelayMs: 0 }));
    expect(fc.check(firstDelayAfterGoodRun(wrong), RUNS).failed).toBe(true);
  });

  test("a machine that never tells the engine to cancel a timer fails the stop property", () => {
    const wrong: Step = (c, s, e) => {
      const r = step(c, s, e);
      return { state: r.state, actions: r.actions.filter((a) => a.type !== "cancel") };
    };
    expect(fc.check(stopLeavesNothing(wrong), RUNS).failed).toBe(true);
  });
});
