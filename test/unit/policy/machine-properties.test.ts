// Properties over random plausible event sequences (see world.ts), plus
// contrast cases showing the properties catch a machine with a wrong config.
import { describe, expect, test } from "bun:test";
import fc from "fast-check";
import { initialState, isSettled, step } from "../../../src/policy/machine.ts";
import type { Event, PolicyConfig } from "../../../src/policy/types.ts";
import type { Step } from "./drive.ts";
import { configArb, movesArb, runWorld, type Trace } from "./world.ts";

const RUNS = { numRuns: 400 };

function backoffDelays(trace: Trace): number[] {
  return trace.entries.flatMap((e) => e.actions.flatMap((a) => (a.type === "arm" && a.timer === "backoff" ? [a.ms] : [])));
}

function delayCapHolds(machine: Step) {
  return fc.property(configArb, movesArb(), (config, moves) => {
    for (const ms of backoffDelays(runWorld(config, moves, false, machine))) {
      if (!(ms >= 0 && ms <= config.backoffMaxMs)) return false;
    }
    return true;
  });
}

/** FATAL (retries spent) comes after exactly maxRetries spawns since the last reset, and never more spawns than that. */
function fatalCountHolds(machine: Step, seen = { fatal: 0 }) {
  return fc.property(configArb, movesArb(), (config, moves) => {
    for (const e of runWorld(config, moves, false, machine).entries) {
      if (e.spawnsSinceReset > config.maxRetries) return false;
      const fatal = e.actions.find((a) => a.type === "state" && a.to === "FATAL");
      const gaveUp = fatal?.type === "state" && !fatal.reason.includes("first start");
      if (gaveUp) seen.fatal++;
      if (gaveUp && e.spawnsSinceReset !== config.maxRetries) return false;
    }
    return true;
  });
}

function firstDelayAfterGoodRun(machine: Step, seen = { checked: 0 }) {
  return fc.property(configArb, movesArb(), (config, moves) => {
    for (const e of runWorld(config, moves, false, machine).entries) {
      if (e.event.type !== "exited" || config.needsReady) continue;
      if (e.before.phase !== "STARTING" && e.before.phase !== "RUNNING") continue;
      if (e.event.at - e.before.startedAt! < config.startSecsMs) continue;
      const restarts = e.actions.filter((a) => a.type === "spawn" || (a.type === "arm" && a.timer === "backoff"));
      if (restarts.length === 0) continue; // the policy did not restart
      seen.checked++;
      // Computed here from the config, not by the module under test.
      const expected = Math.min(config.restartDelayMs ?? config.backoffMs, config.backoffMaxMs);
      expect(restarts).toEqual([expected === 0 ? { type: "spawn" } : { type: "arm", timer: "backoff", ms: expected }]);
    }
  });
}

function stopLeavesNothing(machine: Step) {
  return fc.property(configArb, movesArb(), (config, moves) => {
    const trace = runWorld(config, moves, true, machine);
    const final = trace.entries.at(-1)!.after;
    expect(trace.child).toBeNull();
    expect(trace.spawnPending).toBe(false);
    expect(trace.timers).toEqual([]);
    expect(final.armed).toEqual([]);
    expect(isSettled(final)).toBe(true);
    const actions = trace.entries.flatMap((e) => e.actions);
    expect(trace.entries.slice(trace.stopAt).some((e) => e.actions.some((a) => a.type === "spawn"))).toBe(false);
    expect(actions.findLastIndex((a) => a.type === "done")).toBeGreaterThan(actions.findLastIndex((a) => a.type === "spawn"));
  });
}

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

describe("SIGSTOP / SIGCONT of the child", () => {
  test("child-stopped and child-continued produce no action and change nothing but `paused`", () => {
    fc.assert(
      fc.property(configArb, movesArb(), (config, moves) => {
        for (const e of runWorld(config, moves).entries) {
          if (e.event.type !== "child-stopped" && e.event.type !== "child-continued") continue;
          expect(e.actions).toEqual([]);
          expect({ ...e.after, paused: false }).toEqual({ ...e.before, paused: false });
        }
      }),
      RUNS,
    );
  });

  test("inserting them anywhere in a sequence leaves every other action and the outcome unchanged", () => {
    fc.assert(
      fc.property(configArb, movesArb(false), fc.array(fc.tuple(fc.nat(), fc.boolean()), { maxLength: 10 }), (config, moves, inserts) => {
        const events = runWorld(config, moves).entries.map((e) => e.event);
        const mixed: (Event & { inserted?: true })[] = [...events];
        for (const [pos, stopped] of inserts) {
          mixed.splice(pos % (mixed.length + 1), 0, { type: stopped ? "child-stopped" : "child-continued", inserted: true });
        }
        const replay = (list: readonly Event[]) => {
          let state = initialState(config);
          const out: unknown[] = [];
          for (const ev of list) {
            const r = step(config, state, ev);
            state = r.state;
            if ("inserted" in ev) expect(r.actions).toEqual([]);
            else out.push(r.actions);
          }
          return { out, state: { ...state, paused: false } };
        };
        const plain = replay(events);
        const paused = replay(mixed);
        expect(paused.out).toEqual(plain.out);
        expect(paused.state).toEqual(plain.state);
      }),
      RUNS,
    );
  });
});

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
