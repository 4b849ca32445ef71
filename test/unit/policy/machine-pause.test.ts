// SIGSTOP / SIGCONT of the child's group must never look like an exit.
import { describe, expect, test } from "bun:test";
import fc from "fast-check";
import { initialState, step } from "../../../src/policy/machine.ts";
import type { Event } from "../../../src/policy/types.ts";
import { configArb, movesArb } from "./arbitraries.ts";
import { RUNS } from "./properties.ts";
import { runWorld } from "./world.ts";

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
