import { describe, expect, test } from "bun:test";
import { constants } from "node:os";
import { initialState, isSettled, step } from "../../../src/policy/machine.ts";
import { drive, exited, fire, killed, path, policy, spawned, start, stop, t0 } from "./drive.ts";

const { SIGTERM, SIGCONT, SIGKILL, SIGUSR1 } = constants.signals;

describe("STOPPED", () => {
  test("a start request moves to STARTING and asks for a spawn", () => {
    const r = drive(policy(), [start]);
    expect(r.state.phase).toBe("STARTING");
    expect(r.actions).toEqual([{ type: "state", from: "STOPPED", to: "STARTING", reason: "start requested" }, { type: "spawn" }]);
  });

  test("stop, deadline, timers and child reports are ignored and return the same state object", () => {
    const config = policy();
    const s = initialState(config);
    for (const e of [stop, { type: "deadline" }, fire("backoff"), exited(t0), spawned(t0), { type: "ready" }, { type: "health", ok: false }] as const) {
      const r = step(config, s, e);
      expect(r.state).toBe(s);
      expect(r.actions).toEqual([]);
    }
  });
});

describe("STARTING", () => {
  test("spawned arms start-secs and its fire moves to RUNNING", () => {
    const r = drive(policy(), [start, spawned(t0)]);
    expect(r.last).toEqual([{ type: "arm", timer: "start-secs", ms: 1000 }]);
    const r2 = drive(policy(), [fire("start-secs")], r.state);
    expect(r2.state.phase).toBe("RUNNING");
    expect(r2.state.armed).toEqual([]);
  });

  test("with startSecs 0 the child is RUNNING as soon as it is spawned", () => {
    const r = drive(policy({ startSecsMs: 0 }), [start, spawned(t0)]);
    expect(path(r.actions)).toEqual(["STARTING", "RUNNING"]);
  });

  test("an exit before startSecs is a failed start: BACKOFF with the first delay", () => {
    const r = drive(policy(), [start, spawned(t0), exited(t0 + 10)]);
    expect(r.state.phase).toBe("BACKOFF");
    expect(r.state.failures).toBe(1);
    expect(r.last).toContainEqual({ type: "cancel", timer: "start-secs" });
    expect(r.last).toContainEqual({ type: "arm", timer: "backoff", ms: 100 });
  });

  test("an exit after startSecs that beat the start-secs fire counts as a good run", () => {
    const r = drive(policy(), [start, spawned(t0), exited(t0 + 1000, 3)]);
    expect(path(r.actions)).toEqual(["STARTING", "RUNNING", "EXITED"]);
    expect(r.state.failures).toBe(0);
    expect(r.last).toContainEqual({ type: "arm", timer: "backoff", ms: 100 });
  });

  test("spawn-failed counts as a failed start", () => {
    const r = drive(policy(), [start, { type: "spawn-failed", status: 127, at: t0 }]);
    expect(r.state.phase).toBe("BACKOFF");
    expect(r.state.lastStatus).toEqual({ code: 127 });
  });

  test("with giveUpOnFirstExecFailure, an exec failure at the very first start is FATAL with its status", () => {
    const r = drive(policy({ giveUpOnFirstExecFailure: true }), [start, { type: "spawn-failed", status: 126, at: t0 }]);
    expect(r.state.phase).toBe("FATAL");
    expect(r.last).toContainEqual({ type: "done", status: { code: 126 } });
  });

  test("with needsReady, only `ready` moves to RUNNING and no start-secs timer is armed", () => {
    const config = policy({ needsReady: true });
    const r = drive(config, [start, spawned(t0)]);
    expect(r.last).toEqual([]);
    expect(drive(config, [{ type: "ready" }], r.state).state.phase).toBe("RUNNING");
  });

  test("a stop while the spawn is pending signals the child once it is spawned", () => {
    const r = drive(policy(), [start, stop]);
    expect(r.state.phase).toBe("STOPPING");
    expect(r.last.filter((a) => a.type === "signal")).toEqual([]);
    const r2 = drive(policy(), [spawned(t0)], r.state);
    expect(r2.last).toEqual([
      { type: "signal", signal: SIGTERM, target: "group" },
      { type: "signal", signal: SIGCONT, target: "group" },
      { type: "arm", timer: "stop-timeout", ms: 5000 },
    ]);
  });
});

describe("RUNNING", () => {
  const running = drive(policy(), [start, spawned(t0), fire("start-secs")]).state;

  test("an unexpected exit restarts after the first delay, from EXITED", () => {
    const r = drive(policy(), [exited(t0 + 5000, 1)], running);
    expect(r.state.phase).toBe("EXITED");
    expect(r.last).toContainEqual({ type: "arm", timer: "backoff", ms: 100 });
    expect(path(drive(policy(), [fire("backoff")], r.state).actions)).toEqual(["STARTING"]);
  });

  test("an expected exit under on-failure is done with its status", () => {
    const r = drive(policy(), [exited(t0 + 5000, 0)], running);
    expect(r.last).toContainEqual({ type: "done", status: { code: 0 } });
    expect(isSettled(r.state)).toBe(true);
  });

  test("always restarts after exit 0; never restarts after exit 1", () => {
    expect(drive(policy({ restart: "always" }), [exited(t0 + 5000, 0)], running).state.armed).toEqual(["backoff"]);
    const never = drive(policy({ restart: "never" }), [exited(t0 + 5000, 1)], running);
    expect(never.last).toContainEqual({ type: "done", status: { code: 1 } });
  });

  test("an exit by signal is never expected, even with its number in exitCodes", () => {
    const r = drive(policy({ exitCodes: [0, 15] }), [killed(t0 + 5000, SIGTERM)], running);
    expect(r.state.armed).toEqual(["backoff"]);
  });

  test("restartDelayMs 0 goes EXITED -> STARTING at once, as supervisord does", () => {
    const r = drive(policy({ restartDelayMs: 0 }), [exited(t0 + 5000, 1)], running);
    expect(path(r.last)).toEqual(["EXITED", "STARTING"]);
    expect(r.last).toContainEqual({ type: "spawn" });
  });

  test("a stop request sends the stop signal and CONT to the group and arms stop-timeout", () => {
    const r = drive(policy({ stopSignal: SIGUSR1 }), [stop], running);
    expect(r.last).toEqual([
      { type: "state", from: "RUNNING", to: "STOPPING", reason: "stop requested" },
      { type: "signal", signal: SIGUSR1, target: "group" },
      { type: "signal", signal: SIGCONT, target: "group" },
      { type: "arm", timer: "stop-timeout", ms: 5000 },
    ]);
  });

  test("an exit report naming another pid is ignored", () => {
    const r = drive(policy(), [{ type: "exited", status: { code: 1 }, at: t0 + 5000, pid: 999 }], running);
    expect(r.state).toBe(running);
    expect(drive(policy(), [{ type: "exited", status: { code: 1 }, at: t0 + 5000, pid: 100 }], running).state.phase).toBe("EXITED");
  });

  test("a stop while STARTING cancels the start-secs timer", () => {
    const r = drive(policy(), [start, spawned(t0), stop]);
    expect(r.last.slice(0, 2)).toEqual([
      { type: "cancel", timer: "start-secs" },
      { type: "state", from: "STARTING", to: "STOPPING", reason: "stop requested" },
    ]);
    expect(r.state.armed).toEqual(["stop-timeout"]);
  });

  test("a KILL stop signal is not followed by CONT", () => {
    const r = drive(policy({ stopSignal: SIGKILL }), [stop], running);
    expect(r.last.filter((a) => a.type === "signal")).toEqual([{ type: "signal", signal: SIGKILL, target: "group" }]);
  });
});
