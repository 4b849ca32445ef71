import { describe, expect, test } from "bun:test";
import { constants } from "node:os";
import { drive, exited, fire, killed, path, policy, spawned, start, stop, t0 } from "./drive.ts";

const { SIGTERM } = constants.signals;
const config = policy();
const running = drive(config, [start, spawned(t0), fire("start-secs")]).state;
const stopping = drive(config, [stop], running).state;

describe("STOPPING", () => {
  test("the stop timeout sends KILL to the group and keeps waiting for the exit", () => {
    const r = drive(config, [fire("stop-timeout")], stopping);
    expect(r.last).toEqual([{ type: "kill-group" }]);
    expect(r.state.phase).toBe("STOPPING");
    expect(r.state.armed).toEqual([]);
  });

  test("the child's exit ends in STOPPED, done with its status, stop-timeout cancelled", () => {
    const r = drive(config, [killed(t0 + 9000, SIGTERM)], stopping);
    expect(r.last).toEqual([
      { type: "cancel", timer: "stop-timeout" },
      { type: "state", from: "STOPPING", to: "STOPPED", reason: "stopped (signal 15)" },
      { type: "done", status: { signal: SIGTERM } },
    ]);
    expect(r.state.pid).toBeNull();
    expect(r.state.armed).toEqual([]);
  });

  test("a start while stopping starts again once the child is gone", () => {
    const r = drive(config, [start, exited(t0 + 9000, 0)], stopping);
    expect(path(r.actions)).toEqual(["STOPPED", "STARTING"]);
    expect(r.actions.some((a) => a.type === "done")).toBe(false);
    expect(r.last).toContainEqual({ type: "spawn" });
  });

  test("a once start while stopping (svc -d then -o) starts nothing after the exit, even after a plain start", () => {
    for (const events of [[{ type: "start", once: true }], [start, { type: "start", once: true }]] as const) {
      const r = drive(config, [...events, exited(t0 + 9000, 0)], stopping);
      expect(path(r.actions)).toEqual(["STOPPED"]);
      expect(r.actions).not.toContainEqual({ type: "spawn" });
    }
  });

  test("a second stop after such a start cancels the restart", () => {
    const r = drive(config, [start, stop, exited(t0 + 9000, 0)], stopping);
    expect(path(r.actions)).toEqual(["STOPPED"]);
    expect(r.actions).not.toContainEqual({ type: "spawn" });
  });

  test("a stale stop-timeout fire after the exit is ignored", () => {
    const stopped = drive(config, [exited(t0 + 9000, 0)], stopping).state;
    const r = drive(config, [fire("stop-timeout")], stopped);
    expect(r.state).toBe(stopped);
    expect(r.last).toEqual([]);
  });
});

describe("EXITED", () => {
  const pending = drive(config, [exited(t0 + 9000, 1)], running).state;
  const final = drive(config, [exited(t0 + 9000, 0)], running).state;

  test("a stop while a restart is pending cancels it and is done", () => {
    const r = drive(config, [stop], pending);
    expect(path(r.last)).toEqual(["STOPPED"]);
    expect(r.last).toContainEqual({ type: "cancel", timer: "backoff" });
    expect(r.last).toContainEqual({ type: "done", status: { code: 1 } });
  });

  test("a start while a restart is pending starts at once", () => {
    const r = drive(config, [start], pending);
    expect(r.last).toEqual([
      { type: "cancel", timer: "backoff" },
      { type: "state", from: "EXITED", to: "STARTING", reason: "start requested" },
      { type: "spawn" },
    ]);
  });

  test("an EXITED that is done ignores stop and deadline, and restarts on start", () => {
    expect(drive(config, [stop, { type: "deadline" }], final).state).toBe(final);
    expect(path(drive(config, [start], final).last)).toEqual(["STARTING"]);
  });
});

describe("deadline", () => {
  test("while RUNNING: stop the group, and when it is gone STOPPED with 124, never restarted", () => {
    const r = drive(policy({ restart: "always" }), [{ type: "deadline" }, killed(t0 + 2000, SIGTERM)], running);
    expect(path(r.actions)).toEqual(["STOPPING", "STOPPED"]);
    expect(r.last).toContainEqual({ type: "done", status: { code: 124 } });
    expect(r.actions).not.toContainEqual({ type: "spawn" });
  });

  test("in BACKOFF: drop the retry, done 124 at once", () => {
    const backoff = drive(config, [start, spawned(t0), exited(t0 + 10)]).state;
    const r = drive(config, [{ type: "deadline" }], backoff);
    expect(r.last).toEqual([
      { type: "cancel", timer: "backoff" },
      { type: "state", from: "BACKOFF", to: "STOPPED", reason: "deadline reached" },
      { type: "done", status: { code: 124 } },
    ]);
  });

  test("during a requested stop, the deadline turns the final status into 124", () => {
    const r = drive(config, [{ type: "deadline" }, exited(t0 + 9000, 0)], stopping);
    expect(r.last).toContainEqual({ type: "done", status: { code: 124 } });
  });

  test("a stop during a deadline stop keeps 124", () => {
    const dl = drive(config, [{ type: "deadline" }], running).state;
    const r = drive(config, [stop, exited(t0 + 9000, 0)], dl);
    expect(r.last).toContainEqual({ type: "done", status: { code: 124 } });
  });

  test("a deadline while the spawn is pending stops the child as soon as it exists", () => {
    const r = drive(config, [start, { type: "deadline" }, spawned(t0)]);
    expect(r.last.map((a) => a.type)).toEqual(["signal", "signal", "arm"]);
    const failed = drive(config, [start, { type: "deadline" }, { type: "spawn-failed", status: 127, at: t0 }]);
    expect(failed.last).toContainEqual({ type: "done", status: { code: 124 } });
  });
});
