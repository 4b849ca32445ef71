// Property builders shared by the property tests and their contrast cases:
// each takes the machine under test, so a deliberately wrong one can be fed.
import { expect } from "bun:test";
import fc from "fast-check";
import { isSettled } from "../../../src/policy/machine.ts";
import { configArb, movesArb } from "./arbitraries.ts";
import type { Step } from "./drive.ts";
import { runWorld, type Trace } from "./world.ts";

export const RUNS = { numRuns: 400 };

function backoffDelays(trace: Trace): number[] {
  return trace.entries.flatMap((e) => e.actions.flatMap((a) => (a.type === "arm" && a.timer === "backoff" ? [a.ms] : [])));
}

/** Every back-off delay is within [0, backoffMax]. */
export function delayCapHolds(machine: Step) {
  return fc.property(configArb, movesArb(), (config, moves) => {
    for (const ms of backoffDelays(runWorld(config, moves, false, machine))) {
      if (!(ms >= 0 && ms <= config.backoffMaxMs)) return false;
    }
    return true;
  });
}

/** FATAL (retries spent) comes after exactly maxRetries spawns since the last reset, and never more spawns than that. */
export function fatalCountHolds(machine: Step, seen = { fatal: 0 }) {
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

/** After a run of at least startSecs, a restart waits the first delay (restartDelayMs, else backoffMs), capped. */
export function firstDelayAfterGoodRun(machine: Step, seen = { checked: 0 }) {
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

/** A stop request, then an engine that answers the spawn, fires stop-timeout and reaps: nothing is left. */
export function stopLeavesNothing(machine: Step) {
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
