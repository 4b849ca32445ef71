import { describe, expect, test } from "bun:test";
import { constants } from "node:os";
import type { Event } from "../../../src/policy/types.ts";
import { drive, exited, fire, killed, path, policy, spawned, start, stop, t0 } from "./drive.ts";

const { SIGTERM } = constants.signals;
const bad: Event = { type: "health", ok: false };
const good: Event = { type: "health", ok: true };
const running = (config = policy({ healthRetries: 3 })) => drive(config, [start, spawned(t0), fire("start-secs")]).state;

describe("health", () => {
  test("healthRetries consecutive failures stop the group; the exit is a failed start, retried after the first delay", () => {
    const config = policy({ healthRetries: 3 });
    const r = drive(config, [bad, bad], running(config));
    expect(r.actions.filter((a) => a.type !== "state")).toEqual([]);
    const r3 = drive(config, [bad], r.state);
    expect(path(r3.last)).toEqual(["STOPPING"]);
    expect(r3.last).toContainEqual({ type: "signal", signal: SIGTERM, target: "group" });
    const after = drive(config, [exited(t0 + 60_000, 0)], r3.state);
    expect(path(after.last)).toEqual(["BACKOFF"]);
    expect(after.state.failures).toBe(1);
    expect(after.last).toContainEqual({ type: "arm", timer: "backoff", ms: 100 });
  });

  // One run that is up for startSecs, then fails every check until stopped.
  const unhealthyRun = (at: number): Event[] => [spawned(at), fire("start-secs"), bad, exited(at + 5000, 0)];

  test("runs that reach RUNNING but keep failing their checks go FATAL after maxRetries, with grown delays", () => {
    const config = policy({ healthRetries: 1, maxRetries: 3 });
    const r = drive(config, [start, ...unhealthyRun(t0), fire("backoff"), ...unhealthyRun(t0 + 10_000), fire("backoff"), ...unhealthyRun(t0 + 20_000)]);
    const delays = r.actions.flatMap((a) => (a.type === "arm" && a.timer === "backoff" ? [a.ms] : []));
    expect(delays).toEqual([100, 200]);
    expect(r.state.phase).toBe("FATAL");
    expect(r.last).toContainEqual({ type: "done", status: { code: 0 } });
    // Contrast: the same runs with a passed check in each start over every time and never give up.
    const healed = drive(config, [start, spawned(t0), fire("start-secs"), good, bad, exited(t0 + 5000, 0)]);
    const again = drive(config, [fire("backoff"), spawned(t0 + 10_000), fire("start-secs"), good, bad, exited(t0 + 15_000, 0)], healed.state);
    expect(again.state.phase).toBe("BACKOFF");
    expect(again.state.failures).toBe(1);
  });

  test("with health checks, RUNNING alone does not reset the count; a run that exits on its own does", () => {
    const config = policy({ healthRetries: 1, maxRetries: 5, restart: "always" });
    const r = drive(config, [start, ...unhealthyRun(t0), fire("backoff"), spawned(t0 + 10_000), fire("start-secs")]);
    expect(r.state.phase).toBe("RUNNING");
    expect(r.state.failures).toBe(1);
    const ended = drive(config, [exited(t0 + 60_000, 1)], r.state);
    expect(path(ended.last)).toEqual(["EXITED"]);
    expect(ended.state.failures).toBe(0);
  });

  test("a success in between starts the count over", () => {
    const config = policy({ healthRetries: 3 });
    const r = drive(config, [bad, bad, good, bad, bad], running(config));
    expect(r.state.phase).toBe("RUNNING");
    expect(r.state.healthFailures).toBe(2);
  });

  test("an unhealthy stop counts as a failure even when the exit code is expected, but never restarts under never", () => {
    const config = policy({ healthRetries: 1, restart: "never" });
    const r = drive(config, [bad, killed(t0 + 60_000, SIGTERM)], running(config));
    expect(r.last).toContainEqual({ type: "done", status: { signal: SIGTERM } });
    expect(r.actions).not.toContainEqual({ type: "spawn" });
  });

  test("a stop request during an unhealthy stop ends in STOPPED with no restart", () => {
    const config = policy({ healthRetries: 1 });
    const r = drive(config, [bad, stop, exited(t0 + 60_000, 0)], running(config));
    expect(path(r.actions)).toEqual(["STOPPING", "STOPPED"]);
    expect(r.state.armed).toEqual([]);
  });

  test("without healthRetries, and outside RUNNING, health results are ignored", () => {
    const none = policy();
    const s = running(none);
    expect(drive(none, [bad, bad, bad, bad], s).state).toBe(s);
    const config = policy({ healthRetries: 1 });
    const starting = drive(config, [start, spawned(t0)]).state;
    expect(drive(config, [bad], starting).state).toBe(starting);
  });

  test("a paused child (SIGSTOP) is not judged by health", () => {
    const config = policy({ healthRetries: 1 });
    const r = drive(config, [{ type: "child-stopped" }, bad], running(config));
    expect(r.state.phase).toBe("RUNNING");
    const resumed = drive(config, [{ type: "child-continued" }, bad], r.state);
    expect(resumed.state.phase).toBe("STOPPING");
  });
});

describe("child-stopped / child-continued", () => {
  test("never count as an exit: no actions, only `paused` changes", () => {
    const config = policy();
    const s = running(config);
    const r = drive(config, [{ type: "child-stopped" }], s);
    expect(r.actions).toEqual([]);
    expect(r.state).toEqual({ ...s, paused: true });
    expect(drive(config, [{ type: "child-continued" }], r.state).state).toEqual(s);
  });

  test("are ignored when there is no child", () => {
    const config = policy();
    const backoff = drive(config, [start, spawned(t0), exited(t0 + 1)]).state;
    expect(drive(config, [{ type: "child-stopped" }], backoff).state).toBe(backoff);
  });
});

describe("start once (svc -o)", () => {
  test("a once start is not restarted after an unexpected exit", () => {
    const config = policy({ restart: "always" });
    const r = drive(config, [{ type: "start", once: true }, spawned(t0), fire("start-secs"), exited(t0 + 5000, 1)]);
    expect(r.last).toContainEqual({ type: "done", status: { code: 1 } });
  });

  test("a plain start while running clears once, so the program is kept up", () => {
    const config = policy({ restart: "always" });
    const r = drive(config, [{ type: "start", once: true }, spawned(t0), start, fire("start-secs"), exited(t0 + 5000, 1)]);
    expect(r.state.armed).toEqual(["backoff"]);
  });

  test("a once start while running makes this run the last: its exit is not restarted", () => {
    const config = policy({ restart: "always" });
    const r = drive(config, [start, spawned(t0), fire("start-secs"), { type: "start", once: true }, exited(t0 + 5000, 1)]);
    expect(r.state.phase).toBe("EXITED");
    expect(r.state.armed).toEqual([]);
    expect(r.last).toContainEqual({ type: "done", status: { code: 1 } });
  });
});

describe("ready", () => {
  test("is ignored without needsReady, and before the child is spawned", () => {
    const plain = policy();
    const s = drive(plain, [start, spawned(t0)]).state;
    expect(drive(plain, [{ type: "ready" }], s).state).toBe(s);
    const config = policy({ needsReady: true });
    const pending = drive(config, [start]).state;
    expect(drive(config, [{ type: "ready" }], pending).state).toBe(pending);
  });

  test("with needsReady, an exit before ready is a failed start however long it ran", () => {
    const config = policy({ needsReady: true });
    const r = drive(config, [start, spawned(t0), exited(t0 + 3_600_000, 0)]);
    expect(r.state.phase).toBe("EXITED");
    expect(path(r.actions)).toEqual(["STARTING", "EXITED"]);
    const always = drive(policy({ needsReady: true, restart: "always" }), [start, spawned(t0), exited(t0 + 3_600_000, 0)]);
    expect(always.state.phase).toBe("BACKOFF");
  });
});
