// Contrast cases: each property, fed a deliberately wrong machine, fails.
// A property that passed here too would be a test that cannot fail.
import { describe, expect, test } from "bun:test";
import fc from "fast-check";
import { step } from "../../../src/policy/machine.ts";
import type { PolicyConfig } from "../../../src/policy/types.ts";
import type { Step } from "./drive.ts";
import { contractHolds, doneWhenSettled, givesUpAtOnce, staleTimerIgnored } from "./properties-contract.ts";
import {
  delayCapHolds,
  fatalCountHolds,
  firstDelayAfterGoodRun,
  nthDelayHolds,
  pauseInsertionsInvisible,
  pauseIsNoAction,
  RUNS,
  stopLeavesNothing,
} from "./properties.ts";

const fails = <T>(property: fc.IProperty<T>) => fc.check(property, RUNS).failed;

describe("contrast: the properties catch a wrong machine", () => {
  const withConfig = (mutate: (c: PolicyConfig) => PolicyConfig): Step => (c, s, e) => step(mutate(c), s, e);

  test("a machine that retries once more than configured fails the FATAL property", () => {
    expect(fails(fatalCountHolds(withConfig((c) => ({ ...c, maxRetries: c.maxRetries + 1 }))))).toBe(true);
  });

  test("a machine that ignores backoffMax fails the delay-cap property", () => {
    expect(fails(delayCapHolds(withConfig((c) => ({ ...c, backoffMaxMs: Infinity }))))).toBe(true);
  });

  test("a machine that restarts at once after a good run fails the first-delay property", () => {
    expect(fails(firstDelayAfterGoodRun(withConfig((c) => ({ ...c, restartDelayMs: 0 }))))).toBe(true);
  });

  test("a machine that keeps counting failed starts across a good run fails the reset property", () => {
    // Only a start request or a rollback may lower the count in this machine.
    const noReset: Step = (c, s, e) => {
      const r = step(c, s, e);
      if (e.type === "start" || e.type === "rollback-done" || r.state.failures >= s.failures) return r;
      return { state: { ...r.state, failures: s.failures }, actions: r.actions };
    };
    expect(fails(nthDelayHolds(noReset))).toBe(true);
  });

  test("a machine that never tells the engine to cancel a timer fails the stop property", () => {
    const wrong: Step = (c, s, e) => {
      const r = step(c, s, e);
      return { state: r.state, actions: r.actions.filter((a) => a.type !== "cancel") };
    };
    expect(fails(stopLeavesNothing(wrong))).toBe(true);
  });

  test("a machine that takes a stopped child for a dead one fails both stop/continue properties", () => {
    const wrong: Step = (c, s, e) =>
      e.type === "child-stopped" && s.pid !== null
        ? step(c, s, { type: "exited", status: { signal: 19 }, at: s.startedAt ?? 0, pid: s.pid })
        : step(c, s, e);
    expect(fails(pauseIsNoAction(wrong))).toBe(true);
    expect(fails(pauseInsertionsInvisible(wrong))).toBe(true);
  });

  test("a machine that forgets its child after the spawn fails the engine-contract property", () => {
    const wrong: Step = (c, s, e) => {
      const r = step(c, s, e);
      return e.type === "spawned" ? { state: { ...r.state, pid: null }, actions: r.actions } : r;
    };
    expect(fails(contractHolds(wrong))).toBe(true);
  });

  test("a machine that goes FATAL without asking for the configured rollback fails the give-up property", () => {
    expect(fails(givesUpAtOnce(withConfig((c) => ({ ...c, rollback: !c.rollback }))))).toBe(true);
  });

  test("a machine that never says done fails the settle property", () => {
    const wrong: Step = (c, s, e) => {
      const r = step(c, s, e);
      return { state: r.state, actions: r.actions.filter((a) => a.type !== "done") };
    };
    expect(fails(doneWhenSettled(wrong))).toBe(true);
  });

  test("a machine that acts on a stale timer fire fails the stale-timer property", () => {
    const wrong: Step = (c, s, e) =>
      e.type === "timer" && !s.armed.includes(e.timer) ? step(c, { ...s, armed: [...s.armed, e.timer] }, e) : step(c, s, e);
    expect(fails(staleTimerIgnored(wrong))).toBe(true);
  });
});
