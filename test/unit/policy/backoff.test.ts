import { describe, expect, test } from "bun:test";
import fc from "fast-check";
import { computeBackoffDelay, computeRestartDelay } from "../../../src/policy/backoff.ts";
import { policy } from "./drive.ts";

describe("computeBackoffDelay", () => {
  test("grows backoff * factor^(n-1) from the first delay and stops at the cap", () => {
    const config = policy({ backoffMs: 1000, backoffFactor: 2, backoffMaxMs: 60_000 });
    expect([1, 2, 3, 4, 5, 6, 7, 8].map((n) => computeBackoffDelay(config, n))).toEqual([1000, 2000, 4000, 8000, 16_000, 32_000, 60_000, 60_000]);
  });

  test("factor 1 is a constant delay, as daemontools' one second", () => {
    const config = policy({ backoffMs: 1000, backoffFactor: 1, backoffMaxMs: 60_000 });
    expect([1, 10, 1000].map((n) => computeBackoffDelay(config, n))).toEqual([1000, 1000, 1000]);
  });

  test("linear growth is supervisord's 1 s, 2 s, 3 s..., capped", () => {
    const config = policy({ backoffMs: 1000, backoffGrowth: "linear", backoffFactor: 5, backoffMaxMs: 3500 });
    expect([1, 2, 3, 4, 5].map((n) => computeBackoffDelay(config, n))).toEqual([1000, 2000, 3000, 3500, 3500]);
  });

  test("a zero back-off stays zero however many failures, even when factor^n overflows", () => {
    expect(computeBackoffDelay(policy({ backoffMs: 0, backoffFactor: 4 }), 10_000)).toBe(0);
  });

  test("is never above the cap, never negative, never NaN, and never shrinks as failures grow", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 10_000 }),
        fc.double({ min: 1, max: 10, noNaN: true }),
        fc.integer({ min: 0, max: 100_000 }),
        fc.integer({ min: 1, max: 5000 }),
        (backoffMs, backoffFactor, backoffMaxMs, n) => {
          const config = policy({ backoffMs, backoffFactor, backoffMaxMs });
          const d = computeBackoffDelay(config, n);
          expect(d >= 0 && d <= backoffMaxMs).toBe(true);
          expect(computeBackoffDelay(config, n + 1)).toBeGreaterThanOrEqual(d);
          expect(computeBackoffDelay(config, 1)).toBe(Math.min(backoffMs, backoffMaxMs));
        },
      ),
    );
  });
});

describe("computeRestartDelay", () => {
  test("is the first back-off delay, or restartDelayMs when given, capped", () => {
    expect(computeRestartDelay(policy({ backoffMs: 700 }))).toBe(700);
    expect(computeRestartDelay(policy({ backoffMs: 700, restartDelayMs: 0 }))).toBe(0);
    expect(computeRestartDelay(policy({ backoffMs: 700, restartDelayMs: 5000, backoffMaxMs: 1000 }))).toBe(1000);
  });
});
