import { describe, expect, test } from "bun:test";
import { constants } from "node:os";
import { controlEventOf, CONTROL_LETTERS } from "../../../src/daemontools/control.ts";
import { initialWant, outcomeOf, sameStatus, statusOf } from "../../../src/daemontools/service-status.ts";
import { initialState } from "../../../src/policy/machine.ts";
import { SERVICE_POLICY } from "../../../src/daemontools/service-policy.ts";
import type { MachineState } from "../../../src/policy/types.ts";

const S = constants.signals;
const base = initialState(SERVICE_POLICY);
const up = (o: Partial<MachineState> = {}): MachineState => ({ ...base, phase: "RUNNING", pid: 321, ...o });
const then = { seconds: 1_700_000_000, nanoseconds: 5 };

describe("what each control letter asks", () => {
  test("u, d and o set the want and feed the machine; the rest do not touch the want", () => {
    const table = Object.fromEntries(CONTROL_LETTERS.map((l) => [l, outcomeOf(controlEventOf(l)!)]));
    expect(table).toEqual({
      u: { want: "up", event: { type: "start" } },
      d: { want: "down", event: { type: "stop" } },
      o: { want: "none", event: { type: "start", once: true } },
      x: { exit: true },
      p: { signal: S.SIGSTOP },
      c: { signal: S.SIGCONT },
      h: { signal: S.SIGHUP },
      a: { signal: S.SIGALRM },
      i: { signal: S.SIGINT },
      t: { signal: S.SIGTERM },
      k: { signal: S.SIGKILL },
    });
  });

  test("a directory with a down file wants down at first, one without wants up", () => {
    expect([initialWant(true), initialWant(false)]).toEqual(["up", "down"]);
  });
});

describe("the status written for a machine state", () => {
  test("the time of change moves when the pid does and only then", () => {
    const last = { pid: 321, changedAt: then };
    expect(statusOf(up(), "up", last, 1_800_000_000_250).changedAt).toEqual(then);
    expect(statusOf(up({ paused: true }), "down", last, 1_800_000_000_250).changedAt).toEqual(then);
    const down = statusOf({ ...base, phase: "EXITED" }, "up", last, 1_800_000_000_250);
    expect(down.changedAt).toEqual({ seconds: 1_800_000_000, nanoseconds: 250_000_000 });
    expect(down.pid).toBe(0);
    const again = statusOf(up({ pid: 322 }), "up", { pid: 0, changedAt: down.changedAt }, 1_800_000_001_000);
    expect(again.changedAt).toEqual({ seconds: 1_800_000_001, nanoseconds: 0 });
  });

  test("paused shows only with a pid; runit's bytes say TERM sent while stopping, and run or down", () => {
    const last = { pid: 321, changedAt: then };
    expect(statusOf(up({ paused: true }), "up", last, 0)).toMatchObject({ paused: true, runit: { termSent: false, state: "run" } });
    expect(statusOf(up({ phase: "STOPPING" }), "down", last, 0)).toMatchObject({ want: "down", runit: { termSent: true, state: "run" } });
    expect(statusOf({ ...base, paused: true }, "none", last, 0)).toMatchObject({ pid: 0, paused: false, want: "none", runit: { termSent: false, state: "down" } });
  });

  test("sameStatus tells a changed want, pause or time from an identical status", () => {
    const last = { pid: 321, changedAt: then };
    const a = statusOf(up(), "up", last, 0);
    expect(sameStatus(a, statusOf(up(), "up", last, 99))).toBe(true);
    expect(sameStatus(a, statusOf(up(), "down", last, 0))).toBe(false);
    expect(sameStatus(a, statusOf(up({ paused: true }), "up", last, 0))).toBe(false);
    expect(sameStatus(a, statusOf(up({ phase: "STOPPING" }), "up", last, 0))).toBe(false);
    expect(sameStatus(a, { ...a, changedAt: { seconds: then.seconds, nanoseconds: 6 } })).toBe(false);
  });
});
