import { describe, expect, test } from "bun:test";
import { constants } from "node:os";
import { DEFAULT_POLICY, resolvePolicyConfig } from "../../../src/policy/config.ts";
import { UsageError } from "../../../src/errors.ts";

describe("resolvePolicyConfig", () => {
  test("fills SPEC section 2's defaults", () => {
    const c = resolvePolicyConfig();
    expect(c).toEqual(DEFAULT_POLICY);
    expect(c).toMatchObject({ restart: "on-failure", exitCodes: [0], startSecsMs: 1000, backoffMs: 1000, backoffFactor: 2 });
    expect(c).toMatchObject({ backoffMaxMs: 60_000, maxRetries: Infinity, stopSignal: constants.signals.SIGTERM, stopTimeoutMs: 10_000 });
  });

  test("keeps what is given", () => {
    expect(resolvePolicyConfig({ maxRetries: 3, rollback: true }).maxRetries).toBe(3);
  });

  const bad: [string, Record<string, unknown>, RegExp][] = [
    ["restart", { restart: "sometimes" }, /^policy restart: 'sometimes'/],
    ["exitCodes", { exitCodes: [0, 256] }, /^policy exitCodes: 256 /],
    ["maxRetries 0", { maxRetries: 0 }, /^policy maxRetries: 0 /],
    ["maxRetries fraction", { maxRetries: 1.5 }, /^policy maxRetries: 1.5 is not a whole number/],
    ["backoffFactor below 1", { backoffFactor: 0.5 }, /^policy backoffFactor: 0.5 /],
    ["negative backoff", { backoffMs: -1 }, /^policy backoffMs: -1 /],
    ["NaN start-secs", { startSecsMs: NaN }, /^policy startSecsMs: NaN /],
    ["infinite backoffMax", { backoffMaxMs: Infinity }, /^policy backoffMaxMs: Infinity /],
    ["signal 0", { stopSignal: 0 }, /^policy stopSignal: 0 /],
  ];
  for (const [what, given, message] of bad) {
    test(`rejects ${what} with one line naming the field`, () => {
      let error: unknown;
      try {
        resolvePolicyConfig(given);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(UsageError);
      expect((error as Error).message).toMatch(message);
      expect((error as Error).message).not.toContain("\n");
    });
  }
});
