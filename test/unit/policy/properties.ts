// Property builders shared by the property tests and their contrast cases:
// each takes the machine under test, so a deliberately wrong one can be fed.
import { expect } from "bun:test";
import fc from "fast-check";
import { initialState, isSettled } from "../../../src/policy/machine.ts";
import type { Event } from "../../../src/policy/types.ts";
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

/** The n-th consecutive failed start waits backoff * factor^(n-1) (backoff * n when linear), capped:
 *  n counts spawns since the last good run, so this is also "the delay resets after a good run". */
export function nthDelayHolds(machine: Step, seen = { checked: 0 }) {
  return fc.property(configArb, movesArb(), (config, moves) => {
    for (const e of runWorld(config, moves, false, machine).entries) {
      if (!e.actions.some((a) => a.type === "state" && a.to === "BACKOFF")) continue;
      const arm = e.actions.find((a) => a.type === "arm" && a.timer === "backoff");
      if (e.spawnsSinceReset >= config.maxRetries) {
        expect(arm).toBeUndefined();
        continue;
      }
      seen.checked++;
      const n = e.spawnsSinceReset;
      const grown = config.backoffGrowth === "linear" ? config.backoffMs * n : config.backoffMs * config.backoffFactor ** (n - 1);
      expect(arm).toEqual({ type: "arm", timer: "backoff", ms: Math.min(grown, config.backoffMaxMs) });
    }
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

/** child-stopped / child-continued produce no action and change nothing but `paused`. */
export function pauseIsNoAction(machine: Step) {
  return fc.property(configArb, movesArb(), (config, moves) => {
    for (const e of runWorld(config, moves, false, machine).entries) {
      if (e.event.type !== "child-stopped" && e.event.type !== "child-continued") continue;
      expect(e.actions).toEqual([]);
      expect({ ...e.after, paused: false }).toEqual({ ...e.before, paused: false });
    }
  });
}

/** Inserting stops and continues anywhere in a sequence leaves every other action and the outcome unchanged. */
export function pauseInsertionsInvisible(machine: Step) {
  const inserts = fc.array(fc.tuple(fc.nat(), fc.boolean()), { maxLength: 10 });
  return fc.property(configArb, movesArb(false), inserts, (config, moves, at) => {
    const events = runWorld(config, moves, false, machine).entries.map((e) => e.event);
    const mixed: (Event & { inserted?: true })[] = [...events];
    for (const [pos, stopped] of at) {
      mixed.splice(pos % (mixed.length + 1), 0, { type: stopped ? "child-stopped" : "child-continued", inserted: true });
    }
    const replay = (list: readonly Event[]) => {
      let state = initialState(config);
      const out: unknown[] = [];
      for (const ev of list) {
        const r = machine(config, state, ev);
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
  });
}
