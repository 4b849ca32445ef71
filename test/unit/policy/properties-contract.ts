// Property builders for the engine contract around the properties:
// each takes the machine under test, so machine-contrast.test.ts can feed a
// deliberately wrong one and see it fail.
import { expect } from "bun:test";
import fc from "fast-check";
import { isSettled } from "../../../src/policy/machine.ts";
import { configArb, movesArb } from "./arbitraries.ts";
import type { Step } from "./drive.ts";
import { runWorld } from "./world.ts";

/** One child at a time, signals only to a live child (the world throws otherwise), armed timers match. */
export function contractHolds(machine: Step) {
  return fc.property(configArb, movesArb(), (config, moves) => {
    for (const e of runWorld(config, moves, false, machine).entries) {
      expect([...e.after.armed].sort()).toEqual([...e.timers].sort());
      expect(e.after.pid).toBe(e.child);
    }
  });
}

/** When the retries are spent the machine gives up at once (FATAL, or rollback when configured). */
export function givesUpAtOnce(machine: Step) {
  return fc.property(configArb, movesArb(), (config, moves) => {
    for (const e of runWorld(config, moves, false, machine).entries) {
      const toBackoff = e.actions.some((a) => a.type === "state" && a.to === "BACKOFF");
      if (!toBackoff || e.spawnsSinceReset !== config.maxRetries) continue;
      const gaveUp = e.actions.some((a) => (a.type === "state" && a.to === "FATAL") || a.type === "rollback");
      expect(gaveUp).toBe(true);
      expect(e.actions.some((a) => a.type === "rollback")).toBe(config.rollback);
    }
  });
}

/** `done` exactly when the machine settles, with 124, the last status, or the exit's status. */
export function doneWhenSettled(machine: Step) {
  return fc.property(configArb, movesArb(), (config, moves) => {
    for (const e of runWorld(config, moves, true, machine).entries) {
      const done = e.actions.filter((a) => a.type === "done");
      const settles = !isSettled(e.before) && isSettled(e.after);
      expect(done.length).toBe(settles ? 1 : 0);
      if (done[0]?.type !== "done") continue;
      const status = done[0].status;
      if ("code" in status && status.code === 124 && e.actions.some((a) => a.type === "state" && a.reason === "deadline reached")) continue;
      expect(status).toEqual(e.after.lastStatus!);
    }
  });
}

/** A timer fire the machine does not hold armed (it raced a cancel) changes nothing. */
export function staleTimerIgnored(machine: Step) {
  return fc.property(configArb, movesArb(), (config, moves) => {
    for (const e of runWorld(config, moves, false, machine).entries) {
      if (e.event.type !== "timer" || e.before.armed.includes(e.event.timer)) continue;
      expect(e.after).toBe(e.before);
      expect(e.actions).toEqual([]);
    }
  });
}
