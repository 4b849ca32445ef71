import { describe, expect, test } from "bun:test";
import type { Event } from "../../../src/policy/types.ts";
import { drive, exited, fire, path, policy, spawned, start, stop, t0 } from "./drive.ts";

/** n failed starts in a row, each exiting 10 ms after its spawn, the back-off firing between them. */
function failedStarts(n: number, code = 1): Event[] {
  const events: Event[] = [start];
  for (let i = 0; i < n; i++) {
    const at = t0 + i * 100_000;
    events.push(spawned(at, 100 + i), exited(at + 10, code));
    if (i < n - 1) events.push(fire("backoff"));
  }
  return events;
}

describe("BACKOFF and FATAL", () => {
  test("delays grow backoff * factor^(n-1) and stop at backoffMax", () => {
    const r = drive(policy({ backoffMs: 100, backoffFactor: 3, backoffMaxMs: 1000 }), failedStarts(5));
    const delays = r.actions.flatMap((a) => (a.type === "arm" && a.timer === "backoff" ? [a.ms] : []));
    expect(delays).toEqual([100, 300, 900, 1000, 1000]);
  });

  test("maxRetries 3: the third consecutive failed start is FATAL with the child's last status, after 3 spawns", () => {
    const r = drive(policy({ maxRetries: 3 }), failedStarts(3, 7));
    expect(r.actions.filter((a) => a.type === "spawn")).toHaveLength(3);
    expect(path(r.last)).toEqual(["BACKOFF", "FATAL"]);
    expect(r.last).toContainEqual({ type: "done", status: { code: 7 } });
    expect(r.state.armed).toEqual([]);
  });

  test("a good run resets the count: failures after it start over at the first delay", () => {
    const config = policy({ maxRetries: 3 });
    const good: Event[] = [spawned(t0 + 500_000, 200), fire("start-secs"), exited(t0 + 600_000, 1), fire("backoff")];
    const r = drive(config, [...failedStarts(2), fire("backoff"), ...good, spawned(t0 + 700_000, 300), exited(t0 + 700_010)]);
    expect(r.state.phase).toBe("BACKOFF");
    expect(r.state.failures).toBe(1);
    expect(r.last).toContainEqual({ type: "arm", timer: "backoff", ms: 100 });
  });

  test("a start request in BACKOFF changes nothing; a stop drops the retry timer and is done", () => {
    const config = policy();
    const backoff = drive(config, failedStarts(1)).state;
    expect(drive(config, [start], backoff).state).toBe(backoff);
    const r = drive(config, [stop], backoff);
    expect(r.last).toEqual([
      { type: "cancel", timer: "backoff" },
      { type: "state", from: "BACKOFF", to: "STOPPED", reason: "stop requested" },
      { type: "done", status: { code: 1 } },
    ]);
  });

  test("under on-failure a too-quick expected exit is done, not retried; retryFailedStarts retries it as supervisord does", () => {
    const quickZero = [start, spawned(t0), exited(t0 + 10, 0)];
    const r = drive(policy(), quickZero);
    expect(path(r.actions)).toEqual(["STARTING", "EXITED"]);
    expect(r.last).toContainEqual({ type: "done", status: { code: 0 } });
    const sd = drive(policy({ retryFailedStarts: true, restart: "never" }), quickZero);
    expect(sd.state.phase).toBe("BACKOFF");
  });

  test("a start request after FATAL starts again with a fresh count", () => {
    const config = policy({ maxRetries: 2 });
    const fatal = drive(config, failedStarts(2)).state;
    const r = drive(config, [start], fatal);
    expect(path(r.actions)).toEqual(["STARTING"]);
    expect(r.state.failures).toBe(0);
  });
});

describe("rollback", () => {
  const config = policy({ maxRetries: 2, rollback: true });
  const waiting = drive(config, failedStarts(2)).state;

  test("spent retries with a backup ask for a rollback instead of FATAL", () => {
    const r = drive(config, failedStarts(2));
    expect(r.last.at(-1)).toEqual({ type: "rollback" });
    expect(waiting.phase).toBe("BACKOFF");
    expect(waiting.armed).toEqual([]);
  });

  test("rollback-done resets the count and spawns again", () => {
    const r = drive(config, [{ type: "rollback-done" }], waiting);
    expect(path(r.last)).toEqual(["STARTING"]);
    expect(r.last).toContainEqual({ type: "spawn" });
    expect(r.state.failures).toBe(0);
  });

  test("rollback-refused is FATAL with the last status", () => {
    const r = drive(config, [{ type: "rollback-refused" }], waiting);
    expect(path(r.last)).toEqual(["FATAL"]);
    expect(r.last).toContainEqual({ type: "done", status: { code: 1 } });
  });

  test("a stop while waiting for the reply is done, and a late reply is ignored", () => {
    const stopped = drive(config, [stop], waiting).state;
    expect(stopped.phase).toBe("STOPPED");
    const late = drive(config, [{ type: "rollback-done" }], stopped);
    expect(late.state).toBe(stopped);
  });
});
