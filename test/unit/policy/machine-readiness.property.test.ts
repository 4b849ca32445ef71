// Properties of readiness, the watchdog and reloads over random plausible
// event sequences (world.ts: a `replace` move is the engine's reload).
import { describe, expect, test } from "bun:test";
import fc from "fast-check";
import { configArb, movesArb } from "./arbitraries.ts";
import { RUNS } from "./properties.ts";
import { runWorld } from "./world.ts";

const readyConfigArb = fc.tuple(configArb, fc.option(fc.integer({ min: 1, max: 5000 }), { nil: undefined })).map(([c, readyTimeoutMs]) => ({
  ...c,
  needsReady: true,
  readyTimeoutMs,
}));

describe("readiness and reloads over random event sequences", () => {
  test("with needsReady, RUNNING is entered only from a ready report naming the child", () => {
    const seen = { running: 0 };
    fc.assert(
      fc.property(readyConfigArb, movesArb(), (config, moves) => {
        for (const e of runWorld(config, moves).entries) {
          const toRunning = e.actions.some((a) => a.type === "state" && a.to === "RUNNING");
          if (!toRunning) continue;
          // A good run that the exit report itself closes goes through RUNNING only without needsReady.
          expect(e.event.type).toBe("ready");
          expect(e.event.type === "ready" && e.event.pid).toBe(e.before.pid!);
          seen.running++;
        }
      }),
      RUNS,
    );
    expect(seen.running).toBeGreaterThan(20); // the generator does reach readiness
  });

  test("ready-timeout is armed only while STARTING with a child, and never outlives STARTING", () => {
    fc.assert(
      fc.property(readyConfigArb, movesArb(), (config, moves) => {
        for (const e of runWorld(config, moves).entries) {
          if (!e.after.armed.includes("ready-timeout")) continue;
          expect(e.after.phase).toBe("STARTING");
          expect(e.after.pid).not.toBeNull();
          expect(config.readyTimeoutMs).toBeDefined();
        }
      }),
      RUNS,
    );
  });

  test("a child stopped for not being ready ends as a failed start, never as a good run", () => {
    const seen = { notReady: 0 };
    fc.assert(
      fc.property(readyConfigArb, movesArb(), (config, moves) => {
        for (const e of runWorld(config, moves).entries) {
          if (e.event.type !== "exited" || e.before.stopIntent !== "not-ready" || e.before.pid !== e.event.pid) continue;
          seen.notReady++;
          const to = e.actions.flatMap((a) => (a.type === "state" ? [a.to] : []));
          expect(to[0]).toMatch(/^(BACKOFF|EXITED)$/);
          if (to[0] === "BACKOFF") expect(e.after.failures).toBe(e.before.failures + 1);
          expect(to).not.toContain("RUNNING");
        }
      }),
      RUNS,
    );
    expect(seen.notReady).toBeGreaterThan(10);
  });

  test("after a replacement, the machine follows the new child and the exit of a replaced one changes nothing", () => {
    const seen = { replaced: 0, oldExits: 0 };
    fc.assert(
      fc.property(configArb, movesArb(), (config, moves) => {
        for (const e of runWorld(config, moves).entries) {
          // The engine contract holds with two children alive: the machine's pid is the followed one.
          expect(e.after.pid).toBe(e.child);
          if (e.event.type === "replaced" && e.after.pid === e.event.pid) {
            seen.replaced++;
            expect(e.before.phase).toBe("RUNNING");
            expect(e.actions).toEqual([]);
          }
          if (e.event.type === "exited" && e.event.pid !== e.before.pid) {
            seen.oldExits++;
            expect(e.after).toBe(e.before);
            expect(e.actions).toEqual([]);
          }
        }
      }),
      RUNS,
    );
    expect(seen.replaced).toBeGreaterThan(20);
    expect(seen.oldExits).toBeGreaterThan(20);
  });

  test("a ready or unresponsive report naming another pid never changes anything", () => {
    fc.assert(
      fc.property(readyConfigArb, movesArb(), (config, moves) => {
        for (const e of runWorld(config, moves).entries) {
          const ev = e.event;
          if ((ev.type === "ready" || ev.type === "unresponsive") && ev.pid !== undefined && ev.pid !== e.before.pid) {
            expect(e.after).toBe(e.before);
          }
        }
      }),
      RUNS,
    );
  });
});
