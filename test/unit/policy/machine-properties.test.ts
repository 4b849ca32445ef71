// Properties over random plausible event sequences (see world.ts).
import { describe, expect, test } from "bun:test";
import fc from "fast-check";
import { isSettled, step } from "../../../src/policy/machine.ts";
import { configArb, movesArb } from "./arbitraries.ts";
import { delayCapHolds, fatalCountHolds, firstDelayAfterGoodRun, RUNS, stopLeavesNothing } from "./properties.ts";
import { runWorld } from "./world.ts";

describe("properties of the machine over random event sequences", () => {
  test("it keeps the engine contract: one child at a time, signals only to a live child, armed timers match", () => {
    fc.assert(
      fc.property(configArb, movesArb(), (config, moves) => {
        for (const e of runWorld(config, moves).entries) {
          expect([...e.after.armed].sort()).toEqual([...e.timers].sort());
          expect(e.after.pid).toBe(e.child);
        }
      }),
      RUNS,
    );
  });

  test("no back-off delay ever exceeds backoffMax", () => {
    fc.assert(delayCapHolds(step), RUNS);
  });

  test("the n-th consecutive failed start waits backoff * factor^(n-1) (or backoff * n when linear), capped", () => {
    fc.assert(
      fc.property(configArb, movesArb(), (config, moves) => {
        for (const e of runWorld(config, moves).entries) {
          if (!e.actions.some((a) => a.type === "state" && a.to === "BACKOFF")) continue;
          const arm = e.actions.find((a) => a.type === "arm" && a.timer === "backoff");
          if (e.spawnsSinceReset >= config.maxRetries) {
            expect(arm).toBeUndefined();
            continue;
          }
          const n = e.spawnsSinceReset;
          const grown = config.backoffGrowth === "linear" ? config.backoffMs * n : config.backoffMs * config.backoffFactor ** (n - 1);
          expect(arm).toEqual({ type: "arm", timer: "backoff", ms: Math.min(grown, config.backoffMaxMs) });
        }
      }),
      RUNS,
    );
  });

  test("after a run of at least startSecs the next restart waits the first delay again, not zero and not grown", () => {
    const seen = { checked: 0 };
    fc.assert(firstDelayAfterGoodRun(step, seen), RUNS);
    expect(seen.checked).toBeGreaterThan(100); // the generator does reach good runs that restart
  });

  test("FATAL comes after exactly maxRetries consecutive failed starts", () => {
    const seen = { fatal: 0 };
    fc.assert(fatalCountHolds(step, seen), RUNS);
    expect(seen.fatal).toBeGreaterThan(20); // the generator does reach FATAL
  });

  test("when the retries are spent the machine gives up at once (FATAL or rollback), it does not wait to retry", () => {
    fc.assert(
      fc.property(configArb, movesArb(), (config, moves) => {
        for (const e of runWorld(config, moves).entries) {
          const toBackoff = e.actions.some((a) => a.type === "state" && a.to === "BACKOFF");
          if (!toBackoff || e.spawnsSinceReset !== config.maxRetries) continue;
          const gaveUp = e.actions.some((a) => (a.type === "state" && a.to === "FATAL") || a.type === "rollback");
          expect(gaveUp).toBe(true);
          expect(e.actions.some((a) => a.type === "rollback")).toBe(config.rollback);
        }
      }),
      RUNS,
    );
  });

  test("a stop request always ends with no child, no pending spawn and no armed timer, settled and reported done", () => {
    fc.assert(stopLeavesNothing(step), RUNS);
  });

  test("done is emitted exactly when the machine settles, with 124, the last status, or the status of the exit", () => {
    fc.assert(
      fc.property(configArb, movesArb(), (config, moves) => {
        for (const e of runWorld(config, moves, true).entries) {
          const done = e.actions.filter((a) => a.type === "done");
          const settles = !isSettled(e.before) && isSettled(e.after);
          expect(done.length).toBe(settles ? 1 : 0);
          if (done[0]?.type !== "done") continue;
          const status = done[0].status;
          if ("code" in status && status.code === 124 && e.actions.some((a) => a.type === "state" && a.reason === "deadline reached")) continue;
          expect(status).toEqual(e.after.lastStatus!);
        }
      }),
      RUNS,
    );
  });

  test("a timer fire the machine does not hold armed changes nothing", () => {
    fc.assert(
      fc.property(configArb, movesArb(), (config, moves) => {
        for (const e of runWorld(config, moves).entries) {
          if (e.event.type !== "timer" || e.before.armed.includes(e.event.timer)) continue;
          expect(e.after).toBe(e.before);
          expect(e.actions).toEqual([]);
        }
      }),
      RUNS,
    );
  });
});
