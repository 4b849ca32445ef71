// Every (state x event) cell, written out as in s6-supervise's table: the
// phase after the event, or "-" when the event is ignored (same state object
// back, no actions). A cell the machine handles differently fails here.
import { describe, expect, test } from "bun:test";
import { initialState, step } from "../../../src/policy/machine.ts";
import type { Event, MachineState } from "../../../src/policy/types.ts";
import { drive, exited, fire, policy, spawned, start, stop, t0 } from "./drive.ts";

const config = policy({ healthRetries: 1, rollback: true, maxRetries: 2 });
const after = (events: Event[], from?: MachineState) => drive(config, events, from).state;

const running = after([start, spawned(t0), fire("start-secs")]);
const backoff = after([start, spawned(t0), exited(t0 + 10)]);
const rollingBack = after([fire("backoff"), spawned(t0 + 1000), exited(t0 + 1010)], backoff);

const states: Record<string, MachineState> = {
  STOPPED: initialState(config),
  "STARTING (spawn pending)": after([start]),
  STARTING: after([start, spawned(t0)]),
  RUNNING: running,
  BACKOFF: backoff,
  "BACKOFF (awaiting rollback)": rollingBack,
  STOPPING: after([stop], running),
  "STOPPING (spawn pending)": after([start, stop]),
  "STOPPING (unhealthy)": after([{ type: "health", ok: false }], running),
  "EXITED (restart pending)": after([exited(t0 + 5000, 1)], running),
  "EXITED (done)": after([exited(t0 + 5000, 0)], running),
  FATAL: after([{ type: "rollback-refused" }], rollingBack),
};

const events: Record<string, Event> = {
  start,
  "start once": { type: "start", once: true },
  stop,
  deadline: { type: "deadline" },
  spawned: spawned(t0, 200),
  "spawn-failed": { type: "spawn-failed", status: 127, at: t0 },
  "exited early": exited(t0 + 10),
  "exited late": exited(t0 + 5000),
  "timer start-secs": fire("start-secs"),
  "timer backoff": fire("backoff"),
  "timer stop-timeout": fire("stop-timeout"),
  "health ok": { type: "health", ok: true },
  "health failed": { type: "health", ok: false },
  ready: { type: "ready" },
  "rollback-done": { type: "rollback-done" },
  "rollback-refused": { type: "rollback-refused" },
  "child-stopped": { type: "child-stopped" },
  "child-continued": { type: "child-continued" },
  unresponsive: { type: "unresponsive", reason: "watchdog" },
  replaced: { type: "replaced", pid: 300, at: t0 + 6000 },
};

// prettier-ignore
const table: Record<string, string[]> = {
  //                              start       once        stop        deadline    spawned     spawn-fail  exit early  exit late   start-secs  backoff     stop-tmo    health ok   health bad  ready  rb-done     rb-refused  stopped     continued   unresp.     replaced
  STOPPED:                       ["STARTING", "STARTING", "-",        "-",        "-",        "-",        "-",        "-",        "-",        "-",        "-",        "-",        "-",        "-",   "-",        "-",        "-",        "-",        "-",        "-"],
  "STARTING (spawn pending)":    ["-",        "STARTING",        "STOPPING", "STOPPING", "STARTING", "BACKOFF",  "-",        "-",        "-",        "-",        "-",        "-",        "-",        "-",   "-",        "-",        "-",        "-",        "-",        "-"],
  STARTING:                      ["-",        "STARTING",        "STOPPING", "STOPPING", "-",        "-",        "BACKOFF",  "EXITED",   "RUNNING",  "-",        "-",        "-",        "-",        "-",   "-",        "-",        "STARTING", "-",        "-",        "-"],
  RUNNING:                       ["-",        "RUNNING",         "STOPPING", "STOPPING", "-",        "-",        "EXITED",   "EXITED",   "-",        "-",        "-",        "-",        "STOPPING", "-",   "-",        "-",        "RUNNING",  "-",        "STOPPING", "RUNNING"],
  BACKOFF:                       ["-",        "BACKOFF",         "STOPPED",  "STOPPED",  "-",        "-",        "-",        "-",        "-",        "STARTING", "-",        "-",        "-",        "-",   "-",        "-",        "-",        "-",        "-",        "-"],
  "BACKOFF (awaiting rollback)": ["-",        "BACKOFF",         "STOPPED",  "STOPPED",  "-",        "-",        "-",        "-",        "-",        "-",        "-",        "-",        "-",        "-",   "STARTING", "FATAL",    "-",        "-",        "-",        "-"],
  STOPPING:                      ["STOPPING", "STOPPING", "-",        "STOPPING", "-",        "-",        "STOPPED",  "STOPPED",  "-",        "-",        "STOPPING", "-",        "-",        "-",   "-",        "-",        "STOPPING", "-",        "-",        "-"],
  "STOPPING (spawn pending)":    ["STOPPING", "STOPPING", "-",        "STOPPING", "STOPPING", "STOPPED",  "-",        "-",        "-",        "-",        "-",        "-",        "-",        "-",   "-",        "-",        "-",        "-",        "-",        "-"],
  "STOPPING (unhealthy)":        ["STOPPING", "STOPPING", "STOPPING", "STOPPING", "-",        "-",        "BACKOFF",  "BACKOFF",  "-",        "-",        "STOPPING", "-",        "-",        "-",   "-",        "-",        "STOPPING", "-",        "-",        "-"],
  "EXITED (restart pending)":    ["STARTING", "STARTING", "STOPPED",  "STOPPED",  "-",        "-",        "-",        "-",        "-",        "STARTING", "-",        "-",        "-",        "-",   "-",        "-",        "-",        "-",        "-",        "-"],
  "EXITED (done)":               ["STARTING", "STARTING", "-",        "-",        "-",        "-",        "-",        "-",        "-",        "-",        "-",        "-",        "-",        "-",   "-",        "-",        "-",        "-",        "-",        "-"],
  FATAL:                         ["STARTING", "STARTING", "-",        "-",        "-",        "-",        "-",        "-",        "-",        "-",        "-",        "-",        "-",        "-",   "-",        "-",        "-",        "-",        "-",        "-"],
};

describe("every (state x event) cell", () => {
  test("the table covers every state and event", () => {
    expect(Object.keys(table)).toEqual(Object.keys(states));
    for (const row of Object.values(table)) expect(row).toHaveLength(Object.keys(events).length);
  });

  for (const [name, state] of Object.entries(states)) {
    test(`${name}: each event leads where the table says`, () => {
      Object.entries(events).forEach(([eventName, event], i) => {
        const want = table[name]![i]!;
        const r = step(config, state, event);
        const got = r.state === state && r.actions.length === 0 ? "-" : r.state.phase;
        expect(`${eventName} -> ${got}`).toBe(`${eventName} -> ${want}`);
      });
    });
  }
});
