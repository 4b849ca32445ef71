import { describe, expect, test } from "bun:test";
import { constants } from "node:os";
import type { Event } from "../../../src/policy/types.ts";
import { drive, exited, fire, killed, path, policy, spawned, start, stop, t0 } from "./drive.ts";

const { SIGTERM } = constants.signals;
const ready = (pid?: number): Event => ({ type: "ready", ...(pid !== undefined && { pid }) });
const unresponsive = (pid?: number): Event => ({ type: "unresponsive", reason: "no WATCHDOG=1 for 2000 ms", ...(pid !== undefined && { pid }) });
const replaced = (pid: number, at: number): Event => ({ type: "replaced", pid, at });
const readyTimeout: Event = { type: "timer", timer: "ready-timeout" };

const notify = (given = {}) => policy({ needsReady: true, readyTimeoutMs: 3000, ...given });

describe("readiness", () => {
  test("with needsReady, the spawn arms ready-timeout instead of start-secs, and ready makes it RUNNING", () => {
    const config = notify();
    const s = drive(config, [start, spawned(t0)]);
    expect(s.last).toEqual([{ type: "arm", timer: "ready-timeout", ms: 3000 }]);
    const r = drive(config, [ready(100)], s.state);
    expect(path(r.last)).toEqual(["RUNNING"]);
    expect(r.last).toContainEqual({ type: "cancel", timer: "ready-timeout" });
    expect(r.state.armed).toEqual([]);
  });

  test("start-secs passing does not make a child that must say ready RUNNING", () => {
    const config = notify({ readyTimeoutMs: undefined });
    const s = drive(config, [start, spawned(t0), fire("start-secs")]).state;
    expect(s.phase).toBe("STARTING");
  });

  test("a ready report about another pid (an old child, a standby) is ignored", () => {
    const config = notify();
    const s = drive(config, [start, spawned(t0, 100)]).state;
    expect(drive(config, [ready(99)], s).state).toBe(s);
    expect(drive(config, [ready(100)], s).state.phase).toBe("RUNNING");
  });

  test("not ready within readyTimeoutMs: the group is stopped and the exit is a failed start, even with an expected status", () => {
    const config = notify({ exitCodes: [0] });
    const s = drive(config, [start, spawned(t0), readyTimeout]);
    expect(path(s.last)).toEqual(["STOPPING"]);
    expect(s.last).toContainEqual({ type: "signal", signal: SIGTERM, target: "group" });
    expect(s.state.stopIntent).toBe("not-ready");
    const r = drive(config, [exited(t0 + 3100, 0)], s.state);
    expect(path(r.last)).toEqual(["BACKOFF"]);
    expect(r.state.failures).toBe(1);
    expect(r.last).toContainEqual({ type: "arm", timer: "backoff", ms: 100 });
  });

  test("not-ready stops count toward maxRetries, and restart=never does not retry them", () => {
    const config = notify({ maxRetries: 2 });
    const once = [spawned(t0), readyTimeout, killed(t0 + 3100, SIGTERM)];
    const r = drive(config, [start, ...once, fire("backoff"), ...once]);
    expect(path(r.actions)).toEqual(["STARTING", "STOPPING", "BACKOFF", "STARTING", "STOPPING", "BACKOFF", "FATAL"]);
    expect(r.last).toContainEqual({ type: "done", status: { signal: SIGTERM } });
    const never = drive(notify({ restart: "never" }), [start, ...once]);
    expect(path(never.actions)).toEqual(["STARTING", "STOPPING", "EXITED"]);
    expect(never.actions.filter((a) => a.type === "spawn")).toHaveLength(1);
  });

  test("a stop request during a not-ready stop ends in STOPPED without a retry", () => {
    const config = notify();
    const r = drive(config, [start, spawned(t0), readyTimeout, stop, exited(t0 + 3100, 0)]);
    expect(path(r.actions)).toEqual(["STARTING", "STOPPING", "STOPPED"]);
    expect(r.state.armed).toEqual([]);
  });

  test("ready-timeout fired after ready (a lost race with the cancel) is ignored", () => {
    const config = notify();
    const s = drive(config, [start, spawned(t0), ready(100)]).state;
    expect(drive(config, [readyTimeout], s).state).toBe(s);
  });
});

describe("watchdog (unresponsive)", () => {
  const running = (config = notify()) => drive(config, [start, spawned(t0), ready(100)]).state;

  test("stops a RUNNING child's group; its exit is a failed start whatever its status, retried after the first delay", () => {
    const config = notify();
    const r = drive(config, [unresponsive(100)], running(config));
    expect(path(r.last)).toEqual(["STOPPING"]);
    expect(r.state.stopIntent).toBe("unresponsive");
    const after = drive(config, [exited(t0 + 60_000, 0)], r.state);
    expect(path(after.last)).toEqual(["BACKOFF"]);
    expect(after.state.failures).toBe(1);
    expect(after.last).toContainEqual({ type: "arm", timer: "backoff", ms: 100 });
  });

  test("is ignored outside RUNNING, while paused, and when it names another pid", () => {
    const config = notify();
    const starting = drive(config, [start, spawned(t0)]).state;
    expect(drive(config, [unresponsive()], starting).state).toBe(starting);
    const s = running(config);
    expect(drive(config, [unresponsive(42)], s).state).toBe(s);
    const paused = drive(config, [{ type: "child-stopped" }], s).state;
    expect(drive(config, [unresponsive(100)], paused).state).toBe(paused);
  });

  test("restart=never: an unresponsive child is stopped and not started again", () => {
    const config = notify({ restart: "never" });
    const r = drive(config, [unresponsive(100), killed(t0 + 9000, SIGTERM)], running(config));
    expect(r.last).toContainEqual({ type: "done", status: { signal: SIGTERM } });
    expect(r.actions).not.toContainEqual({ type: "spawn" } as never);
  });
});

describe("replaced (zero-downtime reload)", () => {
  const running = (config = policy()) => drive(config, [start, spawned(t0, 100), fire("start-secs")]).state;

  test("the machine follows the new pid, and the old child's exit is then ignored", () => {
    const config = policy();
    const r = drive(config, [replaced(200, t0 + 5000)], running(config));
    expect(r.actions).toEqual([]);
    expect(r.state).toMatchObject({ phase: "RUNNING", pid: 200, startedAt: t0 + 5000 });
    const old = drive(config, [{ type: "exited", status: { signal: SIGTERM }, at: t0 + 5100, pid: 100 }], r.state);
    expect(old.state).toBe(r.state);
    // Contrast: the new child's own exit is seen.
    const own = drive(config, [{ type: "exited", status: { code: 1 }, at: t0 + 9000, pid: 200 }], r.state);
    expect(path(own.last)).toEqual(["EXITED"]);
  });

  test("only a RUNNING child can be replaced: a reload that lost a race with an exit or a stop changes nothing", () => {
    const config = policy();
    const starting = drive(config, [start, spawned(t0, 100)]).state;
    expect(drive(config, [replaced(200, t0 + 10)], starting).state).toBe(starting);
    const stopping = drive(config, [stop], running(config)).state;
    expect(drive(config, [replaced(200, t0 + 10)], stopping).state).toBe(stopping);
    const s = running(config);
    expect(drive(config, [replaced(100, t0 + 10)], s).state).toBe(s);
  });

  test("after a replacement, health failures start over and the new child is the one stopped", () => {
    const config = policy({ healthRetries: 2 });
    const bad: Event = { type: "health", ok: false };
    const r = drive(config, [bad, replaced(200, t0 + 5000), bad], running(config));
    expect(r.state.phase).toBe("RUNNING");
    expect(r.state.healthFailures).toBe(1);
  });
});
