import { describe, expect, test } from "bun:test";
import fc from "fast-check";
import type { ServiceStatus, Want } from "../../../src/daemontools/status-file.ts";
import { describeStatus } from "../../../src/daemontools/status-text.ts";

const at = (seconds: number, pid: number, paused = false, want: Want = "up"): ServiceStatus => ({
  changedAt: { seconds, nanoseconds: 999_999_999 },
  pid,
  paused,
  want,
});

describe("svstat's text for a status", () => {
  test.each([
    // [pid, normallyUp, paused, want, expected]
    [123, true, false, "up", "up (pid 123) 45 seconds"],
    [123, false, false, "up", "up (pid 123) 45 seconds, normally down"],
    [123, true, true, "up", "up (pid 123) 45 seconds, paused"],
    [123, true, false, "down", "up (pid 123) 45 seconds, want down"],
    [123, false, true, "down", "up (pid 123) 45 seconds, normally down, paused, want down"],
    [123, true, false, "none", "up (pid 123) 45 seconds"],
    [0, true, false, "down", "down 45 seconds, normally up"],
    [0, false, false, "down", "down 45 seconds"],
    [0, false, false, "up", "down 45 seconds, want up"],
    [0, true, false, "up", "down 45 seconds, normally up, want up"],
    [0, true, true, "none", "down 45 seconds, normally up"],
  ] as const)("pid %d normally-up %p paused %p want %s: %s", (pid, normallyUp, paused, want, expected) => {
    expect(describeStatus(at(1000, pid, paused, want), normallyUp, 1045)).toBe(expected);
  });

  test("the age counts whole seconds and ignores the stamp's nanoseconds", () => {
    expect(describeStatus(at(1000, 1), true, 1000.99)).toBe("up (pid 1) 0 seconds");
    expect(describeStatus(at(1000, 1), true, 1001)).toBe("up (pid 1) 1 seconds");
  });

  test("a change stamped in the future reads as 0 seconds", () => {
    expect(describeStatus(at(5000, 0, false, "down"), false, 1000)).toBe("down 0 seconds");
  });

  test("paused is only ever shown for a running service, want up only for a stopped one", () => {
    fc.assert(fc.property(
      fc.nat(), fc.boolean(), fc.boolean(), fc.constantFrom<Want>("up", "down", "none"),
      (pid, normallyUp, paused, want) => {
        const text = describeStatus(at(0, pid, paused, want), normallyUp, 10);
        expect(text.includes(", paused")).toBe(pid !== 0 && paused);
        expect(text.includes(", want up")).toBe(pid === 0 && want === "up");
        expect(text.includes(", want down")).toBe(pid !== 0 && want === "down");
        expect(text.startsWith(pid ? `up (pid ${pid}) 10 seconds` : "down 10 seconds")).toBe(true);
      },
    ));
  });
});
