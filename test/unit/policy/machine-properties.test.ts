// Properties over random plausible event sequences (see world.ts); each
// builder has a contrast case in machine-contrast.test.ts.
import { describe, expect, test } from "bun:test";
import fc from "fast-check";
import { step } from "../../../src/policy/machine.ts";
import { contractHolds, doneWhenSettled, givesUpAtOnce, staleTimerIgnored } from "./properties-contract.ts";
import { delayCapHolds, fatalCountHolds, firstDelayAfterGoodRun, nthDelayHolds, RUNS, stopLeavesNothing } from "./properties.ts";

describe("properties of the machine over random event sequences", () => {
  test("it keeps the engine contract: one child at a time, signals only to a live child, armed timers match", () => {
    fc.assert(contractHolds(step), RUNS);
  });

  test("no back-off delay ever exceeds backoffMax", () => {
    fc.assert(delayCapHolds(step), RUNS);
  });

  test("the n-th consecutive failed start since the last good run waits backoff * factor^(n-1) (or backoff * n when linear), capped", () => {
    const seen = { checked: 0 };
    fc.assert(nthDelayHolds(step, seen), RUNS);
    expect(seen.checked).toBeGreaterThan(100);
  });

  test("after a run of at least startSecs the next restart waits the first delay again, not zero and not grown", () => {
    const seen = { checked: 0 };
    fc.assert(firstDelayAfterGoodRun(step, seen), RUNS);
    expect(seen.checked).toBeGreaterThan(100); // the generator does reach good runs that restart
  });

  test("FATAL comes after exactly maxRetries consecutive failed starts", () => {
    const seen = { fatal: 0 };
    fc.assert(fatalCountHolds(step, seen), RUNS);
    expect(seen.fatal).toBeGreaterThan(5); // the generator does reach FATAL (about 30 times in RUNS; 19 was seen)
  });

  test("when the retries are spent the machine gives up at once (FATAL or rollback), it does not wait to retry", () => {
    fc.assert(givesUpAtOnce(step), RUNS);
  });

  test("a stop request always ends with no child, no pending spawn and no armed timer, settled and reported done", () => {
    fc.assert(stopLeavesNothing(step), RUNS);
  });

  test("done is emitted exactly when the machine settles, with 124, the last status, or the status of the exit", () => {
    fc.assert(doneWhenSettled(step), RUNS);
  });

  test("a timer fire the machine does not hold armed changes nothing", () => {
    fc.assert(staleTimerIgnored(step), RUNS);
  });
});
